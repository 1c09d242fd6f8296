"""The comment tables of the journal (`post_comments`, migrations 2 and 4; `reply_doubts`, 8): their one owner.

When is a comment answered? When a comment *by the account* has it as its
direct parent (the reply button under that very comment). A reply further down
the thread, or a reply by another fan, does not answer it: the fan who asked
is owed an answer of their own. A comment by the account itself is never
waiting for an answer. `answered_at` is the time of the account's first such
reply (the site's time), so `answered_at - created_at` is the response time.

Every comment not by the account waits for an answer, a fan's reply to another
fan included: a brand that lets a thread run without it is what R4 warns about.

Comments are stored by (journal post id, the site's comment id), and each gets
a number of its own, `ref`, unique in the journal: the id `jadwal inbox`,
alerts and `jadwal reply --comment` use (a site's ids repeat across posts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from scheduler.errors import StateError
from scheduler.i18n import _
from scheduler.runtime.journal import iso, parse

if TYPE_CHECKING:
    import sqlite3

    from scheduler.platforms.base import Comment
    from scheduler.runtime.journal import Journal, PostRow


@dataclass(frozen=True, slots=True)
class StoredComment:
    """One comment as the journal knows it, with its post's URL."""

    ref: int  # unique in the journal: how people name it
    post_id: str
    id: str  # the site's id (unique per post only)
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

    def age(self, now: datetime) -> timedelta:
        return now - self.created_at

    def overdue_by(self, now: datetime, reply_within: timedelta | None) -> timedelta | None:
        """How long past the service level it is (None while within it, or with no level)."""
        if reply_within is None or self.answered_at is not None or self.own:
            return None
        late = self.age(now) - reply_within
        return late if late >= timedelta(0) else None


@dataclass(frozen=True, slots=True)
class Recorded:
    """What recording one post's comments changed."""

    new: int
    answered: int


_SELECT = "SELECT c.*, p.url AS post_url FROM post_comments c JOIN posts p ON p.id = c.post_id"
#: a new comment's journal-wide number
_NEXT_REF = "(SELECT COALESCE(MAX(ref), 0) + 1 FROM post_comments)"


def _row(r: sqlite3.Row) -> StoredComment:
    return StoredComment(
        ref=r["ref"], post_id=r["post_id"], id=r["id"], account=r["account"], author=r["author"], text=r["text"],
        parent_id=r["parent_id"], own=bool(r["own"]), created_at=parse(r["created_at"]),  # type: ignore[arg-type]
        first_seen_at=parse(r["first_seen_at"]), answered_at=parse(r["answered_at"]),  # type: ignore[arg-type]
        answered_by=r["answered_by"], alerted_at=parse(r["alerted_at"]), post_url=r["post_url"],
    )


