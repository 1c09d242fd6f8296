"""Hand-written Playwright steps through the Instagram replica, using only what the research calls
stable: roles and accessible names (English or Indonesian, as patterns), labels, aria-labels,
`input[type=file]` and URLs. No CSS classes, no ids, no XPath. These are the test's own steps, not
jadwal's adapter: they prove the replica can be walked the way the live site is described."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page


def rx(*alternatives: str, exact: bool = True) -> re.Pattern[str]:
    """One pattern for the English and the Indonesian text, case-insensitive (as the research advises)."""
    body = "|".join(re.escape(a) for a in alternatives)
    return re.compile(f"^(?:{body})$" if exact else f"(?:{body})", re.IGNORECASE)


LOGIN_FIELD = rx("Phone number, username, or email", "Nomor telepon, nama pengguna, atau email")
PASSWORD = rx("Password", "Kata sandi")
LOG_IN = rx("Log in", "Masuk")
NOT_NOW = rx("Not now", "Lain kali")
DECLINE_COOKIES = rx("Decline optional cookies", "Tolak cookie opsional")
NEW_POST = rx("New post", "Postingan baru", exact=False)
POST_ITEM = re.compile(r"^(?:Post|Postingan)\b", re.IGNORECASE)
CREATE_TITLE = rx("Create new post", "Buat postingan baru")
SELECT = rx("Select from computer", "Pilih dari komputer")
NEXT = rx("Next", "Selanjutnya")
CAPTION = rx("Write a caption...", "Tulis keterangan...")
ACCESSIBILITY = rx("Accessibility", "Aksesibilitas")
ALT = rx("Write alt text...", "Tulis teks alternatif...")
SHARE = rx("Share", "Bagikan")
SHARED = rx("Your post has been shared.", "Postingan Anda telah dibagikan.",
            "Your reel has been shared.", "Reel Anda telah dibagikan.")
CLOSE = rx("Close", "Tutup")
LOAD_MORE = rx("Load more comments", "Muat komentar lainnya")
VIEW_REPLIES = re.compile(r"^(?:View replies|Lihat balasan) \(\d+\)$", re.IGNORECASE)
REPLY = rx("Reply", "Balas")
ADD_COMMENT = rx("Add a comment…", "Tambahkan komentar…")
POST_COMMENT = rx("Post", "Kirim")
POST_LINK = re.compile(r"/(?:p|reel)/([^/?#]+)/")


def log_in(page: Page, base: str, user: str, password: str) -> None:
    """Open the login page, dismiss the cookie dialog if it shows, submit; stops wherever the site
    sends the browser next (onetap, home, a checkpoint)."""
    page.goto(f"{base}/accounts/login/")
    decline = page.get_by_role("button", name=DECLINE_COOKIES)
    if decline.is_visible():
        decline.click()
        expect(decline).to_be_hidden()
    page.get_by_label(LOGIN_FIELD).fill(user)
    page.get_by_label(PASSWORD).fill(password)
    page.get_by_role("button", name=LOG_IN).click()
    page.wait_for_url(re.compile(r"/accounts/onetap/|/challenge/|two_factor|/accounts/suspended/|/replica/instagram/$"))


def dismiss_not_now(page: Page) -> None:
    page.get_by_role("button", name=NOT_NOW).click()


def open_composer(page: Page) -> Locator:
    page.get_by_role("link", name=NEW_POST).click()
    page.get_by_role("menuitem", name=POST_ITEM).click()
    dialog = page.get_by_role("dialog", name=CREATE_TITLE)
    expect(dialog).to_be_visible()
    return dialog


def choose_files(dialog: Locator, files: list[Path]) -> None:
    expect(dialog.get_by_role("button", name=SELECT)).to_be_visible()
    dialog.locator('input[type="file"]').set_input_files(files)


def write_caption(page: Page, caption: str, alts: list[str] = ()) -> None:  # type: ignore[assignment]
    dialog = page.get_by_role("dialog").last
    dialog.get_by_role("textbox", name=CAPTION).fill(caption)
    if alts:
        dialog.get_by_role("button", name=ACCESSIBILITY).click()
        fields = dialog.get_by_role("textbox", name=ALT)
        for i, alt in enumerate(alts):
            fields.nth(i).fill(alt)


def next_until_caption(page: Page) -> None:
    """Click Next (dialog-scoped, waiting while it is disabled) until the caption box shows."""
    dialog = page.get_by_role("dialog").last
    caption = dialog.get_by_role("textbox", name=CAPTION)
    for _ in range(4):
        if caption.is_visible():
            return
        button = dialog.get_by_role("button", name=NEXT)
        expect(button).not_to_have_attribute("aria-disabled", "true", timeout=30_000)
        button.click()
    expect(caption).to_be_visible()


def share(page: Page) -> None:
    dialog = page.get_by_role("dialog").last
    dialog.get_by_role("button", name=SHARE).click()
    expect(page.get_by_text(SHARED)).to_be_visible(timeout=30_000)


def grid_codes(page: Page, base: str, handle: str) -> list[str]:
    page.goto(f"{base}/{handle}/")
    hrefs = page.locator('a[href*="/p/"], a[href*="/reel/"]').evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [m.group(1) for h in hrefs if (m := POST_LINK.search(h))]
