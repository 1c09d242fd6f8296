"""The sandbox social site as a Flask app: `create_app(data_dir, users, faults)`.

Request order: admin calls skip faults; every other request first waits the
injected latency; HTML pages may then be answered 500 by the error-rate dice,
before anything is read or written; then the session is loaded.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, render_template, request
from werkzeug.exceptions import HTTPException

from scheduler.sandbox import activity, audience, auth, db
from scheduler.sandbox.api import admin, api
from scheduler.sandbox.faults import Faults
from scheduler.sandbox.pages import MAX_TEXT, bp
from scheduler.sandbox.state import SiteState, site

DEFAULT_USERS = {"kopisenja": "kopisenja", "fan": "fan"}
#: request bodies above this are refused outright (413); images are checked at 5 MB
MAX_BODY = 16 * 1024 * 1024
NO_FAULT_PREFIXES = ("/api/", "/static/", "/media/")


def create_app(
    data_dir: Path, users: dict[str, str] | None = None, faults: Faults | None = None
) -> Flask:
    """A sandbox app storing its SQLite file and images under `data_dir`."""
    data_dir = Path(data_dir)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # holds session tokens
    state = SiteState(data_dir=data_dir, faults=faults or Faults())
    db.init(state.db_path, DEFAULT_USERS if users is None else users)
    state.keeper = db.keep_open(state.db_path)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.extensions["sandbox"] = state
    app.register_blueprint(bp)
    app.register_blueprint(api)
    app.register_blueprint(admin)
    audience.install(app)  # likes, views and the fans (routes on `admin` too)
    activity.install(app)  # the activity page and the page-load counter
    app.before_request(_before)
    app.after_request(auth.save_cookie)
    app.teardown_request(_close_db)
    app.register_error_handler(HTTPException, _http_error)
    app.context_processor(_template_globals)
    return app


def _before() -> Any:
    if request.path.startswith("/_admin/"):
        g.db = db.connect(site().db_path)
        return None
    faults = site().faults
    if faults.latency_ms:
        time.sleep(faults.latency_ms / 1000)
    if not request.path.startswith(NO_FAULT_PREFIXES) and faults.roll_error():
        return _error_page(500, "Something went wrong. Please try again later.")
    g.db = db.connect(site().db_path)
    auth.load_session()
    return None


def _close_db(_exc: BaseException | None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def _error_page(code: int, message: str) -> tuple[str, int]:
    return render_template("error.html", code=code, message=message), code


def _http_error(exc: HTTPException) -> Response | tuple[Any, int]:
    code = exc.code or 500
    if request.path.startswith(("/api/", "/_admin/")):
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
    }
