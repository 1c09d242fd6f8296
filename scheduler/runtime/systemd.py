"""systemd integration without a dependency: readiness/watchdog messages and the unit file."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import sys
from pathlib import Path

from scheduler.i18n import _


def sd_notify(state: str) -> bool:
    """Send `state` (e.g. "READY=1") to systemd's NOTIFY_SOCKET; False when not run by systemd."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):  # abstract namespace
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(state.encode("utf-8"))
    except OSError:
        return False
    return True


def jadwal_executable() -> str:
    """The installed `jadwal` command (next to this Python first, then PATH)."""
    beside = Path(sys.executable).with_name("jadwal")
    if beside.exists():
        return str(beside)
    return shutil.which("jadwal") or "/usr/local/bin/jadwal"


#: a user name useradd and systemd both accept (POSIX portable characters, not starting with "-")
USER_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}")


def user_problem(name: str, *, allow_root: bool) -> str | None:
    """Why `name` cannot be the service's user, else None."""
    if not USER_NAME.fullmatch(name):
        return _("{name} is not a valid user name: lower-case letters, digits, _ and -, starting with a letter "
                 "or _, at most 32 characters").format(name=repr(name))
    if name == "root" and not allow_root:
        return _("the service would run as root: Chromium's sandbox cannot work as root, so a hostile page "
                 "could take the machine")
    return None


def unit_text(text: str) -> str:
    """`text` for a unit file line: systemd's specifiers (%) escaped. Control characters (a newline
    would start a new setting) raise `ValueError`."""
    if any(ord(char) < 32 or ord(char) == 127 for char in text):
        raise ValueError(f"control character in {text!r}")
    return text.replace("%", "%%")


def unit_word(text: str, *, command: bool = False) -> str:
    """`text` as one word of a setting (quoted when it holds blanks, quotes or backslashes); in a
    `command` line (ExecStart=) a `$` is escaped too, so nothing is expanded."""
    text = unit_text(text)
    if command:
        text = text.replace("$", "$$")
    if any(char in text for char in ' "\'\\;'):
        text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def service_state(plan: Path, user: str) -> Path:
    """The plan's default journal as the service's user sees it (their home from the user database,
    else /var/lib/USER as the unit's `useradd` line makes it); $JADWAL_STATE of whoever runs this does
    not apply to the service."""
    import pwd

    from scheduler.runtime.paths import default_state

    try:
        home = Path(pwd.getpwnam(user).pw_dir)
    except KeyError:
        home = Path("/var/lib") / user
    state = default_state(plan, env={}, home=home)
    assert isinstance(state, Path)  # env={}: never a URL
    return state


def unit_file(plan: str, state: str, *, user: str = "jadwal", executable: str | None = None,
              watchdog_seconds: int = 300) -> str:
    """A systemd service running the daemon as a dedicated user, with Chromium's sandbox possible.

    `KillMode=mixed`: SIGTERM reaches only jadwal, which closes its browser itself;
    whatever is left gets SIGKILL after `TimeoutStopSec`. The watchdog interval
    is larger than the per-publish deadline, since a publish holds the loop.
    """
    if not USER_NAME.fullmatch(user):
        raise ValueError(f"not a user name: {user!r}")
    exe = executable or jadwal_executable()
    state_dir = str(Path(state).parent)
    # the service user's home: the folder a default journal (HOME/.local/state/jadwal) hangs from
    home = state_dir.split("/.local/state/")[0] if "/.local/state/" in state_dir else state_dir
    # systemd creates /var/lib/<name> for the service user, 0700; elsewhere the folder must exist
    managed = (f"StateDirectory={unit_word(state_dir.removeprefix('/var/lib/'))}\nStateDirectoryMode=0700\n"
               if state_dir.startswith("/var/lib/") else "")
    description = unit_text(plan)
    rw = unit_word(state_dir)
    exe, plan, state = (unit_word(v, command=True) for v in (exe, plan, state))
    return f"""\
# jadwal daemon: install as /etc/systemd/system/jadwal.service, then
#   sudo useradd --system --home-dir {shlex.quote(home)} --shell /usr/sbin/nologin {user}
#   sudo systemctl daemon-reload && sudo systemctl enable --now jadwal
[Unit]
Description=jadwal content scheduler ({description})
After=network-online.target time-sync.target
Wants=network-online.target

[Service]
Type=notify
NotifyAccess=main
User={user}
Group={user}
ExecStart={exe} daemon {plan} --state {state}
ExecReload=/bin/kill -HUP $MAINPID
Restart=on-failure
RestartSec=10
WatchdogSec={watchdog_seconds}
TimeoutStopSec=60
KillMode=mixed
{managed}UMask=0077
NoNewPrivileges=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectSystem=strict
ProtectHome=read-only
ReadWritePaths={rw}
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictRealtime=yes
LockPersonality=yes
MemoryMax=1G

[Install]
WantedBy=multi-user.target
"""
