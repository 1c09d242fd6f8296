"""What `jadwal inbox` tells: comments waiting for the account's answer, as JSON or for a person.

Each comment is named by its journal number (the one `jadwal reply --comment`
takes), with its age against `engagement.reply_within`; optionally what a check
just read and the response statistics per week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.i18n import _, ngettext, percent
from scheduler.plan.durations import format_duration as human
from scheduler.timeline import preview

if TYPE_CHECKING:
    from scheduler.comments.check import CheckReport
    from scheduler.comments.stats import WeekStats
    from scheduler.plan.model import Plan
    from scheduler.runtime.journal_comments import StoredComment


@dataclass(frozen=True, slots=True)
class Inbox:
    plan: Plan
    plan_path: Path
    now: datetime
    waiting: list[StoredComment]
    stats: list[WeekStats]
    check: CheckReport | None  # what a check just read (`--check`)
    #: `jadwal reply PLAN [--state PATH]`: how an answer is sent
    reply_command: str


def as_json(inbox: Inbox) -> dict[str, object]:
    within = inbox.plan.engagement.reply_within
    now = inbox.now
    report = inbox.check
    return {
        "plan": str(inbox.plan_path), "now": now.isoformat(), "owner": inbox.plan.engagement.owner,
        "reply_within_seconds": within.total_seconds() if within else None,
        "check": None if report is None else {
            "posts": report.posts, "comments": report.comments, "new": report.new,
            "answered": report.answered, "seconds": round(report.seconds, 3), "errors": report.errors,
            "readings": report.readings, "readings_failed": report.readings_failed},
        "comments": [{
            "id": c.ref, "site_id": c.id, "post_id": c.post_id, "account": c.account, "author": c.author,
            "text": c.text, "parent_id": c.parent_id, "created_at": c.created_at.isoformat(),
            "age_seconds": round(c.age(now).total_seconds()), "post_url": c.post_url,
            "overdue": c.overdue_by(now, within) is not None,
            "overdue_by_seconds": round(o.total_seconds()) if (o := c.overdue_by(now, within)) else None,
            "alerted": c.alerted_at is not None,
        } for c in inbox.waiting],
        "stats": [s.as_json() for s in inbox.stats],
    }


def render_check(report: CheckReport) -> tuple[list[str], list[str]]:
    """What a check read (lines for stdout) and what it could not (lines for stderr)."""
    read = _("read {comments} comments under {posts} posts in {seconds}s").format(
        comments=report.comments, posts=report.posts, seconds=f"{report.seconds:.1f}")
    if report.new:
        read = _("{read} ({count} new)").format(read=read, count=report.new)
    if report.readings:
        read = ngettext("{read}; the numbers of {count} post read (likes, views...: see `jadwal status`)",
                        "{read}; the numbers of {count} posts read (likes, views...: see `jadwal status`)",
                        report.readings).format(read=read, count=report.readings)
    return [read], ["  " + _("could not read: {problem}").format(problem=problem) for problem in report.errors]


def render_human(inbox: Inbox) -> str:
    plan, now = inbox.plan, inbox.now
    within = plan.engagement.reply_within
    out: list[str] = []
    level = (_("reply within {duration}").format(duration=human(within)) if within
             else _("no engagement.reply_within set"))
    if plan.engagement.owner:
        level = _("{level}; owner {owner}").format(level=level, owner=plan.engagement.owner)
    waiting = inbox.waiting
    if not waiting:
        out.append(_("{plan}: no comment waiting for an answer ({level})").format(plan=plan.name, level=level))
    else:
        n = len(waiting)
        out.append(ngettext("{plan}: {count} comment waiting for an answer ({level})",
                            "{plan}: {count} comments waiting for an answer ({level})", n).format(
            plan=plan.name, count=n, level=level) + "\n")
        for c in waiting:
            late = c.overdue_by(now, within)
            age = _("{duration} ago").format(duration=human(c.age(now)))
            if late is not None:
                age += "  " + _("OVERDUE by {duration}").format(duration=human(late))
            out.append("  " + _("{comment}  {author}  on {post} ({account})  {age}").format(
                comment=c.ref, author=c.author, post=c.post_id, account=c.account, age=age))
            out.append(f"      {preview(c.text, 30)}")
            if c.post_url:
                out.append(f"      {c.post_url}")
        out.append("\n" + _("answer one: {command}").format(command=f'{inbox.reply_command} --comment ID "..."'))
    if inbox.stats:
        out.append("\n" + _("response (week starting, account: answered/received, median time to answer):"))
        for s in inbox.stats:
            rate = percent(s.response_rate) if s.response_rate is not None else "-"
            median = human(s.median_response) if s.median_response is not None else "-"
            if s.within_sla is not None and s.answered:
                line = _("{week}  {account}: {answered}/{received} ({rate}), median {median}, "
                         "{within} within the level")
            else:
                line = _("{week}  {account}: {answered}/{received} ({rate}), median {median}")
            out.append("  " + line.format(week=s.week, account=s.account, answered=s.answered,
                                          received=s.received, rate=rate, median=median, within=s.within_sla))
    return "\n".join(out)
