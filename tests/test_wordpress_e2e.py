"""The wordpress adapter against a real WordPress (Debian 12's), in English and in Indonesian.

Every test runs once per site locale (`en_US`, `id_ID`): the adapter must not
depend on the UI language. Publishing runs on both editors (the block editor
and the Classic Editor). Sites come from `scripts/wordpress` (see
`wordpress_site.py`); the browser is real Chromium.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import threading
import time
from datetime import datetime, timedelta, timezone
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from images import png_bytes
from playwright.sync_api import Browser, BrowserContext, Page, expect

from scheduler.errors import (
    CheckpointReached,
    LoginFailed,
    OutcomeUnknown,
    PageChanged,
    PlatformError,
    SessionExpired,
    SiteUnavailable,
)
from scheduler.platforms.base import Credentials, Draft, PublishedRef
from scheduler.platforms.wordpress import WordPressAdapter
from wordpress_site import AUTHOR, EDITOR, READER, WordPressSite, signed_in_state, unanswered

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _stamp() -> str:
    return datetime.now().strftime("%H%M%S%f")


def _post_json(site: WordPressSite, post_id: str) -> dict[str, Any]:
    return site.php_json(
        f"$p = get_post({int(post_id)}); $thumb = (int) get_post_thumbnail_id($p);"
        "echo json_encode(['status' => $p->post_status, 'title' => $p->post_title, 'excerpt' => $p->post_excerpt,"
        " 'author' => get_userdata($p->post_author)->user_login, 'content' => $p->post_content,"
        " 'categories' => wp_get_post_categories($p->ID, ['fields' => 'names']),"
        " 'tags' => wp_get_post_tags($p->ID, ['fields' => 'names']), 'featured' => $thumb,"
        " 'featured_alt' => get_post_meta($thumb, '_wp_attachment_image_alt', true),"
        " 'attached' => array_map('intval', array_keys(get_attached_media('image', $p->ID)))]);"
    )


def _with_marker(site: WordPressSite, post_id: str) -> int:
    """How many posts on the site carry the marker of the plan's post `post_id`."""
    return int(site.php(f"global $wpdb; echo $wpdb->get_var($wpdb->prepare(\"SELECT COUNT(*) FROM $wpdb->posts"
                        f" WHERE post_type = 'post' AND post_content LIKE %s\", '%jadwal-{post_id}%'));"))


def _pictures(folder: Path, *names: str) -> tuple[Path, ...]:
    paths = []
    for n, name in enumerate(names):
        path = folder / name
        path.write_bytes(png_bytes(24 + 8 * n, 16, (200 - 60 * n, 120, 40 + 60 * n)))
        paths.append(path)
    return tuple(paths)


# -- signing in ------------------------------------------------------------------------------------


def test_login_and_session(wordpress_site: WordPressSite, wp_context: BrowserContext) -> None:
    site = wordpress_site
    page = wp_context.new_page()
    # the dashboard's Quick Draft box makes an auto-draft for a user who has none: jadwal never goes there
    site.php(f"delete_user_option({site.user_id(AUTHOR)}, 'dashboard_quick_press_last_post_id');")
    before = site.counts()
    adapter = WordPressAdapter(wordpress_site.account())
    adapter.login(page, wordpress_site.credentials())
    adapter.check_session(page)
    assert site.counts() == before
    assert any(c["name"].startswith("wordpress_logged_in_") for c in wp_context.cookies(wordpress_site.url))
    assert page.locator("html").get_attribute("lang") == wordpress_site.locale.replace("_", "-")


def test_wrong_password_is_login_failed(wordpress_site: WordPressSite, wp_context: BrowserContext) -> None:
    page = wp_context.new_page()
    adapter = WordPressAdapter(wordpress_site.account())
    with pytest.raises(LoginFailed, match="refused the login of 'penulis'"):
        adapter.login(page, Credentials(AUTHOR, "not-the-password"))
    with pytest.raises(SessionExpired):
        adapter.check_session(page)


