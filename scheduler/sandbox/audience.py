"""The sandbox's audience: likes and views per post, and fans who keep a time-of-day habit on demand.

What a real site shows under a post, the sandbox shows on the permalink: how
many people liked it, viewed it and commented (`post_stats`). Signed-in users
can like a post (`POST /p/<id>/like`); every view of the permalink by someone
other than its author counts (the account reading its own post does not).

The simulated fans exist for the tests and the demo: jadwal learns *when* an
account's followers are there, and that needs an audience whose habit is known.
`POST /_admin/audience` (loopback only, like every admin call) creates `fans`
users and gives them a habit: online at `hours` (local hours in `timezone`) on
`weekdays`. Nothing happens until `POST /_admin/audience/act`: then each fan
looks at each post not acted on yet, and whether they see it, like it or
comment is drawn from a random generator seeded by (seed, post id, fan), so
the same posts always get the same response. A post made while fans are online
is seen by `online` of them, one made at other hours by `offline` of them; the
likes and comments are dated a little after the post (never in the future).
"""

from __future__ import annotations

import random
import secrets
import sqlite3
import threading
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, Flask, Response, abort, g, jsonify, redirect, request, url_for

from scheduler.sandbox import auth, db
from scheduler.sandbox.api import admin

SCHEMA = """
CREATE TABLE IF NOT EXISTS likes (
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
CREATE TABLE IF NOT EXISTS views (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id INTEGER,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS views_post ON views(post_id);
CREATE TABLE IF NOT EXISTS audience_acted (
    post_id INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
    acted_at TEXT NOT NULL
);
"""

#: what fans write under a post they like (Indonesian, like the shop's real followers)
FAN_COMMENTS = (
    "Mantap, kak!", "Wah, pengen coba!", "Buka sampai jam berapa?", "Keren banget 😍",
    "Besok mampir ah", "Ada yang tanpa gula?", "Setuju!", "Info harga dong, kak",
)
EXTENSION = "sandbox_audience"

bp = Blueprint("audience", __name__)


class HabitError(ValueError):
    """An audience setting is unknown or out of range (answered 400 by the admin endpoint)."""


