"""`jadwal inbox` and `jadwal reply`: thin commands over `scheduler.comments`."""

from __future__ import annotations

import json
import shlex
from datetime import timedelta
from pathlib import Path

import click

from scheduler.runtime.state import StateRef
from scheduler.cli.options import FAILURES, PLAN, STATE, failures_default, open_journal, state_of, verbosity
from scheduler.cli.params import between
from scheduler.i18n import _


@click.command()
@PLAN
@STATE
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human", show_default=True)
@click.option("--check", is_flag=True, help="Read the comments on the site now, before listing (opens a browser).")
@click.option("--every-post", is_flag=True,
              help="With --check: open every recent post, not only those the activity page (or their age) says "
                   "may have something new.")
@click.option("--lookback", type=between("1h", "365d"), default="14d", show_default=True,
              help="Comments under posts published this far back (1h to 365d).")
@click.option("--stats", "weeks", type=click.IntRange(0, 520), default=0, metavar="WEEKS",
              help="Also show the response rate and median time to answer of the last WEEKS weeks.")
@FAILURES
@click.pass_context
def inbox(ctx: click.Context, plan: Path, state_path: StateRef | None, fmt: str, check: bool, every_post: bool,
          lookback: timedelta, weeks: int, failures_dir: Path | None) -> None:
    """Comments still waiting for the account's answer, oldest first, with their age against
    engagement.reply_within (overdue ones marked). Answer one with `jadwal reply`.

    \b
    Example:
      jadwal inbox plans/kopi-senja.toml
    """
    from scheduler.comments import inbox as view
    from scheduler.comments.stats import response_stats
    from scheduler.logs import configure
    from scheduler.plan import load_plan
    from scheduler.runtime.clock import SystemClock
    from scheduler.runtime.paths import state_option

    configure(verbosity(ctx))
    loaded = load_plan(plan)
    state = state_of(plan, state_path)
    clock = SystemClock()
    report = None
    with open_journal(plan, state) as journal:
        if check:
            from scheduler.browser import open_browser
            from scheduler.comments.check import check_comments
            from scheduler.progress import Progress

            with open_browser() as browser, Progress(_("reading comments"), 0) as progress:
                report = check_comments(journal, loaded, browser, clock=clock, lookback=lookback,
                                        failures_dir=failures_dir or failures_default(state), progress=progress,
                                        skip=set(journal.pauses()), every_post=every_post)
        now = clock.now()
        seen = view.Inbox(
            plan=loaded, plan_path=plan, now=now,
            waiting=journal.comments.unanswered(since=now - lookback, accounts=loaded.accounts),
            stats=[s for a in loaded.accounts for s in response_stats(
                journal, a, weeks, now=now, tz=loaded.tz, reply_within=loaded.engagement.reply_within)],
            check=report, reply_command=f"jadwal reply {plan}{state_option(plan, state)}")
    if fmt == "json":
        click.echo(json.dumps(view.as_json(seen), ensure_ascii=False, indent=2))
        return
    if report is not None:
        out, err = view.render_check(report)
        for line in out:
            click.echo(line)
        for line in err:
            click.echo(line, err=True)
    click.echo(view.render_human(seen))


@click.command()
@PLAN
@STATE
@click.option("--comment", "name", required=True, metavar="ID",
              help="The comment to answer: its number, as `jadwal inbox` and the alerts show it.")
@click.argument("text")
@FAILURES
@click.pass_context
def reply(ctx: click.Context, plan: Path, state_path: StateRef | None, name: str, text: str,
          failures_dir: Path | None) -> None:
    """Post TEXT as the account's reply to a comment, through the browser, and record it:
    the comment leaves the inbox.

    When the site answers the send unclearly (a block, a check, no answer), the reply may
    be posted: running the same command again looks for it under the comment first and
    posts it only if it is not there.

    \b
    Example:
      jadwal reply plans/kopi-senja.toml --comment 12 "Terima kasih, Kak!"
    """
    from scheduler.browser import open_browser
    from scheduler.comments.answer import answer, answerable
    from scheduler.logs import configure
    from scheduler.plan import load_plan
    from scheduler.runtime.clock import SystemClock
    from scheduler.runtime.paths import state_option

    configure(verbosity(ctx))
    loaded = load_plan(plan)
    state = state_of(plan, state_path)
    listing = f"jadwal inbox {plan}{state_option(plan, state)}"
    with open_journal(plan, state) as journal:
        answerable(journal, loaded, name, text, inbox=listing)  # a wrong id is told before Chromium starts
        with open_browser() as browser:
            comment, posted, found = answer(
                journal, loaded, browser, name, text, clock=SystemClock(),
                failures_dir=failures_dir or failures_default(state), inbox=listing,
                again=f"jadwal reply {shlex.quote(str(plan))}{state_option(plan, state)} --comment {name} "
                      f"{shlex.quote(text)}")
    if found:
        text = _("the reply to {author}'s comment {comment} on {post} was already posted (reply {reply}): "
                 "found it on the site, not sent again").format(
            author=comment.author, comment=comment.ref, post=comment.post_id, reply=posted.id)
    else:
        text = _("answered {author}'s comment {comment} on {post} (reply {reply})").format(
            author=comment.author, comment=comment.ref, post=comment.post_id, reply=posted.id)
    click.echo(f"{text}: {comment.post_url}" if comment.post_url else text)
