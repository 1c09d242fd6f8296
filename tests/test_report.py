"""The five-rule report: data built from a real journal, the JSON and text outputs, the page in Chromium."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page, expect

from report_journal import fill
from scheduler.cli import cli
from scheduler.errors import StateError
from scheduler.runtime.journal import Journal
from scheduler.plan import load_plan
from scheduler.rules.registry import check_plan
from scheduler.views import report as report_view
from test_calendar import artifact, open_offline

ROOT = Path(__file__).resolve().parents[1]
KOPI = ROOT / "plans" / "kopi-senja.toml"
JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 12, 20, 12, 0, tzinfo=JAKARTA)
MONDAYS = [date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 14), date(2026, 12, 21), date(2026, 12, 28)]


@pytest.fixture
def state(tmp_path: Path) -> Path:
    """Kopi Senja's journal on 20 December, noon: everything before published, except one failed post
    (the 6th) and every post of 10 December (missed); comments and followers measured each day."""
    plan = load_plan(KOPI)
    path = tmp_path / "state.db"
    with Journal(path) as journal:
        fill(journal, plan, NOW, failed=(plan.posts[5].id,), missed_day=9)
    return path


def build(state: Path) -> report_view.Report:
    plan = load_plan(KOPI)
    with Journal(state) as journal:
        return report_view.build(plan, journal, check_plan(plan), now=NOW)


def test_days_streak_and_outcomes(state: Path) -> None:
    report = build(state)
    plan = report.plan
    assert [d.day for d in report.days] == plan.days and len(report.days) == 31
    by_day = {d.day: d for d in report.days}
    failed_day = plan.posts[5].day
    assert by_day[failed_day].failed == 1 and by_day[failed_day].published == by_day[failed_day].planned - 1
    assert by_day[date(2026, 12, 10)].missed == by_day[date(2026, 12, 10)].planned > 0
    assert by_day[date(2026, 12, 10)].met is False and by_day[date(2026, 12, 10)].published == 0
    assert by_day[date(2026, 12, 25)].met is None and by_day[date(2026, 12, 25)].open == by_day[date(2026, 12, 25)].planned
    # 11..19 December met the minimum (the 20th is not over and has not reached it by noon)
    assert report.streak.current == 9
    assert report.streak.below == sum(1 for d in report.days if d.met is False)
    assert sum(d.published for d in report.days) == sum(1 for p in plan.posts if p.at < NOW) - 1 - by_day[
        date(2026, 12, 10)].planned


def test_mix_targets_and_answers_per_week(state: Path) -> None:
    report = build(state)
    assert report.weeks == MONDAYS
    weeks = report.mix["ig"]
    assert [w.week for w in weeks] == MONDAYS
    assert weeks[3].total == 0 and weeks[3].selling_share is None  # nothing published yet in the week of the 21st
    assert weeks[1].total == sum(weeks[1].published.values()) > 0
    assert all(w.selling_share <= 0.2 for w in weeks if w.selling_share is not None)
    followers = report.targets[0]
    assert followers.metric == "followers" and followers.baseline == 1200 and followers.goal == 1500
    assert followers.latest == (date(2026, 12, 19), 1200 + 12 * 19)  # measured at 21:00; the 20th not yet
    assert followers.expected(date(2026, 12, 31)) == 1500 and followers.on_track is True
    answered = report.responses["ig"]
    assert [w.week for w in answered] == MONDAYS
    first, second = answered[0], answered[1]
    assert first.received > 0 and first.median_response == timedelta(hours=1, minutes=30)
    assert second.median_response == timedelta(hours=2, minutes=30)
    assert 0.5 < first.response_rate < 1.0  # every first comment answered, the second one on even days
    assert answered[4].received == 0 and answered[4].response_rate is None
    rules = {r.id: r for r in report.rules}
    assert list(rules) == ["R1", "R2", "R3", "R4", "R5"]
    assert rules["R5"].ok is False and "streak 9 days, longest 9 days; 1 day below 2 posts" in rules["R5"].actual
    assert rules["R3"].ok is True and rules["R4"].ok is False


def test_json_and_human_output(state: Path) -> None:
    runner = CliRunner()
    args = ["report", str(KOPI), "--state", str(state), "--as-of", NOW.isoformat()]
    result = runner.invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["id"] for r in data["rules"]] == ["R1", "R2", "R3", "R4", "R5"]
    assert len(data["consistency"]["days"]) == 31 and data["consistency"]["streak"]["current"] == 9
    assert [w["week"] for w in data["mix"]["weeks"]["ig"]] == [m.isoformat() for m in MONDAYS]
    assert data["targets"][0]["latest"] == {"date": "2026-12-19", "value": 1428.0}
    assert data["engagement"]["weeks"]["ig"][0]["median_response_seconds"] == 5400
    human = runner.invoke(cli, args)
    assert human.exit_code == 0
    assert "R3 too-much-selling (Terlalu Banyak Jualan / Too much selling): OK" in human.output
    assert "Posting streak 9 days, longest 9 days" in human.output
    missing = runner.invoke(cli, ["report", str(KOPI), "--state", str(state.parent / "nope.db")])
    assert isinstance(missing.exception, StateError) and "no state database" in missing.exception.message


@pytest.mark.e2e
def test_report_page_charts_in_chromium(state: Path, page: Page, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(KOPI), "--state", str(state), "--as-of", NOW.isoformat(),
                                      "--html", str(out)])
    assert result.exit_code == 0, result.output
    requests = open_offline(page, out)
    expect(page.get_by_test_id("rules").get_by_role("row")).to_have_count(6)  # header + five rules
    expect(page.get_by_test_id("rule-R5")).to_contain_text("not met")
    expect(page.get_by_test_id("rule-R3")).to_contain_text("Terlalu Banyak Jualan")
    mix = page.get_by_test_id("chart-mix-ig")
    expect(mix.locator("g.bar")).to_have_count(len(MONDAYS))  # one bar per week
    expect(mix.locator("g.bar").nth(3).locator("rect")).to_have_count(0)  # nothing published yet that week
    expect(page.get_by_test_id("chart-days").locator("g.bar")).to_have_count(31)  # one per day
    shares = page.get_by_test_id("shares-ig")
    expect(shares.locator("tbody tr")).to_have_count(5)  # one row per type
    expect(shares.get_by_role("row", name="promo")).to_contain_text("at most 20%")
    expect(shares.get_by_role("row", name="education")).to_contain_text("at least 30%")
    expect(page.get_by_test_id("chart-response-ig").locator("g.bar")).to_have_count(len(MONDAYS))
    expect(page.get_by_test_id("chart-target-0").locator("g.line")).to_have_count(2)  # planned and measured
    expect(page.get_by_test_id("streak")).to_have_text("9 days")
    box = mix.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 100
    page.screenshot(path=str(artifact(tmp_path, "report-kopi-senja.png")), full_page=True)
    page.emulate_media(media="print")
    expect(mix).to_be_visible()
    page.pdf(path=str(tmp_path / "report.pdf"))
    assert (tmp_path / "report.pdf").stat().st_size > 10_000
    assert requests == [out.as_uri()], f"the page fetched more than itself: {requests}"


@pytest.mark.e2e
@pytest.mark.slow
def test_report_after_a_real_daemon_run(tmp_path: Path, page: Page) -> None:
    """The real daemon publishes three posts on the sandbox; a real comment check reads the
    account's followers; the report shows exactly that."""
    import subprocess
    from datetime import timezone
    from zoneinfo import ZoneInfo

    from daemon_helpers import JADWAL, DaemonProcess, SandboxProcess, login, plan_toml, wait_until, zone_near_noon

    sandbox = SandboxProcess(tmp_path / "sandbox")
    try:
        plan, state = tmp_path / "plan.toml", tmp_path / "state" / "state.db"
        start = datetime.now(timezone.utc).replace(microsecond=0)
        times = [start + timedelta(seconds=s) for s in (6, 9, 12)]
        zone = zone_near_noon(start)  # the three posts on one day of the plan at any hour
        day = start.astimezone(ZoneInfo(zone)).date()
        plan.write_text(plan_toml(times, url=sandbox.url, session=tmp_path / "sessions" / "ig.json",
                                  tag="REPORT-", zone=zone), encoding="utf-8")
        login(plan)
        daemon = DaemonProcess(plan, state, tmp_path / "daemon.log")
        try:
            wait_until(lambda: len(sandbox.posts("REPORT-")) >= 3, 60, "three posts on the site", log=daemon.text)
            assert daemon.stop() == 0
        finally:
            if daemon.proc.poll() is None:
                daemon.kill()
        checked = subprocess.run([*JADWAL, "inbox", str(plan), "--state", str(state), "--check"],
                                 capture_output=True, text=True, timeout=120)
        assert checked.returncode == 0, checked.stderr
        out = tmp_path / "report.html"
        result = subprocess.run([*JADWAL, "report", str(plan), "--state", str(state), "--format", "json",
                                 "--html", str(out)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
    finally:
        sandbox.close()
    data = json.loads(result.stdout)
    days = data["consistency"]["days"]
    assert [(d["date"], d["planned"], d["published"], d["failed"], d["missed"]) for d in days] == [
        (day.isoformat(), 3, 3, 0, 0)]
    followers = data["targets"][0]
    assert followers["metric"] == "followers" and followers["latest"]["value"] == 0.0  # a fresh sandbox account
    assert data["rules"][0]["actual"].startswith("3 of 3 planned posts published")
    requests = open_offline(page, out)
    expect(page.get_by_test_id("chart-days").locator("g.bar")).to_have_count(1)
    expect(page.get_by_test_id("chart-days").locator("g.bar title")).to_have_text(
        f"{day:%d %b} / published: 3")
    assert requests == [out.as_uri()]


def test_plan_text_in_the_report_page_is_escaped(tmp_path: Path) -> None:
    plan_file = tmp_path / "kopi.toml"
    plan_file.write_text(KOPI.read_text(encoding="utf-8").replace(
        'name = "Kopi Senja, Desember 2026"', 'name = "Kopi <script>alert(1)</script> & Senja"'), encoding="utf-8")
    (tmp_path / "media").symlink_to(KOPI.parent / "media")
    state = tmp_path / "state.db"
    Journal(state).close()
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(plan_file), "--state", str(state), "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "Kopi &lt;script&gt;alert(1)&lt;/script&gt; &amp; Senja" in html


def test_a_week_over_the_selling_limit_is_marked(tmp_path: Path) -> None:
    from scheduler.views import report_html

    plan = load_plan(ROOT / "plans" / "broken" / "r3-too-much-selling.toml")
    after = datetime(2026, 12, 20, tzinfo=JAKARTA)
    with Journal(tmp_path / "state.db") as journal:
        fill(journal, plan, after)
        data = report_view.build(plan, journal, check_plan(plan), now=after)
    r3 = next(r for r in data.rules if r.id == "R3")
    assert r3.ok is False and r3.errors >= 1 and "over 20%" in r3.actual
    html = report_html.render(data)
    assert '<td class="off">33%</td>' in html  # 4 promos of the 12 posts from Tuesday 1 to Sunday 6 December


def test_a_selling_type_is_allowed_no_more_than_max_selling(tmp_path: Path) -> None:
    from scheduler.views import report_html

    plan_file = tmp_path / "kopi.toml"
    plan_file.write_text(KOPI.read_text(encoding="utf-8").replace("max = 0.2", "max = 0.5", 1), encoding="utf-8")
    (tmp_path / "media").symlink_to(KOPI.parent / "media")
    plan = load_plan(plan_file)
    assert plan.types["promo"].max == 0.5 and plan.mix.max_selling == 0.2
    with Journal(tmp_path / "state.db") as journal:
        html = report_html.render(report_view.build(plan, journal, check_plan(plan), now=NOW))
    assert re.search(r"promo</th>\s*<td>at most 20%</td>", html)  # the selling limit is the tighter one


def test_a_target_chart_of_a_small_rate_scales_to_its_values() -> None:
    from scheduler.views.svg import Series, line_chart

    days = [date(2026, 12, 1), date(2026, 12, 10), date(2026, 12, 20)]
    chart = line_chart("chart-target-0", "engagement_rate", days[0], date(2026, 12, 31),
                       [(Series("measured", "#000", [0.021, 0.034, 0.048]), days)])
    ticks = [float(t) for t in re.findall(r'class="ytick">([^<]*)<', chart)]
    assert ticks[0] <= 0.021 and 0.048 <= ticks[-1] <= 0.1  # not 0 to 4 with the line flat at the bottom


def test_the_figures_of_a_small_rate_target_keep_their_decimals(tmp_path: Path) -> None:
    from scheduler.views import report_html

    plan_file = tmp_path / "kopi.toml"
    plan_file.write_text(KOPI.read_text(encoding="utf-8").replace('metric = "followers"', 'metric = "engagement_rate"')
                         .replace("baseline = 1200", "baseline = 0.02").replace("goal = 1500", "goal = 0.05"),
                         encoding="utf-8")
    (tmp_path / "media").symlink_to(KOPI.parent / "media")
    plan = load_plan(plan_file)
    with Journal(tmp_path / "state.db") as journal:
        journal.record_metrics("ig", {"engagement_rate": 0.031}, NOW)
        html = report_html.render(report_view.build(plan, journal, check_plan(plan), now=NOW))
    assert "latest measured<strong>0.031</strong>" in html
    assert "the line asks for<strong>0.039</strong>" in html  # 0.02 + 19/30 of the way to 0.05, not "0"
