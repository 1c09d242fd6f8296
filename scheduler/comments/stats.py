"""Response rate and time to answer, per account and week: rule R4 measured at run time.

A comment counts in the week (Monday to Sunday, in the plan's timezone) it was
written. Its response time is `answered_at - created_at` (the account's first
direct reply, see `scheduler.runtime.journal_comments`). The rate is answered / received
for that week's comments, whenever the answer came.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING



if TYPE_CHECKING:
    from scheduler.runtime.journal import Journal


@dataclass(frozen=True, slots=True)
class WeekStats:
    account: str
    week: date  # the Monday the week starts on
    received: int
    answered: int
    within_sla: int | None  # answered within reply_within (None when no level was given)
    median_response: timedelta | None
    slowest_response: timedelta | None

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.received if self.received else None

    def as_json(self) -> dict[str, object]:
        return {
            "account": self.account, "week": self.week.isoformat(), "received": self.received,
            "answered": self.answered, "response_rate": self.response_rate, "within_sla": self.within_sla,
            "median_response_seconds": self.median_response.total_seconds() if self.median_response else None,
            "slowest_response_seconds": self.slowest_response.total_seconds() if self.slowest_response else None,
        }


def _monday(when: datetime, tz: tzinfo) -> date:
    day = when.astimezone(tz).date()
    return day - timedelta(days=day.weekday())


def response_stats(journal: Journal, account: str, weeks: int, *, now: datetime | None = None,
                   tz: tzinfo = timezone.utc, reply_within: timedelta | None = None) -> list[WeekStats]:
    """The last `weeks` weeks (the current one included) of `account`, oldest first; empty weeks too."""
    now = now or datetime.now(timezone.utc)
    last = _monday(now, tz)
    mondays = [last - timedelta(weeks=i) for i in reversed(range(max(weeks, 0)))]
    if not mondays:
        return []
    start = datetime.combine(mondays[0], datetime.min.time(), tz)
    buckets: dict[date, list[timedelta | None]] = {m: [] for m in mondays}
    for created, answered in journal.comments.received(account, start):
        monday = _monday(created, tz)
        if monday in buckets:
            buckets[monday].append(answered - created if answered else None)
    out = []
    for monday, times in buckets.items():
        done = sorted(t for t in times if t is not None)
        out.append(WeekStats(
            account=account, week=monday, received=len(times), answered=len(done),
            within_sla=None if reply_within is None else sum(t <= reply_within for t in done),
            median_response=_median(done) if done else None,
            slowest_response=done[-1] if done else None,
        ))
    return out


def _median(times: list[timedelta]) -> timedelta:
    """The median of sorted, non-empty `times` (statistics.median is typed for numbers only)."""
    middle = len(times) // 2
    return times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2
