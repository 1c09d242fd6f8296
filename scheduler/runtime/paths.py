"""Where a plan's journal lives when `--state` is not given: the same answer for every command.

`jadwal daemon`, `publish`, `status`, `retry`, `inbox`, `reply`, `report`,
`login` and `systemd-unit` all derive it from the plan, so a user never has to
repeat it (and never gets a second journal by forgetting it, which would
publish again):

    $JADWAL_STATE                                          when JADWAL_STATE is a postgresql:// URL
    $JADWAL_STATE/<plan name>-<hash>.db                    when JADWAL_STATE (a folder) is set
    ${XDG_STATE_HOME:-~/.local/state}/jadwal/<plan name>-<hash>.db   otherwise

`<hash>` is taken from the plan's resolved path, so two plans that share a file
name in different folders never share a journal, and a symlink to a plan finds
its journal. The folder is created 0700. For the systemd service (user `jadwal`,
home /var/lib/jadwal) this is /var/lib/jadwal/.local/state/jadwal/..., and
`sudo -u jadwal jadwal status PLAN` finds the same file.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from scheduler.runtime.state import PgUrl, StateRef, is_url, pg_url

#: the environment variable naming the folder journals are kept in
STATE_ENV = "JADWAL_STATE"


def state_home(env: dict[str, str] | os._Environ[str] | None = None, home: Path | None = None) -> Path:
    """The folder journals go in for this user (or for `home`, e.g. the service user's)."""
    env = os.environ if env is None else env
    if env.get(STATE_ENV) and not is_url(env[STATE_ENV]):  # a URL names a database, not a folder
        return Path(env[STATE_ENV]).expanduser()
    if home is None and env.get("XDG_STATE_HOME"):
        return Path(env["XDG_STATE_HOME"]) / "jadwal"
    return (home or Path(env.get("HOME") or Path.home())) / ".local" / "state" / "jadwal"


def journal_name(plan: Path) -> str:
    """`<plan file name>-<8 hex of its resolved path>.db` (the real file's, when given a symlink)."""
    real = plan.resolve()
    digest = hashlib.sha256(str(real).encode("utf-8")).hexdigest()[:8]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", real.stem).strip("-") or "plan"
    return f"{stem}-{digest}.db"


def default_state(plan: Path, env: dict[str, str] | os._Environ[str] | None = None,
                  home: Path | None = None) -> StateRef:
    """The journal of `plan` when no --state is given (a PostgreSQL URL in JADWAL_STATE is the journal)."""
    env = os.environ if env is None else env
    if is_url(env.get(STATE_ENV, "")):
        return pg_url(env[STATE_ENV], option=STATE_ENV)
    return state_home(env, home) / journal_name(plan)


def state_for(plan: Path, given: StateRef | None) -> StateRef:
    """`--state` when given, else the plan's default."""
    return given if given is not None else default_state(plan)


def is_default(plan: Path, state: StateRef) -> bool:
    """Whether `state` is where commands look without --state (then hints need not repeat it)."""
    try:
        default = default_state(plan)
        if isinstance(state, PgUrl) or isinstance(default, PgUrl):
            return state == default
        return state.resolve() == default.resolve()
    except (OSError, ValueError):
        return False


def failures_for(state: StateRef) -> Path:
    """Where failures leave their screenshots and traces by default: next to a journal file; for a
    PostgreSQL journal, in this user's state folder (~/.local/state/jadwal/failures)."""
    if isinstance(state, PgUrl):
        return state_home() / "failures"
    return state.resolve().parent / "failures"


def state_option(plan: Path, state: StateRef) -> str:
    """` --state PATH` for a command shown to the user, or "" when the default finds it anyway (a URL is
    shown with its password masked: the user puts it back, or keeps it in JADWAL_STATE)."""
    return "" if is_default(plan, state) else f" --state '{state}'" if isinstance(state, PgUrl) else f" --state {state}"
