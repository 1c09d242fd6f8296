"""Comments in the journal (table `post_comments`, journal migration 2): recording and the inbox.

When is a comment answered? When a comment *by the account* has it as its
direct parent (the reply button under that very comment). A reply further down
the thread, or a reply by another fan, does not answer it: the fan who asked
is owed an answer of their own. A comment by the account itself is never
waiting for an answer. `answered_at` is the time of the account's first such
reply (the site's time), so `answered_at - created_at` is the response time.

Every comment not by the account waits for an answer, a fan's reply to another
fan included: a brand that lets a thread run without it is what R4 warns about.

Comments are keyed by (journal post id, the site's comment id).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from scheduler.errors import StateError
from scheduler.i18n import _
from scheduler.journal import iso, parse

if TYPE_CHECKING:
    from scheduler.journal import Journal, PostRow
    from scheduler.platforms.base import Comment


@dataclass(frozen=True, slots=True)
class StoredComment:
    """One comment as the journal knows it, with its post's URL."""

    post_id: str
    id: str
    account: str
    author: str
    text: str
    parent_id: str | None
    own: bool
    created_at: datetime
    first_seen_at: datetime
    answered_at: datetime | None
    answered_by: str | None
    alerted_at: datetime | None
    post_url: str | None

    @property
    def key(self) -> str:
        """How `jadwal reply --comment` names it when the bare id is ambiguous."""
        return f"{self.post_id}/{self.id}"

    def age(self, now: datetime) -> timedelta:
        return now - self.created_at

    def overdue_by(self, now: datetime, reply_within: timedelta | None) -> timedelta | None:
        """How long past the service level it is (None while within it, or with no level)."""
        if reply_within is None or self.answered_at is not None or self.own:
            return None
        late = self.age(now) - reply_within
        return late if late >= timedelta(0) else None


_SELECT = (
    "SELECT c.*, p.url AS post_url FROM post_comments c JOIN posts p ON p.id = c.post_id"
)


def _row(r: object) -> StoredComment:
    return StoredComment(
        post_id=r["post_id"], id=r["id"], account=r["account"], author=r["author"], text=r["text"],  # type: ignore[index]
        parent_id=r["parent_id"], own=bool(r["own"]), created_at=parse(r["created_at"]),  # type: ignore[index,arg-type]
        first_seen_at=parse(r["first_seen_at"]), answered_at=parse(r["answered_at"]),  # type: ignore[index,arg-type]
        answered_by=r["answered_by"], alerted_at=parse(r["alerted_at"]), post_url=r["post_url"],  # type: ignore[index]
    )


@dataclass(frozen=True, slots=True)
class Recorded:
    """What recording one post's comments changed."""

    new: int
    answered: int


def record(journal: Journal, post: PostRow, handle: str, comments: Iterable[Comment], now: datetime) -> Recorded:
    """Store a post's comments as read from the site and mark those the account has answered."""
    seen = iso(now)
    items = list(comments)
    rows = [
        (post.id, c.id, post.account, c.author, c.text, c.parent_id, int(c.author == handle),
         iso(c.created_at) if c.created_at else seen, seen)
        for c in items
    ]
    replies = sorted(
        ((iso(c.created_at) if c.created_at else seen, c.id, c.parent_id) for c in items
         if c.author == handle and c.parent_id),
    )
    with journal.transaction():
        before = journal.db.execute("SELECT COUNT(*) FROM post_comments WHERE post_id = ?", (post.id,)).fetchone()[0]
        journal.db.executemany(
            "INSERT INTO post_comments (post_id, id, account, author, text, parent_id, own, created_at,"
            " first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (post_id, id) DO UPDATE SET text = excluded.text, author = excluded.author,"
            " own = excluded.own", rows)
        after = journal.db.execute("SELECT COUNT(*) FROM post_comments WHERE post_id = ?", (post.id,)).fetchone()[0]
        answered = 0
        for at, reply_id, parent in replies:  # the earliest reply answers
            answered += journal.db.execute(
                "UPDATE post_comments SET answered_at = ?, answered_by = ? WHERE post_id = ? AND id = ?"
                " AND answered_at IS NULL AND own = 0", (at, reply_id, post.id, parent)).rowcount
    return Recorded(after - before, answered)


