"""`jadwal selftest`, packs, checkpoints and dialogs end to end: the real CLI, real Chromium, the sandbox.

- selftest passes in the English and the Indonesian UI, posting nothing, with a screenshot per step;
- a moved locator (the "renamed" markup: the Post button's name changed) is caught by a later fallback,
  and the table says so;
- a broken step (the "broken" markup: the button lost its test id and left the form) fails selftest at
  that step, with that step's screenshot; a user pack with the fixed locator repairs it, for selftest and
  for publishing;
- a checkpoint stops at once: reported as such, nothing typed into it, nothing posted;
- consent and "save your login info?" dialogs that show up are dismissed (declined), and the post goes out.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from test_publish_e2e import PLAN, PASSWORD_VAR, api_posts, jadwal, login

from scheduler.sandbox.server import SandboxServer

pytestmark = pytest.mark.e2e

STEPS = ["compose.open", "compose.text", "compose.submit", "profile.latest", "post.open", "post.comments",
         "profile.followers"]


@pytest.fixture
def plan_file(tmp_path: Path, sandbox: SandboxServer) -> Path:
    folder = tmp_path / "plan"
    folder.mkdir()
    path = folder / "plan.toml"
    # the "gone" post's missing picture would stop the run before the browser: selftest rehearses "hello"
    path.write_text(PLAN.format(url=sandbox.url))
    return path


def selftest(plan_file: Path, *extra: str) -> tuple[int, dict[str, Any], Path]:
    out = plan_file.parent / "selftest-out"
    result = jadwal("selftest", str(plan_file), "--account", "kopi", "--post", "hello", "--out", str(out),
                    "--format", "json", *extra, cwd=plan_file.parent)
    assert result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout), out


def one_post(sandbox: SandboxServer) -> None:
    """The account needs a post for the comment-reading steps."""
    from sandbox_client import Client

    client = Client(sandbox.url)
    client.login("kopisenja")
    assert client.compose("Kemarin: kopi susu").status == 200
    fan = Client(sandbox.url)
    fan.login("fan")
    post_id = api_posts(sandbox)[0]["id"]
    fan.get(f"/p/{post_id}")
    fan.post(f"/p/{post_id}/comments", {"text": "Enak!"})


def matched(step: dict[str, Any]) -> list[tuple[str, int]]:
    return [(m["key"], m["fallback"]) for m in step["matches"]]


@pytest.mark.parametrize("ui", ["en", "id"])
def test_selftest_walks_every_step_and_posts_nothing(plan_file: Path, sandbox: SandboxServer, ui: str) -> None:
    login(plan_file)
    one_post(sandbox)
    sandbox.set_faults(ui_language=ui)
    code, report, out = selftest(plan_file)
    assert code == 0, report
    assert report["ok"] is True
    assert [s["name"] for s in report["steps"]] == STEPS
    assert all(s["status"] == "ok" for s in report["steps"])
    by_name = {s["name"]: s for s in report["steps"]}
    assert matched(by_name["compose.text"]) == [("compose.text", 1)]
    assert [m["language"] for m in by_name["compose.text"]["matches"]] == [ui]  # the label in the site's language
    assert matched(by_name["compose.submit"]) == [("compose.submit", 1)]
    assert len(api_posts(sandbox)) == 1  # the rehearsal posted nothing
    for s in report["steps"]:  # a private screenshot per step
        shot = Path(s["screenshot"])
        assert shot.is_file() and shot.parent == out
        assert stat.S_IMODE(shot.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def test_the_human_table_names_steps_locators_and_times(plan_file: Path, sandbox: SandboxServer) -> None:
    login(plan_file)
    one_post(sandbox)
    sandbox.set_faults(markup_variant="renamed")  # the Post button is now called "Publish"
    result = jadwal("selftest", str(plan_file), "--account", "kopi", "--post", "hello", "--out",
                    str(plan_file.parent / "out"), cwd=plan_file.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("selftest of account kopi on sandbox (sandbox pack 1.0.0 (built in)); nothing was posted")
    row = next(line for line in lines if "find the Post button (not clicked)" in line)
    assert 'compose.submit: test id "post-submit" (2/3)' in row  # the first choice moved; the second caught it
    assert row.split()[0] == "3" and " ok " in row and row.rstrip().endswith("s")
    assert lines[-2] == "every step worked"


def test_a_broken_step_fails_there_with_its_screenshot_and_a_user_pack_repairs_it(
        plan_file: Path, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> None:
    login(plan_file)
    one_post(sandbox)
    sandbox.set_faults(markup_variant="broken")  # the Post button lost its test id, name and place
    code, report, out = selftest(plan_file)
    assert code == 1
    statuses = [(s["name"], s["status"]) for s in report["steps"]]
    assert statuses == [("compose.open", "ok"), ("compose.text", "ok"), ("compose.submit", "failed")]
    failed = report["steps"][2]
    assert failed["screenshot"] == str(out / "03-compose.submit-FAILED.png")
    assert Path(failed["screenshot"]).is_file() and failed["url"].endswith("/compose")
    assert report["error"].startswith("compose.submit: nothing on the page matches any of the 3 ways")
    assert "jadwal selftest PLAN --account kopi" in report["hint"] or "--account kopi" in report["hint"]

    packs = plan_file.parent / "packs"
    packs.mkdir()
    (packs / "sandbox.toml").write_text(
        'platform = "sandbox"\nversion = "1.0.0-kopi1"\n\n[locators]\n'
        '"compose.submit" = [{ role = "button", name = { en = "Share now", id = "Bagikan sekarang" } }]\n')
    text = plan_file.read_text().replace('start = 2026-12-01', 'start = 2026-12-01\npacks = "packs"', 1)
    plan_file.write_text(text)
    code, report, _out = selftest(plan_file)
    assert code == 0, report
    assert report["pack"] == f"sandbox pack 1.0.0-kopi1 (built in + {packs / 'sandbox.toml'})"
    submit = next(s for s in report["steps"] if s["name"] == "compose.submit")
    assert (submit["matches"][0]["how"], submit["matches"][0]["language"]) == ('role button "Share now"', "en")
    result = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert result.returncode == 0, result.stderr
    assert [p["text"] for p in api_posts(sandbox)][-1] == "Selamat pagi! Kopi susu gula aren hari ini."

    monkeypatch.setenv("JADWAL_PACKS", str(packs))
    result = jadwal("platforms", cwd=plan_file.parent)
    row = next(line for line in result.stdout.splitlines() if line.startswith("sandbox "))
    assert "1.0.0-kopi1" in row and str(packs / "sandbox.toml") in row


@pytest.mark.parametrize("kind", ["captcha", "suspicious_activity", "blocked", "login_challenge", "two_factor"])
def test_a_checkpoint_stops_at_once_and_nothing_is_typed(plan_file: Path, sandbox: SandboxServer, kind: str) -> None:
    login(plan_file)
    sandbox.set_faults(checkpoint=kind)
    code, report, _out = selftest(plan_file)
    assert code == 1
    assert report["checkpoint"] == kind
    [step] = report["steps"]
    assert (step["name"], step["status"], step["checkpoint"]) == ("compose.open", "failed", kind)
    assert f"/checkpoint/{kind}" in step["url"] and Path(step["screenshot"]).is_file()
    assert f"jadwal login {plan_file} --account kopi --interactive" in report["hint"]

    result = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert result.returncode == 1
    assert "jadwal stops here and types nothing into it" in result.stderr
    seen = sandbox.interrupts()
    assert seen.get(f"checkpoint_shown:{kind}", 0) == 2
    assert not [k for k in seen if k.startswith(("checkpoint_typed", "checkpoint_submitted"))], seen
    assert api_posts(sandbox) == []


@pytest.mark.parametrize("kind", ["two_factor", "login_challenge"])
def test_a_checkpoint_at_login_stops_the_login(plan_file: Path, sandbox: SandboxServer, kind: str) -> None:
    sandbox.set_faults(checkpoint={"kind": kind, "on": "login"})
    result = jadwal("login", str(plan_file), "--account", "kopi", "--password-env", PASSWORD_VAR,
                    cwd=plan_file.parent, password="kopisenja")
    assert result.returncode == 1
    assert "jadwal stops here and types nothing into it" in result.stderr
    assert "--interactive" in result.stderr
    assert not (plan_file.parent / "sessions" / "kopi.json").exists()
    seen = sandbox.interrupts()
    assert seen.get(f"checkpoint_login:{kind}") == 1
    assert not [k for k in seen if k.startswith(("checkpoint_typed", "checkpoint_submitted"))], seen


@pytest.mark.parametrize("ui", ["en", "id"])
def test_dialogs_that_show_up_are_declined_and_the_post_goes_out(
        plan_file: Path, sandbox: SandboxServer, ui: str) -> None:
    sandbox.set_faults(ui_language=ui, dialogs={"consent": 1, "save_login": 1})
    login(plan_file)  # the consent dialog shows on the login page, "save your login info?" after it
    for again, dialog in enumerate(("consent", "save_login")):  # and each again on the compose page
        sandbox.set_faults(dialogs={dialog: 1})
        copy = ["--again"] if again else []  # the second copy on purpose: the journal refuses a repeat
        result = jadwal("publish", str(plan_file), "--post", "hello", *copy, cwd=plan_file.parent)
        assert result.returncode == 0, result.stderr
    assert [p["text"] for p in api_posts(sandbox)] == ["Selamat pagi! Kopi susu gula aren hari ini."] * 2
    seen = sandbox.interrupts()
    assert seen.get("dialog_shown:consent") == 2 and seen.get("dialog_decline:consent") == 2, seen
    assert seen.get("dialog_shown:save_login") == 2 and seen.get("dialog_decline:save_login") == 2, seen
    assert not [k for k in seen if k.startswith("dialog_accept")], seen
