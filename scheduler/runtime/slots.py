"""Browser slots: how many posts one machine publishes at once on a shared (PostgreSQL) journal.

Each slot is one daemon process with one Chromium (0.4 to 0.5 GB with a heavy page, measured; the
Playwright driver adds about 0.12 GB), so the default is what the free memory holds. A slot is a
process, not a thread: it cooperates with the others exactly as a daemon on another machine does
(the journal's claims and account locks), and a slot that dies is started again by the first one.
On a SQLite journal there is one daemon per file, so one slot.
"""

from __future__ import annotations

import subprocess
import sys
import time

from loguru import logger

#: what one slot needs: a headless Chromium with a heavy page, and its Playwright driver
SLOT_BYTES = 512 * 1024 * 1024
#: more slots than this on one machine is a sign of a wrong reading
MAX_SLOTS = 16


def available_memory(meminfo: str = "/proc/meminfo") -> int | None:
    """MemAvailable in bytes (None when unknown)."""
    try:
        with open(meminfo, encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def default_slots(available: int | None = None) -> int:
    """One slot per 0.5 GB of free memory, at least 1 and at most MAX_SLOTS."""
    free = available_memory() if available is None else available
    if free is None:
        return 1
    return max(1, min(MAX_SLOTS, free // SLOT_BYTES))


class Slots:
    """The other slots of this machine: child daemon processes, started again when one dies."""

    def __init__(self, count: int, argv: list[str] | None = None) -> None:
        # the same command line with one slot each (click takes the last --slots given)
        self.command = [sys.executable, "-m", "scheduler", *(sys.argv[1:] if argv is None else argv), "--slots", "1"]
        self.count = count
        self.children: list[subprocess.Popen[bytes]] = []
        self._started: list[float] = []

    def start(self) -> Slots:
        for _ in range(self.count):
            self.children.append(self._spawn())
            self._started.append(time.monotonic())
        logger.info("{} more slot(s) started (PIDs {})", self.count, ", ".join(str(c.pid) for c in self.children))
        return self

    def _spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(self.command, stdin=subprocess.DEVNULL)

    def tend(self) -> None:
        """Start again a slot that died (not more often than every 10 s each)."""
        for i, child in enumerate(self.children):
            code = child.poll()
            if code is not None and time.monotonic() - self._started[i] > 10:
                logger.warning("slot PID {} stopped (exit {}); starting it again", child.pid, code)
                self.children[i] = self._spawn()
                self._started[i] = time.monotonic()

    def stop(self, timeout: float = 60.0) -> None:
        for child in self.children:
            if child.poll() is None:
                child.terminate()
        ends = time.monotonic() + timeout
        for child in self.children:
            try:
                child.wait(max(0.1, ends - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
