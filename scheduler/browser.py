"""Finding and launching Chromium for Playwright.

Search order: an explicit path (`JADWAL_BROWSER`), Playwright's own managed
Chromium, then a system Chromium. The flags are the ones that work headless as
root on a small VPS with no outside network.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.errors import BrowserNotFound

if TYPE_CHECKING:
    from playwright.sync_api import Browser

LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MANAGED_GLOBS = (
    "chromium-*/chrome-linux*/chrome",
    "chromium_headless_shell-*/chrome-linux*/headless_shell",
)


def _managed_browsers(env: Mapping[str, str]) -> list[Path]:
    root = Path(env.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    found: list[Path] = []
    for pattern in MANAGED_GLOBS:
        found.extend(sorted(root.glob(pattern), reverse=True))  # newest revision first
    return [p for p in found if os.access(p, os.X_OK)]


def find_chromium(env: Mapping[str, str] | None = None) -> Path:
    """The Chromium executable to launch, or `BrowserNotFound` naming the fix."""
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
    managed = _managed_browsers(env)
    if managed:
        return managed[0]
    for name in SYSTEM_BROWSERS:
        system = shutil.which(name)
        if system:
            return Path(system)
    raise BrowserNotFound(
        "no Chromium found (looked at JADWAL_BROWSER, Playwright's browsers, and "
        + ", ".join(SYSTEM_BROWSERS)
        + " on PATH)",
        "install one: `sudo apt-get install chromium` (Debian/Ubuntu), "
        "or `playwright install chromium`, or set JADWAL_BROWSER=/path/to/chrome",
    )


@contextmanager
def open_browser(*, headless: bool = True, executable: Path | None = None) -> Iterator[Browser]:
    """A launched Chromium, closed (with Playwright's driver) whatever happens inside."""
    from playwright.sync_api import sync_playwright

    path = executable or find_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(path), headless=headless, args=list(LAUNCH_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


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
