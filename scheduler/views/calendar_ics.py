"""The plan as an iCalendar file: one event per post, in the plan's timezone, to subscribe to.

Built with the `icalendar` library (RFC 5545 folding, escaping and VTIMEZONE
blocks are its job). Each event's UID comes from the post id, so a calendar app
that re-imports an edited plan updates its events instead of doubling them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.timeline import preview

if TYPE_CHECKING:
    from icalendar import Calendar

    from scheduler.plan.model import Plan, Post

#: how long an event lasts in a calendar app (a post is an instant; this keeps it visible)
EVENT_LENGTH = timedelta(minutes=15)
SUMMARY_WORDS = 6


def uid(plan: Plan, post: Post) -> str:
    """Stable across runs and edits of the post's text or time: the post id and the plan's file name."""
    return f"{post.id}.{plan.path.stem}@jadwal"


def build(plan: Plan, *, now: datetime | None = None, tick: Callable[[], None] | None = None) -> Calendar:
    """The calendar of `plan`; `tick` is called once per event (about 0.1 ms each: long for a big plan)."""
    from icalendar import Calendar, Event

    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    cal = Calendar()
    cal.add("prodid", "-//jadwal//plan calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", plan.name or plan.path.stem)
    if plan.timezone_valid:
        cal.add("x-wr-timezone", plan.timezone)
    for post in plan.posts:
        event = Event()
        event.add("uid", uid(plan, post))
        event.add("dtstamp", stamp)
        event.add("dtstart", post.at)
        event.add("dtend", post.at + EVENT_LENGTH)
        event.add("summary", f"[{post.type}] {preview(post.text, SUMMARY_WORDS)}")
        event.add("description", post.text)
        event.add("categories", [post.type])
        if len(plan.accounts) > 1 or post.account not in plan.accounts:
            event.add("location", post.account)
        cal.add_component(event)
        if tick is not None:
            tick()
    cal.add_missing_timezones()
    return cal


def render(plan: Plan, *, now: datetime | None = None, tick: Callable[[], None] | None = None) -> bytes:
    return build(plan, now=now, tick=tick).to_ical()


def write(plan: Plan, path: Path, *, now: datetime | None = None, tick: Callable[[], None] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(plan, now=now, tick=tick))
    return path
