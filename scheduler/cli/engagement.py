"""`jadwal inbox` and `jadwal reply`: thin commands over `scheduler.comments`."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import click

from scheduler.cli.daemon import PLAN, STATE, open_journal, verbosity
from scheduler.cli.params import between
from scheduler.i18n import _, ngettext

FAILURES = click.option("--failures", "failures_dir", type=click.Path(file_okay=False, path_type=Path),
                        help="Where a failure leaves a screenshot [default: failures/ next to the state].")


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
def inbox(ctx: click.Context, plan: Path, state_path: Path, fmt: str, check: bool, every_post: bool,
          lookback: timedelta, weeks: int, failures_dir: Path | None) -> None:
    """Comments still waiting for the account's answer, oldest first, with their age against
    engagement.reply_within (overdue ones marked). Answer one with `jadwal reply`."""
    from scheduler.clock import SystemClock
    from scheduler.comments import store
    from scheduler.comments.alerts import human
    from scheduler.comments.stats import response_stats
    from scheduler.logs import configure
    from scheduler.plan import load_plan
    from scheduler.timeline import preview

    configure(verbosity(ctx))
    loaded = load_plan(plan)
    clock = SystemClock()
    report = None
    with open_journal(state_path) as journal:
        if check:
            from scheduler.browser import open_browser
            from scheduler.comments.check import check_comments
            from scheduler.progress import Progress

            with open_browser() as browser, Progress(_("reading comments"), 0) as progress:
                report = check_comments(journal, loaded, browser, clock=clock, lookback=lookback,
                                        failures_dir=failures_dir or state_path.parent / "failures",
                                        progress=progress, every_post=every_post)
        now = clock.now()
        waiting = store.unanswered(journal, since=now - lookback, accounts=loaded.accounts)
        stats = [s for a in loaded.accounts for s in response_stats(
            journal, a, weeks, now=now, tz=loaded.tz, reply_within=loaded.engagement.reply_within)]
    within = loaded.engagement.reply_within
    if fmt == "json":
        click.echo(json.dumps({
            "plan": str(plan), "now": now.isoformat(), "owner": loaded.engagement.owner,
            "reply_within_seconds": within.total_seconds() if within else None,
            "check": None if report is None else {
                "posts": report.posts, "comments": report.comments, "new": report.new,
                "answered": report.answered, "seconds": round(report.seconds, 3), "errors": report.errors,
                "readings": report.readings, "readings_failed": report.readings_failed},
            "comments": [{
                "id": c.id, "key": c.key, "post_id": c.post_id, "account": c.account, "author": c.author,
                "text": c.text, "parent_id": c.parent_id, "created_at": c.created_at.isoformat(),
                "age_seconds": round(c.age(now).total_seconds()), "post_url": c.post_url,
                "overdue": c.overdue_by(now, within) is not None,
                "overdue_by_seconds": round(o.total_seconds()) if (o := c.overdue_by(now, within)) else None,
                "alerted": c.alerted_at is not None,
            } for c in waiting],
            "stats": [s.as_json() for s in stats],
        }, ensure_ascii=False, indent=2))
        return
    if report is not None:
        read = _("read {comments} comments under {posts} posts in {seconds}s").format(
            comments=report.comments, posts=report.posts, seconds=f"{report.seconds:.1f}")
        if report.new:
            read = _("{read} ({count} new)").format(read=read, count=report.new)
        if report.readings:
            read = ngettext("{read}; the numbers of {count} post read (likes, views...: see `jadwal status`)",
                            "{read}; the numbers of {count} posts read (likes, views...: see `jadwal status`)",
                            report.readings).format(read=read, count=report.readings)
        click.echo(read)
        for problem in report.errors:
            click.echo("  " + _("could not read: {problem}").format(problem=problem), err=True)
    level = (_("reply within {duration}").format(duration=human(within)) if within
             else _("no engagement.reply_within set"))
    if loaded.engagement.owner:
        level = _("{level}; owner {owner}").format(level=level, owner=loaded.engagement.owner)
    if not waiting:
        click.echo(_("{plan}: no comment waiting for an answer ({level})").format(plan=loaded.name, level=level))
    else:
        n = len(waiting)
        click.echo(ngettext("{plan}: {count} comment waiting for an answer ({level})",
                            "{plan}: {count} comments waiting for an answer ({level})", n).format(
            plan=loaded.name, count=n, level=level) + "\n")
        bare = [c.id for c in waiting]
        for c in waiting:
            late = c.overdue_by(now, within)
            age = _("{duration} ago").format(duration=human(c.age(now)))
            if late is not None:
                age += "  " + _("OVERDUE by {duration}").format(duration=human(late))
            name = c.id if bare.count(c.id) == 1 else c.key
            click.echo("  " + _("{comment}  {author}  on {post} ({account})  {age}").format(
                comment=name, author=c.author, post=c.post_id, account=c.account, age=age))
            click.echo(f"      {preview(c.text, 30)}")
            if c.post_url:
                click.echo(f"      {c.post_url}")
        click.echo("\n" + _("answer one: {command}").format(
            command=f'jadwal reply {plan} --state {state_path} --comment ID "..."'))
    if stats:
        click.echo("\n" + _("response (week starting, account: answered/received, median time to answer):"))
        for s in stats:
            rate = f"{s.response_rate:.0%}" if s.response_rate is not None else "-"
            median = human(s.median_response) if s.median_response is not None else "-"
            if s.within_sla is not None and s.answered:
                line = _("{week}  {account}: {answered}/{received} ({rate}), median {median}, "
                         "{within} within the level")
            else:
                line = _("{week}  {account}: {answered}/{received} ({rate}), median {median}")
            click.echo("  " + line.format(week=s.week, account=s.account, answered=s.answered,
                                          received=s.received, rate=rate, median=median, within=s.within_sla))


@click.command()
@PLAN
@STATE
@click.option("--comment", "name", required=True, metavar="ID",
              help="The comment to answer, as `jadwal inbox` shows it (ID, or POST_ID/ID).")
@click.argument("text")
@FAILURES
@click.pass_context
def reply(ctx: click.Context, plan: Path, state_path: Path, name: str, text: str,
          failures_dir: Path | None) -> None:
    """Post TEXT as the account's reply to a comment, through the browser, and record it:
    the comment leaves the inbox."""
    from scheduler.browser import open_browser
    from scheduler.clock import SystemClock
    from scheduler.comments.answer import answer, answerable
    from scheduler.logs import configure
    from scheduler.plan import load_plan

    configure(verbosity(ctx))
    loaded = load_plan(plan)
    with open_journal(state_path) as journal:
        answerable(journal, loaded, name, text)  # a wrong id is told before Chromium starts
        with open_browser() as browser:
            comment, posted = answer(journal, loaded, browser, name, text, clock=SystemClock(),
                                     failures_dir=failures_dir or state_path.parent / "failures")
    text = _("answered {author}'s comment {comment} on {post} (reply {reply})").format(
        author=comment.author, comment=comment.id, post=comment.post_id, reply=posted.id)
    click.echo(f"{text}: {comment.post_url}" if comment.post_url else text)
