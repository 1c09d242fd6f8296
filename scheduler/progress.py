"""Progress on long work: a bar on a terminal, a plain line now and then otherwise, nothing when quick.

Why it looks like this: validating a 30k-post plan, a dry run over a year or a
comment check over hundreds of posts take long enough that a silent terminal
looks hung; but short work must print nothing (tests and scripts read the
output), and the hot paths must not pay for it. So a `Progress` shows itself
only once the work has run for `delay` seconds, callers advance it per step
(a phase, a day, a post: never per inner-loop item), and each `advance` costs a
clock read. On a terminal it draws `click.progressbar` on stderr; elsewhere
(CI logs, journald) it writes "label: 120/365 (33%)" at most every `every`
seconds, and a last line when it ends. `JADWAL_PROGRESS=off` silences it.
"""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

import click

from scheduler.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from click._termui_impl import ProgressBar

    from scheduler.packs.flow import Recording, StepRecord

#: seconds before anything is shown, on a terminal / in a log
TERMINAL_DELAY = 0.3
PLAIN_DELAY = 3.0
#: seconds between two plain lines
PLAIN_EVERY = 5.0


class Progress:
    """Steps done out of `total`, for the person waiting. Use as a context manager."""

    def __init__(self, label: str, total: int, *, file: TextIO | None = None, delay: float | None = None,
                 every: float | None = None, enabled: bool | None = None) -> None:
        self.file = file if file is not None else sys.stderr
        self.terminal = _isatty(self.file)
        self.label = label
        self.total = max(total, 0)
        self.done = 0
        self.every = PLAIN_EVERY if every is None else every
        self.enabled = (os.environ.get("JADWAL_PROGRESS", "").lower() not in ("off", "0", "no")
                        if enabled is None else enabled)
        self.delay = delay if delay is not None else (TERMINAL_DELAY if self.terminal else PLAIN_DELAY)
        self.started = time.monotonic()
        self.shown = False
        self._next_line = 0.0
        self._bar: ProgressBar[int] | None = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.finish(ok=kind is None)

    def phase(self, label: str) -> None:
        """Name what is being done now (shown from the next update)."""
        self.label = label
        if self._bar is not None:
            self._bar.label = label

    def add_total(self, steps: int) -> None:
        """More steps became known (e.g. the posts of a plan, once it is loaded)."""
        self.total += steps
        if self._bar is not None:
            self._bar.length = self.total

    def show(self) -> None:
        """Show it now, whatever the delay: the next step is known to be long (parsing a big file)."""
        self.delay = 0.0
        self.advance(0)

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if not self.enabled:
            return
        now = time.monotonic()
        if not self.shown:
            if now - self.started < self.delay:
                return
            self.shown = True
            if self.terminal:
                self._bar = click.progressbar(length=self.total or 1, label=self.label, file=self.file,
                                              show_pos=True, show_eta=True)
                self._bar.__enter__()
                self._bar.update(self.done)
                return
        if self._bar is not None:
            self._bar.update(steps)
        elif now >= self._next_line:
            self._next_line = now + self.every
            self._line()

    def finish(self, *, ok: bool = True) -> None:
        """Close the bar, or end the plain lines with one saying how it went (only if anything was shown)."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
        elif self.shown:
            seconds = time.monotonic() - self.started
            if ok:
                self.file.write(_("{label}: done, {n} steps in {s}s").format(
                    label=self.label, n=self.done, s=f"{seconds:.1f}") + "\n")
            else:
                self.file.write(_("{label}: stopped after {n} of {t} steps").format(
                    label=self.label, n=self.done, t=self.total) + "\n")
            self.file.flush()
        self.shown = False

    def _line(self) -> None:
        percent = f" ({self.done / self.total:.0%})" if self.total else ""
        self.file.write("{label}: {n}/{t}{p}\n".format(label=self.label, n=self.done, t=self.total, p=percent))
        self.file.flush()


def _isatty(file: TextIO) -> bool:
    try:
        return file.isatty()
    except (AttributeError, ValueError):
        return False


class _Announced(list["StepRecord"]):
    """The steps of a recording, each one said as it starts (see `browser_steps`)."""

    def __init__(self, say: Callable[[str], None]) -> None:
        super().__init__()
        self.say = say

    def append(self, item: StepRecord) -> None:
        super().append(item)
        self.say(item.name)


class browser_steps:  # noqa: N801 - used as a context manager, like contextlib's
    """Long browser work (`jadwal login`, `jadwal publish`) on a terminal: one line on stderr naming the
    step the site flow is at (the adapters' `step(page, "compose.text")`) and the seconds so far,
    rewritten in place and cleared at the end. Off a terminal (pipes, tests, journald) it does nothing
    at all, so no output changes; `JADWAL_PROGRESS=off` silences it too."""

    def __init__(self, label: str, *, file: TextIO | None = None, enabled: bool | None = None) -> None:
        self.file = file if file is not None else sys.stderr
        self.label = label
        self.enabled = (_isatty(self.file) and os.environ.get("JADWAL_PROGRESS", "").lower() not in
                        ("off", "0", "no")) if enabled is None else enabled
        self.started = time.monotonic()
        self.width = 0
        self._recording: AbstractContextManager[Recording] | None = None

    def __enter__(self) -> browser_steps:
        if self.enabled:
            from scheduler.packs.flow import recording

            self._recording = recording(None)
            self._recording.__enter__().steps = _Announced(self.step)
            self.step(_("starting the browser"))
        return self

    def step(self, name: str) -> None:
        line = _("{label}: {step} ({seconds}s)").format(
            label=self.label, step=name, seconds=f"{time.monotonic() - self.started:.0f}")
        self.file.write("\r" + line.ljust(self.width))
        self.file.flush()
        self.width = len(line)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._recording is None:
            return
        self._recording.__exit__(kind, exc, tb)
        self.file.write("\r" + " " * self.width + "\r")  # the line goes; what happened is said below it
        self.file.flush()
