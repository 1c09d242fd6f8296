"""Issue 17, one id for a post: a `[[post]]` written once for `account = ["kopi", "fb"]` becomes
`both-kopi` and `both-fb`. The id as written with `--account` finds it (publish, retry), so does the
real id; the dry run lists the real ids; the message for an id that goes to several accounts names
them and gives a command that works as printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.errors import ConfigError
from scheduler.i18n import set_language
from scheduler.plan import load_plan
from scheduler.publishing import find_post
from scheduler.sandbox.server import SandboxServer

PLAN = """\
[plan]
name = "one id"
goal = "prove the id as written works"
timezone = "Asia/Jakarta"
start = 2026-12-01
end = 2026-12-01

[[account]]
id = "kopi"
platform = "sandbox"
url = "{url}"
handle = "kopisenja"
session = "sessions/kopi.json"

[[account]]
id = "fb"
platform = "sandbox"
url = "{url}"
handle = "kopisenja"
session = "sessions/fb.json"

[types.education]

[[post]]
id = "both"
account = ["kopi", "fb"]
at = 2026-12-01T09:00:00
type = "education"
text = "Selamat pagi dari dua akun."

[[post]]
id = "solo"
account = "kopi"
at = 2026-12-01T12:00:00
type = "education"
text = "Hanya di satu akun."
"""


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def write_plan(folder: Path, url: str = "http://127.0.0.1:9") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "plan.toml"
    path.write_text(PLAN.format(url=url), encoding="utf-8")
    return path


def test_the_id_as_written_with_its_account_finds_the_post(tmp_path: Path) -> None:
    plan = load_plan(write_plan(tmp_path))
    both, solo = (i + 1 for i, line in enumerate(PLAN.splitlines()) if line == "[[post]]")
    assert sorted(p.id for p in plan.posts) == ["both-fb", "both-kopi", "solo"]
    assert find_post(plan, "both", "fb").id == "both-fb"
    assert find_post(plan, "both-fb").account == "fb"  # the real id still works
    assert find_post(plan, "both-kopi", "kopi").id == "both-kopi"
    assert find_post(plan, "solo", "kopi").id == "solo"
    with pytest.raises(ConfigError) as several:
        find_post(plan, "both", command="jadwal publish plan.toml --post {id}")
    assert several.value.message == (f"{plan.file}:{both}: post 'both' goes to several accounts (fb, kopi): one post "
                                     "each, both-fb, both-kopi")
    assert several.value.hint == "say which account, e.g. jadwal publish plan.toml --post both --account fb"
    with pytest.raises(ConfigError) as wrong:
        find_post(plan, "solo", "fb")
    assert wrong.value.message == f"{plan.file}:{solo}: post 'solo' goes to kopi, not to account fb"


def test_the_dry_run_lists_the_real_ids(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", str(write_plan(tmp_path)), "--dry-run"])  # rule errors: exit 1
    rows = [line.split()[:3] for line in result.output.splitlines() if line.startswith("  09:00")]
    assert rows == [["09:00", "fb", "both-fb"], ["09:00", "kopi", "both-kopi"]]


def jadwal(*args: str, cwd: Path, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "JADWAL_SANDBOX_URL"}
    env["JADWAL_STATE"] = str(cwd / "journals")
    if password is not None:
        env["JADWAL_TEST_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "scheduler", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def api_posts(server: SandboxServer) -> list[dict[str, Any]]:
    with urllib.request.urlopen(server.url + "/api/posts", timeout=10) as answer:
        return json.load(answer)


@pytest.mark.e2e
def test_publish_and_retry_take_the_id_as_written_with_account(tmp_path: Path, sandbox: SandboxServer) -> None:
    """Through the journal, as `jadwal publish` goes: the id as written publishes `both-kopi`, which is
    then refused as published under either name; retry takes the same form."""
    plan = write_plan(tmp_path / "plan", sandbox.url)
    folder = plan.parent
    logged = jadwal("login", str(plan), "--account", "kopi", "--password-env", "JADWAL_TEST_PASSWORD",
                    cwd=folder, password="kopisenja")
    assert logged.returncode == 0, logged.stderr
    refused = jadwal("publish", str(plan), "--post", "both", cwd=folder)
    assert refused.returncode == 1 and api_posts(sandbox) == []
    assert f"fix: say which account, e.g. jadwal publish {plan} --post both --account fb" in refused.stderr
    done = jadwal("publish", str(plan), "--post", "both", "--account", "kopi", cwd=folder)
    assert done.returncode == 0, done.stderr
    [post] = api_posts(sandbox)
    assert post["text"] == "Selamat pagi dari dua akun."
    assert done.stdout == f"published post both-kopi of account kopi: {post['permalink']}\n"
    again = jadwal("publish", str(plan), "--post", "both-kopi", cwd=folder)
    assert again.returncode == 1 and f"post both-kopi is already published: {post['permalink']}" in again.stderr
    retry = jadwal("retry", str(plan), "both", "--account", "kopi", cwd=folder)
    assert retry.returncode == 1 and "both-kopi" in retry.stderr and "published" in retry.stderr
    status = jadwal("status", str(plan), cwd=folder)
    assert status.returncode == 0 and f"both-kopi  kopi  {post['permalink']}" in status.stdout, status.stdout
