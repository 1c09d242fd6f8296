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

from scheduler.cli.options import FAILURES, PLAN, STATE, open_journal, state_of, verbosity  # noqa: F401 - suggest's too
from scheduler.cli.params import between, show
from scheduler.i18n import _, ngettext

if TYPE_CHECKING:
    from scheduler.findings import Finding


def _echo_findings(findings: list[Finding]) -> None:
    from scheduler.findings import severity_word

    for f in findings:
        where = f"{f.file}:{f.line}" if f.line else f.file
        severity = severity_word(f.severity)
        click.echo(f"{where}: {severity} {f.rule} {f.slug}: {f.message}\n  " + _("fix: {hint}").format(hint=f.hint),
                   err=True)


@click.command()
@PLAN
@STATE
@click.option("--grace", type=between("0s", "30d"), default="1h", show_default=True,
              help="Publish a post late if the daemon was down at its time, up to this long (0s to 30d); after "
                   "that it is marked missed.")
@click.option("--pace", type=between("0s", "1d"), default="30s", show_default=True,
              help="At most one post per account this often (or the plan's cadence.min_gap when shorter), so "
                   "a backlog never goes out at once (0s to 1d).")
@click.option("--max-attempts", type=click.IntRange(1, 100), default=5, show_default=True,
              help="Attempts per post before it is marked failed.")
@click.option("--retry-first", type=between("1s", "1d"), default="1m", show_default=True,
              help="Wait after a first failure (1s to 1d).")
@click.option("--retry-cap", type=between("1s", "7d"), default="30m", show_default=True,
              help="Longest wait between attempts (1s to 7d, at least --retry-first).")
@click.option("--publish-timeout", type=between("10s", "4m"), default="120s", show_default=True,
              help="Hard bound on one publish or lookup; past it the browser is killed (10s to 4m: systemd's "
                   "watchdog, 5m, must see the daemon alive).")
@FAILURES
@click.option("--comment-lookback", type=between("1h", "365d"), default="14d", show_default=True,
              help="Read comments under posts published this far back, every engagement.check_every "
                   "(1h to 365d).")
@click.option("--selftest-every", type=between("1h", "30d"), default=None,
              help="Run `jadwal selftest` of each account this often (e.g. 24h; 1h to 30d), an hour before its "
                   "next post is due, and tell the owner when a step broke [default: off].")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path), help="Also log to this rotating file.")
@click.option("--log-json", is_flag=True, help="Log JSON lines instead of human lines.")
@click.pass_context
def daemon(ctx: click.Context, plan: Path, state_path: Path | None, grace: timedelta, pace: timedelta,
           max_attempts: int, retry_first: timedelta, retry_cap: timedelta, publish_timeout: timedelta,
           failures_dir: Path | None, comment_lookback: timedelta, selftest_every: timedelta | None,
           log_file: Path | None, log_json: bool) -> None:
    """Publish every post of PLAN when it is due, exactly once, until stopped (SIGTERM/SIGINT).

    Refuses to start while the plan has rule errors. Reloads the plan when the
    file changes or on SIGHUP; an edit with errors is reported and the running
    plan kept. One daemon per journal (--state), whatever the path to it.

    \b
    Example:
      jadwal daemon plans/kopi-senja.toml
    """
    if retry_cap < retry_first:
        raise click.BadParameter(_("{cap} is shorter than --retry-first {first}").format(
            cap=show(retry_cap), first=show(retry_first)), param_hint="--retry-cap")
    from scheduler.runtime.daemon import RetryPolicy
    from scheduler.runtime.startup import DaemonOptions, run_daemon

    run_daemon(DaemonOptions(
        plan=plan, state=state_of(plan, state_path), failures=failures_dir, grace=grace, pace=pace,
        retry=RetryPolicy(max_attempts, retry_first, retry_cap), publish_deadline=publish_timeout.total_seconds(),
        comment_lookback=comment_lookback, selftest_every=selftest_every, log_file=log_file, log_json=log_json,
        verbose=verbosity(ctx),
    ), on_findings=_echo_findings)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(_("{value} is not a date; write YYYY-MM-DD, e.g. 2026-12-01").format(
            value=repr(value))) from None


