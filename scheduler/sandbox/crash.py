"""The "accepted, then 500 / hang / drop" fault (`crash_after_post`): what a submit endpoint answers
after it has committed a post, so the browser never sees the confirmation. Shared by the sandbox's
compose page and the replicas' submit endpoints."""

from __future__ import annotations

import hashlib
import socket
from typing import Any

from flask import Response, abort, render_template, request

from scheduler.sandbox.state import site

HANG_SECONDS = 120


def crash_response(mode: str) -> Any:
    """Fail after the post is committed: an error page, no answer for a long time, or no answer at all."""
    if mode == "hang":
        site().stopping.wait(HANG_SECONDS)
    elif mode == "drop":
        return drop_connection()
    return render_template("error.html", code=500, message="Something went wrong."), 500


def drop_connection() -> Any:
    """Close the client's connection without a byte of answer (falls back to a 500 elsewhere)."""
    sock: socket.socket | None = request.environ.get("werkzeug.socket")
    if sock is None:
        abort(500)
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    return Response(status=500)  # werkzeug cannot send it (broken pipe) and drops it quietly


def fingerprint(*parts: str) -> str:
    """Identifies one submission, to recognise the browser's automatic re-send of a dropped one."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def after_commit(submission: str) -> Any | None:
    """The crash answer for a submission just committed, or None to answer normally."""
    mode = site().faults.take_crash()
    if mode == "drop":
        site().remember_drop(submission)
    return crash_response(mode) if mode else None
