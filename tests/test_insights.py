"""Learning from the audience without a browser: the reading schedule, the figures, `suggest`, the hint, the copy.

The journal is written through its own API, as the comment check writes it (the reading itself,
through Chromium, is in test_insights_e2e.py).
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from images import png_bytes

from scheduler.cli import cli
from scheduler.runtime.clock import FakeClock
from scheduler.errors import ConfigError, PlatformError
from scheduler.insights import suggest
from scheduler.insights.figures import histories
from scheduler.insights.readings import MAX_AGE, due_readings, next_due, read_due
from scheduler.runtime.journal import Journal, ReadingState
from scheduler.plan import load_plan
from scheduler.platforms.base import PublishedRef
from audience_site import ZONE, plan_text

UTC = timezone.utc
#: the history ends before now (`validate` judges by the real clock: it has no --as-of)
NOW = datetime.now(ZONE).replace(minute=0, second=0, microsecond=0)
START = NOW.date() - timedelta(days=14)
NEXT = NOW.date() + timedelta(days=1)  # the first day of the coming week's plan
#: engagements of a post by its local hour: the evening earns most
EARNS = {8: 20, 12: 8, 19: 90, 21: 80}


def days(first: date, n: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(n)]


def make_history(tmp_path: Path, n_days: int, times: tuple[time, ...] = (time(8), time(12, 30), time(19), time(21)),
                 *, read: bool = True) -> tuple[Path, Path]:
    """A plan of `n_days` from START published at its times, each post read 25 h later with EARNS numbers;
    and the plan of the week after NOW (not published). Returns (next plan, state)."""
    session = tmp_path / "ig.json"
    history = tmp_path / "history.toml"
    history.write_text(plan_text("history", days(START, n_days), times, session, "http://127.0.0.1:1"))
    coming = tmp_path / "next.toml"
    coming.write_text(plan_text("next", days(NEXT, 7), (time(8), time(12, 30), time(19)),
                                session, "http://127.0.0.1:1"))
    state = tmp_path / "state.db"
    plan = load_plan(history)
    with Journal(state) as journal:
        journal.sync(plan, plan.posts[0].at - timedelta(days=1))
        for n, post in enumerate(plan.posts):
            journal.claim(post.id, post.at)
            journal.published(post.id, PublishedRef(str(n), f"http://127.0.0.1:1/p/{n}", post.at), post.at)
            if read and post.at + timedelta(hours=25) <= NOW:
                earned = EARNS[post.local.hour] + n % 3  # a little spread
                journal.record_post_reading(post.id, post.at + timedelta(hours=1), {"likes": earned // 3, "views": 10})
                journal.record_post_reading(post.id, post.at + timedelta(hours=25), {
                    "likes": earned - 2, "comments": 2, "views": earned * 5})
    return coming, state


def run(*args: str) -> tuple[int, str, str]:
    """Exit status, stdout, and stderr with a domain error's message and hint (as `jadwal` prints them)."""
    from scheduler.errors import JadwalError

    result = CliRunner().invoke(cli, [*args])
    err = result.stderr
    if isinstance(result.exception, JadwalError):
        err += f"{result.exception.message}\n{result.exception.hint}"
    elif result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, err


# -- the reading schedule ------------------------------------------------------------------------------


def state(published: datetime, last_ok: timedelta | None = None, failures: int = 0,
          last_failed: timedelta | None = None) -> ReadingState:
    return ReadingState("p", "ig", "1", "http://x/p/1", published, published + last_ok if last_ok else None,
                        failures, published + last_failed if last_failed else None)


def test_next_reading_is_the_first_mark_not_read_yet() -> None:
    t0 = datetime(2026, 12, 1, 8, tzinfo=UTC)
    assert next_due(state(t0)) == t0 + timedelta(hours=1)
    assert next_due(state(t0, timedelta(hours=1, minutes=5))) == t0 + timedelta(hours=24)
    assert next_due(state(t0, timedelta(hours=30))) == t0 + timedelta(days=7)  # one late reading served two marks
    assert next_due(state(t0, timedelta(days=7, minutes=1))) is None
    # failed readings since the last good one: an hour, then two, then four... at most a day
    assert next_due(state(t0, None, 1, timedelta(hours=1))) == t0 + timedelta(hours=2)
    assert next_due(state(t0, None, 3, timedelta(hours=3))) == t0 + timedelta(hours=7)
    assert next_due(state(t0, None, 9, timedelta(hours=3))) == t0 + timedelta(hours=27)
    assert next_due(state(t0, timedelta(hours=1), 1, timedelta(hours=2))) == t0 + timedelta(hours=24)


