"""The daemon's loop logic with a FakeClock and an in-process fake site.

These prove scheduling decisions (when, how often, what state), not publishing:
the publishing proofs are the e2e tests against the real sandbox with Chromium.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from daemon_helpers import model_plan
from scheduler.runtime.clock import FakeClock
from scheduler.runtime.daemon import Daemon, DaemonConfig, PlanRejected, RetryPolicy
from scheduler.runtime.lock import StateLock
from scheduler.errors import OutcomeUnknown, PageChanged, SiteUnavailable, StateError
from scheduler.findings import Finding
from scheduler.runtime.journal import Journal
from scheduler.platforms.base import PublishedRef

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


class FakeSite:
    """A publisher whose 'site' is a dict; scripted failures per post id.

    An exception with `landed = True` is raised *after* the post reached the site.
    """

    def __init__(self) -> None:
        self.active = False
        self.site: dict[str, PublishedRef] = {}
        self.calls: list[str] = []
        self.lookups: list[tuple[str, datetime]] = []
        self.failures: dict[str, list[Exception]] = {}
        self.lookup_error: Exception | None = None
        self.on_publish = lambda post_id: None

    def warm(self) -> None:
        self.active = True

    def close(self) -> None:
        self.active = False

    def publish(self, account, post) -> PublishedRef:
        self.calls.append(post.id)
        self.active = True
        self.on_publish(post.id)
        script = self.failures.get(post.id)
        if script:
            exc = script.pop(0)
            if getattr(exc, "landed", False):
                self.site[post.id] = PublishedRef(post.id, f"http://site/p/{post.id}")
            raise exc
        ref = PublishedRef(post.id, f"http://site/p/{post.id}")
        self.site[post.id] = ref
        return ref

    def find(self, account, post, since: datetime) -> PublishedRef | None:
        self.lookups.append((post.id, since))
        if self.lookup_error is not None:
            raise self.lookup_error
        return self.site.get(post.id)


def landed(exc: Exception) -> Exception:
    exc.landed = True  # type: ignore[attr-defined]
    return exc


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0 - timedelta(minutes=1))


@pytest.fixture
def site() -> FakeSite:
    return FakeSite()


@pytest.fixture(params=["sqlite", "postgresql"])
def journal(request: pytest.FixtureRequest, tmp_path: Path):
    """Every loop test on both journals: a daemon alone on PostgreSQL behaves as on SQLite."""
    where = request.getfixturevalue("pg_url") if request.param == "postgresql" else tmp_path / "state.db"
    with Journal(where) as j:
        yield j


def make_daemon(tmp_path, journal, site, clock, posts, *, min_gap=timedelta(seconds=1), **config) -> Daemon:
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text("v1")
    session = tmp_path / "session.json"  # a storage state, as `jadwal login` leaves it
    if not session.exists():
        session.write_text('{"cookies": [], "origins": []}')
    cfg = DaemonConfig(plan_file, tmp_path / "state.db", tmp_path / "failures",
                       retry=config.pop("retry", RetryPolicy(max_attempts=3)), **config)
    return Daemon(cfg, model_plan(posts, min_gap=min_gap, session=session), journal, site, clock=clock)


def test_posts_go_out_at_their_time_once(tmp_path, journal, site, clock) -> None:
    posts = [("a", T0, "satu"), ("b", T0 + timedelta(minutes=5), "dua")]
    daemon = make_daemon(tmp_path, journal, site, clock, posts)
    assert daemon.step() == pytest.approx(60)  # sleeps until a is due
    assert site.calls == []
    clock.set(T0)
    assert daemon.step() == pytest.approx(300)
    assert site.calls == ["a"]
    clock.set(T0 + timedelta(minutes=5, seconds=1))
    daemon.step()
    daemon.step()
    assert site.calls == ["a", "b"]
    assert journal.get("b").url == "http://site/p/b"
    assert daemon.step() == 60.0  # nothing left: the longest nap


def test_retries_back_off_then_fail_and_the_daemon_goes_on(tmp_path, journal, site, clock) -> None:
    posts = [("a", T0, "satu"), ("b", T0 + timedelta(minutes=30), "dua")]
    policy = RetryPolicy(max_attempts=4, first=timedelta(minutes=1), cap=timedelta(minutes=3))
    daemon = make_daemon(tmp_path, journal, site, clock, posts, retry=policy)
    site.failures["a"] = [SiteUnavailable("503") for _ in range(4)]
    clock.set(T0)
    waits = []
    for _ in range(4):
        daemon.step()
        row = journal.get("a")
        if row.state != "retry_wait":
            break
        waits.append(row.next_try_at - clock.now())
        clock.set(row.next_try_at)
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=3)]
    assert journal.get("a").state == "failed" and journal.get("a").attempt == 4
    assert site.calls == ["a"] * 4
    (alert,) = journal.events(alerts_only=True)
    assert alert.kind == "failed" and alert.post_id == "a" and "503" in alert.message
    clock.set(T0 + timedelta(minutes=30))
    daemon.step()
    assert journal.get("b").state == "published"


def test_error_that_retrying_cannot_fix_fails_at_once(tmp_path, journal, site, clock) -> None:
    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")])
    site.failures["a"] = [PageChanged("no Post button", artifacts=(Path("/f/shot.png"),))]
    clock.set(T0)
    daemon.step()
    row = journal.get("a")
    assert (row.state, row.artifacts) == ("failed", ("/f/shot.png",))
    assert "/f/shot.png" in journal.events(alerts_only=True)[0].message


def test_outcome_unknown_but_live_is_published_without_a_second_click(tmp_path, journal, site, clock) -> None:
    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")],
                         lookup_margin=timedelta(minutes=2))
    site.failures["a"] = [landed(OutcomeUnknown("page crashed after submit"))]
    clock.set(T0)
    assert daemon.step() == pytest.approx(10)  # the site is given a moment to finish what it was doing
    assert site.lookups == [] and journal.get("a").state == "publishing"
    clock.advance(10)
    daemon.step()
    assert site.calls == ["a"]
    assert site.lookups == [("a", T0 - timedelta(minutes=2))]  # since = intent time - margin
    row = journal.get("a")
    assert (row.state, row.url) == ("published", "http://site/p/a")
    assert journal.attempts("a")[-1]["outcome"] == "found"


def test_outcome_unknown_and_absent_is_retried(tmp_path, journal, site, clock) -> None:
    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")])
    site.failures["a"] = [OutcomeUnknown("timeout after submit")]
    clock.set(T0)
    clock.advance(daemon.step())
    daemon.step()
    assert journal.get("a").state == "retry_wait"
    clock.advance(timedelta(minutes=1))
    daemon.step()
    assert site.calls == ["a", "a"] and journal.get("a").state == "published"


def run_until(daemon, clock, until: datetime) -> None:
    """Step the daemon, moving the fake clock by what each step asks to sleep, until `until`."""
    while clock.now() < until:
        clock.advance(max(daemon.step(), 1.0))


def test_lookups_the_site_cannot_answer_are_asked_again_then_unconfirmed_and_never_reposted(
        tmp_path, journal, site, clock) -> None:
    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")])
    site.failures["a"] = [OutcomeUnknown("timeout after submit")]
    site.lookup_error = SiteUnavailable("site down")
    clock.set(T0)
    clock.advance(daemon.step())
    daemon.step()
    assert journal.get("a").state == "publishing" and site.lookups  # unclear: asked again soon, nobody told yet
    assert journal.events(alerts_only=True) == []
    run_until(daemon, clock, T0 + timedelta(minutes=9))
    asked = [t for _, t in site.lookups]
    assert journal.get("a").state == "publishing" and len(asked) >= 4  # backoff: 15 s, 15 s, 30 s, 1 min ...
    run_until(daemon, clock, T0 + timedelta(minutes=11))
    assert journal.get("a").state == "unconfirmed"  # asked for 10 min after the first lookup
    assert [e.kind for e in journal.events(alerts_only=True)] == ["unconfirmed"]
    lookups = len(site.lookups)
    run_until(daemon, clock, T0 + timedelta(hours=3))
    assert len(site.lookups) - lookups in range(5, 8)  # still looked up, every 30 min
    assert [e.kind for e in journal.events(alerts_only=True)] == ["unconfirmed"]  # told once
    assert site.calls == ["a"]
    journal.requeue("a", clock.now())  # a person checked the site and decided
    daemon.step()
    assert site.calls == ["a", "a"] and journal.get("a").state == "published"


def test_one_unclear_lookup_is_asked_again_and_resolves_when_the_site_answers(tmp_path, journal, site, clock) -> None:
    """The old way: one HTTP 500 during the post-crash lookup made a post unconfirmed for good."""
    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu"), ("b", T0, "dua")])
    site.failures["a"] = [landed(OutcomeUnknown("page crashed after submit"))]
    site.failures["b"] = [landed(OutcomeUnknown("page crashed after submit"))]
    site.lookup_error = SiteUnavailable("HTTP 500")
    clock.set(T0)
    daemon.step()
    clock.advance(daemon.step())
    site.lookup_error = None  # a minute later the site answers normally
    run_until(daemon, clock, T0 + timedelta(minutes=2))
    assert [journal.get(i).state for i in "ab"] == ["published", "published"]
    assert site.calls == ["a", "b"] and journal.events(alerts_only=True) == []
    # and an unconfirmed one resolves itself at a later look
    later = T0 + timedelta(minutes=5)
    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu"), ("b", T0, "dua"), ("c", later, "tiga")])
    site.failures["c"] = [landed(OutcomeUnknown("timeout after submit"))]
    site.lookup_error = SiteUnavailable("HTTP 500")
    run_until(daemon, clock, later + timedelta(minutes=11))
    assert journal.get("c").state == "unconfirmed"
    site.lookup_error = None
    run_until(daemon, clock, later + timedelta(minutes=45))
    assert journal.get("c").state == "published" and site.calls == ["a", "b", "c"]
    assert [e.kind for e in journal.events(alerts_only=True)] == ["confirmed", "unconfirmed"]


def test_a_post_left_in_flight_by_a_crash_is_looked_up_first(tmp_path, journal, site, clock) -> None:
    posts = [("a", T0, "satu"), ("b", T0, "dua")]
    daemon = make_daemon(tmp_path, journal, site, clock, posts)
    clock.set(T0)
    journal.claim("a", T0)  # the previous run crashed after the click for a ...
    site.site["a"] = PublishedRef("a", "http://site/p/a")
    journal.claim("b", T0)  # ... and before the click for b
    daemon.recover()
    assert journal.get("a").state == "published" and journal.get("b").state == "retry_wait"
    assert site.calls == []
    clock.advance(timedelta(minutes=1))
    daemon.step()
    assert site.calls == ["b"]


def test_a_post_edited_while_in_flight_is_not_looked_up_by_its_new_text_nor_reposted(
        tmp_path, journal, site, clock) -> None:
    make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")])
    clock.set(T0)
    journal.claim("a", T0)  # crashed after the click: the site has "satu", the search would use the new text
    restarted = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu, diperbaiki")])
    restarted.recover()
    clock.advance(timedelta(minutes=10))
    restarted.step()
    row = journal.get("a")
    assert row.state == "unconfirmed" and "edited" in row.last_error
    assert site.calls == [] and site.lookups == []


def test_missed_beyond_grace_late_within_grace_and_no_backlog_dump(tmp_path, journal, site, clock) -> None:
    posts = [("old", T0 - timedelta(hours=3), "lama"), ("a", T0 - timedelta(minutes=30), "satu"),
             ("b", T0 - timedelta(minutes=20), "dua"), ("c", T0 - timedelta(minutes=10), "tiga")]
    daemon = make_daemon(tmp_path, journal, site, clock, posts, grace=timedelta(hours=1),
                         pace=timedelta(seconds=30), min_gap=timedelta(hours=1))
    clock.set(T0)
    wait = daemon.step()
    assert journal.get("old").state == "missed"
    assert site.calls == ["a"]  # one post per account per pace, not the whole backlog
    assert wait == pytest.approx(30)
    clock.advance(wait)
    daemon.step()
    assert site.calls == ["a", "b"]
    (alert,) = journal.events(alerts_only=True)
    assert alert.kind == "missed" and alert.post_id == "old"


def test_pace_follows_a_tighter_plan_and_accounts_do_not_wait_for_each_other(tmp_path, journal, clock) -> None:
    site = FakeSite()
    plan_posts = [("ig-1", T0, "a"), ("ig-2", T0, "b"), ("fb-1", T0, "c")]
    cfg = DaemonConfig(tmp_path / "plan.toml", tmp_path / "state.db", tmp_path / "f",
                       pace=timedelta(seconds=30))
    daemon = Daemon(cfg, model_plan(plan_posts, accounts=("ig", "fb"), min_gap=timedelta(seconds=5)),
                    journal, site, clock=clock)
    assert daemon.pace == timedelta(seconds=5)
    clock.set(T0)
    assert daemon.step() == pytest.approx(5)
    assert sorted(site.calls) == ["fb-1", "ig-1"]


def fake_loader(plans: dict[str, object]):
    def load(path: Path):
        result = plans[path.read_text()]
        if isinstance(result, Exception):
            raise result
        return result, []
    return load


def test_reload_takes_a_good_edit_and_keeps_the_old_plan_on_a_bad_one(tmp_path, journal, site, clock) -> None:
    first = model_plan([("a", T0, "satu")])
    second = model_plan([("a", T0, "satu"), ("b", T0 + timedelta(minutes=1), "dua")])
    bad = PlanRejected(tmp_path / "plan.toml", [Finding("R3", "too-much-selling", "error",
                                                         "promo is 50%", "sell less", "plan.toml", 7)])
    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")])
    daemon.loader = fake_loader({"v2": second, "v3": bad})
    assert daemon.check_reload() is False  # unchanged file: nothing to do
    daemon.plan = first
    (tmp_path / "plan.toml").write_text("v2")
    assert daemon.check_reload() is True
    assert journal.get("b") is not None
    (tmp_path / "plan.toml").write_text("v3")
    assert daemon.check_reload() is False
    assert daemon.plan is second
    assert journal.events(alerts_only=True)[0].kind == "plan_rejected"
    assert daemon.check_reload() is False  # the bad version is reported once ...
    assert daemon.check_reload() is False
    assert [e.kind for e in journal.events(alerts_only=True)] == ["plan_rejected"]  # ... counted, not assumed
    clock.set(T0 + timedelta(minutes=2))
    daemon.step()
    clock.advance(1)  # the plan's min_gap paces one account
    daemon.step()
    assert site.calls == ["a", "b"]


def test_second_daemon_on_the_same_state_is_refused(tmp_path) -> None:
    first = StateLock(tmp_path / "state.db")
    first.acquire()
    try:
        with pytest.raises(StateError, match=f"PID {os.getpid()}"):
            StateLock(tmp_path / "state.db").acquire()
    finally:
        first.release()
    again = StateLock(tmp_path / "state.db")
    again.acquire()
    again.release()


def test_the_loop_sleeps_until_due_publishes_and_talks_to_systemd(tmp_path, journal, monkeypatch) -> None:
    import signal as signal_mod
    import threading

    from scheduler.runtime.clock import SystemClock

    sock_path = str(tmp_path / "notify")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(sock_path)
    server.settimeout(5)
    monkeypatch.setenv("NOTIFY_SOCKET", sock_path)
    due = SystemClock().now() + timedelta(seconds=1.5)
    site = FakeSite()
    daemon = make_daemon(tmp_path, journal, site, SystemClock(), [("a", due, "x")])
    published_at: list[datetime] = []
    site.on_publish = lambda post_id: (published_at.append(SystemClock().now()), daemon.request_stop())
    old = {s: signal_mod.getsignal(s) for s in (signal_mod.SIGTERM, signal_mod.SIGINT, signal_mod.SIGHUP)}
    never = threading.Timer(60, daemon.request_stop)  # a loop that never publishes ends the test, failing it
    never.start()
    try:
        daemon.run()
    finally:
        never.cancel()
        for s, handler in old.items():
            signal_mod.signal(s, handler)
    assert published_at, "the loop never published the due post"
    # measured against the post's time, not the test's start (a loaded machine may be slow to get here):
    # never before it is due, and soon after, however busy the machine
    assert due <= published_at[0] < due + timedelta(seconds=20)
    assert journal.get("a").state == "published"
    messages = []
    while True:
        try:
            messages.append(server.recv(1024).decode())
        except (TimeoutError, socket.timeout):
            break
        if messages[-1] == "STOPPING=1":
            break
    assert messages[0].startswith("READY=1") and "WATCHDOG=1" in messages and messages[-1] == "STOPPING=1"
    assert site.active is False  # the browser is closed on the way out
    server.close()


def test_a_browser_that_cannot_start_claims_nothing_and_alerts_once(tmp_path, journal, site, clock) -> None:
    from scheduler.runtime.daemon import BROWSER_RETRY
    from scheduler.errors import BrowserNotFound

    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")])
    journal.claim("a", T0 - timedelta(minutes=1))  # and one left in flight by a crash
    broken = True

    def warm() -> None:
        if broken:
            raise BrowserNotFound("no Chromium found")
        site.active = True

    site.warm = warm
    clock.set(T0)
    assert daemon.step() == BROWSER_RETRY
    clock.advance(BROWSER_RETRY)
    assert daemon.step() == BROWSER_RETRY
    assert journal.get("a").state == "publishing" and site.lookups == [] and site.calls == []
    assert [e.kind for e in journal.events(alerts_only=True)] == ["browser"]
    broken = False
    clock.advance(BROWSER_RETRY)
    daemon.step()
    assert site.lookups and journal.get("a").state == "retry_wait"  # looked up first, not re-clicked


def test_sighup_reloads_the_plan_even_when_the_file_looks_unchanged(tmp_path, journal) -> None:
    import signal as signal_mod
    import threading
    import time

    from scheduler.runtime.clock import SystemClock

    now = SystemClock().now()
    site = FakeSite()
    daemon = make_daemon(tmp_path, journal, site, SystemClock(), [("a", now + timedelta(hours=1), "x")])
    second = model_plan([("a", now + timedelta(hours=1), "x"), ("b", now + timedelta(seconds=0.5), "y")],
                        session=tmp_path / "session.json")
    daemon.loader = lambda path: (second, [])
    site.on_publish = lambda post_id: daemon.request_stop()
    old = {s: signal_mod.getsignal(s) for s in (signal_mod.SIGTERM, signal_mod.SIGINT, signal_mod.SIGHUP)}
    timer = threading.Timer(0.3, os.kill, args=(os.getpid(), signal_mod.SIGHUP))
    timer.start()
    began = time.monotonic()
    try:
        daemon.run()
    finally:
        timer.cancel()
        for s, handler in old.items():
            signal_mod.signal(s, handler)
    assert time.monotonic() - began < 5
    assert site.calls == ["b"] and journal.get("b").state == "published"


def test_browser_opens_just_before_work_and_closes_when_idle(tmp_path, journal, site, clock) -> None:
    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")], warmup=10.0, browser_idle=60.0)
    daemon._tend_browser(30.0)
    assert site.active is False  # nothing due soon: no browser
    daemon._tend_browser(5.0)
    assert site.active is True  # due within the warm-up: started ahead
    daemon._tend_browser(3600.0)
    assert site.active is True  # just used: kept a while
    daemon._last_used -= 61
    daemon._tend_browser(3600.0)
    assert site.active is False  # idle for longer than browser_idle: closed


# -- a clock that jumps ------------------------------------------------------------------------------

class Machine:
    """A wall clock a test can step (as NTP or `date -s` would) and a boot clock nobody can."""

    def __init__(self, start: datetime) -> None:
        self.wall_at = start
        self.boot = 1000.0

    def wall(self) -> datetime:
        return self.wall_at

    def steady(self) -> float:
        return self.boot

    def sleep(self, seconds: float) -> None:
        self.boot += seconds
        self.wall_at += timedelta(seconds=seconds)


def test_a_wall_clock_that_jumps_neither_publishes_early_nor_misses(tmp_path, journal, site) -> None:
    from scheduler.runtime.clock import SteadyClock

    machine = Machine(T0 - timedelta(minutes=1))
    clock = SteadyClock(wall=machine.wall, steady=machine.steady)
    posts = [("now", T0, "satu"), ("soon", T0 + timedelta(seconds=50), "dua"),
             ("later", T0 + timedelta(hours=1), "tiga"), ("much-later", T0 + timedelta(hours=1, minutes=18), "empat")]
    daemon = make_daemon(tmp_path, journal, site, clock, posts, grace=timedelta(minutes=30))
    machine.sleep(60)
    daemon.step()
    assert site.calls == ["now"]
    machine.wall_at += timedelta(hours=2)  # NTP step / VM resume: the wall clock leaps 2 h ahead
    daemon.step()
    assert site.calls == ["now"]  # "later" and "much-later" are not due: it is still T0 by the steady clock
    assert journal.counts()["missed"] == 0
    (alert,) = journal.events(alerts_only=True)
    assert alert.kind == "clock_jump" and "jumped forward by 2h" in alert.message and "restart" in alert.message
    machine.sleep(50)
    daemon.step()
    assert site.calls == ["now", "soon"]  # on time by the steady clock
    machine.wall_at -= timedelta(hours=2, seconds=30)  # and back, a little further than it went
    daemon.step()
    assert [e.kind for e in journal.events(alerts_only=True)] == ["clock_jump", "clock_jump"]
    assert "jumped back by 2h 30s" in journal.events(alerts_only=True)[0].message
    machine.wall_at += timedelta(seconds=1.5)  # a second or so: logged at most, never told
    machine.sleep(3600 - 50)
    daemon.step()
    assert site.calls == ["now", "soon", "later"] and len(journal.events(alerts_only=True)) == 2
    stamps = {r.id: r.published_at for r in journal.posts("published")}
    assert stamps["later"] == T0 + timedelta(hours=1)  # the journal keeps the steady time too


# -- an account the site blocks -------------------------------------------------------------------------

def test_an_expired_session_pauses_the_account_until_a_new_login(tmp_path, journal, site, clock) -> None:
    from scheduler.errors import SessionExpired

    posts = [("a", T0, "satu"), ("b", T0 + timedelta(minutes=10), "dua"), ("c", T0 + timedelta(hours=3), "tiga")]
    daemon = make_daemon(tmp_path, journal, site, clock, posts, grace=timedelta(hours=1))
    site.failures["a"] = [SessionExpired("the site sent us to its login page", "log in again")]
    clock.set(T0)
    daemon.step()
    row = journal.get("a")
    assert (row.state, row.attempt) == ("pending", 0)  # not failed: it waits
    (alert,) = journal.events(alerts_only=True)
    assert alert.kind == "account_paused"
    assert ("jadwal login plan.toml --account ig --password-env JADWAL_PASSWORD" in alert.message
            and "jadwal login plan.toml --account ig --interactive" in alert.message)
    clock.advance(timedelta(minutes=30))
    daemon.step()
    assert site.calls == ["a"] and len(journal.events(alerts_only=True)) == 1  # told once, nothing tried
    (tmp_path / "session.json").write_text('{"cookies": [{"name": "s", "value": "new"}], "origins": []}')
    run_until(daemon, clock, clock.now() + timedelta(seconds=5))  # a new session file: resumes, late ones go out
    assert site.calls == ["a", "a", "b"] and journal.get("b").state == "published"
    assert [e.kind for e in journal.events(alerts_only=True)][:2] == ["account_resumed", "account_paused"]
    site.failures["c"] = [SessionExpired("expired again", "log in again")]
    clock.set(T0 + timedelta(hours=3))
    daemon.step()
    clock.advance(timedelta(hours=1, minutes=1))  # nobody logs in: the grace period still applies
    daemon.step()
    assert journal.get("c").state == "missed"


def test_a_block_after_the_click_pauses_and_the_post_is_looked_up_before_it_is_sent_again(
        tmp_path, journal, site, clock) -> None:
    """"Action Blocked" answering Share: the site may or may not have the post. The account pauses; once
    resumed, the post is looked up first, and sent again only when the site does not have it."""
    from scheduler.errors import BlockedAfterSubmit, CheckpointReached

    def blocked(post_id: str) -> BlockedAfterSubmit:
        return BlockedAfterSubmit(post_id, CheckpointReached("the site shows a temporary block", "x", kind="blocked"))

    def new_login(n: int) -> None:
        (tmp_path / "session.json").write_text(f'{{"cookies": [{{"name": "s", "value": "{n}"}}], "origins": []}}')

    posts = [("a", T0, "satu"), ("b", T0 + timedelta(minutes=1), "dua")]
    daemon = make_daemon(tmp_path, journal, site, clock, posts,
                         retry=RetryPolicy(max_attempts=3, first=timedelta(seconds=1)))
    site.failures["a"] = [landed(blocked("a"))]  # stored, then blocked
    site.failures["b"] = [blocked("b")]  # blocked, nothing stored
    clock.set(T0)
    daemon.step()
    assert journal.get("a").state == "publishing" and "ig" in journal.pauses()  # in doubt, and paused
    assert journal.pauses()["ig"].kind == "checkpoint:blocked"
    (alert,) = journal.events(alerts_only=True)
    assert alert.kind == "account_paused" and "looked up once the account is resumed" in alert.message
    run_until(daemon, clock, T0 + timedelta(minutes=30))
    assert site.calls == ["a"] and site.lookups == []  # paused: nothing sent, nothing asked
    assert len(journal.events(alerts_only=True)) == 1  # told once
    new_login(1)
    daemon.step()  # resumed: a is looked up (found: never sent again); b goes out, and is blocked
    assert [p for p, _ in site.lookups] == ["a"] and journal.get("a").state == "published"
    assert site.calls == ["a", "b"] and "ig" in journal.pauses()
    new_login(2)
    daemon.step()  # at once, though b was blocked a moment ago: the site answered, nothing is on its way
    assert [p for p, _ in site.lookups] == ["a", "b"] and site.calls == ["a", "b"]  # not there: retried
    run_until(daemon, clock, clock.now() + timedelta(seconds=30))
    assert site.calls == ["a", "b", "b"]
    assert journal.get("b").state == "published" and sorted(site.site) == ["a", "b"]
    kinds = [e.kind for e in reversed(journal.events(alerts_only=True))]
    assert kinds == ["account_paused", "account_resumed", "account_paused", "account_resumed"]


def test_a_login_lifts_only_a_pause_that_began_before_its_session_was_written(tmp_path, journal) -> None:
    """`jadwal login` tells the journal when the session was written, not when the command ends (its
    browser takes a while to close): meanwhile the daemon may resume on the new file, meet the block
    again and pause; that pause waits for the next login, it is not lifted by this one."""
    from scheduler.runtime import pauses
    from scheduler.runtime.clock import SystemClock
    from scheduler.runtime.sessions import record_session, session_stamp, session_written_at

    plan = model_plan([("a", T0, "satu")], session=tmp_path / "session.json")
    account = plan.accounts["ig"]
    account.session.write_text('{"cookies": [], "origins": []}')  # written by the login ...
    written = session_written_at(account, SystemClock().now())
    blocked_again = SystemClock().now() + timedelta(seconds=1)  # ... then the daemon met the block again
    journal.pause_account("ig", blocked_again, kind="checkpoint:blocked", reason="blocked", fix="log in",
                          session_stamp=session_stamp(account))  # paused using the new file
    assert record_session(journal.given, "ig", written) is False  # the login ends only now
    assert pauses.to_resume(journal, plan) == []
    assert record_session(journal.given, "ig", blocked_again + timedelta(seconds=1)) is True  # a new login
    assert [account for account, _ in pauses.to_resume(journal, plan)] == ["ig"]


def test_a_checkpoint_asks_for_a_person_and_start_up_names_accounts_without_a_session(
        tmp_path, journal, site, clock) -> None:
    from scheduler.errors import CheckpointReached

    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")])
    site.failures["a"] = [CheckpointReached("the site asks for a code", "", kind="two_factor")]
    clock.set(T0)
    daemon.step()
    (held,) = journal.pauses().values()
    assert held.kind == "checkpoint:two_factor"
    assert held.fix == ("a person must pass the site's check: jadwal login plan.toml --account ig --interactive "
                        "(a browser window opens)")
    journal.resume_account("ig", clock.now(), why="test")
    (tmp_path / "session.json").unlink()
    told = daemon.start_up()
    assert [account for account, _ in told] == ["ig"] and "has no saved session" in told[0][1]
    assert daemon.start_up() == []  # once


# -- what the journal does not know ---------------------------------------------------------------------

def test_a_fresh_journal_asks_the_site_before_publishing_what_is_late(tmp_path, journal, site, clock) -> None:
    """The journal was lost: p1 went out before; p2 did not; neither is clicked blindly."""
    site.site["p1"] = PublishedRef("p1", "http://site/p/p1")
    posts = [("p1", T0 - timedelta(minutes=20), "satu"), ("p2", T0 - timedelta(minutes=10), "dua")]
    clock.set(T0)
    daemon = make_daemon(tmp_path, journal, site, clock, posts)
    daemon.step()
    clock.advance(daemon.step())
    assert [p for p, _ in site.lookups] == ["p1", "p2"] and site.calls == ["p2"]
    assert journal.get("p1").url == "http://site/p/p1" and journal.attempts("p1") == []
    assert journal.get("p2").state == "published"


def test_a_post_claimed_by_another_live_process_is_left_to_it(tmp_path, journal, site, clock) -> None:
    import subprocess
    import sys

    from scheduler.runtime.processes import identity

    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu"), ("b", T0, "dua")])
    if journal.postgres:  # alive means holding the journal open (its presence lock), on any machine
        other = subprocess.Popen([sys.executable, "-c", "import sys, time; from scheduler.runtime.journal import "
                                  "Journal; from scheduler.runtime.state import PgUrl; j = Journal(PgUrl(sys.argv[1]));"
                                  " print(j.identity, flush=True); time.sleep(60)", journal.url.secret],
                                 stdout=subprocess.PIPE, text=True)
        claimant = other.stdout.readline().strip()
    else:
        other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # e.g. `jadwal publish`
        claimant = identity(other.pid)
    try:
        journal.claim("a", T0, by=claimant)
        clock.set(T0 + timedelta(minutes=5))
        daemon.step()
        assert site.calls == ["b"] and site.lookups == [] and journal.get("a").state == "publishing"
    finally:
        other.kill()
        other.wait()
    if journal.postgres:  # the server ends the dead client's session (and its locks) a moment later
        import time

        deadline = time.monotonic() + 30
        while journal.claimant_alive(claimant) and time.monotonic() < deadline:
            time.sleep(0.02)
    daemon.step()  # that process is gone: the post is looked up before anything else
    assert site.lookups[0][0] == "a" and journal.get("a").state == "retry_wait" and site.calls == ["b"]


# -- a journal that cannot be written --------------------------------------------------------------------

class DirectOutbox:
    def __init__(self) -> None:
        self.direct_messages: list[tuple[str, str]] = []
        self.woken = 0

    def direct(self, title: str, body: str, level: str = "failure") -> None:
        self.direct_messages.append((title, body))

    def wake(self) -> None:
        self.woken += 1


def test_a_full_disk_is_told_without_the_journal_and_nothing_is_lost(tmp_path, journal, site, clock,
                                                                     monkeypatch) -> None:
    from contextlib import contextmanager

    from scheduler.errors import JournalUnwritable

    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu"), ("b", T0 + timedelta(minutes=1), "dua")])
    daemon.outbox = DirectOutbox()
    real = journal.transaction
    full = {"on": False}

    @contextmanager
    def transaction(*, durable: bool = False):
        if full["on"]:
            raise JournalUnwritable("cannot write the state database: database or disk is full", "free space")
        with real(durable=durable) as db:
            yield db

    monkeypatch.setattr(journal, "transaction", transaction)
    site.on_publish = lambda post_id: full.update(on=True)  # the disk fills while the site confirms
    clock.set(T0)
    delays = [daemon.step() for _ in range(4)]
    assert site.calls == ["a"] and journal.get("a").state == "publishing"  # kept in memory, not clicked again
    assert delays == [30.0, 60.0, 120.0, 120.0]  # backs off instead of looping (up to 2 min)
    ((title, body),) = daemon.outbox.direct_messages  # told once, without the journal
    assert title == "jadwal: journal cannot be written" and "disk is full" in body
    clock.set(T0 + timedelta(minutes=5))
    daemon.step()
    assert site.calls == ["a"]  # b is due, but could not be recorded: not published
    site.on_publish = lambda post_id: None
    full["on"] = False  # space again
    daemon.step()
    assert journal.get("a").state == "published" and journal.get("a").url == "http://site/p/a"
    assert site.calls == ["a", "b"] and journal.get("b").state == "published"
    assert [e.kind for e in journal.events(alerts_only=True)] == ["journal_writable"]


def _blocked_after_click(post_id: str):
    from scheduler.errors import BlockedAfterSubmit, CheckpointReached

    return BlockedAfterSubmit(post_id, CheckpointReached("the site shows a temporary block", "x", kind="blocked"))


def test_a_post_blocked_after_the_click_and_not_found_after_a_pause_past_grace_is_missed_not_resent(
        tmp_path, journal, site, clock) -> None:
    """The old way: resumed two hours later, the lookup found nothing and the post was sent again, 2 h late."""
    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")], grace=timedelta(hours=1))
    site.failures["a"] = [_blocked_after_click("a")]  # blocked, nothing stored
    clock.set(T0)
    daemon.step()
    assert journal.get("a").state == "publishing" and "ig" in journal.pauses()
    run_until(daemon, clock, T0 + timedelta(hours=2))
    (tmp_path / "session.json").write_text('{"cookies": [{"name": "s", "value": "new"}], "origins": []}')
    run_until(daemon, clock, clock.now() + timedelta(minutes=10))
    assert [p for p, _ in site.lookups] == ["a"] and site.calls == ["a"]  # looked up once, never sent again
    row = journal.get("a")
    assert row.state == "missed" and row.next_try_at is None
    alerts = [e for e in journal.events(alerts_only=True) if e.kind == "missed"]
    assert len(alerts) == 1 and alerts[0].post_id == "a"
    assert f"Fix: `{daemon._retry('a')}` publishes it now" in alerts[0].message
    assert daemon._retry("a").startswith(f"jadwal retry {tmp_path / 'plan.toml'} --state ")
    journal.requeue("a", clock.now())  # the fix line: a person sends it on purpose
    daemon.step()
    assert site.calls == ["a", "a"] and journal.get("a").state == "published"


def test_a_post_blocked_after_the_click_and_found_after_a_pause_past_grace_is_published(
        tmp_path, journal, site, clock) -> None:
    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")], grace=timedelta(hours=1))
    site.failures["a"] = [landed(_blocked_after_click("a"))]  # stored, then blocked
    clock.set(T0)
    daemon.step()
    run_until(daemon, clock, T0 + timedelta(hours=2))
    (tmp_path / "session.json").write_text('{"cookies": [{"name": "s", "value": "new"}], "origins": []}')
    run_until(daemon, clock, clock.now() + timedelta(minutes=10))
    row = journal.get("a")
    assert (row.state, row.url) == ("published", "http://site/p/a") and site.calls == ["a"]
    assert "missed" not in [e.kind for e in journal.events(alerts_only=True)]


def test_an_unconfirmed_post_the_site_later_does_not_have_past_grace_is_missed(
        tmp_path, journal, site, clock) -> None:
    """Crashed after the click, the site could not answer for hours: when it answers "not there", the
    post is missed (alerted once with the retry line), not sent late; a hand retry later is not missed."""
    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")], grace=timedelta(hours=1))
    clock.set(T0)
    journal.claim("a", T0)  # the previous run crashed mid-publish
    site.lookup_error = SiteUnavailable("site down")
    daemon.recover()
    run_until(daemon, clock, T0 + timedelta(hours=2))
    assert journal.get("a").state == "unconfirmed"
    site.lookup_error = None
    run_until(daemon, clock, T0 + timedelta(hours=3))
    assert journal.get("a").state == "missed" and site.calls == []
    assert [e.kind for e in journal.events(alerts_only=True)] == ["missed", "unconfirmed"]
    journal.requeue("a", clock.now())
    site.failures["a"] = [OutcomeUnknown("timeout after submit")]  # the hand retry is unclear too
    run_until(daemon, clock, clock.now() + timedelta(minutes=5))
    assert site.calls == ["a", "a"] and journal.get("a").state == "published"  # retried within its new grace


def test_an_expired_session_pause_outlasting_grace_misses_its_posts_and_a_login_sends_none(
        tmp_path, journal, site, clock) -> None:
    from scheduler.errors import SessionExpired

    posts = [("a", T0, "satu"), ("b", T0 + timedelta(minutes=10), "dua")]
    daemon = make_daemon(tmp_path, journal, site, clock, posts, grace=timedelta(hours=1))
    site.failures["a"] = [SessionExpired("the site sent us to its login page", "log in again")]
    clock.set(T0)
    daemon.step()
    run_until(daemon, clock, T0 + timedelta(hours=2))
    (tmp_path / "session.json").write_text('{"cookies": [{"name": "s", "value": "new"}], "origins": []}')
    run_until(daemon, clock, clock.now() + timedelta(minutes=10))
    assert site.calls == ["a"]  # nothing sent after the login
    assert [journal.get(i).state for i in "ab"] == ["missed", "missed"]
    told = [e.post_id for e in journal.events(alerts_only=True) if e.kind == "missed"]
    assert sorted(told) == ["a", "b"]  # each told once, while the account was still paused


def test_a_retry_that_would_come_after_the_grace_period_is_missed_not_sent_late(
        tmp_path, journal, site, clock) -> None:
    """Resumed just inside the grace period and not found: its retry would go out after it, so it is missed."""
    daemon = make_daemon(tmp_path, journal, site, clock, [("a", T0, "satu")], grace=timedelta(hours=1))
    site.failures["a"] = [_blocked_after_click("a")]
    clock.set(T0)
    daemon.step()
    run_until(daemon, clock, T0 + timedelta(minutes=59, seconds=30))
    (tmp_path / "session.json").write_text('{"cookies": [{"name": "s", "value": "new"}], "origins": []}')
    daemon.step()
    assert journal.get("a").state == "retry_wait"  # not there, still within the grace period: to be retried
    run_until(daemon, clock, T0 + timedelta(hours=2))
    assert site.calls == ["a"] and journal.get("a").state == "missed"  # the retry came after it: missed
    (alert,) = [e for e in journal.events(alerts_only=True) if e.kind == "missed"]
    assert f"Fix: `{daemon._retry('a')}` publishes it now" in alert.message
