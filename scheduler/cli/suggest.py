"""`jadwal suggest`: the best times to post from each account's own history, and a re-timed copy of the plan.

Thin: the figures live in `scheduler.insights`; this loads, calls and prints.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from scheduler.cli.daemon import _date
from scheduler.cli.options import PLAN, STATE, open_journal, state_of
from scheduler.cli.views import _as_of
from scheduler.i18n import _, ngettext


@click.command()
@PLAN
@STATE
@click.option("--retime", "copy", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write a copy of PLAN with the coming days' posts moved out of slots far below the best "
                   "(checked against the five rules before it is written; PLAN itself is never changed).")
@click.option("--from", "first", callback=_date, metavar="DATE",
              help="First local day to re-time (YYYY-MM-DD) [default: tomorrow, or the plan's start].")
@click.option("--to", "last", callback=_date, metavar="DATE", help="Last local day to re-time [default: 7 days on].")
@click.option("--force", is_flag=True, help="Replace FILE when it exists (never PLAN).")
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human", show_default=True)
@click.option("--as-of", "as_of", callback=_as_of, metavar="TIME",
              help="Judge as of this time (ISO 8601 with offset) instead of now.")
def suggest(plan: Path, state_path: Path | None, copy: Path | None, first: object, last: object, force: bool, fmt: str,
            as_of: datetime | None) -> None:
    """The best times to post, from what each account's own posts earned (likes, comments, shares, saves,
    compared 24 h after publishing). Said only where there is enough history: at least 3 hours of the day
    with 3 or more posts each. With --retime, writes a re-timed copy of the coming days.

    \b
    Example:
      jadwal suggest plans/kopi-senja.toml
    """
    from scheduler.runtime.clock import SystemClock
    from scheduler.insights import suggest as advice
    from scheduler.insights.figures import histories
    from scheduler.plan import load_plan

    if first and last and first > last:  # type: ignore[operator]
        raise click.BadParameter(f"--from {first} is after --to {last}")
    loaded = load_plan(plan)
    now = as_of or SystemClock().now()
    with open_journal(plan, state_of(plan, state_path)) as journal:
        found = histories(loaded, journal, now)
        settled = {r.id for r in journal.posts() if r.state != "pending"}
    moves: list[advice.Move] = []
    span = None
    if copy is not None:
        span = advice.period(loaded, now, first, last)  # type: ignore[arg-type]
        moves, _retimed = advice.retime(loaded, found, now, *span, settled=settled)
        if moves:
            advice.write_copy(loaded, moves, copy, force=force)
    if fmt == "json":
        click.echo(json.dumps({
            "plan": str(plan), "now": now.isoformat(),
            "accounts": {a: h.as_json() for a, h in found.items()},
            "retime": None if copy is None else {
                "file": str(copy) if moves else None, "from": span[0].isoformat(), "to": span[1].isoformat(),  # type: ignore[index]
                "moves": [m.as_json() for m in moves]},
        }, ensure_ascii=False, indent=2))
        return
    click.echo(_("{plan}: best times to post, from each account's own posts (compared by their reading 24 h "
                 "after publishing)").format(plan=loaded.name))
    for account, history in found.items():
        click.echo("")
        for line in advice.describe(history, loaded.accounts[account].handle):
            click.echo(line)
    if copy is None:
        return
    click.echo("")
    first_day, last_day = span  # type: ignore[misc]
    if not moves:
        click.echo(_("nothing to re-time from {first} to {last}: no coming post sits in a slot far below its "
                     "account's best (or no better slot keeps the rules); {copy} not written").format(
            first=first_day, last=last_day, copy=copy))
        return
    click.echo(ngettext("re-timed {count} post from {first} to {last}:",
                        "re-timed {count} posts from {first} to {last}:", len(moves)).format(
        count=len(moves), first=first_day, last=last_day))
    for move in moves:
        click.echo("  " + _("{post} ({account})  {day} {old} -> {new}  (median {before} -> {after} engagements)").format(
            post=move.post.id, account=move.post.account, day=move.post.day, old=move.post.local.strftime("%H:%M"),
            new=move.to.strftime("%H:%M"), before=advice.number(move.before.median),
            after=advice.number(move.after.median)))
    click.echo(_("wrote {copy}: it keeps the five rules (checked where it was written); {plan} is unchanged. "
                 "Use it with: jadwal validate {copy}").format(copy=copy, plan=plan))
