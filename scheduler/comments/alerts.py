"""Alerting the owner about comments left unanswered past `engagement.reply_within`.

Each comment is alerted once: `alerted_at` is set when the alert is written to
the journal's events and handed to the notifier (a target that fails is logged
by the notifier, not retried: the inbox and `jadwal status` still show it).
Comments that go overdue in the same check are told in one message per
account, so a busy post does not flood the owner's phone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.comments import store
from scheduler.i18n import _, ngettext
from scheduler.plan.durations import format_duration as human
from scheduler.timeline import preview

if TYPE_CHECKING:
    from scheduler.runtime.journal import Journal
    from scheduler.plan.model import Plan

#: shown in one alert at most; the rest are counted
SHOWN = 5


def alert_overdue(journal: Journal, plan: Plan, now: datetime, *, since: datetime,
                  notify: Callable[[str, str], None]) -> list[store.StoredComment]:
    """Tell the owner about comments newly past the service level; returns them."""
    within = plan.engagement.reply_within
    if within is None:
        return []
    due = [c for c in store.to_alert(journal, now, within, since=since) if c.account in plan.accounts]
    by_account: dict[str, list[store.StoredComment]] = {}
    for comment in due:
        by_account.setdefault(comment.account, []).append(comment)
    owner = plan.engagement.owner or _("the owner")
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
            lines.append(_('- {author} {age} ago: "{text}" {url} (jadwal reply ... --comment {comment})').format(
                author=c.author, age=human(c.age(now)), text=preview(c.text, 12), url=c.post_url or "", comment=c.id))
        if n > SHOWN:
            lines.append(_("... and {count} more: see `jadwal inbox`").format(count=n - SHOWN))
        body = "\n".join(lines)
        logger.warning("ALERT unanswered: {} comment(s) on {} past {}", n, account_id, human(within))
        journal.add_event(now, "unanswered", f"{title}: " + "; ".join(
            f"{c.author}: {preview(c.text, 8)}" for c in comments[:SHOWN]), comments[0].post_id, alert=True)
        store.mark_alerted(journal, comments, now)
        notify(title, body)
    return due
