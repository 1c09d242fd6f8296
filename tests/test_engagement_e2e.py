"""Comments at run time, end to end: real sandbox, real Chromium, real apprise to a local endpoint."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from scheduler.runtime.clock import FakeClock
from scheduler.comments import response_stats
from scheduler.comments.check import check_comments
from scheduler.comments.worker import CommentChecker
from scheduler.runtime.journal import Journal
from scheduler.runtime.outbox import Outbox
from scheduler.sandbox.server import SandboxServer
from daemon_helpers import JADWAL, DaemonProcess, zone_near_noon
from engagement_site import USERS, Site, build_site, login_session
from notify_endpoint import Endpoint

pytestmark = pytest.mark.e2e
UTC = timezone.utc


def jadwal(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JADWAL, *args], capture_output=True, text=True, timeout=timeout)


def inbox(site: Site, *extra: str) -> dict:
    out = jadwal("inbox", str(site.plan_path), "--state", str(site.state), "--format", "json", *extra)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def read(site: Site, browser: Browser, clock: FakeClock) -> None:
    with Journal(site.state) as journal:
        report = check_comments(journal, site.plan, browser, clock=clock, failures_dir=site.state.parent / "f")
    assert report.errors == []


def open_as(browser: Browser, site: Site, user: str, path: Path):  # noqa: ANN201 - a Playwright page
    """A page signed in as `user` through the site's own login form."""
    login_session(browser, site.srv.url, path, user)
    context = browser.new_context(storage_state=str(path))
    context.set_default_timeout(15_000)
    return context.new_page()


def test_inbox_alert_once_and_answers_clear_it(tmp_path: Path, sandbox_factory: Callable[..., SandboxServer],
                                               browser: Browser) -> None:
    with Endpoint() as hook:
        site = build_site(tmp_path, sandbox_factory(users=USERS), browser, 2, notify=(hook.target,))
        p0, p1 = site.remote

        # a fan comments on a published post, typed on the site
        fan = open_as(browser, site, "fan", tmp_path / "fan.json")
        fan.goto(f"{site.srv.url}/p/{site.remote[p0]}")
        fan.get_by_label("Add a comment").fill("Kak, ada yang decaf?")
        fan.get_by_role("button", name="Comment").click()
        expect(fan.get_by_test_id("comment-text").filter(has_text="Kak, ada yang decaf?")).to_be_visible()
        fan.context.close()
        asked = next(c for c, in site.db().execute("SELECT id FROM comments WHERE text = 'Kak, ada yang decaf?'"))
        second = site.comment(p1, "fan", "Buka jam berapa besok?")
        threaded = site.comment(p0, "fan2", "Aku juga mau tahu!", parent=asked)  # another fan: no answer

        clock = FakeClock(datetime.now(UTC))
        read(site, browser, clock)
        listed = inbox(site)
        assert [c["site_id"] for c in listed["comments"]] == [str(asked), str(second), str(threaded)]  # oldest first
        number = {c["site_id"]: str(c["id"]) for c in listed["comments"]}  # the journal's: what reply takes
        first = listed["comments"][0]
        assert (first["author"], first["text"], first["overdue"]) == ("fan", "Kak, ada yang decaf?", False)
        assert first["post_url"] == f"{site.srv.url}/p/{site.remote[p0]}"

        # past the service level: exactly one alert, however many checks follow
        outbox = Outbox(site.state, lambda: site.plan.engagement.notify, clock=clock).start()
        checker = CommentChecker(site.state, lambda: site.plan, tmp_path / "f", clock=clock, outbox=outbox)
        try:
            assert checker.run_now() is not None  # within the level: nothing to say
            clock.advance(timedelta(hours=4, minutes=1))
            for _ in range(3):
                report = checker.run_now()
                assert report is not None and report.comments == 3
        finally:
            checker.close()
            outbox.close()
        (message,) = hook.wait_for(1)
        assert "3 comments unanswered on kopisenja" in message["title"]
        assert "Kak, ada yang decaf?" in message["message"] and "waited longer than 4h" in message["message"]
        assert len(hook.received) == 1
        with Journal(site.state) as journal:
            assert [e.kind for e in journal.events(alerts_only=True)] == ["unanswered"]

        human = jadwal("inbox", str(site.plan_path), "--state", str(site.state))
        assert "3 comments waiting for an answer (reply within 4h; owner Rina)" in human.stdout

        # answered through `jadwal reply`: it leaves the inbox, the reply is on the site under it
        out = jadwal("reply", str(site.plan_path), "--state", str(site.state), "--comment", number[str(second)],
                     "Jam 7 pagi, kak!")
        assert out.returncode == 0, out.stderr
        assert f"answered fan's comment {number[str(second)]}" in out.stdout
        assert [c["site_id"] for c in inbox(site)["comments"]] == [str(asked), str(threaded)]
        on_site = site.db().execute("SELECT author_id, parent_id FROM comments WHERE text = 'Jam 7 pagi, kak!'")
        assert [r[1] for r in on_site] == [second]

        # the account answers the *threaded* reply: that does not answer the comment above it
        site.comment(p0, "kopisenja", "Ada kok!", parent=threaded)
        read(site, browser, clock)
        assert [c["site_id"] for c in inbox(site)["comments"]] == [str(asked)]

        # typed by hand on the site, as the account: cleared at the next check
        owner = browser.new_context(storage_state=str(site.session))
        page = owner.new_page()
        page.goto(f"{site.srv.url}/p/{site.remote[p0]}")
        item = page.locator(f'[data-testid="comment"][data-comment-id="{asked}"]')
        item.get_by_test_id("reply-link").first.click()
        page.get_by_label("Your reply").fill("Ada, kak! Decaf Gayo.")
        page.get_by_role("button", name="Reply").click()
        expect(page.get_by_test_id("comment-text").filter(has_text="Decaf Gayo")).to_be_visible()
        owner.close()
        checked = inbox(site, "--check")  # reads the site now, then lists
        assert checked["check"]["errors"] == [] and checked["check"]["answered"] == 1
        assert checked["comments"] == []

        with Journal(site.state) as journal:
            by_id = {c.id: c for c in journal.comments.all()}
            assert by_id[str(asked)].answered_by is not None and not by_id[str(asked)].own
            (week,) = response_stats(journal, "ig", 1, now=clock.now())
        assert (week.received, week.answered, week.response_rate) == (3, 3, 1.0)
        assert week.median_response is not None and week.median_response < timedelta(minutes=10)


