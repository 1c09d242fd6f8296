"""The instagram adapter against the Instagram replica: real Chromium, the real CLI, English and Indonesian.

The adapter is the one that drives www.instagram.com; here the account's `url` is the replica's
(`{sandbox}/replica/instagram/`) and nothing else differs. What the replica stored is read from its
JSON API (`_api/posts`) and what visitors did with its dialogs and checkpoints from its admin log.
These prove the flow as the public sources describe it, not today's live markup (see the README).
"""

from __future__ import annotations

import json
import stat
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from images import png_bytes
from replica_helpers import api_posts, canvas_jpeg, lang_page
from test_publish_e2e import PASSWORD_VAR, error_lines, jadwal

from scheduler.errors import CheckpointReached, LoginFailed, OutcomeUnknown, SessionExpired
from scheduler.packs import recording
from scheduler.plan.model import Account
from scheduler.platforms.base import Credentials, Draft
from scheduler.platforms.instagram import InstagramAdapter
from scheduler.sandbox.server import SandboxServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from scheduler.sandbox.replicas.base import ReplicaControl

pytestmark = pytest.mark.e2e
UTC = timezone.utc

CAPTION = "Menu baru minggu ini ☕\n\nKopi susu gula aren & roti bakar #kopisenja @fan"
PLAN = """\
[plan]
name = "instagram e2e"
goal = "prove the instagram adapter on the replica"
timezone = "Asia/Jakarta"
start = 2026-12-01
end = 2026-12-01
{extra}
[[account]]
id = "ig"
platform = "instagram"
url = "{url}/replica/instagram/"
handle = "kopisenja"
session = "sessions/ig.json"

[types.education]

[[post]]
id = "carousel"
account = "ig"
at = 2026-12-01T09:00:00
type = "education"
text = \"\"\"Menu baru minggu ini ☕

Kopi susu gula aren & roti bakar #kopisenja @fan\"\"\"
media = [{{ path = "latte.jpg", alt = "Latte dengan hati di atasnya" }}, "menu.png", {{ path = "roti.png", alt = "Roti bakar cokelat" }}]

[[post]]
id = "reel"
account = "ig"
at = 2026-12-01T12:00:00
type = "education"
text = "Cara kami menyeduh kopi pagi ini"
media = ["clip.mp4"]
"""


# -- fixtures and helpers -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def jpeg(browser: Browser) -> bytes:
    return canvas_jpeg(browser, "#6f4e37", "#fff", (120, 80, 80, 80))


@pytest.fixture(params=["en", "id"])
def ui(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def control(sandbox: SandboxServer) -> ReplicaControl:
    return sandbox.replica("instagram")


@pytest.fixture
def plan_file(tmp_path: Path, sandbox: SandboxServer, jpeg: bytes, mp4: bytes) -> Path:
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "latte.jpg").write_bytes(jpeg)
    (folder / "menu.png").write_bytes(png_bytes(64, 80, (10, 120, 10)))
    (folder / "roti.png").write_bytes(png_bytes(40, 40, (180, 90, 20)))
    (folder / "clip.mp4").write_bytes(mp4)
    path = folder / "plan.toml"
    path.write_text(PLAN.format(url=sandbox.url, extra=""))
    return path


@pytest.fixture
def lpage(browser: Browser, ui: str) -> Iterator[Page]:
    yield from lang_page(browser, ui)


def adapter(ig: str, packs: Path | None = None) -> InstagramAdapter:
    return InstagramAdapter(Account("ig", "instagram", f"{ig}/", "kopisenja", None, 1, packs=packs))


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as reply:
        return reply.read()


def cli_login(plan_file: Path, password: str = "kopisenja") -> Any:
    return jadwal("login", str(plan_file), "--account", "ig", "--password-env", PASSWORD_VAR,
                  cwd=plan_file.parent, password=password)


def speak(control: ReplicaControl, ui: str) -> None:
    """The account's own language setting: every page after login shows it."""
    control.set_user("kopisenja", language=ui)


def typed_into_checkpoints(control: ReplicaControl) -> list[str]:
    return [k for k in control.log() if k.startswith(("checkpoint_typed", "checkpoint_submitted"))]


# -- login ------------------------------------------------------------------------------------------


