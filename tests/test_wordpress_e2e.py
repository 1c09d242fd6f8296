"""The wordpress adapter against a real WordPress (Debian 12's), in English and in Indonesian.

Every test runs once per site locale (`en_US`, `id_ID`): the adapter must not
depend on the UI language. Sites come from `scripts/wordpress` (see
`wordpress_site.py`); the browser is real Chromium.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from images import png_bytes
from playwright.sync_api import BrowserContext, Page, expect

from scheduler.errors import LoginFailed, SessionExpired, SiteUnavailable
from scheduler.platforms.base import Credentials, Draft, PublishedRef
from scheduler.platforms.wordpress import WordPressAdapter
from wordpress_site import AUTHOR, READER, WordPressSite, unanswered

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _stamp() -> str:
    return datetime.now().strftime("%H%M%S%f")


def _post_json(site: WordPressSite, post_id: str) -> dict:
    return site.php_json(
        f"$p = get_post({int(post_id)}); echo json_encode(['status' => $p->post_status, 'title' => $p->post_title,"
        " 'author' => get_userdata($p->post_author)->user_login, 'content' => $p->post_content]);"
    )


def test_login_and_session(wordpress_site: WordPressSite, wp_context: BrowserContext) -> None:
    page = wp_context.new_page()
    adapter = WordPressAdapter(wordpress_site.account())
    adapter.login(page, wordpress_site.credentials())
    adapter.check_session(page)
    assert any(c["name"].startswith("wordpress_logged_in_") for c in wp_context.cookies(wordpress_site.url))
    assert page.locator("html").get_attribute("lang") == wordpress_site.locale.replace("_", "-")


def test_wrong_password_is_login_failed(wordpress_site: WordPressSite, wp_context: BrowserContext) -> None:
    page = wp_context.new_page()
    adapter = WordPressAdapter(wordpress_site.account())
    with pytest.raises(LoginFailed, match="refused the login of 'penulis'"):
        adapter.login(page, Credentials(AUTHOR, "not-the-password"))
    with pytest.raises(SessionExpired):
        adapter.check_session(page)


def test_publish_text(wordpress_site: WordPressSite, author_page: Page) -> None:
    # the block editor's welcome guide shows on a first visit (preferences reset) ...
    wordpress_site.php(f"global $wpdb; delete_user_meta({wordpress_site.user_id(AUTHOR)},"
                       " $wpdb->get_blog_prefix() . 'persisted_preferences');")
    author_page.goto(wordpress_site.url + "/wp-admin/post-new.php")
    expect(author_page.locator(".edit-post-welcome-guide")).to_be_visible()

    adapter = WordPressAdapter(wordpress_site.account())
    stamp = _stamp()
    draft = Draft(post_id=f"text-{stamp}", text=f"Roti sobek {stamp} baru keluar\n\nHangat & lembut.\nPesan <sekarang>!")
    assert adapter.publish(author_page, draft, dry_run=True) is None
    assert adapter.find_published(author_page, draft, since=datetime.now(timezone.utc) - timedelta(minutes=1)) is None

    started = time.monotonic()
    ref = adapter.publish(author_page, draft)
    elapsed = time.monotonic() - started
    print(f"\n[{wordpress_site.locale}] publish (text) took {elapsed:.2f} s")

    assert ref is not None and ref.remote_id.isdigit() and ref.url.startswith(wordpress_site.url)
    assert ref.published_at is not None and abs(ref.published_at - datetime.now(timezone.utc)) < timedelta(minutes=2)
    stored = _post_json(wordpress_site, ref.remote_id)
    assert stored["status"] == "publish" and stored["author"] == AUTHOR
    assert stored["title"] == f"Roti sobek {stamp} baru keluar"  # derived from the first line
    assert f"jadwal-text-{stamp}" in stored["content"]
    # ... and the adapter dealt with it: switched off for this user, not assumed away
    guide = author_page.evaluate("() => wp.data.select('core/preferences').get('core/edit-post', 'welcomeGuide')")
    assert guide is False
    expect(author_page.locator(".edit-post-welcome-guide")).to_have_count(0)

    author_page.goto(ref.url)  # what a reader sees
    expect(author_page.locator("h1")).to_contain_text(f"Roti sobek {stamp} baru keluar")
    expect(author_page.locator("main")).to_contain_text("Hangat & lembut.")
    expect(author_page.locator("main")).to_contain_text("Pesan <sekarang>!")


def test_publish_with_title_and_image(wordpress_site: WordPressSite, author_page: Page, tmp_path: Path) -> None:
    image = tmp_path / "roti.png"
    image.write_bytes(png_bytes(24, 16))
    stamp = _stamp()
    draft = Draft(post_id=f"img-{stamp}", text=f"Foto roti {stamp} dari dapur kami.", media=(image,),
                  title=f"Dapur pagi {stamp}")
    adapter = WordPressAdapter(wordpress_site.account())
    count = "echo count(get_posts(['post_type' => 'attachment', 'post_status' => 'any', 'numberposts' => -1]));"
    before = int(wordpress_site.php(count))
    assert adapter.publish(author_page, draft, dry_run=True) is None
    preview = author_page.evaluate("() => wp.data.select('core/editor').getEditorBlocks().map(b => b.name)")
    assert preview == ["core/paragraph", "core/image"]
    assert int(wordpress_site.php(count)) == before  # a dry run uploads nothing

    ref = adapter.publish(author_page, draft)
    assert ref is not None
    assert int(wordpress_site.php(count)) == before + 1
    stored = _post_json(wordpress_site, ref.remote_id)
    assert stored["title"] == f"Dapur pagi {stamp}"
    assert "<!-- wp:image" in stored["content"]

    author_page.goto(ref.url)
    img = author_page.locator("main figure img")
    expect(img).to_have_count(1)
    src = img.get_attribute("src") or ""
    assert re.search(r"/wp-content/uploads/\d{4}/\d{2}/roti[^/]*\.png$", src), src
    served = author_page.request.get(src)
    assert served.ok and served.body() == image.read_bytes()
    attached = wordpress_site.php(f"echo count(get_attached_media('image', {int(ref.remote_id)}));")
    assert attached.strip() == "1"


def test_find_published_after_a_crash(wordpress_site: WordPressSite, author_page: Page) -> None:
    since = datetime.now(timezone.utc)
    stamp = _stamp()
    draft = Draft(post_id=f"crash-{stamp}", text=f"Promo {stamp}: dua roti tawar, satu harga.")
    published = WordPressAdapter(wordpress_site.account()).publish(author_page, draft)
    assert published is not None  # ... and then jadwal "dies" before writing it down

    restarted = WordPressAdapter(wordpress_site.account())  # a new process: new adapter, new page
    page = author_page.context.new_page()
    started = time.monotonic()
    found = restarted.find_published(page, draft, since=since)
    print(f"\n[{wordpress_site.locale}] find_published took {time.monotonic() - started:.2f} s")
    assert found is not None
    assert (found.remote_id, found.url) == (published.remote_id, published.url)

    never = Draft(post_id=f"never-{stamp}", text=f"Promo {stamp}: dua roti tawar, satu harga.", title="Lain")
    assert restarted.find_published(page, never, since=since) is None
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    assert restarted.find_published(page, draft, since=later) is None


def test_unanswered_comments_across_pages_and_reply(wordpress_site: WordPressSite, author_page: Page) -> None:
    site = wordpress_site
    adapter = WordPressAdapter(site.account())
    stamp = _stamp()
    ref = adapter.publish(author_page, Draft(post_id=f"ask-{stamp}", text=f"Roti favorit kalian apa? {stamp}"))
    assert ref is not None

    # Seven comments from readers and guests, one already answered by the author (ten minutes ago,
    # so WordPress's 15 s flood check does not hold up the adapter's own reply below).
    ids = site.add_comments([dict(post_id=ref.remote_id, text=f"Komentar {n} {stamp}: roti keju!",
                                  user=READER if n % 2 else None, name=f"Tamu {n}", minutes_ago=30 - n)
                             for n in range(7)])
    answer = site.add_comment(ref.remote_id, f"Terima kasih {stamp}!", user=AUTHOR, parent=ids[1], minutes_ago=15)
    # a guest who types the author's name is not the account
    ids.append(site.add_comment(ref.remote_id, f"Saya juga penulis {stamp}", name=AUTHOR, minutes_ago=14))
    # the site paginates its comments (5 per page): the reader sees two pages
    author_page.goto(ref.url)
    expect(author_page.locator(f"#comment-{ids[0]}, #comment-{ids[7]}")).to_have_count(1)

    adapter.comments_per_page = 5  # two REST pages as well
    started = time.monotonic()
    comments = adapter.comments(author_page, ref)
    print(f"\n[{site.locale}] comment check ({len(comments)} comments, 2 REST pages) took {time.monotonic() - started:.2f} s")
    assert sorted(c.id for c in comments) == sorted([*ids, answer])
    mine = [c for c in comments if c.author == AUTHOR]
    assert [(c.id, c.parent_id) for c in mine] == [(answer, ids[1])]
    assert {c.text for c in comments} >= {f"Komentar 3 {stamp}: roti keju!"}
    assert next(c.author for c in comments if c.id == ids[7]) == f"{AUTHOR} (guest)"
    waiting = {c.id for c in unanswered(comments, AUTHOR)}
    assert waiting == set(ids) - {ids[1]}

    last = ids[6]  # on the second page
    started = time.monotonic()
    reply = adapter.reply(author_page, ref, last, f"Roti keju ada tiap pagi {stamp}.")
    print(f"\n[{site.locale}] reply took {time.monotonic() - started:.2f} s")
    assert reply.parent_id == last and reply.author == AUTHOR
    # WordPress's flood check (one comment per 15 s for non-moderators) is reported, not papered over
    with pytest.raises(SiteUnavailable, match="too quickly"):
        adapter.reply(author_page, ref, ids[0], f"Roti tawar juga ada {stamp}.")

    after = adapter.comments(author_page, ref)
    stored = next(c for c in after if c.id == reply.id)
    assert (stored.parent_id, stored.author, stored.text) == (last, AUTHOR, f"Roti keju ada tiap pagi {stamp}.")
    assert {c.id for c in unanswered(after, AUTHOR)} == set(ids) - {ids[1], last}
    assert len(after) == len(comments) + 1  # the refused reply is not there


def test_expired_session_is_reported(wordpress_site: WordPressSite, wp_context: BrowserContext) -> None:
    page = wp_context.new_page()
    adapter = WordPressAdapter(wordpress_site.account())
    adapter.login(page, wordpress_site.credentials())
    wordpress_site.end_session(wp_context)  # the server forgets this browser's session
    with pytest.raises(SessionExpired, match="not accepted"):
        adapter.check_session(page)
    with pytest.raises(SessionExpired):
        adapter.publish(page, Draft(post_id="late", text="Tidak akan terbit."))
    with pytest.raises(SessionExpired):
        adapter.comments(page, PublishedRef(remote_id="1", url=wordpress_site.url + "/?p=1"))


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


def test_daemon_publishes_the_demo_plans_first_post(wordpress_site: WordPressSite, wp_author_state: dict,
                                                     browser, tmp_path: Path) -> None:
    import json
    import os

    from scheduler.browser_publisher import BrowserPublisher
    from scheduler.daemon import Daemon, DaemonConfig, load_checked
    from scheduler.journal import Journal

    session = tmp_path / "session.json"
    session.write_text(json.dumps(wp_author_state))
    os.chmod(session, 0o600)
    plan_path = _demo_plan_due_now(wordpress_site, tmp_path, session)
    plan, findings = load_checked(plan_path)  # the daemon's own gate: no rule errors
    assert [f for f in findings if f.severity == "error"] == []
    first = plan.posts[0]

    config = DaemonConfig(plan_path=plan_path, state_path=tmp_path / "state.db", failures_dir=tmp_path / "failures")
    publisher = BrowserPublisher(config.failures_dir, deadline=config.publish_deadline, plan=plan_path)

    def one_pass() -> None:  # its own thread: Playwright's sync API allows one instance per thread
        try:
            with Journal(config.state_path) as journal:
                Daemon(config, plan, journal, publisher).step()  # the first post is due
        finally:
            publisher.close()

    worker = threading.Thread(target=one_pass)
    worker.start()
    worker.join(timeout=config.publish_deadline + 30)
    assert not worker.is_alive()
    with Journal(config.state_path) as journal:
        row = journal.get(first.id)
        assert row is not None and row.state == "published", row
        assert row.url and row.url.startswith(wordpress_site.url)
        assert journal.get(plan.posts[1].id).state != "published"  # not due yet
    stored = _post_json(wordpress_site, row.remote_id)
    assert (stored["status"], stored["author"], stored["title"]) == ("publish", AUTHOR, "Jam 3 pagi di dapur kami")
    assert "<!-- wp:image" in stored["content"] and f"jadwal-{first.id}" in stored["content"]

    # ... and jadwal's comment check reads its comments and finds the one nobody answered yet
    from scheduler.clock import SystemClock
    from scheduler.comments import store
    from scheduler.comments.check import check_comments

    asked, thanked = wordpress_site.add_comments([
        dict(post_id=row.remote_id, text="Jam berapa toko buka?", user=READER, minutes_ago=3),
        dict(post_id=row.remote_id, text="Wangi sekali!", name="Tamu", minutes_ago=2),
    ])
    wordpress_site.add_comment(row.remote_id, "Terima kasih!", user=AUTHOR, parent=thanked, minutes_ago=1)
    with Journal(config.state_path) as journal:
        report = check_comments(journal, plan, browser, clock=SystemClock(), failures_dir=config.failures_dir)
        assert report.errors == [] and report.comments == 3
        assert [c.id for c in store.unanswered(journal)] == [asked]
