"""The CLI edge: an error a user can fix is a message and an exit code, a bug is a crash file."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pytest

from scheduler import cli


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
def write_to(path: Path) -> None:
    path.write_text("x")


@click.command()
def buggy() -> None:
    raise OSError("no path involved")


def run(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    monkeypatch.setitem(cli.COMMANDS, "write-to", f"{__name__}:write_to")
    monkeypatch.setitem(cli.COMMANDS, "buggy", f"{__name__}:buggy")
    monkeypatch.setattr(sys, "argv", ["jadwal", *argv])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    return int(stop.value.code)


def test_an_unwritable_path_names_the_path_and_the_fix(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert run(monkeypatch, "--lang", "en", "write-to", "/proc/no-such-dir/out.txt") == 1
    err = capsys.readouterr().err
    assert "error: /proc/no-such-dir/out.txt: No such file or directory" in err
    assert "fix: check that the path exists" in err
    assert "Traceback" not in err and "internal error" not in err


def test_an_oserror_without_a_path_is_reported_as_a_bug_with_a_crash_file(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(monkeypatch, "--lang", "en", "buggy") == 70
    err = capsys.readouterr().err
    assert "internal error: OSError: no path involved" in err
    crash = Path(err.split("Details: ")[1].strip())
    assert "OSError" in crash.read_text() and crash.stat().st_mode & 0o077 == 0
    crash.unlink()
