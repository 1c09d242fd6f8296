"""The plan calendar: the HTML month grid as a person sees it in Chromium, and the ICS file parsed back."""

from __future__ import annotations

import os
import re
import sys
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page, expect

from scheduler.cli import cli
from scheduler.findings import Finding
from scheduler.plan import load_plan
from scheduler.rules.registry import check_plan
from scheduler.views import calendar_ics
from scheduler.views.calendar import build, finding_days

ROOT = Path(__file__).resolve().parents[1]
KOPI = ROOT / "plans" / "kopi-senja.toml"
BROKEN_R5 = ROOT / "plans" / "broken" / "r5-inconsistent.toml"


def artifact(tmp_path: Path, name: str) -> Path:
    """Where a test leaves a screenshot for people: artifacts/ (git-ignored), or tmp_path if read-only."""
    folder = ROOT / "artifacts"
    try:
        folder.mkdir(exist_ok=True)
        if not os.access(folder, os.W_OK):
            raise PermissionError(folder)
    except OSError:
        folder = tmp_path
    path = folder / name
    print(f"artifact: {path}")
    return path


def render(tmp_path: Path, plan: Path, *extra: str) -> Path:
    out = tmp_path / "calendar.html"
    result = CliRunner().invoke(cli, ["calendar", str(plan), "--html", str(out), *extra])
    assert result.exit_code == 0, result.output
    assert f"calendar written to {out}" in result.output
    return out


