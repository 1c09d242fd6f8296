"""A journal shared by several daemons (PostgreSQL, issue 16): the URL, its secret, the locks that let
daemons cooperate, one plan for all, and the errors a user meets."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from daemon_helpers import model_plan, with_text
from scheduler import cli
from scheduler.errors import StateError
from scheduler.runtime.daemon import Daemon, DaemonConfig
from scheduler.runtime.journal import Journal
from scheduler.runtime.paths import default_state, failures_for, state_home, state_option
from scheduler.runtime.slots import SLOT_BYTES, default_slots
from scheduler.runtime.state import PgUrl, pg_url, state_ref
from scheduler.runtime.clock import FakeClock
from test_daemon_loop import FakeSite

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def test_a_url_is_a_postgresql_journal_and_its_password_never_shows() -> None:
    url = state_ref("postgresql://jadwal:s3cret@db.example:5432/jadwal")
    assert isinstance(url, PgUrl)
    assert str(url) == repr(url)[6:-1] == "postgresql://jadwal:***@db.example:5432/jadwal"
    assert "s3cret" not in f"{url} {url!r}" and "s3cret" in url.secret
    assert state_ref("/var/lib/jadwal/state.db") == Path("/var/lib/jadwal/state.db")
    assert PgUrl.mask("connection failed: password=s3cret host=x") == "connection failed: password=*** host=x"


@pytest.mark.parametrize(("text", "problem"), [
    ("postgresql://jadwal:pw@db.example:port/jadwal", "not a usable PostgreSQL URL"),
    ("postgresql://jadwal:pw@db.example:5432/", "it names no database"),
    ("postgresql:///jadwal", "it names no host"),
])
def test_a_bad_url_names_the_option_and_the_form(text: str, problem: str) -> None:
    with pytest.raises(StateError) as caught:
        pg_url(text)
    assert problem in caught.value.message and "--state" in caught.value.message
    assert "pw" not in caught.value.message
    assert "postgresql://USER:PASSWORD@HOST:5432/DATABASE" in caught.value.hint


def test_jadwal_state_may_name_the_shared_journal(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    env = {"JADWAL_STATE": "postgresql://jadwal:pw@127.0.0.1/toko"}
    assert default_state(plan, env) == PgUrl("postgresql://jadwal:pw@127.0.0.1/toko")
    # the folder of a user's journals and failures is never made of the URL
    assert state_home(env, home=tmp_path) == tmp_path / ".local" / "state" / "jadwal"
    assert failures_for(PgUrl("postgresql://jadwal:pw@127.0.0.1/toko")) == state_home() / "failures"
    assert state_option(plan, PgUrl("postgresql://jadwal:pw@127.0.0.1/lain")) == \
        " --state 'postgresql://jadwal:***@127.0.0.1/lain'"


def jadwal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """The CLI as a user runs it: (exit status, stderr)."""
    monkeypatch.setattr(sys, "argv", ["jadwal", "--lang", "en", *argv])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    return int(stop.value.code or 0), capsys.readouterr().err


def test_cli_a_bad_or_unreachable_url_is_a_message_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from daemon_helpers import plan_toml

    plan = tmp_path / "plan.toml"
    plan.write_text(plan_toml([datetime.now(timezone.utc) + timedelta(days=2)], url="http://127.0.0.1:1",
                              session=tmp_path / "s.json"))
    code, err = jadwal(monkeypatch, capsys, "status", str(plan), "--state", "postgresql://u:rahasia@h:x/db")
    assert code == 2 and "Traceback" not in err
    assert "--state" in err and "rahasia" not in err and "postgresql://USER:PASSWORD@" in err
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, err = jadwal(monkeypatch, capsys, "retry", str(plan), "p000", "--state",
                       f"postgresql://u:rahasia@127.0.0.1:{port}/db")
    assert code == 1 and "Traceback" not in err
    assert "cannot reach the PostgreSQL journal postgresql://u:***@127.0.0.1" in err
    assert "rahasia" not in err and "psql" in err
    # the hint runs as printed: the address without its password (psql asks for it), never a masked one
    assert f"`psql 'postgresql://u@127.0.0.1:{port}/db' -c 'select 1'`" in err


def test_slots_default_from_free_memory() -> None:
    assert default_slots(0) == 1 and default_slots(3 * SLOT_BYTES + 1) == 3 and default_slots(100 * SLOT_BYTES) == 16


def test_cli_slots_need_a_shared_journal_and_accounts_must_be_the_plans(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from daemon_helpers import plan_toml

    plan = tmp_path / "plan.toml"
    at = datetime.now(timezone.utc) + timedelta(days=2)
    plan.write_text(plan_toml([at], url="http://127.0.0.1:1", session=tmp_path / "s.json"))
    code, err = jadwal(monkeypatch, capsys, "daemon", str(plan), "--state", str(tmp_path / "j.db"), "--slots", "2")
    assert code == 1 and "--slots 2 needs a PostgreSQL journal" in err, err
    code, err = jadwal(monkeypatch, capsys, "daemon", str(plan), "--state", str(tmp_path / "j.db"),
                       "--accounts", "ig,fb")
    assert code == 1 and "--accounts names fb, which the plan does not declare" in err, err


# -- the locks that let daemons cooperate (each Journal is one connection, as each daemon has) ---------------


def other_process(url: PgUrl) -> subprocess.Popen[str]:
    """Another process (e.g. another machine's daemon) holding the journal open: prints its identity."""
    return subprocess.Popen([sys.executable, "-c", "import sys, time; from scheduler.runtime.journal import Journal;"
                             " from scheduler.runtime.state import PgUrl; j = Journal(PgUrl(sys.argv[1]));"
                             " print(j.identity, flush=True); j.hold_account('ig'); print('held', flush=True);"
                             " time.sleep(60)", url.secret], stdout=subprocess.PIPE, text=True)


def test_an_account_is_held_by_one_process_and_after_its_death_is_quiet_for_a_while(pg_url: PgUrl) -> None:
    with Journal(pg_url) as journal:
        other = other_process(pg_url)
        try:
            claimant = other.stdout.readline().strip()
            assert other.stdout.readline().strip() == "held"
            assert journal.claimant_alive(claimant) and not journal.alone() and journal.others() == 1
            assert not journal.hold_account("ig", T0)  # the other one acts on it
            assert journal.hold_account("fb", T0)
        finally:
            other.kill()
            other.wait()
        # it died mid-action: what its browser sent may still be served, so nobody acts for the settle time
        deadline = time.monotonic() + 30  # the server notices the closed connection at once; be generous
        while journal.claimant_alive(claimant) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not journal.claimant_alive(claimant)
        assert not journal.hold_account("ig", T0, timedelta(seconds=10))
        assert not journal.hold_account("ig", T0 + timedelta(seconds=9))
        assert journal.hold_account("ig", T0 + timedelta(seconds=10))
        journal.let_go_account("ig")
        assert journal.alone()


def test_one_lead_and_the_next_takes_over(pg_url: PgUrl) -> None:
    first, second = Journal(pg_url), Journal(pg_url)
    try:
        assert first.lead() and first.lead() and not second.lead()
        first.close()  # the server drops its locks as the backend ends: a moment later
        deadline = time.monotonic() + 30
        while not second.lead() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert second.lead()
    finally:
        second.close()


def make(tmp_path: Path, journal: Journal, plan, clock: FakeClock, site: FakeSite) -> Daemon:
    config = DaemonConfig(plan_path=tmp_path / "plan.toml", state_path=tmp_path / "state.db",
                          failures_dir=tmp_path / "failures", pace=timedelta(0))
    return Daemon(config, plan, journal, site, clock=clock, loader=lambda path: (plan, []))


def test_a_daemon_whose_plan_differs_says_so_and_publishes_nothing_until_they_agree(tmp_path: Path,
                                                                                    pg_url: PgUrl) -> None:
    plan = model_plan([("a", T0, "satu"), ("b", T0 + timedelta(minutes=1), "dua")])
    older = with_text(plan, "b", "dua (lama)")
    clock = FakeClock(T0 - timedelta(minutes=5))
    with Journal(pg_url) as j1, Journal(pg_url) as j2:
        running = make(tmp_path, j1, plan, clock, FakeSite())
        site = FakeSite()
        j2.identity = "host-b/1:2"  # another machine's daemon, with last week's plan
        stale = make(tmp_path, j2, older, clock, site)
        assert stale.differs is not None and j2.get("b").text_hash == j1.get("b").text_hash  # nothing overwritten
        alerts = [e for e in j1.events(alerts_only=True) if e.kind == "plan_differs"]
        assert len(alerts) == 1 and "differs from the one the journal runs" in alerts[0].message
        clock.set(T0 + timedelta(minutes=2))
        stale.step()
        assert site.calls == [] and j1.get("a").state == "pending"
        stale.adopt(plan)  # its file was copied over: the same plan again
        stale.step()
        clock.advance(timedelta(seconds=5))  # the account's pace between its two posts
        stale.step()
        assert stale.differs is None and sorted(site.calls) == ["a", "b"]
        assert running.plan_agrees()


@pytest.mark.slow
def test_a_server_that_goes_away_is_a_journal_that_cannot_be_written_until_it_is_back() -> None:
    """A PostgreSQL outage is told and waited out like a full disk: nothing recorded meanwhile is lost,
    and the journal connects again by itself."""
    from scheduler.errors import JournalUnwritable
    from scheduler.platforms.base import PublishedRef

    script = Path(__file__).resolve().parent.parent / "scripts" / "postgres"
    import shutil
    import tempfile

    top = Path(tempfile.mkdtemp(prefix="jadwal-pg-outage-"))  # the server's user must reach it (pytest's is 0700)
    top.chmod(0o755)
    folder = top / "pg"
    server = subprocess.run([str(script), "start", str(folder)], check=True, capture_output=True, text=True,
                            timeout=120).stdout.strip().splitlines()[-1]
    try:
        url = PgUrl(server.replace("jadwal@", "jadwal:rahasia@"))
        with Journal(url) as journal:
            journal.sync(model_plan([("a", T0, "satu")]), T0)
            subprocess.run([str(script), "stop", str(folder)], check=True, timeout=120)
            with pytest.raises(JournalUnwritable) as caught:
                journal.claim("a", T0)
            assert "cannot write the PostgreSQL journal postgresql://jadwal:***@" in caught.value.message
            assert "rahasia" not in caught.value.message and "pg_isready" in caught.value.hint
            with pytest.raises(JournalUnwritable):
                journal.probe()
            subprocess.run([str(script), "resume", str(folder)], check=True, timeout=120)
            journal.probe()
            assert journal.get("a").state == "pending"  # the claim that failed left nothing behind
            assert journal.claim("a", T0) == 1
            journal.published("a", PublishedRef("1", "http://site/p/1"), T0)
            assert journal.get("a").state == "published"
    finally:
        subprocess.run([str(script), "stop", str(folder)], check=False, timeout=120)
        shutil.rmtree(top, ignore_errors=True)
