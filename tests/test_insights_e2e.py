"""Learning from the audience, end to end: real sandbox, real Chromium, the real commands.

Fans on the sandbox keep a known habit (online 19:00-21:59, Asia/Jakarta); the comment check reads
each post's numbers through the sandbox adapter; the report and `jadwal suggest` must find the
habit, the re-timed copy must validate, and the reading schedule must survive a restart.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sandbox_client import Client

from scheduler.runtime.clock import FakeClock
from scheduler.comments.check import check_comments
from scheduler.comments.worker import CommentChecker
from scheduler.errors import PlatformError
from scheduler.runtime.journal import Journal
from scheduler.plan import load_plan
from scheduler.plan.model import Account
from scheduler.platforms.base import PublishedRef
from scheduler.platforms.sandbox import SandboxAdapter
from scheduler.sandbox.server import SandboxServer
from audience_site import HABIT, history_site
from daemon_helpers import JADWAL
from engagement_site import USERS, build_site

pytestmark = pytest.mark.e2e
UTC = timezone.utc


def jadwal(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JADWAL, *args], capture_output=True, text=True, timeout=timeout)


def test_the_sandbox_adapter_reads_likes_comments_and_views(tmp_path: Path, sandbox_factory: Callable[..., SandboxServer],
                                                            browser: Browser) -> None:
    site = build_site(tmp_path, sandbox_factory(users=USERS), browser, 1)
    (post_id, remote), = site.remote.items()
    url = f"{site.srv.url}/p/{remote}"
    fan = browser.new_context()
    try:  # a fan likes the post and comments, in the browser
        page = fan.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{site.srv.url}/login")
        page.get_by_label("Username").fill("fan")
        page.get_by_label("Password").fill("fan")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_test_id("current-user")).to_have_text("fan")
        page.goto(url)
        page.get_by_role("button", name="Like").click()
        expect(page.get_by_role("button", name="Liked")).to_be_visible()
        page.get_by_label("Add a comment").fill("Enak banget!")
        page.get_by_role("button", name="Comment").click()
        expect(page.get_by_test_id("comment-text")).to_have_text("Enak banget!")
    finally:
        fan.close()
    Client(site.srv.url).get(f"/p/{remote}")  # a visitor who is not signed in
    adapter = SandboxAdapter(Account("ig", "sandbox", site.srv.url, "kopisenja", site.session, 1))
    owner = browser.new_context(storage_state=str(site.session))
    try:
        page = owner.new_page()
        page.set_default_timeout(15_000)
        ref = PublishedRef(str(remote), url)
        # the fan saw the page 4 times (opening it, after liking, after commenting), the visitor once;
        # the account reading its own post is not a view
        assert adapter.post_metrics(page, ref) == {"likes": 1.0, "comments": 1.0, "views": 4.0}
        assert adapter.post_metrics(page, ref) == {"likes": 1.0, "comments": 1.0, "views": 4.0}
        with pytest.raises(PlatformError, match="no longer on the site"):
            adapter.post_metrics(page, PublishedRef("999", f"{site.srv.url}/p/999"))
    finally:
        owner.close()
    assert post_id == "p000"


def test_the_reading_schedule_survives_a_restart(tmp_path: Path, sandbox_factory: Callable[..., SandboxServer],
                                                 browser: Browser) -> None:
    """1 h, 24 h and 7 days after publishing, whichever checker (a new one after each "restart") runs."""
    srv = sandbox_factory(users=USERS)
    site = build_site(tmp_path, srv, browser, 2)
    srv.audience(**HABIT | {"hours": list(range(24))})  # online all day: every post gets some response
    srv.audience_act()
    clock = FakeClock(datetime.now(UTC))
    fan = Client(srv.url)
    fan.login("fan")

    def check() -> int:
        """A daemon's comment checker, made anew each time (as after a restart), run once."""
        checker = CommentChecker(site.state, lambda: site.plan, tmp_path / "f", clock=clock)
        try:
            report = checker.run_now()
        finally:
            checker.close()
        assert report is not None and report.errors == [], report
        return report.readings

    assert check() == 0  # just published: the first reading is an hour away
    clock.advance(timedelta(minutes=61))
    assert check() == 2
    assert check() == 0  # the 1 h mark is read; nothing is due before 24 h
    fan.post(f"/p/{site.remote['p000']}/like", {"action": "like"})  # more response since
    clock.advance(timedelta(hours=23))
    assert check() == 2
    clock.advance(timedelta(days=3))
    assert check() == 0
    clock.advance(timedelta(days=3, hours=1))
    assert check() == 2
    clock.advance(timedelta(days=20))
    assert check() == 0  # the last mark is read: never again
    with Journal(site.state) as journal:
        readings = journal.post_readings()
        published = {r.id: r.published_at for r in journal.posts("published")}
    assert sorted(readings) == ["p000", "p001"]
    ages = [round((r.measured_at - published["p000"]) / timedelta(hours=1)) for r in readings["p000"]]
    assert ages == [1, 24, 24 * 7 + 1]
    likes = [r.values["likes"] for r in readings["p000"]]
    assert likes[1] == likes[0] + 1 and likes[2] == likes[1]  # the fan's like shows from the 24 h reading on
    status = jadwal("status", str(site.plan_path), "--state", str(site.state), "--format", "json")
    row = next(p for p in json.loads(status.stdout)["posts"] if p["id"] == "p000")
    assert [r["values"]["likes"] for r in row["readings"]] == likes and row["next_reading_at"] is None
    human = jadwal("status", str(site.plan_path), "--state", str(site.state))
    assert re.search(r"\d+ likes?, \d+ comments?, \d+ views? \(read 7d after publishing\)", human.stdout), human.stdout


