"""The Facebook replica walked in real Chromium by hand-written steps (tests/replica_steps_facebook.py),
in English and Indonesian: login through the cookie dialog and "Save your login info?", switching into
the Page, a post with a picture as the Page (and as a visitor when not switched), Business Suite's
composer, the Lexical-like editor refusing script writes, comments and replies across pages,
checkpoints on demand, a block, the crash faults, and the JSON API showing exactly what was posted.
These prove the replica, not an adapter."""

from __future__ import annotations

import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from images import png_bytes
from playwright.sync_api import expect
from replica_helpers import api_posts, canvas_jpeg, lang_page
from replica_steps import rx
from replica_steps_facebook import (
    COMMENT_AS, FILES, NEXT, ON_YOUR_MIND, POST, PUBLISHED, REPLY, REPLY_TO, SEE_MORE, VIEW_MORE, WRITE_TO, attach,
    comment_rows, composer_prompt, dismiss_save_login, log_in, open_all_comments, open_composer, stories, story_texts,
    submit, switch_now, switch_profile, write,
)

from scheduler.sandbox.server import SandboxServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e

PAGE_NAME = "Kopisenja Page"  # every person gets a Page named after them
PAGE = "kopisenja.page"


@pytest.fixture(scope="module")
def jpeg(browser: Browser) -> bytes:
    return canvas_jpeg(browser, "#1877f2", "#ffffff")


@pytest.fixture
def lpage(browser: Browser, lang: str) -> Iterator[Page]:
    yield from lang_page(browser, lang, timezone_id="Asia/Jakarta")


def one_file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def logged_in(page: Page, fb: str, as_page: bool = True) -> None:
    log_in(page, fb, "kopisenja", "kopisenja")
    page.wait_for_url(f"{fb}/")
    if as_page:
        switch_profile(page, PAGE_NAME)
        page.wait_for_url(f"{fb}/{PAGE}")


def test_login_through_every_dialog_then_a_picture_as_the_page(
    sandbox: SandboxServer, fb: str, lpage: Page, lang: str, jpeg: bytes, tmp_path: Path
) -> None:
    control = sandbox.replica("facebook")
    control.set_faults(consent=True, dialogs={"save_login": 1})
    log_in(lpage, fb, "kopisenja", "kopisenja")
    lpage.wait_for_url(f"{fb}/")
    expect(lpage.locator("html")).to_have_attribute("lang", lang)
    assert {c["name"] for c in lpage.context.cookies()} >= {"c_user", "xs"}  # [S: KZ]
    expect(lpage.get_by_role("dialog", name=rx("Save your login info?", "Simpan info login Anda?"))).to_be_visible()
    dismiss_save_login(lpage)
    expect(lpage.get_by_role("dialog")).to_have_count(0)
    assert ON_YOUR_MIND.match(composer_prompt(lpage)).group(1) == "kopisenja"  # type: ignore[union-attr]

    switch_profile(lpage, PAGE_NAME)
    lpage.wait_for_url(f"{fb}/{PAGE}")
    assert ON_YOUR_MIND.match(composer_prompt(lpage)).group(1) == PAGE_NAME  # type: ignore[union-attr]
    text = "Kopi susu gula aren ☕\nBaris kedua #kopisenja"
    dialog = open_composer(lpage)
    post_button = dialog.get_by_role("button", name=NEXT)
    expect(post_button).to_have_attribute("aria-disabled", "true")  # nothing to post yet
    write(lpage, dialog, text)
    attach(dialog, [one_file(tmp_path, "latte.jpg", jpeg)])
    preview = dialog.locator('img[src^="blob:"]')  # the browser's own copy [S: idx:53711838252]
    expect(preview).to_have_count(1)
    lpage.wait_for_function("img => img.complete", arg=preview.element_handle())
    assert preview.evaluate("img => img.naturalWidth") == 320  # shown, not blocked by the site's policy
    submit(lpage, dialog)
    expect(lpage.get_by_role("status")).to_have_text(PUBLISHED)
    expect(lpage.get_by_role("dialog", name=rx("Create post", "Buat postingan"))).to_be_hidden()

    [post] = api_posts(fb)
    assert (post["author"], post["text"], post["kind"]) == (PAGE, text, "photo")
    assert (post["extra"]["as"], post["extra"]["visitor"], post["extra"]["by"]) == ("page", False, "kopisenja")
    assert [(m["name"], m["content_type"]) for m in post["media"]] == [("latte.jpg", "image/jpeg")]
    with urllib.request.urlopen(post["media"][0]["url"], timeout=10) as reply:
        assert reply.read() == jpeg  # stored exactly as uploaded

    lpage.goto(f"{fb}/{PAGE}")  # the timeline, fresh
    assert story_texts(lpage) == [text]
    picture = stories(lpage).first.locator("img")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.complete && img.naturalWidth") == 320
    stamp = stories(lpage).first.locator("a[role=link][attributionsrc]")
    first_link = stamp.get_attribute("href") or ""
    assert re.search(rf"/{re.escape(PAGE)}/posts/pfbid0\w+\?__cft__", first_link)
    stamp.hover()
    expect(lpage.get_by_role("tooltip")).to_contain_text(str(time.gmtime().tm_year))
    lpage.reload()
    assert stamp.get_attribute("href") != first_link  # the pfbid changes on every render
    stamp.click()
    expect(lpage.locator('[data-ad-rendering-role="story_message"]')).to_have_text(text)
    assert control.log() == {
        "dialog_shown:consent": 1, "dialog_accept:consent": 1, "dialog_shown:save_login": 1,
        "dialog_decline:save_login": 1, "switched:page": 1,
    }


