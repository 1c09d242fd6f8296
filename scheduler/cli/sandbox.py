"""`jadwal sandbox`: run the practice social site that the demo and the tests publish to."""

from __future__ import annotations

import ipaddress
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

import click

from scheduler.sandbox.faults import (  # no Flask: light
    CRASH_MODES,
    DEFAULT_SESSION_TTL,
    MARKUP_VARIANTS,
    MAX_SESSION_TTL,
    UI_LANGUAGES,
)

DEFAULT_USERS = ("kopisenja:kopisenja", "fan:fan")
FIRST_LINE = "jadwal sandbox running at {url}"


def parse_users(values: tuple[str, ...]) -> dict[str, str]:
    users: dict[str, str] = {}
    for value in values or DEFAULT_USERS:
        name, sep, password = value.partition(":")
        if not sep or not name or not password:
            raise click.BadParameter(f"{value!r} is not NAME:PASSWORD", param_hint="--user")
        users[name] = password
    return users


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback only unless --public).")
@click.option("--port", default=8700, show_default=True, type=click.IntRange(0, 65535), help="Port; 0 picks a free one.")
@click.option("--data", "data_dir", default="sandbox-data", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the SQLite file and uploaded images.")
@click.option("--user", "users", multiple=True, metavar="NAME:PASSWORD",
              help="An account to create (repeatable). Default: kopisenja:kopisenja and fan:fan.")
@click.option("--public", is_flag=True, help="Allow a non-loopback --host (the sandbox is a toy: never expose it).")
@click.option("--latency-ms", default=0, type=click.IntRange(0, 60_000),
              help="Fault: delay every request by this much (0 to 60000).")
@click.option("--error-rate", default=0.0, type=click.FloatRange(0, 1), help="Fault: share of page requests answered 500.")
@click.option("--markup-variant", default="normal", type=click.Choice(MARKUP_VARIANTS),
              help="Fault: rename/move the compose page's Post button.")
@click.option("--session-ttl", default=DEFAULT_SESSION_TTL, show_default=True, type=click.FloatRange(0, MAX_SESSION_TTL),
              help="Seconds a login session (and its cookie) lasts, up to a year.")
@click.option("--crash-after-post", default="off", type=click.Choice(["off", *CRASH_MODES]),
              help="Fault: after saving a post, answer 500 / never answer / drop the connection (every post).")
@click.option("--ui-language", default="en", type=click.Choice(UI_LANGUAGES),
              help="The site's language: en (English) or id (Bahasa Indonesia).")
@click.option("--seed", default=None, type=int, help="Seed for the error-rate dice (repeatable runs).")
def sandbox(
    host: str, port: int, data_dir: Path, users: tuple[str, ...], public: bool, latency_ms: int,
    error_rate: float, markup_variant: str, session_ttl: float, crash_after_post: str, ui_language: str,
    seed: int | None,
) -> None:
    """Run the sandbox social site until Ctrl-C.

    A small real web site (login, compose, permalinks, comments, followers, a
    read-only JSON API at /api/posts) for trying jadwal without a real account.
    Faults can also be changed while it runs: POST /_admin/faults (from this machine).

    \b
    Example:
      jadwal sandbox --user tokosaya:rahasia123 --data var/sandbox
    """
    if not is_loopback(host):
        if not public:
            raise click.UsageError(f"--host {host} is not a loopback address; add --public if you really mean it")
        click.echo("warning: the sandbox is a toy with demo passwords; do not expose it to a network", err=True)
    from scheduler.logs import configure
    from scheduler.sandbox.server import SandboxServer  # Flask loads only when the command runs

    root = click.get_current_context().find_root()
    configure((root.obj or {}).get("verbose", 0))

    crash = {"mode": crash_after_post, "times": sys.maxsize} if crash_after_post != "off" else None
    accounts = parse_users(users)
    try:
        server = SandboxServer(
            data_dir, accounts, host=host, port=port, seed=seed, latency_ms=latency_ms,
            error_rate=error_rate, markup_variant=markup_variant, session_ttl=session_ttl,
            crash_after_post=crash, ui_language=ui_language,
        )
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror or exc} (pick another --port, or --port 0 for a free one)"
        ) from exc
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    with server:
        click.echo(FIRST_LINE.format(url=server.url))
        sys.stdout.flush()
        click.echo(f"users: {', '.join(accounts)}; data in {data_dir}; Ctrl-C stops", err=True)
        from scheduler.sandbox.replicas import PLATFORMS

        click.echo(f"replicas: {', '.join(f'{server.url}/replica/{name}/' for name in PLATFORMS)}", err=True)
        stop.wait()
    click.echo("sandbox stopped", err=True)
