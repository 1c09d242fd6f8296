"""The `facebook` adapter against the Facebook replica, in real Chromium, in the English and the Indonesian UI:
login through the cookie dialog and "Save your login info?", a dry run that posts nothing, pictures posted
as the Page through Meta Business Suite and, when that cannot be used, after switching into the Page;
never as the person or a visitor; a crash after Post resolved by `find_published` with exactly one post;
comments read across "View more comments" and "View n replies"; a reply in the right thread as the Page;
checkpoints that stop with nothing typed; the Page's followers. The replica's JSON API and its log say
what really happened. (The CLI, selftest and the daemon: `test_facebook_cli_e2e.py`.)"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from images import png_bytes
from replica_steps_facebook import open_composer, submit, write

from scheduler.errors import (
    BlockedAfterSubmit,
    CheckpointReached,
    LoginFailed,
    OutcomeUnknown,
    PlatformError,
    SessionExpired,
)
from scheduler.plan.model import Account
from scheduler.platforms.base import Credentials, Draft, PublishedRef
from scheduler.platforms.facebook import FacebookAdapter, NotThePage
from scheduler.sandbox.server import SandboxServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

    from scheduler.sandbox.replicas.facebook import FacebookControl

pytestmark = pytest.mark.e2e

LOCALES = {"en": "en-US", "id": "id-ID"}
PAGE_NAME = "Kopisenja Page"  # every person of the replica manages a Page named after them
PAGE = "kopisenja.page"
UTC = timezone.utc


@pytest.fixture
def control(sandbox: SandboxServer) -> FacebookControl:
    return sandbox.replica("facebook")  # type: ignore[return-value]


@pytest.fixture
def context(browser: Browser, lang: str) -> Iterator[BrowserContext]:
    made = browser.new_context(locale=LOCALES[lang], timezone_id="Asia/Jakarta")
    made.set_default_timeout(15_000)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def account(sandbox: SandboxServer, *, handle: str = PAGE_NAME, page_id: str | None = None,
            packs: Path | None = None) -> Account:
    if page_id is None:
        page_id = sandbox.replica("facebook").page("kopisenja")["id"]  # type: ignore[attr-defined]
    return Account("fb", "facebook", f"{sandbox.url}/replica/facebook", handle, None, 1, page_id=page_id,
                   packs=packs)


def adapter(sandbox: SandboxServer, **kwargs: Any) -> FacebookAdapter:
    return FacebookAdapter(account(sandbox, **kwargs))


def signed_in(sandbox: SandboxServer, page: Page, **kwargs: Any) -> FacebookAdapter:
    made = adapter(sandbox, **kwargs)
    made.login(page, Credentials("kopisenja", "kopisenja"))
    return made


def api_posts(sandbox: SandboxServer) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{sandbox.url}/replica/facebook/_api/posts", timeout=10) as reply:
        return json.load(reply)


def pictures(folder: Path, n: int) -> tuple[Path, ...]:
    out = []
    for i in range(n):
        path = folder / f"kopi{i}.png"
        path.write_bytes(png_bytes(40 + i, 30))
        out.append(path)
    return tuple(out)


def breaking_business_suite(folder: Path) -> Path:
    """A user pack under which Business Suite never shows the Page: the adapter must switch instead."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "facebook.toml").write_text(
        'platform = "facebook"\nversion = "1.0.0-test"\n\n[locators]\n'
        '"business.identity" = [{ test_id = "no-such-selector" }]\n')
    return folder


# -- login ------------------------------------------------------------------------------------------------


def test_login_declines_the_dialogs_and_the_session_outlives_the_browser(
        sandbox: SandboxServer, control: FacebookControl, browser: Browser, page: Page, lang: str) -> None:
    control.set_faults(consent=True, dialogs={"save_login": 1})
    fb = signed_in(sandbox, page)
    assert {c["name"] for c in page.context.cookies()} >= {"c_user", "xs"}
    assert control.log() == {"dialog_shown:consent": 1, "dialog_decline:consent": 1, "dialog_shown:save_login": 1,
                             "dialog_decline:save_login": 1}
    state = page.context.storage_state()
    later = browser.new_context(storage_state=state)  # type: ignore[arg-type]
    try:
        fb.check_session(later.new_page())
    finally:
        later.close()
    fresh = browser.new_context()
    try:
        with pytest.raises(SessionExpired, match="no longer accepted"):
            fb.check_session(fresh.new_page())
    finally:
        fresh.close()


