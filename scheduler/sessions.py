"""Logging an account in once and keeping its session, for `jadwal login`.

The session (Playwright storage state: cookies and local storage) is all jadwal
keeps; the password is used once and never stored or logged. Login attempts are
not traced: a trace records what was typed, password included. A failed login
still leaves a screenshot (the password field shows dots).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.browser import DEFAULT_TIMEOUTS, Timeouts, account_page, given_or_launched, save_storage_state
from scheduler.errors import ConfigError, SiteUnavailable
from scheduler.platforms.base import Credentials, account_adapter

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from scheduler.plan.model import Account, Plan


def plan_account(plan: Plan, account_id: str) -> Account:
    """The declared account with a `session` path (or a `profile` folder) to save to."""
    account = plan.accounts.get(account_id)
    if account is None:
        declared = ", ".join(sorted(plan.accounts)) or "none"
        raise ConfigError(
            f"{plan.file}: no account {account_id!r} (declared: {declared})",
            "use the `id` of an [[account]] in the plan",
        )
    if account.session is None and account.profile is None:
        raise ConfigError(
            f"{plan.file}:{account.line}: account {account_id!r} has no `session` path to save the login to",
            f'add `session = "sessions/{account_id}.json"` (or `profile = "profiles/{account_id}"`) '
            "to its [[account]] table",
        )
    return account


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
        raise ConfigError("no password given", "name the variable that holds it with --password-env VAR")
    if interactive and browser is None and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise ConfigError(
            "--interactive needs a screen for the visible browser, and there is none (DISPLAY is not set)",
            "run it on a desktop (or over `ssh -X`), then copy the session file; or use --password-env",
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
        print(f"Log in to {account.url} in the browser window that opened (waiting {wait_s:.0f} s).")
        wait_for_login(page, timeout_ms=wait_s * 1000)
        return
    print(f"Log in to {account.url} in the browser window, then close that tab (waiting {wait_s:.0f} s).")
    page.goto(account.url)
    page.wait_for_event("close", timeout=wait_s * 1000)
