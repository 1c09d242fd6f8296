"""`jadwal init`: write a starting plan that validates as written (the logic is `scheduler.plan.starter`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import click

from scheduler.cli.params import OutputFile, make_folder, say_created


def _account(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[object]:
    from scheduler.plan.starter import parse_account

    try:
        return [parse_account(value) for value in values]
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@click.argument("plan", type=OutputFile())
@click.option("--account", "accounts", multiple=True, required=True, callback=_account, metavar="SPEC",
              help="An account to post to: its id (ig), or id=ig,platform=sandbox,handle=kopisenja,url=URL. "
                   "Repeat for several accounts.")
@click.option("--preset", type=click.Choice(["80-20", "rule-of-thirds", "5-3-2", "4-1-1"]), default="80-20",
              show_default=True, help="The content mix to start from.")
@click.option("--name", default=None, help="The plan's name [default: from the file name].")
@click.option("--goal", default=None, help="What the posts are for, in one sentence.")
@click.option("--timezone", "zone", default="Asia/Jakarta", show_default=True,
              help="Where the days are counted: an IANA name, or WIB, WITA, WIT.")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="The first day [default: tomorrow].")
@click.option("--days", type=click.IntRange(7, 366), default=28, show_default=True, help="How many days.")
@click.option("--owner", default=None, help="Who answers comments [default: Admin].")
def init(plan: Path, accounts: list[object], preset: str, name: str | None, goal: str | None, zone: str,
         start: datetime | None, days: int, owner: str | None) -> None:
    """Write a starting PLAN: a preset's mix, the accounts given, two draft posts a day.

    The plan passes `jadwal validate` as written; every post's text is a
    draft to rewrite before the daemon publishes it. An existing file is never
    overwritten.

    \b
    Example:
      jadwal init plans/batik.toml --account ig --goal "Jual batik lewat Instagram"
      jadwal init plans/toko.toml --account id=ig,handle=tokokita --account id=blog,platform=wordpress,url=https://blog.example.com
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from scheduler.i18n import _, ngettext
    from scheduler.plan.starter import AccountSpec, Starter, render
    from scheduler.plan.zones import suggest

    if plan.exists():
        raise click.UsageError(_("{path} already exists; jadwal init never overwrites a plan").format(path=plan))
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        found = suggest(zone)
        if found is None:
            raise click.BadParameter(_('{zone} is not a time zone; use e.g. "Asia/Jakarta" or WIB').format(
                zone=zone), param_hint="--timezone") from None
        zone = found.zone
    specs = [spec for spec in accounts if isinstance(spec, AccountSpec)]
    first = start.date() if start is not None else date.today() + timedelta(days=1)
    starter = Starter(name=name or plan.stem.replace("-", " ").title(),
                      goal=goal or _("Grow followers and orders through social media"), timezone=zone,
                      start=first, days=days, preset=preset, accounts=tuple(specs), owner=owner or "Admin")
    say_created(make_folder(plan))
    with plan.open("x", encoding="utf-8") as out:
        out.write(render(starter, str(plan)))
    posts = ngettext("{count} draft post", "{count} draft posts", starter.posts).format(count=starter.posts)
    click.echo(_("wrote {path}: {start} to {end} in {zone}, preset {preset}, {posts} for {accounts}").format(
        path=plan, start=starter.start, end=starter.end, zone=zone, preset=preset, posts=posts,
        accounts=", ".join(spec.id for spec in specs)))
    click.echo(_("next: write the posts' texts, then check it with: jadwal validate {path}").format(path=plan))