def test_login_page_moved_by_a_security_plugin(wordpress_site: WordPressSite, wp_context: BrowserContext) -> None:
    site = wordpress_site
    page = wp_context.new_page()
    with site.options(jadwal_test_login_slug="masuk"):
        assert page.request.get(site.url + "/wp-login.php").status == 404
        with pytest.raises(PageChanged, match="shows no WordPress login form") as caught:
            WordPressAdapter(site.account()).login(page, site.credentials())
        assert "login_url" in caught.value.hint  # says what to set
        for login_url in ("/masuk", site.url + "/masuk"):
            adapter = WordPressAdapter(site.account(login_url=login_url))
            adapter.login(page, site.credentials())
            adapter.check_session(page)
            wp_context.clear_cookies()


@pytest.mark.parametrize(("second_step", "kind", "field"), [("1", "two_factor", "#authcode"),
                                                            ("inline", "two_factor", "#wfls-token"),
                                                            ("email", "login_challenge", "#kode")])
def test_a_second_login_step_is_a_checkpoint_not_an_expired_session(
        wordpress_site: WordPressSite, wp_context: BrowserContext, second_step: str, kind: str, field: str) -> None:
    """A plugin that asks for more after the password: recognised by the pack's signature (Two Factor's
    code field on a page of its own, Wordfence's in the login form itself) or, unknown, by a session that
    does not work; either way jadwal stops, a person logs in."""
    site = wordpress_site
    page = wp_context.new_page()
    page.set_default_navigation_timeout(5_000)  # the inline field never leaves the page: do not wait long
    with site.options(jadwal_test_two_factor=second_step):
        with pytest.raises(CheckpointReached) as caught:
            WordPressAdapter(site.account()).login(page, site.credentials())
    assert caught.value.kind == kind and "--interactive" in caught.value.hint
    assert ("a two-factor code prompt; jadwal stops here and types nothing into it" if kind == "two_factor"
            else "did not finish: the site asks for something after the password") in caught.value.message
    expect(page.locator(field)).to_be_visible()  # the site's second step, left for a person
    expect(page.locator(field)).to_have_value("")


def test_a_captcha_on_the_login_form_stops_before_anything_is_typed(wordpress_site: WordPressSite,
                                                                   wp_context: BrowserContext) -> None:
    site = wordpress_site
    page = wp_context.new_page()
    with site.options(jadwal_test_captcha=1):
        with pytest.raises(CheckpointReached, match="a captcha; jadwal stops here") as caught:
            WordPressAdapter(site.account()).login(page, site.credentials())
    assert caught.value.kind == "captcha" and "--interactive" in caught.value.hint
    expect(page.locator(".g-recaptcha")).to_have_count(1)
    expect(page.locator("#user_login")).to_have_value("")  # nothing typed, nothing sent
    expect(page.locator("#user_pass")).to_have_value("")
    assert page.url.endswith("/wp-login.php")
    assert not any(c["name"].startswith("wordpress_logged_in_") for c in wp_context.cookies(site.url))
    # a captcha in the front page's contact form is not the login's: the login lands there and works
    with site.options(jadwal_test_captcha="front"):
        adapter = WordPressAdapter(site.account())
        adapter.login(page, site.credentials())
        expect(page.locator(".kontak .g-recaptcha")).to_have_count(1)
        adapter.check_session(page)


def test_expired_session_is_reported(wordpress_site: WordPressSite, wp_context: BrowserContext) -> None:
    page = wp_context.new_page()
    adapter = WordPressAdapter(wordpress_site.account())
    adapter.login(page, wordpress_site.credentials())
    wordpress_site.end_session(wp_context)  # the server forgets this browser's session
    with pytest.raises(SessionExpired, match="not accepted"):
        adapter.check_session(page)
    before = wordpress_site.counts()
    with pytest.raises(SessionExpired):
        adapter.publish(page, Draft(post_id="late", text="Tidak akan terbit."))
    assert wordpress_site.counts() == before
    with pytest.raises(SessionExpired):
        adapter.comments(page, PublishedRef(remote_id="1", url=wordpress_site.url + "/?p=1"))


# -- publishing ------------------------------------------------------------------------------------


@pytest.fixture(params=["block", "classic"])
def editor(request: pytest.FixtureRequest, wordpress_site: WordPressSite) -> Iterator[str]:
    """The site's editor for the test: the block editor, or the Classic Editor (the plugin's filter)."""
    with wordpress_site.options(jadwal_test_editor=request.param):
        yield request.param


