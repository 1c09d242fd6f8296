"""The journal: transitions, identity across plan edits, private files, migrations, durability."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from daemon_helpers import model_plan, with_text
from scheduler.runtime import journal as journal_mod
from scheduler.errors import StateError
from scheduler.runtime.journal import Journal
from scheduler.platforms.base import PublishedRef

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=["sqlite", "postgresql"])
def journal(request: pytest.FixtureRequest, tmp_path: Path) -> Journal:
    """The journal on either engine: every transition means the same on both."""
    where = request.getfixturevalue("pg_url") if request.param == "postgresql" else tmp_path / "state.db"
    with Journal(where) as j:
        yield j


@pytest.fixture
def sqlite_journal(tmp_path: Path) -> Journal:
    with Journal(tmp_path / "state.db") as j:
        yield j


@pytest.fixture
def plan():
    return model_plan([("a", T0, "satu"), ("b", T0 + timedelta(hours=2), "dua"),
                       ("c", T0 + timedelta(hours=4), "tiga")])


def test_sync_adds_pending_posts_with_their_due_time(journal: Journal, plan) -> None:
    report = journal.sync(plan, T0 - timedelta(days=1))
    assert (report.added, report.updated, report.removed) == (3, 0, 0)
    rows = journal.posts()
    assert [r.id for r in rows] == ["a", "b", "c"]
    assert all(r.state == "pending" and r.attempt == 0 for r in rows)
    assert rows[1].due_at == T0 + timedelta(hours=2) == rows[1].next_try_at
    assert journal.next_due() == T0
    assert [r.id for r in journal.due(T0 + timedelta(hours=2))] == ["a", "b"]


def test_claim_publish_and_history(journal: Journal, plan) -> None:
    journal.sync(plan, T0)
    assert journal.claim("a", T0) == 1
    assert journal.claim("a", T0) is None  # already in flight: nobody claims it twice
    assert journal.get("a").state == "publishing"
    assert journal.get("a").intent_at == T0
    assert journal.due(T0) == []
    journal.published("a", PublishedRef("17", "http://site/p/17"), T0 + timedelta(seconds=2))
    row = journal.get("a")
    assert (row.state, row.remote_id, row.url) == ("published", "17", "http://site/p/17")
    (attempt,) = journal.attempts("a")
    assert (attempt["n"], attempt["outcome"]) == (1, "published")


def test_retry_then_failed_then_requeue(journal: Journal, plan) -> None:
    journal.sync(plan, T0)
    journal.claim("a", T0)
    later = T0 + timedelta(minutes=1)
    journal.retry_later("a", T0, later, "site down", ["/f/shot.png"])
    row = journal.get("a")
    assert (row.state, row.next_try_at, row.last_error, row.artifacts) == (
        "retry_wait", later, "site down", ("/f/shot.png",))
    assert journal.due(T0) == []
    assert [r.id for r in journal.due(later)] == ["a"]
    assert journal.claim("a", later) == 2
    journal.failed("a", later, "gave up")
    assert journal.get("a").state == "failed"
    assert [a["outcome"] for a in journal.attempts("a")] == ["retry_wait", "failed"]
    with pytest.raises(StateError, match="only unconfirmed, failed, missed"):
        journal.requeue("b", later)
    assert journal.requeue("a", later) == "failed"
    row = journal.get("a")
    assert (row.state, row.attempt, row.next_try_at) == ("pending", 0, later)
    assert journal.events()[0].kind == "requeued"
    with pytest.raises(StateError, match="no post 'zz'"):
        journal.requeue("zz", later)


def test_missed_only_for_never_tried_posts_before_cutoff(journal: Journal, plan) -> None:
    journal.sync(plan, T0)
    journal.claim("a", T0)
    journal.retry_later("a", T0, T0 + timedelta(minutes=1), "down")
    missed = journal.mark_missed(T0 + timedelta(hours=3), T0 + timedelta(hours=4))
    assert missed == ["b"]  # a was tried (retrying), c is not past the cutoff
    assert journal.get("b").state == "missed"
    assert journal.get("a").state == "retry_wait"


def test_identity_across_plan_edits(journal: Journal, plan) -> None:
    journal.sync(plan, T0)
    journal.claim("a", T0)
    journal.published("a", PublishedRef("1", "u1"), T0)
    # the user moves b, rewrites a (already out) and c (not yet out), and drops nothing
    edited = with_text(with_text(plan, "a", "satu, revisi"), "c", "tiga, revisi")
    edited.posts[1].at = T0 + timedelta(hours=3)
    report = journal.sync(edited, T0 + timedelta(minutes=5))
    assert report.added == 0
    assert report.edited_after_publish == ("a",)
    a, b, c = (journal.get(i) for i in "abc")
    assert a.state == "published" and a.edited_after_publish and a.url == "u1"
    assert b.state == "pending" and b.next_try_at == T0 + timedelta(hours=3)
    assert c.state == "pending" and not c.edited_after_publish
    assert [e.kind for e in journal.events()] == ["edited_after_publish"]
    # the same edit seen again is not reported again; the published post is never due
    assert journal.sync(edited, T0 + timedelta(minutes=6)).edited_after_publish == ()
    assert "a" not in [r.id for r in journal.due(T0 + timedelta(days=1))]


def test_removed_posts_are_set_aside_and_come_back(journal: Journal, plan) -> None:
    journal.sync(plan, T0)
    smaller = model_plan([("a", T0, "satu"), ("b", T0 + timedelta(hours=2), "dua")])
    assert journal.sync(smaller, T0).removed == 1
    assert [r.id for r in journal.due(T0 + timedelta(days=1))] == ["a", "b"]
    assert journal.get("c").in_plan is False
    assert journal.sync(plan, T0).updated == 1
    assert journal.get("c").in_plan is True


def test_missed_post_moved_later_is_pending_again(journal: Journal, plan) -> None:
    journal.sync(plan, T0)
    journal.mark_missed(T0 + timedelta(minutes=1), T0 + timedelta(hours=2))
    assert journal.get("a").state == "missed"
    plan.posts[0].at = T0 + timedelta(days=1)
    journal.sync(plan, T0 + timedelta(hours=2))
    assert journal.get("a").state == "pending"


def test_files_are_private_whatever_the_umask(tmp_path: Path, plan) -> None:
    old = os.umask(0)
    try:
        path = tmp_path / "new" / "deeper" / "state.db"
        with Journal(path) as j:
            j.sync(plan, T0)
            j.claim("a", T0)  # writes the WAL
            assert (path.parent / "state.db-wal").exists()
            assert mode(path) == 0o600
            assert mode(path.parent / "state.db-wal") == 0o600
            assert mode(path.parent / "state.db-shm") == 0o600
        assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    finally:
        os.umask(old)


def test_existing_loose_file_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    path.touch()
    path.chmod(0o644)
    Journal(path).close()
    assert mode(path) == 0o600


def test_wal_mode_and_intent_written_with_full_sync(sqlite_journal: Journal, plan) -> None:
    journal = sqlite_journal
    assert journal.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert journal.db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    journal.sync(plan, T0)
    statements: list[str] = []
    journal.db.set_trace_callback(statements.append)
    journal.claim("a", T0)
    journal.db.set_trace_callback(None)
    full = statements.index("PRAGMA synchronous=FULL")
    update = next(i for i, s in enumerate(statements) if s.startswith("UPDATE posts SET state = 'publishing'"))
    commit = statements.index("COMMIT")
    assert full < update < commit < statements.index("PRAGMA synchronous=NORMAL")
    assert journal.db.execute("PRAGMA synchronous").fetchone()[0] == 1


def test_migrations_are_versioned_and_extendable(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "state.db"
    Journal(path).close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == len(journal_mod.MIGRATIONS)
    extra = (("CREATE TABLE later_feature (id TEXT PRIMARY KEY)",),)
    monkeypatch.setattr(journal_mod, "MIGRATIONS", journal_mod.MIGRATIONS + extra)
    with Journal(path) as j:
        assert j.schema_version == len(journal_mod.MIGRATIONS)
        j.db.execute("SELECT * FROM later_feature")


def test_failed_migration_leaves_the_old_version(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "state.db"
    Journal(path).close()
    before = len(journal_mod.MIGRATIONS)
    broken = (("CREATE TABLE comments_x (id TEXT)", "THIS IS NOT SQL"),)
    monkeypatch.setattr(journal_mod, "MIGRATIONS", journal_mod.MIGRATIONS + broken)
    with pytest.raises(StateError):
        Journal(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == before
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'comments_x'").fetchone() is None


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    Journal(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StateError, match="newer jadwal.*schema 99"):
        Journal(path)


def test_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StateError, match="cannot open the state database"):
        Journal(blocker / "state.db")


def test_a_second_journal_in_the_same_process_does_not_blind_the_first(tmp_path: Path, plan) -> None:
    """Opening and closing another descriptor of the DB drops this process's POSIX locks; if the
    journal did that, closing the second connection would checkpoint and delete the WAL the first
    still writes to, and every later commit would be lost (the daemon + comment checker case)."""
    path = tmp_path / "state.db"
    first = Journal(path)
    first.sync(plan, T0)
    Journal(path).close()  # e.g. the comment checker's connection, opened and closed
    reader = "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute('SELECT 1 FROM posts'); db.close()"
    subprocess.run([sys.executable, "-c", reader, str(path)], check=True)  # e.g. `jadwal status`
    first.claim("a", T0)
    first.published("a", PublishedRef("1", "u1"), T0)
    other = sqlite3.connect(path)
    assert other.execute("SELECT state FROM posts WHERE id = 'a'").fetchone() == ("published",)
    other.close()
    first.close()


# -- holes a mutation pass found (issue 10) ------------------------------------------------------

def test_a_missed_post_whose_text_alone_is_edited_stays_missed(journal: Journal, plan) -> None:
    """Only a later time brings a missed post back: an edited text alone must not (it would be
    published, or missed and alerted again)."""
    journal.sync(plan, T0)
    journal.mark_missed(T0 + timedelta(minutes=1), T0 + timedelta(hours=2))
    assert journal.get("a").state == "missed"
    report = journal.sync(with_text(plan, "a", "satu, diperbaiki"), T0 + timedelta(hours=2))
    row = journal.get("a")
    assert (row.state, row.next_try_at, report.updated) == ("missed", None, 1)
    assert journal.due(T0 + timedelta(days=1)) == [journal.get("b"), journal.get("c")]
    moved = with_text(plan, "a", "satu, diperbaiki lagi")
    moved.posts[0].at = T0 + timedelta(hours=3)  # a later time and a new text at once: back, with the new text
    journal.sync(moved, T0 + timedelta(hours=2))
    row = journal.get("a")
    assert (row.state, row.next_try_at, row.text_hash) == ("pending", T0 + timedelta(hours=3),
                                                           journal_mod.text_hash("satu, diperbaiki lagi"))


def test_an_attempt_that_ended_is_never_rewritten(journal: Journal, plan) -> None:
    journal.sync(plan, T0)
    journal.claim("a", T0)
    journal.retry_later("a", T0, T0 + timedelta(minutes=1), "site down", ["/f/1.png"])
    journal.failed("a", T0 + timedelta(minutes=5), "given up by hand")  # no new attempt began
    (attempt,) = journal.attempts("a")
    assert (attempt["outcome"], attempt["error"], attempt["artifacts"]) == ("retry_wait", "site down", '["/f/1.png"]')
    journal.claim("a", T0 + timedelta(minutes=6), states=("failed",))
    journal.published("a", PublishedRef("1", "u1"), T0 + timedelta(minutes=7))
    assert [(a["n"], a["outcome"]) for a in journal.attempts("a")] == [(1, "retry_wait"), (2, "published")]


# -- one journal, whatever the path ---------------------------------------------------------------

def test_a_symlink_opens_the_real_file_and_a_second_hard_link_is_refused(tmp_path: Path, plan) -> None:
    real = tmp_path / "real" / "state.db"
    with Journal(real) as j:
        j.sync(plan, T0)
    link = tmp_path / "link.db"
    link.symlink_to(real)
    with Journal(link) as j:
        assert j.path == real and j.get("a") is not None
        j.claim("a", T0)
    assert not (tmp_path / "link.db-wal").exists()  # the log is the real file's, not the link's
    other = tmp_path / "other.db"
    os.link(real, other)
    for name in (real, other, link):
        with pytest.raises(StateError, match="has 2 names \\(hard links\\)") as info:
            Journal(name)
        assert f"find / -xdev -samefile {name.resolve()}" in info.value.hint
    other.unlink()
    Journal(link).close()


def test_the_lock_belongs_to_the_file_not_the_path(tmp_path: Path) -> None:
    from scheduler.runtime.lock import StateLock, lock_holder

    real = tmp_path / "state.db"
    link = tmp_path / "elsewhere.db"
    link.symlink_to(real)
    first = StateLock(real)
    first.acquire()
    try:
        assert lock_holder(real) == os.getpid()
        for other in (link, tmp_path / "x" / ".." / "state.db"):
            (tmp_path / "x").mkdir(exist_ok=True)
            with pytest.raises(StateError, match=f"another jadwal daemon \\(PID {os.getpid()}\\)"):
                StateLock(other).acquire()
        os.link(real, tmp_path / "hard.db")
        with pytest.raises(StateError, match="hard links"):
            StateLock(tmp_path / "hard.db").acquire()
    finally:
        first.release()
    assert lock_holder(real) is None
    assert not (tmp_path / "state.db.lock").exists()


# -- claims, lookups first, pauses ------------------------------------------------------------------

def test_a_claim_names_its_process_and_a_dead_ones_is_taken_over(journal: Journal, plan) -> None:
    from scheduler.runtime.processes import alive, identity

    journal.sync(plan, T0)
    assert journal.claim("a", T0, by="1:0", text="satu") == 1
    row = journal.get("a")
    assert row.claimed_by == "1:0" and not alive("1:0") and alive(identity())
    assert journal.take_over(row, T0, by=identity())
    assert not journal.take_over(row, T0, by="2:0")  # someone took it meanwhile
    assert journal.get("a").claimed_by == identity()
    journal.release("a", T0, reason="account paused", outcome="account paused")
    row = journal.get("a")
    assert (row.state, row.attempt, row.next_try_at, row.claimed_by) == ("pending", 0, T0, None)
    assert journal.attempts("a")[-1]["outcome"] == "account paused"


def test_posts_that_enter_the_journal_late_are_looked_up_first(journal: Journal, plan) -> None:
    journal.sync(plan, T0 + timedelta(hours=1))  # a (due T0) is past: nobody knows whether it went out
    assert [r.id for r in journal.posts() if r.check_site] == ["a"]
    assert [r.id for r in journal.to_look_up(T0 + timedelta(hours=1))] == ["a"]
    journal.not_on_site("a", T0 + timedelta(hours=1))
    assert journal.to_look_up(T0 + timedelta(hours=1)) == []
    # a daemon starting later: whatever waits past its time is looked up again first
    assert journal.look_up_overdue(T0 + timedelta(hours=3)) == ["a", "b"]
    # past the grace period it is missed without a lookup: nothing of it is published
    assert journal.mark_missed(T0 + timedelta(hours=2, minutes=30), T0 + timedelta(hours=3)) == ["a", "b"]
    assert not journal.get("a").check_site


def test_a_paused_account_waits_and_resumes(journal: Journal, plan) -> None:
    journal.sync(plan, T0)
    assert journal.pause_account("ig", T0, kind="session_expired", reason="expired", fix="jadwal login ...",
                                 session_stamp="1:2:3")
    assert not journal.pause_account("ig", T0, kind="session_expired", reason="again", fix="x", session_stamp=None)
    assert journal.due(T0 + timedelta(days=1)) == [] and journal.next_due() is None
    (held,) = journal.pauses().values()
    assert (held.reason, held.fix, held.session_stamp) == ("expired", "jadwal login ...", "1:2:3")
    journal.session_saved("ig", T0 + timedelta(minutes=5))
    assert journal.session_saved_at("ig") == T0 + timedelta(minutes=5)
    assert journal.resume_account("ig", T0 + timedelta(minutes=5), why="a new session")
    assert not journal.resume_account("ig", T0, why="twice")
    assert [r.id for r in journal.due(T0 + timedelta(days=1))] == ["a", "b", "c"]


def test_a_post_in_doubt_found_missing_too_late_is_missed_and_a_hand_retry_restarts_its_grace(
        journal: Journal, plan) -> None:
    journal.sync(plan, T0)
    journal.claim("a", T0)
    journal.unclear("a", T0, next_lookup=T0 + timedelta(seconds=10), error="blocked after the click")
    row = journal.get("a")
    assert journal.grace_from(row) == T0
    journal.missed("a", T0 + timedelta(hours=2), "not on the site", ["shot.png"])
    row = journal.get("a")
    assert (row.state, row.next_try_at, row.unclear_since, row.claimed_by) == ("missed", None, None, None)
    assert row.artifacts == ("shot.png",) and journal.attempts("a")[-1]["outcome"] == "missed"
    assert journal.to_look_up(T0 + timedelta(days=1)) == [] and "a" not in [r.id for r in journal.due(
        T0 + timedelta(days=1))]
    journal.requeue("a", T0 + timedelta(hours=3))  # `jadwal retry`: its grace counts from now
    assert journal.grace_from(journal.get("a")) == T0 + timedelta(hours=3)
