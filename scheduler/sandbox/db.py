"""The sandbox's SQLite store: schema and the few queries the pages need.

One short-lived connection per request (sqlite3 connections are per thread);
WAL mode so the JSON API can read while a post is being written.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at REAL NOT NULL,
    flash TEXT
);
CREATE TABLE IF NOT EXISTS posts (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES users(id),
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS posts_author ON posts(author_id);
CREATE TABLE IF NOT EXISTS media (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    stored_name TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS media_post ON media(post_id);
CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users(id),
    parent_id INTEGER REFERENCES comments(id),
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_post ON comments(post_id, parent_id);
CREATE TABLE IF NOT EXISTS follows (
    follower_id INTEGER NOT NULL REFERENCES users(id),
    followee_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (follower_id, followee_id)
);
"""


def now_iso() -> str:
    """Current time as ISO 8601 UTC with microseconds (sortable, parseable by fromisoformat)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def connect(path: Path) -> sqlite3.Connection:
    """A connection for one request. WAL + synchronous=NORMAL: a commit need not wait for fsync
    (a practice site may lose the last instant of writes on power loss, never get corrupted)."""
    conn = sqlite3.connect(path, timeout=15)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def keep_open(path: Path) -> sqlite3.Connection:
    """An idle connection held for the app's lifetime, so closing a request's connection is
    never the *last* close (which would checkpoint the WAL on every request)."""
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.execute("SELECT 1 FROM users LIMIT 1").fetchall()  # maps the WAL index: now it counts
    return conn


def init(path: Path, users: dict[str, str]) -> None:
    """Create the schema and make sure each given user exists with the given password."""
    conn = connect(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(SCHEMA)
        with conn:
            for name, password in users.items():
                set_user(conn, name, password)
    finally:
        conn.close()


#: salted PBKDF2; fewer rounds than werkzeug's default because this is a practice site
#: whose tests start many servers and log in often on small machines (~20 ms a hash)
HASH_METHOD = "pbkdf2:sha256:50000"
_DUMMY_HASH = generate_password_hash("not a password", method=HASH_METHOD)


def set_user(conn: sqlite3.Connection, name: str, password: str) -> None:
    digest = generate_password_hash(password, method=HASH_METHOD)
    conn.execute(
        "INSERT INTO users (name, password_hash, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash",
        (name, digest, now_iso()),
    )


# --- users and sessions -------------------------------------------------------


@dataclass(frozen=True)
class Session:
    token: str
    user_id: int | None
    user_name: str | None
    csrf_token: str
    created_at: float
    flash: str | None


def check_login(conn: sqlite3.Connection, name: str, password: str) -> int | None:
    """The user's id when the password matches, else None."""
    row = conn.execute("SELECT id, password_hash FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        check_password_hash(_DUMMY_HASH, password)  # same cost whether or not the user exists
        return None
    return row["id"] if check_password_hash(row["password_hash"], password) else None


def user_by_name(conn: sqlite3.Connection, name: str) -> sqlite3.Row | None:
    return conn.execute("SELECT id, name, created_at FROM users WHERE name = ?", (name,)).fetchone()


def new_session(conn: sqlite3.Connection, user_id: int | None, created_at: float) -> Session:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with conn:
        conn.execute(
            "INSERT INTO sessions (token, user_id, csrf_token, created_at) VALUES (?, ?, ?, ?)",
            (token, user_id, csrf, created_at),
        )
    name = None
    if user_id is not None:
        name = conn.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()["name"]
    return Session(token, user_id, name, csrf, created_at, None)


def get_session(conn: sqlite3.Connection, token: str) -> Session | None:
    row = conn.execute(
        "SELECT s.token, s.user_id, u.name AS user_name, s.csrf_token, s.created_at, s.flash"
        " FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE s.token = ?",
        (token,),
    ).fetchone()
    return Session(**dict(row)) if row else None


def delete_session(conn: sqlite3.Connection, token: str) -> None:
    with conn:
        conn.execute("DELETE FROM sessions WHERE token = ?", (token,))


def delete_sessions_before(conn: sqlite3.Connection, created_before: float) -> int:
    """Forget sessions created before the cut-off (expired ones, or all with a future cut-off)."""
    with conn:
        return conn.execute("DELETE FROM sessions WHERE created_at < ?", (created_before,)).rowcount


def set_flash(conn: sqlite3.Connection, token: str, flash: str | None) -> None:
    with conn:
        conn.execute("UPDATE sessions SET flash = ? WHERE token = ?", (flash, token))


# --- posts and media ----------------------------------------------------------


def create_post(
    conn: sqlite3.Connection, author_id: int, text: str, media: list[tuple[str, str, str]]
) -> int:
    """Insert a post and its media (name, stored_name, content_type) in one transaction."""
    with conn:
        post_id = conn.execute(
            "INSERT INTO posts (author_id, text, created_at) VALUES (?, ?, ?)",
            (author_id, text, now_iso()),
        ).lastrowid
        conn.executemany(
            "INSERT INTO media (post_id, name, stored_name, content_type) VALUES (?, ?, ?, ?)",
            [(post_id, *m) for m in media],
        )
    assert post_id is not None
    return post_id


POST_SELECT = (
    "SELECT p.id, p.text, p.created_at, u.name AS author FROM posts p"
    " JOIN users u ON u.id = p.author_id"
)


def get_post(conn: sqlite3.Connection, post_id: int) -> dict | None:
    row = conn.execute(POST_SELECT + " WHERE p.id = ?", (post_id,)).fetchone()
    return _with_media(conn, [row])[0] if row else None


def list_posts(
    conn: sqlite3.Connection,
    *,
    author: str | None = None,
    newest_first: bool = True,
    limit: int = -1,
    offset: int = 0,
) -> list[dict]:
    where, args = ("WHERE u.name = ?", [author]) if author else ("", [])
    order = "DESC" if newest_first else "ASC"
    rows = conn.execute(
        f"{POST_SELECT} {where} ORDER BY p.id {order} LIMIT ? OFFSET ?", (*args, limit, offset)
    ).fetchall()
    return _with_media(conn, rows)


def count_posts(conn: sqlite3.Connection, author: str | None = None) -> int:
    if author:
        sql = "SELECT COUNT(*) FROM posts p JOIN users u ON u.id = p.author_id WHERE u.name = ?"
        return conn.execute(sql, (author,)).fetchone()[0]
    return conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0]


