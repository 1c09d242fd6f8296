"""An account the site blocks is paused, not failed: its posts wait for a person's new login.

Any `AccountBlocked` (an expired session, a checkpoint the site shows, no session
at all) pauses the account in the journal, with the reason and the exact command
that fixes it; `jadwal status` shows both. The owner is told once (the pause is
recorded once). Its posts stay pending, and the grace period still applies:
those more than `--grace` late are missed. Comment checks and lookups skip it.

A block met after the submit click (`BlockedAfterSubmit`: "Action Blocked" answering Share, "posting
too fast" after Post) pauses the account the same way, and its post stays in flight, unclear: once the
account resumes, it is looked up with `find_published` before anything else of the account, and sent
again only when the site says it is not there.

It resumes by itself when a new session is there: the session file is no longer
the one it was paused with (a `jadwal login`, or a session file copied in from
another machine), or `jadwal login` recorded a new session in the journal.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from scheduler.browser import login_hint
from scheduler.errors import AccountBlocked, CheckpointReached
from scheduler.i18n import _
from scheduler.plan.durations import format_duration
from scheduler.runtime.sessions import session_problem, session_stamp

if TYPE_CHECKING:
    from pathlib import Path

    from scheduler.plan.model import Account, Plan
    from scheduler.runtime.journal import Journal


def kind_of(exc: AccountBlocked) -> str:
    if isinstance(exc, CheckpointReached):
        return f"checkpoint:{exc.kind}"
    return "session_expired"


def fix_for(plan_path: Path | str, account_id: str, kind: str) -> str:
    """The command that ends the pause, runnable as printed."""
    return login_hint(account_id, plan_path, checkpoint=kind.startswith("checkpoint"),
                      first=kind == "no_session")


def pause(journal: Journal, plan: Plan, account: Account, *, kind: str, reason: str, now: datetime) -> str | None:
    """Pause `account`; returns the message to tell the owner, or None when it was paused already."""
    fix = fix_for(plan.path, account.id, kind)
    if not journal.pause_account(account.id, now, kind=kind, reason=reason, fix=fix,
                                 session_stamp=session_stamp(account)):
        return None
    return message(account.id, reason, fix)


def pause_blocked(journal: Journal, plan: Plan, account: Account, exc: AccountBlocked, now: datetime,
                  *, reason: str | None = None) -> str | None:
    """Pause for `exc`; `reason` (default its message) says more, e.g. that a post met it after the
    submit click and is looked up on resume (`BlockedAfterSubmit`)."""
    return pause(journal, plan, account, kind=kind_of(exc), reason=reason or exc.message, now=now)


def message(account_id: str, reason: str, fix: str, grace: timedelta | None = None) -> str:
    text = _("account {account} is paused: {problem}. Its posts wait and go out once a new session is saved").format(
        account=account_id, problem=reason.rstrip("."))
    if grace is not None:
        text += _(" (those more than {grace} late are missed)").format(grace=format_duration(grace))
    return _("{text}. Fix: {fix}").format(text=text, fix=fix)


def check_sessions(journal: Journal, plan: Plan, now: datetime, accounts: set[str]) -> list[tuple[str, str]]:
    """At start-up: pause each of `accounts` (those with posts to publish) whose saved session cannot
    work; returns (account, message) for those newly paused."""
    told = []
    paused = journal.pauses()
    for account_id in sorted(accounts):
        account = plan.accounts.get(account_id)
        if account is None or account_id in paused:
            continue
        problem = session_problem(account, now)
        if problem is not None:
            said = pause(journal, plan, account, kind="no_session", reason=problem, now=now)
            if said is not None:
                told.append((account_id, said))
    return told


def to_resume(journal: Journal, plan: Plan) -> list[tuple[str, str]]:
    """Paused accounts that have a new session since: (account, why)."""
    found = []
    for account_id, held in journal.pauses().items():
        account = plan.accounts.get(account_id)
        if account is None:
            continue
        saved = journal.session_saved_at(account_id)
        if saved is not None and saved > held.since:
            found.append((account_id, _("`jadwal login` saved a new session")))
        elif session_stamp(account) not in (held.session_stamp, None):
            found.append((account_id, _("a new session file was saved")))
    return found
