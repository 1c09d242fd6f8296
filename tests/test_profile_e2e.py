"""Persistent browser profiles (`profile = "..."` on an account) instead of a session file: the login lives in
the profile folder (private), and publishing and selftest use it. Real CLI, real Chromium, the sandbox."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from test_publish_e2e import PASSWORD_VAR, PLAN, api_posts, jadwal

from scheduler.sandbox.server import SandboxServer

pytestmark = pytest.mark.e2e


def test_an_account_with_a_profile_logs_in_and_publishes_without_a_session_file(
        tmp_path: Path, sandbox: SandboxServer) -> None:
    folder = tmp_path / "plan"
    folder.mkdir()
    plan = folder / "plan.toml"
    plan.write_text(PLAN.format(url=sandbox.url).replace('session = "sessions/kopi.json"', 'profile = "profiles/kopi"'))
    profile = folder / "profiles" / "kopi"

    result = jadwal("publish", str(plan), "--post", "hello", cwd=folder)
    assert result.returncode == 1
    assert f"account kopi has no browser profile at {profile} yet" in result.stderr
    assert f"log in first: jadwal login {plan} --account kopi" in result.stderr

    result = jadwal("login", str(plan), "--account", "kopi", "--password-env", PASSWORD_VAR, cwd=folder,
                    password="kopisenja")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"logged in account kopi; session saved to {profile}\n"
    assert (profile / "Default").is_dir()
    assert stat.S_IMODE(profile.stat().st_mode) == 0o700
    assert not (folder / "sessions").exists()

    result = jadwal("publish", str(plan), "--post", "hello", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert [p["author"] for p in api_posts(sandbox)] == ["kopisenja"]
    result = jadwal("selftest", str(plan), "--account", "kopi", "--post", "hello", "--out", str(tmp_path / "out"),
                    cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
