"""Reading each published post's numbers on a decaying schedule: 1 h, 24 h and 7 days after it went out.

Why these marks: a post earns most of its response in its first day (the 1 h
reading shows the start, the 24 h one is what posts are compared by) and the
rest within a week; reading more often would cost page loads and tell little.

The schedule is derived from the journal (`Journal.reading_states`), never kept
in memory: after a restart, or a week with the daemon down, each post is read
at the first mark it has not reached yet, once (a post found 30 h old is read
once, and that reading counts for both the 1 h and the 24 h mark). A reading
that fails is kept as a failed one; the post is tried again after 1 h, 2 h,
4 h ... (at most a day apart). Posts older than `MAX_AGE` are no longer read,
so a journal from before this feature costs one catch-up at most.

The reads run in the comment check (`scheduler.comments.check`), on the page
it has open for the account anyway.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.errors import PlatformError, SessionExpired
from scheduler.platforms.base import POST_METRICS, PublishedRef

if TYPE_CHECKING:
    from scheduler.clock import Clock
    from scheduler.journal import Journal, ReadingState
    from scheduler.platforms.base import Adapter

#: when a post is read, counted from its publishing
MARKS: tuple[timedelta, ...] = (timedelta(hours=1), timedelta(hours=24), timedelta(days=7))
#: posts older than this are not read any more
MAX_AGE = timedelta(days=30)
#: waits after failed readings: the first, doubled each time, never more than the cap
RETRY_FIRST = timedelta(hours=1)
RETRY_CAP = timedelta(hours=24)


def mark_name(mark: timedelta) -> str:
    """1h, 24h, 7d: how `status` and the report name a mark."""
    hours = int(mark.total_seconds() // 3600)
    return f"{hours // 24}d" if hours > 24 and hours % 24 == 0 else f"{hours}h"


def next_due(state: ReadingState) -> datetime | None:
    """When the post's next reading is due; None once the last mark is read."""
    read_at_age = state.last_ok - state.published_at if state.last_ok else None
    mark = next((m for m in MARKS if read_at_age is None or read_at_age < m), None)
    if mark is None:
        return None
    due = state.published_at + mark
    if state.failures and state.last_failed is not None:
        wait = min(RETRY_FIRST * 2 ** (state.failures - 1), RETRY_CAP)
        due = max(due, state.last_failed + wait)
    return due


def due_readings(journal: Journal, now: datetime, accounts: Iterable[str] | None = None,
                 *, max_age: timedelta = MAX_AGE) -> dict[str, list[ReadingState]]:
    """Posts whose reading is due now, per account, the longest waiting first."""
    wanted = set(accounts) if accounts is not None else None
    due: list[tuple[datetime, ReadingState]] = []
    for state in journal.reading_states(now - max_age):
        if wanted is not None and state.account not in wanted:
            continue
        when = next_due(state)
        if when is not None and when <= now:
            due.append((when, state))
    grouped: dict[str, list[ReadingState]] = {}
    for _, state in sorted(due, key=lambda item: (item[0], item[1].post_id)):
        grouped.setdefault(state.account, []).append(state)
    return grouped


@dataclass(slots=True)
class ReadReport:
    read: int = 0
    failed: list[str] = field(default_factory=list)  # "post id: why"
    stopped: bool = False


def read_due(journal: Journal, adapter: Adapter, page: object, states: list[ReadingState], clock: Clock, *,
             stop: threading.Event | None = None, deadline: float | None = None) -> ReadReport:
    """Read and record the numbers of `states`' posts on `page` (signed in as their account).

    A post that cannot be read is recorded as a failed reading and the next one is
    tried; an expired session is raised (nothing else of the account can be read).
    `deadline` is a `time.monotonic()` value past which the rest waits for the next check.
    """
    report = ReadReport()
    names = tuple(adapter.post_metric_names)
    if not names:
        return report
    for state in states:
        if (stop is not None and stop.is_set()) or (deadline is not None and time.monotonic() > deadline):
            report.stopped = True
            break
        ref = PublishedRef(remote_id=state.remote_id, url=state.url, published_at=state.published_at)
        try:
            values = adapter.post_metrics(page, ref)  # type: ignore[arg-type]
        except SessionExpired:
            raise
        except PlatformError as exc:
            journal.record_post_reading(state.post_id, clock.now(), error=exc.message)
            report.failed.append(f"{state.post_id}: {exc.message}")
            logger.warning("numbers of post {} not read: {}", state.post_id, exc.message)
            continue
        known = {k: float(v) for k, v in values.items() if k in POST_METRICS}
        if len(known) < len(values):
            logger.warning("adapter {} gave unknown per-post metric(s) {}; ignored", type(adapter).__name__,
                           sorted(set(values) - set(known)))
        journal.record_post_reading(state.post_id, clock.now(), known)
        report.read += 1
    return report


def counted(name: str, value: float) -> str:
    """`12 likes`, `1 comment`, `140 views` in the user's language."""
    from scheduler.i18n import ngettext

    n = int(value) if float(value).is_integer() else value
    words = {
        "likes": ngettext("{count} like", "{count} likes", int(value)),
        "comments": ngettext("{count} comment", "{count} comments", int(value)),
        "shares": ngettext("{count} share", "{count} shares", int(value)),
        "saves": ngettext("{count} save", "{count} saves", int(value)),
        "views": ngettext("{count} view", "{count} views", int(value)),
        "reach": ngettext("{count} reached", "{count} reached", int(value)),
    }
    return words.get(name, "{count} " + name).format(count=n)


def shown(values: dict[str, float], age: timedelta) -> str:
    """A reading as `status` shows it: `12 likes, 3 comments, 140 views (read at 24h)`."""
    from scheduler.i18n import _

    parts = [counted(name, values[name]) for name in POST_METRICS if name in values]
    hours = int(age.total_seconds() // 3600)
    when = f"{hours // 24}d" if hours >= 48 else f"{hours}h" if hours >= 1 else f"{int(age.total_seconds() // 60)}m"
    return _("{numbers} (read {age} after publishing)").format(numbers=", ".join(parts) or "-", age=when)