def test_not_switched_into_the_page_a_person_posts_there_as_a_visitor(
    sandbox: SandboxServer, fb: str, page: Page
) -> None:
    """The research's warning [S-old: Frost-for-Facebook#1841]: the composer on a Page's timeline, used
    while still acting as the person, posts as a visitor; its prompt says whose timeline it is."""
    logged_in(page, fb, as_page=False)
    page.goto(f"{fb}/{PAGE}")
    assert WRITE_TO.match(composer_prompt(page)).group(1) == PAGE_NAME  # type: ignore[union-attr]
    dialog = open_composer(page)
    write(page, dialog, "Halo dari pengunjung")
    submit(page, dialog)
    expect(page.get_by_role("status")).to_have_text(PUBLISHED)
    [post] = api_posts(fb)
    assert (post["author"], post["extra"]["page"], post["extra"]["visitor"]) == ("kopisenja", PAGE, True)
    expect(stories(page).first.get_by_role("heading")).to_have_text(f"kopisenja ▸ {PAGE_NAME}")


def test_switch_now_from_your_pages(sandbox: SandboxServer, fb: str, lpage: Page) -> None:
    sandbox.replica("facebook").add_page("kopisenja", "kopisenja.bandung", "Kopi Senja Bandung")
    logged_in(lpage, fb, as_page=False)
    switch_now(lpage, fb, "Kopi Senja Bandung")
    lpage.wait_for_url(f"{fb}/kopisenja.bandung")
    assert ON_YOUR_MIND.match(composer_prompt(lpage)).group(1) == "Kopi Senja Bandung"  # type: ignore[union-attr]
    switch_profile(lpage, "kopisenja")  # back to the person
    lpage.goto(f"{fb}/")
    assert ON_YOUR_MIND.match(composer_prompt(lpage)).group(1) == "kopisenja"  # type: ignore[union-attr]


def test_business_suite_posts_as_the_page_without_switching(
    sandbox: SandboxServer, fb: str, lpage: Page, jpeg: bytes, tmp_path: Path
) -> None:
    control = sandbox.replica("facebook")
    mine, theirs = control.page("kopisenja"), control.page("fan")
    logged_in(lpage, fb, as_page=False)
    lpage.goto(f"{fb}/latest/composer/?asset_id={theirs['id']}")  # not hers: her own Page shows instead
    expect(lpage.get_by_text(theirs["name"])).to_have_count(0)
    lpage.goto(f"{fb}/latest/composer/?asset_id={mine['id']}")
    expect(lpage.get_by_role("button", name=re.compile(re.escape(mine["name"])))).to_be_visible()
    form = lpage.locator("form").filter(has=lpage.get_by_role("textbox"))
    expect(lpage.locator('a[aria-label="Select adding photos."], a[aria-label="Pilih untuk menambahkan foto."]')).to_be_visible()
    attach(form, [one_file(tmp_path, "menu.jpg", jpeg)])
    write(lpage, form, "Menu baru minggu ini")
    publish = lpage.get_by_role("button", name=rx("Publish", "Publikasikan"))
    expect(publish).not_to_have_attribute("aria-disabled", "true")
    switch = lpage.get_by_role("switch", name=rx("Set date and time", "Atur tanggal dan waktu"))
    expect(switch).to_have_attribute("aria-checked", "false")  # jadwal never schedules on the site
    publish.click()
    expect(lpage.get_by_role("status")).to_have_text(rx("Your post has been published.",
                                                        "Postingan Anda telah dipublikasikan."))
    [post] = api_posts(fb)
    assert (post["author"], post["extra"]["as"], post["extra"]["surface"]) == (PAGE, "page", "business_suite")
    assert post["text"] == "Menu baru minggu ini" and post["media"][0]["name"] == "menu.jpg"


