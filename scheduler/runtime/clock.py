"""The current time, injected: the daemon and journal ask a `Clock`, so tests move time by hand.

The daemon runs on a `SteadyClock`: the wall clock read once at start, carried
forward by the kernel's boot clock, which nobody can step (an NTP step, a person
running `date -s`, a VM's clock corrected after a resume all move only the wall
clock). The wall clock is compared with it at every pass: a difference that
changes is a jump, logged, and told to the owner when it is over a minute. The
daemon keeps to its steady time through a jump, so no post goes out before its
time and none is called missed because the wall clock leapt; a restart takes
the wall clock's time again (after a correction that was right, that is what to do).

The boot clock is read from /proc/uptime (CLOCK_BOOTTIME: it also counts a
suspend, so a machine that slept has really lost that time). A preloaded time
faker such as libfaketime cannot move it, which is how the end-to-end test moves
only the wall clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Protocol

#: a wall clock that moved by less than this against the steady clock has not jumped
JUMP_TOLERANCE = timedelta(seconds=2)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""


class SystemClock:
    """The real wall clock (the commands a person runs)."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


def boot_seconds() -> float:
    """Seconds since boot, suspend included, from a clock no one can set."""
    try:
        with open("/proc/uptime", "rb") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return time.clock_gettime(time.CLOCK_BOOTTIME)


def wall_now() -> datetime:
    return datetime.now(timezone.utc)


class SteadyClock:
    """Wall time at start plus the steady clock's elapsed time; the wall clock is only watched."""

    def __init__(self, *, wall: Callable[[], datetime] = wall_now, steady: Callable[[], float] = boot_seconds,
                 tolerance: timedelta = JUMP_TOLERANCE) -> None:
        self._wall = wall
        self._steady = steady
        self.tolerance = tolerance
        self._anchor = wall()
        self._anchor_steady = steady()
        #: wall minus this clock, as of the last `check` (a jump changes it)
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return self._anchor + timedelta(seconds=self._steady() - self._anchor_steady)

    def wall(self) -> datetime:
        return self._wall()

    def check(self) -> timedelta | None:
        """How far the wall clock jumped against this clock since the last check (+ forward,
        - back); None when it kept pace."""
        offset = self._wall() - self.now()
        jump = offset - self.offset
        if abs(jump) <= self.tolerance:
            return None
        self.offset = offset
        return jump


class FakeClock:
    """A clock that stands still until a test moves it (no patching, no sleeping)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)
        if self._now.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | float) -> datetime:
        """Move forward by `delta` (a timedelta or seconds) and return the new time."""
        self._now += delta if isinstance(delta, timedelta) else timedelta(seconds=delta)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when
