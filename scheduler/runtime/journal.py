"""The journal: the daemon's state in SQLite, the single source of truth about every post.

Why it looks like this:
- One row per plan post, keyed by the plan's stable post id, so editing a plan
  never republishes what already went out (a changed text is reported instead).
- Exactly-once: `claim` writes the intent ("publishing", attempt n, and which
  process holds it) with `synchronous=FULL` *before* the browser clicks; the
  result is written the moment the site confirms. A row left in "publishing" by
  a process that is gone is looked up on the site before anything else happens
  to it; one held by a live process (the daemon, or `jadwal publish`) is its.
  Every command that publishes claims through here, so two never click for one post.
- A post this journal has never tried whose time has already passed (a fresh or
  restored journal, a daemon that was down) is looked up first (`check_site`).
- The file is created 0600 in a 0700 folder before SQLite opens it, so the
  -wal/-shm files SQLite makes (which copy the database's mode) are private too.
  It is opened by its resolved path (a symlink names the same -wal), and a
  database with a second hard link is refused: SQLite names its -wal after the
  path, so two names would keep two logs of one database and corrupt it.
- A write that fails because the disk is full (or the file cannot be written)
  raises `JournalUnwritable`: nothing was recorded, and the caller must not act
  as if it had been.
- Schema changes are numbered migrations, each one transaction that also bumps
  `PRAGMA user_version`; a database newer than this code is refused.

Times are stored as UTC ISO 8601 text with a fixed width, so they sort as text.
All SQL of jadwal lives in this layer (`Journal`, and `CommentTables` for the
comments), so another engine can take its place: given a `postgresql://` URL, the
same statements and migrations run on PostgreSQL (`scheduler.runtime.pg` translates
the few spellings that differ), where several daemons share one journal
(`scheduler.runtime.cooperation`).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from scheduler.errors import JournalUnwritable, StateError
from scheduler.files import private_file
from scheduler.i18n import _
from scheduler.runtime.state import PgUrl

if TYPE_CHECKING:
    from scheduler.plan.model import Plan, Post
    from scheduler.platforms.base import PublishedRef

State = Literal["pending", "publishing", "published", "retry_wait", "unconfirmed", "failed", "missed"]
STATES: tuple[State, ...] = (
    "pending", "publishing", "published", "retry_wait", "unconfirmed", "failed", "missed",
)
#: states a person may re-queue with `jadwal retry`
REQUEUEABLE: tuple[State, ...] = ("unconfirmed", "failed", "missed")
#: states in which a post waits for its time (the daemon claims from these)
WAITING: tuple[State, ...] = ("pending", "retry_wait")
#: states `jadwal publish` may claim from: a person publishing by hand decides for a failed or missed post too
BY_HAND: tuple[State, ...] = ("pending", "retry_wait", "failed", "missed")

# Each migration is a tuple of statements run in one transaction. Append, never edit.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE posts (
            id TEXT PRIMARY KEY,
            account TEXT NOT NULL,
            due_at TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            published_hash TEXT,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN
                ('pending','publishing','published','retry_wait','unconfirmed','failed','missed')),
            attempt INTEGER NOT NULL DEFAULT 0,
            next_try_at TEXT,
            intent_at TEXT,
            remote_id TEXT,
            url TEXT,
            published_at TEXT,
            last_error TEXT,
            artifacts TEXT NOT NULL DEFAULT '[]',
            in_plan INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX posts_todo ON posts (state, next_try_at)",
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            post_id TEXT NOT NULL REFERENCES posts (id),
            n INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            outcome TEXT,
            error TEXT,
            artifacts TEXT NOT NULL DEFAULT '[]'
        )""",
        "CREATE INDEX attempts_post ON attempts (post_id, n)",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            post_id TEXT,
            message TEXT NOT NULL,
            alert INTEGER NOT NULL DEFAULT 0,
            notified_at TEXT
        )""",
        "CREATE INDEX events_alerts ON events (alert, notified_at)",
    ),
    (  # 2: comments read under published posts (scheduler.comments): R4 at run time
        """CREATE TABLE post_comments (
            post_id TEXT NOT NULL REFERENCES posts (id),
            id TEXT NOT NULL,
            account TEXT NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL,
            parent_id TEXT,
            own INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            answered_at TEXT,
            answered_by TEXT,
            alerted_at TEXT,
            PRIMARY KEY (post_id, id)
        )""",
        "CREATE INDEX post_comments_open ON post_comments (account, own, answered_at, created_at)",
    ),
    (  # 3: measured values of each account (adapter.metrics(), e.g. followers): R2 at run time
        """CREATE TABLE metrics (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            metric TEXT NOT NULL,
            value REAL NOT NULL,
            measured_at TEXT NOT NULL
        )""",
        "CREATE INDEX metrics_series ON metrics (account, metric, measured_at)",
    ),
    (  # 4: each published post's numbers (adapter.post_metrics()), read 1 h, 24 h and 7 days after it went
        #    out (scheduler.insights.readings); a reading that failed is kept too (ok = 0), so the retry
        #    schedule, like the reading schedule, is derived from the journal after a restart
        """CREATE TABLE post_readings (
            post_id TEXT NOT NULL REFERENCES posts (id),
            measured_at TEXT NOT NULL,
            ok INTEGER NOT NULL,
            error TEXT,
            PRIMARY KEY (post_id, measured_at)
        )""",
        """CREATE TABLE post_metrics (
            post_id TEXT NOT NULL,
            measured_at TEXT NOT NULL,
            metric TEXT NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY (post_id, measured_at, metric),
            FOREIGN KEY (post_id, measured_at) REFERENCES post_readings (post_id, measured_at)
        )""",
    ),
    (  # 5: what keeps a comment check cheap (scheduler.comments.selection): when each post's comments were
        #    last read, and per account how far its activity page has been seen (the site's time)
        """CREATE TABLE comment_reads (
            post_id TEXT PRIMARY KEY REFERENCES posts (id),
            read_at TEXT NOT NULL
        )""",
        """CREATE TABLE activity_cursors (
            account TEXT PRIMARY KEY,
            seen_until TEXT NOT NULL,
            checked_at TEXT NOT NULL
        )""",
    ),
    (  # 6: exactly once everywhere: who holds a claim, posts to look up first, paused accounts,
        # alerts as an outbox, one journal-wide id per comment
        "ALTER TABLE posts ADD COLUMN claimed_by TEXT",  # the process publishing it ("PID:START")
        "ALTER TABLE posts ADD COLUMN check_site INTEGER NOT NULL DEFAULT 0",  # look it up before a click
        "ALTER TABLE posts ADD COLUMN unclear_since TEXT",  # outcome unknown since; looked up until patience
        """CREATE TABLE accounts (
            id TEXT PRIMARY KEY,
            paused_at TEXT,
            pause_kind TEXT,
            pause_reason TEXT,
            pause_fix TEXT,
            session_stamp TEXT,
            session_saved_at TEXT
        )""",
        "ALTER TABLE events ADD COLUMN title TEXT",
        "ALTER TABLE events ADD COLUMN body TEXT",
        "ALTER TABLE post_comments ADD COLUMN ref INTEGER",
        "UPDATE post_comments SET ref = rowid",
        "CREATE UNIQUE INDEX post_comments_ref ON post_comments (ref)",
    ),
    (  # 7: one plan for every daemon of a shared (PostgreSQL) journal: which version was loaded, by whom
        """CREATE TABLE plan_loads (
            id INTEGER PRIMARY KEY,
            digest TEXT NOT NULL,
            name TEXT NOT NULL,
            loaded_by TEXT NOT NULL,
            loaded_at TEXT NOT NULL
        )""",
        # who acts on the account now; left set by a process that died mid-action, so the next one waits
        # until the site has finished what that one's browser had sent (quiet_until)
        "ALTER TABLE accounts ADD COLUMN acting_by TEXT",
        "ALTER TABLE accounts ADD COLUMN quiet_until TEXT",
        # what every daemon did with an account (its pace, its posts a day), read before each action
        "CREATE INDEX posts_account ON posts (account, state, published_at)",
    ),
    (  # 8: replies whose send had an unclear outcome (or is under way): looked up before any resend
        """CREATE TABLE reply_doubts (
            post_id TEXT NOT NULL,
            comment_id TEXT NOT NULL,
            account TEXT NOT NULL,
            text TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            PRIMARY KEY (post_id, comment_id)
        )""",
    ),
)


class Db(Protocol):
    """What the journal uses of a connection: `sqlite3.Connection`, or `scheduler.runtime.pg.Connection`."""

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, params: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, rows: Any, /) -> Any: ...

    def close(self) -> None: ...


def iso(when: datetime) -> str:
    """Fixed-width UTC text for a time (sorts like the time itself)."""
    if when.tzinfo is None:
        raise ValueError("naive datetime given to the journal")
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def plan_digest(plan: Plan) -> str:
    """What two daemons must agree on to share a journal: each post's id, account, time and text (not
    the file's bytes: a session path may differ from machine to machine)."""
    h = hashlib.sha256()
    for post in sorted(plan.posts, key=lambda p: p.id):
        h.update(f"{post.id}\0{post.account}\0{iso(post.at)}\0{text_hash(post.text)}\n".encode())
    return h.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class PlanLoad:
    """The plan version a journal runs: its digest, and which daemon loaded it when."""

    digest: str
    name: str
    loaded_by: str
    loaded_at: datetime


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class PostRow:
    """One post as the journal knows it."""

    id: str
    account: str
    due_at: datetime
    text_hash: str
    published_hash: str | None
    state: State
    attempt: int
    #: pending/retry_wait: when to publish; publishing (unclear)/unconfirmed: when to look it up again
    next_try_at: datetime | None
    intent_at: datetime | None
    remote_id: str | None
    url: str | None
    published_at: datetime | None
    last_error: str | None
    artifacts: tuple[str, ...]
    in_plan: bool
    updated_at: datetime
    claimed_by: str | None = None
    check_site: bool = False
    unclear_since: datetime | None = None

    @property
    def edited_after_publish(self) -> bool:
        return self.published_hash is not None and self.published_hash != self.text_hash

    @classmethod
    def from_row(cls, row: Any) -> PostRow:
        return cls(
            id=row["id"], account=row["account"], due_at=parse(row["due_at"]),  # type: ignore[arg-type]
            text_hash=row["text_hash"], published_hash=row["published_hash"], state=row["state"],
            attempt=row["attempt"], next_try_at=parse(row["next_try_at"]),
            intent_at=parse(row["intent_at"]), remote_id=row["remote_id"], url=row["url"],
            published_at=parse(row["published_at"]), last_error=row["last_error"],
            artifacts=tuple(json.loads(row["artifacts"])), in_plan=bool(row["in_plan"]),
            updated_at=parse(row["updated_at"]),  # type: ignore[arg-type]
            claimed_by=row["claimed_by"], check_site=bool(row["check_site"]),
            unclear_since=parse(row["unclear_since"]),
        )


