"""Hand-written Playwright steps through the Facebook replica, using only what the research calls
stable: `input[name=email]`/`input[name=pass]`, roles and accessible names (English or Indonesian, as
patterns), aria-labels, `input[type=file][accept^="image/*"]`, `data-ad-rendering-role`, `comment_id=`
links and URLs. No CSS classes, no ids, no XPath. These are the test's own steps, not jadwal's
adapter: they prove the replica can be walked the way the live site is described."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.sync_api import expect
from replica_steps import rx

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

LOG_IN = rx("Log in", "Masuk")
ALLOW_COOKIES = rx("Allow all cookies", "Izinkan semua cookie")
NOT_NOW = rx("Not now", "Lain kali")
YOUR_PROFILE = rx("Your profile", "Profil Anda")
SEE_ALL_PROFILES = rx("See all profiles", "Lihat semua profil")
SWITCH_NOW = rx("Switch Now", "Beralih Sekarang")
SWITCH = rx("Switch", "Beralih")
COMPOSER_REGION = rx("Create a post", "Buat postingan")
ON_YOUR_MIND = re.compile(r"^(?:What's on your mind|Apa yang Anda pikirkan), (.+)\?$")
WRITE_TO = re.compile(r"^(?:Write something to|Tulis sesuatu untuk) (.+)…$")
CREATE_POST = rx("Create post", "Buat postingan")
NEXT = rx("Next", "Berikutnya")
POST_SETTINGS = rx("Post settings", "Pengaturan postingan")
POST = rx("Post", "Posting")
PUBLISHED = rx("Your post is now published.", "Postingan Anda sudah dipublikasikan.")
SORT = rx("Most relevant", "Paling relevan", "Newest", "Terbaru", "All comments", "Semua komentar")
ALL_COMMENTS = rx("All comments", "Semua komentar")
VIEW_MORE = rx("View more comments", "Lihat komentar lainnya")
VIEW_REPLIES = re.compile(r"^(?:View (?:all \d+ replies|1 reply)|Lihat (?:semua \d+ balasan|1 balasan))$")
REPLY = rx("Reply", "Balas")
COMMENT_BY = re.compile(r"^(?:Comment by|Komentar oleh) ")
REPLY_BY = re.compile(r"^(?:Reply by|Balasan oleh) ")
REPLY_TO = re.compile(r"^(?:Reply to|Balas) ")
COMMENT_AS = re.compile(r"^(?:Comment as|Komentari sebagai) ")
SEE_MORE = rx("See more", "Lihat selengkapnya")
FILES = 'input[type="file"][accept^="image/*"]'
COMMENT_ID = re.compile(r"[?&]comment_id=(\d+)")
REPLY_ID = re.compile(r"[?&]reply_comment_id=(\d+)")


def log_in(page: Page, base: str, user: str, password: str) -> None:
    """The login page; the cookie dialog if it shows; Enter in the password field, then the "Log in"
    button if the page did not move [S: AMM PR #336]. Stops wherever the site sends the browser."""
    page.goto(f"{base}/login/")
    allow = page.get_by_role("button", name=ALLOW_COOKIES)
    if allow.is_visible():
        allow.click()
        expect(allow).to_be_hidden()
    page.locator('input[name="email"]').fill(user)
    page.locator('input[name="pass"]').fill(password)
    page.locator('input[name="pass"]').press("Enter")
    try:
        page.wait_for_url(lambda url: "/login/" not in url, timeout=5000)
    except Exception:  # noqa: BLE001 - Enter did not submit: the button, as the research's fallback
        page.get_by_role("button", name=LOG_IN).click()
        page.wait_for_url(lambda url: "/login/" not in url)


def dismiss_save_login(page: Page) -> None:
    page.get_by_role("dialog").get_by_role("button", name=NOT_NOW).click()


def switch_profile(page: Page, name: str) -> None:
    """"Your profile" -> "See all profiles" -> the profile in the dialog's list [S: KT selectFBPage]."""
    page.get_by_role("navigation").get_by_role("button", name=YOUR_PROFILE).click()
    page.get_by_role("button", name=SEE_ALL_PROFILES).click()
    page.get_by_role("dialog").get_by_role("list").get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def switch_now(page: Page, base: str, name: str) -> None:
    """`/pages/?category=your_pages` -> the Page's "Switch Now" -> "Switch" [S: KT]."""
    page.goto(f"{base}/pages/?category=your_pages")
    card = page.get_by_role("listitem").filter(has_text=name)
    card.get_by_role("button", name=SWITCH_NOW).click()
    page.get_by_role("dialog").get_by_role("button", name=SWITCH).click()
    page.wait_for_load_state()


def composer_prompt(page: Page) -> str:
    return page.get_by_role("region", name=COMPOSER_REGION).get_by_role("button").first.inner_text()


def open_composer(page: Page) -> Locator:
    page.get_by_role("region", name=COMPOSER_REGION).get_by_role("button").first.click()
    dialog = page.get_by_role("dialog", name=CREATE_POST)
    expect(dialog).to_be_visible()
    return dialog


def write(page: Page, where: Locator, text: str) -> None:
    """Text into a Lexical box by insertText, the way the research says works [S: AutomaApp/automa#1566]."""
    box = where.get_by_role("textbox").first
    box.click()
    page.keyboard.insert_text(text)


def attach(where: Locator, files: list[Path]) -> None:
    """The last file input whose accept starts with image/* [S: MP 5302f691, 99210102]; waits for the uploads."""
    where.locator(FILES).last.set_input_files(files)
    expect(where.get_by_role("progressbar")).to_have_count(0, timeout=30_000)


def submit(page: Page, dialog: Locator) -> None:
    """Next -> "Post settings" when the step shows [S: idx:36949623803], then Post once it is enabled."""
    step = dialog.get_by_role("button", name=NEXT)
    if step.is_visible():
        expect(step).not_to_have_attribute("aria-disabled", "true")
        step.click()
        expect(dialog.get_by_role("heading", name=POST_SETTINGS)).to_be_visible()
    button = dialog.get_by_role("button", name=POST)
    expect(button).not_to_have_attribute("aria-disabled", "true")
    button.click()


def stories(page: Page) -> Locator:
    return page.locator('[role="feed"] [aria-posinset][role="article"]')


def story_texts(page: Page) -> list[str]:
    return [t.strip() for t in page.locator('[role="feed"] [data-ad-rendering-role="story_message"]').all_inner_texts()]


def open_all_comments(page: Page) -> None:
    """"Most relevant" -> "All comments", then every "View more comments" and "View n replies", each
    click waited for until more comments show."""
    page.get_by_role("button", name=SORT).click()
    page.get_by_role("menuitem", name=ALL_COMMENTS).click()
    expect(page.get_by_role("button", name=ALL_COMMENTS)).to_be_visible()
    articles = page.get_by_role("article", name=re.compile(f"{COMMENT_BY.pattern}|{REPLY_BY.pattern}"))
    for name in (VIEW_MORE, VIEW_REPLIES):
        buttons = page.get_by_role("button", name=name)
        for _ in range(100):
            if buttons.count() == 0:
                break
            seen = articles.count()
            buttons.first.click()
            expect(articles).not_to_have_count(seen)
        expect(buttons).to_have_count(0)


def comment_rows(page: Page) -> list[tuple[str, str | None, str, str]]:
    """(comment id, parent id or None, label, text) of every comment and reply, in page order."""
    rows = []
    for article in page.get_by_role("article", name=re.compile(f"{COMMENT_BY.pattern}|{REPLY_BY.pattern}")).all():
        href = article.locator('a[href*="comment_id="]').first.get_attribute("href") or ""
        comment, reply = COMMENT_ID.search(href), REPLY_ID.search(href)
        assert comment is not None
        label = article.get_attribute("aria-label") or ""
        text = article.locator('div[dir="auto"]').first.inner_text().strip()
        rows.append((reply.group(1), comment.group(1), label, text) if reply else (comment.group(1), None, label, text))
    return rows
