"""Option types shared by the commands: durations with a sensible range, output files.

A duration option takes the plan's form ("90s", "30m", "4h", "2d") and a range
that makes sense for what it bounds: `--grace 999999d` or `--publish-timeout 0s`
are refused at the command line with the range, instead of failing every step.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import click

from scheduler.i18n import _
from scheduler.plan.durations import UNITS, VALID, DurationError, DurationTooLong, parse_duration


def show(duration: timedelta) -> str:
    """A duration in the plan's form, in its largest whole unit: 86400s -> "1d"."""
    seconds = int(duration.total_seconds())
    for unit, size in sorted(UNITS.items(), key=lambda item: -item[1]):
        if seconds % size == 0 and seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


class Duration(click.ParamType):
    """A duration between `low` and `high` (inclusive)."""

    name = "duration"

    def __init__(self, low: timedelta, high: timedelta) -> None:
        self.low, self.high = low, high

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "DURATION"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> timedelta:
        if isinstance(value, timedelta):
            duration = value
        else:
            try:
                duration = parse_duration(str(value))
            except DurationTooLong:
                duration = timedelta.max
            except DurationError:
                self.fail(_("{value} is not a duration; write {valid}").format(value=repr(value), valid=_(VALID)),
                          param, ctx)
        if not self.low <= duration <= self.high:
            self.fail(_("{value} is out of range: give a duration from {low} to {high}").format(
                value=value if isinstance(value, str) else show(duration), low=show(self.low), high=show(self.high)),
                param, ctx)
        return duration


def between(low: str, high: str) -> Duration:
    """`Duration` from two durations written as in a plan, e.g. between("0s", "30d")."""
    return Duration(parse_duration(low), parse_duration(high))


class OutputFile(click.Path):
    """A file to write. Its folder must exist, or be one missing folder whose parent exists (it is
    created, and the command says so): a typo like `/nonexistent/dir/x.png` is refused before any
    work instead of making a tree of folders."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, writable=True, path_type=Path)

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(os.fsdecode(super().convert(value if isinstance(value, (str, os.PathLike)) else str(value),
                                                param, ctx)))
        folder = path.parent
        if not folder.exists():
            if not folder.parent.is_dir():
                self.fail(_("the folder {missing} does not exist; create it first (mkdir -p {folder}) "
                            "or choose another path").format(missing=folder.parent, folder=folder), param, ctx)
        elif not folder.is_dir():
            self.fail(_("{folder} is not a folder").format(folder=folder), param, ctx)
        return path


def make_folder(path: Path) -> Path | None:
    """Create the missing folder of an `OutputFile` path; returns it when it was created."""
    if path.parent.exists():
        return None
    path.parent.mkdir()
    return path.parent


def say_created(folder: Path | None) -> None:
    if folder is not None:
        click.echo(_("created the folder {folder}").format(folder=folder), err=True)
