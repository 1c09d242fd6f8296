"""Answering a comment as the account, through the browser: the path behind `jadwal reply`."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.comments.check import ref_of
from scheduler.errors import BlockedAfterSubmit, ConfigError, OutcomeUnknown, PlatformError, ReplyInDoubt
from scheduler.i18n import _, ngettext
from scheduler.pacing import Pacer

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from scheduler.runtime.clock import Clock
    from scheduler.runtime.journal_comments import StoredComment
    from scheduler.runtime.journal import Journal
    from scheduler.plan.model import Account, Plan
    from scheduler.platforms.base import Comment


def answerable(journal: Journal, plan: Plan, name: str, text: str, *, inbox: str | None = None) -> StoredComment:
    """The comment numbered `name` in the journal, checked before any browser starts.

    `StateError` for an unknown comment, `ConfigError` for an empty reply or a
    comment that cannot be answered (the account's own, a post the plan lost). `inbox` is the
    `jadwal inbox` command hints name (with --state when the journal is not the plan's default).
    """
    inbox = inbox or f"jadwal inbox {plan.path}"
    if not text.strip():
        raise ConfigError(_("the reply is empty"),
                          _('give the text to post, e.g. jadwal reply {plan} --comment {comment} "Makasih, kak!"').format(
                              plan=plan.path, comment=name))
    comment = journal.comments.find(name, inbox=inbox)
    if comment.own:
        raise ConfigError(_("comment {comment} was written by the account itself").format(comment=comment.ref),
                          _("answer a fan's comment: `{command}` lists those waiting").format(command=inbox))
    row = journal.get(comment.post_id)
    if row is None or comment.account not in plan.accounts or not row.url:
        raise ConfigError(_("comment {comment} is on a post of account {account}, which {plan} no longer has").format(
            comment=comment.ref, account=repr(comment.account), plan=plan.file), _("use the plan the daemon runs"))
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
           failures_dir: Path, inbox: str | None = None, again: str | None = None
           ) -> tuple[StoredComment, Comment, bool]:
    """Post `text` as the account's reply to the comment numbered `name` and record it.

    Returns the comment answered, the reply as the site shows it, and whether that reply was already
    there: a reply whose send had an unclear outcome (a block or check answering the send, no answer,
    a process that died) stays in doubt in the journal, and the next call reads the comment's thread
    first and sends only if the account's reply with that text is not there. Errors: those of
    `answerable`, `ReplyInDoubt` (the reply may be posted; `again` is the command that checks, by
    default `jadwal reply PLAN --comment N TEXT`), and the site's other `PlatformError`s (nothing sent).
    """
    from scheduler.browser import account_page
    from scheduler.platforms.registry import account_adapter

    comment = answerable(journal, plan, name, text, inbox=inbox)
    row = journal.get(comment.post_id)
    assert row is not None  # answerable checked it
    account = plan.accounts[comment.account]
    adapter = account_adapter(account)
    again = again or f"jadwal reply {shlex.quote(str(plan.path))} --comment {comment.ref} {shlex.quote(text)}"
    doubt = journal.comments.reply_in_doubt(comment)
    pacer = Pacer(clock)  # this process's own: the account's last reply comes from the journal
    last = journal.comments.last_own_reply(account.id)
    if last is not None:
        pacer.record(account, "reply", last)
    waiting = pacer.wait(account, "reply")
    if waiting >= 1:
        logger.info("waiting {:.0f} s before replying as {}: its platform's pack paces replies", waiting, account.id)
    sending = False
    try:
        with pacer.turn(account, "reply"), account_page(browser, account, failures_dir=failures_dir,
                                                         label=f"reply-{comment.id}", plan=plan.path) as page:
            if doubt is not None:
                shown = adapter.comments(page, ref_of(row))
                found = already_there(shown, comment, account.handle, (doubt, text))
                if found is not None:
                    journal.comments.record_reply(comment, found, clock.now())
                    logger.info("the reply to comment {} in doubt is on the site (reply {}): not sent again",
                                comment.id, found.id)
                    return comment, found, True
                logger.info("the reply to comment {} in doubt is not on the site: sending it", comment.id)
            journal.comments.reply_sending(comment, text, clock.now())
            sending = True
            reply = adapter.reply(page, ref_of(row), comment.id, text)
    except OutcomeUnknown as exc:
        if not sending:  # reading the thread failed: the doubt stays for the next try
            raise
        blocked = exc.blocked if isinstance(exc, (BlockedAfterSubmit, ReplyInDoubt)) else None
        raise ReplyInDoubt(comment.ref, exc.message, again, blocked=blocked, artifacts=exc.artifacts) from exc
    except PlatformError:
        if sending:  # refused before anything was sent (a block before the send included)
            journal.comments.reply_not_sent(comment)
        raise
    journal.comments.record_reply(comment, reply, clock.now())
    logger.info("answered comment {} of {} on post {}: reply {}", comment.id, comment.author, comment.post_id,
                reply.id)
    return comment, reply, False


_MENTIONS = re.compile(r"^(?:@\S+\s+)+")


def already_there(shown: list[Comment], comment: StoredComment, handle: str, texts: tuple[str, ...]
                  ) -> Comment | None:
    """The account's reply under `comment` (in its thread: a reply to a reply may land under the thread's
    first comment) whose text is one of `texts`, the @names a Reply button puts first aside."""
    from scheduler.platforms.common import squash

    def bare(value: str) -> str:
        return _MENTIONS.sub("", squash(value))

    wanted = {bare(t) for t in texts}
    parents = {comment.id} | ({comment.parent_id} if comment.parent_id else set())
    mine = [c for c in shown if c.author == handle and c.parent_id in parents and bare(c.text) in wanted]
    return mine[-1] if mine else None
