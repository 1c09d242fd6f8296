"""The daemon's scheduled selftest: catch a broken step before the next post of an account is due.

With `jadwal daemon --selftest-every 24h`, an account whose next post is due
within `lead` (1 h) and whose last selftest is older than `every` is walked
through `scheduler.selftest` (its dry run and comment reading: nothing posted),
in a thread and browser of its own like the comment checker, on the account's
turn (the shared pacer). A step that broke is told to the owner once (with the
step, the fix and the post at stake) until a selftest passes again; a
checkpoint is told as one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.runtime.state import StateRef
from scheduler.i18n import _
from scheduler.worker import WorkerThread

if TYPE_CHECKING:
    from scheduler.runtime.clock import Clock
    from scheduler.runtime.daemon import Daemon
    from scheduler.pacing import Pacer
    from scheduler.plan.model import Plan
    from scheduler.runtime.outbox import Outbox
    from scheduler.selftest import SelftestReport

#: how often the daemon's scheduler asks whether a selftest is due
TICK_SECONDS = 10
#: run an account's selftest when its next post is due within this
DEFAULT_LEAD = timedelta(hours=1)


class SelftestWorker(WorkerThread):
    """Runs due selftests in a worker thread; tells the owner about a broken step once."""

    def __init__(self, state_path: StateRef, plan: Callable[[], Plan], out_dir: Path, *, clock: Clock,
                 every: timedelta, lead: timedelta = DEFAULT_LEAD, pacer: Pacer | None = None,
                 outbox: Outbox | None = None, notify: Callable[[str, str], None] | None = None) -> None:
        super().__init__("selftest", "the scheduled selftest failed; trying again at the next one")
        self.state_path = state_path
        self.plan = plan
        self.out_dir = out_dir
        self.clock = clock
        #: alerts go to the journal's outbox (the daemon's sends them); `notify` also hears them (tests)
        self.outbox = outbox
        self.notify = notify
        self.every = every
        self.lead = lead
        self.pacer = pacer
        self.last_run: dict[str, datetime] = {}
        #: account -> what was told (step and problem), so a broken step is told once
        self.told: dict[str, str] = {}
        self.reports: dict[str, SelftestReport] = {}
        self._queue: list[str] = []

    def due(self, now: datetime) -> list[str]:
        """Accounts whose next post is due within `lead` and whose last selftest is older than `every`."""
        from scheduler.runtime.journal import Journal

        plan = self.plan()
        with Journal(self.state_path) as journal:
            upcoming = journal.posts("pending", "retry_wait")
        nxt: dict[str, datetime] = {}
        for row in upcoming:
            at = row.next_try_at or row.due_at
            if row.in_plan and row.account in plan.accounts and (row.account not in nxt or at < nxt[row.account]):
                nxt[row.account] = at
        return [account for account, at in sorted(nxt.items())
                if at - now <= self.lead and now - self.last_run.get(account, datetime.min.replace(
                    tzinfo=now.tzinfo)) >= self.every]

    def tick(self) -> None:
        """From the daemon's loop: cheap; wakes the worker when an account's selftest is due."""
        if self._stop.is_set() or self.busy:
            return
        accounts = self.due(self.clock.now())
        if not accounts:
            return
        self._queue = accounts
        self._wake()

    def run_now(self, account_id: str, timeout: float = 300.0) -> SelftestReport | None:
        """Run one account's selftest in the worker now and wait for it (tests, and a person's request)."""
        if not self._idle.wait(timeout):
            return None
        self._queue = [account_id]
        self._wake()
        if not self._idle.wait(timeout):
            return None
        return self.reports.get(account_id)

    def _work(self) -> None:
        for account_id in list(self._queue):
            if self._stop.is_set():
                break
            self.check(account_id)

    def check(self, account_id: str) -> SelftestReport | None:
        """One account's selftest in the calling thread, and what the owner must know of it."""
        from contextlib import nullcontext

        from scheduler.errors import JadwalError
        from scheduler.selftest import run_selftest

        plan = self.plan()
        now = self.clock.now()
        self.last_run[account_id] = now
        out = self.out_dir / f"{account_id}-{now:%Y%m%dT%H%M%SZ}"
        started = time.monotonic()
        turn = self.pacer.hold(account_id) if self.pacer is not None else nullcontext()
        try:
            with turn:
                report = run_selftest(plan, account_id, out_dir=out, now=now)
        except JadwalError as exc:  # before the browser: the plan, the pack, the media
            self._tell(account_id, "setup", _("the selftest of account {account} cannot run: {problem}").format(
                account=account_id, problem=exc))
            return None
        self.reports[account_id] = report
        logger.info("selftest of {}: {} in {:.1f}s", account_id, "ok" if report.ok else "FAILED",
                    time.monotonic() - started)
        if report.ok:
            if self.told.pop(account_id, None) is not None:
                logger.info("selftest of {} passes again", account_id)
            return report
        self._tell_failure(account_id, report)
        return report

    def _tell_failure(self, account_id: str, report: SelftestReport) -> None:
        from scheduler.selftest import step_words

        error = report.error
        failed = report.failed_step
        step = step_words(failed.name) if failed else _("before the first step")
        problem = error.message if error else _("a step failed")
        nxt = self._next_post(account_id)
        message = _("the selftest of account {account} failed at step {step}: {problem}").format(
            account=account_id, step=step, problem=problem)
        if nxt is not None:
            message += "; " + _("its next post {post} is due at {time}").format(
                post=nxt[0], time=f"{nxt[1].astimezone(self.plan().tz):%Y-%m-%d %H:%M}")
        if error is not None and error.hint:
            message += "\n" + _("fix: {hint}").format(hint=error.hint)
        if failed is not None and failed.screenshot:
            message += "\n" + _("screenshot: {path}").format(path=failed.screenshot)
        self._tell(account_id, f"{failed.name if failed else ''}:{problem}", message)

    def _tell(self, account_id: str, what: str, message: str) -> None:
        if self.told.get(account_id) == what:
            logger.info("selftest of {} still fails ({}); already told", account_id, what.split(":")[0])
            return
        self.told[account_id] = what
        from scheduler.errors import JournalUnwritable
        from scheduler.runtime.journal import Journal

        title = _("jadwal: selftest of {account} failed").format(account=account_id)
        logger.warning("ALERT selftest: {}", message)
        try:
            with Journal(self.state_path) as journal:
                journal.add_event(now=self.clock.now(), kind="selftest", message=message, alert=True, title=title)
        except JournalUnwritable:
            if self.outbox is not None:
                self.outbox.direct(title, message, "warning")
        else:
            if self.outbox is not None:
                self.outbox.wake()
        if self.notify is not None:
            self.notify(title, message)

    def _next_post(self, account_id: str) -> tuple[str, datetime] | None:
        from scheduler.runtime.journal import Journal

        with Journal(self.state_path) as journal:
            rows = [r for r in journal.posts("pending", "retry_wait") if r.account == account_id and r.in_plan]
        if not rows:
            return None
        row = min(rows, key=lambda r: r.next_try_at or r.due_at)
        return row.id, row.next_try_at or row.due_at


def attach(daemon: Daemon, *, every: timedelta, lead: timedelta = DEFAULT_LEAD) -> SelftestWorker:
    """Give a daemon its scheduled selftests (`every` apart per account, `lead` before a post is due); they
    tell the owner through the daemon's outbox."""
    worker = SelftestWorker(daemon.config.state_path, lambda: daemon.plan, daemon.config.failures_dir / "selftest",
                            clock=daemon.clock, every=every, lead=lead, pacer=daemon.pacer, outbox=daemon.outbox)
    daemon.extra_jobs.append((TICK_SECONDS, worker.tick))
    daemon.on_stop.append(worker.close)
    return worker
