#!/usr/bin/env python3
"""What exactly-once costs on Instagram: time and page loads per post, jadwal against a minimal script.

Both publish to the Instagram replica of an in-process sandbox on 127.0.0.1 (which counts the pages
it serves), in one Chromium, interleaved in turns so neither gets a quieter machine:

- jadwal: what the daemon does per post: `account_page` (the account's kept context with the saved
  session, bounded timeouts, tracing on) and `InstagramAdapter.publish`: the profile (whose session,
  the grid before), the create dialog, Share, then the profile and the new post's page (its code,
  caption and time, so a post is never taken for another).
- minimal: one page kept signed in, the same clicks, no checks: home, New post -> Post, the files,
  Next until the caption, the caption, Share, wait for "Your post has been shared.".

A post is one picture, or a carousel of three (`--carousel`).

    .venv/bin/python scripts/bench_instagram.py [--posts 10] [--carousel]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts" / "lib"))

from images import png_bytes  # noqa: E402

from replica_bench import race, report  # noqa: E402

from scheduler.plan.model import Account  # noqa: E402
from scheduler.platforms.instagram import InstagramAdapter  # noqa: E402
from scheduler.sandbox.server import SandboxServer  # noqa: E402

NEXT = re.compile("^Next$")


def minimal_post(page: object, base: str, files: list[Path], caption: str) -> None:
    """The hand-written steps a minimal Playwright script takes (roles and labels, as tests/replica_steps.py)."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{base}/")
    page.get_by_role("link", name="New post").click()
    page.get_by_role("menuitem", name="Post").click()
    dialog = page.get_by_role("dialog", name="Create new post")
    dialog.locator('input[type="file"]').set_input_files(files)
    composer = page.get_by_role("dialog").last
    caption_box = composer.get_by_role("textbox", name="Write a caption...")
    while not caption_box.is_visible():
        composer.get_by_role("button", name=NEXT).click()
    caption_box.fill(caption)
    composer.get_by_role("button", name="Share").click()
    expect(page.get_by_text("Your post has been shared.")).to_be_visible(timeout=30_000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10)
    parser.add_argument("--carousel", action="store_true", help="three pictures a post instead of one")
    args = parser.parse_args()
    from loguru import logger

    logger.remove()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        files = []
        for i in range(3 if args.carousel else 1):
            path = tmp / f"p{i}.png"
            path.write_bytes(png_bytes(320, 400, (40 * i, 120, 200)))
            files.append(path)
        srv = SandboxServer(tmp / "sandbox", {"kopisenja": "kopisenja"}).start()
        base = f"{srv.url}/replica/instagram"
        account = Account("ig", "instagram", f"{base}/", "kopisenja", tmp / "ig.json", 1)
        adapter = InstagramAdapter(account)
        try:
            times, pages = race(srv, adapter, account, tmp, args.posts, tuple(files),
                                lambda page, caption: minimal_post(page, base, files, caption))
        finally:
            srv.stop()
    report(args.posts, "a carousel of 3 pictures" if args.carousel else "one picture", times, pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
