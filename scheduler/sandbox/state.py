"""What every request of one sandbox shares: where its data lives, its faults, its stop signal."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from scheduler.sandbox.faults import Faults


@dataclass
class SiteState:
    data_dir: Path
    faults: Faults
    #: set when the server stops, so a handler told to hang wakes up and ends
    stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "sandbox.sqlite3"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"


def site() -> SiteState:
    """The state of the app handling the current request."""
    return current_app.extensions["sandbox"]