def _with_media(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[dict]:
    posts = [dict(r) | {"media": []} for r in rows]
    by_id = {p["id"]: p for p in posts}
    if by_id:
        marks = ",".join("?" * len(by_id))
        for m in conn.execute(
            f"SELECT post_id, name, stored_name, content_type FROM media"
            f" WHERE post_id IN ({marks}) ORDER BY id",
            list(by_id),
        ):
            by_id[m["post_id"]]["media"].append(dict(m))
    return posts


def media_type(conn: sqlite3.Connection, stored_name: str) -> str | None:
    row = conn.execute("SELECT content_type FROM media WHERE stored_name = ?", (stored_name,)).fetchone()
    return row["content_type"] if row else None


# --- comments -----------------------------------------------------------------


COMMENT_SELECT = (
    "SELECT c.id, c.post_id, c.parent_id, c.text, c.created_at, u.name AS author"
    " FROM comments c JOIN users u ON u.id = c.author_id"
)


def add_comment(
    conn: sqlite3.Connection, post_id: int, author_id: int, text: str, parent_id: int | None
) -> int:
    with conn:
        cid = conn.execute(
            "INSERT INTO comments (post_id, author_id, parent_id, text, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (post_id, author_id, parent_id, text, now_iso()),
        ).lastrowid
    assert cid is not None
    return cid


def get_comment(conn: sqlite3.Connection, comment_id: int) -> dict | None:
    row = conn.execute(COMMENT_SELECT + " WHERE c.id = ?", (comment_id,)).fetchone()
    return dict(row) if row else None


def comments_of(conn: sqlite3.Connection, post_ids: list[int]) -> dict[int, list[dict]]:
    """All comments of the given posts, oldest first, grouped by post id."""
    grouped: dict[int, list[dict]] = {pid: [] for pid in post_ids}
    if post_ids:
        marks = ",".join("?" * len(post_ids))
        for row in conn.execute(f"{COMMENT_SELECT} WHERE c.post_id IN ({marks}) ORDER BY c.id", post_ids):
            grouped[row["post_id"]].append(dict(row))
    return grouped


def top_level_rank(conn: sqlite3.Connection, comment: dict) -> int:
    """0-based position of the comment's top-level ancestor among its post's top-level comments."""
    root = comment
    while root["parent_id"] is not None:
        root = get_comment(conn, root["parent_id"]) or root | {"parent_id": None}
    return conn.execute(
        "SELECT COUNT(*) FROM comments WHERE post_id = ? AND parent_id IS NULL AND id < ?",
        (root["post_id"], root["id"]),
    ).fetchone()[0]


# --- follows ------------------------------------------------------------------


def follow(conn: sqlite3.Connection, follower_id: int, followee_id: int, on: bool) -> None:
    with conn:
        if on:
            conn.execute(
                "INSERT OR IGNORE INTO follows (follower_id, followee_id) VALUES (?, ?)",
                (follower_id, followee_id),
            )
        else:
            conn.execute(
                "DELETE FROM follows WHERE follower_id = ? AND followee_id = ?",
                (follower_id, followee_id),
            )


def follow_counts(conn: sqlite3.Connection, user_id: int) -> tuple[int, int]:
    """(followers, following) of a user."""
    followers = conn.execute("SELECT COUNT(*) FROM follows WHERE followee_id = ?", (user_id,)).fetchone()[0]
    following = conn.execute("SELECT COUNT(*) FROM follows WHERE follower_id = ?", (user_id,)).fetchone()[0]
    return followers, following


def is_following(conn: sqlite3.Connection, follower_id: int, followee_id: int) -> bool:
    return conn.execute(
        "SELECT 1 FROM follows WHERE follower_id = ? AND followee_id = ?", (follower_id, followee_id)
    ).fetchone() is not None
