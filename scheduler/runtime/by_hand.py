"""`jadwal publish`: one post now, by hand, through the journal the daemon uses.

It claims the post exactly as the daemon does (the intent written durably
before the click, naming this process), records the outcome, and looks the post
up when the outcome is unclear, so it works while a daemon runs on the same
journal and the two never publish one post twice:

- a post already published is refused with its URL (`again=True` publishes a
  second copy on purpose, and says so);
- a post in flight (the daemon is publishing it, or a process died doing it) or
  unconfirmed is refused with what to do instead;
- a post whose time has passed and that this journal never tried is looked up
  on the site first, as the daemon would;
- when nothing was submitted (the site refused before the click) the post goes
  back to what it was, for the daemon to publish at its time;
- a block or check met after the click (`BlockedAfterSubmit`) pauses the account and leaves the post
  in doubt: once a person has logged in, the daemon looks it up before anything is sent again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.browser import DEFAULT_TIMEOUTS, Timeouts
from scheduler.errors import BlockedAfterSubmit, OutcomeUnknown, PlatformError, StateError
from scheduler.i18n import _
from scheduler.publishing import account_for, checked_draft, find_post, look_up_post, media_folders, publish_post
from scheduler.runtime.clock import Clock, SystemClock
from scheduler.runtime.journal import BY_HAND, Journal
from scheduler.runtime.processes import alive, identity

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from scheduler.plan.model import Plan
    from scheduler.platforms.base import PublishedRef

#: look a post up among those made since its intent minus this (clock skew with the site)
LOOKUP_MARGIN = timedelta(minutes=2)
#: how long after an unclear click the site is asked (a request it was still handling lands meanwhile)
LOOKUP_SETTLE = 10.0
#: a post never tried is looked up among those made since its time minus this
VERIFY_WINDOW = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class HandOutcome:
    post_id: str
    account_id: str
    ref: PublishedRef
    #: how: "published", "confirmed" (the answer was lost; a lookup found it), "found" (it was on the
    #: site before this command clicked), "again" (a second copy, on purpose)
    how: str
    first_url: str | None = None  # for "again": the copy that was there


def publish_by_hand(plan: Plan, post_id: str, *, state: Path, failures_dir: Path, account_id: str | None = None,
                    again: bool = False, timeouts: Timeouts = DEFAULT_TIMEOUTS, clock: Clock | None = None,
                    browser: Browser | None = None) -> HandOutcome:
    """Publish one post of `plan` now through the journal at `state` (see the module's docstring)."""
    clock = clock or SystemClock()
    post = find_post(plan, post_id, account_id)
    account = account_for(plan, post)
    checked_draft(post, media_folders(plan.path, account), file=plan.file)  # media told before any click
    from scheduler.runtime.paths import state_option

    also = state_option(plan.path, state)  # --state in the commands shown, when it is not the default
    retry = f"jadwal retry {plan.path}{also} {post.id}"
    with Journal(state) as journal:
        row = journal.add_post(post, clock.now())
        if row.state == "published":
            if not again:
                raise StateError(
                    _("post {id} is already published: {url}").format(id=post.id, url=row.url),
                    _("nothing to do; to put a second copy of it on the site on purpose, add --again"))
            outcome = publish_post(plan, post.id, account_id=account.id, dry_run=False, failures_dir=failures_dir,
                                   timeouts=timeouts, browser=browser)
            assert outcome.ref is not None
            journal.add_event(now=clock.now(), kind="published_again", post_id=post.id,
                              message=f"a second copy was published by hand: {outcome.ref.url} (the first: {row.url})")
            return HandOutcome(post.id, account.id, outcome.ref, "again", row.url)
        if row.state == "publishing":
            pid = (row.claimed_by or "?").partition(":")[0]
            if alive(row.claimed_by):
                raise StateError(_("post {id} is being published right now (by PID {pid})").format(id=post.id, pid=pid),
                                 _("wait a moment, then see `jadwal status {plan}`").format(plan=f"{plan.path}{also}"))
            raise StateError(
                _("post {id} was left in flight by a jadwal that stopped: it may be on the site").format(id=post.id),
                _("a running `jadwal daemon {plan}` looks it up before anything else; see `jadwal status {plan}`").format(
                    plan=f"{plan.path}{also}"))
        if row.state == "unconfirmed":
            raise StateError(_("post {id} may already be on the site ({problem})").format(
                id=post.id, problem=row.last_error),
                _("check the site; if it is not there, `{command}` lets the daemon publish it").format(command=retry))
        if row.check_site:  # past its time and never tried here: the site knows better than this journal
            found = look_up_post(plan, post, since=min(row.due_at, clock.now()) - VERIFY_WINDOW,
                                 failures_dir=failures_dir, browser=browser, timeouts=timeouts)
            if found is not None:
                journal.published(post.id, found, clock.now(), how="found")
                return HandOutcome(post.id, account.id, found, "found")
            journal.not_on_site(post.id, clock.now())
        before = journal.get(post.id)
        assert before is not None
        attempt = journal.claim(post.id, clock.now(), by=identity(), text=post.text, states=BY_HAND)
        if attempt is None:
            raise StateError(_("post {id} was just taken by the daemon").format(id=post.id),
                             _("see `jadwal status {plan}`").format(plan=f"{plan.path}{also}"))
        intent = clock.now()

        def put_back(reason: str) -> None:
            journal.restore(post.id, clock.now(), state=before.state, next_try_at=before.next_try_at,
                            attempt=before.attempt, reason=reason)

        try:
            done = publish_post(plan, post.id, account_id=account.id, dry_run=False, failures_dir=failures_dir,
                                timeouts=timeouts, browser=browser)
        except BlockedAfterSubmit as exc:  # the lookup would meet the block too: the daemon's, once resumed
            from scheduler.runtime import pauses

            journal.unclear(post.id, clock.now(), next_lookup=clock.now(), error=exc.message,
                            artifacts=[str(a) for a in exc.artifacts])
            pauses.pause_blocked(journal, plan, account, exc.blocked, clock.now(), reason=exc.message)
            exc.hint = _("do not publish it again by hand. First {fix}; then `jadwal daemon "
                         "{plan}` looks the post up and publishes it only if it is not there").format(
                fix=pauses.fix_for(plan.path, account.id, pauses.kind_of(exc.blocked)), plan=f"{plan.path}{also}")
            raise
        except OutcomeUnknown as exc:
            ref = _look_up_after(journal, plan, post.id, exc, intent, failures_dir, timeouts, browser, clock, put_back,
                                 also)
            return HandOutcome(post.id, account.id, ref, "confirmed")
        except PlatformError as exc:  # before the click (AccountBlocked too): nothing went out
            put_back(exc.message)
            raise
        assert done.ref is not None
        journal.published(post.id, done.ref, clock.now(), how="published by hand")
        journal.add_event(now=clock.now(), kind="published_by_hand", post_id=post.id,
                          message=f"published by hand: {done.ref.url}")
        return HandOutcome(post.id, account.id, done.ref, "published")


def _look_up_after(journal: Journal, plan: Plan, post_id: str, exc: OutcomeUnknown, intent: datetime,
                   failures_dir: Path, timeouts: Timeouts, browser: Browser | None, clock: Clock,
                   put_back: Callable[[str], None], also: str) -> PublishedRef:
    """The click happened and the answer was lost: ask the site. Found -> recorded and returned; not
    there -> put back and the error raised; the site cannot tell -> left to the daemon's lookups."""
    post = next(p for p in plan.posts if p.id == post_id)
    logger.warning("post {}: outcome unknown ({}); looking it up in {:.0f}s", post_id, exc.message, LOOKUP_SETTLE)
    journal.unclear(post_id, clock.now(), next_lookup=clock.now(), error=exc.message)  # if we die: the daemon's
    time.sleep(LOOKUP_SETTLE)
    try:
        found = look_up_post(plan, post, since=intent - LOOKUP_MARGIN, failures_dir=failures_dir, browser=browser,
                             timeouts=timeouts)
    except PlatformError as lookup:
        journal.unclear(post_id, clock.now(), next_lookup=clock.now(), error=f"{exc.message}; lookup failed: "
                        f"{lookup.message}", artifacts=[str(a) for a in exc.artifacts])
        raise OutcomeUnknown(
            _("post {id} may or may not be live ({problem}), and the site could not tell ({lookup})").format(
                id=post_id, problem=exc.message, lookup=lookup.message),
            _("do not publish it again by hand: `jadwal daemon {plan}` looks it up until the site answers; "
              "`jadwal status {plan}` shows the result").format(plan=f"{plan.path}{also}"),
            artifacts=exc.artifacts) from exc
    if found is not None:
        journal.published(post_id, found, clock.now(), how="found")
        return found
    put_back(f"{exc.message} (not on the site)")
    exc.hint = _("it is not on the site, so nothing was published: try again, or let the daemon publish it at "
                 "its time")
    raise exc