def test_the_editor_takes_typed_inserted_and_pasted_text_never_a_scripts_write(
    sandbox: SandboxServer, fb: str, page: Page
) -> None:
    """Lexical [S: AutomaApp/automa#1566]: setting the editor's DOM from a script (a form-fill tool) changes
    nothing; key presses, insertText and a paste event do [S: MP 2025-12, KZA, SAU]."""
    logged_in(page, fb)
    dialog = open_composer(page)
    box = dialog.get_by_role("textbox")
    step = dialog.get_by_role("button", name=NEXT)
    box.evaluate("e => { e.innerText = 'diisi skrip'; e.dispatchEvent(new Event('input', {bubbles: true})); }")
    expect(box).to_have_text("")
    expect(step).to_have_attribute("aria-disabled", "true")
    box.evaluate("""e => { e.focus(); const data = new DataTransfer(); data.setData('text/plain', 'tempel\\nbaris dua');
        e.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }""")
    expect(step).not_to_have_attribute("aria-disabled", "true")
    box.press("Control+a")
    box.press("Backspace")
    expect(step).to_have_attribute("aria-disabled", "true")
    box.press_sequentially("ketik")
    box.press("Enter")
    box.press_sequentially("lagi")
    submit(page, dialog)
    expect(page.get_by_role("status")).to_be_visible()
    assert [p["text"] for p in api_posts(fb)] == ["ketik\nlagi"]


def test_without_the_post_settings_step_and_with_the_older_login_button(
    sandbox: SandboxServer, fb: str, page: Page
) -> None:
    sandbox.replica("facebook").set_faults(steps={"post_settings": False, "login_div": False})
    page.goto(f"{fb}/login/")
    expect(page.locator('button[name="login"]')).to_have_count(1)  # before 2026-07 [S: KZA]
    logged_in(page, fb)
    dialog = open_composer(page)
    write(page, dialog, "Langsung posting")
    expect(dialog.get_by_role("button", name=NEXT)).to_have_count(0)
    dialog.get_by_role("button", name=POST).click()
    expect(page.get_by_role("status")).to_be_visible()
    assert [p["text"] for p in api_posts(fb)] == ["Langsung posting"]


def test_uploads_the_site_refuses(sandbox: SandboxServer, fb: str, page: Page, tmp_path: Path) -> None:
    logged_in(page, fb)
    dialog = open_composer(page)
    attach(dialog, [one_file(tmp_path, "notes.jpg", b"just text, not a picture")])  # judged by its bytes
    expect(dialog.get_by_role("alert")).to_contain_text("notes.jpg can't be uploaded")
    expect(dialog.locator('img[src^="blob:"]')).to_have_count(0)
    many = [one_file(tmp_path, f"p{i}.png", png_bytes()) for i in range(11)]
    dialog.locator(FILES).last.set_input_files(many)
    expect(dialog.get_by_role("alert")).to_have_text("You can add up to 10 photos.")
    attach(dialog, many[:10])
    expect(dialog.locator('img[src^="blob:"]')).to_have_count(10)
    submit(page, dialog)
    expect(page.get_by_role("status")).to_be_visible()
    assert len(api_posts(fb)[0]["media"]) == 10


def test_a_timeline_loads_more_on_scroll_and_long_text_behind_see_more(
    sandbox: SandboxServer, fb: str, lpage: Page
) -> None:
    control = sandbox.replica("facebook")
    long = "Cerita panjang. " * 40
    for i in range(7):
        control.seed_post(PAGE, long if i == 0 else f"post {i}", [])
    logged_in(lpage, fb, as_page=False)
    lpage.goto(f"{fb}/{PAGE}")
    expect(stories(lpage)).to_have_count(5)
    stories(lpage).last.scroll_into_view_if_needed()
    lpage.mouse.wheel(0, 5000)
    expect(stories(lpage)).to_have_count(7)
    positions = [s.get_attribute("aria-posinset") for s in stories(lpage).all()]
    assert positions == [str(i) for i in range(1, 8)]
    oldest = stories(lpage).last.locator('[data-ad-rendering-role="story_message"]')
    expect(oldest.get_by_role("button", name=SEE_MORE)).to_be_visible()
    assert len(oldest.inner_text()) < len(long)
    oldest.get_by_role("button", name=SEE_MORE).click()
    expect(oldest).to_have_text(long.strip())
    assert story_texts(lpage)[:6] == [f"post {i}" for i in range(6, 0, -1)]


