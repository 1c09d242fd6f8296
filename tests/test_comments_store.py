"""Comments in the journal, without a browser: what counts as answered, alert once, weekly stats."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from scheduler.runtime.clock import FakeClock
from scheduler.comments import response_stats
from scheduler.comments.alerts import alert_overdue
from scheduler.plan.durations import format_duration as human
from scheduler.errors import StateError
from scheduler.runtime.journal import Journal
from scheduler.runtime.journal_comments import StoredComment
from scheduler.platforms.base import Comment, PublishedRef
from daemon_helpers import model_plan

UTC = timezone.utc
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday


def c(cid: str, author: str, minutes: float, parent: str | None = None, post: str = "10") -> Comment:
    return Comment(cid, author, f"text {cid}", parent, T0 + timedelta(minutes=minutes), post)


@pytest.fixture
def setup(tmp_path: Path):  # noqa: ANN201
    plan = model_plan([("p1", T0 - timedelta(hours=1), "a"), ("p2", T0 - timedelta(minutes=30), "b")])
    plan = replace(plan, engagement=replace(plan.engagement, reply_within=timedelta(hours=4)))
    journal = Journal(tmp_path / "state.db")
    journal.sync(plan, T0)
    for n, post in enumerate(plan.posts, start=1):
        journal.claim(post.id, T0)
        journal.published(post.id, PublishedRef(str(10 * n), f"http://127.0.0.1:1/p/{10 * n}", T0), T0)
    yield plan, journal
    journal.close()


def test_only_a_direct_reply_by_the_account_answers(setup) -> None:
    plan, journal = setup
    row = journal.get("p1")
    comments = [
        c("1", "fan", 0),                  # answered directly by the account (twice: the first counts)
        c("2", "ig", 5, parent="1"),
        c("3", "ig", 50, parent="1"),
        c("4", "fan", 10),                 # a fan answers it, then the account answers the fan's reply
        c("5", "fan2", 12, parent="4"),
        c("6", "ig", 20, parent="5"),
        c("7", "ig", 30),                  # the account's own comment: never waiting
    ]
    result = journal.comments.record(row, "ig", comments, T0 + timedelta(hours=1))
    assert (result.new, result.answered) == (7, 2)
    waiting = journal.comments.unanswered()
    assert [w.id for w in waiting] == ["4"]
    by_id = {s.id: s for s in journal.comments.all()}
    assert by_id["1"].answered_by == "2" and by_id["1"].answered_at == T0 + timedelta(minutes=5)
    assert by_id["5"].answered_by == "6"
    assert by_id["7"].own and by_id["7"].answered_at is None
    again = journal.comments.record(row, "ig", comments, T0 + timedelta(hours=2))
    assert (again.new, again.answered) == (0, 0)
    assert by_id["4"].post_url == "http://127.0.0.1:1/p/10"


def test_overdue_comments_are_alerted_once(setup) -> None:
    plan, journal = setup
    clock = FakeClock(T0)

    def check(comments: list[Comment]) -> list[StoredComment]:
        journal.comments.record(journal.get("p1"), "ig", comments, clock.now())
        return alert_overdue(journal, plan, clock.now(), since=clock.now() - timedelta(days=14))

    first = [c("1", "fan", 0), c("2", "fan2", 60)]
    assert check(first) == []
    clock.advance(timedelta(hours=4))  # comment 1 is exactly at the level: overdue
    assert [x.id for x in check(first)] == ["1"]
    assert [x.id for x in check(first)] == []  # every later check stays quiet
    clock.advance(timedelta(hours=1, minutes=1))
    assert [x.id for x in check(first + [c("3", "fan", 61)])] == ["2", "3"]  # one message for both
    sent = journal.unsent_alerts()  # the outbox: recorded with the comments marked, sent from there
    assert [(e.kind, e.title) for e in sent] == [("unanswered", "jadwal: 1 comment unanswered on ig (ig)"),
                                                 ("unanswered", "jadwal: 2 comments unanswered on ig (ig)")]
    assert "Rina, this has waited longer than 4h" in sent[0].body
    assert 'answer: jadwal reply plan.toml --comment 1 "..."' in sent[0].body
    assert {c.id: c.alerted_at for c in journal.comments.all()}["1"] == T0 + timedelta(hours=4)
    clock.advance(timedelta(days=30))  # the post is past the look-back: no longer read, no longer alerted
    assert check(first + [c("9", "fan", 2000)]) == []


def test_response_stats_per_week(setup) -> None:
    plan, journal = setup
    week1 = [c("1", "fan", 0), c("2", "ig", 30, "1"), c("3", "fan", 60), c("4", "ig", 60 + 300, "3"),
             c("5", "fan", 120)]
    week2 = [c("6", "fan", 7 * 24 * 60), c("7", "ig", 7 * 24 * 60 + 10, "6")]
    journal.comments.record(journal.get("p1"), "ig", week1 + week2, T0 + timedelta(days=8))
    stats = response_stats(journal, "ig", 3, now=T0 + timedelta(days=8), reply_within=timedelta(hours=4))
    assert [s.week.isoformat() for s in stats] == ["2026-11-30", "2026-12-07", "2026-12-14"]
    empty, first, second = stats
    assert (empty.received, empty.response_rate, empty.median_response) == (0, None, None)
    assert (first.received, first.answered, first.within_sla) == (3, 2, 1)
    assert first.response_rate == pytest.approx(2 / 3)
    assert first.median_response == timedelta(minutes=(30 + 300) / 2)
    assert first.slowest_response == timedelta(hours=5)
    assert (second.received, second.answered, second.median_response) == (1, 1, timedelta(minutes=10))
    assert response_stats(journal, "other", 1, now=T0)[0].received == 0


def test_a_comment_is_named_by_its_number_in_the_journal(setup) -> None:
    """Sites number comments per post (or per site): `--comment 1` must name one comment all the same."""
    plan, journal = setup
    journal.comments.record(journal.get("p1"), "ig", [c("1", "fan", 0)], T0)
    journal.comments.record(journal.get("p2"), "ig", [c("1", "fan", 1, post="20"), c("2", "fan", 2, post="20")], T0)
    refs = {(x.post_id, x.id): x.ref for x in journal.comments.all()}
    assert sorted(refs.values()) == [1, 2, 3]
    assert journal.comments.find(str(refs[("p1", "1")])).post_id == "p1"
    assert journal.comments.find(str(refs[("p2", "1")])).post_id == "p2"
    assert journal.comments.find(str(refs[("p2", "2")])).id == "2"
    journal.comments.record(journal.get("p1"), "ig", [c("1", "fan", 0), c("9", "fan", 3)], T0)  # read again
    assert {(x.post_id, x.id): x.ref for x in journal.comments.all()} == refs | {("p1", "9"): 4}
    with pytest.raises(StateError, match="no comment '99'"):
        journal.comments.find("99")
    with pytest.raises(StateError, match="no comment 'p1/1'"):
        journal.comments.find("p1/1")


def test_human_durations() -> None:
    assert [human(timedelta(seconds=s)) for s in (5, 600, 3600, 3900, 86400, 90000)] == [
        "5s", "10m", "1h", "1h 5m", "1d", "1d 1h"]
    assert [human(timedelta(seconds=s), exact=True) for s in (90, 86400, 130000, -60)] == [
        "1m 30s", "1d", "36h 6m 40s", "-1m"]