def test_the_schedule_is_derived_from_the_journal_and_survives_a_restart(tmp_path: Path) -> None:
    coming, path = make_history(tmp_path, 3, read=False)
    plan = load_plan(tmp_path / "history.toml")
    last = plan.posts[-1]
    with Journal(path) as journal:
        due = due_readings(journal, last.at + timedelta(minutes=30))
        assert [s.post_id for s in due["ig"]] == [p.id for p in plan.posts[:-1]]  # the newest is not an hour old
        journal.record_post_reading(plan.posts[0].id, last.at, {"likes": 3})
        journal.record_post_reading(plan.posts[1].id, last.at, error="the site answered HTTP 500")
    with Journal(path) as journal:  # a new process: nothing was kept in memory
        at = last.at + timedelta(minutes=30)
        waiting = [s.post_id for s in due_readings(journal, at)["ig"]]
        assert plan.posts[0].id not in waiting  # read: its next mark is later
        assert plan.posts[1].id not in waiting  # failed half an hour ago: tried again in an hour
        assert plan.posts[2].id in waiting
        later = [s.post_id for s in due_readings(journal, at + timedelta(hours=1))["ig"]]
        assert plan.posts[1].id in later
        assert due_readings(journal, last.at + MAX_AGE + timedelta(days=1)) == {}  # too old to read at all
        assert due_readings(journal, at, accounts=["fb"]) == {}


class ScriptedAdapter:
    """The part of an adapter `read_due` uses, answering from a table (the reading through a real site is
    test_insights_e2e's)."""

    post_metric_names = ("likes", "views")

    def __init__(self, answers: dict[str, object]) -> None:
        self.answers = answers

    def post_metrics(self, page: object, ref: PublishedRef) -> dict[str, float]:
        answer = self.answers[ref.remote_id]
        if isinstance(answer, Exception):
            raise answer
        return answer  # type: ignore[return-value]


def test_a_post_that_cannot_be_read_is_a_failed_reading_and_the_next_is_read(tmp_path: Path) -> None:
    _, path = make_history(tmp_path, 1, read=False)
    with Journal(path) as journal:
        states = due_readings(journal, NOW)["ig"]
        adapter = ScriptedAdapter({"0": PlatformError("post 0 is no longer on the site"),
                                   "1": {"likes": 4, "views": 30, "hearts": 9}, "2": {}, "3": {"likes": 0}})
        done = read_due(journal, adapter, None, states, FakeClock(NOW))  # type: ignore[arg-type]
        day = f"{START:%m%d}"
        assert done.read == 3 and done.failed == [f"{day}-0800: post 0 is no longer on the site"]
        readings = journal.post_readings()
        assert readings[f"{day}-1230"][0].values == {"likes": 4.0, "views": 30.0}  # an unknown name is dropped
        assert readings[f"{day}-1900"][0].values == {}  # read, the site showed nothing: not read again
        after = {s.post_id: s for s in journal.reading_states(NOW - MAX_AGE)}
        assert after[f"{day}-0800"].failures == 1 and after[f"{day}-0800"].last_ok is None
        assert next_due(after[f"{day}-1900"]) is None  # 14 days old: its 7-day mark is read


# -- figures, suggestions and thin data ----------------------------------------------------------------


def test_slots_are_judged_by_the_settled_reading_with_enough_posts(tmp_path: Path) -> None:
    coming, path = make_history(tmp_path, 6)
    plan = load_plan(tmp_path / "history.toml")
    with Journal(path) as journal:
        found = histories(plan, journal, NOW)["ig"]
    assert len(found.posts) == 24 and found.waiting == 0
    assert {h: s.posts for h, s in found.slots.items()} == {8: 6, 12: 6, 19: 6, 21: 6}
    assert [h for h, _ in found.ranked] == [19, 21, 8, 12]
    assert found.best is not None and found.best[0] == 19
    assert found.slots[19].median == 90 - 2 + 2 + 1  # the 25 h reading, not the 1 h one: likes + comments
    assert found.slots[19].rate == pytest.approx(sum(EARNS[19] + n % 3 for n in range(2, 24, 4))
                                                 / sum((EARNS[19] + n % 3) * 5 for n in range(2, 24, 4)))
    assert found.far_below(8) and found.far_below(12) and not found.far_below(21)
    assert found.types["question"].posts == 6 and found.types["question"].median == found.slots[19].median
    assert found.heat[(START.weekday(), 19)].posts == 1


