"""Alerts go through the journal's outbox to a real local HTTP endpoint: recorded first, sent once."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from scheduler.notify import alert_title
from scheduler.runtime.clock import FakeClock
from scheduler.runtime.journal import Journal
from scheduler.runtime.outbox import Outbox
from notify_endpoint import Endpoint

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def test_recorded_alerts_are_sent_once_with_the_targets_of_the_moment(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    clock = FakeClock(T0)
    with Endpoint() as hook, Journal(state) as journal:
        targets: list[str] = []
        outbox = Outbox(state, lambda: targets, clock=clock).start()
        try:
            journal.add_event(now=T0, kind="failed", message="not published: site down", post_id="p003", alert=True)
            outbox.wake()
            assert outbox.wait_idle()
            assert journal.unsent_alerts() == []  # no target yet: handled, not kept for later (no flood)
            targets.append(hook.target)  # e.g. after a plan reload
            journal.add_event(now=T0, kind="missed", message="2 posts were due more than 1h ago", alert=True)
            journal.add_event(now=T0, kind="info", message="not an alert")
            outbox.wake()
            (message,) = hook.wait_for(1)
        finally:
            outbox.close()
        assert (message["title"], message["message"], message["type"]) == (
            "jadwal: missed", "2 posts were due more than 1h ago", "failure")
        assert [e.notified_at for e in journal.events(alerts_only=True)] == [T0, T0]


def test_a_crash_before_the_send_neither_loses_the_alert_nor_sends_it_twice(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    clock = FakeClock(T0)
    with Journal(state) as journal:  # recorded, then the process died before its outbox ran
        journal.add_event(now=T0, kind="unconfirmed", message="may or may not be live", post_id="p1", alert=True,
                          title=None, body=None)
        journal.add_event(now=T0, kind="unanswered", message="short", alert=True, title="jadwal: 2 comments",
                          body="the whole list")
    with Endpoint() as hook:
        restarted = Outbox(state, lambda: [hook.target], clock=clock)
        assert restarted.deliver() == 2
        assert restarted.deliver() == 0  # marked: never again
        again = Outbox(state, lambda: [hook.target], clock=clock)
        assert again.deliver() == 0  # nor after another restart
        restarted.close()
        again.close()
    assert [(m["title"], m["message"]) for m in hook.received] == [
        (alert_title("unconfirmed", "p1"), "may or may not be live"), ("jadwal: 2 comments", "the whole list")]


def test_a_direct_alert_goes_out_without_the_journal(tmp_path: Path) -> None:
    with Endpoint() as hook:
        outbox = Outbox(tmp_path / "nowhere" / "x" / "state.db", lambda: [hook.target], clock=FakeClock(T0)).start()
        try:
            outbox.direct("jadwal: journal cannot be written", "the disk is full")
            (message,) = hook.wait_for(1)
        finally:
            outbox.close()
    assert message["title"] == "jadwal: journal cannot be written"