def test_login_through_every_dialog_declines_them_all(
        ig: str, control: ReplicaControl, lpage: Page, ui: str) -> None:
    """The Feb 2026 form (inputs without names) in the browser's language, the EU cookie dialog,
    "Save your login info?" and "Turn on Notifications": each declined, none accepted."""
    speak(control, ui)
    control.set_faults(consent=True, dialogs={"save_login": 1, "notifications": 1})
    with recording() as rec:
        adapter(ig).login(lpage, Credentials("kopisenja", "kopisenja"))
    assert [s.name for s in rec.steps] == ["login.form", "login.submit"]
    username = next(m for m in rec.steps[0].matches if m.key == "login.username")
    assert (username.index, username.language) == (0, ui)  # found by its label, in the page's language
    assert control.log() == {
        "dialog_shown:consent": 1, "dialog_decline:consent": 1, "dialog_shown:save_login": 1,
        "dialog_decline:save_login": 1, "dialog_shown:notifications": 1, "dialog_decline:notifications": 1,
    }
    assert any(c["name"] == "sessionid" for c in lpage.context.cookies())


def test_the_cli_saves_a_private_session_and_a_wrong_password_says_why(
        plan_file: Path, control: ReplicaControl) -> None:
    refused = cli_login(plan_file, password="not-it")
    assert refused.returncode == 1
    assert error_lines(refused)[0] == ("error: Instagram refused the login of 'kopisenja': Sorry, your password "
                                       "was incorrect. Please double-check your password.")
    assert "not-it" not in refused.stdout + refused.stderr
    session = plan_file.parent / "sessions" / "ig.json"
    assert not session.exists()

    result = cli_login(plan_file)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"logged in account ig; session saved to {session}\n"
    assert stat.S_IMODE(session.stat().st_mode) == 0o600
    assert {"sessionid", "ds_user_id", "csrftoken"} <= {c["name"] for c in json.loads(session.read_text())["cookies"]}


def test_a_browser_profile_instead_of_a_session_file(plan_file: Path, ig: str) -> None:
    """For a site that binds a session to the browser: the account's own Chromium profile folder keeps the
    login (`profile = ...`), and publishing uses it."""
    plan_file.write_text(plan_file.read_text().replace('session = "sessions/ig.json"', 'profile = "profiles/ig"'))
    assert cli_login(plan_file).returncode == 0
    profile = plan_file.parent / "profiles" / "ig"
    assert (profile / "Default").is_dir() and stat.S_IMODE(profile.stat().st_mode) == 0o700
    result = jadwal("publish", str(plan_file), "--post", "carousel", cwd=plan_file.parent)
    assert result.returncode == 0, result.stderr
    assert [p["text"] for p in api_posts(ig)] == [CAPTION]


def test_a_person_logs_in_while_jadwal_watches(ig: str, control: ReplicaControl, browser: Browser) -> None:
    """`jadwal login --interactive`: a person types (here a script on the page, as a person would) and
    passes "Save your login info?"; jadwal only waits for the signed-in page, then checks whose it is."""
    control.set_faults(dialogs={"save_login": 1})
    person = """(() => {
      const act = () => {
        const set = (el, v) => { Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, v);
                                 el.dispatchEvent(new Event('input', {bubbles: true})); };
        const user = document.querySelector('input[type=text]');
        if (location.pathname.endsWith('/accounts/login/') && user) {
          set(user, NAME); set(document.querySelector('input[type=password]'), NAME);
          document.querySelector('button[type=submit]').click();
        }
        const notNow = Array.from(document.querySelectorAll('button')).find(b => b.textContent.trim() === 'Not now');
        if (location.pathname.endsWith('/accounts/onetap/') && notNow) notNow.click();
      };
      addEventListener('DOMContentLoaded', () => setTimeout(act, 400));
    })();"""
    for name, ok in (("kopisenja", True), ("fan", False)):
        context = browser.new_context()
        context.set_default_timeout(5_000)
        context.add_init_script(person.replace("NAME", json.dumps(name)))
        page = context.new_page()
        try:
            if ok:
                adapter(ig).wait_for_login(page, timeout_ms=20_000)
                assert any(c["name"] == "sessionid" for c in context.cookies())
            else:  # a person who logs in as someone else is told so
                with pytest.raises(LoginFailed) as raised:
                    adapter(ig).wait_for_login(page, timeout_ms=20_000)
                assert "signed in as another account than @kopisenja" in raised.value.message
        finally:
            context.close()
    assert control.log()["dialog_decline:save_login"] == 1


def test_an_expired_session_is_said_so(ig: str, browser: Browser) -> None:
    for page in lang_page(browser, "en", timeout_ms=3_000):
        with pytest.raises(SessionExpired) as raised:
            adapter(ig).check_session(page)  # a browser that never logged in
    assert "the saved Instagram session of account ig is not accepted" in raised.value.message
    assert "jadwal login" in raised.value.hint