@pytest.mark.slow
def test_fans_habit_is_found_by_the_report_and_suggest_and_the_retimed_plan_validates(
        tmp_path: Path, sandbox_factory: Callable[..., SandboxServer], browser: Browser, page: Page) -> None:
    srv = sandbox_factory(users=USERS)
    site = history_site(tmp_path, srv, browser)
    srv.audience(**HABIT)
    assert srv.audience_act()["posts"] == 12 * 4
    with Journal(site.state) as journal:  # the daemon's comment check, reading every post's numbers
        report = check_comments(journal, load_plan(site.history), browser, clock=FakeClock(datetime.now(UTC)),
                                failures_dir=tmp_path / "f")
    assert report.errors == [] and report.readings == 48

    # the report finds the evening
    out = tmp_path / "report.html"
    done = jadwal("report", str(site.history), "--state", str(site.state), "--format", "json", "--html", str(out))
    assert done.returncode == 0, done.stderr
    audience = json.loads(done.stdout)["audience"]["ig"]
    assert audience["enough"] is True and audience["counted_posts"] == 48
    slots = {s["hour"]: s for s in audience["slots"]}
    assert sorted(slots) == [8, 12, 19, 21] and all(s["posts"] == 12 for s in slots.values())
    assert audience["best_hour"] in (19, 21)
    assert slots[8]["far_below_best"] and slots[12]["far_below_best"]
    assert not slots[19]["far_below_best"] and not slots[21]["far_below_best"]
    reach = json.loads(done.stdout)["targets"][0]
    assert reach["source"] == "posts" and reach["latest"] is not None and reach["posts"][-1] == 7 * 4
    page.goto(out.resolve().as_uri())
    heat = page.get_by_test_id("chart-heatmap-ig")
    expect(heat.locator("g.cell")).to_have_count(48 // 12 * 7)  # 4 hours x 7 weekdays
    expect(page.get_by_test_id("best-ig")).to_have_text(f"{audience['best_hour']:02d}:00")
    expect(page.get_by_test_id("slots-ig").get_by_role("row")).to_have_count(1 + 4)
    expect(page.get_by_test_id("target-latest-0")).to_contain_text("from 28 posts of the week")
    top = page.get_by_test_id("top-posts-ig").get_by_role("row")
    expect(top).to_have_count(1 + 5)
    expect(top.nth(1)).to_contain_text(re.compile(r" (19|21):00"))  # the post that earned most: an evening one

    # suggest names the same slots, with their numbers
    said = jadwal("suggest", str(site.next), "--state", str(site.state))
    assert said.returncode == 0, said.stderr
    assert f"{audience['best_hour']:02d}:00  median" in said.stdout and "BEST" in said.stdout
    assert "08:00  median" in said.stdout and "far below the best" in said.stdout

    # a plan-time hint for each coming post in a slot far below the best: informational, exit 0
    hinted = jadwal("validate", str(site.next), "--state", str(site.state), "--format", "json")
    assert hinted.returncode == 0, hinted.stdout + hinted.stderr
    findings = json.loads(hinted.stdout)["findings"]
    assert {f["severity"] for f in findings} == {"info"} and {f["slug"] for f in findings} == {"weak-slot"}
    assert len(findings) == 7 * 2  # the 08:00 and 12:30 posts of seven days
    assert jadwal("validate", str(site.next), "--state", str(site.state), "--format", "github"
                  ).stdout.startswith("::notice file=")

    # a re-timed copy of next week keeps the five rules; the plan itself is untouched
    before = hashlib.sha256(site.next.read_bytes()).hexdigest()
    copy = tmp_path / "next.retimed.toml"
    moved = jadwal("suggest", str(site.next), "--state", str(site.state), "--retime", str(copy), "--format", "json")
    assert moved.returncode == 0, moved.stderr
    moves = json.loads(moved.stdout)["retime"]["moves"]
    assert len(moves) == 7  # one post a day: the slots of 19:00 and 21:00 hold one post each (min_gap 1h)
    assert all(datetime.fromisoformat(m["to"]).hour in (19, 21) for m in moves)
    assert hashlib.sha256(site.next.read_bytes()).hexdigest() == before
    checked = jadwal("validate", str(copy))
    assert checked.returncode == 0 and "OK" in checked.stdout, checked.stdout + checked.stderr
    changed = [(a, b) for a, b in zip(site.next.read_text().splitlines(), copy.read_text().splitlines(), strict=True)
               if a != b]
    assert len(changed) == 7 and all(a.startswith("at = ") and b.startswith("at = ") for a, b in changed)
    again = jadwal("suggest", str(site.next), "--state", str(site.state), "--retime", str(site.next))
    assert again.returncode == 1 and "never overwrites your plan" in again.stderr
