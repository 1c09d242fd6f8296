"""`Replica`: what every replica shares, so a platform's sub-package holds only its own pages.

Per request (its blueprint's hooks): the replica's own session from its own cookie (path-scoped to
`/replica/<platform>/`, on the sandbox's users and session rows, so the sandbox's session TTL and
`expire_sessions` hold), the UI language, the account's action in the activity log, and the
checkpoint gate (a held account sees only its checkpoint page). For the platform's views:
`current_user`, `login_required`, `csrf_ok`, `sign_in`, `take_dialog`, `blocked`, `t` and
`set_cookie`. Routes every replica gets: the JSON API for tests (`/_api/posts`, `/_api/users/<name>`),
media, checkpoint pages, the dialogs' and checkpoints' beacons, and the admin API under
`/_admin/replica/<platform>/` behind the sandbox's admin guard.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from functools import partial, wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, abort, g, jsonify, redirect, render_template, request, send_from_directory

from scheduler.sandbox import db
from scheduler.sandbox.api import loopback_only
from scheduler.sandbox.auth import live_session
from scheduler.sandbox.faults import FaultError
from scheduler.sandbox.replicas import PREFIX, is_asset
from scheduler.sandbox.replicas import store
from scheduler.sandbox.replicas.interrupts import ReplicaFaults
from scheduler.sandbox.replicas.uploads import Accepts, save, sniff
from scheduler.sandbox.state import SiteState, site

LANGUAGES = ("en", "id")
COOKIE_MAX_AGE = 365 * 24 * 3600
F = TypeVar("F", bound=Callable[..., Any])


class Texts:
    """A replica's UI text: English key -> (English, Indonesian). A missing key is a KeyError, so a
    template never shows a text the table does not hold."""

    def __init__(self, table: dict[str, tuple[str, str]]) -> None:
        self.table = table

    def __call__(self, key: str, **values: Any) -> str:
        text = self.table[key][LANGUAGES.index(g.get("lang", "en"))]
        return text.format(**values) if values else text


def same_code(sent: str, code: str) -> bool:
    return sent == code


@dataclass(frozen=True)
class CheckpointPage:
    """A checkpoint kind: its page (a URL rule under the replica; may hold `<cid>`) and template, or
    no page (`rule=None`: an action block, answered on the next submit instead)."""

    rule: str | None
    template: str | None = None
    #: a person passes it with the code "sent" to them (the admin API shows it); else only the admin can
    solvable: bool = True
    #: the form field the code is typed into
    code_field: str = "code"
    #: whether what the form sent passes, given the held code: the code itself by default; a puzzle
    #: derives its answer from the code (where the gap is) and allows a person's imprecision
    check: Callable[[str, str], bool] = same_code


@dataclass(frozen=True)
class Cookies:
    session: str
    csrf: str
    language: str
    consent: str


#: scripts every replica loads (static/replica.js), served under each one's `/static/shared/`
SHARED_STATIC = Path(__file__).parent / "static"
#: templates the replicas' own include (`replica/...`): a blueprint with no routes, for its folder
SHARED_TEMPLATES = Blueprint("replica_shared", __name__, template_folder="templates")


class Replica:
    """One platform's replica: a Flask blueprint at `/replica/<name>` plus its admin blueprint."""

    def __init__(
        self, name: str, import_name: str, *, texts: Texts, cookies: Cookies, language_param: str,
        login_path: str, logout_path: str, language_path: str, checkpoints: dict[str, CheckpointPage],
        dialogs: tuple[str, ...] = (), steps: tuple[str, ...] = (), accepts: Accepts,
        comments_page: int = 15, post_path: Callable[[dict[str, Any]], str] = lambda p: f"/p/{p['code']}/",
        not_found_template: str | None = None,
    ) -> None:
        self.name, self.texts, self.cookies, self.language_param = name, texts, cookies, language_param
        self.login_path, self.logout_path, self.language_path = login_path, logout_path, language_path
        self.checkpoints, self.dialogs, self.steps, self.accepts = checkpoints, dialogs, steps, accepts
        self.comments_page, self.post_path, self.not_found_template = comments_page, post_path, not_found_template
        self.prefix = PREFIX + name
        self.bp = Blueprint(name, import_name, url_prefix=self.prefix, template_folder="templates",
                            static_folder="static")
        self.admin = Blueprint(f"{name}_admin", import_name, url_prefix=f"/_admin/replica/{name}")
        self.admin.before_request(loopback_only)  # the sandbox's admin guard, whatever it grows into
        self.bp.before_request(self._before)
        self.bp.after_request(self._after)
        self.bp.context_processor(self._template_globals)
        self.bp.register_error_handler(404, self._not_found)
        self._free = (login_path, logout_path, language_path, "/_interrupts/", "/static/", "/media/", "/_api/",
                      *(page.rule.partition("<")[0] for page in checkpoints.values() if page.rule))
        self._page_kinds = {kind for kind, page in checkpoints.items() if page.rule}
        self._block_kinds = set(checkpoints) - self._page_kinds
        self._routes()

    # --- wiring ------------------------------------------------------------------------

    def register(self, app: Flask) -> None:
        state: SiteState = app.extensions["sandbox"]
        conn = db.connect(state.db_path)
        try:
            store.create_tables(conn, self.name)
        finally:
            conn.close()
        state.replicas[self.name] = ReplicaFaults(
            tuple(self.checkpoints), self.dialogs, self.steps, self.comments_page
        )
        if SHARED_TEMPLATES.name not in app.blueprints:
            app.register_blueprint(SHARED_TEMPLATES)
        app.register_blueprint(self.bp)
        app.register_blueprint(self.admin)

    def route(self, rule: str, **options: Any) -> Callable[[F], F]:
        return self.bp.route(rule, **options)

    def url(self, path: str, **query: Any) -> str:
        """A path of this replica (`/p/x/` -> `/replica/instagram/p/x/`), with a query string."""
        query = {k: v for k, v in query.items() if v is not None}
        return self.prefix + path + (("?" + urlencode(query)) if query else "")

    def faults(self) -> ReplicaFaults:
        return site().replicas[self.name]

    def media_dir(self) -> Any:
        return (site().media_dir / self.name).resolve()

    # --- per request ---------------------------------------------------------------------

    def _before(self) -> Any:
        g.replica, g.cookies_out = self, {}
        self._load_session()
        g.lang = self._language()
        g.show_consent = False
        if is_asset(request.path):
            return None
        rest = request.path[len(self.prefix):] or "/"
        if request.method == "GET" and not request.headers.get("X-Requested-With"):
            if self.faults().consent and not request.cookies.get(self.cookies.consent):
                g.show_consent = True
                self.faults().note("dialog_shown:consent")
        user = self.current_user()
        if user is None:
            return None
        g.action_id = site().activity.begin(self.name, user, request.method, request.path)
        if rest.startswith(self._free):
            return None
        held = store.active_checkpoint(g.db, self.name, g.rs.user_id)
        if held is None:
            kind = self.faults().take_checkpoint("pages", user, self._page_kinds)
            if kind is not None:
                held = store.start_checkpoint(g.db, self.name, g.rs.user_id, kind, self._here())
        return self._to_checkpoint(held) if held else None

    def _after(self, response: Response) -> Response:
        from scheduler.sandbox.app import SECURITY_HEADERS  # the app imports the replicas

        # the sandbox's policy, plus `blob:` pictures and videos: a composer previews what it uploads from
        # the browser's own copy, as the live sites do (e.g. Facebook's `img[src^="blob:"]`)
        policy = SECURITY_HEADERS["Content-Security-Policy"]
        response.headers["Content-Security-Policy"] = \
            policy.replace("img-src 'self' data:", "img-src 'self' data: blob:") + "; media-src 'self' blob:"
        for name, (value, httponly) in g.get("cookies_out", {}).items():
            if value is None:
                response.delete_cookie(name, path=self.prefix + "/")
            else:
                response.set_cookie(name, value, max_age=COOKIE_MAX_AGE, path=self.prefix + "/",
                                    httponly=httponly, samesite="Lax")
        session = g.get("rs")
        if session is not None and request.cookies.get(self.cookies.csrf) != session.csrf_token \
                and self.cookies.csrf not in g.cookies_out:
            response.set_cookie(self.cookies.csrf, session.csrf_token, max_age=COOKIE_MAX_AGE,
                                path=self.prefix + "/", samesite="Lax")
        return response

    def set_cookie(self, name: str, value: str | None, httponly: bool = False) -> None:
        """Set (or with None, delete) a cookie of this replica on the response."""
        g.cookies_out[name] = (value, httponly)

    def _here(self) -> str:
        return request.full_path.rstrip("?") if request.method == "GET" else self.prefix + "/"

    def _template_globals(self) -> dict[str, Any]:
        session = g.get("rs")
        return {"t": self.texts, "lang": g.get("lang", "en"), "me": self.current_user(), "base": self.prefix,
                "csrf_token": session.csrf_token if session else "", "show_consent": g.get("show_consent"),
                "replica": self}

    def _not_found(self, _exc: Exception) -> Any:
        if self.not_found_template is None or request.path.startswith(self.prefix + "/api/"):
            return jsonify({"message": "not found", "status": "fail"}), 404
        return render_template(self.not_found_template), 404

    # --- sessions ------------------------------------------------------------------------

    def _load_session(self) -> None:
        g.rs = None
        token = request.cookies.get(self.cookies.session)
        if token:
            g.rs = live_session(token)

    def current_user(self) -> str | None:
        session = g.get("rs")
        return session.user_name if session else None

    def user_id(self) -> int:
        assert g.rs is not None and g.rs.user_id is not None
        return int(g.rs.user_id)

    def ensure_session(self) -> db.Session:
        """The visitor's session, anonymous if need be (the login form is CSRF-protected too)."""
        if g.rs is None:
            g.rs = db.new_session(g.db, None, time.time())
            self.set_cookie(self.cookies.session, g.rs.token, httponly=True)
        return g.rs

    def csrf_ok(self) -> bool:
        sent = request.headers.get("X-CSRFToken") or request.form.get("csrfmiddlewaretoken", "")
        return g.rs is not None and bool(sent) and sent == g.rs.csrf_token

    def sign_in(self, user_id: int, next_path: str) -> str | None:
        """Replace the visitor's session by a signed-in one; returns the checkpoint URL when the
        armed checkpoint fires on this login (the account is then held there), else None."""
        if g.rs is not None:
            db.delete_session(g.db, g.rs.token)
        g.rs = db.new_session(g.db, user_id, time.time())
        self.set_cookie(self.cookies.session, g.rs.token, httponly=True)
        self.set_cookie(self.cookies.csrf, g.rs.csrf_token)
        user = self.current_user()
        assert user is not None
        if g.get("action_id") is None:  # a login is an action of the account from the moment it is known
            g.action_id = site().activity.begin(self.name, user, request.method, request.path)
        kind = self.faults().take_checkpoint("login", user, self._page_kinds)
        if kind is None:
            return None
        return self.checkpoint_url(store.start_checkpoint(g.db, self.name, user_id, kind, next_path))

    def sign_out(self) -> None:
        if g.rs is not None:
            db.delete_session(g.db, g.rs.token)
        g.rs = None
        self.set_cookie(self.cookies.session, None)

    def login_required(self, view: F) -> F:
        """Signed-in visitors only (others go to the login page, or get a JSON 401 on the XHR
        endpoints); POST needs the CSRF token."""

        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if self.current_user() is None:
                if request.method == "GET" and not request.headers.get("X-Requested-With"):
                    return redirect(self.url(self.login_path, next=self._here()))
                return jsonify({"message": "login_required", "status": "fail"}), 401
            if request.method == "POST" and not self.csrf_ok():
                return jsonify({"message": "CSRF token missing or incorrect", "status": "fail"}), 403
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    # --- language --------------------------------------------------------------------------

    def _language(self) -> str:
        """`?<param>=` for this page, else the browser's cookie, else the signed-in account's setting,
        else the browser's Accept-Language, else English."""
        for candidate in (request.args.get(self.language_param), request.cookies.get(self.cookies.language)):
            if candidate in LANGUAGES:
                return str(candidate)
        if g.rs is not None and g.rs.user_id is not None:
            chosen = store.profile(g.db, self.name, g.rs.user_id)["language"]
            if chosen in LANGUAGES:
                return str(chosen)
        return request.accept_languages.best_match(LANGUAGES) or "en"

    def choose_language(self, lang: str) -> None:
        """The browser's choice (a cookie) and, when signed in, the account's setting."""
        if lang not in LANGUAGES:
            abort(400, f"language must be one of {', '.join(LANGUAGES)}")
        self.set_cookie(self.cookies.language, lang)
        if g.rs is not None and g.rs.user_id is not None:
            store.set_profile(g.db, self.name, g.rs.user_id, language=lang)
        g.lang = lang

    # --- interrupts ------------------------------------------------------------------------

    def take_dialog(self, name: str) -> bool:
        """Whether the armed dialog `name` shows now (using up one of its times; logged as shown)."""
        return self.faults().take_dialog(name)

    def blocked(self, *, stored: bool = False) -> bool:
        """Whether this submit meets the armed action block (a checkpoint kind without a page); asked
        again with `stored` once the post is stored, for a block armed to answer after storing it."""
        user = self.current_user()
        kind = None if user is None else self.faults().take_checkpoint(None, user, self._block_kinds, stored=stored)
        if kind is not None:
            self.faults().note(f"blocked:{kind}")
        return kind is not None

    def checkpoint_url(self, held: dict[str, Any]) -> str:
        rule = self.checkpoints[held["kind"]].rule
        assert rule is not None
        return self.url(rule.replace("<cid>", held["cid"]), next=held["next"])

    def _to_checkpoint(self, held: dict[str, Any]) -> Any:
        url = self.checkpoint_url(held)
        if request.method == "GET" and not request.headers.get("X-Requested-With"):
            return redirect(url)
        return jsonify({"message": "checkpoint_required", "checkpoint_url": url, "status": "fail"}), 400

    def _checkpoint_view(self, kind: str, cid: str | None = None) -> Any:
        page = self.checkpoints[kind]
        if self.current_user() is None:
            return redirect(self.url(self.login_path))
        held = store.active_checkpoint(g.db, self.name, self.user_id())
        if held is None or held["kind"] != kind or (cid is not None and cid != held["cid"]):
            return redirect(self.url("/"))
        error = False
        if request.method == "POST":
            self.faults().note(f"checkpoint_submitted:{kind}")
            if not self.csrf_ok():
                abort(403)
            if page.solvable and page.check(request.form.get(page.code_field, "").strip(), held["code"]):
                store.end_checkpoint(g.db, self.name, self.user_id())
                self.faults().note(f"checkpoint_passed:{kind}")
                return redirect(held["next"] if held["next"].startswith(self.prefix + "/") else self.url("/"))
            error = True
        else:
            self.faults().note(f"checkpoint_shown:{kind}")
        assert page.template is not None
        return render_template(page.template, kind=kind, error=error, solvable=page.solvable), 200

    # --- the routes every replica has ----------------------------------------------------------

    def _routes(self) -> None:
        for kind, page in self.checkpoints.items():
            if page.rule:
                self.bp.add_url_rule(page.rule, f"checkpoint_{kind}", partial(self._checkpoint_view, kind),
                                     methods=["GET", "POST"])
        self.bp.add_url_rule("/_interrupts/checkpoint/<kind>/typed", "checkpoint_typed", self._typed,
                             methods=["POST"])
        self.bp.add_url_rule("/_interrupts/dialog/<name>/<choice>", "dialog_choice", self._dialog_choice,
                             methods=["POST"])
        self.bp.add_url_rule(self.language_path, "language", self._language_view, methods=["GET", "POST"])
        self.bp.add_url_rule("/static/shared/<path:filename>", "shared_static",
                             lambda filename: send_from_directory(SHARED_STATIC, filename))
        self.bp.add_url_rule("/media/<name>", "media", self._media)
        self.bp.add_url_rule("/_api/posts", "api_posts", self._api_posts)
        self.bp.add_url_rule("/_api/users/<name>", "api_user", self._api_user)
        self.admin.add_url_rule("/faults", "faults", self._admin_faults, methods=["GET", "POST"])
        self.admin.add_url_rule("/reset", "reset", lambda: jsonify(self.control().reset()), methods=["POST"])
        self.admin.add_url_rule("/checkpoints", "checkpoints", lambda: jsonify(self.control().checkpoints()))
        self.admin.add_url_rule("/checkpoints/clear", "clear", self._admin_clear, methods=["POST"])
        self.admin.add_url_rule("/users/<name>", "user", self._admin_user, methods=["POST"])
        self.admin.add_url_rule("/seed/comment", "seed_comment", self._admin_comment, methods=["POST"])
        self.admin.add_url_rule("/seed/like", "seed_like", self._admin_like, methods=["POST"])

    def _typed(self, kind: str) -> Any:
        """Called by a checkpoint page's script on the first keystroke in its form: proof for tests
        that jadwal never types into a challenge."""
        self.faults().note(f"checkpoint_typed:{kind if kind in self.checkpoints else 'unknown'}")
        return "", 204

    def _dialog_choice(self, name: str, choice: str) -> Any:
        if name not in (*self.dialogs, "consent") or choice not in ("accept", "decline"):
            abort(404)
        self.faults().note(f"dialog_{choice}:{name}")
        if name == "consent":
            self.set_cookie(self.cookies.consent, "2" if choice == "accept" else "1")
        return "", 204

    def _language_view(self) -> Any:
        if request.method == "POST":
            self.choose_language(request.form.get("lang", ""))
            back = request.form.get("next", "")
            return redirect(back if back.startswith(self.prefix + "/") else self.url("/"), 303)
        return render_template(f"{self.name}/language.html")

    def _media(self, name: str) -> Any:
        content_type = store.media_type(g.db, self.name, name)
        if content_type is None:
            abort(404)
        return send_from_directory(self.media_dir(), name, mimetype=content_type, max_age=3600)

    def post_json(self, post: dict[str, Any], comments: list[dict[str, Any]]) -> dict[str, Any]:
        host = request.host_url.rstrip("/")
        return {
            "id": post["id"], "code": post["code"], "kind": post["kind"], "author": post["author"],
            "text": post["text"], "created_at": post["created_at"], "extra": post["extra"], "likes": post["likes"],
            "permalink": host + self.prefix + self.post_path(post),
            "media": [{"name": m["name"], "content_type": m["content_type"], "alt": m["alt"],
                       "url": f"{host}{self.prefix}/media/{m['stored_name']}"} for m in post["media"]],
            "comments": [{k: c[k] for k in ("id", "author", "text", "parent_id", "created_at")} for c in comments],
        }

    def _api_posts(self) -> Any:
        """Every post exactly as stored, oldest first (`?author=` for one account's)."""
        posts = store.list_posts(g.db, self.name, author=request.args.get("author") or None)
        return jsonify([self.post_json(p, store.all_comments(g.db, self.name, p["id"])) for p in posts])

    def _api_user(self, name: str) -> Any:
        row = db.user_by_name(g.db, name)
        if row is None:
            return jsonify({"error": f"no user called {name}"}), 404
        profile = store.profile(g.db, self.name, row["id"])
        return jsonify({"name": name, "posts": store.count_posts(g.db, self.name, row["id"])} | profile)

    # --- admin -----------------------------------------------------------------------------------

    def control(self, state: SiteState | None = None) -> ReplicaControl:
        return ReplicaControl(self, state or site())

    def _json_body(self) -> dict[str, Any]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, "send a JSON object")
        return body

    def _admin_faults(self) -> Any:
        if request.method == "GET":
            return jsonify(self.faults().snapshot())
        try:
            return jsonify(self.faults().update(**self._json_body()))
        except FaultError as exc:
            return jsonify({"error": str(exc)}), 400

    def _admin_clear(self) -> Any:
        return jsonify({"cleared": self.control().clear_checkpoint(self._json_body().get("user"))})

    def _admin_user(self, name: str) -> Any:
        try:
            return jsonify(self.control().set_user(name, **self._json_body()))
        except (KeyError, ValueError) as exc:
            return jsonify({"error": str(exc)}), 400

    def _admin_comment(self) -> Any:
        body = self._json_body()
        try:
            cid = self.control().seed_comment(body.get("post", ""), body.get("user", ""), body.get("text", ""),
                                              body.get("parent"))
        except (KeyError, ValueError) as exc:
            return jsonify({"error": str(exc)}), 400
        return jsonify({"id": cid})

    def _admin_like(self) -> Any:
        body = self._json_body()
        try:
            self.control().seed_like(body.get("post", ""), body.get("user", ""))
        except (KeyError, ValueError) as exc:
            return jsonify({"error": str(exc)}), 400
        return jsonify({"ok": True})


