"""`jadwal selftest` of an Instagram account against the replica, through the real CLI and real Chromium:
every step passes in English and Indonesian and nothing is posted; a moved Share button is caught by
its later fallback; a renamed one fails selftest at that step with that step's screenshot, and a user
pack repairs it for selftest and for publishing; a checkpoint stops selftest at once."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from images import png_bytes
from replica_helpers import api_posts
from test_instagram_e2e import cli_login, jpeg, plan_file  # noqa: F401  (fixtures)
from test_publish_e2e import jadwal

from scheduler.sandbox.server import SandboxServer

pytestmark = pytest.mark.e2e

STEPS = ["compose.open", "compose.media", "compose.next", "compose.text", "compose.alt", "compose.submit",
         "profile.latest", "post.open", "post.comments", "profile.followers"]


@pytest.fixture
def ready(plan_file: Path, sandbox: SandboxServer) -> Path:  # noqa: F811
    """Logged in, with a post of the account's own and a fan's comment on it (for the reading steps)."""
    assert cli_login(plan_file).returncode == 0
    control = sandbox.replica("instagram")
    code = control.seed_post("kopisenja", "Kemarin: kopi susu", [("kopi.png", png_bytes())])
    control.seed_comment(code, "fan", "Enak!")
    return plan_file


def selftest(plan: Path, *extra: str) -> tuple[int, dict[str, Any], Path]:
    out = plan.parent / "selftest-out"
    result = jadwal("selftest", str(plan), "--account", "ig", "--post", "carousel", "--out", str(out),
                    "--format", "json", *extra, cwd=plan.parent)
    assert result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout), out


def matched(report: dict[str, Any], step: str) -> list[tuple[str, int, int]]:
    [found] = [s for s in report["steps"] if s["name"] == step]
    return [(m["key"], m["fallback"], m["of"]) for m in found["matches"]]


@pytest.mark.parametrize("ui", ["en", "id"])
def test_selftest_walks_every_step_and_posts_nothing(ready: Path, sandbox: SandboxServer, ig: str, ui: str) -> None:
    sandbox.replica("instagram").set_user("kopisenja", language=ui)
    code, report, out = selftest(ready)
    assert code == 0, report
    assert report["ok"] is True and report["pack"] == "instagram pack 1.0.0 (built in)"
    assert [s["name"] for s in report["steps"]] == STEPS
    assert all(s["status"] == "ok" for s in report["steps"])
    share = matched(report, "compose.submit")
    assert share == [("compose.submit", 1, 2)]
    [submit] = [s for s in report["steps"] if s["name"] == "compose.submit"]
    assert submit["matches"][0]["language"] == ui  # "Share" / "Bagikan": the site's language
    assert [t for t in api_posts(ig) if t["text"] != "Kemarin: kopi susu"] == []  # the rehearsal shared nothing
    for s in report["steps"]:
        shot = Path(s["screenshot"])
        assert shot.is_file() and shot.parent == out and stat.S_IMODE(shot.stat().st_mode) == 0o600


def test_a_moved_share_button_is_caught_by_its_fallback(ready: Path, sandbox: SandboxServer) -> None:
    sandbox.set_faults(markup_variant="renamed")  # Share lost its button role: only its text is left
    result = jadwal("selftest", str(ready), "--account", "ig", "--post", "carousel", "--out",
                    str(ready.parent / "out"), cwd=ready.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    row = next(line for line in result.stdout.splitlines() if "find the Post button (not clicked)" in line)
    assert 'compose.submit: text "Share" [en] (2/2)' in row  # the first choice moved; the second caught it
    assert result.stdout.splitlines()[-2] == "every step worked"


def test_a_broken_share_fails_there_and_a_user_pack_repairs_it(
        ready: Path, sandbox: SandboxServer, ig: str, monkeypatch: pytest.MonkeyPatch) -> None:
    sandbox.set_faults(markup_variant="broken")  # Share is now called "Publish"
    code, report, out = selftest(ready, "--timeout", "5")  # how long Share is looked for before giving up
    assert code == 1
    statuses = [(s["name"], s["status"]) for s in report["steps"]]
    assert statuses == [*((name, "ok") for name in STEPS[:5]), ("compose.submit", "failed")]
    failed = report["steps"][-1]
    assert failed["screenshot"] == str(out / "06-compose.submit-FAILED.png") and Path(failed["screenshot"]).is_file()
    assert report["error"].startswith("compose.submit: nothing on the page matches any of the 2 ways the "
                                      "instagram pack 1.0.0 (built in) knows to find it")
    assert "jadwal selftest" in report["hint"] and "--account ig" in report["hint"]

    packs = ready.parent / "packs"
    packs.mkdir()
    (packs / "instagram.toml").write_text(
        'platform = "instagram"\nversion = "1.0.0-kopi1"\n\n[locators]\n'
        '"compose.submit" = [{ role = "button", name = { en = "Publish", id = "Terbitkan" } }]\n')
    ready.write_text(ready.read_text().replace("end = 2026-12-01\n", 'end = 2026-12-01\npacks = "packs"\n', 1))
    code, report, _out = selftest(ready)
    assert code == 0, report
    assert report["pack"] == f"instagram pack 1.0.0-kopi1 (built in + {packs / 'instagram.toml'})"
    assert matched(report, "compose.submit") == [("compose.submit", 1, 1)]
    result = jadwal("publish", str(ready), "--post", "carousel", cwd=ready.parent)
    assert result.returncode == 0, result.stderr
    assert [p["kind"] for p in api_posts(ig)] == ["photo", "carousel"]  # the seeded one, then exactly this one

    monkeypatch.setenv("JADWAL_PACKS", str(packs))
    row = next(line for line in jadwal("platforms", cwd=ready.parent).stdout.splitlines()
               if line.startswith("instagram "))
    assert "1.0.0-kopi1" in row and str(packs / "instagram.toml") in row


def test_a_checkpoint_stops_selftest_at_once(ready: Path, sandbox: SandboxServer) -> None:
    control = sandbox.replica("instagram")
    control.set_faults(checkpoint={"kind": "captcha", "on": "pages"})
    code, report, _out = selftest(ready)
    assert code == 1 and report["checkpoint"] == "captcha"
    [step] = report["steps"]
    assert (step["name"], step["status"], step["checkpoint"]) == ("compose.open", "failed", "captcha")
    assert "/challenge/action/" in step["url"] and Path(step["screenshot"]).is_file()
    assert f"jadwal login {ready} --account ig --interactive" in report["hint"]
    assert not [k for k in control.log() if k.startswith(("checkpoint_typed", "checkpoint_submitted"))]
