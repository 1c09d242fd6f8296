"""Which posts a comment check opens, decided from the journal (the page loads themselves are counted
against the real sandbox in test_comment_cost_e2e.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from scheduler.comments.selection import EPOCH, read_every, select
from scheduler.errors import PageChanged
from scheduler.runtime.journal import Journal
from scheduler.platforms.base import Activity, Comment, PublishedRef
from daemon_helpers import model_plan

UTC = timezone.utc
NOW = datetime(2026, 12, 20, 12, tzinfo=UTC)
AGES = (timedelta(hours=3), timedelta(days=2), timedelta(days=5), timedelta(days=10))


class Feed:
    """An adapter's activity feed answering from a list (or failing)."""

    def __init__(self, entries: list[Activity] | Exception) -> None:
        self.entries = entries
        self.asked: list[datetime | None] = []

    def activity(self, page: object, since: datetime | None) -> list[Activity]:
        self.asked.append(since)
        if isinstance(self.entries, Exception):
            raise self.entries
        return [e for e in self.entries if since is None or e.at is None or e.at >= since]


def journal_with_posts(tmp_path: Path) -> Journal:
    """Four published posts, 3 hours to 10 days old (remote ids 0..3)."""
    plan = model_plan([(f"p{i}", NOW - age, f"post {i}") for i, age in enumerate(AGES)])
    journal = Journal(tmp_path / "state.db")
    journal.sync(plan, NOW - timedelta(days=30))
    for i, age in enumerate(AGES):
        journal.claim(f"p{i}", NOW - age)
        journal.published(f"p{i}", PublishedRef(str(i), f"http://127.0.0.1:1/p/{i}", NOW - age), NOW - age)
    return journal


def chosen(journal: Journal, adapter: object, now: datetime = NOW, **kwargs: bool) -> list[str]:
    rows = journal.posts("published")
    return [r.id for r in select(journal, adapter, None, "ig", rows, now, **kwargs).rows]


def test_older_posts_are_read_less_often() -> None:
    assert [read_every(a) for a in AGES] == [timedelta(0), timedelta(hours=2), timedelta(hours=6),
                                             timedelta(hours=24)]


def test_without_an_activity_page_posts_go_by_age(tmp_path: Path) -> None:
    with journal_with_posts(tmp_path) as journal:
        plain = object()  # an adapter without an activity feed
        assert chosen(journal, plain) == ["p3", "p2", "p1", "p0"]  # never read: all (oldest first)
        for post_id in ("p0", "p1", "p2", "p3"):
            journal.record_comment_read(post_id, NOW)
        soon = NOW + timedelta(minutes=30)
        assert chosen(journal, plain, soon) == ["p0"]  # under a day old: every check
        assert chosen(journal, plain, NOW + timedelta(hours=2)) == ["p1", "p0"]
        assert chosen(journal, plain, NOW + timedelta(hours=6)) == ["p2", "p1", "p0"]
        assert chosen(journal, plain, NOW + timedelta(hours=24)) == ["p3", "p2", "p1", "p0"]
        assert chosen(journal, plain, soon, every_post=True) == ["p3", "p2", "p1", "p0"]


def test_the_activity_page_names_the_posts_to_open(tmp_path: Path) -> None:
    with journal_with_posts(tmp_path) as journal:
        feed = Feed([])
        first = select(journal, feed, None, "ig", journal.posts("published"), NOW)
        assert len(first.rows) == 4 and first.cursor == EPOCH and first.activity  # no cursor yet: by age
        journal.set_activity_cursor("ig", first.cursor, NOW)
        for post_id in ("p0", "p1", "p2", "p3"):  # as the check does for each post it read
            journal.record_comment_read(post_id, NOW)
        feed.entries = [Activity("3", "comment", NOW + timedelta(minutes=5), "71"),
                        Activity("2", "like", NOW + timedelta(minutes=6))]
        later = NOW + timedelta(minutes=30)
        second = select(journal, feed, None, "ig", journal.posts("published"), later)
        assert [r.id for r in second.rows] == ["p3"] and second.activity and second.skipped == 3
        assert second.cursor == NOW + timedelta(minutes=6) and feed.asked == [None, EPOCH]
        journal.set_activity_cursor("ig", second.cursor, later)
        assert chosen(journal, feed, later + timedelta(minutes=30)) == []  # seen: not new any more
        feed.entries = PageChanged("the activity page has no heading")
        failed = select(journal, feed, None, "ig", journal.posts("published"), later)
        assert [r.id for r in failed.rows] == ["p0"]  # the page failed: by age this time
        assert failed.problem == "the activity page has no heading" and failed.cursor is None  # cursor kept


def test_a_post_where_a_fan_waits_is_opened_until_answered_then_by_age_once_alerted(tmp_path: Path) -> None:
    with journal_with_posts(tmp_path) as journal:
        journal.set_activity_cursor("ig", EPOCH, NOW)
        for post_id in ("p0", "p1", "p2", "p3"):
            journal.record_comment_read(post_id, NOW)
        row = journal.get("p3")
        assert row is not None
        journal.comments.record(row, "ig", [Comment("9", "fan", "Halo?", None, NOW, "3")], NOW)
        feed = Feed([])
        assert chosen(journal, feed, NOW + timedelta(minutes=30)) == ["p3"]
        (comment,) = journal.comments.unanswered()
        journal.comments.record_alert([comment], NOW + timedelta(hours=4), message="told", title="t", body="b")
        assert chosen(journal, feed, NOW + timedelta(hours=5)) == []  # alerted: a 10-day-old post, daily
        assert chosen(journal, feed, NOW + timedelta(hours=24)) == ["p3"]
