"""The comment check: read the comments of recent published posts through the adapters.

One signed-in page per account per check (not one per post): a new browser
context costs more than the page loads themselves. No trace is recorded while
reading (it would hold every page's snapshot); a failure still leaves a
screenshot. A post whose comments cannot be read is logged and skipped; an
expired session stops that account's check (`jadwal login` fixes it) and is
reported in the result, never raised into the daemon.

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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.comments import store
from scheduler.errors import JadwalError, PlatformError, SessionExpired, SiteUnavailable

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from scheduler.clock import Clock
    from scheduler.journal import Journal, PostRow
    from scheduler.pacing import Pacer
    from scheduler.progress import Progress
    from scheduler.plan.model import Account, Plan
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


def check_comments(journal: Journal, plan: Plan, browser: Browser, *, clock: Clock, failures_dir: Path,
                   lookback: timedelta = DEFAULT_LOOKBACK, stop: threading.Event | None = None,
                   deadline: float | None = None, progress: Progress | None = None,
                   pacer: Pacer | None = None, every_post: bool = False) -> CheckReport:
    """Read and record the comments of the recent published posts with something new (`every_post`: of every
    one); returns what was seen.

    `stop` ends the check between two posts; `deadline` (seconds) bounds the whole check;
    `progress` advances once per post read; `pacer` (the daemon's, shared with its publisher)
    spaces the reads by the platform's pace and takes the account's turn for each.
    """
    from contextlib import AbstractContextManager, nullcontext

    from scheduler.comments.selection import select
    from scheduler.browser import Timeouts, account_page
    from scheduler.platforms.base import account_adapter

    from scheduler.insights.readings import due_readings, read_due

    started = time.monotonic()
    report = CheckReport()
    recent = recent_posts(journal, plan, clock.now(), lookback)
    due = due_readings(journal, clock.now(), plan.accounts)
    for account_id in [*recent, *(a for a in due if a not in recent)]:
        rows = recent.get(account_id, [])
        account = plan.accounts[account_id]
        # a browser profile is one Chromium at a time: the account's turn covers the whole read
        whole = pacer.hold(account_id) if pacer is not None and account.profile is not None else nullcontext()

        def turn(account: Account = account) -> AbstractContextManager[bool]:
            """The account's turn for one action (paced like its publishes); False when stopping."""
            return pacer.turn(account, "comments", stop=stop) if pacer is not None else nullcontext(True)

        try:
            adapter = account_adapter(account)
            with whole, account_page(browser, account, failures_dir=failures_dir, label=f"comments-{account_id}",
                              trace=False, plan=plan.path, unclassified=SiteUnavailable,
                              timeouts=Timeouts(navigation_ms=30_000, action_ms=10_000)) as page:
                with turn() as go:  # the activity page (or nothing) is one more action of the account
                    if not go:
                        report.stopped = True
                        break
                    chosen = select(journal, adapter, page, account_id, rows, clock.now(), every_post=every_post)
                report.skipped += chosen.skipped
                report.activity_pages += chosen.activity
                if progress is not None:
                    progress.add_total(len(chosen.rows))
                read = 0
                for row in chosen.rows:
                    if (stop is not None and stop.is_set()) or (
                            deadline is not None and time.monotonic() - started > deadline):
                        report.stopped = True
                        break
                    with turn() as go:
                        if not go:
                            report.stopped = True
                            break
                        read += _read_post(journal, adapter.comments, page, row, account.handle, clock, report)
                    if progress is not None:
                        progress.advance()
                if chosen.rows and read == 0 and not report.stopped:
                    report.failed_accounts[account_id] = f"no post could be read ({report.errors[-1]})"
                elif chosen.problem and read == 0 and not report.stopped:  # a silent check would hide an outage
                    report.errors.append(f"{account_id}: {chosen.problem}")
                    report.failed_accounts[account_id] = f"the activity page could not be read ({chosen.problem})"
                if chosen.cursor is not None and read == len(chosen.rows):  # all read: the activity seen is done
                    journal.set_activity_cursor(account_id, chosen.cursor, clock.now())
                if not report.stopped and due.get(account_id):
                    with turn() as go:
                        if go:
                            numbers = read_due(journal, adapter, page, due[account_id], clock, stop=stop,
                                               deadline=None if deadline is None else started + deadline)
                            report.readings += numbers.read
                            report.readings_failed += len(numbers.failed)
                        report.stopped = not go or numbers.stopped
                if not report.stopped:
                    with turn() as go:
                        if go:
                            _read_metrics(journal, adapter.metrics, page, account_id, clock)
        except SessionExpired as exc:
            report.errors.append(f"{account_id}: {exc.message}")
            report.failed_accounts[account_id] = f"{exc.message}; {exc.hint}"
            logger.error("comments of {} not read: {} ({})", account_id, exc.message, exc.hint)
        except JadwalError as exc:
            report.errors.append(f"{account_id}: {exc.message}")
            report.failed_accounts[account_id] = exc.message
            logger.error("comments of {} not read: {}", account_id, exc.message)
        if report.stopped:
            break
    report.seconds = time.monotonic() - started
    return report


def _read_post(journal: Journal, read: Callable[..., list[Comment]], page: object, row: PostRow, handle: str,
               clock: Clock, report: CheckReport) -> bool:
    try:
        comments = read(page, ref_of(row))
    except SessionExpired:
        raise
    except PlatformError as exc:
        report.errors.append(f"{row.id}: {exc.message}")
        logger.warning("comments of post {} not read: {}", row.id, exc.message)
        return False
    result = store.record(journal, row, handle, comments, clock.now())
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

