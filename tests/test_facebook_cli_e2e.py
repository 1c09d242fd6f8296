"""The `facebook` adapter through jadwal's own commands, against the Facebook replica (real CLI processes,
real Chromium): `jadwal login` and `jadwal publish`, `jadwal selftest` passing in English and Indonesian,
a replica step changed so selftest fails at that step and a user pack repairs it, and the daemon
publishing a small plan exactly once, then `jadwal inbox --check` and `jadwal reply` answering a fan as
the Page."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from daemon_helpers import DaemonProcess, plan_toml, wait_until, zone_near_noon
from images import png_bytes
from plan_sections import fast_pacing

from scheduler.sandbox.server import SandboxServer

if TYPE_CHECKING:
    from scheduler.sandbox.replicas.facebook import FacebookControl

pytestmark = pytest.mark.e2e

PASSWORD_VAR = "JADWAL_TEST_FB_PASSWORD"
PAGE_NAME = "Kopisenja Page"
PAGE = "kopisenja.page"
UTC = timezone.utc
STEPS = ["compose.as_page", "compose.text", "compose.media", "compose.submit", "profile.latest", "post.open",
         "post.comments", "profile.followers"]

PLAN = """\
[plan]
name = "facebook e2e"
goal = "prove the facebook adapter"
timezone = "Asia/Jakarta"
start = 2026-12-01
end = 2026-12-01

[[account]]
id = "fb"
platform = "facebook"
url = "{url}/replica/facebook"
handle = "Kopisenja Page"
page_id = "{page_id}"
session = "sessions/fb.json"

[types.education]

[[post]]
id = "hello"
account = "fb"
at = 2026-12-01T09:00:00
type = "education"
text = "Selamat pagi! Kopi susu gula aren hari ini."

[[post]]
id = "pic"
account = "fb"
at = 2026-12-01T12:00:00
type = "education"
text = "Latte art kami hari ini."
media = ["latte.png"]
"""

#: what a user writes when a daemon test should not wait half an hour between posts
FAST_PACING = fast_pacing("facebook")


def jadwal(*args: str, cwd: Path, password: str | None = None, timeout: float = 180
           ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in (PASSWORD_VAR, "JADWAL_PACKS")}
    if password is not None:
        env[PASSWORD_VAR] = password
    return subprocess.run([sys.executable, "-m", "scheduler", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def api_posts(sandbox: SandboxServer) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{sandbox.url}/replica/facebook/_api/posts", timeout=10) as reply:
        return json.load(reply)


@pytest.fixture
def control(sandbox: SandboxServer) -> FacebookControl:
    return sandbox.replica("facebook")  # type: ignore[return-value]


@pytest.fixture
def plan_file(tmp_path: Path, sandbox: SandboxServer, control: FacebookControl) -> Path:
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "latte.png").write_bytes(png_bytes(64, 48))
    path = folder / "plan.toml"
    path.write_text(PLAN.format(url=sandbox.url, page_id=control.page("kopisenja")["id"]))
    return path


def login(plan_file: Path) -> subprocess.CompletedProcess[str]:
    result = jadwal("login", str(plan_file), "--account", "fb", "--username", "kopisenja", "--password-env",
                    PASSWORD_VAR, cwd=plan_file.parent, password="kopisenja")
    assert result.returncode == 0, result.stderr
    return result


def selftest(plan_file: Path) -> tuple[int, dict[str, Any]]:
    result = jadwal("selftest", str(plan_file), "--account", "fb", "--post", "pic", "--out",
                    str(plan_file.parent / "selftest-out"), "--format", "json", cwd=plan_file.parent)
    assert result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout)


def a_post_with_a_comment(control: FacebookControl) -> None:
    """The Page needs a post for selftest's comment-reading steps."""
    code = control.seed_post(PAGE, "Kemarin: kopi susu", [])
    control.seed_comment(code, "fan", "Enak!")


def test_login_then_publish_as_the_page(plan_file: Path, sandbox: SandboxServer) -> None:
    refused = jadwal("login", str(plan_file), "--account", "fb", "--password-env", PASSWORD_VAR,
                     cwd=plan_file.parent, password="kopisenja")  # without --username: the Page's name
    assert refused.returncode == 1
    assert "Facebook logs in the person who manages the Page, not the Page 'Kopisenja Page'" in refused.stderr
    assert f"jadwal login {plan_file} --account fb --username EMAIL --password-env VAR" in refused.stderr
    result = login(plan_file)
    session = plan_file.parent / "sessions" / "fb.json"
    assert stat.S_IMODE(session.stat().st_mode) == 0o600
    assert "kopisenja" not in result.stdout + result.stderr.replace("Kopisenja Page", "")

    dry = jadwal("publish", str(plan_file), "--post", "pic", "--dry-run", cwd=plan_file.parent)
    assert dry.returncode == 0, dry.stderr
    assert "dry run: nothing was posted" in dry.stdout
    assert api_posts(sandbox) == []
    done = jadwal("publish", str(plan_file), "--post", "pic", cwd=plan_file.parent)
    assert done.returncode == 0, done.stderr
    [post] = api_posts(sandbox)
    assert (post["author"], post["text"], post["extra"]["as"]) == (PAGE, "Latte art kami hari ini.", "page")
    assert done.stdout.startswith(f"published post pic of account fb: {sandbox.url}/replica/facebook/{PAGE}/posts/")