class ReplicaControl:
    """What tests (through `SandboxServer.replica(name)`) and the admin API do to a running replica."""

    def __init__(self, replica: Replica, state: SiteState) -> None:
        self.replica, self.state = replica, state

    @property
    def faults(self) -> ReplicaFaults:
        return self.state.replicas[self.replica.name]

    def set_faults(self, **settings: Any) -> dict[str, Any]:
        return self.faults.update(**settings)

    def log(self) -> dict[str, int]:
        return dict(self.faults.snapshot()["log"])

    def reset(self) -> dict[str, Any]:
        self.clear_checkpoint(None)
        return self.faults.reset()

    def _db(self) -> Any:
        return db.connect(self.state.db_path)

    def _user_id(self, conn: Any, name: str) -> int:
        row = db.user_by_name(conn, name)
        if row is None:
            raise KeyError(f"no user called {name!r}")
        return int(row["id"])

    def checkpoints(self) -> dict[str, Any]:
        conn = self._db()
        try:
            return store.checkpoints(conn, self.replica.name)
        finally:
            conn.close()

    def clear_checkpoint(self, user: str | None) -> int:
        conn = self._db()
        try:
            return store.end_checkpoint(conn, self.replica.name, None if user is None else self._user_id(conn, user))
        finally:
            conn.close()

    def set_user(self, name: str, **values: Any) -> dict[str, Any]:
        """language ("en"/"id"), followers, following of one account on this replica."""
        unknown = set(values) - {"language", "followers", "following"}
        if unknown:
            raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
        if values.get("language") not in (None, *LANGUAGES):
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        for key in ("followers", "following"):
            if key in values and (isinstance(values[key], bool) or not isinstance(values[key], int) or values[key] < 0):
                raise ValueError(f"{key} must be a whole number >= 0")
        conn = self._db()
        try:
            user_id = self._user_id(conn, name)
            store.set_profile(conn, self.replica.name, user_id, **values)
            return store.profile(conn, self.replica.name, user_id)
        finally:
            conn.close()

    def seed_comment(self, post_code: str, user: str, text: str, parent: int | None = None) -> int:
        """A comment (or a reply to comment `parent`) by `user`, as a follower would write it."""
        if not isinstance(text, str) or not text.strip():
            raise ValueError("a comment needs a text")
        conn = self._db()
        try:
            post = store.post_by_code(conn, self.replica.name, post_code)
            if post is None:
                raise KeyError(f"no post {post_code!r}")
            if parent is not None:
                found = store.get_comment(conn, self.replica.name, parent)
                if found is None or found["post_id"] != post["id"]:
                    raise KeyError(f"no comment {parent!r} on post {post_code!r}")
            return store.add_comment(conn, self.replica.name, post["id"], self._user_id(conn, user), text, parent)
        finally:
            conn.close()

    def _seed_media(self, files: list[tuple[str, bytes]]) -> list[Any]:
        """Check `files` like uploads and store them in the replica's media folder."""
        media = []
        for name, data in files:
            content_type = sniff(data[:16])
            if content_type not in self.replica.accepts.limits:
                raise ValueError(f"{name}: not a kind {self.replica.name} takes")
            media.append(save(data, content_type, name, (self.state.media_dir / self.replica.name).resolve()))
        return media

    def seed_post(self, user: str, text: str, files: list[tuple[str, bytes]], kind: str = "photo") -> str:
        """A post by `user` made without the browser (for tests of what comes after posting): the
        files are checked like uploads. Returns the post's code."""
        media = self._seed_media(files)
        conn = self._db()
        try:
            return store.create_post(conn, self.replica.name, self._user_id(conn, user), kind, text, media, {})[1]
        finally:
            conn.close()

    def seed_like(self, post_code: str, user: str) -> None:
        conn = self._db()
        try:
            post = store.post_by_code(conn, self.replica.name, post_code)
            if post is None:
                raise KeyError(f"no post {post_code!r}")
            store.set_like(conn, self.replica.name, post["id"], self._user_id(conn, user), True)
        finally:
            conn.close()
