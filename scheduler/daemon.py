"""The daemon: publish each due post exactly once, and keep going for months.

The loop (modelled on schedule's and huey's): an owned `schedule.Scheduler`
runs the periodic jobs (plan reload check, closing an idle browser); between
passes the loop sleeps on a `threading.Event` until the next due post or job,
so an idle daemon does nothing. Signal handlers only set flags and wake it.

Exactly-once, with no idempotency key from the site: the journal's `claim`
writes the intent durably before the click; the result is written the moment
the adapter returns. Whatever is ambiguous (OutcomeUnknown, a crash leaving a
row in "publishing", a killed browser) is looked up with `find_published`:
found -> published; clearly absent -> retried; lookup failed -> "unconfirmed",
alerted, and left for a person (`jadwal retry`).

Pacing (`scheduler.pacing`): one account publishes at most once per `pace`
(default 30 s, or the plan's `cadence.min_gap` when that is shorter) or its
platform pack's gap plus jitter, whichever is longer, and no more posts a day
than the pack allows, so a backlog after downtime trickles out instead of
landing at once; posts older than `grace` that were never tried are marked
missed and alerted. The pacer is shared with the comment thread: one account
acts in one browser at a time (a post whose account is busy waits a moment).
"""

from __future__ import annotations

import fcntl
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, Protocol, TypeVar

from loguru import logger

from scheduler.clock import Clock, SystemClock
from scheduler.errors import JadwalError, OutcomeUnknown, PlatformError, StateError
from scheduler.journal import Journal, PostRow, text_hash
from scheduler.i18n import _, ngettext
from scheduler.pacing import Pacer
from scheduler.systemd import sd_notify

if TYPE_CHECKING:
    from scheduler.findings import Finding
    from scheduler.plan.model import Account, Plan, Post
    from scheduler.platforms.base import PublishedRef

P = ParamSpec("P")
T = TypeVar("T")

#: the longest the loop sleeps without looking (also bounds clock jumps after a suspend)
MAX_SLEEP = 60.0
#: how soon to try again when the browser cannot start
BROWSER_RETRY = 30.0
#: how long a due post waits for its account's turn (a comment read in progress), and how soon it is
#: looked at again when that was not enough
ACCOUNT_BUSY_WAIT = 60.0
ACCOUNT_BUSY_RETRY = 2.0


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
    state_path: Path
    failures_dir: Path
    grace: timedelta = timedelta(hours=1)
    pace: timedelta = timedelta(seconds=30)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    #: look a post up among those made since intent time minus this (clock skew with the site)
    lookup_margin: timedelta = timedelta(minutes=2)
    #: close the browser after this long without work; open it this long before work is due
    browser_idle: float = 60.0
    warmup: float = 10.0
    #: hard bound on one publish or lookup, browser included
    publish_deadline: float = 120.0
    reload_every: int = 2  # seconds (schedule counts in whole units)


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