def test_a_browser_profile_instead_of_a_session_file(plan_file: Path, sandbox: SandboxServer) -> None:
    """For sites that bind a login to the browser: the account's own Chromium profile folder."""
    plan_file.write_text(plan_file.read_text().replace('session = "sessions/fb.json"', 'profile = "profiles/fb"'))
    login(plan_file)
    profile = plan_file.parent / "profiles" / "fb"
    assert (profile / "Default").is_dir() and stat.S_IMODE(profile.stat().st_mode) == 0o700
    login(plan_file)  # the profile is signed in already: nothing to type
    done = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert done.returncode == 0, done.stderr
    assert [(p["author"], p["extra"]["as"]) for p in api_posts(sandbox)] == [(PAGE, "page")]


@pytest.mark.parametrize("ui", ["en", "id"])
def test_selftest_walks_every_step_and_posts_nothing(
        plan_file: Path, sandbox: SandboxServer, control: FacebookControl, ui: str) -> None:
    login(plan_file)
    a_post_with_a_comment(control)
    control.set_user("kopisenja", language=ui)  # the person's language setting chooses the UI
    code, report = selftest(plan_file)
    assert code == 0, report
    assert [s["name"] for s in report["steps"]] == STEPS
    by_name = {s["name"]: s for s in report["steps"]}
    submit = by_name["compose.submit"]["matches"][-1]
    assert (submit["key"], submit["fallback"], submit["language"]) == ("business.submit", 1, ui)
    assert any(m["key"] == "business.identity" for m in by_name["compose.as_page"]["matches"])
    assert len(api_posts(sandbox)) == 1  # only the seeded post: the rehearsal posted nothing


def test_a_moved_step_fails_selftest_there_and_a_user_pack_repairs_it(
        plan_file: Path, sandbox: SandboxServer, control: FacebookControl) -> None:
    login(plan_file)
    a_post_with_a_comment(control)
    sandbox.set_faults(markup_variant="renamed")  # Publish lost its role: the text fallback finds it
    code, report = selftest(plan_file)
    assert code == 0, report
    submit = next(s for s in report["steps"] if s["name"] == "compose.submit")["matches"][-1]
    assert (submit["key"], submit["fallback"], submit["of"]) == ("business.submit", 2, 2)

    sandbox.set_faults(markup_variant="broken")  # Business Suite's final button is now called "Post"
    code, report = selftest(plan_file)
    assert code == 1
    assert [(s["name"], s["status"]) for s in report["steps"]][-1] == ("compose.submit", "failed")
    failed = report["steps"][-1]
    assert Path(failed["screenshot"]).name == "04-compose.submit-FAILED.png" and Path(failed["screenshot"]).is_file()
    assert report["error"].startswith("business.submit: nothing on the page matches any of the 2 ways")

    packs = plan_file.parent / "packs"
    packs.mkdir()
    (packs / "facebook.toml").write_text(
        'platform = "facebook"\nversion = "1.0.0-kopi1"\n\n[locators]\n'
        '"business.submit" = [{ role = "button", name = { en = "Post", id = "Posting" } }]\n')
    plan_file.write_text(plan_file.read_text().replace("end = 2026-12-01", 'end = 2026-12-01\npacks = "packs"', 1))
    code, report = selftest(plan_file)
    assert code == 0, report
    assert report["pack"] == f"facebook pack 1.0.0-kopi1 (built in + {packs / 'facebook.toml'})"
    done = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert done.returncode == 0, done.stderr
    assert [(p["text"], p["extra"]["surface"]) for p in api_posts(sandbox)][-1] == (
        "Selamat pagi! Kopi susu gula aren hari ini.", "business_suite")


def daemon_plan(folder: Path, sandbox: SandboxServer, page_id: str, times: list[datetime], zone: str) -> Path:
    """A plan every rule passes, in time zone `zone`, for the Page, with a user pack that paces it for a test."""
    session = folder / "sessions" / "fb.json"
    text = plan_toml(times, url=f"{sandbox.url}/replica/facebook", session=session, handle=PAGE_NAME,
                     tag="FB ", zone=zone)
    text = text.replace('platform = "sandbox"', f'platform = "facebook"\npage_id = "{page_id}"', 1)
    text = text.replace(f'timezone = "{zone}"', f'timezone = "{zone}"\npacks = "packs"', 1)
    (folder / "packs").mkdir(parents=True, exist_ok=True)
    (folder / "packs" / "facebook.toml").write_text(FAST_PACING)
    path = folder / "plan.toml"
    path.write_text(text)
    return path


