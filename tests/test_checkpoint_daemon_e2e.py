"""Checkpoints met by the real `jadwal daemon` on the Instagram replica, in real Chromium (issues 13, 14).

Before the click (a captcha on the next page): nothing was sent, so the account pauses, the owner is
told once, its posts wait while another account's go out, and after a person passes the check they
go out, each once. After the click ("Action Blocked" answering Share): the site may have stored the
post or not; the account pauses, and after the new login the post is looked up first and shared
again only when the site does not have it. Either way the replica ends with each post exactly once.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from daemon_helpers import DaemonProcess, wait_until, zone_near_noon
from images import png_bytes
from notify_endpoint import Endpoint
from plan_sections import engagement_and_target
from test_instagram_daemon_e2e import FAST, TWO_ACCOUNTS
from test_publish_e2e import jadwal

from scheduler.browser import save_storage_state
from scheduler.sandbox.server import SandboxServer

pytestmark = pytest.mark.e2e
UTC = timezone.utc

PLAN = TWO_ACCOUNTS.replace("{name}", "checkpoint") + engagement_and_target("{day}", check_every="30m",
                                                                          notify="{hook}")

POST = """
[[post]]
id = "{id}"
account = "{account}"
at = {at}
type = "{type}"
text = "{text}"
{media}
"""

TEXTS = {"ig-1": "Kopi apa favoritmu pagi ini?", "ig-2": "Tips: simpan biji kopi di wadah kedap udara",
         "sb-1": "Sudah coba roti bakar kami?", "sb-2": "Promo roti bakar sampai Minggu"}


def write_plan(folder: Path, url: str, hook: str, when: dict[str, datetime], zone: str) -> Path:
    """A plan in time zone `zone` with the posts of `when` (id -> time); the Instagram ones carry a picture,
    each account's first asks a question (R4)."""
    (folder / "packs").mkdir(parents=True, exist_ok=True)
    (folder / "packs" / "instagram.toml").write_text(FAST)
    (folder / "kopi.png").write_bytes(png_bytes(48, 60, (111, 78, 55)))
    day = min(when.values()).astimezone(ZoneInfo(zone)).date().isoformat()
    text = PLAN.format(day=day, zone=zone, url=url, hook=hook)
    for post_id, at in sorted(when.items(), key=lambda item: item[1]):
        text += POST.format(id=post_id, account=post_id.split("-")[0], at=at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                            type="question" if post_id.endswith("-1") else "tips", text=TEXTS[post_id],
                            media='media = ["kopi.png"]' if post_id.startswith("ig") else "")
    path = folder / "plan.toml"
    path.write_text(text)
    return path


def log_in(plan: Path, account: str) -> None:
    result = jadwal("login", str(plan), "--account", account, "--password-env", "JADWAL_TEST_PASSWORD",
                    cwd=plan.parent, password="kopisenja")
    assert result.returncode == 0, result.stderr


def start(plan: Path, tmp_path: Path) -> DaemonProcess:
    """The daemon on the plan's own journal (the one `jadwal login` tells of a new session)."""
    env = dict(os.environ, JADWAL_STATE=str(plan.parent / "journals"))
    return DaemonProcess(plan, None, tmp_path / "daemon.log", "--retry-first", "1s", env=env)


def states(plan: Path) -> dict[str, str]:
    result = jadwal("status", str(plan), "--format", "json", cwd=plan.parent)
    assert result.returncode == 0, result.stderr
    return {p["id"]: p["state"] for p in json.loads(result.stdout)["posts"]}


def posts_on(url: str) -> list[str]:
    with urllib.request.urlopen(url, timeout=10) as reply:
        return [p["text"] for p in json.load(reply)]


def paused_alerts(hook: Endpoint) -> list[dict[str, Any]]:
    return [m for m in hook.received if "account paused" in m["title"]]


