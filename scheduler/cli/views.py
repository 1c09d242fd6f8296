"""`jadwal calendar` and `jadwal report`: the plan and its results, to look at rather than read.

Thin commands: the views live in `scheduler.views`; these parse options, load,
call them and say where the files went.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click

from scheduler.cli.params import OutputFile, make_folder, say_created
from scheduler.cli.options import STATE, open_journal, state_of

PLAN = click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
OUT = OutputFile()


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """An output file that cannot be written is the user's to fix (a path, a permission), not a bug."""
    try:
        yield
    except OSError as exc:
        raise click.FileError(str(path), hint=exc.strerror or str(exc)) from None


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a time; write e.g. 2026-12-20T12:00+07:00") from None
    if when.tzinfo is None:
        raise click.BadParameter(f"{value!r} has no offset; write e.g. 2026-12-20T12:00+07:00")
    return when


@click.command()
@PLAN
@click.option("--html", "html_path", type=OUT, help="Write the month calendar as a self-contained HTML page.")
@click.option("--ics", "ics_path", type=OUT, help="Write one iCalendar event per post (for Google Calendar, a phone).")
def calendar(plan: Path, html_path: Path | None, ics_path: Path | None) -> None:
    """Show PLAN as a month calendar: each day's posts in time order, coloured by type, days that break a rule marked.

    Without --html or --ics, writes PLAN's page into the current folder
    (kopi-senja-calendar.html for plans/kopi-senja.toml). The page opens
    offline (no scripts, nothing fetched), shows a month grid on a computer and
    a list by day on a phone, and previews each post as its platform will show
    it. The ICS file holds one event per post in the plan's timezone, with a
    UID that stays the same when the post is edited.

    \b
    Example:
      jadwal calendar plans/kopi-senja.toml
      jadwal calendar plans/kopi-senja.toml --html var/calendar.html --ics var/kopi-senja.ics
    """
    if html_path is None and ics_path is None:  # the page, in the current folder
        html_path = Path(f"{plan.stem}-calendar.html")
    from scheduler.i18n import _, ngettext
    from scheduler.plan import load_plan
    from scheduler.progress import Progress
    from scheduler.rules.registry import check_plan, load_rules

    messages = []
    created: list[Path | None] = []
    try:
        with Progress("reading {plan}".format(plan=plan), 1) as progress:
            loaded = load_plan(plan)
            progress.advance()
            if html_path is not None:
                from scheduler.views import calendar_html
                from scheduler.views.calendar import build

                progress.phase("checking the rules")
                progress.add_total(len(load_rules()) + 1)
                view = build(loaded, check_plan(loaded, on_rule=lambda rule: progress.advance()))
                progress.phase("writing the calendar page")
                with _writing(html_path):
                    created.append(make_folder(html_path))
                    calendar_html.write(view, html_path)
                progress.advance()
                messages.append(_("calendar written to {path} ({posts}, {months}): open it in a browser").format(
                    path=html_path, posts=ngettext("{count} post", "{count} posts", view.posts).format(count=view.posts),
                    months=ngettext("{count} month", "{count} months", len(view.months)).format(
                        count=len(view.months))))
            if ics_path is not None:
                from scheduler.views import calendar_ics

                progress.phase("making the events")
                progress.add_total(len(loaded.posts))
                with _writing(ics_path):
                    created.append(make_folder(ics_path))
                    calendar_ics.write(loaded, ics_path, tick=progress.advance)
                messages.append("iCalendar written to {path} ({posts} events)".format(
                    path=ics_path, posts=len(loaded.posts)))
            progress.phase("calendar")
    finally:  # what was written is said even when the next file fails
        for folder in created:
            say_created(folder)
        for message in messages:
            click.echo(message)


@click.command()
@PLAN
@STATE
@click.option("--html", "html_path", type=OUT, help="Also write the report with its charts as an HTML page.")
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human", show_default=True,
              help="human: one short block per rule; json: all the report's data.")
@click.option("--as-of", "as_of", callback=_as_of, metavar="TIME",
              help="Judge as of this time (ISO 8601 with offset) instead of now.")
def report(plan: Path, state_path: Path | None, html_path: Path | None, fmt: str, as_of: datetime | None) -> None:
    """Compare PLAN with what happened: the five rules, planned versus actual.

    Targets against their planned line, the type mix per week, posts published,
    failed and missed per day with the posting streak, and how many comments were
    answered and how fast, per week. Before the daemon's first run (no journal
    yet), the plan alone: its findings, planned mix per week and posts per day.

    \b
    Example:
      jadwal report plans/kopi-senja.toml --html var/report.html
    """
    from scheduler.i18n import _
    from scheduler.plan import load_plan
    from scheduler.rules.registry import check_plan
    from scheduler.views import report as report_view

    loaded = load_plan(plan)
    state = state_of(plan, state_path)
    if state_path is None and not state.exists():  # before the first run: the plan alone
        data = report_view.build(loaded, None, check_plan(loaded), now=as_of)
    else:
        with open_journal(plan, state) as journal:
            data = report_view.build(loaded, journal, check_plan(loaded), now=as_of)
    if fmt == "json":
        click.echo(json.dumps(data.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(report_view.render_human(data))
    if html_path is not None:
        from scheduler.views import report_html

        with _writing(html_path):
            say_created(make_folder(html_path))
            report_html.write(data, html_path)
        click.echo(_("report written to {path}").format(path=html_path), err=fmt == "json")