def test_thin_data_gives_no_suggestion(tmp_path: Path) -> None:
    """Two days: every slot has two posts, fewer than the three a slot needs."""
    coming, path = make_history(tmp_path, 2)
    code, out, _ = run("suggest", str(coming), "--state", str(path), "--as-of", NOW.isoformat())
    assert code == 0
    assert ("not enough history for a suggestion yet: 0 slots have 3 or more posts with a reading 24 h after "
            "publishing; 3 are needed (8 posts counted, 0 still waiting for that reading)") in out
    assert "BEST" not in out and "suggestion:" not in out and "too few posts to judge: 08:00 (2)" in out
    code, out, _ = run("suggest", str(coming), "--state", str(path), "--format", "json", "--retime",
                       str(tmp_path / "copy.toml"), "--as-of", NOW.isoformat())
    data = json.loads(out)
    assert code == 0 and data["accounts"]["ig"]["best_hour"] is None and data["accounts"]["ig"]["enough"] is False
    assert data["retime"]["moves"] == [] and data["retime"]["file"] is None
    assert not (tmp_path / "copy.toml").exists()
    code, out, _ = run("validate", str(coming), "--state", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []  # no history, no hint


def test_three_days_are_enough_but_a_slot_needs_three_posts(tmp_path: Path) -> None:
    coming, path = make_history(tmp_path, 3)
    code, out, _ = run("suggest", str(coming), "--state", str(path), "--as-of", NOW.isoformat())
    assert code == 0, out
    assert "19:00  median 91 engagements a post (3 posts), 455 seen, engagement rate 20.0%  BEST" in out
    assert "12:00  median 9 engagements a post (3 posts)" in out and "far below the best (under 50% of it)" in out
    assert "suggestion: post at 19:00 when you can" in out


# -- the hint at plan time, in every output --------------------------------------------------------------


def test_validate_with_state_adds_informational_hints_in_every_format(tmp_path: Path) -> None:
    coming, path = make_history(tmp_path, 6)
    code, out, _ = run("validate", str(coming), "--state", str(path))
    assert code == 0
    assert f"{coming}:" in out and "info audience weak-slot (Riwayat audiens / Audience history)" in out
    assert (f"post {NEXT:%m%d}-0800 at 08:00 is in a slot where ig's posts earned a median of 21 engagements (6 posts); "
            "at 19:00 they earned 91 (6 posts)") in out
    assert f"tip: move it to 19:00 if the day allows, or let jadwal re-time the coming days: jadwal suggest {coming}" \
           f" --state {path} --retime {coming.with_name('next.retimed.toml')}" in out
    assert out.rstrip().endswith(f"OK with 14 hints, 21 posts, {NEXT}..{NEXT + timedelta(days=6)}")
    code, out, _ = run("validate", str(coming), "--state", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and len(data["findings"]) == 14
    assert {(f["rule"], f["slug"], f["severity"]) for f in data["findings"]} == {("audience", "weak-slot", "info")}
    code, out, _ = run("validate", str(coming), "--state", str(path), "--format", "github")
    assert code == 0 and out.startswith(f"::notice file={coming},line=") and "title=audience weak-slot::" in out
    code, out, _ = run("--lang", "id", "validate", str(coming), "--state", str(path))
    assert code == 0 and "info audience weak-slot (Riwayat audiens" in out and "saran:" in out
    code, out, err = run("validate", str(coming))  # without the journal: the plan alone, no hint
    assert code == 0 and "weak-slot" not in out
    code, _, err = run("validate", str(coming), "--state", str(tmp_path / "nope.db"))
    assert code == 1 and "no state database at" in err
    assert not (tmp_path / "nope.db").exists()


# -- the re-timed copy ------------------------------------------------------------------------------------


def test_a_retimed_copy_keeps_the_rules_and_never_replaces_the_plan(tmp_path: Path) -> None:
    coming, path = make_history(tmp_path, 6)
    before = coming.read_text()
    copy = tmp_path / "next.retimed.toml"
    code, out, _ = run("suggest", str(coming), "--state", str(path), "--retime", str(copy), "--as-of", NOW.isoformat())
    assert code == 0, out
    assert f"re-timed 7 posts from {NEXT} to {NEXT + timedelta(days=6)}:" in out
    assert f"{NEXT:%m%d}-0800 (ig)  {NEXT} 08:00 -> 21:00  (median 21 -> 81 engagements)" in out
    assert coming.read_text() == before
    retimed = load_plan(copy)
    assert sum(p.local.hour == 21 for p in retimed.posts) == 7 and not any(p.local.hour == 8 for p in retimed.posts)
    code, out, _ = run("validate", str(copy))
    assert code == 0, out
    code, _, err = run("suggest", str(coming), "--state", str(path), "--retime", str(copy), "--as-of", NOW.isoformat())
    assert code == 1 and "already exists" in err and "--force" in err
    code, _, _ = run("suggest", str(coming), "--state", str(path), "--retime", str(copy), "--force",
                     "--as-of", NOW.isoformat())
    assert code == 0
    code, _, err = run("suggest", str(coming), "--state", str(path), "--retime", str(coming), "--force",
                       "--as-of", NOW.isoformat())
    assert code == 1 and "jadwal never overwrites your plan" in err and coming.read_text() == before


def test_a_copy_is_validated_where_it_is_written(tmp_path: Path) -> None:
    """Media paths are relative to the plan's folder: a copy elsewhere would lose them, so it is refused."""
    coming, path = make_history(tmp_path, 6)
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.png").write_bytes(png_bytes())
    coming.write_text(coming.read_text().replace('type = "tips"', 'type = "tips"\nmedia = ["media/a.png"]', 1))
    elsewhere = tmp_path / "out" / "copy.toml"
    elsewhere.parent.mkdir()
    plan = load_plan(coming)
    with Journal(path) as journal:
        found = histories(plan, journal, NOW)
    moves, _ = suggest.retime(plan, found, NOW, *suggest.period(plan, NOW))
    with pytest.raises(ConfigError) as info:
        suggest.write_copy(plan, moves, elsewhere)
    assert "would not keep the rules where it is written" in info.value.message
    assert "write it next to the plan" in info.value.hint
    assert list(elsewhere.parent.iterdir()) == []  # no copy, no temporary file left


def test_a_plan_with_rule_errors_is_not_retimed(tmp_path: Path) -> None:
    coming, path = make_history(tmp_path, 6)
    coming.write_text(coming.read_text().replace('goal = "Learn when the followers are there"', 'goal = ""'))
    code, _, err = run("suggest", str(coming), "--state", str(path), "--retime", str(tmp_path / "c.toml"))
    assert code == 1 and "re-times only a plan that keeps the rules" in err


def test_the_report_has_the_audience_and_reach_from_the_posts(tmp_path: Path) -> None:
    _, path = make_history(tmp_path, 10)
    history = tmp_path / "history.toml"
    code, out, _ = run("report", str(history), "--state", str(path), "--as-of", NOW.isoformat(), "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["audience"]["ig"]["best_hour"] == 19 and data["audience"]["ig"]["counted_posts"] == 40
    first = data["audience"]["ig"]["posts"][0]  # each post with the reading it is judged by
    assert first["post"] == f"{START:%m%d}-0800" and first["read_after_seconds"] == 25 * 3600
    assert (first["engagements"], first["audience"]) == (EARNS[8], EARNS[8] * 5)
    reach = data["targets"][0]
    assert reach["metric"] == "reach" and reach["source"] == "posts"
    assert reach["measured"][0]["date"] == (START + timedelta(days=6)).isoformat()  # the first full week
    assert reach["measured"][-1]["date"] == (START + timedelta(days=9)).isoformat()  # the history's last day
    assert reach["posts"] == [28, 28, 28, 28]
    code, out, _ = run("report", str(history), "--state", str(path), "--as-of", NOW.isoformat())
    assert "Audience of ig: 40 posts counted (0 waiting for their 24 h reading); best time 19:00" in out
    assert "from 28 posts of the week" in out
