"""Issue 17, getting started: every command's --help has an example that names a real command, the
--failures default is one and the same everywhere, and long browser steps show progress on a terminal
only (nothing at all in a pipe, so tests and scripts read the same output as before)."""

from __future__ import annotations

import io
import click
import pytest
from click.testing import CliRunner

from scheduler.cli import COMMANDS, cli
from scheduler.i18n import set_language
from scheduler.packs.flow import step
from scheduler.progress import browser_steps


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def command(name: str) -> click.Command:
    found = cli.get_command(click.Context(cli), name)
    assert found is not None
    return found


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_help_has_an_example_of_itself(name: str) -> None:
    output = CliRunner().invoke(cli, [name, "--help"]).output
    assert "Example:" in output or "Examples:" in output, output
    example = output.split("Example")[1].split("Options:")[0]
    assert f"jadwal {name} " in example or f"jadwal --lang id {name} " in example, example


def test_the_failures_option_is_the_same_everywhere() -> None:
    found = {}
    for name in COMMANDS:
        for param in command(name).params:
            if param.name == "failures_dir":
                found[name] = (param.show_default, param.help)  # type: ignore[attr-defined]
    assert {"login", "publish", "daemon", "inbox", "reply"} <= set(found)
    assert set(found.values()) == {(None, "Where a failure leaves its screenshot and trace [default: failures/ next "
                                          "to the journal].")}, found


class _Page:
    """Enough of a page for `step` outside a selftest (it reads the URL for its record)."""

    url = "http://127.0.0.1:9/compose"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_browser_steps_show_on_a_terminal_and_nothing_in_a_pipe() -> None:
    terminal = _Terminal()
    with browser_steps("publishing post p1", file=terminal):
        with step(_Page(), "compose.text"):  # type: ignore[arg-type]
            pass
        with step(_Page(), "compose.submit"):  # type: ignore[arg-type]
            pass
    shown = terminal.getvalue()
    assert "\rpublishing post p1: starting the browser (0s)" in shown
    assert "publishing post p1: compose.text (0s)" in shown and "publishing post p1: compose.submit (0s)" in shown
    assert shown.endswith("\r")  # the line is cleared: what happened is said below it
    pipe = io.StringIO()
    with browser_steps("publishing post p1", file=pipe):
        with step(_Page(), "compose.text"):  # type: ignore[arg-type]
            pass
    assert pipe.getvalue() == ""


def test_jadwal_progress_off_silences_the_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JADWAL_PROGRESS", "off")
    terminal = _Terminal()
    with browser_steps("logging in ig", file=terminal):
        with step(_Page(), "login.submit"):  # type: ignore[arg-type]
            pass
    assert terminal.getvalue() == ""
