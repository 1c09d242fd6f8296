"""systemd integration without a dependency: readiness/watchdog messages and the unit file."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path


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


def service_state(plan: Path, user: str) -> Path:
    """The plan's default journal as the service's user sees it (their home from the user database,
    else /var/lib/USER as the README's `useradd` makes it); $JADWAL_STATE of whoever runs this does
    not apply to the service."""
    import pwd

    from scheduler.runtime.paths import default_state

    try:
        home = Path(pwd.getpwnam(user).pw_dir)
    except KeyError:
        home = Path("/var/lib") / user
    return default_state(plan, env={}, home=home)


def unit_file(plan: str, state: str, *, user: str = "jadwal", executable: str | None = None,
              watchdog_seconds: int = 300) -> str:
    """A systemd service running the daemon as a dedicated user, with Chromium's sandbox possible.

    `KillMode=mixed`: SIGTERM reaches only jadwal, which closes its browser itself;
    whatever is left gets SIGKILL after `TimeoutStopSec`. The watchdog interval
    is larger than the per-publish deadline, since a publish holds the loop.
    """
    exe = executable or jadwal_executable()
    state_dir = str(Path(state).parent)
    # systemd creates /var/lib/<name> for the service user, 0700; elsewhere the folder must exist
    managed = (f"StateDirectory={state_dir.removeprefix('/var/lib/')}\nStateDirectoryMode=0700\n"
               if state_dir.startswith("/var/lib/") else "")
    return f"""\
# jadwal daemon: install as /etc/systemd/system/jadwal.service, then
#   sudo useradd --system --home-dir {state_dir} --shell /usr/sbin/nologin {user}
#   sudo systemctl daemon-reload && sudo systemctl enable --now jadwal
[Unit]
Description=jadwal content scheduler ({plan})
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
ReadWritePaths={state_dir}
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictRealtime=yes
LockPersonality=yes
MemoryMax=1G

[Install]
WantedBy=multi-user.target
"""