def test_publish_on_either_editor(wordpress_site: WordPressSite, author_page: Page, tmp_path: Path,
                                  editor: str) -> None:
    """A full post (pictures with alt text, featured image, categories, tags, excerpt), whatever editor the
    site uses: a dry run writes nothing, the post opens intact in the owner's editor, no auto-draft is
    left and the user's editor preferences are untouched."""
    site = wordpress_site
    stamp = _stamp()
    category, old_tag, new_tag = f"Resep {stamp}", f"roti {stamp}", f"baru {stamp}"
    site.php(f"wp_insert_term({json.dumps(category)}, 'category'); wp_insert_term({json.dumps(old_tag)}, 'post_tag');")
    first, second = _pictures(tmp_path, "pagi.png", "oven.png")
    featured, in_body = (first, second) if editor == "block" else (second, first)
    alt = {first: f'Roti "sobek" & selai {stamp}', second: ""}
    first_line = f"Roti sobek {stamp} baru keluar"
    text = f"{first_line}\n\nHangat & lembut.\nPesan <sekarang>!\n\nSampai besok."
    # block: the first line is the title and the first picture featured; classic: both given
    title = first_line if editor == "block" else f"Dapur & <oven> {stamp}"
    draft = Draft(post_id=f"{editor}-{stamp}", text=text, title=None if editor == "block" else title,
                  media=(first, second), alt=(alt[first], alt[second]), featured=None if editor == "block" else second,
                  categories=(category,), tags=(old_tag, new_tag), excerpt="Roti hangat <tiap> pagi.")
    key = f"{site.user_id(AUTHOR)}, $GLOBALS['wpdb']->get_blog_prefix() . 'persisted_preferences'"
    prefs = f"echo json_encode(get_user_meta({key}));"
    site.php(f"delete_user_meta({key});")  # a user who has not closed the block editor's welcome guide yet
    assert site.php(prefs) == "[]"
    adapter = WordPressAdapter(site.account())
    before = site.counts()
    assert adapter.publish(author_page, draft, dry_run=True) is None
    expect(author_page.locator("h1")).to_have_text(title)  # the dry run's picture of the post
    expect(author_page.locator(".meta")).to_contain_text(f"{new_tag} (new)")
    expect(author_page.locator("img")).to_have_count(2)
    assert site.counts() == before  # no post, auto-draft, picture, category or tag

    started = time.monotonic()
    ref = adapter.publish(author_page, draft)
    print(f"\n[{site.locale}, {editor}] publish (2 pictures, terms) took {time.monotonic() - started:.2f} s")
    assert ref is not None and ref.url.startswith(site.url)
    assert ref.published_at is not None and abs(ref.published_at - datetime.now(timezone.utc)) < timedelta(minutes=2)
    assert site.counts() == {**before, "publish": before["publish"] + 1, "media": before["media"] + 2,
                             "tags": before["tags"] + 1}  # the new tag (an Author may create tags)
    assert site.php(prefs) == "[]"  # the user's editor preferences are untouched

    stored = _post_json(site, ref.remote_id)
    assert (stored["status"], stored["author"]) == ("publish", AUTHOR)
    assert (stored["title"], stored["excerpt"]) == (html.escape(title, quote=False), "Roti hangat &lt;tiap&gt; pagi.")
    assert (stored["categories"], sorted(stored["tags"])) == ([category], sorted([old_tag, new_tag]))
    assert stored["featured_alt"] == alt[featured] and stored["featured"] in stored["attached"]
    assert len(stored["attached"]) == 2
    assert stored["content"].count("<!-- wp:image") == 1  # the featured picture is not repeated in the body
    assert f"jadwal-{editor}-{stamp}" in stored["content"]
    assert (first_line in stored["content"]) is (editor == "classic")  # a first-line title is not repeated

    author_page.goto(ref.url)  # what a reader sees
    expect(author_page.locator("h1")).to_have_text(title)
    expect(author_page.locator("main")).not_to_contain_text("&lt;")  # escaped once, not twice
    expect(author_page.locator(".wp-block-post-featured-image img")).to_have_attribute("alt", alt[featured])
    body = author_page.locator(".wp-block-post-content")
    expect(body).to_contain_text("Hangat & lembut.")
    expect(body).to_contain_text("Pesan <sekarang>!")
    expect(body.locator("figure img")).to_have_attribute("alt", alt[in_body])
    expect(body.locator("figure img")).to_have_attribute("src", re.compile(rf"/{in_body.stem}[^/]*\.png$"))

    # the owner opens it in the site's editor, and finds it as jadwal wrote it
    author_page.goto(f"{site.url}/wp-admin/post.php?post={ref.remote_id}&action=edit")
    if editor == "block":
        author_page.wait_for_function("() => window.wp && wp.data && wp.data.select('core/block-editor')"
                                      " && wp.data.select('core/block-editor').getBlocks().length > 0")
        blocks = author_page.evaluate("() => wp.data.select('core/block-editor').getBlocks()"
                                      ".map(b => [b.name, b.isValid])")
        assert blocks == [["core/paragraph", True]] * 2 + [["core/image", True]]
        # the welcome guide is still the user's to see: jadwal never turned it off
        expect(author_page.locator(".edit-post-welcome-guide")).to_be_visible()
    else:
        expect(author_page.locator("#content")).to_have_value(re.compile(f"jadwal-{editor}-{stamp}"))
        expect(author_page.locator(".block-editor")).to_have_count(0)
    assert site.counts()["auto-draft"] == before["auto-draft"]


