"""Which posts a comment check opens: those with something new, not everything published lately.

Opening every post of the last 14 days costs an agency with 100 accounts posting
three times a day over 4,000 page loads a check. Instead, per account:

- **With an activity page** (the adapter is an `ActivityFeed`) and a cursor
  from an earlier check: one visit to that page names the posts with new
  comments since; only those are opened. So are the posts with a fan's comment
  still waiting for an answer: at every check until the owner was alerted (an
  answer typed by hand on the site is not "activity", and must be seen before
  the owner is told the comment waits), then by age as below.
- **Otherwise** (no activity page, the account's first check, or the page
  could not be read): by age. A post published in the last day is opened at
  every check, then every 2 h up to 3 days old, every 6 h up to a week, and
  once a day after that; a post with a comment waiting for an answer that was
  not alerted yet at every check, as above.

The cursor is the newest activity entry seen (the site's own time), kept in the
journal per account and moved only after every chosen post of the account was
read: a post that failed is named by the activity page again next time.
`every_post` keeps the old way (every post, every check) for a person who wants
to be sure (`jadwal inbox --check --every-post`) and for the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, cast

from loguru import logger

from scheduler.errors import PlatformError, SessionExpired

if TYPE_CHECKING:
    from scheduler.journal import Journal, PostRow
    from scheduler.platforms.base import ActivityFeed

#: (younger than, read at most this often), in order; the last applies to every older post
TIERS: tuple[tuple[timedelta, timedelta], ...] = (
    (timedelta(days=1), timedelta(0)),
    (timedelta(days=3), timedelta(hours=2)),
    (timedelta(days=7), timedelta(hours=6)),
)
OLDEST_EVERY = timedelta(hours=24)
#: the cursor of an account whose activity page was empty: everything that shows later is new
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def read_every(age: timedelta) -> timedelta:
    """How often a post this old has its comments read, at most."""
    return next((every for younger, every in TIERS if age < younger), OLDEST_EVERY)


def due_by_age(row: PostRow, last_read: datetime | None, now: datetime) -> bool:
    if last_read is None or row.published_at is None:
        return True
    return now - last_read >= read_every(now - row.published_at)


@dataclass(frozen=True, slots=True)
class Selection:
    rows: list[PostRow]  # to open, oldest first
    cursor: datetime | None  # to keep once they are all read (None: leave the cursor as it is)
    activity: bool  # the activity page was read (and, once a cursor exists, chose the posts)
    skipped: int  # recent posts left for a later check
    problem: str | None = None  # why the activity page could not be read


def select(journal: Journal, adapter: object, page: object, account: str, rows: list[PostRow], now: datetime,
           *, every_post: bool = False) -> Selection:
    """The posts of `rows` (the account's recent published posts) this check should open."""
    if every_post:
        return Selection(rows, None, False, 0)
    waiting = journal.awaiting_answer(account)  # post id -> a comment there was not alerted yet
    reads = journal.comment_reads(account)

    def owed(row: PostRow) -> bool:
        """A fan waits for an answer there: at every check until alerted, then by age."""
        return row.id in waiting and (waiting[row.id] or due_by_age(row, reads.get(row.id), now))

    cursor = journal.activity_cursor(account)
    newest: datetime | None = None
    problem: str | None = None
    feed = cast("ActivityFeed | None", adapter if callable(getattr(adapter, "activity", None)) else None)
    if feed is not None:
        try:
            entries = feed.activity(page, cursor)  # type: ignore[arg-type]
        except SessionExpired:
            raise
        except PlatformError as exc:
            logger.warning("activity page of {} not read ({}); reading its posts by age", account, exc.message)
            problem = exc.message
        else:
            newest = max([e.at for e in entries if e.at is not None], default=cursor or EPOCH)
            newest = max(newest, cursor) if cursor is not None else newest
            if cursor is not None:
                active = {e.post_remote_id for e in entries if e.kind == "comment" and (e.at is None or e.at > cursor)}
                chosen = [r for r in rows if r.remote_id in active or owed(r)]
                return Selection(chosen, newest, True, len(rows) - len(chosen))
    chosen = [r for r in rows if owed(r) or due_by_age(r, reads.get(r.id), now)]
    return Selection(chosen, newest, newest is not None, len(rows) - len(chosen), problem)
