"""One daemon per state database, whatever path leads to it.

The lock is an exclusive `flock` on the database file itself: it belongs to the
file (its device and inode), so a symlink, a relative path or `..` all meet the
same lock, where a `<path>.lock` file beside each spelling did not. `flock`
locks are independent of the POSIX locks SQLite takes on the same file, with one
care: closing *any* descriptor of the file drops this process's POSIX locks, so
the lock is taken before a `Journal` opens and released after the last one closes.
A second hard link is refused outright (see `journal.refuse_second_name`).

Who holds it is read from /proc/locks, so `jadwal status` can tell whether a
daemon runs without opening (and closing) a descriptor of the database.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from scheduler.errors import StateError
from scheduler.files import private_file
from scheduler.i18n import _
from scheduler.runtime.journal import refuse_second_name


def lock_holder(path: Path) -> int | None:
    """The PID holding an exclusive `flock` on the file at `path` (None when free or unknown)."""
    try:
        st = os.stat(path)
        with open("/proc/locks", encoding="ascii", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    wanted = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in lines:
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 1234 08:02:1311 0 EOF"; "1: -> FLOCK ..." is a waiter
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[3] == "WRITE" and fields[5] == wanted:
            return int(fields[4]) if fields[4].isdigit() else None
    return None


class StateLock:
    """An exclusive `flock` on the state database: one daemon per database."""

    def __init__(self, state_path: Path) -> None:
        self.given = state_path
        self.path = state_path.resolve()
        self._fd: int | None = None

    def acquire(self) -> None:
        refuse_second_name(self.given, self.path)
        private_file(self.path)
        fd = os.open(self.path, os.O_RDWR | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = lock_holder(self.path)
            os.close(fd)
            shown = self.given if self.given == self.path else f"{self.given} ({self.path})"
            raise StateError(
                _("another jadwal daemon (PID {pid}) is already using {path}").format(
                    pid=holder or _("unknown"), path=shown),
                _("stop that daemon first, or give this one a different --state"),
            ) from None
        self._fd = fd

    def release(self) -> None:
        """Let go (after every Journal of this process on the database is closed)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> StateLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
