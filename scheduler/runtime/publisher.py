"""The daemon's real publisher: one Chromium, opened when work is due and closed when idle.

Every publish or lookup runs under a hard deadline on top of Playwright's own
timeouts: a hung page or browser is killed (SIGKILL to the Chromium processes)
and the call reported as `OutcomeUnknown`, so the daemon looks the post up
before any retry instead of hanging.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from loguru import logger

from scheduler.errors import BrowserFailed, OutcomeUnknown, PlatformError
from scheduler.i18n import _
from scheduler.runtime.processes import descendants, drivers, is_playwright_driver

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from scheduler.plan.model import Account, Post
    from scheduler.platforms.base import PublishedRef

T = TypeVar("T")


class BrowserPublisher:
    """Implements the daemon's `Publisher` with `scheduler.browser` and the platform adapters."""

    def __init__(self, failures_dir: Path, *, deadline: float = 120.0, plan: Path | None = None) -> None:
        self.failures_dir = failures_dir
        self.deadline = deadline
        self.plan = plan  # named in "log in again" hints
        self._stack: ExitStack | None = None
        self._browser: Browser | None = None
        #: our Playwright driver: the browser to kill is below it (other threads may run browsers too)
        self._driver: int | None = None

    @property
    def active(self) -> bool:
        return self._browser is not None

    def warm(self) -> None:
        if self._browser is not None:
            if self._browser.is_connected():
                return
            # died under us (OOM killer, crash): a lookup or publish on it could only fail
            logger.warning("the browser is gone: starting a new one")
            self.close()
        from playwright.sync_api import Error as PlaywrightError

        from scheduler.browser import open_browser

        before = drivers()
        stack = ExitStack()
        try:
            self._browser = stack.enter_context(open_browser())
        except (PlaywrightError, OSError) as exc:
            stack.close()
            raise BrowserFailed(f"{type(exc).__name__}: {exc}".splitlines()[0],
                                "reinstall Chromium (apt-get install --reinstall chromium), or set "
                                "JADWAL_BROWSER to another Chromium") from exc
        self._stack = stack
        new = drivers() - before
        self._driver = new.pop() if len(new) == 1 else None
        logger.debug("browser started")

    def close(self) -> None:
        stack, self._stack, self._browser, self._driver = self._stack, None, None, None
        if stack is None:
            return
        from playwright.sync_api import Error as PlaywrightError

        try:
            stack.close()
        except (PlaywrightError, OSError) as exc:  # a killed browser may not close politely; it is gone
            logger.debug("browser close: {}", exc)

    def publish(self, account: Account, post: Post) -> PublishedRef:
        """Publish now. The media are checked first, as `jadwal validate` checks them (they may have
        changed since the plan was loaded): a file that fails is a `PlatformError` that retrying would
        not help, raised before any page opens, so nothing is uploaded."""
        from scheduler.errors import MediaError
        from scheduler.publishing import checked_draft, media_folders

        folders = media_folders(self.plan, account) if self.plan is not None else account.media_folders
        try:
            draft = checked_draft(post, folders, file=str(self.plan or ""))
        except MediaError as exc:
            raise PlatformError(_("{problem}; nothing was uploaded").format(problem=exc.message), exc.hint) from None
        return self._with_page(account, post.id, lambda adapter, page: adapter.publish(page, draft))

    def find(self, account: Account, post: Post, since: datetime) -> PublishedRef | None:
        from scheduler.publishing import draft_for

        draft = draft_for(post)
        return self._with_page(account, f"{post.id}-lookup",
                               lambda adapter, page: adapter.find_published(page, draft, since=since))

    def _with_page(self, account: Account, label: str, action: Callable[..., T]) -> T:
        from scheduler.browser import account_page
        from scheduler.platforms.registry import account_adapter

        adapter = account_adapter(account)
        self.warm()
        killed = threading.Event()
        timer = threading.Timer(self.deadline, self._kill, args=(killed,))
        timer.daemon = True
        timer.start()
        try:
            with account_page(self._browser, account, failures_dir=self.failures_dir,  # type: ignore[arg-type]
                              label=label, plan=self.plan) as page:
                return action(adapter, page)
        except Exception as exc:
            if killed.is_set():
                self.close()
                raise OutcomeUnknown(
                    f"the browser did not finish within {self.deadline:.0f}s and was killed",
                    "the post is looked up on the site before any retry",
                ) from exc
            if not isinstance(exc, PlatformError):
                self.close()  # unknown state: start a fresh browser next time
            raise
        finally:
            timer.cancel()

    def _kill(self, killed: threading.Event) -> None:
        killed.set()
        if self._driver is not None:
            pids = descendants(self._driver)
        else:  # could not tell our driver apart: every browser of this process
            pids = [p for p in descendants(os.getpid()) if not is_playwright_driver(p)]
        logger.error("publish deadline of {:.0f}s passed: killing the browser ({} processes)",
                     self.deadline, len(pids))
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