@pytest.mark.parametrize("mode", ["500", "drop"])
def test_a_reply_whose_answer_was_lost_is_looked_up_not_sent_twice(
        tmp_path: Path, sandbox_factory: Callable[..., SandboxServer], browser: Browser, mode: str) -> None:
    """The site stores the reply, then its answer is lost (HTTP 500, or the connection dropped): the reply
    is in doubt; the same `jadwal reply` run again finds it under the comment and sends nothing."""
    srv = sandbox_factory(users=USERS)
    site = build_site(tmp_path, srv, browser, 1)
    (p0,) = site.remote
    asked = site.comment(p0, "fan", "Ada yang decaf, kak?")
    read(site, browser, FakeClock(datetime.now(UTC)))
    [waiting] = inbox(site)["comments"]
    command = ("reply", str(site.plan_path), "--state", str(site.state), "--comment", str(waiting["id"]),
               "Ada, kak! Decaf Gayo.")
    srv.set_faults(crash_after_post={"mode": mode, "times": 1})
    lost = jadwal(*command)
    assert lost.returncode == 1
    assert f"the reply to comment {waiting['id']} may have been posted" in lost.stderr
    assert "it looks for the reply first and posts it only if it is not there" in lost.stderr
    assert [c["id"] for c in inbox(site)["comments"]] == [waiting["id"]]

    again = jadwal(*command)
    assert again.returncode == 0, again.stderr
    assert "was already posted" in again.stdout and "not sent again" in again.stdout
    on_site = site.db().execute("SELECT parent_id FROM comments WHERE text = 'Ada, kak! Decaf Gayo.'").fetchall()
    assert [r[0] for r in on_site] == [asked]  # one reply, never two
    assert inbox(site)["comments"] == []


