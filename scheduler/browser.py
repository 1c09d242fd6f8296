"""Finding and launching Chromium, and the per-account pages adapters drive.

Search order: an explicit path (`JADWAL_BROWSER`), Playwright's own managed
Chromium, then a system Chromium. The flags are the ones that work headless as
root on a small VPS with no outside network.

`account_page` is the one way jadwal opens a page for an account: it loads the
saved session, bounds every wait (a hung site cannot block the daemon), records
a trace, and on failure leaves a screenshot and the trace behind, private,
because a trace holds the session cookies. `browser_step` lets an adapter say
which phase a Playwright call belongs to, so a timeout becomes the right error:
before submit the site was unavailable or changed; after submit the outcome is
unknown and must never be retried blindly.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.i18n import _
from scheduler.files import new_private_dir, private_dir
from scheduler.errors import (
    BrowserNotFound,
    JadwalError,
    OutcomeUnknown,
    PlatformError,
    SessionExpired,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

    from scheduler.plan.model import Account

LAUNCH_ARGS = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
#: Chromium's sandbox cannot work as root, so only then is it switched off
#: (the systemd unit runs jadwal as its own user, with the sandbox on).
ROOT_ARGS = ("--no-sandbox",)
#: Debian's headless shell needs about a third less memory than full Chromium
#: for the same work, so headless work looks for it first.
HEADLESS_SHELLS = ("chromium-headless-shell",)
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MANAGED_SHELL_GLOB = "chromium_headless_shell-*/chrome-linux*/headless_shell"
MANAGED_FULL_GLOB = "chromium-*/chrome-linux*/chrome"


def launch_args() -> list[str]:
    """The flags jadwal launches Chromium with (plus `--no-sandbox` when running as root)."""
    return [*(ROOT_ARGS if os.geteuid() == 0 else ()), *LAUNCH_ARGS]


def _managed_browsers(env: Mapping[str, str], headless: bool) -> list[Path]:
    root = Path(env.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    patterns = (MANAGED_SHELL_GLOB, MANAGED_FULL_GLOB) if headless else (MANAGED_FULL_GLOB,)
    found: list[Path] = []
    for pattern in patterns:
        found.extend(sorted(root.glob(pattern), reverse=True))  # newest revision first
    return [p for p in found if os.access(p, os.X_OK)]


def find_chromium(env: Mapping[str, str] | None = None, *, headless: bool = True) -> Path:
    """The Chromium executable to launch, or `BrowserNotFound` naming the fix.

    Order: `JADWAL_BROWSER`, Playwright's own browsers, then system ones; for
    headless work a headless shell is preferred at each step (less memory), and
    a window (`headless=False`) needs a full browser.
    """
    env = os.environ if env is None else env
    explicit = env.get("JADWAL_BROWSER")
    if explicit:
        path = Path(explicit)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise BrowserNotFound(
            f"JADWAL_BROWSER={explicit} is not an executable file",
            "point JADWAL_BROWSER at a Chromium binary, or unset it to search automatically",
        )
    managed = _managed_browsers(env, headless)
    if managed:
        return managed[0]
    names = (*HEADLESS_SHELLS, *SYSTEM_BROWSERS) if headless else SYSTEM_BROWSERS
    for name in names:
        system = shutil.which(name, path=env.get("PATH"))
        if system:
            return Path(system)
    raise BrowserNotFound(
        "no Chromium found (looked at JADWAL_BROWSER, Playwright's browsers, and "
        + ", ".join(names)
        + " on PATH)",
        "install one: `sudo apt-get install chromium` (Debian/Ubuntu), "
        "or `playwright install chromium`, or set JADWAL_BROWSER=/path/to/chrome",
    )


@contextmanager
def open_browser(*, headless: bool = True, executable: Path | None = None) -> Iterator[Browser]:
    """A launched Chromium, closed (with Playwright's driver) whatever happens inside."""
    from playwright.sync_api import sync_playwright

    path = executable or find_chromium(headless=headless)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(path), headless=headless, args=launch_args()
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def given_or_launched(browser: Browser | None, *, headless: bool = True) -> Iterator[Browser]:
    """`browser` when the caller has one (left open), else one launched for the block only."""
    if browser is not None:
        yield browser
        return
    with open_browser(headless=headless) as launched:
        yield launched


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Upper bounds for waiting on a site, in milliseconds.

    `navigation_ms` bounds page loads and form submissions; `action_ms` bounds
    finding and using an element (and `expect` waits in adapters).
    """

    navigation_ms: int = 30_000
    action_ms: int = 15_000

    @classmethod
    def uniform(cls, seconds: float) -> Timeouts:
        """The same bound for everything (e.g. from a `--timeout` flag)."""
        ms = max(1, round(seconds * 1000))
        return cls(navigation_ms=ms, action_ms=ms)


DEFAULT_TIMEOUTS = Timeouts()
#: Traces always record the actions, their timing, the network and the console.
#: A screencast (`trace_screenshots`) and DOM snapshots around every action
#: (`trace_snapshots`) make the trace viewer richer but cost time on every post:
#: per post, 1.11x the work of a bare Playwright script with neither, 1.26x with
#: the screencast, 1.39x with both (scripts/bench_publish.py, this 2-core VM).
#: A failure always leaves a screenshot and the page's HTML besides the trace.

#: how long saving a failure screenshot may take (the page may be wedged)
_ARTIFACT_TIMEOUT_MS = 5_000


#: the variable `jadwal login` hints name for the password
PASSWORD_VARIABLE = "JADWAL_PASSWORD"


def login_hint(account_id: str, plan: Path | str | None = None, *, first: bool = False,
               checkpoint: bool = False) -> str:
    """The commands that fix a missing or expired session, runnable as printed ("PLAN" until a
    caller who knows the plan fills it in). After a checkpoint only a person in a window will do."""
    base = f"jadwal login {plan or 'PLAN'} --account {account_id}"
    interactive = f"{base} --interactive"
    if checkpoint:
        return _("a person must pass the site's check: {command} (a browser window opens)").format(
            command=interactive)
    text = (_("log in first: {command} (the password in ${variable}), or {interactive}") if first
            else _("log in again: {command} (the password in ${variable}), or {interactive}"))
    return text.format(command=f"{base} --password-env {PASSWORD_VARIABLE}", variable=PASSWORD_VARIABLE,
                       interactive=interactive)


def first_line(exc: BaseException) -> str:
    """Playwright messages carry a multi-line call log; the first line says what happened."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@contextmanager
def browser_step(what: str, error: type[PlatformError], hint: str = "") -> Iterator[None]:
    """Run one step against a site; a Playwright error inside becomes `error(what ...)`.

    The adapter picks `error` by phase: `SiteUnavailable` while loading a page
    before anything was submitted, `PageChanged` for an element that should be
    there, `OutcomeUnknown` from the submit click on. jadwal's own errors pass
    through untouched.
    """
    from playwright.sync_api import Error as PlaywrightError

    try:
        yield
    except PlaywrightError as exc:
        raise error(f"{what}: {first_line(exc)}", hint) from exc


def _failure_dir(failures_dir: Path, label: str) -> Path:
    """A new private folder `<UTC timestamp>-<label>` under `failures_dir` (absolute: it is printed)."""
    failures_dir = private_dir(failures_dir.absolute())
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", label).strip("-") or "failure"
    for n in range(1, 1000):
        target = failures_dir / (f"{stamp}-{safe}" if n == 1 else f"{stamp}-{safe}-{n}")
        if new_private_dir(target):
            return target
    raise OSError(f"cannot create a failure folder under {failures_dir}")


def _failure_artifacts(context: BrowserContext, page: Page, failures_dir: Path, label: str, *, trace: bool,
                       crashed: bool) -> tuple[Path, ...]:
    """What a failure leaves for a post-mortem, best effort: a full disk or a dead page must not
    hide the failure itself (a crashed page has no screenshot or HTML to give)."""
    try:
        folder = _failure_dir(failures_dir, label)
    except OSError as exc:
        logger.warning("could not keep the failure's screenshot and trace: {}", exc)
        return ()
    if crashed:
        saved: list[Path] = []
        if trace:
            try:
                context.tracing.stop_chunk(path=folder / "trace.zip")
                os.chmod(folder / "trace.zip", 0o600)
                saved.append(folder / "trace.zip")
            except Exception as exc:  # noqa: BLE001 - the browser may be as dead as the page
                logger.debug("could not save the trace of a crashed page: {}", first_line(exc))
        return tuple(saved)
    artifacts = _save_failure_artifacts(context, page, folder, trace=trace)
    logger.debug("saved failure artifacts for {} in {}", label, folder)
    return artifacts


def _save_failure_artifacts(
    context: BrowserContext, page: Page, folder: Path, *, trace: bool
) -> tuple[Path, ...]:
    """Screenshot, HTML (and trace, when recording) of a failed step; each best effort: the page may be gone."""
    saved: list[Path] = []
    shot = folder / "screenshot.png"
    try:
        page.screenshot(path=shot, full_page=True, timeout=_ARTIFACT_TIMEOUT_MS)
        os.chmod(shot, 0o600)
        saved.append(shot)
    except Exception as exc:  # noqa: BLE001 - a failed screenshot must not hide the real error
        logger.warning("could not save a screenshot: {}", first_line(exc))
    html = folder / "page.html"
    try:
        content = page.content()
        fd = os.open(html, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(content)
        os.chmod(html, 0o600)
        saved.append(html)
    except Exception as exc:  # noqa: BLE001
        logger.warning("could not save the page's HTML: {}", first_line(exc))
    if trace:
        zip_path = folder / "trace.zip"
        try:
            context.tracing.stop_chunk(path=zip_path)
            os.chmod(zip_path, 0o600)
            saved.append(zip_path)
        except Exception as exc:  # noqa: BLE001
            logger.warning("could not save the trace: {}", first_line(exc))
    return tuple(saved)


def _load_session(account: Account, *, required: bool, plan: Path | str | None) -> dict | None:
    """The account's saved storage state, or None when there is none and none is required."""
    path = account.session
    if path is None or not path.exists():
        if not required:
            return None
        raise SessionExpired(
            _("account {account} has no saved session at {path}").format(account=account.id, path=path) if path
            else _("account {account} has no saved session (the account has no `session` path)").format(
                account=account.id),
            login_hint(account.id, plan, first=True),
        )
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SessionExpired(
            _("the saved session of account {account} at {path} cannot be read ({problem})").format(
                account=account.id, path=path, problem=exc),
            login_hint(account.id, plan),
        ) from exc
    if not isinstance(state, dict):
        raise SessionExpired(
            _("the saved session of account {account} at {path} is not a Playwright storage state").format(
                account=account.id, path=path),
            login_hint(account.id, plan),
        )
    return state


@dataclass(eq=False)
class _Kept:
    """An account's context and page kept open between uses (see `account_page`)."""

    key: tuple[object, ...]
    context: BrowserContext
    page: Page
    traced: bool
    in_use: bool = False
    timeouts: Timeouts | None = None  # as last set on the context (setting them is a round trip)
    uses: int = 0


#: a kept page's renderer grows by a few MB per post (Chromium 156): after this many
#: uses the page is replaced by a new one in the same context, which bounds it
KEEP_PAGE_USES = 20


#: per browser, per account id: the context kept from the last successful use
_KEPT: weakref.WeakKeyDictionary[Browser, dict[str, _Kept]] = weakref.WeakKeyDictionary()
#: pages whose renderer crashed (killed for memory, or a Chromium bug): never used again
_CRASHED: weakref.WeakSet[Page] = weakref.WeakSet()


def _watch(page: Page) -> Page:
    """Remember when the page's renderer dies: a crashed page answers every later call with "Page crashed"."""
    page.on("crash", _CRASHED.add)
    return page


def page_crashed(page: Page) -> bool:
    """Whether the page's renderer crashed (the page must be replaced: see `account_page`)."""
    return page in _CRASHED


def _session_key(account: Account, load_session: bool, trace: tuple[bool, ...]) -> tuple[object, ...]:
    """Identifies the saved session a context was made from: a new login (new file) makes a new context."""
    path = account.session if load_session else None
    try:
        stamp = path.stat().st_mtime_ns if path is not None else None
    except OSError:
        stamp = None
    return (load_session, str(path), stamp, trace)


def _close_quietly(context: BrowserContext) -> None:
    try:
        context.close()
    except Exception as exc:  # noqa: BLE001 - the browser may already be gone
        logger.debug("closing the context failed: {}", first_line(exc))


def close_account_pages(browser: Browser) -> None:
    """Close the contexts `account_page` kept open in `browser` (closing the browser does it too)."""
    for kept in _KEPT.pop(browser, {}).values():
        _close_quietly(kept.context)


def _persistent(browser: Browser, account: Account, *, headless: bool, load_session: bool,
                plan: Path | str | None) -> BrowserContext:
    """A context on the account's own browser profile folder (`profile = ...`): for sites that bind a
    session to a device. A profile folder is its own Chromium (one at a time: Chromium locks it)."""
    profile = account.profile
    assert profile is not None
    if load_session and not (profile / "Default").is_dir():
        raise SessionExpired(
            f"account {account.id} has no browser profile at {profile} yet",
            login_hint(account.id, plan, first=True),
        )
    private_dir(profile)
    return browser.browser_type.launch_persistent_context(
        str(profile), executable_path=str(find_chromium(headless=headless)), headless=headless, args=launch_args())


def _checkout(
    browser: Browser, account: Account, state: dict | None, key: tuple[object, ...], *,
    reuse: bool, trace: bool, screenshots: bool, snapshots: bool, label: str,
    headless: bool = True, load_session: bool = True, plan: Path | str | None = None,
) -> _Kept:
    """The account's kept context when it still fits, or a new one (a profile's is never kept)."""
    if account.profile is not None:
        context = _persistent(browser, account, headless=headless, load_session=load_session, plan=plan)
        try:
            if trace:
                context.tracing.start(screenshots=screenshots, snapshots=snapshots, title=label)
            page = _watch(context.pages[0] if context.pages else context.new_page())
        except BaseException:
            _close_quietly(context)
            raise
        return _Kept(key, context, page, trace, in_use=True, uses=1)
    kept_here = _KEPT.setdefault(browser, {}) if reuse else {}
    kept = kept_here.get(account.id)
    if (kept is not None and not kept.in_use and kept.key == key and not kept.page.is_closed()
            and not page_crashed(kept.page)):
        if kept.uses >= KEEP_PAGE_USES:
            old_page, kept.page, kept.uses = kept.page, _watch(kept.context.new_page()), 0
            old_page.close()
        if trace:
            kept.context.tracing.start_chunk(title=label)
        kept.in_use = True
        kept.uses += 1
        return kept
    if kept is not None and not kept.in_use:  # stale: another session file, its page closed or crashed
        kept_here.pop(account.id, None)
        _close_quietly(kept.context)
    context = browser.new_context(storage_state=state)  # type: ignore[arg-type]
    try:
        if trace:
            context.tracing.start(screenshots=screenshots, snapshots=snapshots, title=label)
        fresh = _Kept(key, context, _watch(context.new_page()), trace, in_use=True, uses=1)
    except BaseException:
        _close_quietly(context)
        raise
    if reuse and account.id not in kept_here:
        kept_here[account.id] = fresh
    return fresh


@contextmanager
def account_page(
    browser: Browser,
    account: Account,
    *,
    failures_dir: Path,
    label: str,
    storage_state_required: bool = True,
    load_session: bool = True,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
    trace: bool = True,
    trace_screenshots: bool = False,
    trace_snapshots: bool = False,
    plan: Path | str | None = None,
    unclassified: type[PlatformError] = OutcomeUnknown,
    reuse: bool = True,
    headless: bool = True,
) -> Iterator[Page]:
    """A page signed in with the account's saved session, ready for an adapter.

    - `load_session=False` starts signed out (for `jadwal login`); otherwise a
      missing session raises `SessionExpired` unless `storage_state_required` is false.
      `plan` is named in the `jadwal login` command of every `SessionExpired` hint.
    - Every wait is bounded by `timeouts`, so a hung page cannot block forever.
    - With `trace`, a Playwright trace (actions, network; a screencast with
      `trace_screenshots`, DOM snapshots with `trace_snapshots`) is recorded for each use.
    - On an exception inside the block, a screenshot, the page's HTML and the trace go to
      `failures_dir/<timestamp>-<label>/` (0700; files 0600: a trace holds cookies)
      and their paths are attached to the `PlatformError` raised. A Playwright
      error the adapter did not classify with `browser_step` becomes `unclassified`
      (by default `OutcomeUnknown`, the safe side for publishing: look the post up
      before any retry). Other exceptions (bugs) keep their type. The context is
      then closed: nothing of a failed attempt is reused.
    - A page whose renderer crashed (the OOM killer, a Chromium bug) is never
      used again, kept or not; whatever was raised inside becomes `unclassified`
      (for a publish, `OutcomeUnknown`: the post is looked up before any retry).
    - After a success the context and page are kept for the account's next use
      in this browser (`reuse=False`: closed at once). A fresh context costs a new
      renderer process and cold page loads, about three times the work of a post
      itself; the kept one is dropped when the session file changes (a new login)
      and goes away with the browser or `close_account_pages`. Each use records
      its own trace chunk.
    - An account with a `profile` folder gets a persistent context on it instead of the
      session file (a Chromium of its own, `headless` or not), closed after each use.
    """
    from playwright.sync_api import Error as PlaywrightError

    state = _load_session(account, required=storage_state_required, plan=plan) \
        if load_session and account.profile is None else None
    key = _session_key(account, load_session and state is not None, (trace, trace_screenshots, trace_snapshots))

    def checkout() -> _Kept:
        return _checkout(browser, account, state, key, reuse=reuse and account.profile is None, trace=trace,
                         screenshots=trace_screenshots, snapshots=trace_snapshots, label=label, headless=headless,
                         load_session=load_session, plan=plan)

    try:
        kept = checkout()
    except PlaywrightError as exc:
        if "crashed" not in str(exc):
            raise
        # the new page's renderer died as it started (killed for memory): one more, then give up
        logger.warning("{}: the browser's new page crashed as it opened; opening another", label)
        kept = checkout()
    context, page = kept.context, kept.page
    keep = False
    try:
        if kept.timeouts != timeouts:
            context.set_default_navigation_timeout(timeouts.navigation_ms)
            context.set_default_timeout(timeouts.action_ms)
            kept.timeouts = timeouts
        try:
            yield page
        except Exception as exc:
            crashed = page_crashed(page)
            artifacts = _failure_artifacts(context, page, failures_dir, label, trace=trace, crashed=crashed)
            if crashed:
                raise unclassified(
                    _("{label}: the browser's page crashed (out of memory?); a new page is used next time").format(
                        label=label),
                    _("if it happens often, give the machine more memory"),
                    artifacts=artifacts,
                ) from exc
            if isinstance(exc, PlatformError):
                exc.artifacts = tuple(exc.artifacts) + artifacts
                if plan is not None:
                    # adapters cannot know the plan's path: fill it into the suggested command
                    exc.hint = re.sub(r"\b(jadwal [a-z-]+) PLAN ", lambda m: f"{m.group(1)} {plan} ", exc.hint)
                raise
            if isinstance(exc, PlaywrightError) and not isinstance(exc, JadwalError):
                raise unclassified(
                    f"{label}: unexpected browser error: {first_line(exc)}",
                    "look at the screenshot and trace (`playwright show-trace TRACE`)",
                    artifacts=artifacts,
                ) from exc
            raise
        else:
            if trace:
                context.tracing.stop_chunk()  # success: nothing worth keeping
            keep = reuse and _KEPT.get(browser, {}).get(account.id) is kept
    finally:
        kept.in_use = False
        if not keep:
            if reuse and _KEPT.get(browser, {}).get(account.id) is kept:
                del _KEPT[browser][account.id]
            _close_quietly(context)


def save_storage_state(context: BrowserContext, path: Path) -> Path:
    """Write the context's cookies and storage to `path` atomically, mode 0600 (new dirs 0700).

    Written to a temporary file in the same folder and renamed, so a crash never
    leaves a half-written session, and the file is never readable by others.
    """
    state = context.storage_state()
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(state, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    os.chmod(path, 0o600)
    return path


def _main(argv: list[str]) -> int:
    """`python -m scheduler.browser --find`: print the browser jadwal would use (for set-up scripts)."""
    if argv != ["--find"]:
        print("usage: python -m scheduler.browser --find", file=sys.stderr)
        return 2
    try:
        print(find_chromium())
    except BrowserNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
