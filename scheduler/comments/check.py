"""The comment check: read the comments of recent published posts through the adapters.

One signed-in page per account per check (not one per post): a new browser
context costs more than the page loads themselves. No trace is recorded while
reading (it would hold every page's snapshot); a failure still leaves a
screenshot. A post whose comments cannot be read is logged and skipped; a page
whose renderer crashed is replaced and the check goes on with the next post; an
account the site blocks (expired session, a checkpoint) stops that account's
check and is reported in the result (`blocked`: the daemon pauses it), never
raised into the daemon. Paused accounts are not read at all.

Which posts are opened is `scheduler.comments.selection`'s choice: those the
account's activity page names (one visit), else by age, plus those with a
comment waiting for an answer; `every_post` opens them all.

On the same page, the posts whose numbers are due (`scheduler.insights.readings`:
1 h, 24 h and 7 days after publishing) are read too, an account with only those
due included.
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
    from scheduler.runtime.journal import Journal, PostRow, ReadingState
    from scheduler.pacing import Pacer
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
    #: posts whose numbers (likes, views...) were read, and those that could not be
    readings: int = 0
    readings_failed: int = 0
    #: recent posts not opened this time (nothing new on them), and activity pages visited
    skipped: int = 0
    activity_pages: int = 0


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
                   pacer: Pacer | None = None, every_post: bool = False, skip: Collection[str] = ()) -> CheckReport:
    """Read and record the comments of the recent published posts with something new (`every_post`: of every
    one); returns what was seen.

    `stop` ends the check between two posts; `deadline` (seconds) bounds the whole check;
    `progress` advances once per post read; `pacer` (the daemon's, shared with its publisher)
    spaces the reads by the platform's pace and takes the account's turn for each; accounts in
    `skip` (paused) are not read.
    """
    from scheduler.insights.readings import due_readings

    started = time.monotonic()
    report = CheckReport()
    recent = {a: rows for a, rows in recent_posts(journal, plan, clock.now(), lookback).items() if a not in skip}
    due = {a: rows for a, rows in due_readings(journal, clock.now(), plan.accounts).items() if a not in skip}

    def out_of_time() -> bool:
        return (stop is not None and stop.is_set()) or (deadline is not None and time.monotonic() - started > deadline)

    for account_id in [*recent, *(a for a in due if a not in recent)]:
        if not journal.hold_account(account_id, clock.now()):  # another daemon acts on it now: read at the next check
            logger.info("comments of {} are left for the next check: another daemon acts on the account now",
                        account_id)
            continue
        try:
            _check_account(journal, plan, browser, account_id, recent.get(account_id, []), due.get(account_id),
                           clock=clock, failures_dir=failures_dir, report=report, out_of_time=out_of_time,
                           progress=progress, pacer=pacer, stop=stop, every_post=every_post,
                           deadline=None if deadline is None else started + deadline)
        except AccountBlocked as exc:
            report.errors.append(f"{account_id}: {exc.message}")
            report.failed_accounts[account_id] = f"{exc.message}; {exc.hint}"
            report.blocked[account_id] = exc
            logger.error("comments of {} not read: {} ({})", account_id, exc.message, exc.hint)
        except JadwalError as exc:
            report.errors.append(f"{account_id}: {exc.message}")
            report.failed_accounts[account_id] = exc.message
            logger.error("comments of {} not read: {}", account_id, exc.message)
        finally:
            journal.let_go_account(account_id)
        if report.stopped:
            break
    report.seconds = time.monotonic() - started
    return report


def _check_account(journal: Journal, plan: Plan, browser: Browser, account_id: str, rows: list[PostRow],
                   due: list[ReadingState] | None, *, clock: Clock, failures_dir: Path, report: CheckReport,
                   out_of_time: Callable[[], bool], progress: Progress | None, pacer: Pacer | None,
                   stop: threading.Event | None, every_post: bool, deadline: float | None) -> None:
    """One account: the posts to open (`scheduler.comments.selection`), their comments, the numbers due
    (`scheduler.insights.readings`) and the account's own, on one signed-in page; a new page after a
    renderer crash (a few times at most), going on where the crash stopped it."""
    from contextlib import AbstractContextManager, nullcontext

    from scheduler.browser import Timeouts, account_page, page_crashed
    from scheduler.comments.selection import select
    from scheduler.insights.readings import read_due
    from scheduler.platforms.registry import account_adapter

    account = plan.accounts[account_id]
    adapter = account_adapter(account)
    # a browser profile is one Chromium at a time: the account's turn covers the whole read
    whole = pacer.hold(account_id) if pacer is not None and account.profile is not None else nullcontext()

    def turn() -> AbstractContextManager[bool]:
        """The account's turn for one action (paced like its publishes); False when stopping."""
        return pacer.turn(account, "comments", stop=stop) if pacer is not None else nullcontext(True)

    chosen = None
    todo: list[PostRow] = []
    read = crashes = 0
    stage = "select"  # then "posts", "numbers", "metrics", "done"
    with whole:
        while stage != "done":
            page = None
            failed_here: list[PostRow] = []  # a read failing as the renderer dies may fail before the crash shows
            try:
                with account_page(browser, account, failures_dir=failures_dir, label=f"comments-{account_id}",
                                  trace=False, plan=plan.path, unclassified=SiteUnavailable,
                                  timeouts=Timeouts(navigation_ms=30_000, action_ms=10_000)) as page:
                    if stage == "select":  # the activity page (or nothing) is one more action of the account
                        with turn() as go:
                            if not go:
                                report.stopped = True
                                return
                            chosen = select(journal, adapter, page, account_id, rows, clock.now(),
                                            every_post=every_post)
                        report.skipped += chosen.skipped
                        report.activity_pages += chosen.activity
                        if progress is not None:
                            progress.add_total(len(chosen.rows))
                        todo, stage = list(chosen.rows), "posts"
                    assert chosen is not None
                    if stage == "posts":
                        while todo:
                            if out_of_time():
                                report.stopped = True
                                return
                            with turn() as go:
                                if not go:
                                    report.stopped = True
                                    return
                                ok = _read_post(journal, adapter.comments, page, todo[0], account.handle, clock,
                                                report)
                            if not ok and page_crashed(page):
                                raise _PageCrashed()
                            read += ok
                            row = todo.pop(0)
                            if not ok:
                                failed_here.append(row)
                            if progress is not None:
                                progress.advance()
                        if chosen.rows and read == 0:
                            report.failed_accounts[account_id] = (
                                f"no post could be read ({report.errors[-1] if report.errors else '?'})")
                        elif chosen.problem and read == 0:  # a silent check would hide an outage
                            report.errors.append(f"{account_id}: {chosen.problem}")
                            report.failed_accounts[account_id] = (
                                f"the activity page could not be read ({chosen.problem})")
                        if chosen.cursor is not None and read == len(chosen.rows):  # all read: the activity is done
                            journal.set_activity_cursor(account_id, chosen.cursor, clock.now())
                        stage = "numbers"
                    if stage == "numbers":
                        if due:
                            with turn() as go:
                                if go:
                                    numbers = read_due(journal, adapter, page, due, clock, stop=stop,
                                                       deadline=deadline)
                                    report.readings += numbers.read
                                    report.readings_failed += len(numbers.failed)
                                report.stopped = not go or numbers.stopped
                            if report.stopped:
                                return
                        stage = "metrics"
                    if stage == "metrics":
                        with turn() as go:
                            if go:
                                _read_metrics(journal, adapter.metrics, page, account_id, clock)
                        stage = "done"
            except (_PageCrashed, PlatformError):
                if page is None or not page_crashed(page):
                    raise
                crashes += 1
                report.crashes += 1
                todo[:0] = failed_here  # read again on the new page
                logger.warning("the page reading {}'s comments crashed; going on with a new one", account_id)
                if crashes >= MAX_CRASHES:
                    if read == 0 and rows:
                        report.failed_accounts[account_id] = "the browser's page crashed again and again"
                    return


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
    journal.record_comment_read(row.id, clock.now())
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

