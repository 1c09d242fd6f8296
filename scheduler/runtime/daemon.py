"""The daemon: publish each due post exactly once, and keep going for months.

The loop (modelled on schedule's and huey's): an owned `schedule.Scheduler`
runs the periodic jobs (plan reload check, closing an idle browser); between
passes the loop sleeps on a `threading.Event` until the next due post, lookup or
job, so an idle daemon does nothing. Signal handlers only set flags and wake it.

Exactly-once, with no idempotency key from the site: the journal's `claim`
writes the intent durably before the click, naming this process; the result is
written the moment the adapter returns. Whatever is ambiguous (OutcomeUnknown, a
row left in "publishing" by a process that is gone, a killed browser) is looked
up with `find_published`: found -> published; clearly absent -> retried; the
site cannot tell -> asked again with backoff for `lookup_patience`, then
"unconfirmed" and the owner told, and still looked up now and then until the
site answers. A post in flight in another live process (`jadwal publish`) is
that process's. A post this journal never tried whose time has passed (a fresh
or restored journal, a daemon that was down) is looked up before its first click.

Time is the injected clock's: in production a `SteadyClock`, so a wall clock
that jumps is seen, logged and told, and neither publishes early nor misses.

An account the site blocks (`AccountBlocked`) is paused (`scheduler.runtime.pauses`);
a journal that cannot be written (a full disk) stops publishing and lookups, is
told to the owner without the journal, and is probed with backoff until it can
be written again; a result the site gave meanwhile is kept in memory and written then.

Pacing (`scheduler.pacing`): one account publishes at most once per `pace`
(default 30 s, or the plan's `cadence.min_gap` when that is shorter) or its
platform pack's gap plus jitter, whichever is longer, and no more posts a day
than the pack allows, so a backlog after downtime trickles out instead of
landing at once; posts older than `grace` that were never published are marked
missed and alerted. The pacer is shared with the comment thread: one account
acts in one browser at a time (a post whose account is busy waits a moment).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, Protocol, TypeVar

from loguru import logger

from scheduler.runtime.state import StateRef
from scheduler.errors import (
    AccountBlocked,
    BlockedAfterSubmit,
    JadwalError,
    JournalUnwritable,
    OutcomeUnknown,
    PlatformError,
)
from scheduler.i18n import _, ngettext
from scheduler.pacing import Pacer
from scheduler.plan.durations import format_duration
from scheduler.runtime import pauses
from scheduler.runtime.clock import Clock, SteadyClock, SystemClock
from scheduler.runtime.journal import Journal, PlanLoad, PostRow, plan_digest, text_hash
from scheduler.runtime.systemd import sd_notify

if TYPE_CHECKING:
    from scheduler.findings import Finding
    from scheduler.plan.model import Account, Plan, Post
    from scheduler.platforms.base import PublishedRef
    from scheduler.runtime.outbox import Outbox

P = ParamSpec("P")
T = TypeVar("T")

#: the longest the loop sleeps without looking (also bounds how late a clock jump is seen)
MAX_SLEEP = 60.0
#: how soon to try again when the browser cannot start
BROWSER_RETRY = 30.0
#: how long a due post waits for its account's turn (a comment read in progress), and how soon it is
#: looked at again when that was not enough
ACCOUNT_BUSY_WAIT = 60.0
ACCOUNT_BUSY_RETRY = 2.0
#: how often a daemon whose plan differs from the shared journal's looks again
PLAN_RECHECK = 5.0
#: a wall clock that moved by more than this is told to the owner (smaller jumps are only logged)
TELL_JUMP = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff with a cap on both the delay and the number of attempts."""

    max_attempts: int = 5
    first: timedelta = timedelta(minutes=1)
    cap: timedelta = timedelta(minutes=30)

    def delay(self, attempt: int) -> timedelta:
        """Wait after failed attempt number `attempt` (1-based): first, 2x first, 4x ... up to cap."""
        return min(self.first * (2 ** max(attempt - 1, 0)), self.cap)


@dataclass(frozen=True, slots=True)
class DaemonConfig:
    plan_path: Path
    state_path: StateRef
    failures_dir: Path
    grace: timedelta = timedelta(hours=1)
    pace: timedelta = timedelta(seconds=30)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    #: look a post up among those made since intent time minus this (clock skew with the site)
    lookup_margin: timedelta = timedelta(minutes=2)
    #: a post never tried is looked up among those made since its time minus this (a hand publish
    #: before its time, with an older jadwal or another tool)
    verify_window: timedelta = timedelta(days=1)
    #: an unclear attempt is looked up this long after it (a request the site was still handling when the
    #: browser died lands meanwhile, and the lookup sees it)
    lookup_settle: timedelta = timedelta(seconds=10)
    #: a lookup the site could not answer is asked again after this, doubling, up to `lookup_cap` ...
    lookup_first: timedelta = timedelta(seconds=15)
    lookup_cap: timedelta = timedelta(minutes=5)
    #: ... for this long; then the post is unconfirmed (the owner told) and looked up every `recheck`
    lookup_patience: timedelta = timedelta(minutes=10)
    recheck: timedelta = timedelta(minutes=30)
    #: while the journal cannot be written: look again after this, doubling up to `journal_cap` (seconds)
    journal_first: float = 30.0
    journal_cap: float = 120.0
    #: close the browser after this long without work; open it this long before work is due
    browser_idle: float = 60.0
    warmup: float = 10.0
    #: hard bound on one publish or lookup, browser included
    publish_deadline: float = 120.0
    reload_every: int = 2  # seconds (schedule counts in whole units)
    #: the accounts this daemon serves (None: all); their posts are left to other daemons otherwise
    accounts: frozenset[str] | None = None


