"""Finding Chromium, and the failure artifacts of `account_page` (private: a trace holds cookies)."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from scheduler.browser import account_page, find_chromium, launch_args, save_storage_state
from scheduler.errors import BrowserNotFound, OutcomeUnknown, PageChanged, SessionExpired
from scheduler.plan.model import Account

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def empty_path(tmp_path: Path) -> str:
    folder = tmp_path / "empty-bin"
    folder.mkdir()
    return str(folder)


def test_jadwal_browser_wins_when_valid(tmp_path: Path, empty_path: str) -> None:
    chrome = _executable(tmp_path / "my" / "chrome")
    managed = tmp_path / "ms-playwright"
    _executable(managed / "chromium-1200" / "chrome-linux" / "chrome")
    env = {"JADWAL_BROWSER": str(chrome), "PLAYWRIGHT_BROWSERS_PATH": str(managed), "PATH": empty_path}
    assert find_chromium(env) == chrome


def test_jadwal_browser_invalid_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    not_exec = tmp_path / "chrome"
    not_exec.write_text("")
    for value in (str(not_exec), str(tmp_path / "missing")):
        with pytest.raises(BrowserNotFound) as info:
            find_chromium({"JADWAL_BROWSER": value, "PATH": os.environ["PATH"]})
        assert info.value.message == f"JADWAL_BROWSER={value} is not an executable file"
        assert "unset it to search automatically" in info.value.hint


def test_playwright_managed_chromium_comes_before_the_system_one(tmp_path: Path) -> None:
    managed = tmp_path / "ms-playwright"
    _executable(managed / "chromium-1100" / "chrome-linux" / "chrome")
    newest = _executable(managed / "chromium-1200" / "chrome-linux" / "chrome")
    system = _executable(tmp_path / "bin" / "chromium")
    env = {"PLAYWRIGHT_BROWSERS_PATH": str(managed), "PATH": str(system.parent)}
    assert find_chromium(env) == newest


def test_system_chromium_is_the_fallback(tmp_path: Path) -> None:
    system = _executable(tmp_path / "bin" / "chromium-browser")
    env = {"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "none"), "PATH": str(system.parent)}
    assert find_chromium(env) == system


def test_headless_work_prefers_a_headless_shell_and_a_window_needs_a_full_browser(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    full = _executable(bin_dir / "chromium")
    shell = _executable(bin_dir / "chromium-headless-shell")
    env = {"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "none"), "PATH": str(bin_dir)}
    assert find_chromium(env) == shell
    assert find_chromium(env, headless=False) == full

    managed = tmp_path / "ms-playwright"
    managed_full = _executable(managed / "chromium-1200" / "chrome-linux" / "chrome")
    managed_shell = _executable(managed / "chromium_headless_shell-1200" / "chrome-linux" / "headless_shell")
    env["PLAYWRIGHT_BROWSERS_PATH"] = str(managed)
    assert find_chromium(env) == managed_shell
    assert find_chromium(env, headless=False) == managed_full


def test_chromium_sandbox_is_switched_off_only_for_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--no-sandbox" in launch_args()
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--no-sandbox" not in launch_args()
    assert "--disable-background-networking" in launch_args()


def test_no_browser_names_the_fix(tmp_path: Path, empty_path: str) -> None:
    with pytest.raises(BrowserNotFound) as info:
        find_chromium({"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "none"), "PATH": empty_path})
    assert info.value.message.startswith("no Chromium found (looked at JADWAL_BROWSER, Playwright's browsers, and ")
    assert "apt-get install chromium" in info.value.hint and "JADWAL_BROWSER" in info.value.hint


# -- account_page -------------------------------------------------------------------------


@pytest.fixture
def umask_zero() -> Iterator[None]:
    """The most permissive umask: private modes must not depend on it."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def _account(tmp_path: Path, session: Path | None = None) -> Account:
    return Account("kopi", "sandbox", "http://127.0.0.1:9", "kopisenja", session, 7)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.e2e
