#!/usr/bin/env python3
"""Screenshot local HTML files in headless Chromium (the README's pictures of the calendar and report).

    .venv/bin/python scripts/screenshot.py var/demo/calendar.html docs/calendar.png [--width 1280] [--full]

Only file:// pages are opened; any request that would leave the machine is refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scheduler.browser import open_browser


def shoot(page_file: Path, out: Path, *, width: int, height: int, full: bool, selector: str | None = None) -> Path:
    """`selector`: only the first element it matches (e.g. one section of the report)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open_browser() as browser:
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
        try:
            page = context.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(page_file.resolve().as_uri())
            if selector is not None:
                page.locator(selector).first.screenshot(path=str(out))
            else:
                page.screenshot(path=str(out), full_page=full)
        finally:
            context.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full", action="store_true", help="the whole page, not only the first screen")
    args = parser.parse_args()
    print(shoot(args.page, args.out, width=args.width, height=args.height, full=args.full))
    return 0


if __name__ == "__main__":
    sys.exit(main())
