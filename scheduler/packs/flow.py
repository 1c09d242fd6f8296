"""What a flow did, step by step: the record `jadwal selftest` prints.

Adapters mark their steps with `step(page, "compose.text")`; outside a
recording (the daemon, `jadwal publish`) that costs nothing. Inside one (a
selftest), each step gets its time, the locators that matched in it (and by
which fallback), the dialogs dismissed, a screenshot, and on failure the error.
The recording is per thread: the daemon's publisher and its comment thread
never see each other's.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from loguru import logger

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

StepStatus = Literal["ok", "failed"]
#: how long saving one step's screenshot may take
SCREENSHOT_TIMEOUT_MS = 10_000


@dataclass(frozen=True, slots=True)
class Located:
    """The element a pack locator found, and how.

    `index` is the fallback that matched (0: the first choice; more: the site
    moved and a later fallback caught it), `how` says it in words, `language`
    is the UI language of the text that matched ("" when not language-bound).
    """

    key: str
    locator: Locator
    index: int
    of: int
    how: str
    language: str
    seconds: float

    @property
    def fallback(self) -> bool:
        return self.index > 0

    def describe(self) -> str:
        lang = f" [{self.language}]" if self.language else ""
        return f"{self.how}{lang} ({self.index + 1}/{self.of})"


@dataclass(slots=True)
class StepRecord:
    name: str
    status: StepStatus = "ok"
    seconds: float = 0.0
    matches: list[Located] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    url: str = ""
    error: str | None = None
    kind: str | None = None  # the checkpoint kind, when a checkpoint stopped the step


@dataclass(slots=True)
class Recording:
    out_dir: Path | None
    steps: list[StepRecord] = field(default_factory=list)
    open: StepRecord | None = None


_local = threading.local()


def current() -> Recording | None:
    return getattr(_local, "recording", None)


@contextmanager
def recording(out_dir: Path | None = None) -> Iterator[Recording]:
    """Record the steps flows take in this thread (screenshots into `out_dir`, private, when given)."""
    if out_dir is not None:
        from scheduler.files import private_dir

        private_dir(out_dir)
    previous = current()
    rec = Recording(out_dir)
    _local.recording = rec
    try:
        yield rec
    finally:
        _local.recording = previous


def note(located: Located) -> None:
    """A locator matched (called by `Pack.locate`)."""
    rec = current()
    if rec is not None and rec.open is not None:
        rec.open.matches.append(located)


def note_dialog(name: str) -> None:
    """A dialog was dismissed (called by the pack's dialog handler)."""
    rec = current()
    if rec is not None and rec.open is not None:
        rec.open.dialogs.append(name)


@contextmanager
def step(page: Page, name: str) -> Iterator[None]:
    """One step of a flow: recorded (time, matches, screenshot, error) while a recording is on."""
    rec = current()
    if rec is None or rec.open is not None:  # not recording, or inside another step: part of that one
        yield
        return
    record = StepRecord(name)
    rec.steps.append(record)
    rec.open = record
    started = time.monotonic()
    try:
        yield
    except BaseException as exc:
        from scheduler.errors import CheckpointReached, JadwalError

        record.status = "failed"
        record.error = exc.message if isinstance(exc, JadwalError) else f"{type(exc).__name__}: {exc}"
        record.kind = exc.kind if isinstance(exc, CheckpointReached) else None
        raise
    finally:
        record.seconds = time.monotonic() - started
        rec.open = None
        record.url = _url(page)
        if rec.out_dir is not None:
            record.screenshot = _screenshot(page, rec.out_dir, len(rec.steps), name, record.status)


def _url(page: Page) -> str:
    try:
        return page.url
    except Exception:  # noqa: BLE001 - a closed page has no address; the record says so
        return ""


def _screenshot(page: Page, folder: Path, number: int, name: str, status: str) -> Path | None:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name)
    path = folder / f"{number:02d}-{safe}{'-FAILED' if status == 'failed' else ''}.png"
    try:
        page.screenshot(path=path, full_page=True, timeout=SCREENSHOT_TIMEOUT_MS)
        os.chmod(path, 0o600)
    except Exception as exc:  # noqa: BLE001 - a missing picture must not hide the step's own result
        logger.warning("could not save the screenshot of step {}: {}", name, str(exc).splitlines()[0])
        return None
    return path
