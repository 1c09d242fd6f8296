"""The plan's month calendar as one self-contained HTML page (inline CSS, no scripts, no fetches)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.views import environment

if TYPE_CHECKING:
    from scheduler.views.calendar import CalendarView

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def render(view: CalendarView, *, now: datetime | None = None) -> str:
    """The page as text; `now` only stamps when it was made."""
    made = (now or datetime.now(timezone.utc)).astimezone(view.plan.tz)
    return environment().get_template("calendar.html").render(
        view=view, plan=view.plan, weekdays=WEEKDAYS, made=made.strftime("%Y-%m-%d %H:%M %Z"),
        several_accounts=len(view.plan.accounts) > 1)


def write(view: CalendarView, path: Path, *, now: datetime | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(view, now=now), encoding="utf-8")
    return path
