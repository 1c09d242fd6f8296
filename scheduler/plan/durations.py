"""Durations as plans write them: a whole number and one unit, e.g. "90s", "30m", "4h", "2d".

One unit per value keeps plans easy to read aloud ("a gap of 36h") and leaves
nothing to guess: "1.5h" or "1h30m" are refused with a message that says what is
valid, rather than silently read some way.
"""

from __future__ import annotations

import re
from datetime import timedelta

from scheduler.i18n import N_

#: unit letter -> seconds
UNITS: dict[str, int] = {"s": 1, "m": 60, "h": 3600, "d": 86400}

#: The accepted form; the JSON schema uses the same pattern.
PATTERN = r"^[0-9]+[smhd]$"
_RE = re.compile(r"([0-9]+)([smhd])")

#: (English: shown through `_()` where it is told to a user)
VALID = N_('a whole number and a unit: s, m, h or d, e.g. "90s", "30m", "4h", "2d"')


class DurationError(ValueError):
    """The text is not a duration; the message says what is valid."""


class DurationTooLong(DurationError):
    """The text has the right form but is beyond what a `timedelta` holds (about 2.7 million years)."""


def parse_duration(text: str) -> timedelta:
    """Parse "90s" / "30m" / "4h" / "2d" into a timedelta (exactly the schema's pattern)."""
    match = _RE.fullmatch(text)
    if match is None:
        raise DurationError(f"{text!r} is not a duration; write {VALID}")
    try:
        return timedelta(seconds=int(match.group(1)) * UNITS[match.group(2)])
    except OverflowError:
        raise DurationTooLong(f"{text!r} is far too long a duration") from None


def format_duration(delta: timedelta, *, exact: bool = False) -> str:
    """A duration the way a person reads it, the one formatter for messages, pages and alerts.

    By default the two largest units: "50s", "12m", "3h 5m", "2d 4h" (an age, a wait).
    `exact` keeps every unit down to the second, and days only when whole: "36h 1m", "1m 30s",
    "2d" (a rule's numbers, where "36h" for 36h 30s would contradict a limit of 36h).
    """
    seconds = int(delta.total_seconds())
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    if exact:
        if seconds and seconds % 86400 == 0:
            return f"{sign}{seconds // 86400}d"
        parts = []
        for unit, size in (("h", 3600), ("m", 60), ("s", 1)):
            if seconds >= size:
                parts.append(f"{seconds // size}{unit}")
                seconds %= size
        return sign + (" ".join(parts) or "0s")
    if seconds < 60:
        return f"{sign}{seconds}s"
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if hours == 0:
        return f"{sign}{minutes}m"
    if days == 0:
        return f"{sign}{hours}h" + (f" {minutes % 60}m" if minutes % 60 else "")
    return f"{sign}{days}d" + (f" {hours % 24}h" if hours % 24 else "")
