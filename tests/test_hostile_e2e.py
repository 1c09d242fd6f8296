"""Real Chromium against the sandbox: a dry run's screenshot (a logged-in page) is private whatever the
umask, and the folder made for it is said (issue 12)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from images import png_bytes
from test_publish_e2e import PLAN, api_posts  # its plan holds the post with a picture this test needs

from scheduler.sandbox.server import SandboxServer

pytestmark = pytest.mark.e2e


def jadwal(*args: str, cwd: Path, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JADWAL_LANG": "en", "JADWAL_TEST_PASSWORD": "kopisenja"}
    return subprocess.run([sys.executable, "-m", "scheduler", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, preexec_fn=lambda: os.umask(umask))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_dry_run_screenshot_is_private_whatever_the_umask(tmp_path: Path, sandbox: SandboxServer) -> None:
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "pixel.png").write_bytes(png_bytes())
    plan = folder / "plan.toml"
    plan.write_text(PLAN.format(url=sandbox.url))
    login = jadwal("login", str(plan), "--account", "kopi", "--password-env", "JADWAL_TEST_PASSWORD", cwd=folder)
    assert login.returncode == 0, login.stderr

    default = jadwal("publish", str(plan), "--post", "pic", "--dry-run", cwd=folder, umask=0)
    assert default.returncode == 0, default.stderr
    assert "created the folder jadwal-dry-run" in default.stderr
    shot = folder / default.stdout.strip().rpartition(": ")[2]
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert (mode(shot.parent), mode(shot)) == (0o700, 0o600)

    chosen = folder / "shots" / "what-goes-out.png"  # one missing folder: made and said
    given = jadwal("publish", str(plan), "--post", "pic", "--dry-run", "--screenshot", str(chosen), cwd=folder, umask=0)
    assert given.returncode == 0, given.stderr
    assert f"created the folder {chosen.parent}" in given.stderr
    assert (mode(chosen.parent), mode(chosen)) == (0o700, 0o600)
    assert api_posts(sandbox) == []