# -- publishing -------------------------------------------------------------------------------------


def test_a_dry_run_fills_everything_and_shares_nothing(
        plan_file: Path, ig: str, control: ReplicaControl, ui: str) -> None:
    assert cli_login(plan_file).returncode == 0
    speak(control, ui)
    shot = plan_file.parent / "out" / "dry.png"
    result = jadwal("publish", str(plan_file), "--post", "carousel", "--dry-run", "--screenshot", str(shot),
                    cwd=plan_file.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"dry run: nothing was posted; screenshot of the filled form: {shot}\n")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and stat.S_IMODE(shot.stat().st_mode) == 0o600
    assert api_posts(ig) == []  # Share was found, never clicked


def test_a_carousel_with_alt_texts_and_a_reel(
        plan_file: Path, ig: str, control: ReplicaControl, ui: str, jpeg: bytes, mp4: bytes) -> None:
    assert cli_login(plan_file).returncode == 0
    speak(control, ui)
    control.set_faults(dialogs={"reels_notice": 1})  # "Video posts are now shared as reels" for the reel
    for post in ("carousel", "reel"):
        result = jadwal("publish", str(plan_file), "--post", post, cwd=plan_file.parent)
        assert result.returncode == 0, result.stderr
    carousel, reel = api_posts(ig)
    assert (carousel["author"], carousel["kind"], carousel["text"]) == ("kopisenja", "carousel", CAPTION)
    assert [(m["name"], m["alt"]) for m in carousel["media"]] == [
        ("latte.jpg", "Latte dengan hati di atasnya"), ("menu.png", ""), ("roti.png", "Roti bakar cokelat")]
    assert fetch(carousel["media"][0]["url"]) == jpeg  # uploaded byte for byte
    assert (reel["kind"], reel["text"], reel["media"][0]["content_type"]) == (
        "reel", "Cara kami menyeduh kopi pagi ini", "video/mp4")
    assert fetch(reel["media"][0]["url"]) == mp4
    assert result.stdout == f"published post reel of account ig: {ig}/p/{reel['code']}/\n"
    assert control.log()["dialog_shown:reels_notice"] == 1  # and answered OK (it offers nothing else)


def test_the_flow_follows_the_steps_the_site_shows(
        ig: str, control: ReplicaControl, page: Page, tmp_path: Path) -> None:
    """Crop and Edit may be missing (as between the sources' years): Next is clicked as often as it shows."""
    picture = tmp_path / "a.png"
    picture.write_bytes(png_bytes(30, 30))
    ig_adapter = adapter(ig)
    ig_adapter.login(page, Credentials("kopisenja", "kopisenja"))
    for steps, nexts in (({"crop": False, "edit": False}, 0), ({"crop": True, "edit": False}, 1),
                         ({"crop": True, "edit": True}, 2)):
        control.set_faults(steps=steps)
        with recording() as rec:
            ig_adapter.publish(page, Draft(f"p{nexts}", f"Langkah {nexts}", (picture,)))
        [walked] = [s for s in rec.steps if s.name == "compose.next"]
        assert [m.key for m in walked.matches] == ["compose.next"] * nexts
    assert [p["text"] for p in api_posts(ig)] == ["Langkah 0", "Langkah 1", "Langkah 2"]


def test_a_post_without_a_picture_or_over_the_limits_is_refused_before_anything_opens(ig: str, page: Page) -> None:
    from scheduler.errors import PlatformError

    for draft, said in ((Draft("a", "Tanpa gambar"), "has no picture or video"),
                        (Draft("b", "#k " * 31, (Path("x.png"),)), "over Instagram's limit: 31 where at most 30")):
        with pytest.raises(PlatformError, match=said):
            adapter(ig).publish(page, draft)
    assert page.url == "about:blank"  # nothing was opened


