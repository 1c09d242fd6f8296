"""The daemon's comment checker: reads comments in its own thread so publishing never waits.

Why a thread of its own, with its own Playwright and Chromium: Playwright's
sync API is bound to the thread that started it, and a comment check of many
posts on a slow site takes minutes; run in the publishing thread it would
delay a post due meanwhile by that long. The checker's browser is started for
each check and closed after it (checks are minutes or hours apart), and it
writes through its own journal connection (SQLite serialises the writes; a
connection shared between threads would mix their transactions).

The daemon's scheduler calls `tick()` every few seconds; it only looks at the
clock and wakes the thread when `engagement.check_every` has passed since the
last check began (the plan may be reloaded with a new value). The first check
runs right after start.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.comments.alerts import alert_overdue
from scheduler.comments.check import DEFAULT_LOOKBACK, CheckReport, check_comments, recent_posts
from scheduler.i18n import _

if TYPE_CHECKING:
    from scheduler.clock import Clock
    from scheduler.journal import Journal
    from scheduler.daemon import Daemon
    from scheduler.notify import Notifier
    from scheduler.pacing import Pacer
    from scheduler.plan.model import Plan

#: how often the daemon's scheduler asks whether a check is due
TICK_SECONDS = 5
#: when the plan says nothing (R4 makes it an error, so only for hand-made plans)
DEFAULT_EVERY = timedelta(hours=1)


class CommentChecker:
    """Runs `check_comments` + overdue alerts in a worker thread, when due."""

    def __init__(self, state_path: Path, plan: Callable[[], Plan], failures_dir: Path, *, clock: Clock,
                 notify: Callable[[str, str], None], lookback: timedelta = DEFAULT_LOOKBACK,
                 deadline: float = 600.0, pacer: Pacer | None = None) -> None:
        self.state_path = state_path
        self.plan = plan
        self.failures_dir = failures_dir
        self.clock = clock
        self.notify = notify
        self.lookback = lookback
        self.deadline = deadline
        self.pacer = pacer  # shared with the daemon's publisher: turns and pace per account
        self.last_report: CheckReport | None = None
        #: accounts whose comments could not be read, already told to the owner (told again after a recovery)
        self.unread_told: set[str] = set()
        self.checks = 0
        self._last_start: float | None = None
        self._trigger = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()  # cleared while a check is due or running
        self._idle.set()
        self._thread: threading.Thread | None = None

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def tick(self) -> None:
        """Called from the daemon's loop: cheap, never blocks; wakes the worker when a check is due."""
        if self._stop.is_set() or self.busy:
            return
        every = (self.plan().engagement.check_every or DEFAULT_EVERY).total_seconds()
        if self._last_start is not None and time.monotonic() - self._last_start < every:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="comments", daemon=True)
            self._thread.start()
        self._last_start = time.monotonic()
        self._idle.clear()
        self._trigger.set()

    def run_now(self, timeout: float = 300.0) -> CheckReport | None:
        """Start a check in the worker now (whatever `check_every` says) and wait for it to end."""
        done = self.checks
        while self.busy:  # a check already running: wait for it first
            if not self._idle.wait(timeout):
                return None
        self._last_start = None
        self.tick()
        if not self._idle.wait(timeout):
            return None
        return self.last_report if self.checks > done else None

    def _run(self) -> None:
        while True:
            self._trigger.wait()
            self._trigger.clear()
            if self._stop.is_set():
                return
            try:
                self.check_once()
            except Exception:  # a bug here must not end the checks (nor the daemon)
                logger.exception("the comment check failed; trying again at the next one")
            finally:
                self._idle.set()

    def check_once(self) -> CheckReport:
        """One check in the calling thread: read, record, alert."""
        from scheduler.browser import open_browser
        from scheduler.insights.readings import due_readings
        from scheduler.journal import Journal

        plan = self.plan()
        logger.info("comment check: reading posts of the last {} days", self.lookback.days or self.lookback)
        with Journal(self.state_path) as journal:
            if recent_posts(journal, plan, self.clock.now(), self.lookback) or due_readings(
                    journal, self.clock.now(), plan.accounts):
                with open_browser() as browser:
                    report = check_comments(journal, plan, browser, clock=self.clock,
                                            failures_dir=self.failures_dir, lookback=self.lookback,
                                            stop=self._stop, deadline=self.deadline, pacer=self.pacer)
            else:
                report = CheckReport()  # nothing published lately: no browser needed
            now = self.clock.now()
            alert_overdue(journal, plan, now, since=now - self.lookback, notify=self.notify)
            self._tell_unread(journal, report)
        self.checks += 1
        self.last_report = report
        logger.info("comment check done in {:.1f}s: {} posts, {} comments ({} new, {} newly answered), "
                    "{} post(s) with nothing new left for later, {} activity page(s), numbers of {} post(s) read{}",
                    report.seconds, report.posts, report.comments, report.new, report.answered, report.skipped,
                    report.activity_pages, report.readings,
                    f", {len(report.errors)} problem(s)" if report.errors else "")
        if report.stopped:
            logger.info("comment check stopped early (stopping, or past its {:.0f}s bound); the rest is read "
                        "next time", self.deadline)
        return report

    def _tell_unread(self, journal: Journal, report: CheckReport) -> None:
        """An account whose comments cannot be read is told once (not every check), and again only
        after it has been read successfully in between: a silent R4 check is the failure to avoid."""
        now = self.clock.now()
        for account_id, why in report.failed_accounts.items():
            if account_id in self.unread_told:
                continue
            self.unread_told.add(account_id)
            message = _("the comments of account {account} cannot be read: {problem}").format(
                account=account_id, problem=why)
            journal.add_event(now, "comments_unread", message, alert=True)
            self.notify(_("jadwal: comments of {account} not read").format(account=account_id), message)
        if not report.stopped:
            self.unread_told &= set(report.failed_accounts)

    def close(self, timeout: float = 15.0) -> None:
        """Stop after the post being read (waiting at most `timeout` seconds)."""
        self._stop.set()
        self._trigger.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                logger.warning("the comment check was still reading when jadwal stopped")


def attach(daemon: Daemon, *, lookback: timedelta = DEFAULT_LOOKBACK, notifier: Notifier | None = None
           ) -> CommentChecker:
    """Give a daemon its comment checker and its notifier (alerts of every kind reach the owner)."""
    from scheduler.notify import Notifier, warn_literal_secrets

    notifier = notifier or Notifier(lambda: daemon.plan.engagement.notify)
    warn_literal_secrets(daemon.plan.engagement.notify)
    daemon.alert_hooks.append(notifier.alert)

    def notify(title: str, body: str) -> None:
        notifier.submit(title, body, "warning")

    checker = CommentChecker(daemon.config.state_path, lambda: daemon.plan, daemon.config.failures_dir,
                             clock=daemon.clock, notify=notify, lookback=lookback, pacer=daemon.pacer)
    daemon.extra_jobs.append((TICK_SECONDS, checker.tick))
    daemon.on_stop.append(checker.close)
    daemon.on_stop.append(notifier.close)
    return checker
