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
