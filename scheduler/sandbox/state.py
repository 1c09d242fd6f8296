"""What every request of one sandbox shares: where its data lives, its faults, its stop signal."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from urllib.parse import urlsplit

from flask import current_app, request

from scheduler.sandbox.activity import ActivityLog
from scheduler.sandbox.faults import Faults


#: host names that always reach this machine (the admin endpoints answer to these only)
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def host_name(host: str | None = None) -> str | None:
    """The request's `Host` header without its port, lower-case (None when malformed)."""
    try:
        return urlsplit("//" + (request.host if host is None else host)).hostname
    except ValueError:
        return None


@dataclass
class InterruptLog:
    """What visitors did with checkpoints and dialogs (`scheduler.sandbox.interrupts`): thread-safe counters
    such as "checkpoint_typed:captcha" or "dialog_decline:consent"."""

    counts: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, event: str) -> None:
        with self._lock:
            self.counts[event] += 1

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self.counts)


@dataclass
class SiteState:
    data_dir: Path
    faults: Faults
    #: host names the site answers to (None: any)
    hosts: frozenset[str] | None = frozenset(LOOPBACK_NAMES)
    #: set when the server stops, so a handler told to hang wakes up and ends
    stopping: threading.Event = field(default_factory=threading.Event)
    #: what visitors did with checkpoints and dialogs
    interrupts: InterruptLog = field(default_factory=InterruptLog)
    #: see `db.keep_open`; closed by `close()`
    keeper: sqlite3.Connection | None = None
    #: every signed-in action, to find an account doing two things at once (`activity`)
    activity: ActivityLog = field(default_factory=ActivityLog)
    #: per replica (`scheduler.sandbox.replicas`): its interrupts and what visitors did with them
    replicas: dict[str, Any] = field(default_factory=dict)
    #: fingerprints of post submissions answered with a dropped connection -> when
    _dropped: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    #: how long a re-sent copy of a dropped submission is recognised (and dropped again).
    #: Chromium re-sends at once; short, so a deliberate retry by jadwal is never masked.
    DROP_MEMORY = 3.0

    def close(self) -> None:
        if self.keeper is not None:
            self.keeper.close()
            self.keeper = None

    def remember_drop(self, fingerprint: str) -> None:
        with self._lock:
            self._dropped[fingerprint] = time.monotonic()

    def was_dropped(self, fingerprint: str) -> bool:
        """True for a browser's automatic re-send of a submission whose connection was dropped."""
        now = time.monotonic()
        with self._lock:
            for key, when in list(self._dropped.items()):
                if now - when > self.DROP_MEMORY:
                    del self._dropped[key]
            return fingerprint in self._dropped

    @property
    def db_path(self) -> Path:
        return self.data_dir / "sandbox.sqlite3"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"


def site() -> SiteState:
    """The state of the app handling the current request."""
    return current_app.extensions["sandbox"]
