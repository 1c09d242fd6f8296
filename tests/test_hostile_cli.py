"""Options and commands that must say a clear "no" and change nothing (issue 12): durations out of
range, a unit file for a bad user or a plan that does not load, output folders that do not exist, and
a plan file deleted under a running daemon."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from daemon_helpers import model_plan

from scheduler.cli import cli
from scheduler.runtime.clock import FakeClock
from scheduler.runtime.daemon import Daemon, DaemonConfig
from scheduler.runtime.journal import Journal
from scheduler.platforms.base import PublishedRef

ROOT = Path(__file__).parents[1]
KOPI = str(ROOT / "plans" / "kopi-senja.toml")
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


# -- durations -------------------------------------------------------------------------------

DAEMON = ["daemon", KOPI, "--state"]
INBOX = ["inbox", KOPI, "--state"]


@pytest.mark.parametrize(("command", "option", "value", "range_"), [
    (DAEMON, "--grace", "999999d", "0s to 30d"),
    (DAEMON, "--pace", "2d", "0s to 1d"),
    (DAEMON, "--retry-first", "0s", "1s to 1d"),
    (DAEMON, "--retry-cap", "8d", "1s to 7d"),
    (DAEMON, "--publish-timeout", "0s", "10s to 4m"),
    (DAEMON, "--publish-timeout", "1h", "10s to 4m"),
    (DAEMON, "--comment-lookback", "999999d", "1h to 365d"),
    (DAEMON, "--grace", "99999999999999999999d", "0s to 30d"),  # beyond what a timedelta holds
    (INBOX, "--lookback", "999999d", "1h to 365d"),
    (INBOX, "--lookback", "0s", "1h to 365d"),
])
def test_every_duration_option_has_a_range(tmp_path: Path, command: list[str], option: str, value: str,
                                           range_: str) -> None:
    state = tmp_path / "state" / "state.db"
    result = invoke(*command, str(state), option, value)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '{option}': {value} is out of range: give a duration from {range_}")
    assert not state.parent.exists()  # nothing written


def test_a_duration_in_another_form_says_what_is_valid(tmp_path: Path) -> None:
    result = invoke(*INBOX, str(tmp_path / "s.db"), "--lookback", "1.5h")
    assert result.exit_code == 2 and result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--lookback': '1.5h' is not a duration; write a whole number and a unit: "
        's, m, h or d, e.g. "90s", "30m", "4h", "2d"')


def test_retry_cap_below_retry_first_is_refused(tmp_path: Path) -> None:
    result = invoke(*DAEMON, str(tmp_path / "s" / "s.db"), "--retry-first", "1h", "--retry-cap", "30m")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for --retry-cap: 30m is shorter than --retry-first 1h"
    assert not (tmp_path / "s").exists()


def test_other_numeric_options_have_ranges(tmp_path: Path) -> None:
    assert invoke("publish", KOPI, "--post", "x", "--timeout", "1e308").exit_code == 2
    assert invoke("publish", KOPI, "--post", "x", "--timeout", "0").exit_code == 2
    assert invoke("sandbox", "--latency-ms", "99999999").exit_code == 2
    assert invoke("sandbox", "--session-ttl", "1e12").exit_code == 2


def test_the_indonesian_message_keeps_the_range() -> None:
    result = invoke("--lang", "id", "inbox", KOPI, "--state", "s.db", "--lookback", "999999d")
    assert result.exit_code == 2 and "999999d" in result.stderr and "1h" in result.stderr and "365d" in result.stderr
    assert "out of range" not in result.stderr


# -- systemd-unit ------------------------------------------------------------------------------


def unit(*args: str) -> Result:
    return invoke("systemd-unit", KOPI, "--state", "/var/lib/jadwal/state.db", *args)


@pytest.mark.parametrize("user", ["root; rm -rf /", "-jadwal", "Jadwal", "ja dwal", "j" * 33, "", "jadwal\n"])
def test_systemd_unit_refuses_what_is_not_a_user_name(user: str) -> None:
    result = unit("--user", user)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for --user: {user!r} is not a valid user name: lower-case letters, digits, _ and -, "
        "starting with a letter or _, at most 32 characters; e.g. --user jadwal (create it with the useradd line "
        "the unit shows)")


def test_systemd_unit_refuses_root_unless_asked_and_then_warns() -> None:
    refused = unit("--user", "root")
    assert refused.exit_code == 2 and refused.stdout == ""
    assert "add --allow-root if you really mean it" in refused.stderr
    allowed = unit("--user", "root", "--allow-root")
    assert allowed.exit_code == 0 and "\nUser=root\n" in allowed.stdout
    assert allowed.stderr.startswith("warning: the service runs as root")


@pytest.mark.slow  # the real command, twice
def test_systemd_unit_refuses_a_plan_that_does_not_load(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.toml"
    garbage.write_text("this is not = = toml", encoding="utf-8")
    for plan, first in ((tmp_path / "missing.toml", f"error: {tmp_path / 'missing.toml'}: "),
                        (garbage, f"error: {garbage}:1: TOML syntax error")):
        result = jadwal("systemd-unit", str(plan), "--state", "/var/lib/jadwal/state.db")
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.startswith(first) and "Traceback" not in result.stderr


def test_systemd_unit_quotes_paths_and_escapes_specifiers(tmp_path: Path) -> None:
    folder = tmp_path / "my plans 100%"
    folder.mkdir()
    plan = folder / "kopi.toml"
    plan.write_text(Path(KOPI).read_text(encoding="utf-8").replace("../sessions", "sessions"), encoding="utf-8")
    result = invoke("systemd-unit", str(plan), "--state", "/var/lib/jadwal $HOME/state.db")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    exec_start = next(line for line in lines if line.startswith("ExecStart="))
    assert exec_start.endswith(f'daemon "{str(plan).replace("%", "%%")}" --state "/var/lib/jadwal $$HOME/state.db"')
    assert 'ReadWritePaths="/var/lib/jadwal $HOME"' in lines
    useradd = next(line for line in lines if "useradd" in line)
    assert shlex.split(useradd.lstrip("# "))[4] == "/var/lib/jadwal $HOME"  # a shell word, copy-paste safe


def test_systemd_unit_refuses_a_path_with_a_line_break(tmp_path: Path) -> None:
    result = invoke("systemd-unit", KOPI, "--state", "/var/lib/x\nExecStartPre=/bin/rm -rf /\n/state.db")
    assert result.exit_code == 2 and result.stdout == "" and "control character" in result.stderr


# -- output files ------------------------------------------------------------------------------


def test_an_output_deep_in_missing_folders_is_refused_before_any_work(tmp_path: Path) -> None:
    for option in ("--html", "--ics"):
        result = invoke("calendar", KOPI, option, "/nonexistent/dir/calendar.out")
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1] == (
            f"Error: Invalid value for '{option}': the folder /nonexistent does not exist; create it first "
            "(mkdir -p /nonexistent/dir) or choose another path")
    result = invoke("publish", KOPI, "--post", "dec01-edukasi", "--dry-run", "--screenshot", "/nonexistent/dir/x.png")
    assert result.exit_code == 2 and "the folder /nonexistent does not exist" in result.stderr
    assert not Path("/nonexistent").exists()


def test_one_missing_output_folder_is_created_and_said(tmp_path: Path) -> None:
    page, ics = tmp_path / "out" / "calendar.html", tmp_path / "ics" / "kopi.ics"
    result = invoke("calendar", KOPI, "--html", str(page), "--ics", str(ics))
    assert result.exit_code == 0, result.output
    assert page.is_file() and ics.is_file()
    assert f"created the folder {tmp_path / 'out'}" in result.stderr
    assert f"created the folder {tmp_path / 'ics'}" in result.stderr


# -- a plan file deleted under the daemon -------------------------------------------------------


class Site:
    active = False

    def __init__(self) -> None:
        self.calls: list[str] = []

    def warm(self) -> None:
        self.active = True

    def close(self) -> None:
        self.active = False

    def publish(self, account, post) -> PublishedRef:  # type: ignore[no-untyped-def]
        self.calls.append(post.id)
        return PublishedRef(post.id, f"http://site/p/{post.id}")

    def find(self, account, post, since):  # type: ignore[no-untyped-def]
        return None


def test_a_deleted_plan_file_is_said_once_and_the_plan_in_memory_keeps_running(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text("v1")
    clock, site = FakeClock(T0 - timedelta(minutes=1)), Site()
    with Journal(tmp_path / "state.db") as journal:
        daemon = Daemon(DaemonConfig(plan_file, tmp_path / "state.db", tmp_path / "failures"),
                        model_plan([("a", T0, "satu")]), journal, site, clock=clock)
        plan_file.unlink()
        assert daemon.check_reload() is False
        assert daemon.check_reload() is False  # said once
        alerts = journal.events(alerts_only=True)
        assert [(a.kind, a.message) for a in alerts] == [(
            "plan_missing", f"the plan file {plan_file} is gone; still running the plan as it was loaded "
                            "(put the file back to change it)")]
        clock.set(T0)
        daemon.step()
        assert site.calls == ["a"]  # the plan in memory still publishes


def jadwal(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "JADWAL_LANG": "en"})


def test_the_real_daemon_refuses_bad_options_without_a_traceback(tmp_path: Path) -> None:
    """As a user runs it: exit 2, the option named, no 'internal error'."""
    result = jadwal("daemon", KOPI, "--state", str(tmp_path / "s.db"), "--grace", "999999d")
    assert result.returncode == 2 and "'--grace'" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
