"""Logging an account in once and keeping its session, for `jadwal login`.

The session (Playwright storage state: cookies and local storage) is all jadwal
keeps; the password is used once and never stored or logged. Login attempts are
not traced: a trace records what was typed, password included. A failed login
still leaves a screenshot (the password field shows dots).
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.browser import DEFAULT_TIMEOUTS, Timeouts, account_page, given_or_launched, save_storage_state
from scheduler.errors import ConfigError, SiteUnavailable
from scheduler.i18n import _
from scheduler.platforms.base import Credentials
from scheduler.platforms.registry import account_adapter

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from scheduler.plan.model import Account, Plan


def plan_account(plan: Plan, account_id: str) -> Account:
    """The declared account with a `session` path (or a `profile` folder) to save to."""
    account = plan.accounts.get(account_id)
    if account is None:
        declared = ", ".join(sorted(plan.accounts)) or _("none")
        raise ConfigError(
            _("{file}: no account {account} (declared: {declared})").format(
                file=plan.file, account=repr(account_id), declared=declared),
            _("use the `id` of an [[account]] in the plan"),
        )
    if account.session is None and account.profile is None:
        raise ConfigError(
            _("{file}:{line}: account {account} has no `session` path to save the login to").format(
                file=plan.file, line=account.line, account=repr(account_id)),
            _('add `session = "sessions/{account}.json"` (or `profile = "profiles/{account}"`) to its [[account]] '
              "table").format(account=account_id),
        )
    return account


def session_stamp(account: Account) -> str | None:
    """What the account's session file is now (inode, size, mtime): a new login changes it. None: no file.
    For an account with a browser `profile`, its cookie store stands for the session file."""
    if account.profile is not None:
        stamps = []
        for cookies in (account.profile / "Default" / "Cookies", account.profile / "Default" / "Network" / "Cookies"):
            try:
                st = cookies.stat()
            except OSError:
                continue
            stamps.append(f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}")
        return "|".join(stamps) or None
    if account.session is None:
        return None
    try:
        st = account.session.stat()
    except OSError:
        return None
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def session_written_at(account: Account, fallback: datetime) -> datetime:
    """When the account's session was last written (its file's, or its profile's cookie store's,
    modification time), else `fallback`. `jadwal login` records this time, not the moment it ends (its
    browser may take a while to close): a pause that began after the new session was written (the
    account met a block again, using it) is not lifted by that login."""
    paths = ([account.profile / "Default" / "Cookies", account.profile / "Default" / "Network" / "Cookies"]
             if account.profile is not None else [account.session] if account.session is not None else [])
    times = []
    for path in paths:
        try:
            times.append(path.stat().st_mtime)
        except OSError:
            continue
    return datetime.fromtimestamp(max(times), fallback.tzinfo) if times else fallback


def session_problem(account: Account, now: datetime) -> str | None:
    """Why the account's saved session cannot be used, seen without a browser (None: it may work).

    Missing, unreadable, not a storage state, or every cookie already expired: a daemon says so at
    start-up rather than at the first due post."""
    if account.profile is not None:  # a browser profile keeps its cookies itself
        if not (account.profile / "Default").is_dir():
            return _("account {account} has no browser profile at {path} yet").format(
                account=account.id, path=account.profile)
        return None
    path = account.session
    if path is None:
        return _("account {account} has no `session` path in the plan").format(account=account.id)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _("account {account} has no saved session at {path}").format(account=account.id, path=path)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _("the saved session of account {account} at {path} cannot be read ({problem})").format(
            account=account.id, path=path, problem=exc)
    if not isinstance(state, dict) or not isinstance(state.get("cookies", []), list):
        return _("the saved session of account {account} at {path} is not a Playwright storage state").format(
            account=account.id, path=path)
    expiries = [c.get("expires", -1) for c in state.get("cookies", []) if isinstance(c, dict)]
    timed = [e for e in expiries if isinstance(e, (int, float)) and e > 0]
    if expiries and len(timed) == len(expiries) and max(timed) < now.timestamp():
        return _("the saved session of account {account} expired on {date}").format(
            account=account.id, date=datetime.fromtimestamp(max(timed), now.tzinfo).strftime("%Y-%m-%d %H:%M"))
    return None


def record_session(state: Path, account_id: str, now: datetime) -> bool:
    """Tell the plan's journal (when there is one: a login never creates it) that a new session of the
    account was saved at `now`, so a pause that began before it ends at the daemon's next look. True
    when the account was paused before then."""
    if not state.exists():
        return False
    from scheduler.runtime.journal import Journal

    with Journal(state) as journal:
        held = journal.pauses().get(account_id)
        journal.session_saved(account_id, now)
    return held is not None and held.since < now


def login_account(
    plan: Plan,
    account_id: str,
    *,
    username: str | None = None,
    password: str | None = None,
    interactive: bool = False,
    failures_dir: Path,
    interactive_wait_s: float = 300,
    browser: Browser | None = None,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
) -> Path:
    """Log the account in (with `password`, or a person in a visible browser) and save the session.

    Returns the session file's path (written atomically, 0600), or the profile folder's for an account
    with a `profile` (its cookies live there; a `session` file is written besides when it has one).
    """
    account = plan_account(plan, account_id)
    if not interactive and not password:
        raise ConfigError(_("no password given"), _("name the variable that holds it with --password-env VAR"))
    if interactive and browser is None and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise ConfigError(
            _("--interactive needs a screen for the visible browser, and there is none (DISPLAY is not set)"),
            _("run it on a desktop (or over `ssh -X`), then copy the session file; or use --password-env"),
        )
    adapter = account_adapter(account)
    with given_or_launched(browser, headless=not interactive) as opened:
        with account_page(
            opened, account, failures_dir=failures_dir, label=f"login-{account_id}", load_session=False,
            timeouts=timeouts, trace=False, plan=plan.path, unclassified=SiteUnavailable, reuse=False,
            headless=not interactive,
        ) as page:
            if interactive:
                _wait_for_person(adapter, account, page, interactive_wait_s)
            else:
                assert password is not None
                adapter.login(page, Credentials(username or account.handle, password))
            if account.session is not None:
                save_storage_state(page.context, account.session)
    saved = account.session or account.profile
    assert saved is not None
    logger.debug("account {} logged in; session saved to {}", account_id, saved)
    return saved


def _wait_for_person(adapter: object, account: Account, page: Page, wait_s: float) -> None:
    """Let a person log in. Adapters may offer `wait_for_login`; otherwise wait for the tab to be closed."""
    wait_for_login = getattr(adapter, "wait_for_login", None)
    if callable(wait_for_login):
        print(_("Log in to {url} in the browser window that opened (waiting {seconds} s).").format(
            url=account.url, seconds=f"{wait_s:.0f}"))
        wait_for_login(page, timeout_ms=wait_s * 1000)
        return
    print(_("Log in to {url} in the browser window, then close that tab (waiting {seconds} s).").format(
        url=account.url, seconds=f"{wait_s:.0f}"))
    page.goto(account.url)
    page.wait_for_event("close", timeout=wait_s * 1000)
