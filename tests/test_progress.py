"""Progress on long work: silent when quick, a bar on a terminal, plain lines in a log; wired into
validate and the dry run."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler import progress as progress_mod
from scheduler.cli import cli
from scheduler.progress import Progress

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from bench_validate import JPEG, MEDIA, plan_toml  # noqa: E402


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quick_work_prints_nothing() -> None:
    out = io.StringIO()
    with Progress("validating", 3, file=out) as progress:
        for _ in range(3):
            progress.advance()
    assert out.getvalue() == ""


def test_plain_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    with Progress("reading comments", 4, file=out, delay=0, every=0) as progress:
        for _ in range(4):
            progress.advance()
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["reading comments: 1/4 (25%)", "reading comments: 2/4 (50%)"]
    assert lines[-1].startswith("reading comments: done, 4 steps in ")


def test_a_bar_on_a_terminal_and_silence_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    out = Terminal()
    with Progress("checking", 2, file=out, delay=0) as progress:
        progress.advance()
        progress.advance()
    assert "checking  [####" in out.getvalue() and "2/2" in out.getvalue()
    monkeypatch.setenv("JADWAL_PROGRESS", "off")
    quiet = Terminal()
    with Progress("checking", 2, file=quiet, delay=0) as progress:
        progress.advance(2)
    assert quiet.getvalue() == ""


def test_a_stopped_run_says_so() -> None:
    out = io.StringIO()
    with pytest.raises(RuntimeError), Progress("reading comments", 5, file=out, delay=0) as progress:
        progress.advance()
        raise RuntimeError("browser died")
    assert out.getvalue().splitlines()[-1] == "reading comments: stopped after 1 of 5 steps"


@pytest.fixture(scope="module")
def big_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    (folder / "media").mkdir()
    for m in range(MEDIA):
        (folder / "media" / f"foto-{m:02d}.jpg").write_bytes(JPEG)
    path = folder / "plan.toml"
    path.write_text(plan_toml(12_000), encoding="utf-8")
    assert path.stat().st_size > 2_000_000
    return path


@pytest.mark.slow  # a 12,000-post plan
def test_validating_a_very_large_plan_shows_progress(big_plan: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(big_plan)])
    assert result.exit_code == 0, result.output
    assert f"reading {big_plan}: 0/6 (0%)" in result.stderr
    assert "validating: done, 6 steps in " in result.stderr
    assert "OK, 12000 posts" in result.stdout and "reading" not in result.stdout


@pytest.mark.slow  # a 12,000-post plan over a year
def test_a_dry_run_over_a_year_shows_progress(big_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_mod, "PLAIN_DELAY", 0.0)
    monkeypatch.setattr(progress_mod, "PLAIN_EVERY", 0.0)
    result = CliRunner().invoke(cli, ["run", "--dry-run", str(big_plan), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert "laying out the days: " in result.stderr
    assert "dry run: done, 371 steps in " in result.stderr  # 1 read + 5 rules + 365 days
    assert result.stdout.startswith("{")


def test_a_small_plan_stays_silent() -> None:
    result = CliRunner().invoke(cli, ["validate", str(Path(__file__).resolve().parents[1] / "plans/kopi-senja.toml")])
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.e2e
def test_a_comment_check_over_many_posts_shows_progress_and_records_followers(tmp_path: Path, sandbox_factory,
                                                                               browser) -> None:
    from scheduler.runtime.clock import SystemClock
    from scheduler.comments.check import check_comments
    from scheduler.runtime.journal import Journal
    from engagement_site import USERS, build_site

    site = build_site(tmp_path, sandbox_factory(users=USERS), browser, 5)
    site.comment("p001", "fan", "Enak banget!")
    out = io.StringIO()
    with Journal(site.state) as journal, Progress("reading comments", 0, file=out, delay=0, every=0) as progress:
        report = check_comments(journal, site.plan, browser, clock=SystemClock(), failures_dir=tmp_path / "f",
                                progress=progress)
        followers = journal.measurements("ig", "followers")
    assert report.posts == 5 and report.comments == 1 and not report.errors
    lines = out.getvalue().splitlines()
    assert lines[:5] == [f"reading comments: {n}/5 ({n / 5:.0%})" for n in range(1, 6)]
    assert lines[-1].startswith("reading comments: done, 5 steps in ")
    assert [value for _, value in followers] == [0.0]  # the sandbox account has no followers yet
