"""What the tests that drive the replicas in Chromium share: fixtures (through conftest's
`pytest_plugins`) for each replica's address (`ig`, `fb`, `tt`), a page in one UI language (`lang`,
`lpage`) and a video recorded by Chromium (`mp4`); a real JPEG drawn by Chromium, and a replica's posts
read from its test API."""

from __future__ import annotations

import base64
import json
import urllib.request
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from videos import record_mp4

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from scheduler.sandbox.server import SandboxServer

LOCALES = {"en": "en-US", "id": "id-ID"}  # the browser's language chooses the UI (Accept-Language)


@pytest.fixture
def ig(sandbox: SandboxServer) -> str:
    return f"{sandbox.url}/replica/instagram"


@pytest.fixture
def fb(sandbox: SandboxServer) -> str:
    return f"{sandbox.url}/replica/facebook"


@pytest.fixture
def tt(sandbox: SandboxServer) -> str:
    return f"{sandbox.url}/replica/tiktok"


@pytest.fixture(scope="module")
def mp4(browser: Browser) -> bytes:
    """A short real MP4 (one per test module: recording takes seconds)."""
    return record_mp4(browser)


@pytest.fixture(params=list(LOCALES))
def lang(request: pytest.FixtureRequest) -> str:
    """Each UI language in turn: the test runs once in English, once in Indonesian."""
    return str(request.param)


@pytest.fixture
def lpage(browser: Browser, lang: str) -> Iterator[Page]:
    """A page whose browser speaks `lang`."""
    yield from lang_page(browser, lang)


def lang_page(browser: Browser, lang: str, timeout_ms: float = 15_000, **options: Any) -> Iterator[Page]:
    """A page in a fresh context whose language is `lang` (`options`: more of the context's), closed after."""
    context = browser.new_context(locale=LOCALES[lang], **options)
    context.set_default_timeout(timeout_ms)
    try:
        yield context.new_page()
    finally:
        context.close()


def canvas_jpeg(browser: Browser, ground: str, fill: str, box: tuple[int, int, int, int] = (40, 40, 120, 90)) -> bytes:
    """A real 320x240 JPEG, drawn and encoded by Chromium (no imaging library needed): `ground` with a
    `fill` rectangle at `box` (x, y, width, height)."""
    page = browser.new_page()
    try:
        data_url = page.evaluate("""([ground, fill, box]) => {
            const c = document.createElement('canvas'); c.width = 320; c.height = 240;
            const x = c.getContext('2d'); x.fillStyle = ground; x.fillRect(0, 0, 320, 240);
            x.fillStyle = fill; x.fillRect(...box); return c.toDataURL('image/jpeg', 0.9); }""", [ground, fill, box])
    finally:
        page.close()
    return base64.b64decode(data_url.split(",", 1)[1])


def api_posts(replica: str) -> list[dict[str, Any]]:
    """The posts a replica holds (`replica`: its address, e.g. <sandbox>/replica/instagram), by its test API."""
    with urllib.request.urlopen(f"{replica}/_api/posts", timeout=10) as reply:
        return json.load(reply)