def test_failed_attempts_leave_nothing_behind(wordpress_site: WordPressSite, author_page: Page,
                                              tmp_path: Path, editor: str) -> None:
    site = wordpress_site
    stamp = _stamp()
    pictures = _pictures(tmp_path, "a.png", "b.png")
    adapter = WordPressAdapter(site.account())
    before = site.counts()

    # a category the Author may not create: refused before anything is written (not even the new tag)
    new_category = Draft(post_id=f"cat-{stamp}", text=f"Kategori baru {stamp}\n\nIsi.", media=pictures,
                         categories=(f"Kue {stamp}",), tags=(f"kue {stamp}",))
    with pytest.raises(PlatformError, match=f"categories 'Kue {stamp}' do not exist") as refused:
        adapter.publish(author_page, new_category, dry_run=True)  # a dry run says so too
    assert "Posts > Categories" in refused.value.hint
    with pytest.raises(PlatformError, match="may not create categories"):
        adapter.publish(author_page, new_category)
    assert site.counts() == before

    # the site refuses the post after its pictures went up: they are deleted again
    with site.options(jadwal_test_fault="refuse_post"):
        with pytest.raises(PlatformError, match="Refused by the test site") as caught:
            adapter.publish(author_page, Draft(post_id=f"refused-{stamp}", text=f"Ditolak {stamp}\n\nIsi.",
                                               media=pictures, tags=(f"kue {stamp}",)))
    assert type(caught.value) is PlatformError  # a refusal: not retried, nothing live
    after = site.counts()
    assert after == {**before, "tags": before["tags"] + 1}  # the tag stays for the next try; no post, no picture
    assert _with_marker(site, f"refused-{stamp}") == 0


def test_an_editor_creates_missing_categories(wordpress_site: WordPressSite, browser: Browser) -> None:
    site = wordpress_site
    context = browser.new_context(storage_state=signed_in_state(site, browser, EDITOR))  # type: ignore[arg-type]
    try:
        page = context.new_page()
        stamp = _stamp()
        before = site.counts()
        ref = WordPressAdapter(site.account(EDITOR)).publish(page, Draft(
            post_id=f"ed-{stamp}", text=f"Kue lapis {stamp}\n\nResep nenek.", categories=(f"Kue {stamp}", "Kue " + stamp)))
        assert ref is not None
        assert _post_json(site, ref.remote_id)["categories"] == [f"Kue {stamp}"]
        assert site.counts() == {**before, "publish": before["publish"] + 1, "categories": before["categories"] + 1}
    finally:
        context.close()


