#!/usr/bin/env python3
"""What posting as the Page, exactly once, costs on Facebook: time and page loads per post, jadwal against
a minimal script.

Both publish one picture to the Facebook replica of an in-process sandbox on 127.0.0.1 (which counts the
pages it serves), in one Chromium, interleaved in turns so neither gets a quieter machine:

- jadwal: what the daemon does per post: `account_page` (the account's kept context with the saved
  session, bounded timeouts, tracing on) and `FacebookAdapter.publish`: the Page by its id (its name
  checked), Meta Business Suite's composer (the Page's name checked on it), the text read back, the
  upload waited for, Publish, then the Page's timeline to find the post (by Page, text and time).
- minimal: one page kept signed in, the same composer and clicks, no checks: Business Suite's composer,
  the text, the file, Publish, wait for "Your post has been published.".

    .venv/bin/python scripts/bench_facebook.py [--posts 10]
"""

from __future__ import annotations

import argparse
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
from scheduler.platforms.facebook import FacebookAdapter  # noqa: E402
from scheduler.sandbox.server import SandboxServer  # noqa: E402


def minimal_post(page: object, composer: str, file: Path, text: str) -> None:
    """The hand-written steps a minimal Playwright script takes (as tests/replica_steps_facebook.py)."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(composer)
    page.get_by_role("textbox").click()
    page.keyboard.insert_text(text)
    page.locator('input[type="file"][accept^="image/*"]').last.set_input_files([file])
    expect(page.locator('img[src^="blob:"]')).to_have_count(1)
    publish = page.get_by_role("button", name="Publish")
    expect(publish).not_to_have_attribute("aria-disabled", "true")
    publish.click()
    expect(page.get_by_role("status")).to_have_text("Your post has been published.", timeout=30_000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10)
    args = parser.parse_args()
    from loguru import logger

    logger.remove()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        picture = tmp / "latte.png"
        picture.write_bytes(png_bytes(320, 400, (40, 120, 200)))
        srv = SandboxServer(tmp / "sandbox", {"kopisenja": "kopisenja"}).start()
        base = f"{srv.url}/replica/facebook"
        page_id = srv.replica("facebook").page("kopisenja")["id"]  # type: ignore[attr-defined]
        account = Account("fb", "facebook", base, "Kopisenja Page", tmp / "fb.json", 1, page_id=page_id)
        adapter = FacebookAdapter(account)
        composer = f"{base}/latest/composer/?asset_id={page_id}"
        try:
            times, pages = race(srv, adapter, account, tmp, args.posts, (picture,),
                                lambda page, text: minimal_post(page, composer, picture, text))
        finally:
            srv.stop()
    report(args.posts, "one picture", times, pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