def test_a_captcha_pauses_the_account_alone_and_a_person_passing_it_resumes_it(
        sandbox: SandboxServer, tmp_path: Path, browser: Any) -> None:
    folder = tmp_path / "plan"
    control = sandbox.replica("instagram")
    with Endpoint() as hook:
        zone = zone_near_noon(datetime.now(UTC))  # the plan's one day holds every post at any hour
        later = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)
        plan = write_plan(folder, sandbox.url, hook.target, {"ig-1": later, "sb-1": later}, zone)
        log_in(plan, "ig")
        log_in(plan, "sb")
        now = datetime.now(UTC).replace(microsecond=0)
        when = {"ig-1": now + timedelta(seconds=8), "sb-1": now + timedelta(seconds=10),
                "ig-2": now + timedelta(seconds=12), "sb-2": now + timedelta(seconds=14)}
        write_plan(folder, sandbox.url, hook.target, when, zone)
        control.set_faults(checkpoint={"kind": "captcha", "on": "pages", "user": "kopisenja"})
        daemon = start(plan, tmp_path)
        try:
            (alert,) = wait_until(lambda: paused_alerts(hook), 120, "the pause alert", log=daemon.text)
            assert "account ig is paused" in alert["message"]
            assert f"jadwal login {plan} --account ig --interactive" in alert["message"]
            # the other account carries on; the paused one's posts wait, nothing of them is sent
            wait_until(lambda: states(plan)["sb-2"] == "published", 120, "sb-2 published", log=daemon.text)
            wait_until(lambda: datetime.now(UTC) > when["ig-2"] + timedelta(seconds=3), 30, "ig-2's time")
            seen = states(plan)
            assert (seen["ig-1"], seen["ig-2"]) == ("pending", "pending")
            assert posts_on(f"{sandbox.url}/replica/instagram/_api/posts") == []
            assert control.log() == {"checkpoint_shown:captcha": 1}  # seen once; nothing typed into it
            assert len(paused_alerts(hook)) == 1
            # a person passes the captcha in a browser with the account's session, and saves it again
            # (what `jadwal login --interactive` does on a machine with a screen)
            session = folder / "sessions" / "ig.json"
            context = browser.new_context(storage_state=str(session))
            try:
                page = context.new_page()
                page.goto(f"{sandbox.url}/replica/instagram/")
                page.get_by_label("Security code").fill(control.checkpoints()["kopisenja"]["code"])
                page.get_by_role("button", name="Continue").click()
                page.wait_for_url(re.compile(r"/replica/instagram/(?!challenge)"))
                save_storage_state(context, session)
            finally:
                context.close()
            daemon.wait_log("account ig resumes", 60)
            wait_until(lambda: states(plan)["ig-2"] == "published", 120, "ig-2 published", log=daemon.text)
        finally:
            assert daemon.stop() == 0
        assert len(paused_alerts(hook)) == 1  # told once
        assert [m for m in hook.received if "account resumed" in m["title"]]
    assert set(states(plan).values()) == {"published"}
    assert sorted(posts_on(f"{sandbox.url}/replica/instagram/_api/posts")) == sorted(
        [TEXTS["ig-1"], TEXTS["ig-2"]])
    assert sorted(posts_on(f"{sandbox.url}/api/posts")) == sorted([TEXTS["sb-1"], TEXTS["sb-2"]])


def test_action_blocked_after_share_is_looked_up_after_the_new_login_and_never_shared_twice(
        sandbox: SandboxServer, tmp_path: Path) -> None:
    """ig-1: Instagram stores it and answers "Action Blocked": found after the login, not shared again.
    ig-2: "Action Blocked" and nothing stored: not found after the login, so shared again, once."""
    folder = tmp_path / "plan"
    control = sandbox.replica("instagram")
    ig_posts = f"{sandbox.url}/replica/instagram/_api/posts"
    with Endpoint() as hook:
        zone = zone_near_noon(datetime.now(UTC))  # the plan's one day holds every post at any hour
        later = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)
        plan = write_plan(folder, sandbox.url, hook.target, {"ig-1": later, "sb-1": later}, zone)
        log_in(plan, "ig")
        log_in(plan, "sb")
        now = datetime.now(UTC).replace(microsecond=0)
        write_plan(folder, sandbox.url, hook.target, {"ig-1": now + timedelta(seconds=8),
                                                      "ig-2": now + timedelta(seconds=10),
                                                      "sb-1": now + timedelta(seconds=12)}, zone)
        control.set_faults(checkpoint={"kind": "blocked", "user": "kopisenja", "stored": True})
        daemon = start(plan, tmp_path)
        try:
            (alert,) = wait_until(lambda: paused_alerts(hook), 120, "the pause alert", log=daemon.text)
            assert "post ig-1: the site answered the submit with a block" in alert["message"]
            assert posts_on(ig_posts) == [TEXTS["ig-1"]]  # stored, though the site said "Action Blocked"
            assert states(plan)["ig-1"] == "publishing"  # in doubt, not failed, not waiting to be resent
            control.set_faults(checkpoint={"kind": "blocked", "user": "kopisenja"})  # the next Share: nothing stored
            log_in(plan, "ig")  # a person logs in again; the daemon resumes at its next look
            wait_until(lambda: len(paused_alerts(hook)) == 2, 120, "the second pause", log=daemon.text)
            assert "post ig-2: the site answered the submit with a block" in paused_alerts(hook)[1]["message"]
            seen = states(plan)
            assert (seen["ig-1"], seen["ig-2"]) == ("published", "publishing")  # ig-1 found on the profile
            assert posts_on(ig_posts) == [TEXTS["ig-1"]]
            log_in(plan, "ig")
            wait_until(lambda: states(plan)["ig-2"] == "published", 120, "ig-2 published", log=daemon.text)
        finally:
            assert daemon.stop() == 0
        text = daemon.text()
        assert "post ig-1 was published after all" in text
        assert "post ig-2 is not on the site: it will be retried" in text
        assert len(paused_alerts(hook)) == 2  # once per block
    assert control.log()["blocked:blocked"] == 2
    assert sorted(posts_on(ig_posts)) == sorted([TEXTS["ig-1"], TEXTS["ig-2"]])  # each exactly once
