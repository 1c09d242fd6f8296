"""A replica's tables in the sandbox's SQLite file: its own posts, media, comments and likes
(`<platform>_posts`, ...), and the shared tables every replica keys by its name: per-account
profile settings and active checkpoints. Users are the sandbox's `users`. Created idempotently.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from scheduler.sandbox.db import now_iso

SHARED = """
CREATE TABLE IF NOT EXISTS replica_profiles (
    replica TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    language TEXT,
    followers INTEGER NOT NULL DEFAULT 0,
    following INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (replica, user_id)
);
CREATE TABLE IF NOT EXISTS replica_checkpoints (
    replica TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    cid TEXT NOT NULL,
    code TEXT NOT NULL,
    next TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (replica, user_id)
);
"""

OWN = """
CREATE TABLE IF NOT EXISTS {p}_posts (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    author_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{{}}',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS {p}_posts_author ON {p}_posts(author_id);
CREATE TABLE IF NOT EXISTS {p}_media (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES {p}_posts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    stored_name TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    alt TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS {p}_media_post ON {p}_media(post_id);
CREATE TABLE IF NOT EXISTS {p}_comments (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES {p}_posts(id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users(id),
    parent_id INTEGER REFERENCES {p}_comments(id),
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS {p}_comments_post ON {p}_comments(post_id, parent_id);
CREATE TABLE IF NOT EXISTS {p}_likes (
    post_id INTEGER NOT NULL REFERENCES {p}_posts(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (post_id, user_id)
);
"""

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def create_tables(conn: sqlite3.Connection, replica: str) -> None:
    if not _NAME.match(replica):
        raise ValueError(f"a replica's name must be a lower-case identifier, got {replica!r}")
    conn.executescript(SHARED + OWN.format(p=replica))


@dataclass(frozen=True)
class NewMedia:
    name: str
    stored_name: str
    content_type: str
    alt: str = ""


# --- posts ----------------------------------------------------------------------------


def create_post(
    conn: sqlite3.Connection, replica: str, author_id: int, kind: str, text: str,
    media: list[NewMedia], extra: dict[str, Any], code: str | None = None,
) -> tuple[int, str]:
    """Insert a post and its media in one transaction; returns (id, code). `code` is the public
    id in the post's URL (random unless given)."""
    code = code or secrets.token_urlsafe(8)
    with conn:
        post_id = conn.execute(
            f"INSERT INTO {replica}_posts (code, author_id, kind, text, extra, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (code, author_id, kind, text, json.dumps(extra), now_iso()),
        ).lastrowid
        conn.executemany(
            f"INSERT INTO {replica}_media (post_id, position, name, stored_name, content_type, alt)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(post_id, i, m.name, m.stored_name, m.content_type, m.alt) for i, m in enumerate(media)],
        )
    assert post_id is not None
    return post_id, code


def _posts(conn: sqlite3.Connection, replica: str, where: str, args: tuple[Any, ...]) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT p.id, p.code, p.kind, p.text, p.extra, p.created_at, u.name AS author,"
        f" (SELECT COUNT(*) FROM {replica}_likes l WHERE l.post_id = p.id) AS likes"
        f" FROM {replica}_posts p JOIN users u ON u.id = p.author_id {where}",
        args,
    ).fetchall()
    posts = [dict(r) | {"extra": json.loads(r["extra"]), "media": []} for r in rows]
    by_id = {p["id"]: p for p in posts}
    if by_id:
        marks = ",".join("?" * len(by_id))
        for m in conn.execute(
            f"SELECT post_id, name, stored_name, content_type, alt FROM {replica}_media"
            f" WHERE post_id IN ({marks}) ORDER BY post_id, position", list(by_id),
        ):
            by_id[m["post_id"]]["media"].append(dict(m))
    return posts


def post_by_code(conn: sqlite3.Connection, replica: str, code: str) -> dict[str, Any] | None:
    found = _posts(conn, replica, "WHERE p.code = ?", (code,))
    return found[0] if found else None


def list_posts(
    conn: sqlite3.Connection, replica: str, author: str | None = None, newest_first: bool = False, limit: int = -1
) -> list[dict[str, Any]]:
    where, args = ("WHERE u.name = ?", (author,)) if author else ("", ())
    order = "DESC" if newest_first else "ASC"
    return _posts(conn, replica, f"{where} ORDER BY p.id {order} LIMIT ?", (*args, limit))


def posts_where_extra(
    conn: sqlite3.Connection, replica: str, key: str, value: Any, *, before: int | None = None, limit: int = -1
) -> list[dict[str, Any]]:
    """Newest first: the posts whose `extra[key]` is `value`, below the post id `before` (for a replica
    whose posts name the place they were posted to, like a Facebook Page's timeline)."""
    if not _NAME.match(key):
        raise ValueError(f"not a field name: {key!r}")
    return _posts(conn, replica, f"WHERE json_extract(p.extra, '$.{key}') = ? AND p.id < ? ORDER BY p.id DESC LIMIT ?",
                  (value, before if before is not None else 2**62, limit))


def list_posts_by_ids(conn: sqlite3.Connection, replica: str, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    return _posts(conn, replica, f"WHERE p.id IN ({','.join('?' * len(ids))}) ORDER BY p.id", tuple(ids))


def post_with_extra_item(conn: sqlite3.Connection, replica: str, key: str, item: Any) -> dict[str, Any] | None:
    """The post whose list `extra[key]` holds `item` (e.g. the post a photo id belongs to)."""
    if not _NAME.match(key):
        raise ValueError(f"not a field name: {key!r}")
    found = _posts(conn, replica, f"WHERE EXISTS (SELECT 1 FROM json_each(p.extra, '$.{key}') WHERE value = ?)"
                   " ORDER BY p.id LIMIT 1", (item,))
    return found[0] if found else None


def count_posts(conn: sqlite3.Connection, replica: str, author_id: int) -> int:
    return conn.execute(f"SELECT COUNT(*) FROM {replica}_posts WHERE author_id = ?", (author_id,)).fetchone()[0]


def media_type(conn: sqlite3.Connection, replica: str, stored_name: str) -> str | None:
    row = conn.execute(f"SELECT content_type FROM {replica}_media WHERE stored_name = ?", (stored_name,)).fetchone()
    return row["content_type"] if row else None


# --- likes ----------------------------------------------------------------------------


def set_like(conn: sqlite3.Connection, replica: str, post_id: int, user_id: int, on: bool) -> None:
    with conn:
        if on:
            conn.execute(f"INSERT OR IGNORE INTO {replica}_likes (post_id, user_id) VALUES (?, ?)", (post_id, user_id))
        else:
            conn.execute(f"DELETE FROM {replica}_likes WHERE post_id = ? AND user_id = ?", (post_id, user_id))


def likes_of(conn: sqlite3.Connection, replica: str, post_id: int) -> list[str]:
    return [r["name"] for r in conn.execute(
        f"SELECT u.name FROM {replica}_likes l JOIN users u ON u.id = l.user_id WHERE l.post_id = ? ORDER BY u.name",
        (post_id,),
    )]


def likes(conn: sqlite3.Connection, replica: str, post_id: int, user_id: int) -> bool:
    return conn.execute(
        f"SELECT 1 FROM {replica}_likes WHERE post_id = ? AND user_id = ?", (post_id, user_id)
    ).fetchone() is not None


# --- comments -------------------------------------------------------------------------


def _comment_select(replica: str) -> str:
    return (
        f"SELECT c.id, c.post_id, c.parent_id, c.text, c.created_at, u.name AS author,"
        f" (SELECT COUNT(*) FROM {replica}_comments r WHERE r.parent_id = c.id) AS replies"
        f" FROM {replica}_comments c JOIN users u ON u.id = c.author_id"
    )


def add_comment(
    conn: sqlite3.Connection, replica: str, post_id: int, author_id: int, text: str, parent_id: int | None
) -> int:
    with conn:
        cid = conn.execute(
            f"INSERT INTO {replica}_comments (post_id, author_id, parent_id, text, created_at) VALUES (?, ?, ?, ?, ?)",
            (post_id, author_id, parent_id, text, now_iso()),
        ).lastrowid
    assert cid is not None
    return cid


def get_comment(conn: sqlite3.Connection, replica: str, comment_id: int) -> dict[str, Any] | None:
    row = conn.execute(_comment_select(replica) + " WHERE c.id = ?", (comment_id,)).fetchone()
    return dict(row) if row else None


def all_comments(conn: sqlite3.Connection, replica: str, post_id: int) -> list[dict[str, Any]]:
    """Every comment of a post, oldest first (replies too, with their parent_id)."""
    rows = conn.execute(_comment_select(replica) + " WHERE c.post_id = ? ORDER BY c.id", (post_id,)).fetchall()
    return [dict(r) for r in rows]


def top_comments(
    conn: sqlite3.Connection, replica: str, post_id: int, after: int, limit: int
) -> tuple[list[dict[str, Any]], bool]:
    """One page of top-level comments, oldest first, after the comment id `after`; and whether more follow."""
    rows = conn.execute(
        _comment_select(replica) + " WHERE c.post_id = ? AND c.parent_id IS NULL AND c.id > ? ORDER BY c.id LIMIT ?",
        (post_id, after, limit + 1),
    ).fetchall()
    return [dict(r) for r in rows[:limit]], len(rows) > limit


def replies_to(conn: sqlite3.Connection, replica: str, comment_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(_comment_select(replica) + " WHERE c.parent_id = ? ORDER BY c.id", (comment_id,)).fetchall()
    return [dict(r) for r in rows]


def count_comments(conn: sqlite3.Connection, replica: str, post_id: int) -> int:
    return conn.execute(f"SELECT COUNT(*) FROM {replica}_comments WHERE post_id = ?", (post_id,)).fetchone()[0]


# --- profiles -------------------------------------------------------------------------


def profile(conn: sqlite3.Connection, replica: str, user_id: int) -> dict[str, Any]:
    row = conn.execute(
        "SELECT language, followers, following FROM replica_profiles WHERE replica = ? AND user_id = ?",
        (replica, user_id),
    ).fetchone()
    return dict(row) if row else {"language": None, "followers": 0, "following": 0}


def set_profile(conn: sqlite3.Connection, replica: str, user_id: int, **values: Any) -> None:
    """Set some of language / followers / following of one account on one replica."""
    current = profile(conn, replica, user_id) | {k: v for k, v in values.items() if k in ("language", "followers",
                                                                                          "following")}
    with conn:
        conn.execute(
            "INSERT INTO replica_profiles (replica, user_id, language, followers, following) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(replica, user_id) DO UPDATE SET language = excluded.language,"
            " followers = excluded.followers, following = excluded.following",
            (replica, user_id, current["language"], current["followers"], current["following"]),
        )


# --- checkpoints ----------------------------------------------------------------------


def active_checkpoint(conn: sqlite3.Connection, replica: str, user_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT kind, cid, code, next, created_at FROM replica_checkpoints WHERE replica = ? AND user_id = ?",
        (replica, user_id),
    ).fetchone()
    return dict(row) if row else None


def start_checkpoint(conn: sqlite3.Connection, replica: str, user_id: int, kind: str, next_path: str) -> dict[str, Any]:
    """The account is held at a checkpoint until a person passes it (with the code, for solvable kinds)."""
    row = {"kind": kind, "cid": str(secrets.randbelow(10**15)), "code": f"{secrets.randbelow(10**6):06d}",
           "next": next_path, "created_at": now_iso()}
    with conn:
        conn.execute(
            "INSERT OR REPLACE INTO replica_checkpoints (replica, user_id, kind, cid, code, next, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (replica, user_id, *row.values()),
        )
    return row


def end_checkpoint(conn: sqlite3.Connection, replica: str, user_id: int | None = None) -> int:
    """Release one account (or all, with no user) from its checkpoint; returns how many were held."""
    with conn:
        if user_id is None:
            return conn.execute("DELETE FROM replica_checkpoints WHERE replica = ?", (replica,)).rowcount
        return conn.execute(
            "DELETE FROM replica_checkpoints WHERE replica = ? AND user_id = ?", (replica, user_id)
        ).rowcount


def checkpoints(conn: sqlite3.Connection, replica: str) -> dict[str, dict[str, Any]]:
    """user name -> its active checkpoint (with the code a person would receive), for tests."""
    rows = conn.execute(
        "SELECT u.name, c.kind, c.cid, c.code, c.next, c.created_at FROM replica_checkpoints c"
        " JOIN users u ON u.id = c.user_id WHERE c.replica = ?", (replica,),
    ).fetchall()
    return {r["name"]: {k: r[k] for k in ("kind", "cid", "code", "next", "created_at")} for r in rows}