def test_failure_leaves_private_screenshot_and_trace(tmp_path: Path, browser: Browser, umask_zero: None) -> None:
    failures = tmp_path / "state" / "failures"
    with pytest.raises(PageChanged) as info:
        with account_page(browser, _account(tmp_path), failures_dir=failures, label="publish p/1",
                          storage_state_required=False) as page:
            page.set_content("<main><h1>Compose</h1><p>no button here</p></main>")
            raise PageChanged("the compose page has no Post button", "update the adapter")
    shot, html, trace = info.value.artifacts
    folder = shot.parent
    assert folder.parent == failures.absolute()
    assert folder.name.endswith("-publish-p-1")
    assert (shot.name, html.name, trace.name) == ("screenshot.png", "page.html", "trace.zip")
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert "no button here" in html.read_text()
    assert trace.stat().st_size > 0
    assert (_mode(shot), _mode(html), _mode(trace), _mode(folder)) == (0o600, 0o600, 0o600, 0o700)
    assert _mode(failures) == 0o700 and _mode(failures.parent) == 0o700  # created by jadwal, so private
    assert str(shot) in str(info.value)


@pytest.mark.e2e
def test_unclassified_playwright_error_becomes_outcome_unknown(tmp_path: Path, browser: Browser) -> None:
    with pytest.raises(OutcomeUnknown) as info:
        with account_page(browser, _account(tmp_path), failures_dir=tmp_path / "f", label="publish",
                          storage_state_required=False) as page:
            page.set_content("<p>hello</p>")
            page.get_by_role("button", name="Post").click(timeout=200)
    assert info.value.message.startswith("publish: unexpected browser error: Locator.click: Timeout 200ms exceeded.")
    assert [p.name for p in info.value.artifacts] == ["screenshot.png", "page.html", "trace.zip"]


@pytest.mark.e2e
def test_bugs_keep_their_type_but_still_leave_a_screenshot(tmp_path: Path, browser: Browser) -> None:
    with pytest.raises(ZeroDivisionError):
        with account_page(browser, _account(tmp_path), failures_dir=tmp_path / "f", label="bug",
                          storage_state_required=False) as page:
            page.set_content("<p>hello</p>")
            1 / 0  # noqa: B018
    [folder] = (tmp_path / "f").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["page.html", "screenshot.png", "trace.zip"]


@pytest.mark.e2e
def test_failed_context_is_closed_and_a_good_one_kept_for_the_next_use(tmp_path: Path, browser: Browser) -> None:
    from scheduler.browser import close_account_pages

    account = _account(tmp_path)
    opts = {"failures_dir": tmp_path / "f", "storage_state_required": False}
    before = len(browser.contexts)
    with pytest.raises(PageChanged):
        with account_page(browser, account, label="x", **opts) as failed:
            raise PageChanged("gone")
    assert failed.is_closed() and len(browser.contexts) == before
    with account_page(browser, account, label="y", **opts) as first:
        first.set_content("<p>fine</p>")
    assert len(browser.contexts) == before + 1
    with account_page(browser, account, label="z", **opts) as second:
        assert second is first  # kept: no new context, no new renderer
    with account_page(browser, account, label="once", reuse=False, **opts) as single:
        assert single is not first
    assert single.is_closed()
    with pytest.raises(PageChanged):
        with account_page(browser, account, label="x", **opts):
            raise PageChanged("gone")
    assert first.is_closed() and len(browser.contexts) == before  # a failed attempt is never reused
    with account_page(browser, account, label="again", **opts) as third:
        assert third is not first
    close_account_pages(browser)
    assert third.is_closed() and len(browser.contexts) == before
    assert len(list((tmp_path / "f").iterdir())) == 2  # successes leave nothing on disk


@pytest.mark.e2e
def test_a_new_login_replaces_the_kept_context(tmp_path: Path, browser: Browser) -> None:
    from scheduler.browser import close_account_pages

    session = tmp_path / "kopi.json"
    session.write_text(json.dumps({"cookies": [], "origins": []}))
    account = _account(tmp_path, session)
    with account_page(browser, account, failures_dir=tmp_path / "f", label="a") as first:
        pass
    session.write_text(json.dumps({"cookies": [{"name": "sid", "value": "new", "domain": "127.0.0.1", "path": "/",
                                                "expires": -1, "httpOnly": True, "secure": False,
                                                "sameSite": "Lax"}], "origins": []}))
    os.utime(session, ns=(1, 1))
    with account_page(browser, account, failures_dir=tmp_path / "f", label="b") as second:
        assert second is not first and first.is_closed()
        assert [c["value"] for c in second.context.cookies()] == ["new"]
    close_account_pages(browser)