def test_200_comments_over_20_posts_read_across_pages(tmp_path: Path, sandbox: SandboxServer,
                                                      browser: Browser) -> None:
    site = build_site(tmp_path, sandbox, browser, 20)
    ids = list(site.remote)
    conn = site.db()
    fan = conn.execute("SELECT id FROM users WHERE name = 'fan'").fetchone()[0]
    me = conn.execute("SELECT id FROM users WHERE name = 'kopisenja'").fetchone()[0]
    rows = [(site.remote[ids[0]], fan, None, f"komentar besar {i}") for i in range(120)]  # 3 pages of 50
    rows += [(site.remote[ids[1 + i % 19]], fan, None, f"komentar {i}") for i in range(70)]
    with conn:
        conn.executemany("INSERT INTO comments (post_id, author_id, parent_id, text, created_at)"
                         " VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))", rows)
        firsts = [r[0] for r in conn.execute(
            "SELECT MIN(id) FROM comments GROUP BY post_id ORDER BY post_id LIMIT 10")]
        conn.executemany("INSERT INTO comments (post_id, author_id, parent_id, text, created_at)"
                         " SELECT post_id, ?, id, 'makasih kak', created_at FROM comments WHERE id = ?",
                         [(me, i) for i in firsts])
    conn.close()
    on_site = site.comments_on_site()
    assert len(on_site) == 200

    clock = FakeClock(datetime.now(UTC))
    started = time.monotonic()
    with Journal(site.state) as journal:
        report = check_comments(journal, site.plan, browser, clock=clock, failures_dir=tmp_path / "f")
        seen = {(site.remote[c.post_id], int(c.id)) for c in journal.comments.all()}
        waiting = journal.comments.unanswered()
    print(f"comment check: {report.posts} posts, {report.comments} comments in {time.monotonic() - started:.1f}s")
    assert (report.posts, report.comments, report.errors) == (20, 200, [])
    assert seen == on_site
    assert len(waiting) == 190 - 10  # every fan comment but the ten answered


@pytest.mark.slow
def test_a_post_due_during_a_slow_comment_check_is_published_on_time(
        tmp_path: Path, sandbox: SandboxServer, browser: Browser) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    planned = now + timedelta(minutes=10)
    with Endpoint() as hook:  # a zone where now is about noon: moved to "now" below, p006 keeps its day
        site = build_site(tmp_path, sandbox, browser, 5, upcoming=[planned, planned - timedelta(hours=2)],
                          notify=(hook.target,), zone=zone_near_noon(now))
        assert [p.id for p in site.plan.posts if p.at == planned] == ["p006"]
        for post_id in site.remote:  # 3 pages of comments under each: a long check on a slow site
            site.comment_many(post_id, "fan", [f"komentar {i}" for i in range(101)])
        sandbox.set_faults(latency_ms=1200)
        due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=16)  # after the check has begun
        site.move_post(planned, due)
        daemon = DaemonProcess(site.plan_path, site.state, tmp_path / "daemon.log")
        try:
            daemon.wait_log("published p006", timeout=90)
            log = daemon.text()
            assert "comment check: reading" in log and "comment check done" not in log, log
        finally:
            code = daemon.stop(30)  # stops the check between two posts
        (missed,) = hook.wait_for(1)  # the daemon's own alerts reach the owner too
    assert missed["title"] == "jadwal: missed (p000)" and missed["type"] == "failure"
    log = daemon.text()
    assert code == 0, log[-3000:]
    assert log.index("comment check: reading") < log.index("publishing p006"), log
    assert "comment check stopped early" in log
    with Journal(site.state) as journal:
        (attempt,) = journal.attempts("p006")
        late = datetime.fromisoformat(attempt["started_at"]) - due
        assert journal.get("p006").state == "published"
    print(f"p006 started {late.total_seconds():.2f}s after its time during a comment check")
    # one account acts in one browser at a time: the post waits for the read of the one post in progress
    # (3 pages at 1.2 s each here), never for the rest of the check
    assert late < timedelta(seconds=10), late
    activity = sandbox.activity()
    assert activity["overlaps"] == [], activity["overlaps"][:3]  # the publisher and the reader took turns
    assert any(a["method"] == "POST" and a["path"] == "/compose" for a in activity["actions"])


def test_an_account_whose_comments_cannot_be_read_is_told_once(tmp_path: Path, sandbox: SandboxServer,
                                                                 browser: Browser) -> None:
    site = build_site(tmp_path, sandbox, browser, 1)
    sandbox.set_faults(error_rate=1.0)  # every page answers 500
    checker = CommentChecker(site.state, lambda: site.plan, tmp_path / "f", clock=FakeClock(datetime.now(UTC)))

    def told() -> list:
        with Journal(site.state) as journal:
            return journal.unsent_alerts()  # no outbox here: the alerts wait in the journal

    try:
        for _ in range(2):
            report = checker.run_now()
            assert report is not None and list(report.failed_accounts) == ["ig"]
        (first,) = told()
        assert first.title == "jadwal: comments of ig not read"
        assert "no post could be read" in first.message and "HTTP 500" in first.message
        sandbox.reset_faults()  # the site is back
        report = checker.run_now()
        assert report is not None and report.failed_accounts == {} and checker.unread_told == set()
        sandbox.set_faults(error_rate=1.0)  # down again: told again
        assert checker.run_now() is not None and len(told()) == 2
    finally:
        checker.close()
    with Journal(site.state) as journal:
        assert [e.kind for e in journal.events(alerts_only=True)] == ["comments_unread"] * 2
