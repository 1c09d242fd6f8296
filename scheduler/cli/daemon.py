"""`jadwal daemon`, `run --dry-run`, `status`, `retry` and `systemd-unit`: thin commands.

The logic lives in `scheduler.daemon`, `scheduler.journal` and `scheduler.timeline`;
these parse options, call it and print. Heavy modules are imported inside.
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scheduler.cli.params import between, show
from scheduler.errors import ConfigError, StateError
from scheduler.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from scheduler.findings import Finding
    from scheduler.journal import Journal, PostReading, PostRow

PLAN = click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
STATE = click.option("--state", "state_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
                     help="The state database (SQLite), e.g. /var/lib/jadwal/state.db.")


def verbosity(ctx: click.Context) -> int:
    """How many -v the user gave `jadwal` (for `scheduler.logs.configure`)."""
    return int((ctx.find_root().obj or {}).get("verbose", 0))


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
@click.option("--failures", "failures_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where failures leave a screenshot and trace [default: failures/ next to the state].")
@click.option("--comment-lookback", type=between("1h", "365d"), default="14d", show_default=True,
              help="Read comments under posts published this far back, every engagement.check_every "
                   "(1h to 365d).")
@click.option("--selftest-every", type=between("1h", "30d"), default=None,
              help="Run `jadwal selftest` of each account this often (e.g. 24h; 1h to 30d), an hour before its "
                   "next post is due, and tell the owner when a step broke [default: off].")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path), help="Also log to this rotating file.")
@click.option("--log-json", is_flag=True, help="Log JSON lines instead of human lines.")
@click.pass_context
def daemon(ctx: click.Context, plan: Path, state_path: Path, grace: timedelta, pace: timedelta,
           max_attempts: int, retry_first: timedelta, retry_cap: timedelta, publish_timeout: timedelta,
           failures_dir: Path | None, comment_lookback: timedelta, selftest_every: timedelta | None,
           log_file: Path | None, log_json: bool) -> None:
    """Publish every post of PLAN when it is due, exactly once, until stopped (SIGTERM/SIGINT).

    Refuses to start while the plan has rule errors. Reloads the plan when the
    file changes or on SIGHUP; an edit with errors is reported and the running
    plan kept. One daemon per --state.
    """
    if retry_cap < retry_first:
        raise click.BadParameter(_("{cap} is shorter than --retry-first {first}").format(
            cap=show(retry_cap), first=show(retry_first)), param_hint="--retry-cap")
    from loguru import logger

    from scheduler.browser import find_chromium
    from scheduler.browser_publisher import BrowserPublisher
    from scheduler.daemon import Daemon, DaemonConfig, PlanRejected, RetryPolicy, StateLock, load_checked, describe
    from scheduler.journal import Journal, private_dir, private_file
    from scheduler.logs import configure

    try:  # private before anything (a log file in the same folder) creates them with the umask's modes
        private_dir(state_path.parent)
        if log_file is not None:
            private_file(log_file)
    except OSError as exc:
        raise StateError(_("cannot create {path}: {reason}").format(path=exc.filename, reason=exc.strerror),
                         _("give --state (and --log-file) paths in folders this user can write")) from exc
    configure(verbosity(ctx), log_file=log_file, json_lines=log_json)
    if os.geteuid() == 0:
        logger.warning("RUNNING AS ROOT: Chromium cannot use its sandbox, so a hostile page could take the "
                       "machine. Run jadwal as a dedicated user (see `jadwal systemd-unit`).")
    try:
        loaded, findings = load_checked(plan)
    except PlanRejected as exc:
        _echo_findings(exc.findings)
        raise
    for finding in findings:
        logger.warning("{}", describe(finding))
    try:
        private_file(state_path)
    except OSError as exc:
        raise StateError(_("cannot write the state database {path}: {reason}").format(
            path=state_path, reason=exc.strerror), _("give --state a path in a folder this user can write")) from exc
    lock = StateLock(state_path)
    lock.acquire()
    try:
        failures = failures_dir or state_path.parent / "failures"
        try:
            private_dir(failures)
        except OSError as exc:
            raise ConfigError(_("cannot write the failures folder {path}: {reason}").format(
                path=failures, reason=exc.strerror), _("give --failures a folder this user can write")) from exc
        find_chromium()  # a missing browser is a start-up error, not a surprise at the first due post
        config = DaemonConfig(
            plan_path=plan, state_path=state_path, failures_dir=failures, grace=grace, pace=pace,
            retry=RetryPolicy(max_attempts, retry_first, retry_cap),
            publish_deadline=publish_timeout.total_seconds(),
        )
        with Journal(state_path) as journal:
            publisher = BrowserPublisher(failures, deadline=config.publish_deadline, plan=plan)
            running = Daemon(config, loaded, journal, publisher)
            from scheduler.comments.worker import attach

            checker = attach(running, lookback=comment_lookback)  # comment checks (own thread) and notifications
            if selftest_every is not None:
                from scheduler.selftest_worker import attach as attach_selftest

                attach_selftest(running, every=selftest_every, notify=checker.notify)
            running.run()
        logger.info("stopped")
    finally:
        lock.release()


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


def open_journal(state_path: Path) -> Journal:
    """The journal a daemon has written, for the commands that read it; never creates one."""
    from scheduler.journal import Journal

    if not state_path.exists():
        raise StateError(_("no state database at {path}").format(path=state_path),
                         _("start `jadwal daemon PLAN --state PATH` first, or check the --state path"))
    return Journal(state_path)


def _row_json(row: PostRow, texts: dict[str, str], readings: Sequence[PostReading] = (),
              next_reading: datetime | None = None) -> dict[str, object]:
    return {
        "id": row.id, "account": row.account, "state": row.state, "due_at": row.due_at.isoformat(),
        "attempt": row.attempt, "next_try_at": row.next_try_at.isoformat() if row.next_try_at else None,
        "url": row.url, "remote_id": row.remote_id,
        "published_at": row.published_at.isoformat() if row.published_at else None,
        "last_error": row.last_error, "artifacts": list(row.artifacts), "in_plan": row.in_plan,
        "edited_after_publish": row.edited_after_publish, "text": texts.get(row.id),
        "readings": [{"measured_at": r.measured_at.isoformat(), "values": r.values,
                      "age_seconds": (r.measured_at - row.published_at).total_seconds() if row.published_at else None}
                     for r in readings],
        "next_reading_at": next_reading.isoformat() if next_reading else None,
    }


#: how `jadwal status` counts the posts of each journal state
COUNT_WORDS = {
    "pending": N_("{count} pending"),
    "publishing": N_("{count} publishing"),
    "published": N_("{count} published"),
    "retry_wait": N_("{count} retry wait"),
    "unconfirmed": N_("{count} unconfirmed"),
    "failed": N_("{count} failed"),
    "missed": N_("{count} missed"),
}


@click.command()
@PLAN
@STATE
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="List every published post, not only the latest 10.")
def status(plan: Path, state_path: Path, fmt: str, show_all: bool) -> None:
    """What the journal knows: published (with URL), due, failed (with reason and artifacts), missed,
    unconfirmed, and the next due post."""
    from scheduler.clock import SystemClock
    from scheduler.plan import load_plan
    from scheduler.timeline import preview

    loaded = load_plan(plan)
    now = SystemClock().now()
    from scheduler.insights.readings import MAX_AGE, next_due, shown

    with open_journal(state_path) as journal:
        rows = journal.posts()
        counts = journal.counts()
        alerts = journal.events(alerts_only=True, limit=10)
        readings = journal.post_readings()  # each published post's numbers (likes, views...)
        next_reading = {s.post_id: next_due(s) for s in journal.reading_states(now - MAX_AGE)}
    known = {r.id for r in rows}
    unseen = [p for p in loaded.posts if p.id not in known]  # added since the daemon last loaded the plan
    waiting = sorted([r for r in rows if r.in_plan and r.state in ("pending", "retry_wait")],
                     key=lambda r: r.next_try_at or r.due_at)
    nxt = waiting[0] if waiting else None
    texts = {p.id: p.text for p in loaded.posts}
    if fmt == "json":
        click.echo(json.dumps({
            "plan": str(plan), "state": str(state_path), "now": now.isoformat(),
            "counts": counts | {"not_in_journal": len(unseen)},
            "next": _row_json(nxt, texts) if nxt else None,
            "posts": [_row_json(r, texts, readings.get(r.id, ()), next_reading.get(r.id)) for r in rows],
            "alerts": [{"at": a.at.isoformat(), "kind": a.kind, "post_id": a.post_id, "message": a.message}
                       for a in alerts],
        }, ensure_ascii=False, indent=2))
        return
    tz = loaded.tz

    def when(row: PostRow) -> str:
        return row.due_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")

    told = [_(COUNT_WORDS.get(s, "{count} " + s)).format(count=n) for s, n in counts.items() if n]
    if unseen:
        told.append(_("{count} not yet seen by the daemon").format(count=len(unseen)))
    click.echo(f"{loaded.name}: " + ", ".join(told))
    if nxt:
        click.echo(_("next: {id} ({account}) at {time}  {text}").format(
            id=nxt.id, account=nxt.account,
            time=f"{(nxt.next_try_at or nxt.due_at).astimezone(tz):%Y-%m-%d %H:%M:%S %Z}",
            text=preview(texts.get(nxt.id, ''), 6)))
    else:
        click.echo(_("next: nothing waiting"))
    published = [r for r in rows if r.state == "published"]
    sections: list[tuple[str, list[PostRow], str]] = [
        (_("due next"), [r for r in waiting if r.state == "pending"][:5], "text"),
        (_("published"), published if show_all else published[-10:], "url"),
        (_("publishing now (or left in flight)"), [r for r in rows if r.state == "publishing"], ""),
        (_("unconfirmed: check the site, then `jadwal retry` if it is not there"),
         [r for r in rows if r.state == "unconfirmed"], "error"),
        (_("failed"), [r for r in rows if r.state == "failed"], "error"),
        (_("missed"), [r for r in rows if r.state == "missed"], ""),
        (_("waiting to retry"), [r for r in rows if r.state == "retry_wait"], "retry"),
    ]
    for title, items, extra in sections:
        if not items:
            continue
        if extra == "url" and len(items) < len(published):
            title = _("{title} (latest {shown} of {total}; --all for every one)").format(
                title=title, shown=len(items), total=len(published))
        click.echo("\n" + _("{title}:").format(title=title))
        for r in items:
            line = f"  {when(r)}  {r.id}  {r.account}"
            if extra == "url":
                line += f"  {r.url}" + ("  " + _("(text edited after publishing; not republished)")
                                        if r.edited_after_publish else "")
            elif extra == "retry" and r.next_try_at:
                line += "  " + _("attempt {attempt}, next try {time}: {error}").format(
                    attempt=r.attempt, time=f"{r.next_try_at.astimezone(tz):%H:%M:%S}", error=r.last_error)
            elif extra == "error":
                line += f"  {r.last_error}"
            elif extra == "text":
                line += f"  {preview(texts.get(r.id, ''), 6)}"
            click.echo(line)
            if extra == "url" and readings.get(r.id) and r.published_at is not None:
                latest = readings[r.id][-1]
                click.echo("      " + shown(latest.values, latest.measured_at - r.published_at))
            if r.artifacts and r.state in ("failed", "unconfirmed", "retry_wait"):
                click.echo("      " + _("saved: {paths}").format(paths=", ".join(r.artifacts)))
    if alerts:
        click.echo("\n" + _("recent alerts:"))
        for a in alerts:
            click.echo(f"  {a.at.astimezone(tz):%Y-%m-%d %H:%M}  {a.kind}  {a.post_id or ''}  {a.message}")


@click.command()
@PLAN
@STATE
@click.argument("post_id")
def retry(plan: Path, state_path: Path, post_id: str) -> None:
    """Re-queue POST_ID (unconfirmed, failed or missed) to be published now: a person's decision.

    For an unconfirmed post, first check on the site that it is not there.
    """
    from scheduler.clock import SystemClock
    from scheduler.plan import load_plan

    loaded = load_plan(plan)
    if post_id not in {p.id for p in loaded.posts}:
        raise ConfigError(_("{plan} has no post {id}").format(plan=plan, id=repr(post_id)),
                          _("use the post's `id` from the plan"))
    with open_journal(state_path) as journal:
        was = journal.requeue(post_id, SystemClock().now())
    click.echo(_("re-queued {id} (was {state}): a running daemon publishes it within seconds").format(
        id=post_id, state=was))


@click.command("systemd-unit")
@PLAN
@STATE
@click.option("--user", default="jadwal", show_default=True,
              help="The dedicated user the service runs as (a valid user name; not root).")
@click.option("--allow-root", is_flag=True, help="Accept --user root (Chromium then runs without its sandbox).")
def systemd_unit(plan: Path, state_path: Path, user: str, allow_root: bool) -> None:
    """Print a systemd unit (Type=notify, watchdog, restart on failure, hardening) for the daemon.

    The plan must load (a unit for a plan the daemon cannot read would only restart in a loop)."""
    from scheduler.plan import load_plan
    from scheduler.rules.registry import check_plan
    from scheduler.systemd import unit_file, user_problem

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
    try:
        text = unit_file(str(plan.absolute()), str(state_path.absolute()), user=user)
    except ValueError:
        raise click.BadParameter(_("a path with a control character (e.g. a line break) cannot go into a "
                                   "unit file; rename it"), param_hint="PLAN / --state") from None
    click.echo(text, nl=False)