@pytest.mark.e2e
def test_an_adapters_expired_session_hint_names_the_plan(tmp_path: Path, browser: Browser) -> None:
    from scheduler.browser import login_hint

    with pytest.raises(SessionExpired) as info:
        with account_page(browser, _account(tmp_path), failures_dir=tmp_path / "f", label="x", reuse=False,
                          storage_state_required=False, plan="plans/kopi-senja.toml"):
            raise SessionExpired("the site sent us to its login page", login_hint("kopi"))  # as adapters do
    assert info.value.hint == (  # two commands that work as printed
        "log in again: jadwal login plans/kopi-senja.toml --account kopi --password-env JADWAL_PASSWORD "
        "(the password in $JADWAL_PASSWORD), or jadwal login plans/kopi-senja.toml --account kopi --interactive")


def test_missing_session_names_the_login_command(tmp_path: Path) -> None:
    session = tmp_path / "sessions" / "kopi.json"
    with pytest.raises(SessionExpired) as info:
        with account_page(None, _account(tmp_path, session), failures_dir=tmp_path / "f", label="x",  # type: ignore[arg-type]
                          plan="plans/kopi-senja.toml"):
            pass
    assert info.value.message == f"account kopi has no saved session at {session}"
    assert info.value.hint == (
        "log in first: jadwal login plans/kopi-senja.toml --account kopi --password-env JADWAL_PASSWORD "
        "(the password in $JADWAL_PASSWORD), or jadwal login plans/kopi-senja.toml --account kopi --interactive")


def test_unreadable_session_says_log_in_again(tmp_path: Path) -> None:
    session = tmp_path / "kopi.json"
    session.write_text("{not json")
    with pytest.raises(SessionExpired) as info:
        with account_page(None, _account(tmp_path, session), failures_dir=tmp_path / "f", label="x"):  # type: ignore[arg-type]
            pass
    assert info.value.message.startswith(f"the saved session of account kopi at {session} cannot be read")
    assert info.value.hint.startswith("log in again: jadwal login PLAN --account kopi --password-env JADWAL_PASSWORD")


@pytest.mark.e2e
def test_saved_session_is_private_and_loaded_again(tmp_path: Path, browser: Browser, umask_zero: None) -> None:
    session = tmp_path / "new" / "sessions" / "kopi.json"
    context = browser.new_context()
    try:
        context.add_cookies([{"name": "sid", "value": "s3cret", "url": "http://127.0.0.1:9/"}])
        save_storage_state(context, session)
    finally:
        context.close()
    assert (_mode(session), _mode(session.parent), _mode(session.parent.parent)) == (0o600, 0o700, 0o700)
    assert [c["value"] for c in json.loads(session.read_text())["cookies"]] == ["s3cret"]
    assert [p.name for p in session.parent.iterdir()] == ["kopi.json"]  # no temporary file left behind
    with account_page(browser, _account(tmp_path, session), failures_dir=tmp_path / "f", label="x") as page:
        assert [c["value"] for c in page.context.cookies()] == ["s3cret"]
    from scheduler.browser import close_account_pages

    close_account_pages(browser)


@pytest.mark.e2e
def test_a_kept_page_is_replaced_after_some_uses(tmp_path: Path, browser: Browser,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import scheduler.browser as jadwal_browser

    monkeypatch.setattr(jadwal_browser, "KEEP_PAGE_USES", 2)
    opts = {"failures_dir": tmp_path / "f", "storage_state_required": False, "label": "x"}
    pages = []
    for _ in range(3):
        with account_page(browser, _account(tmp_path), **opts) as page:
            pages.append(page)
    assert pages[0] is pages[1] and pages[2] is not pages[0]
    assert pages[0].is_closed() and pages[2].context is pages[0].context  # same context: session kept
    jadwal_browser.close_account_pages(browser)