def test_comments_and_replies_across_pages_and_a_reply_as_the_page(
    sandbox: SandboxServer, fb: str, lpage: Page, lang: str
) -> None:
    control = sandbox.replica("facebook")
    code = control.seed_post(PAGE, "Menu baru!", [])
    ids = [control.seed_comment(code, "fan", f"komentar {i}") for i in range(23)]  # 10 a page
    replies = {ids[1]: ["balasan a", "balasan b", "balasan c"], ids[17]: ["balasan d"]}
    for parent, texts in replies.items():
        for text in texts:
            control.seed_comment(code, PAGE, text, parent)

    logged_in(lpage, fb)
    [post] = api_posts(fb)
    lpage.goto(post["permalink"])
    expect(lpage.get_by_role("article", name=re.compile("^(?:Comment by|Komentar oleh)"))).to_have_count(10)
    open_all_comments(lpage)
    rows = comment_rows(lpage)
    expected = []
    for i, cid in enumerate(ids):
        expected.append((str(cid), None, f"komentar {i}"))
        expected += [(r, str(cid), text) for r, text in zip(
            [str(c["id"]) for c in post["comments"] if c["parent_id"] == cid], replies.get(cid, []), strict=True)]
    assert [(c, p, text) for c, p, _label, text in rows] == expected
    assert rows[2][2].startswith(("Reply by Kopisenja Page to fan's comment", "Balasan oleh Kopisenja Page untuk"))

    thread = lpage.get_by_role("article", name=re.compile(r"^(?:Comment by|Komentar oleh) fan")).filter(
        has_text="komentar 17").first
    thread.get_by_role("button", name=REPLY).first.click()
    box = thread.get_by_role("textbox", name=REPLY_TO)
    expect(box).to_have_attribute("aria-label", re.compile(r"fan$"))
    box.click()
    lpage.keyboard.insert_text("Makasih kak!")
    box.press("Enter")
    expect(thread.get_by_role("article").last).to_contain_text("Makasih kak!")
    mine = lpage.get_by_role("textbox", name=COMMENT_AS)
    expect(mine).to_have_attribute("aria-label", re.compile(f"{PAGE_NAME}$"))
    mine.click()
    lpage.keyboard.insert_text("Selamat pagi semua")
    mine.press("Enter")
    expect(lpage.get_by_role("article").last).to_contain_text("Selamat pagi semua")

    comments = api_posts(fb)[0]["comments"]
    assert [(c["author"], c["text"], c["parent_id"]) for c in comments[-2:]] == \
        [(PAGE, "Makasih kak!", ids[17]), (PAGE, "Selamat pagi semua", None)]
    assert len(comments) == 23 + 4 + 2


def test_view_more_comments_pages_in_the_default_order(sandbox: SandboxServer, fb: str, page: Page) -> None:
    control = sandbox.replica("facebook")
    code = control.seed_post(PAGE, "Tanya harga", [])
    for i in range(12):
        control.seed_comment(code, "fan", f"q{i}")
    page.goto(api_posts(fb)[0]["permalink"])  # logged out: comments are readable, no box to write in
    more = page.get_by_role("button", name=VIEW_MORE)
    more.click()
    expect(more).to_have_count(0)
    assert sorted(r[3] for r in comment_rows(page)) == sorted(f"q{i}" for i in range(12))
    expect(page.get_by_role("textbox")).to_have_count(0)


