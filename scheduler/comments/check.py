"""The comment check: read the comments of recent published posts through the adapters.

One signed-in page per account per check (not one per post): a new browser
context costs more than the page loads themselves. No trace is recorded while
reading (it would hold every page's snapshot); a failure still leaves a
screenshot. A post whose comments cannot be read is logged and skipped; a page
whose renderer crashed is replaced and the check goes on with the next post; an
account the site blocks (expired session, a checkpoint) stops that account's
check and is reported in the result (`blocked`: the daemon pauses it), never
raised into the daemon. Paused accounts are not read at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.errors import AccountBlocked, JadwalError, PlatformError, SiteUnavailable

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from scheduler.runtime.clock import Clock
    from scheduler.runtime.journal import Journal, PostRow
    from scheduler.progress import Progress
    from scheduler.plan.model import Plan
    from scheduler.platforms.base import Comment, PublishedRef

#: how far back published posts are read, unless told otherwise
DEFAULT_LOOKBACK = timedelta(days=14)


@dataclass(slots=True)
class CheckReport:
    """What one comment check saw."""

    posts: int = 0
    comments: int = 0
    new: int = 0
    answered: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    #: accounts whose comments could not be read at all (session expired, site down), with why
    failed_accounts: dict[str, str] = field(default_factory=dict)
    #: accounts the site blocks until a person acts (the daemon pauses them)
    blocked: dict[str, AccountBlocked] = field(default_factory=dict)
    #: pages replaced after their renderer crashed
    crashes: int = 0
    stopped: bool = False


def ref_of(row: PostRow) -> PublishedRef:
    from scheduler.platforms.base import PublishedRef

    return PublishedRef(remote_id=row.remote_id or "", url=row.url or "", published_at=row.published_at)


def recent_posts(journal: Journal, plan: Plan, now: datetime, lookback: timedelta) -> dict[str, list[PostRow]]:
    """Published posts of the plan's accounts since `now - lookback`, per account, oldest first."""
    since = now - lookback
    grouped: dict[str, list[PostRow]] = {}
    for row in journal.posts("published"):
        if row.account in plan.accounts and row.url and row.published_at and row.published_at >= since:
            grouped.setdefault(row.account, []).append(row)
    return grouped


#: crashed pages replaced in one account's check before it gives up until the next check
MAX_CRASHES = 3


class _PageCrashed(Exception):
    """Leave the account's page (it is discarded) and go on with a new one."""


def check_comments(journal: Journal, plan: Plan, browser: Browser, *, clock: Clock, failures_dir: Path,
                   lookback: timedelta = DEFAULT_LOOKBACK, stop: threading.Event | None = None,
                   deadline: float | None = None, progress: Progress | None = None,
                   skip: Collection[str] = ()) -> CheckReport:
    """Read and record the comments of every recent published post; returns what was seen.

    `stop` ends the check between two posts; `deadline` (seconds) bounds the whole check;
    `progress` advances once per post read; accounts in `skip` (paused) are not read.
    """
    started = time.monotonic()
    report = CheckReport()
    recent = {a: rows for a, rows in recent_posts(journal, plan, clock.now(), lookback).items() if a not in skip}
    if progress is not None:
        progress.add_total(sum(len(rows) for rows in recent.values()))

    def out_of_time() -> bool:
        return (stop is not None and stop.is_set()) or (deadline is not None and time.monotonic() - started > deadline)

    for account_id, rows in recent.items():
        try:
            _check_account(journal, plan, browser, account_id, rows, clock=clock, failures_dir=failures_dir,
                           report=report, out_of_time=out_of_time, progress=progress)
        except AccountBlocked as exc:
            report.errors.append(f"{account_id}: {exc.message}")
            report.failed_accounts[account_id] = f"{exc.message}; {exc.hint}"
            report.blocked[account_id] = exc
            logger.error("comments of {} not read: {} ({})", account_id, exc.message, exc.hint)
        except JadwalError as exc:
            report.errors.append(f"{account_id}: {exc.message}")
            report.failed_accounts[account_id] = exc.message
            logger.error("comments of {} not read: {}", account_id, exc.message)
        if report.stopped:
            break
    report.seconds = time.monotonic() - started
    return report


def _check_account(journal: Journal, plan: Plan, browser: Browser, account_id: str, rows: list[PostRow], *,
                   clock: Clock, failures_dir: Path, report: CheckReport, out_of_time: Callable[[], bool],
                   progress: Progress | None) -> None:
    """One account's posts, on one signed-in page; a new page after a crash (a few times at most)."""
    from scheduler.browser import Timeouts, account_page, page_crashed
    from scheduler.platforms.registry import account_adapter

    account = plan.accounts[account_id]
    adapter = account_adapter(account)
    todo = list(rows)
    read = crashes = 0
    while todo:
        page = None
        failed_here: list[PostRow] = []  # a read that failed as the renderer died may fail before the crash shows
        try:
            with account_page(browser, account, failures_dir=failures_dir, label=f"comments-{account_id}",
                              trace=False, plan=plan.path, unclassified=SiteUnavailable,
                              timeouts=Timeouts(navigation_ms=30_000, action_ms=10_000)) as page:
                while todo:
                    if out_of_time():
                        report.stopped = True
                        return
                    ok = _read_post(journal, adapter.comments, page, todo[0], account.handle, clock, report)
                    if not ok and page_crashed(page):
                        raise _PageCrashed()
                    read += ok
                    row = todo.pop(0)
                    if not ok:
                        failed_here.append(row)
                    if progress is not None:
                        progress.advance()
                if read:
                    _read_metrics(journal, adapter.metrics, page, account_id, clock)
        except (_PageCrashed, PlatformError):
            if page is None or not page_crashed(page):
                raise
            crashes += 1
            report.crashes += 1
            todo[:0] = failed_here  # read again on the new page
            logger.warning("the page reading {}'s comments crashed; going on with a new one", account_id)
            if crashes >= MAX_CRASHES:
                break
    if read == 0 and rows:
        report.failed_accounts[account_id] = f"no post could be read ({report.errors[-1] if report.errors else '?'})"


def _read_post(journal: Journal, read: Callable[..., list[Comment]], page: object, row: PostRow, handle: str,
               clock: Clock, report: CheckReport) -> bool:
    try:
        comments = read(page, ref_of(row))
    except AccountBlocked:
        raise
    except PlatformError as exc:
        report.errors.append(f"{row.id}: {exc.message}")
        logger.warning("comments of post {} not read: {}", row.id, exc.message)
        return False
    result = journal.comments.record(row, handle, comments, clock.now())
    report.posts += 1
    report.comments += len(comments)
    report.new += result.new
    report.answered += result.answered
    return True


def _read_metrics(journal: Journal, measure: Callable[..., dict[str, float]], page: object, account_id: str,
                  clock: Clock) -> None:
    """Record what the site shows of the account (followers...) while its page is open: the report's
    target lines (R2 at run time). A site that shows none, or fails to, costs only a log line."""
    try:
        values = measure(page)
    except PlatformError as exc:
        logger.warning("metrics of {} not read: {}", account_id, exc.message)
        return
    if values:
        journal.record_metrics(account_id, values, clock.now())