def record_reply(journal: Journal, comment: StoredComment, reply: Comment, now: datetime) -> None:
    """The account just answered `comment` through jadwal: store the reply and mark it answered."""
    at = iso(reply.created_at or now)
    with journal.transaction():
        journal.db.execute(
            "INSERT INTO post_comments (post_id, id, account, author, text, parent_id, own, created_at,"
            " first_seen_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (post_id, id) DO NOTHING",
            (comment.post_id, reply.id, comment.account, reply.author, reply.text, comment.id, at, iso(now)))
        journal.db.execute(
            "UPDATE post_comments SET answered_at = ?, answered_by = ? WHERE post_id = ? AND id = ?"
            " AND answered_at IS NULL", (at, reply.id, comment.post_id, comment.id))


def last_own_reply(journal: Journal, account: str) -> datetime | None:
    """When jadwal last recorded a reply of the account (for the reply pace across processes)."""
    row = journal.db.execute("SELECT max(first_seen_at) FROM post_comments WHERE account = ? AND own = 1",
                             (account,)).fetchone()
    return parse(row[0]) if row and row[0] else None


def unanswered(journal: Journal, *, since: datetime | None = None, accounts: Iterable[str] | None = None
               ) -> list[StoredComment]:
    """Comments waiting for the account's answer, oldest first.

    `since`: only those under posts published since then (the look-back: older
    posts are no longer read, so their comments could never be seen answered).
    """
    sql = _SELECT + " WHERE c.own = 0 AND c.answered_at IS NULL"
    args: list[object] = []
    if since is not None:
        sql += " AND p.published_at >= ?"
        args.append(iso(since))
    if accounts is not None:
        names = list(accounts)
        if not names:
            return []
        sql += f" AND c.account IN ({','.join('?' * len(names))})"
        args.extend(names)
    # ties (the same millisecond) go by id, numeric ids in number order
    rows = journal.db.execute(sql + " ORDER BY c.created_at, length(c.id), c.id, c.post_id", args)
    return [_row(r) for r in rows]


def to_alert(journal: Journal, now: datetime, reply_within: timedelta, *, since: datetime | None = None
             ) -> list[StoredComment]:
    """Unanswered comments past `reply_within` whose owner was not told yet, oldest first."""
    cutoff = now - reply_within
    return [c for c in unanswered(journal, since=since) if c.alerted_at is None and c.created_at <= cutoff]


def mark_alerted(journal: Journal, comments: Iterable[StoredComment], now: datetime) -> None:
    """Remember the owner was told, so each comment is alerted once."""
    with journal.transaction():
        journal.db.executemany(
            "UPDATE post_comments SET alerted_at = ? WHERE post_id = ? AND id = ? AND alerted_at IS NULL",
            [(iso(now), c.post_id, c.id) for c in comments])


def find(journal: Journal, name: str) -> StoredComment:
    """The comment named `ID` or `POST_ID/ID` (as `jadwal inbox` shows them)."""
    post_id, slash, comment_id = name.rpartition("/")
    if slash:
        rows = journal.db.execute(_SELECT + " WHERE c.post_id = ? AND c.id = ?", (post_id, comment_id)).fetchall()
    else:
        rows = journal.db.execute(_SELECT + " WHERE c.id = ?", (name,)).fetchall()
    if not rows:
        raise StateError(_("no comment {name} in the journal").format(name=repr(name)),
                         _("run `jadwal inbox PLAN --state PATH --check` to read the comments, "
                           "then use an id it shows"))
    if len(rows) > 1:
        keys = ", ".join(_row(r).key for r in rows)
        raise StateError(_("comment id {name} is on several posts ({keys})").format(name=repr(name), keys=keys),
                         _("name it as POST_ID/COMMENT_ID, e.g. --comment {example}").format(
                             example=_row(rows[0]).key))
    return _row(rows[0])


def all_comments(journal: Journal, post_id: str | None = None) -> list[StoredComment]:
    """Every stored comment (of one post), in site order."""
    sql = _SELECT
    args: tuple[str, ...] = ()
    if post_id is not None:
        sql, args = sql + " WHERE c.post_id = ?", (post_id,)
    return [_row(r) for r in journal.db.execute(sql + " ORDER BY c.created_at, length(c.id), c.id", args)]