def test_the_daemon_publishes_a_plan_once_through_a_crash_and_the_owner_answers_as_the_page(
        tmp_path: Path, sandbox: SandboxServer, control: FacebookControl) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    times = [now + timedelta(seconds=s) for s in (15, 18, 21)]
    plan = daemon_plan(tmp_path, sandbox, control.page("kopisenja")["id"], times,
                       zone_near_noon(now))  # one day of the plan at any hour
    checked = jadwal("validate", str(plan), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    result = jadwal("login", str(plan), "--account", "ig", "--username", "kopisenja", "--password-env",
                    PASSWORD_VAR, cwd=tmp_path, password="kopisenja")
    assert result.returncode == 0, result.stderr
    state = tmp_path / "state" / "state.db"
    sandbox.set_faults(crash_after_post="500")  # the first post is saved, then the site answers 500
    daemon = DaemonProcess(plan, state, tmp_path / "daemon.log")
    try:
        daemon.wait_log("daemon running", timeout=60)
        posts = wait_until(lambda: len(api_posts(sandbox)) >= 3 and api_posts(sandbox), 120,
                           "three posts on the Page", log=daemon.text)
        daemon.wait_log("post p000 was published after all", timeout=60)  # looked up, not posted again
        assert sorted(p["text"] for p in posts) == sorted(f"Post FB {i:03d}: kopi susu gula aren hari ini"
                                                          for i in range(3))
        assert {(p["author"], p["extra"]["as"]) for p in posts} == {(PAGE, "page")}
        wait_until(lambda: all(f"published p{i:03d}: " in daemon.text() for i in (1, 2)), 60,
                   "the daemon to record the posts", log=daemon.text)
    finally:
        assert daemon.stop() == 0
    again = DaemonProcess(plan, state, tmp_path / "daemon2.log")
    try:
        again.wait_log("daemon running", timeout=60)
    finally:
        again.stop()
    assert len(api_posts(sandbox)) == 3  # a restart posts nothing twice

    first = next(p for p in api_posts(sandbox) if p["text"].startswith("Post FB 000"))
    asked = control.seed_comment(first["code"], "fan", "Masih ada stok?")
    listed = jadwal("inbox", str(plan), "--state", str(state), "--check", "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    waiting = json.loads(listed.stdout)["comments"]
    assert [(c["site_id"], c["author"], c["text"]) for c in waiting] == [(str(asked), "fan", "Masih ada stok?")]
    answered = jadwal("reply", str(plan), "--state", str(state), "--comment", str(waiting[0]["id"]), "Masih, kak!",
                      cwd=tmp_path)
    assert answered.returncode == 0, answered.stderr
    reply = next(c for p in api_posts(sandbox) for c in p["comments"] if c["text"] == "Masih, kak!")
    assert (reply["author"], reply["parent_id"]) == (PAGE, asked)
    listed = jadwal("inbox", str(plan), "--state", str(state), "--check", "--format", "json", cwd=tmp_path)
    assert json.loads(listed.stdout)["comments"] == []  # the Page's own reply answers it


@pytest.mark.parametrize("stored", [True, False])
def test_a_reply_blocked_after_the_send_is_looked_up_before_it_is_sent_again(
        plan_file: Path, sandbox: SandboxServer, control: FacebookControl, stored: bool) -> None:
    """"You're Temporarily Blocked" answering the reply: it may be stored all the same (`stored`), so it is
    in doubt; the same `jadwal reply` run again reads the thread first and sends only if it is not there."""
    login(plan_file)
    done = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert done.returncode == 0, done.stderr
    [post] = api_posts(sandbox)
    asked = control.seed_comment(post["code"], "fan", "Masih ada stok?")
    listed = jadwal("inbox", str(plan_file), "--check", "--format", "json", cwd=plan_file.parent)
    assert listed.returncode == 0, listed.stderr
    [waiting] = json.loads(listed.stdout)["comments"]
    command = ("reply", str(plan_file), "--comment", str(waiting["id"]), "Masih, kak!")

    control.set_faults(checkpoint={"kind": "blocked", "user": "kopisenja", "stored": stored})
    blocked = jadwal(*command, cwd=plan_file.parent)
    assert blocked.returncode == 1
    assert f"error: the reply to comment {waiting['id']} may have been posted" in blocked.stderr
    assert "log in with `jadwal login --interactive`, then run `jadwal reply" in blocked.stderr
    mine = [c for c in api_posts(sandbox)[0]["comments"] if c["author"] == PAGE]
    assert len(mine) == (1 if stored else 0)

    again = jadwal(*command, cwd=plan_file.parent)
    assert again.returncode == 0, again.stderr
    mine = [c for c in api_posts(sandbox)[0]["comments"] if c["author"] == PAGE]
    assert [(c["text"], c["parent_id"]) for c in mine] == [("Masih, kak!", asked)]  # one reply, never two
    assert ("was already posted" in again.stdout) is stored
    listed = jadwal("inbox", str(plan_file), "--format", "json", cwd=plan_file.parent)
    assert json.loads(listed.stdout)["comments"] == []