class StateLock:
    """An exclusive `flock` on `<state>.lock`: one daemon per state database."""

    def __init__(self, state_path: Path) -> None:
        self.path = state_path.with_name(state_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise StateError(
                f"another jadwal daemon (PID {holder}) is already using {self.path.with_suffix('')}",
                "stop that daemon first, or give this one a different --state",
            ) from None
        os.fchmod(fd, 0o600)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None


class Daemon:
    """Holds the plan, the journal and a publisher; `step()` is one pass, `run()` the loop."""

    def __init__(self, config: DaemonConfig, plan: Plan, journal: Journal, publisher: Publisher,
                 *, clock: Clock | None = None,
                 loader: Callable[[Path], tuple[Plan, list[Finding]]] = load_checked,
                 pacer: Pacer | None = None) -> None:
        self.config = config
        self.journal = journal
        self.publisher = publisher
        self.clock = clock or SystemClock()
        self.loader = loader
        self.plan = plan
        self.alert_hooks: list[Callable[[str, str, str | None], None]] = []
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
        self.adopt(plan)
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

    def adopt(self, plan: Plan) -> None:
        """Make `plan` the running plan and bring the journal in line with it."""
        self.plan = plan
        self.posts = {p.id: p for p in plan.posts}
        report = self.journal.sync(plan, self.clock.now())
        logger.info("plan {}: {} posts ({} new, {} changed, {} removed)", plan.name, len(plan.posts),
                    report.added, report.updated, report.removed)
        for post_id in report.edited_after_publish:
            logger.warning("post {} was edited after it was published; the edit is not republished",
                           post_id)
        release_memory()

    def _stamp(self) -> tuple[float, int] | None:
        try:
            st = self.config.plan_path.stat()
        except OSError:
            return None
        return (st.st_mtime, st.st_size)

    def check_reload(self, *, force: bool = False) -> bool:
        """Reload the plan when its file changed (or `force`); a bad edit keeps the old plan."""
        stamp = self._stamp()
        if stamp is None and self._plan_stamp is not None:  # deleted or moved away: said once
            self._plan_stamp = None
            self.alert("plan_missing", _("the plan file {path} is gone; still running the plan as it was "
                                         "loaded (put the file back to change it)").format(path=self.config.plan_path))
            return False
        if not force and (stamp is None or stamp == self._plan_stamp):
            return False
        self._plan_stamp = stamp
        try:
            plan, findings = self.loader(self.config.plan_path)
        except PlanRejected as exc:
            for finding in exc.findings:
                logger.error("{}", describe(finding))
            self.alert("plan_rejected", _("{problem}; still running the previous version").format(problem=exc.message))
            return False
        except JadwalError as exc:
            self.alert("plan_rejected", _("{problem}; still running the previous version").format(problem=exc))
            return False
        for finding in findings:
            logger.warning("{}", describe(finding))
        logger.info("plan file changed: reloading {}", self.config.plan_path)
        self.adopt(plan)
        return True

    # -- alerts ---------------------------------------------------------------------

    def alert(self, kind: str, message: str, post_id: str | None = None) -> None:
        """Tell the owner: a log line and a row in the journal's events (notifications hook in here)."""
        logger.warning("ALERT {}{}: {}", kind, f" [{post_id}]" if post_id else "", message)
        self.journal.add_event(self.clock.now(), kind, message, post_id, alert=True)
        for hook in self.alert_hooks:
            try:
                hook(kind, message, post_id)
            except Exception:  # a broken notifier must not stop publishing
                logger.exception("alert hook failed")

    # -- one pass -------------------------------------------------------------------

    def recover(self) -> bool:
        """Resolve every post a previous run left in flight (crash, kill, power cut).

        Returns False when the browser cannot start: the posts stay in flight for the next pass.
        """
        for row in self.journal.posts("publishing"):
            if self._stop.is_set() or not self._browser_ready():
                return False
            logger.warning("post {} was being published when jadwal stopped; looking it up", row.id)
            with self.pacer.hold(row.account):
                self._resolve(row, "jadwal stopped while publishing it")
        return True

    def step(self) -> float:
        """Publish what is due now; returns the seconds until there is work again."""
        now = started = self.clock.now()
        if not self.recover():
            return BROWSER_RETRY
        self._sweep_missed(now)
        wait_for: list[datetime] = []
        for row in self.journal.due(now):
            if self._stop.is_set():
                break
            account = self.plan.accounts.get(row.account)
            wait = self.pacer.wait(account, "publish", now) if account is not None else 0.0
            if wait > 0:
                wait_for.append(now + timedelta(seconds=wait))
                continue
            if not self.pacer.acquire_first(row.account, timeout=ACCOUNT_BUSY_WAIT):  # a comment read ends first
                wait_for.append(now + timedelta(seconds=ACCOUNT_BUSY_RETRY))
                continue
            try:
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
                count=len(ids), grace=self.config.grace, posts=shown), ids[0] if len(ids) == 1 else None)

    def _publish(self, row: PostRow) -> None:
        post = self.posts.get(row.id)
        account = self.plan.accounts.get(row.account)
        if post is None or account is None:  # cannot happen with a validated plan; never spin on it
            self.journal.failed(row.id, self.clock.now(), "not in the running plan (or its account is not)")
            return
        attempt = self.journal.claim(row.id, self.clock.now())
        if attempt is None:
            return
        self.pacer.record(account, "publish", self.clock.now(), floor=self.pace)
        self._last_used = time.monotonic()
        late = (self.clock.now() - post.at).total_seconds()
        logger.info("publishing {} to {} (attempt {}, {:.1f}s after its time)", post.id, account.id,
                    attempt, late)
        try:
            ref = self.publisher.publish(account, post)
        except OutcomeUnknown as exc:
            logger.warning("post {}: outcome unknown ({}); looking it up", post.id, exc.message)
            self._resolve(self.journal.get(row.id), exc.message, exc.artifacts)  # type: ignore[arg-type]
        except PlatformError as exc:
            self._failed_attempt(row.id, attempt, exc.message, exc.artifacts, retryable=exc.retryable)
        except Exception as exc:
            if self._stop.is_set():  # torn down under us (Ctrl-C reaches the browser too)
                logger.warning("post {}: abandoned while stopping; it is looked up at next start", post.id)
                return
            # not a site's answer but a fault (a dead browser, a bug): its traceback helps
            logger.exception("post {}: {}: {}; looking it up", post.id, type(exc).__name__, exc)
            self._resolve(self.journal.get(row.id), f"{type(exc).__name__}: {exc}")  # type: ignore[arg-type]
        else:
            self.journal.published(row.id, ref, self.clock.now())
            if late > 60:
                logger.info("published late {}: {} ({:.0f} min after its time, within the grace period)",
                            post.id, ref.url, late / 60)
            else:
                logger.info("published {}: {}", post.id, ref.url)
        self._last_used = time.monotonic()

    def _resolve(self, row: PostRow, reason: str, artifacts: tuple[Path, ...] = ()) -> None:
        """An ambiguous attempt: ask the site whether the post is there before anything else."""
        post = self.posts.get(row.id)
        account = self.plan.accounts.get(row.account)
        now = self.clock.now()
        if post is None or account is None:
            self.journal.unconfirmed(row.id, now, f"{reason}; the post is no longer in the plan")
            self.alert("unconfirmed", _("left in flight and no longer in the plan: check the site, "
                                        "then `jadwal retry` it if it is not there"), row.id)
            return
        if text_hash(post.text) != row.text_hash:  # edited while in flight: the site has the old text
            self.journal.unconfirmed(row.id, now, f"{reason}; its text was edited in the plan since")
            self.alert("unconfirmed", _("its text was edited in the plan while it was being published, so "
                                        "jadwal cannot look it up: check the site for the old text, then "
                                        "`jadwal retry` it if it is not there"), row.id)
            return
        since = (row.intent_at or now) - self.config.lookup_margin
        try:
            ref = self.publisher.find(account, post, since)
        except Exception as exc:
            if self._stop.is_set():
                return  # still "publishing": looked up again at next start
            if isinstance(exc, JadwalError):
                detail = exc.message
            else:  # a fault, not the site's answer: keep its traceback
                logger.exception("post {}: the lookup failed", row.id)
                detail = f"{type(exc).__name__}: {exc}"
            arts = [*artifacts, *getattr(exc, "artifacts", ())]
            self.journal.unconfirmed(row.id, self.clock.now(), f"{reason}; lookup failed: {detail}",
                                     [str(a) for a in arts])
            self.alert("unconfirmed", _("may or may not be live ({reason}); lookup failed ({problem}). "
                                        "Check the site, then `jadwal retry` it if it is not there").format(
                reason=reason, problem=detail), row.id)
            return
        finally:
            self._last_used = time.monotonic()
        if ref is not None:
            self.journal.published(row.id, ref, self.clock.now(), how="found")
            logger.info("post {} was published after all: {}", row.id, ref.url)
        else:
            logger.info("post {} is not on the site: it will be retried", row.id)
            self._failed_attempt(row.id, row.attempt, f"{reason} (not on the site)", artifacts,
                                 retryable=True)

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
        self.alert("failed", message, post_id)

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
        """Run until SIGTERM/SIGINT. Recovers in-flight posts first."""
        import schedule

        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self.request_stop)
        signal.signal(signal.SIGHUP, self.request_reload)
        jobs = schedule.Scheduler()
        jobs.every(self.config.reload_every).seconds.do(self._guarded, self.check_reload)
        for seconds, job in self.extra_jobs:
            jobs.every(seconds).seconds.do(self._guarded, job)
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
        except Exception:
            logger.exception("{} failed; the daemon goes on", getattr(job, "__name__", job))
            return None

    def _local(self, when: datetime | None) -> str:
        return when.astimezone(self.plan.tz).strftime("%Y-%m-%d %H:%M:%S %Z") if when else "-"