def test_a_wrong_password_and_a_pages_name_are_refused(sandbox: SandboxServer, page: Page, lang: str) -> None:
    fb = adapter(sandbox)
    with pytest.raises(LoginFailed) as refused:
        fb.login(page, Credentials("kopisenja", "salah"))
    said = {"en": "The password that you've entered is incorrect.", "id": "Kata sandi yang Anda masukkan salah."}
    assert said[lang] in refused.value.message
    blank = page.context.new_page()
    with pytest.raises(LoginFailed, match="logs in the person who manages the Page") as page_name:
        fb.login(blank, Credentials(PAGE_NAME, "kopisenja"))
    assert "--username EMAIL" in page_name.value.hint
    assert blank.url == "about:blank"  # refused before anything was typed anywhere


def test_an_interactive_login_waits_for_the_person(sandbox: SandboxServer, context: BrowserContext) -> None:
    """`jadwal login --interactive`: jadwal opens the form and waits; the person (here a script the test puts
    in the page, typing after a moment) logs in; the wait ends when the signed-in page shows."""
    fb = adapter(sandbox)
    with pytest.raises(LoginFailed, match="nobody logged in in time"):
        fb.wait_for_login(context.new_page(), timeout_ms=1_500)
    context.add_init_script("""if (location.pathname.endsWith('/login/')) setTimeout(() => {
        document.querySelector('input[name=email]').value = 'kopisenja';
        document.querySelector('input[name=pass]').value = 'kopisenja';
        document.getElementById('login_form').submit(); }, 800);""")
    page = context.new_page()
    fb.wait_for_login(page, timeout_ms=15_000)
    fb.check_session(page)


def test_a_checkpoint_at_login_stops_with_nothing_typed(
        sandbox: SandboxServer, control: FacebookControl, page: Page) -> None:
    control.set_faults(checkpoint={"kind": "two_factor", "on": "login", "user": "kopisenja"})
    with pytest.raises(CheckpointReached) as stopped:
        adapter(sandbox).login(page, Credentials("kopisenja", "kopisenja"))
    assert stopped.value.kind == "two_factor"
    assert "jadwal login PLAN --account fb --interactive" in stopped.value.hint
    assert control.log() == {"checkpoint_shown:two_factor": 1}  # shown, never typed into, never submitted


# -- publishing ---------------------------------------------------------------------------------------------


def test_a_dry_run_fills_business_suite_and_posts_nothing(
        sandbox: SandboxServer, page: Page, tmp_path: Path) -> None:
    fb = signed_in(sandbox, page)
    draft = Draft("d1", "Kopi susu gula aren ☕\nbaris kedua", pictures(tmp_path, 1))
    assert fb.publish(page, draft, dry_run=True) is None
    assert "/latest/composer/" in page.url
    assert " ".join(page.get_by_role("textbox").inner_text().split()) == "Kopi susu gula aren ☕ baris kedua"
    assert page.locator('img[src^="blob:"]').count() == 1
    assert api_posts(sandbox) == []


def test_pictures_go_out_as_the_page_through_business_suite(
        sandbox: SandboxServer, page: Page, tmp_path: Path, lang: str) -> None:
    fb = signed_in(sandbox, page)
    files = pictures(tmp_path, 2)
    text = "Menu baru minggu ini ☕\nKopi susu gula aren #kopisenja"
    before = datetime.now(UTC)
    ref = fb.publish(page, Draft("p1", text, files))
    assert ref is not None and ref.remote_id.startswith("pfbid0") and "__cft__" not in ref.url
    [post] = api_posts(sandbox)
    assert (post["author"], post["text"], post["kind"]) == (PAGE, text, "photo")
    assert (post["extra"]["as"], post["extra"]["visitor"], post["extra"]["surface"]) == ("page", False,
                                                                                         "business_suite")
    assert [m["name"] for m in post["media"]] == ["kopi0.png", "kopi1.png"]
    for media, path in zip(post["media"], files, strict=True):
        with urllib.request.urlopen(media["url"], timeout=10) as reply:
            assert reply.read() == path.read_bytes()  # uploaded byte for byte
    found = fb.find_published(page, Draft("p1", text, files), since=before - timedelta(minutes=1))
    assert found is not None and found.url != ref.url  # the pfbid changes from one showing to the next ...
    for url in (ref.url, found.url):  # ... and every one of them opens the post
        page.goto(url)
        assert " ".join(page.locator('[data-ad-rendering-role="story_message"]').inner_text().split()) == \
            " ".join(text.split())