@dataclass(frozen=True)
class Habit:
    """When the fans are online, and how they respond to what they see."""

    seed: int = 0
    fans: int = 20
    timezone: str = "UTC"
    hours: tuple[int, ...] = (19, 20, 21)
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)  # Monday = 0
    online: float = 0.8  # share of fans who see a post made while they are online
    offline: float = 0.1  # ... made at another time
    like: float = 0.6  # share of those who see it who like it
    comment: float = 0.15  # ... who comment

    @classmethod
    def from_json(cls, data: object) -> Habit:
        if not isinstance(data, dict):
            raise HabitError("send a JSON object of audience settings")
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise HabitError(f"unknown setting(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name in ("seed", "fans"):
                if type(value) is not int or not 0 <= value <= (10**9 if name == "seed" else 500):
                    raise HabitError(f"{name} must be a whole number (fans: 0..500)")
            elif name == "timezone":
                if not isinstance(value, str):
                    raise HabitError("timezone must be an IANA name, e.g. Asia/Jakarta")
                try:
                    ZoneInfo(value)
                except (ZoneInfoNotFoundError, ValueError):
                    raise HabitError(f"unknown timezone {value!r}") from None
            elif name in ("hours", "weekdays"):
                top = 23 if name == "hours" else 6
                if not isinstance(value, list) or not all(type(v) is int and 0 <= v <= top for v in value):
                    raise HabitError(f"{name} must be a list of whole numbers 0..{top}")
                value = tuple(sorted(set(value)))
            elif type(value) not in (int, float) or not 0 <= value <= 1:
                raise HabitError(f"{name} must be a share between 0 and 1")
            values[name] = value
        return cls(**values)

    def fan_names(self) -> list[str]:
        return [f"fan-{i:03d}" for i in range(1, self.fans + 1)]

    def online_at(self, when: datetime) -> bool:
        local = when.astimezone(ZoneInfo(self.timezone))
        return local.hour in self.hours and local.weekday() in self.weekdays


@dataclass
class Audience:
    """The habit of one running sandbox (None until configured)."""

    habit: Habit | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def init(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def install(app: Flask) -> None:
    """Add likes, views and the fans to an app (its schema must exist: `db.init` ran)."""
    conn = db.connect(app.extensions["sandbox"].db_path)
    try:
        init(conn)
    finally:
        conn.close()
    app.extensions[EXTENSION] = Audience()
    app.register_blueprint(bp)


def _audience() -> Audience:
    from flask import current_app

    return current_app.extensions[EXTENSION]


# --- what the pages show -------------------------------------------------------


@dataclass(frozen=True)
class PostStats:
    likes: int
    views: int
    comments: int
    liked: bool  # by the visitor


def post_stats(conn: sqlite3.Connection, post_id: int, viewer: int | None) -> PostStats:
    likes = conn.execute("SELECT COUNT(*) FROM likes WHERE post_id = ?", (post_id,)).fetchone()[0]
    views = conn.execute("SELECT COUNT(*) FROM views WHERE post_id = ?", (post_id,)).fetchone()[0]
    comments = conn.execute("SELECT COUNT(*) FROM comments WHERE post_id = ?", (post_id,)).fetchone()[0]
    liked = viewer is not None and conn.execute(
        "SELECT 1 FROM likes WHERE post_id = ? AND user_id = ?", (post_id, viewer)).fetchone() is not None
    return PostStats(likes, views, comments, liked)


@bp.app_context_processor
def _stats_function() -> dict[str, Any]:
    def stats(post_id: int) -> PostStats:
        session = g.get("session")
        return post_stats(g.db, post_id, session.user_id if session else None)

    return {"post_stats": stats}


@bp.after_app_request
def _count_view(response: Response) -> Response:
    """A permalink shown to anyone but its author is a view."""
    if request.endpoint != "pages.permalink" or request.method != "GET" or response.status_code != 200:
        return response
    post_id = (request.view_args or {}).get("post_id")
    session = g.get("session")
    viewer = session.user_id if session else None
    conn = g.get("db")
    if conn is None or post_id is None:
        return response
    row = conn.execute("SELECT author_id FROM posts WHERE id = ?", (post_id,)).fetchone()
    if row is not None and row["author_id"] != viewer:
        with conn:
            conn.execute("INSERT INTO views (post_id, user_id, created_at) VALUES (?, ?, ?)",
                         (post_id, viewer, db.now_iso()))
    return response


@bp.post("/p/<int:post_id>/like")
@auth.login_required
def like(post_id: int) -> Any:
    if db.get_post(g.db, post_id) is None:
        abort(404, "This post does not exist.")
    with g.db:
        if request.form.get("action") == "unlike":
            g.db.execute("DELETE FROM likes WHERE post_id = ? AND user_id = ?", (post_id, g.session.user_id))
        else:
            g.db.execute("INSERT OR IGNORE INTO likes (post_id, user_id, created_at) VALUES (?, ?, ?)",
                         (post_id, g.session.user_id, db.now_iso()))
    return redirect(url_for("pages.permalink", post_id=post_id), 303)


# --- the fans (admin, loopback only) ----------------------------------------------


@admin.route("/audience", methods=["GET", "POST"])
def audience_settings() -> Any:
    state = _audience()
    if request.method == "GET":
        return jsonify(asdict(state.habit) if state.habit else None)
    try:
        habit = Habit.from_json(request.get_json(silent=True))
    except HabitError as exc:
        return jsonify({"error": str(exc)}), 400
    with state.lock:
        create_fans(g.db, habit)
        state.habit = habit
    return jsonify(asdict(habit))


@admin.post("/audience/act")
def audience_act() -> Any:
    state = _audience()
    if state.habit is None:
        return jsonify({"error": "no audience yet: POST /_admin/audience first"}), 409
    body = request.get_json(silent=True) or {}
    author = body.get("author") if isinstance(body, dict) else None
    with state.lock:
        return jsonify(act(g.db, state.habit, author=author if isinstance(author, str) else None))


def create_fans(conn: sqlite3.Connection, habit: Habit) -> None:
    """Fan accounts exist so their likes and comments have authors; nobody logs in as them."""
    with conn:
        for name in habit.fan_names():
            if db.user_by_name(conn, name) is None:
                db.set_user(conn, name, secrets.token_urlsafe(12))


def act(conn: sqlite3.Connection, habit: Habit, *, author: str | None = None,
        now: datetime | None = None) -> dict[str, int]:
    """Let every fan respond to each post (of `author`) they have not responded to yet; returns totals."""
    now = now or datetime.now(timezone.utc)
    fans = [(name, db.user_by_name(conn, name)) for name in habit.fan_names()]
    ids = [(name, row["id"]) for name, row in fans if row is not None]
    posts = db.list_posts(conn, author=author, newest_first=False)
    done = {r[0] for r in conn.execute("SELECT post_id FROM audience_acted")}
    totals = {"posts": 0, "views": 0, "likes": 0, "comments": 0}
    with conn:
        for post in posts:
            made = datetime.fromisoformat(post["created_at"])
            if post["id"] in done or made > now:
                continue
            share = habit.online if habit.online_at(made) else habit.offline
            for name, user_id in ids:
                if name == post["author"]:
                    continue
                rng = random.Random(f"{habit.seed}:{post['id']}:{name}")
                if rng.random() >= share:
                    continue
                seen = min(made + timedelta(minutes=rng.randint(1, 90)), now)
                conn.execute("INSERT INTO views (post_id, user_id, created_at) VALUES (?, ?, ?)",
                             (post["id"], user_id, seen.isoformat(timespec="microseconds")))
                totals["views"] += 1
                if rng.random() < habit.like:
                    conn.execute("INSERT OR IGNORE INTO likes (post_id, user_id, created_at) VALUES (?, ?, ?)",
                                 (post["id"], user_id, seen.isoformat(timespec="microseconds")))
                    totals["likes"] += 1
                if rng.random() < habit.comment:
                    said = min(seen + timedelta(minutes=rng.randint(1, 30)), now)
                    conn.execute("INSERT INTO comments (post_id, author_id, parent_id, text, created_at)"
                                 " VALUES (?, ?, NULL, ?, ?)",
                                 (post["id"], user_id, rng.choice(FAN_COMMENTS), said.isoformat(timespec="microseconds")))
                    totals["comments"] += 1
            conn.execute("INSERT INTO audience_acted (post_id, acted_at) VALUES (?, ?)", (post["id"], db.now_iso()))
            totals["posts"] += 1
    return totals
