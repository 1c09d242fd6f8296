"""Run the sandbox in a background thread: what tests, the demo and `jadwal sandbox` use.

    with SandboxServer(tmp_path, users={"kopisenja": "kopisenja"}) as srv:
        srv.url                      # http://127.0.0.1:41234 (port 0 picks a free one)
        srv.set_faults(latency_ms=200, crash_after_post={"mode": "drop", "times": 1})
        srv.expire_sessions()
        srv.replica("instagram").set_faults(checkpoint={"kind": "captcha", "on": "login"})
        srv.audience(seed=1, fans=30, hours=[19, 20], timezone="Asia/Jakarta"); srv.audience_act()

werkzeug's threaded server: one thread per connection, enough for a browser
and a few API calls, and it hands us the socket (needed to drop a connection).
"""

from __future__ import annotations

import math
import socket
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from loguru import logger
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from scheduler.sandbox import db
from scheduler.sandbox.app import create_app
from scheduler.sandbox.faults import Faults

if TYPE_CHECKING:
    from scheduler.sandbox.replicas.base import ReplicaControl


class _QuietHandler(WSGIRequestHandler):
    """Request lines go to loguru at debug level instead of werkzeug's stderr logger."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        logger.debug("sandbox {} {} -> {}", self.command, self.path, code)

    def log(self, type: str, message: str, *args: Any) -> None:
        logger.debug("sandbox {}: {}", type, message % args if args else message)


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


class SandboxServer:
    """A sandbox site served from a daemon thread; a context manager that stops it on exit."""

    def __init__(
        self,
        data_dir: Path | str,
        users: dict[str, str] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int | None = None,
        **faults: Any,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.faults = Faults(seed=seed, **faults)
        # a wildcard address (--public) may be reached by any name; else the site answers to its own
        hosts = None if host in ("0.0.0.0", "::", "") else (host,)
        self.app = create_app(self.data_dir, users, self.faults, hosts=hosts)
        listener = _listen(host, port)  # bound here so a busy port is an OSError, not an exit
        try:
            self._server: BaseWSGIServer = make_server(
                host, port, self.app, threaded=True, request_handler=_QuietHandler, fd=listener.fileno()
            )
        finally:
            listener.close()  # werkzeug serves from its own duplicate of the socket
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        address, port = self._server.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else str(address)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}"

    def start(self) -> SandboxServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="sandbox", daemon=True
            )  # a short poll so stop() returns fast (tests start and stop many servers)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; wakes handlers told to hang so none outlives the server for long."""
        self.app.extensions["sandbox"].stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._server.server_close()
        self.app.extensions["sandbox"].close()

    def set_faults(self, **settings: Any) -> dict[str, Any]:
        """Change faults (same keys as `POST /_admin/faults`); returns the new fault state."""
        return self.faults.update(**settings)

    def interrupts(self) -> dict[str, int]:
        """What visitors did with checkpoints and dialogs, e.g. {"checkpoint_shown:captcha": 1}."""
        return self.app.extensions["sandbox"].interrupts.snapshot()

    def reset_faults(self) -> dict[str, Any]:
        return self.faults.reset()

    def audience(self, **habit: Any) -> dict[str, Any]:
        """Create the fans and set their habit (same keys as `POST /_admin/audience`); returns it."""
        from dataclasses import asdict

        from scheduler.sandbox import audience

        settings = audience.Habit.from_json(habit)
        conn = db.connect(self.app.extensions["sandbox"].db_path)
        try:
            audience.create_fans(conn, settings)
        finally:
            conn.close()
        self.app.extensions[audience.EXTENSION].habit = settings
        return asdict(settings)

    def audience_act(self, author: str | None = None) -> dict[str, int]:
        """The fans respond to every post they have not seen yet (see `scheduler.sandbox.audience`)."""
        from scheduler.sandbox import audience

        state = self.app.extensions[audience.EXTENSION]
        if state.habit is None:
            raise ValueError("call audience() first")
        conn = db.connect(self.app.extensions["sandbox"].db_path)
        try:
            with state.lock:
                return audience.act(conn, state.habit, author=author)
        finally:
            conn.close()

    def traffic(self) -> dict[str, Any]:
        """Page loads per endpoint since the start (or the last reset): {"pages": {...}, "total": n}."""
        return self.app.extensions["sandbox_traffic"].snapshot()

    def reset_traffic(self) -> dict[str, Any]:
        return self.app.extensions["sandbox_traffic"].reset()

    def expire_sessions(self) -> int:
        """Forget every session, as if all had expired; returns how many there were."""
        conn = db.connect(self.app.extensions["sandbox"].db_path)
        try:
            return db.delete_sessions_before(conn, math.inf)
        finally:
            conn.close()

    def replica(self, name: str) -> ReplicaControl:
        """Control the replica `name` (e.g. "instagram"): its checkpoints, dialogs, accounts, posts."""
        from scheduler.sandbox.replicas import load

        return load(name).control(self.app.extensions["sandbox"])

    def activity(self) -> dict[str, Any]:
        """Every signed-in action per account, and the overlaps (one account doing two things at once)."""
        return self.app.extensions["sandbox"].activity.snapshot()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