@pytest.mark.parametrize("post_settings", [True, False])
def test_when_business_suite_cannot_be_used_the_person_switches_into_the_page(
        sandbox: SandboxServer, control: FacebookControl, page: Page, tmp_path: Path, lang: str,
        post_settings: bool) -> None:
    control.set_faults(steps={"post_settings": post_settings})
    fb = signed_in(sandbox, page, packs=breaking_business_suite(tmp_path / "packs"))
    ref = fb.publish(page, Draft("p2", "Lewat profil Halaman", pictures(tmp_path, 1)))
    assert ref is not None
    [post] = api_posts(sandbox)
    assert (post["author"], post["extra"]["as"], post["extra"]["visitor"], post["extra"]["surface"]) == \
        (PAGE, "page", False, "www")
    assert control.log() == {"switched:page": 1}
    assert fb.publish(page, Draft("p3", "Sudah sebagai Halaman", ())) is not None  # already the Page: no switch
    assert control.log() == {"switched:page": 1}
    assert [p["extra"]["as"] for p in api_posts(sandbox)] == ["page", "page"]


def test_never_as_the_person_a_visitor_or_another_page(
        sandbox: SandboxServer, control: FacebookControl, page: Page, tmp_path: Path) -> None:
    """The Page named must be the Page with the id, and one the person manages; else nothing is posted."""
    theirs = control.page("fan")  # a Page kopisenja does not manage: she could only post there as a visitor
    fb = signed_in(sandbox, page, handle=theirs["name"], page_id=theirs["id"])
    with pytest.raises(NotThePage, match="does not manage a Page named 'Fan Page'"):
        fb.publish(page, Draft("x1", "Bukan Halaman saya", ()))
    wrong_id = adapter(sandbox, page_id=theirs["id"])  # her Page's name with another Page's id
    with pytest.raises(NotThePage, match=rf"the Page with id {theirs['id']} is not named 'Kopisenja Page' on "
                                         r"Facebook \(its page shows: 'Fan Page'"):
        wrong_id.publish(page, Draft("x2", "Id yang salah", ()))
    unknown = adapter(sandbox, page_id="615599999999999")
    with pytest.raises(PlatformError, match="Facebook shows no Page with id 615599999999999"):
        unknown.publish(page, Draft("x3", "Tidak ada", ()))
    assert api_posts(sandbox) == []


def test_a_block_after_a_stored_post_is_in_doubt_and_the_post_is_found(
        sandbox: SandboxServer, control: FacebookControl, page: Page) -> None:
    """Facebook may store the post and answer "You're Temporarily Blocked" all the same."""
    fb = signed_in(sandbox, page)
    draft = Draft("b2", "Tersimpan, lalu diblokir", ())
    before = datetime.now(UTC)
    control.set_faults(checkpoint={"kind": "blocked", "user": "kopisenja", "stored": True})
    with pytest.raises(BlockedAfterSubmit) as blocked:
        fb.publish(page, draft)
    assert blocked.value.blocked.kind == "blocked"
    assert [p["text"] for p in api_posts(sandbox)] == [draft.text]
    assert fb.find_published(page, draft, since=before - timedelta(minutes=1)) is not None


@pytest.mark.parametrize("mode", ["500", "drop", "hang"])
def test_a_post_accepted_then_lost_is_found_once(
        sandbox: SandboxServer, page: Page, tmp_path: Path, mode: str) -> None:
    fb = signed_in(sandbox, page)
    fb.answer_ms = 8_000  # "hang" answers nothing for two minutes
    draft = Draft("c1", f"Satu kali saja ({mode})", pictures(tmp_path, 1))
    before = datetime.now(UTC)
    sandbox.set_faults(crash_after_post=mode)
    with pytest.raises(OutcomeUnknown):
        fb.publish(page, draft)
    found = fb.find_published(page, draft, since=before - timedelta(minutes=1))
    assert found is not None
    assert [p["text"] for p in api_posts(sandbox)] == [draft.text]  # exactly one post
    page.goto(found.url)
    assert page.locator('[data-ad-rendering-role="story_message"]').inner_text().strip() == draft.text