def test_exactly_once_after_a_crash(wordpress_site: WordPressSite, author_page: Page, tmp_path: Path,
                                    editor: str) -> None:
    site = wordpress_site
    adapter = WordPressAdapter(site.account())
    stamp = _stamp()

    # the answer is lost (here: later than jadwal waits): the outcome is unknown, the pictures stay
    before = site.counts()
    slow = Draft(post_id=f"slow-{stamp}", text=f"Jawaban terlambat {stamp}\n\nIsi.", media=_pictures(tmp_path, "s.png"))
    adapter.save_timeout_ms = 1_500
    with site.options(jadwal_test_fault="slow_after_post"), pytest.raises(OutcomeUnknown):
        adapter.publish(author_page, slow)
    adapter.save_timeout_ms = WordPressAdapter.save_timeout_ms
    deadline = time.monotonic() + 60  # the site finishes the request in its own time
    while site.counts()["publish"] == before["publish"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert site.counts() == {**before, "publish": before["publish"] + 1, "media": before["media"] + 1}
    found_late = adapter.find_published(author_page, slow, since=datetime.now(timezone.utc) - timedelta(minutes=1))
    assert found_late is not None and _with_marker(site, slow.post_id) == 1  # the daemon's lookup finds it

    # the site saves the post and dies before answering: the adapter looks it up, and finds it
    lost = Draft(post_id=f"lost-{stamp}", text=f"Jawaban hilang {stamp}\n\nTetap terbit sekali.")
    with site.options(jadwal_test_fault="die_after_post"):
        found = adapter.publish(author_page, lost)
    assert found is not None and _with_marker(site, lost.post_id) == 1

    # jadwal dies after the site answered, before writing it down: a new process finds the post
    since = datetime.now(timezone.utc)
    draft = Draft(post_id=f"crash-{stamp}", text=f"Promo {stamp}: dua roti tawar, satu harga.")
    published = adapter.publish(author_page, draft)
    assert published is not None
    restarted = WordPressAdapter(site.account())  # a new process: new adapter, new page
    page = author_page.context.new_page()
    started = time.monotonic()
    again = restarted.find_published(page, draft, since=since)
    print(f"\n[{site.locale}] find_published took {time.monotonic() - started:.2f} s")
    assert again is not None and (again.remote_id, again.url) == (published.remote_id, published.url)
    assert _with_marker(site, draft.post_id) == 1

    never = Draft(post_id=f"never-{stamp}", text=f"Promo {stamp}: dua roti tawar, satu harga.", title="Lain")
    assert restarted.find_published(page, never, since=since) is None
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    assert restarted.find_published(page, draft, since=later) is None


# -- comments --------------------------------------------------------------------------------------


def test_comments_held_paged_and_answered(wordpress_site: WordPressSite, author_page: Page) -> None:
    site = wordpress_site
    adapter = WordPressAdapter(site.account())
    stamp = _stamp()
    ref = adapter.publish(author_page, Draft(post_id=f"ask-{stamp}", text=f"Roti favorit kalian apa? {stamp}\n\nCerita!"))
    assert ref is not None

    # Seven comments from readers and guests, one already answered by the author (ten minutes ago,
    # so WordPress's 15 s flood check does not hold up the adapter's own reply below).
    ids = site.add_comments([dict(post_id=ref.remote_id, text=f"Komentar {n} {stamp}: roti keju!",
                                  user=READER if n % 2 else None, name=f"Tamu {n}", minutes_ago=30 - n)
                             for n in range(7)])
    answer = site.add_comment(ref.remote_id, f"Terima kasih {stamp}!", user=AUTHOR, parent=ids[1], minutes_ago=15)
    # a guest who types the author's name is not the account
    ids.append(site.add_comment(ref.remote_id, f"Saya juga penulis {stamp}", name=AUTHOR, minutes_ago=14))
    # held for moderation: readers do not see it, the post's author does
    held = site.add_comment(ref.remote_id, f"Boleh pesan antar? {stamp}", name="Tamu baru", minutes_ago=13,
                            approved=False)
    # the site paginates its comments (5 per page): the reader sees two pages, and not the held one
    author_page.goto(ref.url)
    expect(author_page.locator(f"#comment-{ids[0]}, #comment-{ids[7]}")).to_have_count(1)

    adapter.comments_per_page = 5  # two REST pages as well
    started = time.monotonic()
    comments = adapter.comments(author_page, ref)
    print(f"\n[{site.locale}] comment check ({len(comments)} comments, 2 REST pages) took {time.monotonic() - started:.2f} s")
    assert sorted(c.id for c in comments) == sorted([*ids, answer, held])
    mine = [c for c in comments if c.author == AUTHOR]
    assert [(c.id, c.parent_id) for c in mine] == [(answer, ids[1])]
    assert next(c.author for c in comments if c.id == ids[7]) == f"{AUTHOR} (guest)"
    assert {c.id for c in unanswered(comments, AUTHOR)} == {*ids, held} - {ids[1]}

    with site.options(comment_moderation=1):
        # an answer under a held comment would hang under nothing: approve it first
        with pytest.raises(PlatformError, match="held for moderation") as caught:
            adapter.reply(author_page, ref, held, f"Bisa, kak {stamp}.")
        assert "edit-comments.php?comment_status=moderated" in caught.value.hint
        last = ids[6]  # on the second page
        started = time.monotonic()
        reply = adapter.reply(author_page, ref, last, f"Roti keju ada tiap pagi {stamp}.")
        print(f"\n[{site.locale}] reply took {time.monotonic() - started:.2f} s")
        assert reply.parent_id == last and reply.author == AUTHOR
        # the post's author is not held, even on a site that holds every comment
        assert site.php(f"echo wp_get_comment_status({int(reply.id)});") == "approved"

    # WordPress's flood check (one comment per 15 s for non-moderators) is reported with what to do ...
    with pytest.raises(SiteUnavailable, match="too quickly") as flood:
        adapter.reply(author_page, ref, ids[0], f"Roti tawar juga ada {stamp}.")
    assert "wait 15 seconds" in flood.value.hint
    # ... as is a duplicate (checked before the flood): the comment is answered already
    with pytest.raises(PlatformError, match="duplicate") as dupe:
        adapter.reply(author_page, ref, last, f"Roti keju ada tiap pagi {stamp}.")
    assert "nothing to do" in dupe.value.hint
    # 15 s later the same reply goes through (the test moves the last reply back instead of waiting)
    site.php(f"wp_update_comment(['comment_ID' => {int(reply.id)}, 'comment_date_gmt' => gmdate('Y-m-d H:i:s',"
             f" time() - {20}), 'comment_date' => get_date_from_gmt(gmdate('Y-m-d H:i:s', time() - 20))]);")
    later = adapter.reply(author_page, ref, ids[0], f"Roti tawar juga ada {stamp}.")

    after = adapter.comments(author_page, ref)
    stored = {c.id: c for c in after}
    assert (stored[reply.id].parent_id, stored[reply.id].text) == (last, f"Roti keju ada tiap pagi {stamp}.")
    assert stored[later.id].parent_id == ids[0]
    assert {c.id for c in unanswered(after, AUTHOR)} == {*ids, held} - {ids[1], last, ids[0]}
    assert len(after) == len(comments) + 2  # the refused replies are not there


# -- the daemon ------------------------------------------------------------------------------------


DEMO_PLAN = Path(__file__).resolve().parent.parent / "plans" / "wordpress-demo.toml"


def _demo_plan_due_now(site: WordPressSite, folder: Path, session: Path) -> Path:
    """The demo plan moved to now: its posts every 10 hours from 30 s ago, pointed at `site`."""
    from zoneinfo import ZoneInfo

    text = DEMO_PLAN.read_text(encoding="utf-8")
    now = datetime.now(ZoneInfo("Asia/Jakarta")).replace(microsecond=0, tzinfo=None) - timedelta(seconds=30)
    times = iter(now + timedelta(hours=10 * n) for n in range(100))
    text = re.sub(r"(?m)^at = .*$", lambda _: f"at = {next(times).isoformat()}", text)
    last = now + timedelta(hours=10 * (text.count("\nat = ") - 1))
    text = re.sub(r"(?m)^start = .*$", f"start = {now.date().isoformat()}", text)
    text = re.sub(r"(?m)^end = .*$", f"end = {last.date().isoformat()}", text)
    text = re.sub(r"(?m)^by = .*$", f"by = {last.date().isoformat()}", text)
    text = text.replace('url = "http://127.0.0.1:8800"', f'url = "{site.url}"')
    text = text.replace('session = "sessions/wordpress-blog.json"', f'session = "{session}"')
    shutil.copytree(DEMO_PLAN.parent / "media", folder / "media")  # a plan's media lie in its folder
    plan = folder / "plan.toml"
    plan.write_text(text, encoding="utf-8")
    return plan


def test_daemon_publishes_the_demo_plan_exactly_once(wordpress_site: WordPressSite, wp_author_state: dict,
                                                     browser: Browser, author_page: Page, tmp_path: Path) -> None:
    import os

    from scheduler.browser_publisher import BrowserPublisher
    from scheduler.daemon import Daemon, DaemonConfig, load_checked
    from scheduler.journal import Journal
    from scheduler.publishing import draft_for

    site = wordpress_site
    session = tmp_path / "session.json"
    session.write_text(json.dumps(wp_author_state))
    os.chmod(session, 0o600)
    plan_path = _demo_plan_due_now(site, tmp_path, session)
    plan, findings = load_checked(plan_path)  # the daemon's own gate: no rule errors
    assert [f for f in findings if f.severity == "error"] == []
    first, second = plan.posts[0], plan.posts[1]
    site.php("wp_insert_term('Cerita dapur', 'category');")  # the blog's own category (an Editor made it)

    config = DaemonConfig(plan_path=plan_path, state_path=tmp_path / "state.db", failures_dir=tmp_path / "failures")

    def one_pass() -> None:  # its own thread: Playwright's sync API allows one instance per thread
        publisher = BrowserPublisher(config.failures_dir, deadline=config.publish_deadline, plan=plan_path)
        try:
            with Journal(config.state_path) as journal:
                Daemon(config, plan, journal, publisher).step()
        finally:
            publisher.close()

    def run_a_pass() -> None:
        worker = threading.Thread(target=one_pass)
        worker.start()
        worker.join(timeout=config.publish_deadline + 30)
        assert not worker.is_alive()

    run_a_pass()  # the first post is due
    with Journal(config.state_path) as journal:
        row = journal.get(first.id)
        assert row is not None and row.state == "published", row
        assert row.url and row.url.startswith(site.url)
        assert journal.get(second.id).state == "pending"  # not due yet
    stored = _post_json(site, row.remote_id)
    assert (stored["status"], stored["author"], stored["title"]) == ("publish", AUTHOR, "Jam 3 pagi di dapur kami")
    assert stored["categories"] == ["Cerita dapur"] and stored["featured_alt"].startswith("Roti sobek")
    assert stored["excerpt"] and f"jadwal-{first.id}" in stored["content"]

    # jadwal claims the second post, the site publishes it, and jadwal dies before writing that down ...
    with Journal(config.state_path) as journal:
        assert journal.claim(second.id, datetime.now(timezone.utc)) == 1
    assert WordPressAdapter(plan.accounts[second.account]).publish(author_page, draft_for(second)) is not None
    run_a_pass()  # ... the next start looks it up instead of posting it again
    with Journal(config.state_path) as journal:
        assert journal.get(second.id).state == "published"
    assert _with_marker(site, second.id) == 1 and _with_marker(site, first.id) == 1

    # ... and jadwal's comment check reads its comments and finds the one nobody answered yet
    from scheduler.clock import SystemClock
    from scheduler.comments import store
    from scheduler.comments.check import check_comments

    asked, thanked = site.add_comments([
        dict(post_id=row.remote_id, text="Jam berapa toko buka?", user=READER, minutes_ago=3),
        dict(post_id=row.remote_id, text="Wangi sekali!", name="Tamu", minutes_ago=2),
    ])
    site.add_comment(row.remote_id, "Terima kasih!", user=AUTHOR, parent=thanked, minutes_ago=1)
    with Journal(config.state_path) as journal:
        report = check_comments(journal, plan, browser, clock=SystemClock(), failures_dir=config.failures_dir)
        assert report.errors == [] and report.comments == 3
        assert [c.id for c in store.unanswered(journal)] == [asked]
