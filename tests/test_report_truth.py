"""Issue 17, the report that says the truth: verdicts follow the numbers, a report of the plan alone
before any run, plurals and minutes as people say them, Indonesian numbers, and a page that fits a
phone (390 px) and a computer (1280 px), measured in real Chromium as the calendar is."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser

from report_journal import fill, fill_readings
from scheduler.cli import cli
from scheduler.comments.stats import WeekStats
from scheduler.i18n import set_language
from scheduler.plan import load_plan
from scheduler.runtime.journal import Journal
from scheduler.views.report import TargetProgress, _actual_r2, _actual_r4, _actual_r5, Streak
from test_calendar_phone import measure

ROOT = Path(__file__).resolve().parents[1]
KOPI = ROOT / "plans" / "kopi-senja.toml"
NOW = datetime(2026, 12, 20, 12, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
MONDAY = date(2026, 12, 7)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def test_a_target_moving_away_from_its_goal_is_not_ok_even_without_a_line() -> None:
    """The issue's "OK next to -8500% of the way": a target whose deadline is its start has no line."""
    away = TargetProgress("reach", None, 1000, 1100, date(2026, 12, 1), date(2026, 12, 1), "up",
                          [(date(2026, 12, 5), -7500.0)])
    assert away.progress == pytest.approx(-85.0) and away.on_track is False
    text, ok = _actual_r2([away])
    assert ok is False and "-8,500% of the way to 1,100, behind the line" in text
    reached = TargetProgress("reach", None, 1000, 1100, date(2026, 12, 1), date(2026, 12, 1), "up",
                             [(date(2026, 12, 5), 1200.0)])
    halfway = TargetProgress("reach", None, 1000, 1100, date(2026, 12, 1), date(2026, 12, 1), "up",
                             [(date(2026, 12, 5), 1050.0)])
    assert _actual_r2([reached])[1] is True and _actual_r2([halfway])[1] is None  # no line: judged at the goal


def test_an_answer_later_than_reply_within_breaks_r4_and_minutes_are_minutes() -> None:
    late = {"ig": [WeekStats("ig", MONDAY, received=3, answered=3, within_sla=2,
                             median_response=timedelta(minutes=3), slowest_response=timedelta(hours=5))]}
    text, ok = _actual_r4(late, timedelta(hours=4))
    assert ok is False
    assert text == ("3 of 3 comments answered (100%); median weekly time to answer 3 minutes. 1 answer came later "
                    "than 4 hours (engagement.reply_within).")
    on_time = {"ig": [WeekStats("ig", MONDAY, 1, 1, 1, timedelta(minutes=3), timedelta(minutes=3))]}
    assert _actual_r4(on_time, timedelta(hours=4)) == (
        "1 of 1 comment answered (100%); median weekly time to answer 3 minutes.", True)
    set_language("id")
    text, _ok = _actual_r4(late, timedelta(hours=4))
    assert "3 menit" in text and "4 jam" in text and "minutes" not in text


def test_days_have_their_plural_and_no_day_s() -> None:
    text, _ok = _actual_r5(Streak(current=1, longest=1, below=1), 1)
    assert text == "Posting streak 1 day, longest 1 day; 1 day below 1 post per account."
    assert "(s)" not in _actual_r5(Streak(current=3, longest=9, below=2), 2)[0]


def test_a_report_of_the_plan_alone_before_any_run(tmp_path: Path) -> None:
    """No journal yet: no error, the planned mix per week and the posts per day, nothing judged."""
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(KOPI), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert "No journal yet (the daemon has not run): the plan alone." in result.output
    assert "ig: week of 2026-11-30: 19%, week of 2026-12-07: 17%" in result.output
    assert "Planned posts per day: " in result.output and ": OK" not in result.output
    html = out.read_text(encoding="utf-8")
    assert 'data-testid="planned-only"' in html and "Posts planned per day" in html
    assert "Share of each type among the posts planned that week" in html


def test_the_report_speaks_indonesian_with_its_numbers(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    plan = load_plan(KOPI)
    with Journal(state) as journal:
        fill(journal, plan, NOW, failed=(plan.posts[5].id,), missed_day=9)
    out = tmp_path / "laporan.html"
    result = CliRunner().invoke(cli, ["--lang", "id", "report", str(KOPI), "--state", str(state), "--as-of",
                                      NOW.isoformat(), "--html", str(out)])
    set_language("en")
    assert result.exit_code == 0, result.output
    assert "Rentetan posting 9 hari, terpanjang 9 hari" in result.output
    assert "1.428" in result.output  # followers, grouped the Indonesian way
    html = out.read_text(encoding="utf-8")
    assert 'lang="id"' in html and "Ringkasan" in html and "maksimal 20%" in html
    for english in ("Summary", "planned line", "Posts per day by outcome", "of the way", "days below"):
        assert english not in html, english


@pytest.mark.e2e
def test_the_report_fits_a_phone_and_a_computer(browser: Browser, tmp_path: Path) -> None:
    """Kopi Senja's report with every section (targets, mix, days, answers, audience) in both languages:
    no horizontal scroll, nothing wider than its box, no word broken inside, at 390 and 1280 px."""
    state = tmp_path / "state.db"
    plan = load_plan(KOPI)
    with Journal(state) as journal:
        fill(journal, plan, NOW, failed=(plan.posts[5].id,), missed_day=9)
        fill_readings(journal, plan, NOW)
    for lang in ("en", "id"):
        out = tmp_path / f"report-{lang}.html"
        result = CliRunner().invoke(cli, ["--lang", lang, "report", str(KOPI), "--state", str(state), "--as-of",
                                          NOW.isoformat(), "--html", str(out)])
        set_language("en")
        assert result.exit_code == 0, result.output
        for width in (390, 1280):
            page, found = measure(browser, out, width)
            try:
                verdict = page.get_by_test_id("rule-R1").locator("td").last.bounding_box()
                assert verdict is not None and verdict["x"] + verdict["width"] <= width, (lang, width, verdict)
                assert found == {"scroll": 0, "overflowing": [], "broken": []}, (lang, width, found)
            finally:
                page.context.close()