def test_a_block_on_post_and_checkpoints_stop_with_nothing_typed(
        sandbox: SandboxServer, control: FacebookControl, page: Page, lang: str) -> None:
    fb = signed_in(sandbox, page)
    control.set_faults(checkpoint={"kind": "blocked", "user": "kopisenja"})
    with pytest.raises(BlockedAfterSubmit) as blocked:  # answering Post: unclear, looked up after the pause
        fb.publish(page, Draft("b1", "Diblokir?", ()))
    assert blocked.value.blocked.kind == "blocked"
    assert api_posts(sandbox) == []
    assert control.log()["blocked:blocked"] == 1
    for kind, expected in (("checkpoint", "suspicious_activity"), ("captcha", "captcha"),
                           ("two_factor", "two_factor"), ("suspended", "blocked")):
        control.reset()
        control.set_faults(checkpoint={"kind": kind, "on": "pages", "user": "kopisenja"})
        with pytest.raises(CheckpointReached) as stopped:
            fb.publish(page, Draft("b2", "Checkpoint?", ()))
        assert stopped.value.kind == expected, kind
        log = control.log()
        assert log.get(f"checkpoint_shown:{kind}") == 1 and not any(k.startswith("checkpoint_typed") or
                                                                     k.startswith("checkpoint_submitted")
                                                                     for k in log), log
    assert api_posts(sandbox) == []


def test_more_than_one_video_is_refused_before_any_page(sandbox: SandboxServer, page: Page, tmp_path: Path) -> None:
    from test_platform_limits import mp4_bytes

    videos = []
    for i in range(2):
        path = tmp_path / f"v{i}.mp4"
        path.write_bytes(mp4_bytes())
        videos.append(path)
    with pytest.raises(PlatformError, match="has 2 videos; Facebook takes one video per post"):
        adapter(sandbox).publish(page, Draft("v", "Dua video", tuple(videos)))
    assert page.url == "about:blank"


# -- finding a post again -----------------------------------------------------------------------------------


def test_find_published_matches_by_page_text_and_time(
        sandbox: SandboxServer, control: FacebookControl, page: Page, lang: str) -> None:
    """Not by a visitor's post with the same text, not before `since`, the whole of a long text behind
    "See more", and further down the timeline than the first stories."""
    long = "Cerita panjang tentang kopi kami. " * 20
    draft = Draft("f1", long, ())
    control.seed_post(PAGE, long, [])
    for i in range(6):
        control.seed_post(PAGE, f"post {i}", [])
    fb = signed_in(sandbox, page)
    fb_page_as_person = page.context.new_page()
    fb_page_as_person.goto(f"{sandbox.url}/replica/facebook/{PAGE}")
    dialog = open_composer(fb_page_as_person)  # kopisenja herself, not switched: a visitor's post
    write(fb_page_as_person, dialog, "post 5")
    submit(fb_page_as_person, dialog)
    fb_page_as_person.get_by_role("status").wait_for()
    assert [p["extra"]["visitor"] for p in api_posts(sandbox)][-1] is True

    now = datetime.now(UTC)
    found = fb.find_published(page, draft, since=now - timedelta(hours=1))  # the 7th story: after a scroll
    assert found is not None
    page.goto(found.url)
    assert page.locator('[data-ad-rendering-role="story_message"]').get_by_role("button").count() == 1  # See more
    assert fb.find_published(page, draft, since=now + timedelta(hours=1)) is None  # made before `since`
    visitor = fb.find_published(page, Draft("f2", "post 5", ()), since=now - timedelta(hours=1))
    assert visitor is not None
    page.goto(visitor.url)
    author = page.locator("[aria-posinset], [role=article]").first.get_by_role("heading")
    assert author.inner_text().strip() == PAGE_NAME  # the Page's own "post 5", not the visitor's
    assert fb.find_published(page, Draft("f3", "tidak pernah diposting", ()), since=now - timedelta(hours=1)) is None


# -- comments and replies ------------------------------------------------------------------------------------


@pytest.fixture
def thread(sandbox: SandboxServer, control: FacebookControl) -> tuple[str, list[int], dict[int, list[str]]]:
    """A post of the Page with 23 comments (10 a page) and replies in two threads, one by the Page."""
    code = control.seed_post(PAGE, "Menu baru!", [])
    ids = [control.seed_comment(code, "fan", f"komentar {i}") for i in range(23)]
    replies = {ids[1]: ["balasan a", "balasan b", "balasan c"], ids[17]: ["balasan d"]}
    for parent, texts in replies.items():
        for i, text in enumerate(texts):
            control.seed_comment(code, PAGE if i == 1 else "fan", text, parent)
    return code, ids, replies