@dataclass(frozen=True, slots=True)
class ReadingState:
    """Where one published post stands in its reading schedule (see `scheduler.insights.readings`)."""

    post_id: str
    account: str
    remote_id: str
    url: str
    published_at: datetime
    last_ok: datetime | None  # the latest successful reading
    failures: int  # failed readings since then
    last_failed: datetime | None


@dataclass(frozen=True, slots=True)
class PostReading:
    """What the site showed of one post at one time, e.g. {"likes": 12, "comments": 3, "views": 140}."""

    post_id: str
    measured_at: datetime
    values: dict[str, float]


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    at: datetime
    kind: str
    post_id: str | None
    message: str
    alert: bool
    #: for an alert: what the notification says (None: made from kind, post and message)
    title: str | None = None
    body: str | None = None
    notified_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Pause:
    """An account the site blocks until a person acts (`AccountBlocked`): its posts wait."""

    account: str
    since: datetime
    kind: str  # "session_expired", "checkpoint:<kind>", "no_session"
    reason: str
    fix: str
    #: the session file as it was when paused (a different one means a new login)
    session_stamp: str | None


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a plan (re)load changed in the journal."""

    added: int
    updated: int
    removed: int
    edited_after_publish: tuple[str, ...]  # newly noticed this time


def _unwritable(exc: sqlite3.Error) -> bool:
    """A full disk or a failing write (not a bug in our SQL)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN,
                               sqlite3.SQLITE_READONLY)
    return "disk is full" in str(exc) or "disk I/O error" in str(exc)


def refuse_second_name(given: Path, resolved: Path) -> None:
    """A database with more than one hard link is refused: SQLite keeps its write-ahead log next to the
    *name* it was opened by, so two names of one file mean two logs and a corrupted database."""
    try:
        links = os.stat(resolved).st_nlink
    except FileNotFoundError:
        return
    if links > 1:
        raise StateError(
            _("the state database {path} has {count} names (hard links); jadwal refuses it, because SQLite "
              "keeps a separate write-ahead log for each name and two of them corrupt the database").format(
                path=given, count=links),
            _("keep one name: find the others with `find / -xdev -samefile {path}`, delete them (`rm`), "
              "and use the remaining path (a symlink is fine)").format(path=resolved),
        )


