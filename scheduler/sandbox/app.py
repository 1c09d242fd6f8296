"""The sandbox social site as a Flask app: `create_app(data_dir, users, faults)`.

Request order: admin calls skip faults; every other request first waits the
injected latency; HTML pages may then be answered 500 by the error-rate dice,
before anything is read or written; then the session is loaded.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, g, render_template, request
from werkzeug.exceptions import HTTPException

from scheduler.sandbox import activity_page, audience, auth, db, interrupts, replicas
from scheduler.sandbox.api import admin, api
from scheduler.sandbox.faults import Faults
from scheduler.sandbox.pages import MAX_TEXT, bp
from scheduler.sandbox.state import LOOPBACK_NAMES, SiteState, host_name, site
from scheduler.sandbox.ui import t

DEFAULT_USERS = {"kopisenja": "kopisenja", "fan": "fan"}
#: request bodies above this are refused outright (413); images are checked at 5 MB
MAX_BODY = 16 * 1024 * 1024
NO_FAULT_PREFIXES = ("/api/", "/static/", "/media/")


#: every answer carries these: no type guessing, no framing (clickjacking), only the site's own
#: resources (the pages have no inline scripts or styles)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "same-origin",
}


def create_app(
    data_dir: Path, users: dict[str, str] | None = None, faults: Faults | None = None,
    hosts: tuple[str, ...] | None = (),
) -> Flask:
    """A sandbox app storing its SQLite file and images under `data_dir`.

    `hosts`: host names the site answers to besides the loopback ones (DNS rebinding: a page on
    evil.example whose name now points at 127.0.0.1 sends `Host: evil.example`); None answers any
    (a --public sandbox on a wildcard address). The admin endpoints answer loopback names only.
    """
    # absolute: Flask resolves a relative folder against its package, not the working directory,
    # so a relative --data (the default) served no images
    data_dir = Path(data_dir).absolute()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # holds session tokens
    state = SiteState(data_dir=data_dir, faults=faults or Faults(),
                      hosts=None if hosts is None else frozenset(LOOPBACK_NAMES) | {h.lower() for h in hosts})
    db.init(state.db_path, DEFAULT_USERS if users is None else users)
    state.keeper = db.keep_open(state.db_path)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.extensions["sandbox"] = state
    app.register_blueprint(bp)
    app.register_blueprint(api)
    app.register_blueprint(interrupts.bp)
    app.register_blueprint(admin)
    replicas.register_all(app)
    audience.install(app)  # likes, views and the fans (routes on `admin` too)
    activity_page.install(app)  # the activity page and the page-load counter
    app.before_request(_before)
    app.after_request(auth.save_cookie)
    app.after_request(_secure_headers)
    app.teardown_request(_end_action)
    app.teardown_request(_close_db)
    app.register_error_handler(HTTPException, _http_error)
    app.context_processor(_template_globals)
    return app


def _secure_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _before() -> Any:
    allowed = site().hosts
    if allowed is not None and host_name() not in allowed:
        abort(400, "Unknown host name: this site answers to its own address only.")
    if request.path.startswith("/_admin/"):
        g.db = db.connect(site().db_path)
        return None
    faults = site().faults
    if faults.latency_ms:
        time.sleep(faults.latency_ms / 1000)
    if not _is_asset(request.path) and faults.roll_error():
        return _error_page(500, t("Something went wrong. Please try again later."))
    g.db = db.connect(site().db_path)
    if replicas.is_replica(request.path):
        return None  # a replica has sessions of its own (its blueprint loads them)
    auth.load_session()
    user = auth.current_user()
    if user is not None and not _is_asset(request.path):
        g.action_id = site().activity.begin("sandbox", user, request.method, request.path)
    return interrupts.checkpoint_redirect()


def _is_asset(path: str) -> bool:
    """Images, styles, scripts and the JSON API: no error-rate dice, not an account's action."""
    return path.startswith(NO_FAULT_PREFIXES) or replicas.is_asset(path)


def _end_action(_exc: BaseException | None) -> None:
    action_id = g.pop("action_id", None)
    if action_id is not None:
        site().activity.end(action_id)


def _close_db(_exc: BaseException | None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def _error_page(code: int, message: str) -> tuple[str, int]:
    return render_template("error.html", code=code, message=message), code


def _http_error(exc: HTTPException) -> Response | tuple[Any, int]:
    code = exc.code or 500
    if request.path.startswith(("/api/", "/_admin/")) or replicas.wants_json(request.path):
        return {"error": exc.description or exc.name}, code
    if code == 413:
        message = "The upload is too large. Images can be at most 5 MB."
    else:
        message = exc.description if exc.description and code != 405 else exc.name
    return _error_page(code, message)


def _template_globals() -> dict[str, Any]:
    session = g.get("session")
    return {
        "current_user": session.user_name if session else None,
        "csrf_token": session.csrf_token if session else "",
        "variant": site().faults.markup_variant,
        "max_text": MAX_TEXT,
        "ui_text": t,  # not "t": the replicas have their own
        "ui_language": site().faults.ui_language,
        "dialogs_for": interrupts.dialogs_for,
    }