def ref_of(sandbox: SandboxServer) -> PublishedRef:
    [post] = api_posts(sandbox)
    return PublishedRef(remote_id=post["code"], url=post["permalink"])


def test_every_comment_and_reply_is_read_across_pages(
        sandbox: SandboxServer, page: Page, thread: tuple[str, list[int], dict[int, list[str]]],
        lang: str) -> None:
    _code, ids, _replies = thread
    fb = signed_in(sandbox, page)
    read = fb.comments(page, ref_of(sandbox))
    stored = api_posts(sandbox)[0]["comments"]
    assert sorted((c.id, c.parent_id, c.text) for c in read) == sorted(
        (str(c["id"]), str(c["parent_id"]) if c["parent_id"] else None, c["text"]) for c in stored)
    assert len(read) == 23 + 4
    authors = {c.text: c.author for c in read}
    assert (authors["komentar 0"], authors["balasan b"]) == ("fan", PAGE_NAME)  # the Page's own, by its name
    assert all(c.created_at is not None and abs(c.created_at - datetime.now(UTC)) < timedelta(minutes=5)
               for c in read)


def test_a_reply_goes_into_the_right_thread_as_the_page(
        sandbox: SandboxServer, control: FacebookControl, page: Page,
        thread: tuple[str, list[int], dict[int, list[str]]], lang: str) -> None:
    _code, ids, _replies = thread
    fb = signed_in(sandbox, page)
    ref = ref_of(sandbox)
    answer = fb.reply(page, ref, str(ids[17]), "Makasih kak, ditunggu ya!")
    assert (answer.author, answer.parent_id, answer.text) == (PAGE_NAME, str(ids[17]), "Makasih kak, ditunggu ya!")
    fan_reply = next(c for c in api_posts(sandbox)[0]["comments"] if c["text"] == "balasan a")
    second = fb.reply(page, ref, str(fan_reply["id"]), "Siap!")  # a reply to a reply: in its thread
    assert second.parent_id == str(ids[1])
    stored = api_posts(sandbox)[0]["comments"]
    mine = [(c["id"], c["author"], c["parent_id"], c["text"]) for c in stored if c["text"] in ("Siap!",
                                                                                               "Makasih kak, ditunggu ya!")]
    assert mine == [(int(answer.id), PAGE, ids[17], "Makasih kak, ditunggu ya!"), (int(second.id), PAGE, ids[1], "Siap!")]
    assert control.log() == {"switched:page": 1}  # comments as the Page: switched once, then acting as it


def test_a_block_on_reply_stops(sandbox: SandboxServer, control: FacebookControl, page: Page,
                                thread: tuple[str, list[int], dict[int, list[str]]]) -> None:
    _code, ids, _replies = thread
    fb = signed_in(sandbox, page)
    control.set_faults(checkpoint={"kind": "blocked", "user": "kopisenja"})
    with pytest.raises(BlockedAfterSubmit) as blocked:  # answering the send: jadwal cannot tell it took nothing
        fb.reply(page, ref_of(sandbox), str(ids[3]), "Halo")
    assert blocked.value.blocked.kind == "blocked"
    assert len(api_posts(sandbox)[0]["comments"]) == 23 + 4


# -- metrics ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("followers", "read"), [(987, 987), (1234, 1200), (2_650_000, 2_600_000)])
def test_the_pages_followers_as_the_site_shows_them(
        sandbox: SandboxServer, control: FacebookControl, page: Page, lang: str, followers: int, read: int) -> None:
    control.set_user(PAGE, followers=followers)
    fb = signed_in(sandbox, page)
    assert fb.metrics(page) == {"followers": read}  # "1.2K followers" / "1,2 rb pengikut": what is shown


def test_a_posts_reactions_and_comments(
        sandbox: SandboxServer, control: FacebookControl, page: Page, lang: str) -> None:
    code = control.seed_post(PAGE, "Ada 5 comments di teks ini, bukan di bawahnya", [])
    fb = signed_in(sandbox, page)
    ref = ref_of(sandbox)
    assert fb.post_metrics(page, ref) == {"likes": 0, "comments": 0}  # Facebook hides a zero count
    control.seed_like(code, "fan")
    control.seed_like(code, "kopisenja")
    first = control.seed_comment(code, "fan", "Mantap")
    control.seed_comment(code, "fan", "Setuju", first)
    control.seed_comment(code, PAGE, "Terima kasih!", first)
    assert fb.post_metrics(page, ref) == {"likes": 2, "comments": 3}
