"""The plan's default journal: one per plan, the same for every command and for the service's user."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.runtime.paths import default_state, is_default, state_option
from scheduler.runtime.systemd import service_state


def test_one_journal_per_plan_whatever_the_path_to_it(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path / "home")}
    one, other = tmp_path / "a" / "plan.toml", tmp_path / "b" / "plan.toml"
    for plan in (one, other):
        plan.parent.mkdir()
        plan.write_text("")
    (tmp_path / "link.toml").symlink_to(one)
    state = default_state(one, env)
    assert state.parent == tmp_path / "home" / ".local" / "state" / "jadwal"
    assert state.name.startswith("plan-") and state.suffix == ".db"
    assert default_state(tmp_path / "link.toml", env) == state  # a symlink to the plan finds its journal
    assert default_state(tmp_path / "a" / ".." / "a" / "plan.toml", env) == state
    assert default_state(other, env) != state  # same file name, another plan: another journal
    assert default_state(one, {"XDG_STATE_HOME": str(tmp_path / "xdg")}).parent == tmp_path / "xdg" / "jadwal"
    assert default_state(one, {"JADWAL_STATE": str(tmp_path / "j"), "XDG_STATE_HOME": "x"}).parent == tmp_path / "j"


def test_hints_name_the_journal_only_when_it_is_not_the_default(tmp_path: Path, monkeypatch) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text("")
    monkeypatch.setenv("JADWAL_STATE", str(tmp_path / "journals"))
    assert is_default(plan, default_state(plan)) and state_option(plan, default_state(plan)) == ""
    assert state_option(plan, tmp_path / "x.db") == f" --state {tmp_path / 'x.db'}"


def test_the_service_unit_uses_the_service_users_default(tmp_path: Path) -> None:
    from datetime import datetime, timezone

    from daemon_helpers import plan_toml

    plan = tmp_path / "plan.toml"
    plan.write_text(plan_toml([datetime(2030, 3, 4, 8, tzinfo=timezone.utc)], url="http://127.0.0.1:9",
                              session=tmp_path / "s.json"))
    expected = service_state(plan, "nobody-such-user")
    assert expected.parent == Path("/var/lib/nobody-such-user/.local/state/jadwal")
    out = CliRunner().invoke(cli, ["systemd-unit", str(plan), "--user", "nobody-such-user"])
    assert out.exit_code == 0, out.output
    assert f"daemon {plan} --state {expected}" in out.stdout
    assert f"ReadWritePaths={expected.parent}" in out.stdout.splitlines()
    assert "After=network-online.target time-sync.target" in out.stdout.splitlines()
    assert "--home-dir /var/lib/nobody-such-user --shell" in out.stdout  # the home, not the journal's folder
