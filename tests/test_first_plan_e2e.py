"""The README's "Your first plan" path, command by command, as a new user types them (issue 17).

From a starting plan to the first post on the sandbox site: `jadwal init`, `validate`, `calendar`,
`run --dry-run`, the sandbox with the user's account, `login`, `publish --dry-run`, `publish`, and the
README's advice before the daemon (take the hand-published post out: the plan still validates). The
README's commands are the ones run here (only the sandbox's address differs: a free port).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from scheduler.sandbox.server import SandboxServer

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[1]


def jadwal(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("JADWAL_SANDBOX_URL", "JADWAL_LANG")} | env
    return subprocess.run([sys.executable, "-m", "scheduler", *args], cwd=cwd, env=environ, capture_output=True,
                          text=True, timeout=180)


def readme_commands() -> list[str]:
    """The commands of the README's "Your first plan" section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Your first plan", 1)[1].split("\n## ", 1)[0]
    return [line.split("   #")[0].strip() for block in re.findall(r"```\n(.*?)```", section, re.S)
            for line in block.splitlines() if line.strip() and not line.startswith("#")]


def api_posts(server: SandboxServer) -> list[dict[str, Any]]:
    with urllib.request.urlopen(server.url + "/api/posts", timeout=10) as answer:
        return json.load(answer)


def test_the_readme_walks_from_set_up_to_the_first_published_post(
        tmp_path: Path, sandbox_factory: Any) -> None:
    commands = readme_commands()
    assert commands[:2] == ["scripts/setup", "source .venv/bin/activate"]
    steps = [shlex.split(c) for c in commands[2:]]
    names = [next(word for i, word in enumerate(step) if i and step[i - 1] == "jadwal") for step in steps]
    assert names[:9] == ["init", "validate", "calendar", "run", "sandbox", "login", "publish", "publish", "daemon"]
    server = sandbox_factory(users={"tokosaya": "rahasia123"})
    for step, name in zip(steps, names, strict=True):
        if name == "sandbox":
            continue  # started above, on a free port
        if name == "daemon":
            break  # what follows runs on the plan's own schedule
        env = dict(word.split("=", 1) for word in step[: step.index("jadwal")])  # TOKO_PASSWORD=...
        args = step[step.index("jadwal") + 1:]
        if name == "init":  # the README's account, at this test's sandbox address
            args = [a.replace("handle=tokosaya", f"handle=tokosaya,url={server.url}") for a in args]
        result = jadwal(*args, cwd=tmp_path, **env)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    posts = api_posts(server)
    assert [(p["author"], p["text"]) for p in posts] == [
        ("tokosaya", "Draft education post for 2026-12-01 09:00: write it here.")]
    assert (tmp_path / "toko-calendar.html").exists()
