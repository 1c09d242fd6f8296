"""Hand-written Playwright steps through the TikTok replica, using only what the research calls stable
on TikTok: `data-e2e` and `data-tt` attributes, `name`/`type`/`accept` attributes, `contenteditable`,
the `<tiktok-cookie-banner>` element, roles and accessible names (English or Indonesian, as patterns)
and URLs. No CSS classes, no XPath. These are the test's own steps, not jadwal's adapter: they prove
the replica can be walked the way the live site is described."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.sync_api import expect
from replica_steps import rx

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

DESCRIPTION = rx("Description", "Deskripsi")
GOT_IT = rx("Got it", "Mengerti")
NOT_NOW = rx("Not now", "Jangan sekarang")
CANCEL = rx("Cancel", "Batal")
POST_NOW = rx("Post now", "Posting sekarang")
CLOSE = rx("Close", "Tutup")
WHO_CAN_WATCH = rx("Who can watch this video", "Siapa yang dapat menonton video ini")
VIEW_REPLIES = re.compile(r"^(?:View \d+ repl(?:y|ies)|View more|Lihat \d+ balasan|Lihat lainnya)$", re.IGNORECASE)
VIDEO_LINK = re.compile(r"/@([^/]+)/video/(\d+|[\w-]+)")
CHECKPOINT_URL = re.compile(r"/captcha/|/login/2sv/")


def decline_cookies(page: Page) -> None:
    """The banner's first button declines [S: TU d24a800]; Playwright pierces its open shadow root."""
    banner = page.locator("tiktok-cookie-banner")
    if banner.count():
        banner.locator("div.button-wrapper > button").first.click()
        expect(banner).to_have_count(0)


def log_in(page: Page, base: str, user: str, password: str) -> None:
    """Log in by the email/username form; stops wherever the site sends the browser next."""
    page.goto(f"{base}/login/phone-or-email/email")
    decline_cookies(page)
    page.locator('input[name="username"]').fill(user)
    page.locator('input[type="password"]').fill(password)
    page.locator('button[type="submit"][data-e2e="login-button"]').click()
    page.wait_for_url(re.compile(r"/foryou$|/captcha/|/login/2sv/|/tiktokstudio/"))


def open_upload(page: Page, base: str) -> None:
    page.goto(f"{base}/tiktokstudio/upload")
    expect(page.locator('input[type="file"][accept="video/*"]')).to_be_attached()


def choose_video(page: Page, path: Path) -> None:
    page.locator('input[type="file"][accept="video/*"]').set_input_files(path)


def answer(page: Page, title: re.Pattern[str], button: re.Pattern[str]) -> None:
    dialog = page.get_by_role("dialog", name=title)
    dialog.get_by_role("button", name=button).click()
    expect(dialog).to_be_hidden()


def description(page: Page) -> Locator:
    return page.get_by_role("combobox", name=DESCRIPTION)


def clear_description(page: Page) -> None:
    """Select all, delete: the box starts with the file's name [S: TU, SAU]."""
    box = description(page)
    box.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Backspace")
    expect(box).to_have_text("")


def type_description(page: Page, *parts: str) -> None:
    """Type words as key presses; after a `#tag` or `@name` part, wait for the suggestions and take the
    first with Enter (as TU does), the exact account's row for a mention."""
    box = description(page)
    for part in parts:
        box.press_sequentially(part, delay=10)
        if re.fullmatch(r"[#@]\w+", part):
            listbox = page.get_by_role("listbox").filter(has=page.get_by_role("option"))
            expect(listbox.get_by_role("option").first).to_be_visible()
            if part.startswith("@"):
                names = [n.split()[0] for n in listbox.get_by_role("option").all_inner_texts()]
                for _ in range(names.index(part[1:])):
                    page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            expect(listbox).to_be_hidden()


def post_button(page: Page) -> Locator:
    return page.locator('[data-e2e="post_video_button"]')


def wait_until_ready(page: Page) -> None:
    expect(post_button(page)).to_have_attribute("data-disabled", "false", timeout=60_000)


def video_links(page: Page, base: str, handle: str) -> list[str]:
    page.goto(f"{base}/@{handle}")
    hrefs = page.locator('[data-e2e="user-post-item"] a[href*="/video/"]').evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    return list(dict.fromkeys(m.group(2) for h in hrefs if (m := VIDEO_LINK.search(h))))


def scroll_comments(page: Page, until: int) -> None:
    """Scroll the comment list (with the mouse wheel) until `until` top-level comments show."""
    items = page.locator('[data-e2e="comment-level-1"]')
    for _ in range(30):
        shown = items.count()
        if shown >= until:
            break
        page.locator('[data-e2e="comment-list"]').hover()  # the page may have scrolled away under the mouse
        page.mouse.wheel(0, 20_000)  # to the end of what is loaded
        try:
            expect(items).not_to_have_count(shown, timeout=5_000)
        except AssertionError:
            break  # nothing more came: the count below says how many did
    expect(items).to_have_count(until)


def comment_row(page: Page, text: str, level: int = 1) -> Locator:
    """The innermost element holding both a comment's text and its Reply button."""
    body = page.locator(f'[data-e2e="comment-level-{level}"]', has_text=re.compile(f"^{re.escape(text)}$"))
    return page.locator("div").filter(has=body).filter(has=page.locator(f'[data-e2e="comment-reply-{level}"]')).last


def write_comment(page: Page, text: str) -> None:
    box = page.locator('[data-e2e="comment-input"] [contenteditable="true"]')
    box.click()
    box.press_sequentially(text, delay=5)
    page.locator('[data-e2e="comment-post"]').click()
    expect(box).to_have_text("")  # the box empties once the comment is posted
