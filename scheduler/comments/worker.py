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
runs right after start. Paused accounts are not read; an account the site blocks
is paused here as in the publishing thread. Alerts go to the journal's outbox
(the daemon's `Outbox` sends them); a journal that cannot be written loses this
check only (the daemon tells the owner).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.runtime.state import StateRef
from scheduler.comments.alerts import alert_overdue
from scheduler.comments.check import DEFAULT_LOOKBACK, CheckReport, check_comments, recent_posts
from scheduler.errors import JournalUnwritable
from scheduler.i18n import _
from scheduler.runtime import pauses
from scheduler.worker import WorkerThread

if TYPE_CHECKING:
    from scheduler.plan.model import Plan
    from scheduler.runtime.clock import Clock
    from scheduler.runtime.daemon import Daemon
    from scheduler.runtime.journal import Journal
    from scheduler.pacing import Pacer
    from scheduler.runtime.outbox import Outbox

#: how often the daemon's scheduler asks whether a check is due
TICK_SECONDS = 5
#: when the plan says nothing (R4 makes it an error, so only for hand-made plans)
DEFAULT_EVERY = timedelta(hours=1)


class CommentChecker(WorkerThread):
    """Runs `check_comments` + overdue alerts in a worker thread, when due."""

    def __init__(self, state_path: StateRef, plan: Callable[[], Plan], failures_dir: Path, *, clock: Clock,
                 outbox: Outbox | None = None, lookback: timedelta = DEFAULT_LOOKBACK,
                 deadline: float = 600.0, reply_command: str | None = None,
                 grace: timedelta | None = None, pacer: Pacer | None = None) -> None:
        super().__init__("comments", "the comment check failed; trying again at the next one",
                         "the comment check was still reading when jadwal stopped")
        self.state_path = state_path
        self.plan = plan
        self.failures_dir = failures_dir
        self.clock = clock
        #: alerts are recorded in the journal's outbox; this wakes its sender (None: recorded only)
        self.outbox = outbox
        self.reply_command = reply_command
        self.grace = grace
        self.pacer = pacer  # shared with the daemon's publisher: turns and pace per account
        self.lookback = lookback
        #: the accounts this daemon serves (None: every account of the plan)
        self.accounts: frozenset[str] | None = None
        self.deadline = deadline
        self.last_report: CheckReport | None = None
        #: accounts whose comments could not be read, already told to the owner (told again after a recovery)
        self.unread_told: set[str] = set()
        self.checks = 0
        self._last_start: float | None = None

    def tick(self) -> None:
        """Called from the daemon's loop: cheap, never blocks; wakes the worker when a check is due."""
        if self._stop.is_set() or self.busy:
            return
        every = (self.plan().engagement.check_every or DEFAULT_EVERY).total_seconds()
        if self._last_start is not None and time.monotonic() - self._last_start < every:
            return
        self._last_start = time.monotonic()
        self._wake()

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

    def _work(self) -> None:
        self.check_once()

    def check_once(self) -> CheckReport:
        """One check in the calling thread: read, record, pause blocked accounts, alert."""
        from scheduler.browser import open_browser
        from scheduler.insights.readings import due_readings
        from scheduler.runtime.journal import Journal

        plan = self.plan()
        logger.info("comment check: reading posts of the last {} days", self.lookback.days or self.lookback)
        report = CheckReport()
        try:
            with Journal(self.state_path) as journal:
                # paused accounts wait; those another daemon serves (--accounts) are its to read
                paused = set(journal.pauses()) | {a for a in plan.accounts if self.accounts is not None
                                                  and a not in self.accounts}
                active = {a: acc for a, acc in plan.accounts.items() if a not in paused}
                if [a for a in recent_posts(journal, plan, self.clock.now(), self.lookback) if a not in paused] or \
                        due_readings(journal, self.clock.now(), active):
                    with open_browser() as browser:
                        report = check_comments(journal, plan, browser, clock=self.clock,
                                                failures_dir=self.failures_dir, lookback=self.lookback,
                                                stop=self._stop, deadline=self.deadline, skip=paused,
                                                pacer=self.pacer)
                now = self.clock.now()
                self._pause_blocked(journal, plan, report)
                alert_overdue(journal, plan, now, since=now - self.lookback, reply_command=self.reply_command)
                self._tell_unread(journal, report)
        except JournalUnwritable as exc:  # the daemon tells the owner; this check is simply lost
            logger.error("comment check: cannot write the journal ({}); reading again at the next check",
                         exc.message)
        if self.outbox is not None:
            self.outbox.wake()
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

    def _pause_blocked(self, journal: Journal, plan: Plan, report: CheckReport) -> None:
        """An account the site blocks is paused here as in the publishing thread (told once, by whichever
        notices first)."""
        for account_id, exc in report.blocked.items():
            account = plan.accounts.get(account_id)
            if account is None:
                continue
            said = pauses.pause_blocked(journal, plan, account, exc, self.clock.now())
            if said is not None:
                journal.add_event(now=self.clock.now(), kind="account_paused", alert=True,
                                  message=pauses.message(account_id, exc.message, pauses.fix_for(
                                      plan.path, account_id, pauses.kind_of(exc)), self.grace))

    def _tell_unread(self, journal: Journal, report: CheckReport) -> None:
        """An account whose comments cannot be read is told once (not every check), and again only
        after it has been read successfully in between: a silent R4 check is the failure to avoid.
        (A blocked account is told by its pause instead.)"""
        now = self.clock.now()
        for account_id, why in report.failed_accounts.items():
            if account_id in self.unread_told or account_id in report.blocked:
                continue
            self.unread_told.add(account_id)
            message = _("the comments of account {account} cannot be read: {problem}").format(
                account=account_id, problem=why)
            journal.add_event(now=now, kind="comments_unread", message=message, alert=True,
                              title=_("jadwal: comments of {account} not read").format(account=account_id))
        if not report.stopped:
            self.unread_told &= set(report.failed_accounts)


def attach(daemon: Daemon, *, lookback: timedelta = DEFAULT_LOOKBACK) -> CommentChecker:
    """Give a daemon its comment checker (its alerts go to the daemon's outbox)."""
    from scheduler.runtime.paths import state_option

    command = f"jadwal reply {daemon.config.plan_path}{state_option(daemon.config.plan_path, daemon.config.state_path)}"
    checker = CommentChecker(daemon.config.state_path, lambda: daemon.plan, daemon.config.failures_dir,
                             clock=daemon.clock, outbox=daemon.outbox, lookback=lookback,
                             reply_command=command, grace=daemon.config.grace, pacer=daemon.pacer)
    checker.accounts = daemon.config.accounts
    daemon.extra_jobs.append((TICK_SECONDS, checker.tick))
    daemon.on_stop.append(checker.close)
    return checker