@pytest.mark.parametrize(("mode", "ui"), [("500", "en"), ("500", "id"), ("drop", "en"), ("drop", "id"), ("hang", "id")])
def test_a_share_accepted_then_lost_is_found_once(
        sandbox: SandboxServer, ig: str, control: ReplicaControl, browser: Browser, tmp_path: Path, mode: str,
        ui: str) -> None:
    """The replica saves the post, then answers 500, drops the connection or hangs: the adapter says the
    outcome is unknown (never "failed", never a second Share) and `find_published` finds the one post."""
    picture = tmp_path / "a.png"
    picture.write_bytes(png_bytes(30, 30))
    draft = Draft("lost", f"Satu kali saja ({mode})", (picture,))
    ig_adapter = adapter(ig)
    speak(control, ui)
    for page in lang_page(browser, ui):
        ig_adapter.login(page, Credentials("kopisenja", "kopisenja"))
        before = datetime.now(UTC)
        sandbox.set_faults(crash_after_post=mode)
        page.context.set_default_timeout(3_000)  # "hang": the site says nothing for 6 waits of this
        with pytest.raises(OutcomeUnknown) as raised:
            ig_adapter.publish(page, draft)
        assert "may be live" in raised.value.message or "no confirmation" in raised.value.message
        assert "looks it up" in raised.value.hint
    [stored] = api_posts(ig)
    assert stored["text"] == draft.text
    for page in lang_page(browser, "en"):
        ig_adapter.login(page, Credentials("kopisenja", "kopisenja"))
        found = ig_adapter.find_published(page, draft, since=before - timedelta(minutes=1))
        assert found is not None and found.remote_id == stored["code"]
        assert found.url == f"{ig}/p/{stored['code']}/"
        other = Draft("other", "Teks yang tidak pernah dibagikan", (picture,))
        assert ig_adapter.find_published(page, other, since=before - timedelta(minutes=1)) is None
        assert ig_adapter.find_published(page, draft, since=datetime.now(UTC) + timedelta(minutes=20)) is None
    assert len(api_posts(ig)) == 1


def test_a_lookup_never_takes_a_page_it_cannot_read_for_not_posted(
        ig: str, control: ReplicaControl, browser: Browser, tmp_path: Path) -> None:
    """No post on a profile that says it has none is "not posted" (then the daemon may share again); a
    profile whose grid the pack no longer finds is `PageChanged` (unconfirmed: a person looks)."""
    from scheduler.errors import PageChanged

    draft = Draft("p", "Belum ada", (tmp_path / "a.png",))
    since = datetime.now(UTC) - timedelta(hours=1)
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "instagram.toml").write_text('platform = "instagram"\nversion = "moved"\n[locators]\n'
                                          '"profile.post_link" = [{ css = "a.grid-tile-2030" }]\n')
    for page in lang_page(browser, "en", timeout_ms=5_000):
        adapter(ig).login(page, Credentials("kopisenja", "kopisenja"))
        assert adapter(ig).find_published(page, draft, since=since) is None
        assert adapter(ig, packs).find_published(page, draft, since=since) is None  # no posts: nothing to miss
        control.seed_post("kopisenja", "Ada satu", [("a.png", png_bytes())])
        with pytest.raises(PageChanged, match="lists no posts, and its header does not say it has none"):
            adapter(ig, packs).find_published(page, draft, since=since)


# -- comments and replies --------------------------------------------------------------------------


def seeded_thread(control: ReplicaControl) -> tuple[str, list[int], dict[int, list[int]]]:
    """A post with 20 comments by a fan (a page is 7 here: three "Load more comments") and two threads."""
    code = control.seed_post("kopisenja", "Menu baru!", [("menu.png", png_bytes())])
    control.set_faults(comments_page=7)
    top = [control.seed_comment(code, "fan", f"komentar {i}") for i in range(20)]
    replies = {top[1]: [control.seed_comment(code, "kopisenja", "balasan a", top[1]),
                        control.seed_comment(code, "fan", "balasan b", top[1])],
               top[17]: [control.seed_comment(code, "fan", "balasan c", top[17])]}
    return code, top, replies


def test_comments_and_replies_are_read_across_every_page(
        ig: str, control: ReplicaControl, lpage: Page, ui: str) -> None:
    code, _top, _replies = seeded_thread(control)
    speak(control, ui)
    ig_adapter = adapter(ig)
    ig_adapter.login(lpage, Credentials("kopisenja", "kopisenja"))
    ref = ig_adapter.latest_published(lpage)
    assert ref is not None and ref.remote_id == code
    with recording() as rec:
        read = ig_adapter.comments(lpage, ref)
    stored = api_posts(ig)[0]["comments"]
    assert [(c.id, c.author, c.text, c.parent_id) for c in sorted(read, key=lambda c: int(c.id))] == [
        (str(c["id"]), c["author"], c["text"], str(c["parent_id"]) if c["parent_id"] else None) for c in stored]
    for c, s in zip(sorted(read, key=lambda c: int(c.id)), stored, strict=True):
        assert c.created_at is not None
        assert abs((c.created_at - datetime.fromisoformat(s["created_at"])).total_seconds()) < 1
        assert c.post_remote_id == code
    opened = [m.key for s in rec.steps for m in s.matches]
    assert opened.count("post.load_more") == 2 and opened.count("post.view_replies") == 2


