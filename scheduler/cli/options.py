"""Options and helpers the commands share: the plan argument, the journal (`--state`), durations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from scheduler.errors import StateError
from scheduler.i18n import _

if TYPE_CHECKING:
    from scheduler.runtime.journal import Journal

PLAN = click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
STATE = click.option(
    "--state", "state_path", type=click.Path(dir_okay=False, path_type=Path),
    help="The journal (SQLite state database) [default: one per plan, the same for every command: "
         "$JADWAL_STATE/NAME-HASH.db, else ~/.local/state/jadwal/NAME-HASH.db].")


#: one --failures for every command that drives a browser, with one default: next to the journal
FAILURES = click.option(
    "--failures", "failures_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Where a failure leaves its screenshot and trace [default: failures/ next to the journal].")


def verbosity(ctx: click.Context) -> int:
    """How many -v the user gave `jadwal` (for `scheduler.logs.configure`)."""
    return int((ctx.find_root().obj or {}).get("verbose", 0))


def state_of(plan: Path, given: Path | None) -> Path:
    """The journal a command uses: --state, else the plan's default (`scheduler.runtime.paths`)."""
    from scheduler.runtime.paths import state_for

    return state_for(plan, given)


def failures_default(state: Path) -> Path:
    """Where failures leave their screenshots and traces: next to the journal."""
    return state.resolve().parent / "failures"


def open_journal(plan: Path, state: Path) -> Journal:
    """The journal a daemon has written, for the commands that read it; never creates one."""
    from scheduler.runtime.journal import Journal
    from scheduler.runtime.paths import state_option

    if not state.exists():
        raise StateError(_("no state database at {path}").format(path=state),
                         _("start `jadwal daemon {plan}{state}` first, or give the --state the daemon uses").format(
                             plan=plan, state=state_option(plan, state)))
    return Journal(state)
