"""Who is acting on the Facebook replica: a person (a sandbox user who logs in) or one of the Pages
that person manages, and the numbers the live site shows for them.

Pages have no login of their own; a person switches into one [S: marcelja/facebook-delete#65, help
203141666415461]. Usernames are one namespace for people and Pages on the live site, so a Page is a
row in the sandbox's `users` (its username, a random password nobody knows) plus a row in
`facebook_pages` (display name, owner). Posts and comments made as the Page are then simply that
row's, and the framework's followers, JSON API and `seed_*` helpers work for Pages unchanged.

Every person gets one Page of their own when the replica starts or when they first log in (named
after them: `kopisenja` manages "Kopisenja Page", username `kopisenja.page`), so a fresh sandbox has
something to post to; tests and the admin API add more.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from scheduler.sandbox import db

TABLES = """
CREATE TABLE IF NOT EXISTS facebook_pages (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS facebook_pages_owner ON facebook_pages(owner_id);
CREATE TABLE IF NOT EXISTS facebook_uploads (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    stored_name TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""

#: numeric ids as the live site shows them: people's `c_user` (15 digits from 1000...), Pages created
#: since 2023 (15 digits from 615...) [I: research §3, many real permalinks]
PERSON_BASE = 100_000_000_000_000
PAGE_BASE = 615_500_000_000_000
#: photo ids (`/photo/?fbid=`), numeric and stable [I: research §3]
PHOTO_BASE = 122_100_000_000_000


@dataclass(frozen=True)
class Identity:
    """A person or a Page: its `users` row, username, the name the site shows, and numeric id."""

    user_id: int
    username: str
    name: str
    is_page: bool

    @property
    def fbid(self) -> str:
        return str((PAGE_BASE if self.is_page else PERSON_BASE) + self.user_id)


def create_tables(conn: sqlite3.Connection) -> None:
    conn.executescript(TABLES)


def _page_row(conn: sqlite3.Connection, user_id: int) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT u.id, u.name AS username, p.name, p.owner_id FROM facebook_pages p JOIN users u ON u.id = p.user_id"
        " WHERE p.user_id = ?", (user_id,),
    ).fetchone()


def identity(conn: sqlite3.Connection, user_id: int) -> Identity | None:
    page = _page_row(conn, user_id)
    if page is not None:
        return Identity(user_id, page["username"], page["name"], True)
    row = conn.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()
    return None if row is None else Identity(user_id, row["name"], row["name"], False)


def by_username(conn: sqlite3.Connection, username: str) -> Identity | None:
    row = db.user_by_name(conn, username)
    return None if row is None else identity(conn, int(row["id"]))


def by_fbid(conn: sqlite3.Connection, fbid: str) -> Identity | None:
    """`profile.php?id=` and `asset_id=`: a person's or a Page's numeric id."""
    if not fbid.isdigit():
        return None
    number = int(fbid)
    for base, is_page in ((PAGE_BASE, True), (PERSON_BASE, False)):
        if base < number < base + 10**12:
            found = identity(conn, number - base)
            return found if found is not None and found.is_page == is_page else None
    return None


def pages_of(conn: sqlite3.Connection, owner_id: int) -> list[Identity]:
    rows = conn.execute(
        "SELECT u.id, u.name AS username, p.name FROM facebook_pages p JOIN users u ON u.id = p.user_id"
        " WHERE p.owner_id = ? ORDER BY u.id", (owner_id,),
    ).fetchall()
    return [Identity(r["id"], r["username"], r["name"], True) for r in rows]


def manages(conn: sqlite3.Connection, owner_id: int, page: Identity) -> bool:
    row = _page_row(conn, page.user_id)
    return page.is_page and row is not None and row["owner_id"] == owner_id


def is_page(conn: sqlite3.Connection, user_id: int) -> bool:
    return _page_row(conn, user_id) is not None


def add_page(conn: sqlite3.Connection, owner_id: int, username: str, name: str) -> Identity:
    """A new Page managed by `owner_id` (its username must be free, as on the live site)."""
    if not username or db.user_by_name(conn, username) is not None:
        raise ValueError(f"the username {username!r} is taken")
    if not name.strip():
        raise ValueError("a Page needs a name")
    if is_page(conn, owner_id):
        raise ValueError("a Page cannot manage a Page here; give a person as the owner")
    with conn:
        db.set_user(conn, username, secrets.token_urlsafe(24))  # nobody logs in as a Page
        row = db.user_by_name(conn, username)
        assert row is not None
        conn.execute("INSERT INTO facebook_pages (user_id, name, owner_id) VALUES (?, ?, ?)",
                     (row["id"], name.strip(), owner_id))
    return Identity(int(row["id"]), username, name.strip(), True)


def ensure_own_page(conn: sqlite3.Connection, person_id: int) -> None:
    """A person who manages no Page gets one named after them (see the module's docstring)."""
    if is_page(conn, person_id) or pages_of(conn, person_id):
        return
    person = identity(conn, person_id)
    assert person is not None
    username = f"{person.username}.page"
    if db.user_by_name(conn, username) is None:
        add_page(conn, person_id, username, f"{person.username.replace('_', ' ').title()} Page")


def ensure_every_person_has_a_page(conn: sqlite3.Connection) -> None:
    for row in conn.execute("SELECT id FROM users ORDER BY id").fetchall():
        ensure_own_page(conn, int(row["id"]))


def display_names(conn: sqlite3.Connection) -> dict[str, str]:
    """username -> the name the site shows, for the Pages (people show their username)."""
    return {r["username"]: r["name"] for r in conn.execute(
        "SELECT u.name AS username, p.name FROM facebook_pages p JOIN users u ON u.id = p.user_id")}


# --- uploads waiting for their post ---------------------------------------------------------


def add_upload(conn: sqlite3.Connection, user_id: int, name: str, stored_name: str, content_type: str) -> str:
    with conn:
        upload_id = conn.execute(
            "INSERT INTO facebook_uploads (user_id, name, stored_name, content_type, created_at) VALUES (?, ?, ?, ?, ?)",
            (user_id, name, stored_name, content_type, db.now_iso()),
        ).lastrowid
    assert upload_id is not None
    return str(PHOTO_BASE + upload_id)


def find_uploads(conn: sqlite3.Connection, user_id: int, fbids: list[str]) -> list[dict[str, Any]] | None:
    """The person's waiting uploads by photo id, in the order given; None when one is unknown, someone
    else's, or given twice."""
    ids = [int(f) - PHOTO_BASE for f in fbids if f.isdigit()]
    if len(ids) != len(fbids) or len(set(ids)) != len(ids):
        return None
    rows = {r["id"]: dict(r) for r in conn.execute(
        f"SELECT id, name, stored_name, content_type FROM facebook_uploads WHERE user_id = ? AND id IN"
        f" ({','.join('?' * len(ids))})", (user_id, *ids),
    )} if ids else {}
    return [rows[i] for i in ids] if len(rows) == len(ids) else None


def drop_uploads(conn: sqlite3.Connection, uploads: list[dict[str, Any]]) -> None:
    """Uploads a post has taken are no longer waiting (a second post cannot take them)."""
    with conn:
        conn.executemany("DELETE FROM facebook_uploads WHERE id = ?", [(u["id"],) for u in uploads])


def photo_id() -> str:
    """A photo id for a post made without an upload (seeded by tests): beyond any upload's."""
    return str(PHOTO_BASE + 10**12 + secrets.randbelow(10**12))


def story_number() -> str:
    """A post's numeric id, as in `/<page>/posts/<number>` and `story_fbid=` [S: KZ, snarfed/bridgy#193]."""
    return str(10**15 + secrets.randbelow(9 * 10**15))


# --- pfbid: a post's id in links, different every time it is shown ---------------------------

_KEY = b"jadwal facebook replica pfbid"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _b58(data: bytes) -> str:
    number, out = int.from_bytes(data, "big"), ""
    while number:
        number, digit = divmod(number, 58)
        out = _B58[digit] + out
    return out or "1"


def _unb58(text: str) -> bytes | None:
    number = 0
    for char in text:
        digit = _B58.find(char)
        if digit < 0:
            return None
        number = number * 58 + digit
    try:
        return number.to_bytes(32, "big")
    except OverflowError:
        return None


def pfbid(post_id: int) -> str:
    """An obfuscated id for a post that changes on every render yet always leads to the post: the
    live site's `pfbid0…` ids "change regularly" since 2022 [S: snarfed/facebook-atom#27,
    CrowdTangle/API#48], so nobody may match a post by this string."""
    nonce = secrets.token_bytes(8)
    pad = hashlib.sha256(_KEY + nonce).digest()[:8]
    body = nonce + bytes(a ^ b for a, b in zip(post_id.to_bytes(8, "big"), pad, strict=True))
    mac = hmac.new(_KEY, body, hashlib.sha256).digest()[:16]
    return "pfbid0" + _b58(body + mac).rjust(44, "1")


def post_id_of(token: str) -> int | None:
    """The post behind a `pfbid0…` issued by `pfbid`, else None (a forged or foreign one)."""
    if not token.startswith("pfbid0"):
        return None
    raw = _unb58(token[6:].lstrip("1"))
    if raw is None:
        return None
    body, mac = raw[:16], raw[16:]
    if not hmac.compare_digest(mac, hmac.new(_KEY, body, hashlib.sha256).digest()[:16]):
        return None
    pad = hashlib.sha256(_KEY + body[:8]).digest()[:8]
    return int.from_bytes(bytes(a ^ b for a, b in zip(body[8:], pad, strict=True)), "big")


def tracking() -> str:
    """The tracking parameters the live site appends to links (`__cft__`, `__tn__`) [S: idx:71267309656]."""
    return f"__cft__[0]={base64.urlsafe_b64encode(secrets.token_bytes(24)).decode().rstrip('=')}&__tn__=%2CO%2CP-R"