def test_a_reply_goes_into_the_right_thread(ig: str, control: ReplicaControl, lpage: Page, ui: str) -> None:
    code, top, replies = seeded_thread(control)
    speak(control, ui)
    ig_adapter = adapter(ig)
    ig_adapter.login(lpage, Credentials("kopisenja", "kopisenja"))
    ref = ig_adapter.latest_published(lpage)
    assert ref is not None
    answer = ig_adapter.reply(lpage, ref, str(top[17]), "makasih kak!")  # on the third page of comments
    to_reply = ig_adapter.reply(lpage, ref, str(replies[top[1]][1]), "sama-sama")  # under a fan's reply
    stored = {c["id"]: c for c in api_posts(ig)[0]["comments"]}
    assert (stored[int(answer.id)]["text"], stored[int(answer.id)]["parent_id"]) == ("@fan makasih kak!", top[17])
    assert (answer.author, answer.text, answer.parent_id) == ("kopisenja", "@fan makasih kak!", str(top[17]))
    # Instagram's threads are one level deep: a reply to a reply joins its thread, naming whom it answers
    assert (stored[int(to_reply.id)]["text"], stored[int(to_reply.id)]["parent_id"]) == ("@fan sama-sama", top[1])
    assert len(stored) == 20 + 3 + 2


# -- checkpoints ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "ui"), [("captcha", "en"), ("two_factor", "id"), ("suspicious_activity", "id")])
def test_a_checkpoint_at_login_stops_it_with_nothing_typed(
        plan_file: Path, control: ReplicaControl, kind: str, ui: str) -> None:
    speak(control, ui)
    control.set_faults(checkpoint={"kind": kind, "on": "login", "user": "kopisenja"})
    result = cli_login(plan_file)
    assert result.returncode == 1
    report = error_lines(result)
    assert report[0].startswith("error: account ig: the site shows ")
    assert report[0].endswith("; jadwal stops here and types nothing into it")
    assert f"jadwal login {plan_file} --account ig --interactive" in report[1]
    assert not (plan_file.parent / "sessions" / "ig.json").exists()
    assert control.log().get(f"checkpoint_shown:{kind}") == 1
    assert typed_into_checkpoints(control) == []
    assert control.checkpoints()["kopisenja"]["kind"] == kind  # held there until a person passes it


@pytest.mark.parametrize(("kind", "ui", "words"), [
    ("suspended", "en", "a temporary block"),  # /accounts/suspended/ on the next page
    ("captcha", "id", "a captcha"),  # a challenge on the next page, not at login
    ("blocked", "en", "a temporary block"),  # "Action Blocked" answering the Share ...
    ("blocked", "id", "a temporary block"),  # ... known by its name, "Tindakan Diblokir" here
])
def test_a_checkpoint_while_publishing_stops_it_and_nothing_is_posted(
        plan_file: Path, ig: str, control: ReplicaControl, kind: str, ui: str, words: str) -> None:
    assert cli_login(plan_file).returncode == 0
    speak(control, ui)
    control.set_faults(checkpoint={"kind": kind, "on": "pages", "user": "kopisenja"})
    result = jadwal("publish", str(plan_file), "--post", "carousel", cwd=plan_file.parent)
    assert result.returncode == 1
    report = error_lines(result)
    shown = f"account ig: the site shows {words}; jadwal stops here and types nothing into it"
    if kind == "blocked":  # answering Share: the post may be stored all the same, so it is in doubt
        assert report[0].startswith(f"error: post carousel: the site answered the submit with a block or a check "
                                    f"({shown}); the post may or may not be live")
        assert "do not publish it again by hand" in result.stderr
        seen = jadwal("status", str(plan_file), "--format", "json", cwd=plan_file.parent)
        status = json.loads(seen.stdout)
        assert [p["account"] for p in status["paused_accounts"]] == ["ig"]  # a person must log in again
        assert {p["id"]: p["state"] for p in status["posts"]}["carousel"] == "publishing"  # in doubt: looked up
    else:
        assert report[0] == f"error: {shown}"
    assert api_posts(ig) == []
    assert typed_into_checkpoints(control) == []
    if kind == "blocked":
        assert control.log() == {"blocked:blocked": 1}  # the Share was answered with the block, once
    else:
        assert control.log() == {f"checkpoint_shown:{kind}": 1}


