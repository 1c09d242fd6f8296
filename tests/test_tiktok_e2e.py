"""jadwal's TikTok adapter against the TikTok replica, in real Chromium, in the English and the Indonesian
UI: login (by the form, and by a person in the window who passes a captcha), a dry run that posts
nothing, a video published through every dialog with its description exactly as written, the crash
faults after Post resolved by `find_published` with exactly one video, comments and replies read as the
list scrolls, answers in the right thread, checkpoints and throttles that stop with nothing typed, a
session of another account that never posts, and the follower count.

What this proves is the adapter's flow against the flow as the public sources describe it (the replica,
see the README's "Replicas"), not today's live markup: that is `jadwal selftest`'s job on a real account.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from images import png_bytes
from plan_sections import engagement_and_target
from playwright.sync_api import expect
from replica_helpers import api_posts
from tiktok_steps import decline_cookies

from scheduler.errors import (
    BlockedAfterSubmit,
    CheckpointReached,
    LoginFailed,
    OutcomeUnknown,
    PlatformError,
    SessionExpired,
)
from scheduler.packs import recording
from scheduler.plan.model import Account
from scheduler.platforms.base import Credentials, Draft
from scheduler.platforms.tiktok import TikTokAdapter
from scheduler.sandbox.replicas.tiktok import challenges
from scheduler.sandbox.server import SandboxServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from scheduler.sandbox.replicas.base import ReplicaControl

pytestmark = pytest.mark.e2e
UTC = timezone.utc


@pytest.fixture
def control(sandbox: SandboxServer) -> ReplicaControl:
    return sandbox.replica("tiktok")


@pytest.fixture
def adapter(tt: str) -> TikTokAdapter:
    return TikTokAdapter(Account("tt", "tiktok", tt, "kopisenja", None, 1))


def seed_plays(sandbox: SandboxServer, code: str, plays: int) -> None:
    request = urllib.request.Request(f"{sandbox.url}/_admin/replica/tiktok/seed/plays", method="POST",
                                     data=json.dumps({"post": code, "plays": plays}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        assert json.load(reply) == {"ok": True}


def video_file(tmp_path: Path, data: bytes, name: str = "Promo Desember.mp4") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def signed_in(adapter: TikTokAdapter, page: Page, control: ReplicaControl, lang: str = "en") -> None:
    control.set_user("kopisenja", language=lang)  # the account's own setting chooses its UI language
    adapter.login(page, Credentials("kopisenja", "kopisenja"))


def test_login_a_dry_run_then_a_video_through_every_dialog(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, tt: str, lang: str, mp4: bytes,
        tmp_path: Path) -> None:
    control.set_faults(consent=True)
    signed_in(adapter, page, control, lang)
    assert any(c["name"] == "sessionid" for c in page.context.cookies())
    adapter.check_session(page)
    expect(page.locator("html")).to_have_attribute("lang", lang)

    text = "Menu baru ☕ #kopisenja bareng @fan ya!\nDingin, manis, pas. #kopisore"
    draft = Draft("menu", text, (video_file(tmp_path, mp4),))
    control.set_faults(dialogs={"tutorial": 1, "content_checks": 1, "editing_features": 1})
    with recording() as rec:
        assert adapter.publish(page, draft, dry_run=True) is None
    assert [s.name for s in rec.steps] == ["compose.open", "compose.media", "compose.text", "compose.submit"]
    assert all(s.status == "ok" for s in rec.steps)
    text_step = next(s for s in rec.steps if s.name == "compose.text")
    assert [(m.key, m.index, m.language) for m in text_step.matches] == [("compose.text", 0, lang)]
    submit = next(s for s in rec.steps if s.name == "compose.submit")
    assert [(m.key, m.index) for m in submit.matches] == [("compose.submit", 0)]  # found, never pressed
    assert api_posts(tt) == []  # the dry run posted nothing
    expect(page.locator('[data-e2e="post_video_button"]')).to_have_attribute("data-disabled", "false")

    control.set_faults(dialogs={"tutorial": 1, "content_checks": 1, "editing_features": 1,
                                "continue_to_post": 1, "restricted": 1})
    started = datetime.now(UTC) - timedelta(seconds=2)
    ref = adapter.publish(page, draft)
    assert ref is not None
    [post] = api_posts(tt)
    assert post["text"] == text  # exactly as written: the suggestions' own spaces taken back
    assert (post["kind"], post["extra"]["mentions"], post["extra"]["hashtags"]) == \
        ("video", ["fan"], ["kopisenja", "kopisore"])
    with urllib.request.urlopen(post["media"][0]["url"], timeout=10) as reply:
        assert reply.read() == mp4
    assert (ref.remote_id, ref.url) == (post["code"], post["permalink"])
    assert ref.published_at is not None and started <= ref.published_at <= datetime.now(UTC)
    log = control.log()
    assert log["dialog_decline:consent"] == 1 and log["dialog_accept:tutorial"] == 2
    assert log["dialog_decline:content_checks"] == log["dialog_decline:editing_features"] == 2
    assert log["dialog_accept:continue_to_post"] == log["dialog_accept:restricted"] == 1  # Post now; closed
    assert not any(k.startswith("dialog_accept:") and k.split(":")[1] in ("content_checks", "editing_features")
                   for k in log)  # declined, never turned on


def test_the_description_goes_out_exactly_as_written(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, tt: str, mp4: bytes, tmp_path: Path) -> None:
    """Emoji, blank lines, a tag at the very end, a tag before punctuation, a mention of an account TikTok
    does not suggest (it stays as typed), a hashtag TikTok knows already."""
    signed_in(adapter, page, control)
    control.seed_post("fan", "Kopi #kopisenja", [("a.mp4", mp4)], kind="video")
    text = "Halo 👋🏽 semua!\n\n#kopisenja, #baru. Tanya @nobody_here dan @fan\nSampai besok #akhir"
    ref = adapter.publish(page, Draft("p", text, (video_file(tmp_path, mp4, "clip.mp4"),)))
    assert ref is not None
    mine = [p for p in api_posts(tt) if p["author"] == "kopisenja"]
    assert [p["text"] for p in mine] == [text]
    assert mine[0]["extra"]["mentions"] == ["fan"]  # chosen from the list; nobody_here was never offered


@pytest.mark.parametrize("mode", ["500", "drop", "hang"])
def test_a_post_accepted_then_lost_is_found_and_is_one_video(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, sandbox: SandboxServer, tt: str,
        mp4: bytes, tmp_path: Path, mode: str) -> None:
    signed_in(adapter, page, control)
    adapter.post_timeout_ms = 8_000  # the "hang" answers nothing for minutes
    draft = Draft("p1", "Satu kali saja #kopisenja", (video_file(tmp_path, mp4),))
    since = datetime.now(UTC) - timedelta(seconds=5)
    assert adapter.find_published(page, draft, since=since) is None
    sandbox.set_faults(crash_after_post=mode)
    with pytest.raises(OutcomeUnknown) as caught:
        adapter.publish(page, draft)
    assert "may be posted" in caught.value.hint
    [post] = api_posts(tt)  # saved once, whatever the browser saw
    found = adapter.find_published(page, draft, since=since)
    assert found is not None and (found.remote_id, found.url) == (post["code"], post["permalink"])
    assert len(api_posts(tt)) == 1


def test_find_published_holds_to_the_account_the_text_and_the_time(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, tt: str, mp4: bytes, tmp_path: Path) -> None:
    signed_in(adapter, page, control)
    text = "Promo Jumat: beli 2 gratis 1"
    old = control.seed_post("kopisenja", text, [("a.mp4", mp4)], kind="video")  # the same text, posted before
    control.seed_post("fan", text, [("b.mp4", mp4)], kind="video")  # the same text, another account
    control.seed_post("kopisenja", "Promo Jumat: beli 2 gratis 1 (habis)", [("c.mp4", mp4)], kind="video")
    time.sleep(1.1)  # the old video's second is over: "since" comes after it
    since = datetime.now(UTC)
    draft = Draft("p1", text, (video_file(tmp_path, mp4),))
    assert adapter.find_published(page, draft, since=since) is None  # only the older one has this text
    assert adapter.find_published(page, draft, since=since - timedelta(hours=1)).remote_id == old  # type: ignore[union-attr]
    ref = adapter.publish(page, draft)
    found = adapter.find_published(page, draft, since=since)
    assert found is not None and ref is not None and found.remote_id == ref.remote_id != old


def seed_threads(control: ReplicaControl, mp4: bytes) -> tuple[str, list[int]]:
    """A video with 45 comments (more than two scrolls of 20) and two threads: 7 replies and 1."""
    code = control.seed_post("kopisenja", "Menu baru!", [("menu.mp4", mp4)], kind="video")
    ids = [control.seed_comment(code, "fan", f"komentar {i}") for i in range(45)]
    for i in range(7):
        control.seed_comment(code, "kopisenja", f"balasan {i}", ids[1])
    control.seed_comment(code, "fan", "balasan x", ids[38])
    return code, ids


def test_comments_and_replies_are_read_as_the_list_scrolls(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, tt: str, lang: str, mp4: bytes) -> None:
    code, ids = seed_threads(control, mp4)
    signed_in(adapter, page, control, lang)
    ref = adapter.latest_published(page)
    assert ref is not None and ref.remote_id == code
    read = adapter.comments(page, ref)
    stored = api_posts(tt)[0]["comments"]
    assert len(read) == len(stored) == 53
    by_text = {c.text: c for c in read}
    assert {(c["author"], c["text"]) for c in stored} == {(c.author, c.text) for c in read}
    for c in stored:  # the same threads as the site holds them
        parent = next((p["text"] for p in stored if p["id"] == c["parent_id"]), None)
        mine = by_text[c["text"]]
        assert (by_text[parent].id if parent else None) == mine.parent_id, c
    assert all(c.post_remote_id == code and c.created_at is not None for c in read)
    now = datetime.now(UTC)
    assert all(now - timedelta(minutes=5) < c.created_at <= now for c in read)  # type: ignore[operator]
    assert [c.id for c in adapter.comments(page, ref)] == [c.id for c in read]  # the same ids, read again


def test_answers_go_into_the_right_thread(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, tt: str, mp4: bytes) -> None:
    code, ids = seed_threads(control, mp4)
    signed_in(adapter, page, control, "id")
    ref = adapter.latest_published(page)
    assert ref is not None
    read = {c.text: c for c in adapter.comments(page, ref)}

    answer = adapter.reply(page, ref, read["komentar 38"].id, "makasih kak!")
    assert (answer.author, answer.text, answer.parent_id) == ("kopisenja", "makasih kak!", read["komentar 38"].id)
    on_reply = adapter.reply(page, ref, read["balasan 2"].id, "siap")  # under a reply: the same thread
    assert on_reply.parent_id == read["komentar 1"].id
    again = adapter.reply(page, ref, read["komentar 38"].id, "makasih kak!")  # the same words again: a new one
    assert again.id != answer.id and again.parent_id == answer.parent_id
    stored = api_posts(tt)[0]["comments"]
    assert [(c["author"], c["text"], c["parent_id"]) for c in stored[-3:]] == [
        ("kopisenja", "makasih kak!", ids[38]), ("kopisenja", "siap", ids[1]), ("kopisenja", "makasih kak!", ids[38])]

    with pytest.raises(PlatformError, match="is no longer under video"):
        adapter.reply(page, ref, "c000000000000", "halo")
    with pytest.raises(PlatformError, match="a TikTok comment has 1 to 150"):
        adapter.reply(page, ref, read["komentar 0"].id, "x" * 151)
    assert len(api_posts(tt)[0]["comments"]) == 56


@pytest.mark.parametrize("kind", ["captcha", "captcha_whirl", "captcha_shapes", "two_factor"])
def test_a_checkpoint_at_login_stops_with_nothing_typed(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, kind: str) -> None:
    control.set_faults(checkpoint={"kind": kind, "on": "login", "user": "kopisenja"})
    with pytest.raises(CheckpointReached) as caught:
        adapter.login(page, Credentials("kopisenja", "kopisenja"))
    assert caught.value.kind == ("two_factor" if kind == "two_factor" else "captcha")
    assert "--interactive" in caught.value.hint
    assert control.log() == {f"checkpoint_shown:{kind}": 1}  # seen; never typed into, clicked or submitted


def test_a_checkpoint_on_a_page_stops_a_publish_before_anything_is_sent(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, tt: str, mp4: bytes, tmp_path: Path) -> None:
    signed_in(adapter, page, control)
    control.set_faults(checkpoint={"kind": "captcha_whirl", "on": "pages", "user": "kopisenja"})
    with pytest.raises(CheckpointReached) as caught:
        adapter.publish(page, Draft("p1", "Halo", (video_file(tmp_path, mp4),)))
    assert caught.value.kind == "captcha"
    assert api_posts(tt) == []
    assert control.log() == {"checkpoint_shown:captcha_whirl": 1}


def test_throttles_stop_the_account_and_nothing_goes_out(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, tt: str, mp4: bytes, tmp_path: Path) -> None:
    draft = Draft("p1", "Halo", (video_file(tmp_path, mp4),))
    control.set_faults(checkpoint={"kind": "login_too_many", "user": "kopisenja"})
    with pytest.raises(CheckpointReached) as caught:
        adapter.login(page, Credentials("kopisenja", "kopisenja"))
    assert caught.value.kind == "blocked"
    signed_in(adapter, page, control)
    control.set_faults(checkpoint={"kind": "upload_too_many", "user": "kopisenja"})
    with pytest.raises(CheckpointReached) as caught:
        adapter.publish(page, draft)
    assert caught.value.kind == "blocked"
    control.set_faults(checkpoint={"kind": "posting_too_fast", "user": "kopisenja"})
    with pytest.raises(BlockedAfterSubmit) as after:  # TikTok answered Post with a refusal: posted or not?
        adapter.publish(page, draft)
    assert after.value.blocked.kind == "blocked"
    assert "looked up once the account is resumed" in after.value.message
    assert api_posts(tt) == []
    assert control.log() == {"blocked:login_too_many": 1, "blocked:upload_too_many": 1,
                             "blocked:posting_too_fast": 1}


def test_posting_too_fast_after_a_stored_post_is_unclear_and_the_post_is_found(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, tt: str, mp4: bytes, tmp_path: Path) -> None:
    """TikTok may take the video and say "posting too fast" all the same: never a refusal to send again."""
    signed_in(adapter, page, control)
    draft = Draft("p1", "Halo dari kedai #kopi", (video_file(tmp_path, mp4),))
    before = datetime.now(timezone.utc)
    control.set_faults(checkpoint={"kind": "posting_too_fast", "user": "kopisenja", "stored": True})
    with pytest.raises(BlockedAfterSubmit) as after:
        adapter.publish(page, draft)
    assert after.value.blocked.kind == "blocked"
    assert control.log() == {"blocked:posting_too_fast": 1}
    [stored] = api_posts(tt)
    found = adapter.find_published(page, draft, since=before - timedelta(minutes=2))
    assert found is not None and found.remote_id == stored["code"]


@pytest.mark.parametrize("stored", [True, False])
def test_posting_too_fast_after_a_reply_is_unclear_and_the_reply_is_looked_up(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, tt: str, mp4: bytes, stored: bool) -> None:
    """"Posting too fast" answering an answer's send: it may be stored all the same, so it is in doubt
    (never a plain refusal), and the thread read afterwards says whether it is there."""
    from scheduler.comments.answer import already_there
    from scheduler.runtime.journal_comments import StoredComment

    signed_in(adapter, page, control)
    code = control.seed_post("kopisenja", "Video kopi", [("v.mp4", mp4)], kind="video")
    asked = control.seed_comment(code, "fan", "Ada decaf?")
    ref = adapter.latest_published(page)
    assert ref is not None
    [fan] = adapter.comments(page, ref)
    control.set_faults(checkpoint={"kind": "posting_too_fast", "user": "kopisenja", "stored": stored})
    with pytest.raises(BlockedAfterSubmit):
        adapter.reply(page, ref, fan.id, "Ada, kak!")
    assert control.log() == {"blocked:posting_too_fast": 1}
    assert len(api_posts(tt)[0]["comments"]) == (2 if stored else 1)
    now = datetime.now(timezone.utc)
    comment = StoredComment(1, "p1", fan.id, "tt", "fan", fan.text, None, False, now, now, None, None, None, None)
    found = already_there(adapter.comments(page, ref), comment, "kopisenja", ("Ada, kak!",))
    assert (found is not None) is stored
    assert asked


def test_a_session_of_another_account_never_posts(
        tt: str, page: Page, control: ReplicaControl, mp4: bytes, tmp_path: Path) -> None:
    fan = TikTokAdapter(Account("fan", "tiktok", tt, "fan", None, 1))
    fan.login(page, Credentials("fan", "fan"))
    shop = TikTokAdapter(Account("tt", "tiktok", tt, "kopisenja", None, 1))
    with pytest.raises(SessionExpired, match="is signed in as @fan, not @kopisenja"):
        shop.publish(page, Draft("p1", "Halo", (video_file(tmp_path, mp4),)))
    page.context.clear_cookies()
    with pytest.raises(SessionExpired, match="no longer accepted"):
        shop.check_session(page)
    with pytest.raises(LoginFailed, match="refused the login"):
        shop.login(page, Credentials("kopisenja", "salah"))
    assert api_posts(tt) == []


def test_metrics_read_the_exact_follower_count(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl) -> None:
    signed_in(adapter, page, control, "id")
    control.set_user("kopisenja", followers=12345)
    assert adapter.metrics(page) == {"followers": 12345.0}
    expect(page.locator('[data-e2e="followers-count"]')).to_have_text("12,3 rb")  # shown short; read exact


def test_post_metrics_read_a_videos_numbers(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, sandbox: SandboxServer, tt: str,
        mp4: bytes) -> None:
    code = control.seed_post("kopisenja", "Menu baru!", [("menu.mp4", mp4)], kind="video")
    control.seed_like(code, "fan")
    for text in ("Enak!", "Mau"):
        control.seed_comment(code, "fan", text)
    seed_plays(sandbox, code, 15_300)
    signed_in(adapter, page, control)
    ref = adapter.latest_published(page)
    assert ref is not None
    assert adapter.post_metrics(page, ref) == {"likes": 1, "comments": 2, "shares": 0, "saves": 0, "views": 15_300}
    control.seed_comment(code, "fan", "Lagi")
    assert adapter.post_metrics(page, ref)["comments"] == 3  # read anew each time (the author's visits add no play)
    assert adapter.post_metrics(page, ref)["views"] == 15_300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_interactive_login_waits_while_a_person_logs_in_and_passes_a_captcha(
        browser: Browser, sandbox: SandboxServer, control: ReplicaControl, tt: str, mp4: bytes,
        tmp_path: Path) -> None:
    """`jadwal login --interactive`'s wait, in its own browser and thread; the person drives the same
    window over the DevTools protocol: declines the cookies, logs in, solves the puzzle."""
    from playwright.sync_api import sync_playwright

    from scheduler.browser import find_chromium, launch_args
    from scheduler.plan import load_plan
    from scheduler.runtime.sessions import login_account

    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN.format(url=tt, video="promo.mp4"))
    video_file(tmp_path, mp4, "promo.mp4")
    control.set_faults(consent=True, checkpoint={"kind": "captcha", "on": "login", "user": "kopisenja"})
    port = _free_port()
    outcome: dict[str, Any] = {}

    def jadwal_login() -> None:
        try:
            with sync_playwright() as pw:
                own = pw.chromium.launch(executable_path=str(find_chromium()),
                                         args=[*launch_args(), f"--remote-debugging-port={port}"])
                outcome["saved"] = login_account(load_plan(plan), "tt", interactive=True, browser=own,
                                                 failures_dir=tmp_path / "failures", interactive_wait_s=90)
                own.close()
        except Exception as exc:  # noqa: BLE001 - handed to the test's thread
            outcome["error"] = exc

    worker = threading.Thread(target=jadwal_login)
    worker.start()
    try:
        deadline = time.monotonic() + 60
        window = None
        while window is None and time.monotonic() < deadline and worker.is_alive():
            time.sleep(0.3)  # the browser starts, then jadwal opens its window: look again
            try:
                person = browser.browser_type.connect_over_cdp(f"http://127.0.0.1:{port}")
            except Exception:  # noqa: BLE001 - not listening yet
                continue
            pages = [p for c in person.contexts for p in c.pages if "/login" in p.url]
            window = pages[0] if pages else None
            if window is None:
                person.close()  # a new look sees the contexts made since
        assert window is not None, f"the login window never opened ({outcome})"
        decline_cookies(window)
        window.locator('a[href*="/login/phone-or-email/email"]').click()
        window.locator('input[name="username"]').fill("kopisenja")
        window.locator('input[type="password"]').fill("kopisenja")
        window.locator('button[type="submit"]').click()
        window.wait_for_url("**/captcha/**")
        handle = window.locator(".secsdk-captcha-drag-icon")
        box = handle.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        window.mouse.move(x, y)
        window.mouse.down()
        window.mouse.move(x + challenges.puzzle_gap(control.checkpoints()["kopisenja"]["code"]), y, steps=12)
        window.mouse.up()
    finally:
        worker.join(120)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["saved"] == tmp_path / "sessions" / "tt.json"
    assert control.log()["checkpoint_passed:captcha"] == 1  # passed by the person, in the window
    state = json.loads(outcome["saved"].read_text())
    assert any(c["name"] == "sessionid" for c in state["cookies"])
    context = browser.new_context(storage_state=str(outcome["saved"]))
    try:
        TikTokAdapter(Account("tt", "tiktok", tt, "kopisenja", None, 1)).check_session(context.new_page())
    finally:
        context.close()


PLAN = """\
[plan]
name = "kopi senja di TikTok"
goal = "Sell more iced coffee through TikTok"
timezone = "Asia/Jakarta"
start = 2026-12-01
end = 2026-12-01

[[account]]
id = "tt"
platform = "tiktok"
url = "{url}"
handle = "kopisenja"
session = "sessions/tt.json"

[types.question]
interactive = true

""" + engagement_and_target("2026-12-01") + """
[[post]]
id = "menu"
account = "tt"
at = 2026-12-01T09:00:00
type = "question"
text = "Menu baru! Mau coba yang mana? #kopisenja"
media = ["{video}"]
"""


def test_a_picture_never_reaches_the_uploader(
        adapter: TikTokAdapter, page: Page, control: ReplicaControl, tt: str, tmp_path: Path) -> None:
    signed_in(adapter, page, control)
    picture = tmp_path / "menu.mp4"
    picture.write_bytes(png_bytes())  # named like a video; its bytes say picture
    with pytest.raises(PlatformError, match="is not a video"):
        adapter.publish(page, Draft("p1", "Halo", (picture,)))
    assert api_posts(tt) == []
