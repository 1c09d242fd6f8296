"""Alerting the owner about comments left unanswered past `engagement.reply_within`.

Each comment is alerted once: the alert is written to the journal's outbox (its
events) and its comments marked `alerted_at` in one transaction; the daemon's
outbox sends it from there (`scheduler.runtime.outbox`), so a crash can neither
lose it nor tell it twice. A target that fails is logged, not retried: the inbox
and `jadwal status` still show it.
Comments that go overdue in the same check are told in one message per
account, so a busy post does not flood the owner's phone.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.i18n import _, ngettext
from scheduler.plan.durations import format_duration as human
from scheduler.timeline import preview

if TYPE_CHECKING:
    from scheduler.plan.model import Plan
    from scheduler.runtime.journal import Journal
    from scheduler.runtime.journal_comments import StoredComment

#: shown in one alert at most; the rest are counted
SHOWN = 5


def alert_overdue(journal: Journal, plan: Plan, now: datetime, *, since: datetime,
                  reply_command: str | None = None) -> list[StoredComment]:
    """Put an alert in the outbox for the comments newly past the service level; returns them.

    `reply_command` starts the answer command shown for each comment (`jadwal reply PLAN`, with
    `--state` when the journal is not the plan's default)."""
    within = plan.engagement.reply_within
    if within is None:
        return []
    due = [c for c in journal.comments.to_alert(now, within, since=since) if c.account in plan.accounts]
    by_account: dict[str, list[StoredComment]] = {}
    for comment in due:
        by_account.setdefault(comment.account, []).append(comment)
    owner = plan.engagement.owner or _("the owner")
    command = reply_command or f"jadwal reply {plan.path}"
    for account_id, comments in by_account.items():
        account = plan.accounts[account_id]
        n = len(comments)
        title = ngettext("jadwal: {count} comment unanswered on {handle} ({account})",
                         "jadwal: {count} comments unanswered on {handle} ({account})", n).format(
            count=n, handle=account.handle, account=account_id)
        lines = [ngettext("{owner}, this has waited longer than {duration} (engagement.reply_within):",
                          "{owner}, these have waited longer than {duration} (engagement.reply_within):", n).format(
            owner=owner, duration=human(within))]
        for c in comments[:SHOWN]:
            lines.append(_('- {author} {age} ago: "{text}" {url}\n  answer: {command} --comment {comment} "..."').format(
                author=c.author, age=human(c.age(now)), text=preview(c.text, 12), url=c.post_url or "",
                command=command, comment=c.ref))
        if n > SHOWN:
            lines.append(_("... and {count} more: see `{command}`").format(
                count=n - SHOWN, command=command.replace("jadwal reply ", "jadwal inbox ", 1)))
        body = "\n".join(lines)
        logger.warning("ALERT unanswered: {} comment(s) on {} past {}", n, account_id, human(within))
        message = f"{title}: " + "; ".join(f"{c.author}: {preview(c.text, 8)}" for c in comments[:SHOWN])
        journal.comments.record_alert(comments, now, message=message, title=title, body=body)
    return due