class Publisher(Protocol):
    """What the daemon needs from the browser side (a fake one in loop tests)."""

    @property
    def active(self) -> bool:
        """True while a browser is open."""

    def warm(self) -> None:
        """Open the browser ahead of due work."""

    def publish(self, account: Account, post: Post) -> PublishedRef:
        """Publish now; raise PlatformError subclasses (OutcomeUnknown after the click)."""

    def find(self, account: Account, post: Post, since: datetime) -> PublishedRef | None:
        """Look the post up on the site; None when clearly not there; raise when unsure."""

    def close(self) -> None:
        """Close the browser (idempotent)."""


class PlanRejected(JadwalError):
    """The plan has rule errors: the daemon does not run it."""

    def __init__(self, path: Path, findings: list[Finding]) -> None:
        errors = [f for f in findings if f.severity == "error"]
        super().__init__(
            ngettext("{plan} has {count} rule error; the daemon will not run it",
                     "{plan} has {count} rule errors; the daemon will not run it", len(errors)).format(
                plan=path, count=len(errors)),
            _("fix them (see `jadwal validate {plan}`) and start again").format(plan=path),
        )
        self.findings = findings


def load_checked(path: Path) -> tuple[Plan, list[Finding]]:
    """Load and validate a plan; `PlanLoadError` or `PlanRejected` when it must not run."""
    from scheduler.plan import load_plan
    from scheduler.rules.registry import check_plan

    plan = load_plan(path)
    findings = check_plan(plan)
    if any(f.severity == "error" for f in findings):
        raise PlanRejected(path, findings)
    return plan, findings