def open_offline(page: Page, path: Path) -> list[str]:
    """Open a local file, recording every request the page makes."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    return requests


@pytest.mark.e2e
def test_day_cells_show_time_and_first_words_and_the_legend_every_type(page: Page, tmp_path: Path) -> None:
    out = render(tmp_path, KOPI)
    requests = open_offline(page, out)
    plan = load_plan(KOPI)
    post = next(p for p in plan.posts if p.id == "dec01-promo")
    cell = page.get_by_test_id(f"day-{post.day.isoformat()}")
    expect(cell).to_contain_text("12:30")
    expect(cell).to_contain_text("Promo awal Desember: beli 2 Es")
    expect(cell).to_contain_text("[promo]")
    expect(cell.get_by_role("listitem").filter(has_text="12:30")).to_have_count(1)
    legend = page.get_by_test_id("legend-item")
    expect(legend).to_have_count(len(plan.types))
    for name in plan.types:
        expect(page.get_by_test_id("legend")).to_contain_text(name)
    expect(page.get_by_role("heading", name="December 2026")).to_be_visible()
    expect(page.get_by_test_id("rule-mark")).to_have_count(0)  # the demo plan keeps every rule
    page.screenshot(path=str(artifact(tmp_path, "calendar-kopi-senja.png")), full_page=True)
    assert requests == [out.as_uri()], f"the page fetched more than itself: {requests}"


@pytest.mark.e2e
def test_a_broken_plan_marks_the_day_with_its_finding(page: Page, tmp_path: Path) -> None:
    out = render(tmp_path, BROKEN_R5)
    requests = open_offline(page, out)
    empty_day = page.get_by_test_id("day-2026-12-05")  # no post on the 5th and 6th (R5)
    expect(empty_day.get_by_test_id("rule-mark")).to_contain_text("R5 Inconsistency")
    expect(empty_day.get_by_test_id("rule-mark").first).to_contain_text("no posts on 2026-12-05")
    expect(page.get_by_test_id("day-2026-12-03").get_by_test_id("rule-mark")).to_have_count(0)
    expect(page.get_by_test_id("day-2026-12-05")).to_have_class(re.compile(r"\bbroken\b"))
    page.screenshot(path=str(artifact(tmp_path, "calendar-broken-r5.png")), full_page=True)
    assert requests == [out.as_uri()]


@pytest.mark.e2e
def test_plan_wide_findings_and_user_text_is_escaped(page: Page, tmp_path: Path) -> None:
    src = tmp_path / "plan"
    shutil.copytree(ROOT / "plans" / "broken", src)
    text = (src / "r2-no-target.toml").read_text(encoding="utf-8")
    marker = 'text = "'
    first = text.index(marker) + len(marker)
    (src / "r2-no-target.toml").write_text(
        text[:first] + "<script>document.title='owned'</script><b>bold</b> " + text[first:], encoding="utf-8")
    out = render(tmp_path, src / "r2-no-target.toml")
    open_offline(page, out)
    expect(page.get_by_test_id("plan-wide")).to_contain_text("no [[target]]")
    expect(page.get_by_text("<b>bold</b>", exact=False).first).to_be_visible()
    assert "owned" not in page.title()
    assert page.locator("li.post b").count() == 0


def test_findings_land_on_their_days_or_their_post_never_on_dates_in_their_text() -> None:
    plan = load_plan(BROKEN_R5)
    findings = check_plan(plan)
    placed, plan_wide = finding_days(plan, findings)
    empty = next(f for f in findings if "no posts on" in f.message)
    assert {d.isoformat() for d, fs in placed.items() if empty in fs} == {"2026-12-05", "2026-12-06"}
    tail = next(f for f in findings if "cadence.min_tail_ratio" in f.message)
    assert plan_wide == [tail]  # it names dates in its text, yet is about the whole plan
    post = plan.posts[3]
    plugin = Finding("R9", "plugin", "error", "about 2026-12-01 and 2026-12-02", "", plan.file, post.line)
    placed, plan_wide = finding_days(plan, [plugin])  # no days given: the day of the post at its line
    assert [d for d, fs in placed.items() if plugin in fs] == [post.day] and plan_wide == []
    view = build(plan, findings)
    assert [m.title for m in view.months] == ["December 2026"]
    assert sum(len(d.posts) for m in view.months for w in m.weeks for d in w if d) == len(plan.posts)


def test_ics_parses_back_to_the_same_events(tmp_path: Path) -> None:
    from icalendar import Calendar

    out = tmp_path / "kopi.ics"
    result = CliRunner().invoke(cli, ["calendar", str(KOPI), "--ics", str(out)])
    assert result.exit_code == 0, result.output
    plan = load_plan(KOPI)
    cal = Calendar.from_ical(out.read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == len(plan.posts) == 80
    assert [str(e["UID"]) for e in events] == [calendar_ics.uid(plan, p) for p in plan.posts]
    assert len({str(e["UID"]) for e in events}) == 80
    jakarta = ZoneInfo("Asia/Jakarta")
    for event, post in zip(events, plan.posts, strict=True):
        start = event.decoded("DTSTART")
        assert start == post.at and start.utcoffset() == post.at.utcoffset()
        assert event["DTSTART"].params["TZID"] == "Asia/Jakarta"
        assert str(event["SUMMARY"]).startswith(f"[{post.type}] ")
        assert str(event["DESCRIPTION"]) == post.text
    first = next(e for e in events if str(e["UID"]).startswith("dec01-promo."))
    assert first.decoded("DTSTART") == datetime(2026, 12, 1, 12, 30, tzinfo=jakarta)
    assert [c["TZID"] for c in cal.walk("VTIMEZONE")] == ["Asia/Jakarta"]


def test_ics_uids_stay_when_a_post_is_edited(tmp_path: Path) -> None:
    copy = tmp_path / "kopi-senja.toml"
    copy.write_text(KOPI.read_text(encoding="utf-8").replace("2026-12-01T12:30:00", "2026-12-01T13:30:00")
                    .replace("Promo awal Desember", "Promo spesial Desember"), encoding="utf-8")
    before = load_plan(KOPI)
    after = load_plan(copy)
    uids = lambda plan: {calendar_ics.uid(plan, p): p for p in plan.posts}  # noqa: E731
    assert uids(before).keys() == uids(after).keys()
    assert calendar_ics.render(after).count(b"Promo spesial Desember") == 2  # summary and description


def test_calendar_alone_writes_the_page_here_and_reports_a_broken_file(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["calendar", str(KOPI)])
    assert result.exit_code == 0, result.output
    assert result.output == "calendar written to kopi-senja-calendar.html (80 posts, 1 month): open it in a browser\n"
    assert "<title>Kopi Senja, Desember 2026: calendar</title>" in (tmp_path / "kopi-senja-calendar.html").read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text("[plan\n", encoding="utf-8")
    result = runner.invoke(cli, ["calendar", str(bad), "--html", str(tmp_path / "x.html")])
    assert result.exit_code != 0 and not (tmp_path / "x.html").exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["calendar", str(KOPI), "--html", str(tmp_path / "ok.html"),
                                 "--ics", str(blocked / "x.ics")])
    assert result.exit_code == 2 and f"{blocked} is not a folder" in result.output  # said before any work
    assert not (tmp_path / "ok.html").exists()


def test_several_accounts_are_named_in_their_day_cells(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_validate import JPEG, MEDIA, plan_toml

    from scheduler.views import calendar_html

    (tmp_path / "media").mkdir()
    for m in range(MEDIA):
        (tmp_path / "media" / f"foto-{m:02d}.jpg").write_bytes(JPEG)
    path = tmp_path / "year.toml"
    path.write_text(plan_toml(1000), encoding="utf-8")
    plan = load_plan(path)
    view = build(plan, check_plan(plan))
    assert len(view.months) == 12
    day = next(d for m in view.months for w in m.weeks for d in w if d and len({p.accounts for p in d.posts}) > 1)
    assert [p.time for p in day.posts] == sorted(p.time for p in day.posts)  # in time order
    html = calendar_html.render(view)
    for account in plan.accounts:
        assert f'<span class="acct">{account}</span>' in html
