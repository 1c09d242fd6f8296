"""Server-side sessions and CSRF for the sandbox.

The browser holds only a random token in the `sandbox_session` cookie; the
session row holds the user, a per-session CSRF token and a one-shot flash.
Anonymous visitors of the login page get a session too, so the login form is
CSRF-protected like every other form. Expiry is judged against the *current*
TTL, so turning the TTL down in a test expires sessions that already exist.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

from flask import Response, abort, g, redirect, request

from scheduler.sandbox import db
from scheduler.sandbox.state import site

COOKIE = "sandbox_session"
EXPIRED_MESSAGE = "Your session has expired. Please log in again."

F = TypeVar("F", bound=Callable[..., Any])


def load_session() -> None:
    """Set `g.session` (or None) and `g.session_expired` from the request's cookie."""
    g.session, g.session_expired, g.cookie_token = None, False, None
    token = request.cookies.get(COOKIE)
    if not token:
        return
    session = live_session(token)
    if session is None:
        g.session_expired = True
    g.session = session


def live_session(token: str) -> db.Session | None:
    """The session of `token`, or None when there is none or it outlived the `session_ttl` fault (then
    it is deleted)."""
    session = db.get_session(g.db, token)
    if session is not None and time.time() - session.created_at > site().faults.session_ttl:
        db.delete_session(g.db, token)
        session = None
    return session


def current_user() -> str | None:
    session = g.get("session")
    return session.user_name if session else None


def ensure_session() -> db.Session:
    """The visitor's session, creating an anonymous one (for the login form's CSRF token)."""
    if g.session is None:
        g.session = db.new_session(g.db, None, time.time())
        g.cookie_token = g.session.token
    return g.session


def start_login(user_id: int) -> db.Session:
    """Replace whatever session the visitor had by a fresh logged-in one (no fixation)."""
    if g.session is not None:
        db.delete_session(g.db, g.session.token)
    db.delete_sessions_before(g.db, time.time() - site().faults.session_ttl)  # tidy up old ones
    g.session = db.new_session(g.db, user_id, time.time())
    g.cookie_token = g.session.token
    return g.session


def end_session() -> None:
    if g.session is not None:
        db.delete_session(g.db, g.session.token)
    g.session, g.cookie_token = None, ""


def save_cookie(response: Response) -> Response:
    """After-request hook: write or clear the session cookie when it changed."""
    token = g.get("cookie_token")
    if token:  # the cookie lives as long as the session does (the server still judges expiry itself)
        response.set_cookie(COOKIE, token, max_age=max(1, int(site().faults.session_ttl)), httponly=True,
                            samesite="Lax")
    elif token == "":
        response.delete_cookie(COOKIE, httponly=True, samesite="Lax")
    return response


def csrf_ok() -> bool:
    sent = request.form.get("csrf_token", "")
    return g.session is not None and hmac.compare_digest(sent, g.session.csrf_token)


def login_url(next_path: str, expired: bool) -> str:
    query = {"next": next_path} | ({"expired": "1"} if expired else {})
    return "/login?" + urlencode(query)


def _referrer_path() -> str:
    """Where a POST came from (to return there after logging in), else the feed."""
    ref = urlsplit(request.referrer or "")
    if ref.netloc and ref.netloc != request.host:
        return "/"
    return (ref.path or "/") + (f"?{ref.query}" if ref.query else "")


def safe_next(value: str | None) -> str:
    """A local path to go to after login; anything else (other hosts, `//x`) becomes `/`."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def login_required(view: F) -> F:
    """Send visitors without a valid session to the login page (saying so if theirs expired);
    then check the CSRF token on POST."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            next_path = request.full_path.rstrip("?") if request.method == "GET" else _referrer_path()
            return redirect(login_url(next_path, g.session_expired), 302)
        if request.method == "POST" and not csrf_ok():
            abort(400, "The form is out of date. Please reload the page and try again.")
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
