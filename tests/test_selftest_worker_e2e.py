"""The daemon's scheduled selftest: a broken step is caught before the account's next post is due and told
to the owner once (until it passes again). Real Chromium against the sandbox; the daemon as a process too."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from daemon_helpers import DaemonProcess, plan_toml
from engagement_site import login_session
from images import png_bytes
from notify_endpoint import Endpoint
from test_publish_e2e import PLAN, login

from scheduler.runtime.clock import SystemClock
from scheduler.runtime.journal import Journal
from scheduler.pacing import Pacer
from scheduler.plan import load_plan
from scheduler.sandbox.server import SandboxServer
from scheduler.selftest_worker import SelftestWorker

pytestmark = pytest.mark.e2e
UTC = timezone.utc


def test_a_broken_step_is_told_once_before_the_next_post_and_again_after_a_pass(
        tmp_path: Path, sandbox: SandboxServer) -> None:
    folder = tmp_path / "plan"
    folder.mkdir()
    plan_file = folder / "plan.toml"
    plan_file.write_text(PLAN.format(url=sandbox.url).replace('media = ["nowhere.png"]', ""))
    (folder / "pixel.png").write_bytes(png_bytes())  # the rehearsal uses post "pic": the media step too
    login(plan_file)
    plan = load_plan(plan_file)
    state = tmp_path / "state.db"
    now = datetime.now(UTC)
    with Journal(state) as journal:
        journal.sync(plan, now)
    told: list[tuple[str, str]] = []
    worker = SelftestWorker(state, lambda: plan, tmp_path / "selftests", clock=SystemClock(),
                            notify=lambda title, body: told.append((title, body)), every=timedelta(hours=24),
                            lead=timedelta(days=30), pacer=Pacer(SystemClock()))
    try:
        assert worker.due(now) == ["kopi"]  # its next post is due within the lead, never tested yet
        sandbox.set_faults(markup_variant="broken")
        worker.tick()
        assert worker._idle.wait(120)
        assert worker.due(datetime.now(UTC)) == []  # tested: not again before `every`
        [(title, body)] = told
        assert title == "jadwal: selftest of kopi failed"
        assert body.startswith("the selftest of account kopi failed at step find the Post button (not clicked): "
                               "compose.submit: nothing on the page matches")
        assert "its next post hello is due at 2026-12-01 09:00" in body
        assert "04-compose.submit-FAILED.png" in body  # open, text, media, then the button
        worker.run_now("kopi")
        assert len(told) == 1  # still broken: told once
        sandbox.set_faults(markup_variant="normal")
        assert worker.run_now("kopi").ok  # type: ignore[union-attr]
        sandbox.set_faults(markup_variant="broken")
        worker.run_now("kopi")
        assert len(told) == 2  # broken again after a pass: told again
        with Journal(state) as journal:
            assert [e.kind for e in journal.events(alerts_only=True)] == ["selftest", "selftest"]
            assert [r.state for r in journal.posts()] == ["pending"] * 3  # nothing published
    finally:
        worker.close()


def test_the_daemon_runs_it_on_a_schedule_and_alerts_the_owner(tmp_path: Path, sandbox: SandboxServer,
                                                              browser: object) -> None:
    session = login_session(browser, sandbox.url, tmp_path / "sessions" / "ig.json")  # type: ignore[arg-type]
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=30)
    plan_file = tmp_path / "plan.toml"
    with Endpoint() as hook:
        text = plan_toml([due], url=sandbox.url, session=session)
        plan_file.write_text(text.replace('reply_within = "4h"', f'reply_within = "4h"\nnotify = ["{hook.target}"]'))
        sandbox.set_faults(markup_variant="broken")
        daemon = DaemonProcess(plan_file, tmp_path / "state" / "state.db", tmp_path / "daemon.log",
                               "--selftest-every", "24h")
        try:
            daemon.wait_log("ALERT selftest", timeout=120)
            [alert] = hook.wait_for(1, timeout=30)
        finally:
            assert daemon.stop(30) == 0
    assert alert["title"] == "jadwal: selftest of ig failed"
    assert "find the Post button (not clicked)" in alert["message"] and "its next post p000 is due at" in alert["message"]