def test_a_checkpoint_is_recognised_by_the_adapter_as_its_kind(ig: str, control: ReplicaControl, page: Page) -> None:
    ig_adapter = adapter(ig)
    ig_adapter.login(page, Credentials("kopisenja", "kopisenja"))
    for kind, expected in (("two_factor", "two_factor"), ("suspicious_activity", "suspicious_activity"),
                           ("captcha", "captcha"), ("suspended", "blocked")):
        control.reset()
        control.set_faults(checkpoint={"kind": kind, "on": "pages"})
        with pytest.raises(CheckpointReached) as raised:
            ig_adapter.check_session(page)
        assert raised.value.kind == expected
    assert typed_into_checkpoints(control) == []


# -- numbers ------------------------------------------------------------------------------------------


def test_followers_and_a_posts_numbers(ig: str, control: ReplicaControl, lpage: Page, ui: str) -> None:
    control.set_user("kopisenja", followers=123_456, language=ui)
    code = control.seed_post("kopisenja", "Suka?", [("a.png", png_bytes())])
    control.seed_like(code, "fan")
    control.seed_comment(code, "fan", "Suka!")
    ig_adapter = adapter(ig)
    ig_adapter.login(lpage, Credentials("kopisenja", "kopisenja"))
    assert ig_adapter.metrics(lpage) == {"followers": 123456.0}  # the exact count, not "123K" / "123,5 rb"
    ref = ig_adapter.latest_published(lpage)
    assert ref is not None
    assert ig_adapter.post_metrics(lpage, ref) == {"likes": 1.0, "comments": 1.0}


# -- a reply whose send was answered with "Action Blocked" ----------------------------------------


@pytest.mark.parametrize("stored", [True, False])
def test_a_reply_blocked_after_the_send_is_looked_up_before_it_is_sent_again(
        plan_file: Path, ig: str, control: ReplicaControl, stored: bool) -> None:
    """"Action Blocked" answering the reply's send: the reply may be stored all the same (`stored`), so
    it is in doubt; the same command run again reads the thread first and sends only if it is not there."""
    assert cli_login(plan_file).returncode == 0
    published = jadwal("publish", str(plan_file), "--post", "reel", cwd=plan_file.parent)
    assert published.returncode == 0, published.stderr
    [post] = api_posts(ig)
    asked = control.seed_comment(post["code"], "fan", "Masih ada kopi susu?")
    inbox = jadwal("inbox", str(plan_file), "--check", "--format", "json", cwd=plan_file.parent)
    assert inbox.returncode == 0, inbox.stderr
    [waiting] = json.loads(inbox.stdout)["comments"]
    command = ("reply", str(plan_file), "--comment", str(waiting["id"]), "Masih, kak!")

    control.set_faults(checkpoint={"kind": "blocked", "user": "kopisenja", "stored": stored})
    blocked = jadwal(*command, cwd=plan_file.parent)
    assert blocked.returncode == 1
    report = error_lines(blocked)
    assert report[0].startswith(f"error: the reply to comment {waiting['id']} may have been posted: after the "
                                "send the site answered unclearly (")
    assert "log in with `jadwal login --interactive`, then run `jadwal reply" in blocked.stderr
    assert "it looks for the reply first and posts it only if it is not there" in blocked.stderr
    assert control.log().get("blocked:blocked") == 1
    mine = [c for c in api_posts(ig)[0]["comments"] if c["author"] == "kopisenja"]
    assert len(mine) == (1 if stored else 0)
    still = jadwal("inbox", str(plan_file), "--format", "json", cwd=plan_file.parent)
    assert [c["id"] for c in json.loads(still.stdout)["comments"]] == [waiting["id"]]  # not answered yet

    again = jadwal(*command, cwd=plan_file.parent)
    assert again.returncode == 0, again.stderr
    mine = [c for c in api_posts(ig)[0]["comments"] if c["author"] == "kopisenja"]
    assert [(c["text"], c["parent_id"]) for c in mine] == [("@fan Masih, kak!", asked)]  # one reply, never two
    if stored:
        assert "was already posted" in again.stdout and "not sent again" in again.stdout
    else:
        assert "answered fan's comment" in again.stdout
    done = jadwal("inbox", str(plan_file), "--format", "json", cwd=plan_file.parent)
    assert json.loads(done.stdout)["comments"] == []