@click.command()
@PLAN
@click.option("--dry-run", is_flag=True, help="Required: show the timeline without publishing.")
@click.option("--from", "first", callback=_date, metavar="DATE", help="First local day to show (YYYY-MM-DD).")
@click.option("--to", "last", callback=_date, metavar="DATE", help="Last local day to show (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human", show_default=True)
def run(plan: Path, dry_run: bool, first: date | None, last: date | None, fmt: str) -> None:
    """Show what the daemon would publish, when, per day and account, with the rule checks; no browser.

    Exit status 1 when the plan has rule errors (the daemon would refuse it).

    \b
    Example:
      jadwal run plans/kopi-senja.toml --dry-run --from 2026-12-01 --to 2026-12-07
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
    unconfirmed, paused accounts, whether a daemon runs, and the next due post.

    \b
    Example:
      jadwal status plans/kopi-senja.toml
    """
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
@click.option("--account", "account_id",
              help="Which account, when the [[post]] goes to several (POST_ID as written in the plan).")
def retry(plan: Path, state_path: Path | None, post_id: str, account_id: str | None) -> None:
    """Re-queue POST_ID (unconfirmed, failed or missed) to be published now: a person's decision.

    For an unconfirmed post, first check on the site that it is not there.

    \b
    Examples:
      jadwal retry plans/kopi-senja.toml dec01-promo
      jadwal retry plans/toko.toml 1201-09 --account ig
    """
    from scheduler.plan import load_plan
    from scheduler.runtime.clock import SystemClock

    from scheduler.publishing import find_post
    from scheduler.runtime.paths import state_option

    state = state_of(plan, state_path)
    post_id = find_post(load_plan(plan), post_id, account_id,
                        command=f"jadwal retry {plan}{state_option(plan, state)} {{id}}").id
    with open_journal(plan, state) as journal:
        was = journal.requeue(post_id, SystemClock().now(), status=f"jadwal status {plan}{state_option(plan, state)}")
    click.echo(_("re-queued {id} (was {state}): a running daemon publishes it within seconds").format(
        id=post_id, state=was))


@click.command("systemd-unit")
@PLAN
@STATE
@click.option("--user", default="jadwal", show_default=True,
              help="The dedicated user the service runs as (a valid user name; not root).")
@click.option("--allow-root", is_flag=True, help="Accept --user root (Chromium then runs without its sandbox).")
def systemd_unit(plan: Path, state_path: Path | None, user: str, allow_root: bool) -> None:
    """Print a systemd unit (Type=notify, watchdog, restart on failure, hardening) for the daemon.

    The plan must load (a unit for a plan the daemon cannot read would only restart in a loop).
    Without --state, the journal is the plan's default for the service's user (the one
    `sudo -u USER jadwal status PLAN` finds).

    \b
    Example:
      jadwal systemd-unit plans/kopi-senja.toml --user jadwal
    """
    from scheduler.plan import load_plan
    from scheduler.rules.registry import check_plan
    from scheduler.runtime.systemd import service_state, unit_file, user_problem

    problem = user_problem(user, allow_root=allow_root)
    if problem is not None:
        hint = _("add --allow-root if you really mean it") if user == "root" else \
            _("e.g. --user jadwal (create it with the useradd line the unit shows)")
        raise click.BadParameter(f"{problem}; {hint}", param_hint="--user")
    loaded = load_plan(plan)
    errors = [f for f in check_plan(loaded) if f.severity == "error"]
    if errors:
        click.echo(ngettext("warning: {plan} has {count} rule error; the daemon refuses it until it is fixed "
                            "(jadwal validate {plan})",
                            "warning: {plan} has {count} rule errors; the daemon refuses it until they are fixed "
                            "(jadwal validate {plan})", len(errors)).format(plan=plan, count=len(errors)), err=True)
    if user == "root":
        click.echo(_("warning: the service runs as root: Chromium cannot use its sandbox, so a hostile page "
                     "could take the machine"), err=True)
    state = state_path.absolute() if state_path is not None else service_state(plan, user)
    try:
        text = unit_file(str(plan.absolute()), str(state), user=user)
    except ValueError:
        raise click.BadParameter(_("a path with a control character (e.g. a line break) cannot go into a "
                                   "unit file; rename it"), param_hint="PLAN / --state") from None
    click.echo(text, nl=False)
