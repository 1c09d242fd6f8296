"""Answering a comment as the account, through the browser: the path behind `jadwal reply`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.comments import store
from scheduler.comments.check import ref_of
from scheduler.errors import ConfigError
from scheduler.i18n import _, ngettext
from scheduler.pacing import Pacer

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from scheduler.clock import Clock
    from scheduler.journal import Journal
    from scheduler.plan.model import Account, Plan
    from scheduler.platforms.base import Comment


def answerable(journal: Journal, plan: Plan, name: str, text: str) -> store.StoredComment:
    """The comment `name` (ID or POST_ID/ID), checked before any browser starts.

    `StateError` for an unknown comment, `ConfigError` for an empty reply or a
    comment that cannot be answered (the account's own, a post the plan lost).
    """
    if not text.strip():
        raise ConfigError(_("the reply is empty"),
                          _('give the text to post, e.g. jadwal reply ... --comment 12 "Makasih, kak!"'))
    comment = store.find(journal, name)
    if comment.own:
        raise ConfigError(_("comment {comment} was written by the account itself").format(comment=comment.key),
                          _("answer a fan's comment: `jadwal inbox` lists those waiting"))
    row = journal.get(comment.post_id)
    if row is None or comment.account not in plan.accounts or not row.url:
        raise ConfigError(_("comment {comment} is on a post of account {account}, which {plan} no longer has").format(
            comment=comment.key, account=repr(comment.account), plan=plan.file), _("use the plan the daemon runs"))
    within_limits(plan.accounts[comment.account], text)
    return comment


def within_limits(account: Account, text: str) -> None:
    """`ConfigError` for a reply longer than the account's platform takes (its pack's `limits.reply`)."""
    from scheduler.packs.pack import pack_for

    pack = pack_for(account.platform, account.packs)
    limit = pack.data.limits.reply if pack is not None else None
    if limit is not None and len(text) > limit.max:
        raise ConfigError(
            _("the reply has {count} characters; {platform} takes at most {limit} ({source})").format(
                count=len(text), platform=account.platform, limit=limit.max, source=limit.source),
            ngettext("shorten it by {over} character", "shorten it by {over} characters",
                     len(text) - limit.max).format(over=len(text) - limit.max))


def answer(journal: Journal, plan: Plan, browser: Browser, name: str, text: str, *, clock: Clock,
           failures_dir: Path) -> tuple[store.StoredComment, Comment]:
    """Post `text` as the account's reply to the comment `name` (ID or POST_ID/ID) and record it.

    Returns the comment answered and the reply as the site shows it. Errors: those
    of `answerable`, and `PlatformError`s from the site (`OutcomeUnknown`: look
    before answering again).
    """
    from scheduler.browser import account_page
    from scheduler.platforms.base import account_adapter

    comment = answerable(journal, plan, name, text)
    row = journal.get(comment.post_id)
    account = plan.accounts[comment.account]
    adapter = account_adapter(account)
    pacer = Pacer(clock)  # this process's own: the account's last reply comes from the journal
    last = store.last_own_reply(journal, account.id)
    if last is not None:
        pacer.record(account, "reply", last)
    waiting = pacer.wait(account, "reply")
    if waiting >= 1:
        logger.info("waiting {:.0f} s before replying as {}: its platform's pack paces replies", waiting, account.id)
    with pacer.turn(account, "reply"), account_page(browser, account, failures_dir=failures_dir,
                                                     label=f"reply-{comment.id}", plan=plan.path) as page:
        reply = adapter.reply(page, ref_of(row), comment.id, text)  # type: ignore[arg-type]
    store.record_reply(journal, comment, reply, clock.now())
    logger.info("answered comment {} of {} on post {}: reply {}", comment.id, comment.author, comment.post_id,
                reply.id)
    return comment, reply