class Journal:
    """The state database. Use as a context manager or call `close()`."""

    def __init__(self, path: Path | str | PgUrl) -> None:
        self.db: Db
        if isinstance(path, PgUrl):
            self._open_postgres(path)
            return
        from scheduler.runtime.processes import identity

        #: on PostgreSQL, the URL (its password masked when shown)
        self.url: PgUrl | None = None
        #: what this process's claims are named by (see `claimant_alive`)
        self.identity = identity()
        self.given: Path | PgUrl = Path(path)
        memory = str(self.given) == ":memory:"
        self.path = self.given if memory else self.given.resolve()  # a symlink names the real file's -wal
        try:
            if not memory:
                refuse_second_name(Path(path), self.path)
                private_file(self.path)
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=10.0, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StateError(
                f"cannot open the state database {self.given}: {exc}",
                "give --state a path in a folder this user can write (e.g. /var/lib/jadwal/state.db)",
            ) from exc
        conn.row_factory = sqlite3.Row
        self.db = conn
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except JournalUnwritable:
            self.db.close()
            raise
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StateError(
                f"{self.given} is not a usable jadwal state database: {exc}",
                "point --state at a new file, or restore the database from a backup",
            ) from exc
        self._attach_comments()

    def _attach_comments(self) -> None:
        from scheduler.runtime.journal_comments import CommentTables

        #: the comment tables (R4 at run time), owned here like every other table
        self.comments = CommentTables(self)

    def _open_postgres(self, url: PgUrl) -> None:
        """Connect to a PostgreSQL journal and bring its schema up to date (one transaction a migration)."""
        from scheduler.runtime import pg

        import socket

        from scheduler.runtime.processes import identity

        self.url = url
        self.given = url
        self.path = Path(".")  # no file (failures go to the user's state folder: cli.options.failures_default)
        #: this process among every machine's: host/PID:START
        self.identity = f"{socket.gethostname()}/{identity()}"
        self._held: set[str] = set()  # accounts this connection acts on now
        self._roles: dict[str, int] = {}  # role -> the connection generation in which this one holds it
        # every connection of this process holds its presence lock (shared): another daemon that can take
        # it exclusively knows this process is gone, on whichever machine it ran
        self.db = pg.Connection(url, on_connect=[
            f"SELECT pg_advisory_lock_shared({pg.key('process:' + self.identity)})"])
        try:
            self.db.execute("CREATE TABLE IF NOT EXISTS jadwal_schema (version INTEGER NOT NULL)")
        except pg.psycopg.Error as exc:
            self.db.close()
            raise StateError(
                _("cannot use the PostgreSQL journal {url}: {problem}").format(url=url, problem=url.mask(str(exc))),
                _("give the URL's user the right to create tables in that database "
                  "(`GRANT CREATE ON SCHEMA public TO USER`), or another --state")) from None
        self._migrate()
        self._attach_comments()

    @property
    def postgres(self) -> bool:
        """True for a PostgreSQL journal (several daemons may share it)."""
        return self.url is not None

    # -- plumbing ----------------------------------------------------------------

    def close(self) -> None:
        if self.url is not None:
            for account in sorted(self._held):  # e.g. `jadwal publish` ending: the account is free at once
                self.let_go_account(account)
        self.db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, durable: bool = False) -> Iterator[Db]:
        """One write transaction; `durable` makes its commit survive a power cut (synchronous=FULL).

        `JournalUnwritable` when the disk is full or the write fails: then nothing of it was kept."""
        if self.url is not None:
            with self._pg_transaction():
                yield self.db
            return
        try:
            if durable:
                self.db.execute("PRAGMA synchronous=FULL")
            try:
                self.db.execute("BEGIN IMMEDIATE")
                try:
                    yield self.db
                except BaseException:
                    if self.db.in_transaction:  # SQLite may have rolled back by itself (SQLITE_FULL)
                        self.db.execute("ROLLBACK")
                    raise
                try:
                    self.db.execute("COMMIT")
                except sqlite3.Error:
                    if self.db.in_transaction:
                        self.db.execute("ROLLBACK")
                    raise
            finally:
                if durable:
                    self.db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            if _unwritable(exc):
                raise JournalUnwritable(
                    _("cannot write the state database {path}: {problem}").format(path=self.given, problem=exc),
                    _("free space on the disk that holds it: see `df -h {folder}`").format(folder=self.path.parent),
                ) from exc
            raise

    @contextmanager
    def _pg_transaction(self) -> Iterator[None]:
        """A PostgreSQL transaction (writers take turns, see `scheduler.runtime.pg`); every commit is
        durable (the server's synchronous_commit). A lost connection is `JournalUnwritable`: nothing of
        the transaction was kept, and the next use connects again."""
        from scheduler.runtime import pg

        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except (pg.psycopg.OperationalError, pg.psycopg.errors.DiskFull) as exc:
            raise JournalUnwritable(
                _("cannot write the PostgreSQL journal {url}: {problem}").format(
                    url=self.given, problem=PgUrl.mask(str(exc)).strip()),
                _("check that the PostgreSQL server runs and has disk space (`pg_isready`, `df -h` on its "
                  "machine); jadwal goes on by itself when it can write again"),
            ) from None

    def probe(self) -> None:
        """A real write (the header page, unchanged): `JournalUnwritable` while the disk is still full."""
        with self.transaction():
            if self.postgres:
                self.db.execute("UPDATE jadwal_schema SET version = version")
            else:
                self.db.execute(f"PRAGMA user_version={self.schema_version}")

    @property
    def schema_version(self) -> int:
        if self.postgres:
            row = self.db.execute("SELECT MAX(version) FROM jadwal_schema").fetchone()
            return int(row[0] or 0)
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        if current > len(MIGRATIONS):
            raise StateError(
                f"{self.given} was written by a newer jadwal (schema {current}; "
                f"this version knows up to {len(MIGRATIONS)})",
                "upgrade jadwal, or point --state at another file",
            )
        for version, statements in enumerate(MIGRATIONS[current:], start=current + 1):
            with self.transaction():
                if self.postgres and self.schema_version >= version:  # another daemon migrated meanwhile
                    continue
                for statement in statements:
                    self.db.execute(statement)
                if self.postgres:
                    self.db.execute("DELETE FROM jadwal_schema")
                    self.db.execute("INSERT INTO jadwal_schema (version) VALUES (?)", (version,))
                else:
                    self.db.execute(f"PRAGMA user_version={version}")

    def _one(self, post_id: str) -> PostRow | None:
        row = self.db.execute("SELECT * FROM posts WHERE id = ?", (post_id,)).fetchone()
        return PostRow.from_row(row) if row else None

    # -- plan ---------------------------------------------------------------------

    def sync(self, plan: Plan, now: datetime) -> SyncReport:
        """Bring the journal in line with the plan, by post id.

        New posts become pending; one whose time has already passed is looked up on the
        site before its first attempt (this journal cannot know it was not published
        without it). Pending/waiting ones take the plan's new time and text. Published
        posts are never touched except to note an edited text. A missed post given a
        later time becomes pending again. Posts no longer in the plan are set aside
        (`in_plan = 0`), not deleted: their history stays.
        """
        stamp = iso(now)
        with self.transaction():  # read and written in one: another daemon may sync at the same time
            report = self._sync(plan, now, stamp)
        if self.postgres and report.added + report.updated > 1000:  # the planner must know a big plan at once
            self.db.execute("ANALYZE posts")
        return report

    def _sync(self, plan: Plan, now: datetime, stamp: str) -> SyncReport:
        known = {r["id"]: r for r in self.db.execute(
            "SELECT id, account, due_at, text_hash, published_hash, state, in_plan FROM posts")}
        added: list[tuple[object, ...]] = []
        updated: list[tuple[object, ...]] = []
        revived: list[tuple[object, ...]] = []
        edited: list[str] = []
        seen: set[str] = set()
        for post in plan.posts:
            seen.add(post.id)
            due, digest = iso(post.at), text_hash(post.text)
            row = known.get(post.id)
            if row is None:
                added.append((post.id, post.account, due, digest, due, int(due < stamp), stamp))
                continue
            if (row["account"], row["due_at"], row["text_hash"], row["in_plan"]) == (
                    post.account, due, digest, 1):
                continue
            if row["state"] == "missed" and due > row["due_at"]:
                revived.append((post.account, due, digest, due, stamp, post.id))
                continue
            if row["state"] == "published" and digest != row["text_hash"] and digest != row["published_hash"]:
                edited.append(post.id)
            updated.append((post.account, due, stamp, digest, due, post.id))
        removed = [i for i, r in known.items() if i not in seen and r["in_plan"]]
        self.db.executemany(
            "INSERT INTO posts (id, account, due_at, text_hash, next_try_at, check_site, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", added)
        # only waiting posts move with the plan; the others keep their history. A post in
        # flight keeps the hash of the text it was claimed with: the daemon compares it
        # before looking the post up, since the site holds the old text
        self.db.executemany(
            "UPDATE posts SET account = ?, due_at = ?, in_plan = 1, updated_at = ?,"
            " text_hash = CASE WHEN state = 'publishing' THEN text_hash ELSE ? END,"
            " next_try_at = CASE WHEN state = 'pending' THEN ? ELSE next_try_at END"
            " WHERE id = ?", updated)
        self.db.executemany(
            "UPDATE posts SET account = ?, due_at = ?, text_hash = ?, next_try_at = ?, updated_at = ?,"
            " state = 'pending', attempt = 0, in_plan = 1 WHERE id = ? AND state = 'missed'", revived)
        self.db.executemany(
            "UPDATE posts SET in_plan = 0, updated_at = ? WHERE id = ?",
            [(stamp, i) for i in removed])
        for post_id in edited:
            self._event(now=now, kind="edited_after_publish", post_id=post_id,
                        message="the plan's text changed after the post was published; not republished")
        return SyncReport(len(added), len(updated) + len(revived), len(removed), tuple(edited))

    def add_post(self, post: Post, now: datetime) -> PostRow:
        """The journal's row of one plan post, added as `sync` would add it when missing (`jadwal publish`
        of a post the daemon has not read yet); other posts are left alone."""
        stamp, due = iso(now), iso(post.at)
        with self.transaction():
            self.db.execute(
                "INSERT INTO posts (id, account, due_at, text_hash, next_try_at, check_site, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (post.id, post.account, due, text_hash(post.text), due, int(due < stamp), stamp))
        return self._one(post.id)  # type: ignore[return-value]

    def look_up_overdue(self, now: datetime) -> list[str]:
        """Mark every waiting post this journal never tried whose time has passed, to be looked up on
        the site before its first attempt (a daemon starting: the journal may be a restored backup, or
        someone may have published by hand meanwhile). Returns their ids."""
        with self.transaction():
            ids = [r[0] for r in self.db.execute(
                "SELECT id FROM posts WHERE state = 'pending' AND in_plan = 1 AND check_site = 0"
                " AND next_try_at < ?", (iso(now),))]
            self.db.executemany("UPDATE posts SET check_site = 1 WHERE id = ?", [(i,) for i in ids])
        return ids

    # -- queries ------------------------------------------------------------------

    def get(self, post_id: str) -> PostRow | None:
        return self._one(post_id)

    def posts(self, *states: State) -> list[PostRow]:
        """Posts in the given states (all when none), in due order."""
        sql = "SELECT * FROM posts"
        if states:
            sql += f" WHERE state IN ({','.join('?' * len(states))})"
        rows = self.db.execute(sql + " ORDER BY due_at, id", states)
        return [PostRow.from_row(r) for r in rows]

    _NOT_PAUSED = " AND account NOT IN (SELECT id FROM accounts WHERE paused_at IS NOT NULL)"

    def due(self, now: datetime) -> list[PostRow]:
        """Posts of the plan whose time to act has come (pending or waiting to retry), oldest first;
        those of paused accounts wait."""
        rows = self.db.execute(
            "SELECT * FROM posts WHERE state IN ('pending', 'retry_wait') AND in_plan = 1"
            " AND next_try_at <= ?" + self._NOT_PAUSED + " ORDER BY next_try_at, id", (iso(now),))
        return [PostRow.from_row(r) for r in rows]

    def next_due(self, after: datetime | None = None) -> datetime | None:
        """When the next post is due or the next lookup is (strictly after `after` when given); posts
        of paused accounts do not count."""
        # one indexed range per state (an OR across them, or an IN on PostgreSQL, would scan every row of a
        # long plan each pass)
        row = self.db.execute(
            "SELECT MIN(t) FROM ("
            " SELECT MIN(next_try_at) AS t FROM posts WHERE state = 'pending' AND in_plan = 1"
            " AND next_try_at > :after" + self._NOT_PAUSED +
            " UNION ALL SELECT MIN(next_try_at) FROM posts WHERE state = 'retry_wait' AND in_plan = 1"
            " AND next_try_at > :after" + self._NOT_PAUSED +
            " UNION ALL SELECT MIN(next_try_at) FROM posts WHERE state = 'publishing'"
            " AND next_try_at > :after" + self._NOT_PAUSED +
            " UNION ALL SELECT MIN(next_try_at) FROM posts WHERE state = 'unconfirmed'"
            " AND next_try_at > :after" + self._NOT_PAUSED + ") AS next",
            {"after": iso(after) if after else ""}).fetchone()
        return parse(row[0])

    def to_look_up(self, now: datetime) -> list[PostRow]:
        """Posts whose outcome must be asked of the site now: in flight (the caller tells a live
        claimant's from a dead one's), unconfirmed ones due for another look, and waiting ones to
        look up before their first attempt. Paused accounts wait."""
        rows = self.db.execute(
            "SELECT * FROM (SELECT * FROM posts WHERE state = 'publishing'"
            " UNION ALL SELECT * FROM posts WHERE state = 'unconfirmed' AND next_try_at <= :now"
            " UNION ALL SELECT * FROM posts WHERE state = 'pending' AND next_try_at <= :now AND check_site = 1"
            " AND in_plan = 1) AS doubt WHERE 1" + self._NOT_PAUSED + " ORDER BY due_at, id", {"now": iso(now)})
        return [PostRow.from_row(r) for r in rows]

    def waiting_accounts(self) -> set[str]:
        """Accounts with posts of the plan still to publish."""
        rows = self.db.execute("SELECT DISTINCT account FROM posts WHERE state IN ('pending', 'retry_wait')"
                               " AND in_plan = 1")
        return {r[0] for r in rows}

    def counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT state, COUNT(*) FROM posts WHERE in_plan = 1 GROUP BY state")
        return {state: 0 for state in STATES} | {r[0]: r[1] for r in rows}

    def attempts(self, post_id: str) -> list[Any]:
        return self.db.execute(
            "SELECT * FROM attempts WHERE post_id = ? ORDER BY n, id", (post_id,)).fetchall()

    def events(self, *, alerts_only: bool = False, limit: int = 50) -> list[Event]:
        sql = "SELECT * FROM events" + (" WHERE alert = 1" if alerts_only else "")
        rows = self.db.execute(sql + " ORDER BY id DESC LIMIT ?", (limit,))
        return [self._event_of(r) for r in rows]

    @staticmethod
    def _event_of(r: Any) -> Event:
        return Event(r["id"], parse(r["at"]), r["kind"], r["post_id"], r["message"],  # type: ignore[arg-type]
                     bool(r["alert"]), r["title"], r["body"], parse(r["notified_at"]))

    # -- transitions --------------------------------------------------------------

    def claim(self, post_id: str, now: datetime, *, by: str | None = None, text: str | None = None,
              states: Sequence[State] = WAITING) -> int | None:
        """Write the intent to publish, durably, before the click. Returns the attempt number,
        or None when the post is not in one of `states` (someone else has it, or it is done).

        `by` names the claimant (this process by default: `processes.identity()`); `text` is what is
        about to be published (its hash is what a lookup and the edited-after-publish check compare with)."""
        by = by or self.identity
        stamp = iso(now)
        with self.transaction(durable=True):
            cur = self.db.execute(
                f"UPDATE posts SET state = 'publishing', attempt = attempt + 1, intent_at = ?, updated_at = ?,"
                f" claimed_by = ?, unclear_since = NULL, next_try_at = NULL,"
                f" text_hash = COALESCE(?, text_hash)"
                f" WHERE id = ? AND state IN ({','.join('?' * len(states))})",
                (stamp, stamp, by, text_hash(text) if text is not None else None, post_id, *states))
            if cur.rowcount != 1:
                return None
            (attempt,) = self.db.execute("SELECT attempt FROM posts WHERE id = ?", (post_id,)).fetchone()
            self.db.execute("INSERT INTO attempts (post_id, n, started_at) VALUES (?, ?, ?)",
                            (post_id, attempt, stamp))
        return int(attempt)

    def take_over(self, row: PostRow, now: datetime, *, by: str) -> bool:
        """Hold a post left in flight by a process that is gone, to look it up; False when another
        process took it first (or it changed meanwhile)."""
        with self.transaction():
            cur = self.db.execute(
                "UPDATE posts SET claimed_by = ?, updated_at = ? WHERE id = ? AND state = ?"
                " AND claimed_by IS ?", (by, iso(now), row.id, row.state, row.claimed_by))
        return cur.rowcount == 1

    def published(self, post_id: str, ref: PublishedRef, now: datetime, *, how: str = "published") -> None:
        """The site confirmed the post (or a lookup found it): keep its id and URL."""
        stamp = iso(now)
        with self.transaction():
            self.db.execute(
                "UPDATE posts SET state = 'published', remote_id = ?, url = ?, published_at = ?,"
                " published_hash = text_hash, last_error = NULL, next_try_at = NULL, updated_at = ?,"
                " claimed_by = NULL, check_site = 0, unclear_since = NULL WHERE id = ?",
                (ref.remote_id, ref.url, iso(ref.published_at or now), stamp, post_id))
            self._end_attempt(post_id, stamp, how, None, ())

    def not_on_site(self, post_id: str, now: datetime) -> None:
        """A lookup before the first attempt found nothing: the post may go out as planned."""
        with self.transaction():
            self.db.execute(
                "UPDATE posts SET check_site = 0, unclear_since = NULL, updated_at = ?,"
                " next_try_at = CASE WHEN attempt = 0 THEN due_at ELSE next_try_at END"
                " WHERE id = ? AND state = 'pending'", (iso(now), post_id))

    def retry_later(self, post_id: str, now: datetime, next_try_at: datetime, error: str,
                    artifacts: Sequence[str] = ()) -> None:
        self._settle(post_id, now, "retry_wait", error, artifacts, next_try_at=next_try_at)

    def failed(self, post_id: str, now: datetime, error: str, artifacts: Sequence[str] = ()) -> None:
        self._settle(post_id, now, "failed", error, artifacts)

    def unclear(self, post_id: str, now: datetime, *, next_lookup: datetime, error: str,
                artifacts: Sequence[str] = ()) -> None:
        """The site could not say whether the post is there: it stays in flight, looked up again at
        `next_lookup` (the first time it is marked unclear starts the patience)."""
        stamp = iso(now)
        with self.transaction():
            self.db.execute(
                "UPDATE posts SET next_try_at = ?, last_error = ?, updated_at = ?,"
                " unclear_since = COALESCE(unclear_since, ?),"
                " artifacts = CASE WHEN ? = '[]' THEN artifacts ELSE ? END WHERE id = ?",
                (iso(next_lookup), error, stamp, stamp, *(2 * [json.dumps([str(a) for a in artifacts])]),
                 post_id))

    def unconfirmed(self, post_id: str, now: datetime, error: str, artifacts: Sequence[str] = (), *,
                    next_lookup: datetime | None = None) -> None:
        """Still unclear after every lookup allowed: a person is told; looked up again at `next_lookup`."""
        self._settle(post_id, now, "unconfirmed", error, artifacts, next_try_at=next_lookup)

    def release(self, post_id: str, now: datetime, *, reason: str, outcome: str = "released",
                attempts: int = 1) -> None:
        """Give a claimed post back untouched (nothing was submitted: the account is paused, or a hand
        publish stopped before the click). It waits for its time as before; the attempt is logged."""
        stamp = iso(now)
        with self.transaction():
            self.db.execute(
                "UPDATE posts SET state = 'pending', attempt = MAX(attempt - ?, 0), claimed_by = NULL,"
                " unclear_since = NULL, next_try_at = due_at, last_error = ?, updated_at = ?"
                " WHERE id = ? AND state = 'publishing'", (attempts, reason, stamp, post_id))
            self._end_attempt(post_id, stamp, outcome, reason, ())

    def restore(self, post_id: str, now: datetime, *, state: State, next_try_at: datetime | None,
                attempt: int, reason: str) -> None:
        """Put a claimed post back in the state it had before a hand publish that submitted nothing."""
        stamp = iso(now)
        with self.transaction():
            self.db.execute(
                "UPDATE posts SET state = ?, attempt = ?, claimed_by = NULL, unclear_since = NULL,"
                " next_try_at = ?, last_error = ?, updated_at = ? WHERE id = ? AND state = 'publishing'",
                (state, attempt, iso(next_try_at) if next_try_at else None, reason, stamp, post_id))
            self._end_attempt(post_id, stamp, "not published by hand", reason, ())

    def missed(self, post_id: str, now: datetime, error: str, artifacts: Sequence[str] = ()) -> None:
        """A post in doubt the site does not have, found too late to send, or one whose next retry comes
        after its grace period: missed, as one the daemon never reached; a person may still send it with
        `jadwal retry`."""
        stamp = iso(now)
        with self.transaction():
            self.db.execute(
                "UPDATE posts SET state = 'missed', last_error = ?, artifacts = ?, next_try_at = NULL,"
                " updated_at = ?, claimed_by = NULL, check_site = 0, unclear_since = NULL WHERE id = ?"
                " AND state IN ('publishing', 'unconfirmed', 'retry_wait')",
                (error, json.dumps([str(a) for a in artifacts]), stamp, post_id))
            self._end_attempt(post_id, stamp, "missed", error, artifacts)

    def grace_from(self, row: PostRow) -> datetime:
        """When the post's grace period began: its time, or the last time a person re-queued it by
        hand (`jadwal retry` asks for it now, so a late hand retry is not missed at once)."""
        got = self.db.execute("SELECT MAX(at) FROM events WHERE post_id = ? AND kind = 'requeued'",
                              (row.id,)).fetchone()
        requeued = parse(got[0]) if got else None
        return max(row.due_at, requeued) if requeued is not None else row.due_at

    def mark_missed(self, cutoff: datetime, now: datetime) -> list[str]:
        """Pending posts due before `cutoff` become missed; returns their ids. Nothing of them is
        published, so those that were to be looked up first are not looked up any more.

        (`next_try_at`, not `due_at`: a post a person re-queued by hand is due now.)"""
        with self.transaction():
            ids = [r[0] for r in self.db.execute(
                "SELECT id FROM posts WHERE state = 'pending' AND next_try_at < ? AND in_plan = 1"
                " ORDER BY next_try_at", (iso(cutoff),))]
            self.db.executemany(
                "UPDATE posts SET state = 'missed', next_try_at = NULL, check_site = 0, unclear_since = NULL,"
                " updated_at = ?,"
                " last_error = COALESCE(last_error, 'the daemon was not running at the due time')"
                " WHERE id = ?", [(iso(now), i) for i in ids])
        return ids

    def requeue(self, post_id: str, now: datetime, *, status: str = "jadwal status PLAN") -> State:
        """A person decided to try again: an unconfirmed, failed or missed post becomes pending now.
        Returns the state it had. The attempt history is kept; the retry count starts over."""
        row = self._one(post_id)
        if row is None:
            raise StateError(f"no post {post_id!r} in the journal",
                             f"run `{status}` to see the post ids it knows")
        if row.state not in REQUEUEABLE:
            raise StateError(
                f"post {post_id!r} is {row.state}; only {', '.join(REQUEUEABLE)} posts can be retried",
                "a published post is never republished; a pending one will go out by itself")
        with self.transaction():
            self.db.execute(
                "UPDATE posts SET state = 'pending', attempt = 0, next_try_at = ?, updated_at = ?,"
                " check_site = 0, unclear_since = NULL, claimed_by = NULL, last_error = NULL"
                " WHERE id = ? AND state = ?", (iso(now), iso(now), post_id, row.state))
            self._event(now=now, kind="requeued", post_id=post_id, message=f"re-queued by hand (was {row.state})")
        return row.state

    # -- several daemons on one journal (PostgreSQL; on SQLite one daemon has it all) ------

    def claimant_alive(self, claimant: str | None) -> bool:
        """Whether the process that claimed a post still runs. SQLite: by /proc on this machine.
        PostgreSQL: by its presence lock, which the server drops the moment that process (or its
        machine, or its network) is gone, on whichever machine it ran."""
        from scheduler.runtime.processes import alive

        if self.url is None:
            return alive(claimant)
        if not claimant:
            return False
        if claimant == self.identity:
            return True
        return not self._try_lock("process:" + claimant, release=True)

    def hold_account(self, account: str, now: datetime | None = None,
                     settle: timedelta = timedelta(seconds=10)) -> bool:
        """Take the account for this process; False while another daemon acts on it.

        PostgreSQL: a session advisory lock, which the server drops the moment its holder dies. The
        holder is also written down (`acting_by`) and cleared when it lets go: a name still there when
        the lock is free means its process died mid-action, and what its browser sent may still be
        served by the site, so nobody acts on the account for `settle` more (never two actions at once).
        SQLite: always True (one daemon per file)."""
        if self.url is None:
            return True
        if not self._try_lock("account:" + account):
            return False
        now = now or datetime.now(timezone.utc)
        with self.transaction():
            self.db.execute("INSERT INTO accounts (id) VALUES (?) ON CONFLICT (id) DO NOTHING", (account,))
            row = self.db.execute("SELECT acting_by, quiet_until FROM accounts WHERE id = ?", (account,)).fetchone()
            died = row[0] is not None and row[0] != self.identity
            quiet = parse(row[1])
            if died:
                self.db.execute("UPDATE accounts SET acting_by = NULL, quiet_until = ? WHERE id = ?",
                                (iso(now + settle), account))
            elif quiet is None or quiet <= now:
                self.db.execute("UPDATE accounts SET acting_by = ?, quiet_until = NULL WHERE id = ?",
                                (self.identity, account))
                self._held.add(account)
                return True
        self._unlock("account:" + account)
        return False

    def let_go_account(self, account: str) -> None:
        """The action on the account is over: another daemon may take it."""
        if self.url is None:
            return
        from scheduler.runtime import pg

        try:
            with self.transaction():
                self.db.execute("UPDATE accounts SET acting_by = NULL WHERE id = ? AND acting_by = ?",
                                (account, self.identity))
            self._held.discard(account)
            self._unlock("account:" + account)
        except (JournalUnwritable, pg.psycopg.OperationalError):
            pass  # the connection is gone, and the lock with it (the next holder waits the quiet time)

    def _unlock(self, name: str) -> None:
        from scheduler.runtime import pg

        self.db.execute("SELECT pg_advisory_unlock(?)", (pg.key(name),))

    def lead(self) -> bool:
        """Whether this process does the journal-wide chores (marking missed posts and telling them)."""
        return self.role("lead")

    def role(self, name: str) -> bool:
        """Whether this connection has the role `name` among every daemon of a shared journal (the lead,
        the outbox's sender): the first to ask holds it while its connection lives, and when that process
        dies the next one to ask takes over. Always on SQLite."""
        if self.url is None:
            return True
        from scheduler.runtime import pg

        assert isinstance(self.db, pg.Connection)
        if self._roles.get(name) == self.db.generation and not self.db.broken:
            return True
        if self._try_lock("role:" + name):
            self._roles[name] = self.db.generation
            return True
        return False

    def alone(self) -> bool:
        """No other process has this journal open (a daemon starting first, or after all others stopped)."""
        return self.others() == 0

    def others(self) -> int:
        """How many other processes have this shared journal open (their presence locks; 0 on SQLite)."""
        if self.url is None:
            return 0
        from scheduler.runtime import pg

        row = self.db.execute(
            "SELECT COUNT(DISTINCT (classid, objid)) FROM pg_locks WHERE locktype = 'advisory' AND mode = 'ShareLock'"
            " AND granted"
            " AND objsubid = 1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND ((classid::bigint << 32) | objid::bigint) <> ?", (pg.key("process:" + self.identity),)).fetchone()
        return int(row[0])

    def _try_lock(self, name: str, *, release: bool = False) -> bool:
        from scheduler.runtime import pg

        k = pg.key(name)
        try:
            got = bool(self.db.execute("SELECT pg_try_advisory_lock(?)", (k,)).fetchone()[0])
            if got and release:
                self.db.execute("SELECT pg_advisory_unlock(?)", (k,))
        except pg.psycopg.OperationalError as exc:
            raise JournalUnwritable(
                _("cannot reach the PostgreSQL journal {url}: {problem}").format(
                    url=self.given, problem=PgUrl.mask(str(exc)).strip()),
                _("check that the PostgreSQL server runs (`pg_isready`); jadwal goes on by itself when it can"),
            ) from None
        return got

    def account_activity(self, account: str, since: datetime) -> tuple[datetime | None, list[datetime]]:
        """What every daemon did with the account: when it last began a publish (its pace counts from
        there) and when its posts went out since `since` (its posts a day)."""
        last = self.db.execute(
            "SELECT MAX(a.started_at) FROM attempts a JOIN posts p ON p.id = a.post_id WHERE p.account = ?",
            (account,)).fetchone()
        rows = self.db.execute("SELECT published_at FROM posts WHERE account = ? AND state = 'published'"
                               " AND published_at >= ? ORDER BY published_at", (account, iso(since)))
        return parse(last[0] if last else None), [parse(r[0]) for r in rows]  # type: ignore[misc]

    def record_plan(self, plan: Plan, now: datetime, digest: str | None = None) -> None:
        """Note that this process runs `plan` (its `digest`) from now on: the other daemons compare theirs."""
        with self.transaction():
            self.db.execute("INSERT INTO plan_loads (digest, name, loaded_by, loaded_at) VALUES (?, ?, ?, ?)",
                            (digest or plan_digest(plan), plan.name, self.identity, iso(now)))

    def plan_load(self) -> PlanLoad | None:
        """The plan version the journal runs (the last one a daemon loaded), if any was."""
        row = self.db.execute("SELECT digest, name, loaded_by, loaded_at FROM plan_loads ORDER BY id DESC LIMIT 1"
                              ).fetchone()
        return PlanLoad(row[0], row[1], row[2], parse(row[3])) if row else None  # type: ignore[arg-type]

    # -- accounts -----------------------------------------------------------------

    def pause_account(self, account: str, now: datetime, *, kind: str, reason: str, fix: str,
                      session_stamp: str | None) -> bool:
        """Pause an account the site blocks; True when it was not paused already (tell the owner once)."""
        with self.transaction():
            self.db.execute("INSERT INTO accounts (id) VALUES (?) ON CONFLICT (id) DO NOTHING", (account,))
            cur = self.db.execute(
                "UPDATE accounts SET paused_at = ?, pause_kind = ?, pause_reason = ?, pause_fix = ?,"
                " session_stamp = ? WHERE id = ? AND paused_at IS NULL",
                (iso(now), kind, reason, fix, session_stamp, account))
        return cur.rowcount == 1

    def resume_account(self, account: str, now: datetime, *, why: str) -> bool:
        """Lift a pause (a new session was saved); True when the account was paused. A post of it in
        doubt (blocked after the submit click) is looked up now, before anything else of the account
        (the site answered the click, with the block: nothing is still on its way), and its lookups'
        patience starts now (the site could not be asked while the account was paused)."""
        with self.transaction():
            cur = self.db.execute(
                "UPDATE accounts SET paused_at = NULL, pause_kind = NULL, pause_reason = NULL, pause_fix = NULL,"
                " session_stamp = NULL WHERE id = ? AND paused_at IS NOT NULL", (account,))
            if cur.rowcount:
                self.db.execute("UPDATE posts SET unclear_since = NULL, next_try_at = ? WHERE account = ?"
                                " AND state = 'publishing' AND unclear_since IS NOT NULL", (iso(now), account))
                self._event(now=now, kind="account_resumed", message=f"account {account} resumes: {why}")
        return cur.rowcount == 1

    def session_saved(self, account: str, now: datetime) -> None:
        """`jadwal login` saved a new session: a pause ends at the daemon's next look."""
        with self.transaction():
            self.db.execute("INSERT INTO accounts (id, session_saved_at) VALUES (?, ?)"
                            " ON CONFLICT (id) DO UPDATE SET session_saved_at = excluded.session_saved_at",
                            (account, iso(now)))
            self._event(now=now, kind="session_saved", message=f"a new session of account {account} was saved")

    def pauses(self) -> dict[str, Pause]:
        rows = self.db.execute("SELECT * FROM accounts WHERE paused_at IS NOT NULL ORDER BY id")
        return {r["id"]: Pause(r["id"], parse(r["paused_at"]), r["pause_kind"], r["pause_reason"],  # type: ignore[arg-type]
                               r["pause_fix"], r["session_stamp"]) for r in rows}

    def session_saved_at(self, account: str) -> datetime | None:
        row = self.db.execute("SELECT session_saved_at FROM accounts WHERE id = ?", (account,)).fetchone()
        return parse(row[0]) if row else None

    # -- metrics --------------------------------------------------------------------

    def record_metrics(self, account: str, values: dict[str, float], now: datetime) -> None:
        """Keep what the site shows for an account now (e.g. {"followers": 1234}), for the report."""
        with self.transaction():
            self.db.executemany(
                "INSERT INTO metrics (account, metric, value, measured_at) VALUES (?, ?, ?, ?)",
                [(account, name, float(value), iso(now)) for name, value in values.items()])

    def measurements(self, account: str, metric: str) -> list[tuple[datetime, float]]:
        """Every (time, value) measured of one account's metric, oldest first."""
        rows = self.db.execute(
            "SELECT measured_at, value FROM metrics WHERE account = ? AND metric = ? ORDER BY measured_at",
            (account, metric))
        return [(parse(r[0]), float(r[1])) for r in rows]  # type: ignore[misc]

    # -- per-post numbers (scheduler.insights) ----------------------------------------

    def record_post_reading(self, post_id: str, now: datetime, values: dict[str, float] | None = None,
                            *, error: str | None = None) -> None:
        """Keep what the site showed of a post now (`values`), or that reading it failed (`error`)."""
        stamp = iso(now)
        with self.transaction():
            self.db.execute(
                "INSERT INTO post_readings (post_id, measured_at, ok, error) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (post_id, measured_at) DO NOTHING",
                (post_id, stamp, int(error is None), error))
            if error is None:
                self.db.executemany(
                    "INSERT INTO post_metrics (post_id, measured_at, metric, value) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (post_id, measured_at, metric) DO NOTHING",
                    [(post_id, stamp, name, float(value)) for name, value in (values or {}).items()])

    def reading_states(self, published_since: datetime) -> list[ReadingState]:
        """Published posts since then, each with its latest reading and the failures after it."""
        rows = self.db.execute(
            "WITH last AS (SELECT post_id, MAX(CASE WHEN ok = 1 THEN measured_at END) AS last_ok,"
            "   MAX(CASE WHEN ok = 0 THEN measured_at END) AS last_failed FROM post_readings GROUP BY post_id)"
            " SELECT p.id, p.account, p.remote_id, p.url, p.published_at, last.last_ok, last.last_failed,"
            "   (SELECT COUNT(*) FROM post_readings f WHERE f.post_id = p.id AND f.ok = 0"
            "    AND f.measured_at > COALESCE(last.last_ok, '')) AS failures"
            " FROM posts p LEFT JOIN last ON last.post_id = p.id"
            " WHERE p.state = 'published' AND p.url IS NOT NULL AND p.published_at >= ?"
            " ORDER BY p.published_at, p.id", (iso(published_since),))
        return [ReadingState(r["id"], r["account"], r["remote_id"] or "", r["url"],
                             parse(r["published_at"]), parse(r["last_ok"]), int(r["failures"]),  # type: ignore[arg-type]
                             parse(r["last_failed"])) for r in rows]

    def post_readings(self, *, until: datetime | None = None) -> dict[str, list[PostReading]]:
        """Every successful reading with its numbers (taken at or before `until`), per post, oldest first."""
        sql = ("SELECT r.post_id, r.measured_at, m.metric, m.value FROM post_readings r"
               " LEFT JOIN post_metrics m ON m.post_id = r.post_id AND m.measured_at = r.measured_at"
               " WHERE r.ok = 1")
        args: tuple[str, ...] = ()
        if until is not None:
            sql, args = sql + " AND r.measured_at <= ?", (iso(until),)
        grouped: dict[tuple[str, str], dict[str, float]] = {}
        for post_id, stamp, metric, value in self.db.execute(sql + " ORDER BY r.post_id, r.measured_at", args):
            values = grouped.setdefault((post_id, stamp), {})
            if metric is not None:
                values[metric] = float(value)
        out: dict[str, list[PostReading]] = {}
        for (post_id, stamp), values in grouped.items():
            out.setdefault(post_id, []).append(PostReading(post_id, parse(stamp), values))  # type: ignore[arg-type]
        return out

    # -- what a comment check reads (scheduler.comments.selection) ----------------------

    def comment_reads(self, account: str) -> dict[str, datetime]:
        """When each post of the account last had its comments read."""
        rows = self.db.execute(
            "SELECT r.post_id, r.read_at FROM comment_reads r JOIN posts p ON p.id = r.post_id WHERE p.account = ?",
            (account,))
        return {r[0]: parse(r[1]) for r in rows}  # type: ignore[misc]

    def record_comment_read(self, post_id: str, now: datetime) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO comment_reads (post_id, read_at) VALUES (?, ?)"
                " ON CONFLICT (post_id) DO UPDATE SET read_at = excluded.read_at", (post_id, iso(now)))

    def awaiting_answer(self, account: str) -> dict[str, bool]:
        """Posts with a fan's comment waiting for the account's answer -> whether one of those was not
        alerted yet."""
        rows = self.db.execute(
            "SELECT post_id, MAX(alerted_at IS NULL) FROM post_comments WHERE account = ? AND own = 0"
            " AND answered_at IS NULL GROUP BY post_id", (account,))
        return {r[0]: bool(r[1]) for r in rows}

    def activity_cursor(self, account: str) -> datetime | None:
        """The newest activity-page entry of the account seen so far (the site's time), if any check saw one."""
        row = self.db.execute("SELECT seen_until FROM activity_cursors WHERE account = ?", (account,)).fetchone()
        return parse(row[0]) if row else None

    def set_activity_cursor(self, account: str, seen_until: datetime, now: datetime) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO activity_cursors (account, seen_until, checked_at) VALUES (?, ?, ?)"
                " ON CONFLICT (account) DO UPDATE SET seen_until = excluded.seen_until,"
                " checked_at = excluded.checked_at", (account, iso(seen_until), iso(now)))

    # -- events and the alert outbox ----------------------------------------------------

    def add_event(self, *, now: datetime, kind: str, message: str, post_id: str | None = None,
                  alert: bool = False, title: str | None = None, body: str | None = None) -> int:
        """Record what happened; an `alert` is also the outbox entry its notification is sent from."""
        with self.transaction():
            return self._event(now=now, kind=kind, post_id=post_id, message=message, alert=alert,
                               title=title, body=body)

    def _event(self, *, now: datetime, kind: str, message: str, post_id: str | None = None,
               alert: bool = False, title: str | None = None, body: str | None = None) -> int:
        row = self.db.execute(
            "INSERT INTO events (at, kind, post_id, message, alert, title, body) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " RETURNING id", (iso(now), kind, post_id, message, int(alert), title, body)).fetchone()
        return int(row[0])

    def unsent_alerts(self, limit: int = 50) -> list[Event]:
        """Alerts recorded but not yet handed to the notification targets, oldest first."""
        rows = self.db.execute(
            "SELECT * FROM events WHERE alert = 1 AND notified_at IS NULL ORDER BY id LIMIT ?", (limit,))
        return [self._event_of(r) for r in rows]

    def mark_notified(self, ids: Sequence[int], now: datetime) -> None:
        with self.transaction():
            self.db.executemany("UPDATE events SET notified_at = ? WHERE id = ? AND notified_at IS NULL",
                                [(iso(now), i) for i in ids])

    # -- inside transactions ----------------------------------------------------------

    def _settle(self, post_id: str, now: datetime, state: State, error: str,
                artifacts: Sequence[str], *, next_try_at: datetime | None = None) -> None:
        stamp = iso(now)
        arts = json.dumps([str(a) for a in artifacts])
        with self.transaction():
            self.db.execute(
                "UPDATE posts SET state = ?, last_error = ?, artifacts = ?, next_try_at = ?,"
                " updated_at = ?, claimed_by = NULL, check_site = 0 WHERE id = ?",
                (state, error, arts, iso(next_try_at) if next_try_at else None, stamp, post_id))
            self._end_attempt(post_id, stamp, state, error, artifacts)

    def _end_attempt(self, post_id: str, stamp: str, outcome: str, error: str | None,
                     artifacts: Sequence[str]) -> None:
        self.db.execute(
            "UPDATE attempts SET ended_at = ?, outcome = ?, error = ?, artifacts = ?"
            " WHERE id = (SELECT MAX(id) FROM attempts WHERE post_id = ?) AND ended_at IS NULL",
            (stamp, outcome, error, json.dumps([str(a) for a in artifacts]), post_id))
