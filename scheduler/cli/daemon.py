"""`jadwal daemon`, `run --dry-run`, `status`, `retry` and `systemd-unit`: thin commands.

The logic lives in `scheduler.runtime` (`startup` checks and runs the daemon,
`status` reads and renders the journal) and `scheduler.timeline`; these parse
options, call it and print. Heavy modules are imported inside.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scheduler.cli.options import DURATION, PLAN, STATE, open_journal, state_of, verbosity
from scheduler.errors import ConfigError
from scheduler.i18n import _

if TYPE_CHECKING:
    from scheduler.findings import Finding


def _echo_findings(findings: list[Finding]) -> None:
    for f in findings:
        where = f"{f.file}:{f.line}" if f.line else f.file
        severity = _("error") if f.severity == "error" else _("warning")
        click.echo(f"{where}: {severity} {f.rule} {f.slug}: {f.message}\n  " + _("fix: {hint}").format(hint=f.hint),
                   err=True)


@click.command()
@PLAN
@STATE
@click.option("--grace", type=DURATION, default="1h", show_default=True,
              help="Publish a post late if the daemon was down at its time, up to this long; after that it is "
                   "marked missed.")
@click.option("--pace", type=DURATION, default="30s", show_default=True,
              help="At most one post per account this often (or the plan's cadence.min_gap when shorter), so "
                   "a backlog never goes out at once.")
@click.option("--max-attempts", type=click.IntRange(1, 100), default=5, show_default=True,
              help="Attempts per post before it is marked failed.")
@click.option("--retry-first", type=DURATION, default="1m", show_default=True, help="Wait after a first failure.")
@click.option("--retry-cap", type=DURATION, default="30m", show_default=True, help="Longest wait between attempts.")
@click.option("--publish-timeout", type=DURATION, default="120s", show_default=True,
              help="Hard bound on one publish or lookup; past it the browser is killed.")
@click.option("--failures", "failures_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where failures leave a screenshot and trace [default: failures/ next to the state].")
@click.option("--comment-lookback", type=DURATION, default="14d", show_default=True,
              help="Read comments under posts published this far back (every engagement.check_every).")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path), help="Also log to this rotating file.")
@click.option("--log-json", is_flag=True, help="Log JSON lines instead of human lines.")
@click.pass_context
def daemon(ctx: click.Context, plan: Path, state_path: Path | None, grace: timedelta, pace: timedelta,
           max_attempts: int, retry_first: timedelta, retry_cap: timedelta, publish_timeout: timedelta,
           failures_dir: Path | None, comment_lookback: timedelta, log_file: Path | None, log_json: bool) -> None:
    """Publish every post of PLAN when it is due, exactly once, until stopped (SIGTERM/SIGINT).

    Refuses to start while the plan has rule errors. Reloads the plan when the
    file changes or on SIGHUP; an edit with errors is reported and the running
    plan kept. One daemon per journal (--state), whatever the path to it.
    """
    from scheduler.runtime.daemon import RetryPolicy
    from scheduler.runtime.startup import DaemonOptions, run_daemon

    run_daemon(DaemonOptions(
        plan=plan, state=state_of(plan, state_path), failures=failures_dir, grace=grace, pace=pace,
        retry=RetryPolicy(max_attempts, retry_first, retry_cap), publish_deadline=publish_timeout.total_seconds(),
        comment_lookback=comment_lookback, log_file=log_file, log_json=log_json, verbose=verbosity(ctx),
    ), on_findings=_echo_findings)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2026-12-01") from None


@click.command()
@PLAN
@click.option("--dry-run", is_flag=True, help="Required: show the timeline without publishing.")
@click.option("--from", "first", callback=_date, metavar="DATE", help="First local day to show (YYYY-MM-DD).")
@click.option("--to", "last", callback=_date, metavar="DATE", help="Last local day to show (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human", show_default=True)
def run(plan: Path, dry_run: bool, first: date | None, last: date | None, fmt: str) -> None:
    """Show what the daemon would publish, when, per day and account, with the rule checks; no browser.

    Exit status 1 when the plan has rule errors (the daemon would refuse it).
    """
    if not dry_run:
        raise click.UsageError("`jadwal run` only simulates: add --dry-run (to publish, use `jadwal daemon`)")
    if first and last and first > last:
        raise click.BadParameter(f"--from {first} is after --to {last}")
    from scheduler.plan import load_plan
    from scheduler.progress import Progress
    from scheduler.rules.registry import check_plan, load_rules
    from scheduler.timeline import as_json, build, render_human

    with Progress("reading {plan}".format(plan=plan), 1 + len(load_rules())) as progress:
        loaded = load_plan(plan)
        progress.advance()
        progress.phase("checking the rules")
        timeline = build(loaded, check_plan(loaded, on_rule=lambda rule: progress.advance()), first=first,
                         last=last)
        progress.phase("laying out the days")
        progress.add_total(len({p.day for p in timeline.posts}))
        text = (json.dumps(as_json(timeline, progress.advance), ensure_ascii=False, indent=2) if fmt == "json"
                else render_human(timeline, progress.advance))
        progress.phase("dry run")
    click.echo(text)
    if timeline.errors:
        raise click.exceptions.Exit(1)


@click.command()
@PLAN
@STATE
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="List every published post, not only the latest 10.")
def status(plan: Path, state_path: Path | None, fmt: str, show_all: bool) -> None:
    """What the journal knows: published (with URL), due, failed (with reason and artifacts), missed,
    unconfirmed, paused accounts, whether a daemon runs, and the next due post."""
    from scheduler.plan import load_plan
    from scheduler.runtime.clock import SystemClock
    from scheduler.runtime.status import as_json, read_status, render_human

    loaded = load_plan(plan)
    with open_journal(plan, state_of(plan, state_path)) as journal:
        seen = read_status(loaded, plan, journal, SystemClock().now())
    if fmt == "json":
        click.echo(json.dumps(as_json(seen), ensure_ascii=False, indent=2))
    else:
        click.echo(render_human(seen, show_all=show_all))


@click.command()
@PLAN
@STATE
@click.argument("post_id")
def retry(plan: Path, state_path: Path | None, post_id: str) -> None:
    """Re-queue POST_ID (unconfirmed, failed or missed) to be published now: a person's decision.

    For an unconfirmed post, first check on the site that it is not there.
    """
    from scheduler.plan import load_plan
    from scheduler.runtime.clock import SystemClock

    loaded = load_plan(plan)
    if post_id not in {p.id for p in loaded.posts}:
        raise ConfigError(_("{plan} has no post {id}").format(plan=plan, id=repr(post_id)),
                          _("use the post's `id` from the plan"))
    from scheduler.runtime.paths import state_option

    state = state_of(plan, state_path)
    with open_journal(plan, state) as journal:
        was = journal.requeue(post_id, SystemClock().now(), status=f"jadwal status {plan}{state_option(plan, state)}")
    click.echo(_("re-queued {id} (was {state}): a running daemon publishes it within seconds").format(
        id=post_id, state=was))


@click.command("systemd-unit")
@PLAN
@STATE
@click.option("--user", default="jadwal", show_default=True, help="The dedicated user the service runs as.")
def systemd_unit(plan: Path, state_path: Path | None, user: str) -> None:
    """Print a systemd unit (Type=notify, watchdog, restart on failure, hardening) for the daemon.

    Without --state, the journal is the plan's default for the service's user (the one
    `sudo -u USER jadwal status PLAN` finds)."""
    from scheduler.runtime.systemd import service_state, unit_file

    state = state_path.absolute() if state_path is not None else service_state(plan, user)
    click.echo(unit_file(str(plan.absolute()), str(state), user=user), nl=False)