class CommentTables:
    """Comments under published posts: recording what the site shows, the inbox, alerts, answers."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.db = journal.db

    def record(self, post: PostRow, handle: str, comments: Iterable[Comment], now: datetime) -> Recorded:
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
        with self.journal.transaction():
            count = "SELECT COUNT(*) FROM post_comments WHERE post_id = ?"
            before = self.db.execute(count, (post.id,)).fetchone()[0]
            self.db.executemany(
                "INSERT INTO post_comments (post_id, id, account, author, text, parent_id, own, created_at,"
                f" first_seen_at, ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, {_NEXT_REF})"
                " ON CONFLICT (post_id, id) DO UPDATE SET text = excluded.text, author = excluded.author,"
                " own = excluded.own", rows)
            after = self.db.execute(count, (post.id,)).fetchone()[0]
            answered = 0
            for at, reply_id, parent in replies:  # the earliest reply answers
                answered += self.db.execute(
                    "UPDATE post_comments SET answered_at = ?, answered_by = ? WHERE post_id = ? AND id = ?"
                    " AND answered_at IS NULL AND own = 0", (at, reply_id, post.id, parent)).rowcount
        return Recorded(after - before, answered)

    def record_reply(self, comment: StoredComment, reply: Comment, now: datetime) -> None:
        """The account just answered `comment` through jadwal: store the reply and mark it answered."""
        at = iso(reply.created_at or now)
        with self.journal.transaction():
            self.db.execute(
                "INSERT INTO post_comments (post_id, id, account, author, text, parent_id, own, created_at,"
                f" first_seen_at, ref) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, {_NEXT_REF})"
                " ON CONFLICT (post_id, id) DO NOTHING",
                (comment.post_id, reply.id, comment.account, reply.author, reply.text, comment.id, at, iso(now)))
            self.db.execute(
                "UPDATE post_comments SET answered_at = ?, answered_by = ? WHERE post_id = ? AND id = ?"
                " AND answered_at IS NULL", (at, reply.id, comment.post_id, comment.id))
            self.db.execute("DELETE FROM reply_doubts WHERE post_id = ? AND comment_id = ?",
                            (comment.post_id, comment.id))

    def reply_sending(self, comment: StoredComment, text: str, now: datetime) -> None:
        """Before the send: the reply is in doubt until `record_reply` (or `reply_not_sent`) says otherwise,
        so a process that dies after the click leaves it to be looked up, never sent again blindly."""
        with self.journal.transaction():
            self.db.execute(
                "INSERT INTO reply_doubts (post_id, comment_id, account, text, sent_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (post_id, comment_id) DO UPDATE SET text = excluded.text, sent_at = excluded.sent_at",
                (comment.post_id, comment.id, comment.account, text, iso(now)))

    def reply_not_sent(self, comment: StoredComment) -> None:
        """The site refused before anything was sent: nothing is in doubt."""
        with self.journal.transaction():
            self.db.execute("DELETE FROM reply_doubts WHERE post_id = ? AND comment_id = ?",
                            (comment.post_id, comment.id))

    def reply_in_doubt(self, comment: StoredComment) -> str | None:
        """The text of a reply to `comment` that may have been posted (its send's outcome is unknown)."""
        row = self.db.execute("SELECT text FROM reply_doubts WHERE post_id = ? AND comment_id = ?",
                              (comment.post_id, comment.id)).fetchone()
        return None if row is None else str(row[0])

    def last_own_reply(self, account: str) -> datetime | None:
        """When jadwal last recorded a reply of the account (for the reply pace across processes)."""
        row = self.db.execute("SELECT max(first_seen_at) FROM post_comments WHERE account = ? AND own = 1",
                              (account,)).fetchone()
        return parse(row[0]) if row and row[0] else None

    def unanswered(self, *, since: datetime | None = None, accounts: Iterable[str] | None = None
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
        # ties (the same millisecond) go by the site's id, numeric ids in number order
        rows = self.db.execute(sql + " ORDER BY c.created_at, length(c.id), c.id, c.ref", args)
        return [_row(r) for r in rows]

    def to_alert(self, now: datetime, reply_within: timedelta, *, since: datetime | None = None
                 ) -> list[StoredComment]:
        """Unanswered comments past `reply_within` whose owner was not told yet, oldest first."""
        cutoff = now - reply_within
        return [c for c in self.unanswered(since=since) if c.alerted_at is None and c.created_at <= cutoff]

    def record_alert(self, comments: Iterable[StoredComment], now: datetime, *, message: str, title: str,
                     body: str) -> int:
        """In one transaction: the alert goes into the outbox (events) and its comments are marked
        told, so a crash neither loses it nor tells it twice. Returns the event's id."""
        items = list(comments)
        with self.journal.transaction():
            event = self.journal._event(now=now, kind="unanswered", message=message,
                                        post_id=items[0].post_id if items else None, alert=True,
                                        title=title, body=body)
            self.db.executemany(
                "UPDATE post_comments SET alerted_at = ? WHERE post_id = ? AND id = ? AND alerted_at IS NULL",
                [(iso(now), c.post_id, c.id) for c in items])
        return event

    def find(self, name: str, *, inbox: str = "jadwal inbox PLAN") -> StoredComment:
        """The comment with the journal number `name` (as `jadwal inbox` and alerts show it); `inbox` is
        the command the hint names."""
        row = None
        if name.strip().isdigit():
            row = self.db.execute(_SELECT + " WHERE c.ref = ?", (int(name),)).fetchone()
        if row is None:
            raise StateError(_("no comment {name} in the journal").format(name=repr(name)),
                             _("run `{command} --check` to read the comments, then use a number it shows").format(
                                 command=inbox))
        return _row(row)

    def all(self, post_id: str | None = None) -> list[StoredComment]:
        """Every stored comment (of one post), in site order."""
        sql = _SELECT
        args: tuple[str, ...] = ()
        if post_id is not None:
            sql, args = sql + " WHERE c.post_id = ?", (post_id,)
        return [_row(r) for r in self.db.execute(sql + " ORDER BY c.created_at, length(c.id), c.id, c.ref", args)]

    def received(self, account: str, since: datetime) -> list[tuple[datetime, datetime | None]]:
        """(written, answered) of every fan comment on `account` written since `since` (response stats)."""
        rows = self.db.execute(
            "SELECT created_at, answered_at FROM post_comments WHERE account = ? AND own = 0 AND created_at >= ?",
            (account, iso(since)))
        return [(parse(r[0]), parse(r[1])) for r in rows]  # type: ignore[misc]