@pytest.mark.parametrize(("kind", "url", "heading"), [
    ("checkpoint", "/checkpoint/", rx("Your account has been locked", "Akun Anda telah dikunci")),
    ("two_factor", "/two_step_verification/authentication/", rx("Enter login code to continue",
                                                                 "Masukkan kode login untuk melanjutkan")),
    ("captcha", "/captcha/", rx("Confirm you're human", "Konfirmasikan bahwa Anda manusia")),
])
def test_a_checkpoint_on_the_next_login_holds_the_account_until_a_person_passes_it(
    sandbox: SandboxServer, fb: str, page: Page, kind: str, url: str, heading: re.Pattern[str]
) -> None:
    control = sandbox.replica("facebook")
    control.set_faults(checkpoint={"kind": kind, "on": "login", "user": "kopisenja"})
    log_in(page, fb, "kopisenja", "kopisenja")
    assert url in page.url
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    page.goto(f"{fb}/{PAGE}")  # every page leads back to the checkpoint
    assert url in page.url
    assert control.log() == {f"checkpoint_shown:{kind}": 2}  # seen, never typed into by these steps

    page.get_by_role("textbox").fill(control.checkpoints()["kopisenja"]["code"])  # the person, with the code
    page.get_by_role("button", name=rx("Continue", "Lanjutkan")).click()
    page.wait_for_url(f"{fb}/")
    expect(page.get_by_role("region", name=rx("Create a post", "Buat postingan"))).to_be_visible()
    assert control.log()[f"checkpoint_typed:{kind}"] == 1
    assert control.checkpoints() == {}


def test_temporarily_blocked_on_a_post_and_suspended_on_a_page(
    sandbox: SandboxServer, fb: str, lpage: Page, lang: str
) -> None:
    control = sandbox.replica("facebook")
    logged_in(lpage, fb)
    control.set_faults(checkpoint={"kind": "blocked", "user": "kopisenja"})
    dialog = open_composer(lpage)
    write(lpage, dialog, "Diblokir?")
    submit(lpage, dialog)
    blocked = lpage.get_by_role("dialog", name=rx("You’re Temporarily Blocked", "Anda Diblokir Sementara"))
    expect(blocked).to_be_visible()
    assert api_posts(fb) == []
    assert control.log()["blocked:blocked"] == 1

    control.set_faults(checkpoint={"kind": "suspended", "on": "pages"})
    lpage.goto(f"{fb}/{PAGE}")
    assert re.search(r"/checkpoint/\d+/suspended/", lpage.url)
    expect(lpage.get_by_role("heading", name=rx("We suspended your account", "Kami menangguhkan akun Anda"))).to_be_visible()
    expect(lpage.get_by_role("textbox")).to_have_count(0)  # nothing a person could type to pass it


@pytest.mark.parametrize("mode", ["500", "drop", "hang"])
def test_a_post_accepted_then_lost_is_one_post(sandbox: SandboxServer, fb: str, page: Page, mode: str) -> None:
    """The sandbox's "accepted, then 500 / drop / hang" fault on the composer's Post: saved once, whatever
    the browser saw (Chromium's automatic re-send of a dropped POST is not a second post)."""
    logged_in(page, fb)
    sandbox.set_faults(crash_after_post=mode)
    dialog = open_composer(page)
    write(page, dialog, "Satu kali saja")
    submit(page, dialog)
    if mode == "hang":
        expect(dialog.get_by_role("progressbar")).to_be_visible()
        deadline = time.monotonic() + 30  # the site saved it, then answers nothing: wait for the save
        while not api_posts(fb) and time.monotonic() < deadline:
            time.sleep(0.1)
    else:
        expect(dialog.get_by_role("alert")).to_contain_text("Something went wrong")
    assert [p["text"] for p in api_posts(fb)] == ["Satu kali saja"]  # posted, though the browser saw no success


def test_language_by_the_footer_and_the_locale_parameter(sandbox: SandboxServer, fb: str, page: Page) -> None:
    logged_in(page, fb)
    expect(page.get_by_role("region", name="Create a post")).to_be_visible()
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("region", name="Buat postingan")).to_be_visible()
    page.goto(f"{fb}/{PAGE}?locale=en")  # ?locale= for one page
    expect(page.get_by_role("region", name="Create a post")).to_be_visible()


@pytest.mark.parametrize("variant", ["renamed", "broken"])
def test_the_markup_variant_fault_moves_the_post_step(sandbox: SandboxServer, fb: str, page: Page, variant: str) -> None:
    """For the packs' selftest (issue 13): "renamed" leaves only a text to find Post by, "broken" none."""
    sandbox.set_faults(markup_variant=variant)
    logged_in(page, fb)
    dialog = open_composer(page)
    write(page, dialog, "Varian")
    dialog.get_by_role("button", name=NEXT).click()
    expect(dialog.get_by_role("button", name=POST)).to_have_count(0)
    if variant == "renamed":
        dialog.get_by_text("Post", exact=True).click()
    else:
        dialog.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert len(api_posts(fb)) == 1