def release_memory() -> None:
    """Hand the memory freed after loading a big plan back to the OS (glibc keeps it otherwise),
    so an idle daemon stays small."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def describe(finding: Finding) -> str:
    where = f"{finding.file}:{finding.line}" if finding.line else finding.file
    return f"{where}: {finding.severity} {finding.rule} {finding.slug}: {finding.message}"


def restart_fix() -> str:
    """How the owner restarts this daemon (under systemd, or by hand)."""
    if os.environ.get("INVOCATION_ID"):  # started by systemd
        return "sudo systemctl restart jadwal"
    return _("stop `jadwal daemon` (Ctrl-C) and start it again")


class Daemon:
    """Holds the plan, the journal and a publisher; `step()` is one pass, `run()` the loop."""

    def __init__(self, config: DaemonConfig, plan: Plan, journal: Journal, publisher: Publisher,
                 *, clock: Clock | None = None,
                 loader: Callable[[Path], tuple[Plan, list[Finding]]] = load_checked,
                 outbox: Outbox | None = None, pacer: Pacer | None = None) -> None:
        self.config = config
        self.journal = journal
        self.publisher = publisher
        self.clock = clock or SystemClock()
        self.loader = loader
        #: where alerts are sent from (None: they are only recorded, e.g. in loop tests)
        self.outbox = outbox
        self.plan = plan
        #: names this process in the journal's claims
        self.me = journal.identity
        #: the version of the plan the (shared) journal runs, when it is not this daemon's: it publishes nothing
        self.differs: PlanLoad | None = None
        #: extra periodic jobs (every N seconds, guarded) and clean-ups run when the loop stops,
        #: e.g. the comment checker (`scheduler.comments.worker`)
        self.extra_jobs: list[tuple[int, Callable[[], object]]] = []
        self.on_stop: list[Callable[[], object]] = []
        #: per-account pacing and turns, shared with the comment thread (`comments.worker.attach`)
        self.pacer = pacer or Pacer(self.clock)
        self._last_used = time.monotonic()
        self._plan_stamp = self._stamp()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._reload_requested = False
        self._browser_broken = False
        #: results the site gave while the journal could not be written: post id -> the write
        self._unrecorded: dict[str, Callable[[], None]] = {}
        #: seconds until the journal is probed again, while it cannot be written (None: it can)
        self._journal_down: float | None = None
        self.adopt(plan, starting=True)
        self._remember_recent_posts()

    def _remember_recent_posts(self) -> None:
        """Posts published in the last day count toward each account's posts a day, across restarts."""
        since = self.clock.now() - timedelta(hours=24)
        recent: dict[str, list[datetime]] = {}
        for row in self.journal.posts("published"):
            if row.published_at is not None and row.published_at >= since:
                recent.setdefault(row.account, []).append(row.published_at)
        for account_id, times in recent.items():
            if account_id in self.plan.accounts:
                self.pacer.remember_posts(self.plan.accounts[account_id], times)

    # -- plan -----------------------------------------------------------------------

    @property
    def pace(self) -> timedelta:
        return min(self.config.pace, self.plan.cadence.min_gap)

    def adopt(self, plan: Plan, *, starting: bool = False) -> None:
        """Make `plan` the running plan and bring the journal in line with it.

        On a shared journal, a daemon starting beside others that run another version of the plan does
        not overwrite theirs: it says so and publishes nothing (`plan_agrees`). A plan file edited while
        the daemon runs is the newest version: it is loaded, and the others see it."""
        self.plan = plan
        self.posts = {p.id: p for p in plan.posts}
        #: what the daemons of a shared journal compare (taken once: hashing a long plan takes a while)
        self.digest = plan_digest(plan) if self.journal.postgres else ""
        if self.journal.postgres:
            load = self.journal.plan_load()
            if starting and load is not None and load.digest != self.digest and not self.journal.alone():
                self.plan_agrees()
                return
        report = self.journal.sync(plan, self.clock.now())
        if self.journal.postgres:
            self.journal.record_plan(plan, self.clock.now(), self.digest)
            self.differs = None
        logger.info("plan {}: {} posts ({} new, {} changed, {} removed)", plan.name, len(plan.posts),
                    report.added, report.updated, report.removed)
        for post_id in report.edited_after_publish:
            logger.warning("post {} was edited after it was published; the edit is not republished",
                           post_id)
        release_memory()

    def start_up(self) -> list[tuple[str, str]]:
        """What a daemon checks once before its first pass: overdue posts it never tried are looked
        up on the site first (the journal may be new or restored), and accounts with posts to publish
        but no usable session are paused and told. Returns those (account, message) pairs."""
        now = self.clock.now()
        # beside running daemons, a post past its time is theirs to publish, not one never tried
        overdue = self.journal.look_up_overdue(now) if self.journal.alone() else []
        if overdue:
            logger.info("{} post(s) past their time were never tried by this journal: looking them up on "
                        "the site before publishing them", len(overdue))
        told = pauses.check_sessions(self.journal, self.plan, now, self.journal.waiting_accounts())
        for _account, message in told:
            logger.error("{}", message)
            self.alert("account_paused", message)
        return told

    def _stamp(self) -> tuple[float, int] | None:
        try:
            st = self.config.plan_path.stat()
        except OSError:
            return None
        return (st.st_mtime, st.st_size)

    def check_reload(self, *, force: bool = False) -> bool:
        """Reload the plan when its file changed (or `force`); a bad edit keeps the old plan."""
        if self._journal_down is not None:
            return False  # nothing can be recorded: the reload waits (the stamp is not taken)
        stamp = self._stamp()
        if stamp is None and self._plan_stamp is not None:  # deleted or moved away: said once
            self._plan_stamp = None
            self.alert("plan_missing", _("the plan file {path} is gone; still running the plan as it was "
                                         "loaded (put the file back to change it)").format(path=self.config.plan_path))
            return False
        if not force and (stamp is None or stamp == self._plan_stamp):
            return False
        try:
            plan, findings = self.loader(self.config.plan_path)
        except PlanRejected as exc:
            self._plan_stamp = stamp
            for finding in exc.findings:
                logger.error("{}", describe(finding))
            self.alert("plan_rejected", _("{problem}; still running the previous version").format(problem=exc.message))
            return False
        except JadwalError as exc:
            self._plan_stamp = stamp
            self.alert("plan_rejected", _("{problem}; still running the previous version").format(problem=exc))
            return False
        for finding in findings:
            logger.warning("{}", describe(finding))
        logger.info("plan file changed: reloading {}", self.config.plan_path)
        try:
            self.adopt(plan)
        except JournalUnwritable as exc:
            self._journal_full(exc)
            return False
        self._plan_stamp = stamp
        return True

    # -- alerts ---------------------------------------------------------------------

    def alert(self, kind: str, message: str, post_id: str | None = None) -> None:
        """Tell the owner: a log line, a row in the journal's outbox, sent by the outbox's thread.
        When the journal cannot be written, the message goes out without it."""
        logger.warning("ALERT {}{}: {}", kind, f" [{post_id}]" if post_id else "", message)
        try:
            self.journal.add_event(now=self.clock.now(), kind=kind, message=message, post_id=post_id, alert=True)
        except JournalUnwritable:
            if self.outbox is not None:
                from scheduler.notify import alert_level, alert_title

                self.outbox.direct(alert_title(kind, post_id), message, alert_level(kind))
            return
        if self.outbox is not None:
            self.outbox.wake()

    # -- one pass -------------------------------------------------------------------

    def step(self) -> float:
        """Publish what is due now; returns the seconds until there is work again."""
        self._watch_clock()
        if self._journal_down is not None and not self._journal_back():
            return self._journal_down
        try:
            return self._pass()
        except JournalUnwritable as exc:
            self._journal_full(exc)
            return self._journal_down or self.config.journal_first

    def _pass(self) -> float:
        now = started = self.clock.now()
        self._write_unrecorded()
        if not self.plan_agrees():
            return PLAN_RECHECK
        self._resume_accounts()
        if self.journal.lead():  # one daemon of a shared journal does the journal-wide chores
            self._sweep_missed(now)
        if not self.look_up(now):
            return BROWSER_RETRY
        wait_for: list[datetime] = []
        for row in self.journal.due(now):
            if self._stop.is_set():
                break
            if row.check_site or not self.serves(row.account):  # its lookup first; another daemon's account
                continue
            account = self.plan.accounts.get(row.account)
            wait = self.pacer.wait(account, "publish", now) if account is not None else 0.0
            if wait > 0:
                wait_for.append(now + timedelta(seconds=wait))
                continue
            if not self.pacer.acquire_first(row.account, timeout=ACCOUNT_BUSY_WAIT):  # a comment read ends first
                wait_for.append(now + timedelta(seconds=ACCOUNT_BUSY_RETRY))
                continue
            try:
                with self.account_turn(row.account) as mine:
                    if not mine or (account is not None and self.pacer.wait(account, "publish") > 0):
                        # another daemon acts on the account now, or did a moment ago: its pace first
                        wait_for.append(now + timedelta(seconds=ACCOUNT_BUSY_RETRY))
                        continue
                    if not self._browser_ready():
                        return BROWSER_RETRY
                    self._publish(row)
            finally:
                self.pacer.release(row.account)
            now = self.clock.now()
        nxt = self.journal.next_due(after=started)
        if nxt is not None:
            wait_for.append(nxt)
        if not wait_for:
            return MAX_SLEEP
        return max(0.0, (min(wait_for) - self.clock.now()).total_seconds())

    def serves(self, account_id: str) -> bool:
        """Whether this daemon acts for the account (`--accounts`; all when not given)."""
        return self.config.accounts is None or account_id in self.config.accounts

    @contextmanager
    def account_turn(self, account_id: str) -> Iterator[bool]:
        """The account for this process across every daemon of a shared journal (True), with its pace
        brought up to what the others did; False when another daemon acts on it now. Always True on SQLite."""
        if not self.journal.hold_account(account_id, self.clock.now(), self.config.lookup_settle):
            yield False
            return
        try:
            account = self.plan.accounts.get(account_id)
            if self.journal.postgres and account is not None:
                last, posts = self.journal.account_activity(account_id, self.clock.now() - timedelta(hours=24))
                self.pacer.catch_up(account, last, posts, floor=self.pace)
            yield True
        finally:
            self.journal.let_go_account(account_id)

    def plan_agrees(self) -> bool:
        """On a shared journal: whether the journal runs this daemon's version of the plan. When it does
        not, the daemon says so (once per version) and publishes nothing until the plans agree again."""
        if not self.journal.postgres:
            return True
        load = self.journal.plan_load()
        if load is None or load.digest == self.digest:
            if self.differs is not None:
                logger.info("the journal runs this daemon's plan again: publishing")
                self.differs = None
            return True
        if self.differs is None or self.differs.digest != load.digest:
            self.differs = load
            self.alert("plan_differs", _(
                "the plan {path} on this machine differs from the one the journal runs (loaded by {by} at {at}): "
                "this daemon publishes nothing until they agree. Fix: copy the same plan file to every machine "
                "(an edit is loaded by the daemon that sees it first)").format(
                path=self.config.plan_path, by=load.loaded_by, at=self._local(load.loaded_at)))
        return False

    def recover(self) -> bool:
        """Resolve what the journal holds in doubt now (see `look_up`)."""
        return self.look_up(self.clock.now())

    def look_up(self, now: datetime) -> bool:
        """Ask the site about every post in doubt: left in flight by a process that is gone, or by
        this one after an unclear attempt (when its next lookup is due), unconfirmed ones due for
        another look, and waiting ones never tried whose time has passed.

        Returns False when the browser cannot start: they stay as they are for the next pass.
        """
        for row in self.journal.to_look_up(now):
            if self._stop.is_set():
                return True
            if row.id in self._unrecorded or not self.serves(row.account):
                continue
            reason = row.last_error or _("its outcome was unclear")
            orphan = False
            if row.state == "publishing":
                if row.claimed_by == self.me:
                    if row.next_try_at is not None and row.next_try_at > now:
                        continue
                elif self.journal.claimant_alive(row.claimed_by):
                    continue  # another live process (a daemon, `jadwal publish`) is publishing it: its own
                else:
                    orphan = True
            elif row.state == "pending":
                reason = _("never tried by this journal, and its time has passed")
            if not self._browser_ready():
                return False
            with self.pacer.hold(row.account), self.account_turn(row.account) as mine:  # one action at a time
                if not mine:
                    continue  # another daemon acts on the account: looked at in the next pass
                if orphan:
                    if not self.journal.take_over(row, now, by=self.me):
                        continue
                    logger.warning("post {} was being published when jadwal stopped; looking it up", row.id)
                    reason = _("jadwal stopped while publishing it")
                current = self.journal.get(row.id) or row
                if current.state != row.state or current.claimed_by not in (row.claimed_by, self.me):
                    continue  # another daemon settled it meanwhile
                self._resolve(current, reason)
        return True

    def _browser_ready(self) -> bool:
        """Start the browser before claiming anything: a browser that cannot start has posted nothing,
        so its posts stay pending (and are missed after the grace period) rather than unconfirmed."""
        try:
            self.publisher.warm()
        except JadwalError as exc:  # BrowserNotFound, BrowserFailed
            if not self._browser_broken:
                detail = exc.message
                self.alert("browser", _("cannot start the browser: {problem}; trying again every {seconds}s").format(
                    problem=detail, seconds=f"{BROWSER_RETRY:.0f}"))
            self._browser_broken = True
            return False
        if self._browser_broken:
            logger.info("the browser starts again")
        self._browser_broken = False
        return True

    def _sweep_missed(self, now: datetime) -> None:
        ids = self.journal.mark_missed(now - self.config.grace, now)
        if not ids:
            return
        shown = ", ".join(ids[:5])
        if len(ids) > 5:
            shown = _("{posts} and {count} more").format(posts=shown, count=len(ids) - 5)
        self.alert("missed", ngettext(
            "{count} post was due more than {grace} ago and never published: {posts}",
            "{count} posts were due more than {grace} ago and never published: {posts}", len(ids)).format(
                count=len(ids), grace=format_duration(self.config.grace), posts=shown)
            + _(". Fix: `{command}` publishes one now").format(command=self._retry(ids[0] if len(ids) == 1 else
                                                                                    "POST_ID")),
            ids[0] if len(ids) == 1 else None)

    def _publish(self, row: PostRow) -> None:
        post = self.posts.get(row.id)
        account = self.plan.accounts.get(row.account)
        if post is None or account is None:  # put there by `jadwal publish` from a newer plan: not ours yet
            return
        now = self.clock.now()
        if row.state == "retry_wait" and now - self.journal.grace_from(row) > self.config.grace:
            self._retry_too_late(row, now)
            return
        attempt = self.journal.claim(row.id, self.clock.now(), by=self.me, text=post.text)
        if attempt is None:
            return
        self.pacer.record(account, "publish", self.clock.now(), floor=self.pace)
        self._last_used = time.monotonic()
        late = (self.clock.now() - post.at).total_seconds()
        logger.info("publishing {} to {} (attempt {}, {:.1f}s after its time)", post.id, account.id,
                    attempt, late)
        try:
            ref = self.publisher.publish(account, post)
        except AccountBlocked as exc:  # raised before anything was submitted: the post just waits
            self.journal.release(row.id, self.clock.now(), reason=exc.message, outcome="account paused")
            self._pause(account, exc)
        except BlockedAfterSubmit as exc:  # blocked after the click: looked up once resumed, never resent blindly
            self._unclear(row.id, exc.message, exc.artifacts)
            self._pause(account, exc.blocked, reason=exc.message)
        except OutcomeUnknown as exc:
            self._unclear(row.id, exc.message, exc.artifacts)
        except PlatformError as exc:
            self._failed_attempt(row.id, attempt, exc.message, exc.artifacts, retryable=exc.retryable)
        except Exception as exc:
            if self._stop.is_set():  # torn down under us (Ctrl-C reaches the browser too)
                logger.warning("post {}: abandoned while stopping; it is looked up at next start", post.id)
                return
            # not a site's answer but a fault (a dead browser, a bug): its traceback helps
            logger.exception("post {}: {}: {}", post.id, type(exc).__name__, exc)
            self._unclear(row.id, f"{type(exc).__name__}: {exc}")
        else:
            self._record(row.id, lambda: self.journal.published(row.id, ref, self.clock.now()))
            if late > 60:
                logger.info("published late {}: {} ({:.0f} min after its time, within the grace period)",
                            post.id, ref.url, late / 60)
            else:
                logger.info("published {}: {}", post.id, ref.url)
        self._last_used = time.monotonic()

    def _unclear(self, post_id: str, reason: str, artifacts: tuple[Path, ...] = ()) -> None:
        """The click may have happened: look the post up after `lookup_settle`, never click blindly."""
        wait = self.config.lookup_settle
        logger.warning("post {}: outcome unknown ({}); looking it up in {}", post_id, reason, format_duration(wait))
        self.journal.unclear(post_id, self.clock.now(), next_lookup=self.clock.now() + wait, error=reason,
                             artifacts=[str(a) for a in artifacts])

    def _record(self, post_id: str, write: Callable[[], None]) -> None:
        """Write what the site said; when the journal cannot take it, keep it until it can (the post
        stays "publishing" by this process, so nobody else looks it up or publishes it meanwhile)."""
        try:
            write()
        except JournalUnwritable:
            self._unrecorded[post_id] = write
            raise

    def _write_unrecorded(self) -> None:
        for post_id, write in list(self._unrecorded.items()):
            write()
            del self._unrecorded[post_id]
            logger.info("post {}: its result is in the journal now", post_id)

    def _retry(self, post_id: str) -> str:
        """The `jadwal retry` command for a post, runnable as printed (--state when not the default)."""
        from scheduler.runtime.paths import state_option

        plan = self.config.plan_path
        return f"jadwal retry {plan}{state_option(plan, self.config.state_path)} {post_id}"

    def _since(self, row: PostRow) -> datetime:
        """Posts made since when can be this one: from its intent (or, never tried, a while before its
        time), widened by how far the wall clock is from ours (the site keeps the wall's time)."""
        skew = abs(self.clock.offset) if isinstance(self.clock, SteadyClock) else timedelta(0)
        if row.intent_at is not None and row.state != "pending":
            return row.intent_at - self.config.lookup_margin - skew
        return min(row.due_at, self.clock.now()) - self.config.verify_window - skew

    def _resolve(self, row: PostRow, reason: str, artifacts: tuple[Path, ...] = ()) -> None:
        """An ambiguous post: ask the site whether it is there before anything else."""
        post = self.posts.get(row.id)
        account = self.plan.accounts.get(row.account)
        now = self.clock.now()
        if post is None or account is None:
            if row.state == "pending":
                return
            self.journal.unconfirmed(row.id, now, f"{reason}; the post is no longer in the plan")
            self.alert("unconfirmed", _("left in flight and no longer in the plan: check the site; put it back in "
                                        "the plan and run `{command}` if it is not there").format(
                command=self._retry(row.id)), row.id)
            return
        if row.state != "pending" and text_hash(post.text) != row.text_hash:  # the site has the old text
            self.journal.unconfirmed(row.id, now, f"{reason}; its text was edited in the plan since")
            self.alert("unconfirmed", _("its text was edited in the plan while it was being published, so "
                                        "jadwal cannot look it up: check the site for the old text, then "
                                        "`{command}` if it is not there").format(command=self._retry(row.id)), row.id)
            return
        try:
            ref = self.publisher.find(account, post, self._since(row))
        except AccountBlocked as exc:
            self._pause(account, exc)  # looked up again once the account has a new session
            return
        except Exception as exc:
            if self._stop.is_set():
                return  # left as it is: looked up again at next start
            if isinstance(exc, JadwalError):
                detail = exc.message
            else:  # a fault, not the site's answer: keep its traceback
                logger.exception("post {}: the lookup failed", row.id)
                detail = f"{type(exc).__name__}: {exc}"
            self._lookup_failed(row, reason, detail, [*artifacts, *getattr(exc, "artifacts", ())])
            return
        finally:
            self._last_used = time.monotonic()
        now = self.clock.now()
        if ref is not None:
            self._record(row.id, lambda: self.journal.published(row.id, ref, now, how="found"))
            if row.state == "pending":
                logger.info("post {} is on the site already: {}", row.id, ref.url)
            else:
                logger.info("post {} was published after all: {}", row.id, ref.url)
            if row.state == "unconfirmed":
                self.alert("confirmed", _("it is on the site after all: {url}").format(url=ref.url), row.id)
        elif row.state == "pending":
            self.journal.not_on_site(row.id, now)
            logger.info("post {} is not on the site: it goes out as planned", row.id)
        elif row.state == "publishing" and now < row.due_at:  # a hand publish before its time, interrupted
            self.journal.release(row.id, now, reason=f"{reason} (not on the site)", outcome="not on the site")
            logger.info("post {} is not on the site: it goes out at its time", row.id)
        elif now - self.journal.grace_from(row) > self.config.grace:  # in doubt (blocked, crashed, unclear) too long
            self._missed_in_doubt(row, reason, artifacts, now)
        else:
            logger.info("post {} is not on the site: it will be retried", row.id)
            self._failed_attempt(row.id, row.attempt, f"{reason} (not on the site)", artifacts,
                                 retryable=True)

    def _missed_in_doubt(self, row: PostRow, reason: str, artifacts: tuple[Path, ...], now: datetime) -> None:
        """Not on the site, and its grace period is over (a long pause, lookups the site could not answer):
        sending it now would be late beyond the promise, so it is missed and a person decides."""
        grace = format_duration(self.config.grace)
        self.journal.missed(row.id, now, f"{reason} (not on the site; more than {grace} after its time)",
                            [str(a) for a in artifacts])
        logger.warning("post {} is not on the site and its time is more than {} past: missed", row.id, grace)
        self.alert("missed", _("it was not on the site when jadwal could look it up again, more than {grace} "
                               "after its time, so it is not sent late. Fix: `{command}` publishes it now").format(
            grace=grace, command=self._retry(row.id)), row.id)

    def _retry_too_late(self, row: PostRow, now: datetime) -> None:
        """Its retry comes more than the grace period after its time: a retry then would publish it late
        beyond the promise, so it is missed and a person decides."""
        grace = format_duration(self.config.grace)
        error = row.last_error or "failed"
        self.journal.missed(row.id, now, f"{error} (the next try came more than {grace} after its time)",
                            list(row.artifacts))
        logger.warning("post {}: its next try comes more than {} after its time: missed", row.id, grace)
        self.alert("missed", _("not published within {grace} of its time (last try: {error}), so it is not sent "
                               "late. Fix: `{command}` publishes it now").format(
            grace=grace, error=error, command=self._retry(row.id)), row.id)

    def _lookup_failed(self, row: PostRow, reason: str, detail: str, artifacts: list[object]) -> None:
        """The site could not tell: ask again with backoff; past the patience, a person is told (once)
        and it is still looked up every `recheck`, so it resolves itself when the site answers."""
        now = self.clock.now()
        arts = [str(a) for a in artifacts]
        error = f"{reason}; lookup failed: {detail}"
        if row.state == "unconfirmed":
            self.journal.unconfirmed(row.id, now, error, arts or list(row.artifacts),
                                     next_lookup=now + self.config.recheck)
            logger.info("post {} is still unconfirmed (the lookup failed: {}); asking again in {}", row.id,
                        detail, format_duration(self.config.recheck))
            return
        unclear_for = now - (row.unclear_since or now)
        if unclear_for < self.config.lookup_patience:
            left = self.config.lookup_patience - unclear_for  # the last one asks just as patience ends
            wait = max(min(unclear_for, self.config.lookup_cap, left), self.config.lookup_first)
            self.journal.unclear(row.id, now, next_lookup=now + wait, error=error, artifacts=arts)
            logger.warning("post {}: the lookup failed ({}); asking the site again in {}", row.id, detail,
                           format_duration(wait))
            return
        self.journal.unconfirmed(row.id, now, error, arts, next_lookup=now + self.config.recheck)
        self.alert("unconfirmed", _("may or may not be live ({reason}); lookup failed ({problem}). jadwal keeps "
                                    "looking it up; to decide now, check the site, then `{command}` "
                                    "if it is not there").format(
            reason=reason, problem=detail, command=self._retry(row.id)), row.id)

    def _failed_attempt(self, post_id: str, attempt: int, error: str, artifacts: tuple[Path, ...],
                        *, retryable: bool) -> None:
        now = self.clock.now()
        arts = [str(a) for a in artifacts]
        if retryable and attempt < self.config.retry.max_attempts:
            at = now + self.config.retry.delay(attempt)
            self.journal.retry_later(post_id, now, at, error, arts)
            logger.warning("post {}: attempt {} failed ({}); next try at {}", post_id, attempt, error,
                           at.astimezone(self.plan.tz).strftime("%H:%M:%S"))
            return
        self.journal.failed(post_id, now, error, arts)
        if retryable:
            message = _("not published after the last allowed attempt: {error}").format(error=error)
        else:
            message = _("not published (retrying would not help): {error}").format(error=error)
        if arts:
            message = _("{message}; saved: {paths}").format(message=message, paths=", ".join(arts))
        message = _("{message}. Fix: {fix}").format(message=message, fix=_(
            "once the cause is fixed, `{command}` tries again").format(command=self._retry(post_id)))
        self.alert("failed", message, post_id)

    # -- accounts ---------------------------------------------------------------------

    def _pause(self, account: Account, exc: AccountBlocked, *, reason: str | None = None) -> None:
        reason = reason or exc.message
        said = pauses.pause_blocked(self.journal, self.plan, account, exc, self.clock.now(), reason=reason)
        if said is None:
            logger.info("account {} is paused already: {}", account.id, reason)
            return
        self.alert("account_paused", pauses.message(
            account.id, reason, pauses.fix_for(self.plan.path, account.id, pauses.kind_of(exc)),
            self.config.grace))

    def _resume_accounts(self) -> None:
        for account_id, why in pauses.to_resume(self.journal, self.plan):
            if self.journal.resume_account(account_id, self.clock.now(), why=why):
                logger.info("account {} resumes: {}", account_id, why)
                self.alert("account_resumed", _("account {account} resumes ({why}); its waiting posts go out now "
                                                "(those less than {grace} late)").format(
                    account=account_id, why=why, grace=format_duration(self.config.grace)))

    # -- the clock and the journal's disk -------------------------------------------------

    def _watch_clock(self) -> None:
        """A wall clock that jumped against the steady one: logged, told when over a minute."""
        if not isinstance(self.clock, SteadyClock):
            return
        jump = self.clock.check()
        if jump is None:
            return
        ahead = jump > timedelta(0)
        jump = timedelta(seconds=round(jump.total_seconds()))  # the boot clock reads in 10 ms steps
        logger.warning("the system clock jumped {} by {} (it says {}); jadwal keeps to its steady clock ({})",
                       "forward" if ahead else "back", format_duration(abs(jump), exact=True),
                       self.clock.wall().isoformat(timespec="seconds"), self.clock.now().isoformat(timespec="seconds"))
        if abs(jump) > TELL_JUMP:
            text = (_("the system clock jumped forward by {duration}") if ahead
                    else _("the system clock jumped back by {duration}")).format(
                duration=format_duration(abs(jump), exact=True))
            self.alert("clock_jump", _("{what} (it now says {wall}). jadwal keeps its own time, so no post goes out "
                                       "early and none is missed because of it. If the new time is right, restart "
                                       "jadwal to follow it: {fix}").format(
                what=text, wall=self._local(self.clock.wall()), fix=restart_fix()))

    def _journal_full(self, exc: JournalUnwritable) -> None:
        if self._journal_down is not None:
            self._journal_down = min(self._journal_down * 2, self.config.journal_cap)
            logger.debug("the journal still cannot be written; looking again in {:.0f}s", self._journal_down)
            return
        self._journal_down = self.config.journal_first
        logger.error("the journal cannot be written ({}): nothing is published or looked up until it can",
                     exc.message)
        self.alert("journal_full", _("jadwal cannot write its journal: {problem}. It publishes nothing until it "
                                     "can (a post it cannot record could go out twice), tries again by itself "
                                     "and goes on when there is room. Fix: {fix}").format(
            problem=exc.message, fix=exc.hint))

    def _journal_back(self) -> bool:
        try:
            self.journal.probe()
        except JournalUnwritable:
            self._journal_down = min((self._journal_down or 0) * 2 or self.config.journal_first,
                                     self.config.journal_cap)
            return False
        self._journal_down = None
        logger.info("the journal can be written again: going on")
        self.alert("journal_writable", _("jadwal can write its journal again and goes on publishing"))
        return True

    # -- the loop -------------------------------------------------------------------

    def request_stop(self, *_: object) -> None:
        self._stop.set()
        self._wake.set()

    def request_reload(self, *_: object) -> None:
        self._reload_requested = True
        self._wake.set()

    def _tend_browser(self, seconds_to_work: float) -> None:
        """Open the browser just before work is due; close it after a while without work."""
        if seconds_to_work <= self.config.warmup:
            if not self.publisher.active:
                logger.debug("work due in {:.0f}s: starting the browser", seconds_to_work)
                self._browser_ready()
            self._last_used = time.monotonic()
        elif self.publisher.active and time.monotonic() - self._last_used > self.config.browser_idle:
            logger.debug("idle: closing the browser")
            self.publisher.close()

    def run(self) -> None:
        """Run until SIGTERM/SIGINT. Looks up in-flight posts first."""
        import schedule

        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self.request_stop)
        signal.signal(signal.SIGHUP, self.request_reload)
        jobs = schedule.Scheduler()
        jobs.every(self.config.reload_every).seconds.do(self._guarded, self.check_reload)
        for seconds, job in self.extra_jobs:
            jobs.every(seconds).seconds.do(self._guarded, job)
        self._guarded(self.start_up)
        sd_notify("READY=1\nSTATUS=running")  # posts left in flight are looked up by the first step
        logger.info("daemon running: {} posts waiting, next at {}", self.journal.counts()["pending"],
                    self._local(self.journal.next_due()))
        try:
            while not self._stop.is_set():
                if self._reload_requested:
                    self._reload_requested = False
                    self._guarded(self.check_reload, force=True)
                jobs.run_pending()
                delay = self._guarded(self.step)
                delay = MAX_SLEEP / 12 if delay is None else delay  # after a bug: look again soon
                self._guarded(self._tend_browser, delay)
                sd_notify("WATCHDOG=1")
                if self.publisher.active and delay > self.config.warmup:
                    delay = min(delay - self.config.warmup, self.config.browser_idle)
                self._wake.wait(min(delay, jobs.idle_seconds or MAX_SLEEP, MAX_SLEEP))
                self._wake.clear()
        finally:
            sd_notify("STOPPING=1")
            for stop in self.on_stop:
                self._guarded(stop)
            logger.info("stopping: closing the browser")
            self.publisher.close()

    def _guarded(self, job: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """Run a job; a bug in it is logged and the daemon goes on (schedule does not catch)."""
        try:
            return job(*args, **kwargs)
        except JournalUnwritable as exc:  # not a bug: told once, and the loop backs off
            self._journal_full(exc)
            return None
        except Exception:
            logger.exception("{} failed; the daemon goes on", getattr(job, "__name__", job))
            return None

    def _local(self, when: datetime | None) -> str:
        return when.astimezone(self.plan.tz).strftime("%Y-%m-%d %H:%M:%S %Z") if when else "-"

