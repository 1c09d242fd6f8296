"""The sandbox social site over real HTTP on 127.0.0.1, plus one check in real Chromium."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from images import png_bytes
from sandbox_client import Client

from scheduler.sandbox import db
from scheduler.sandbox.faults import Faults, FaultError
from scheduler.sandbox.server import SandboxServer


def logged_in(srv: SandboxServer, name: str = "kopisenja") -> Client:
    client = Client(srv.url)
    assert client.login(name).status == 200
    return client


def api_posts(srv: SandboxServer) -> list[dict]:
    return Client(srv.url).get("/api/posts").json()


# --- login and sessions ---------------------------------------------------------


def test_login_form_sets_httponly_cookie_and_goes_to_next(sandbox: SandboxServer) -> None:
    client = Client(sandbox.url)
    page = client.get("/login?next=/compose")
    assert '<label for="username">Username</label>' in page.body
    assert '<label for="password">Password</label>' in page.body
    assert client.csrf and "<button type=\"submit\" class=\"primary\">Log in</button>" in page.body
    anonymous = client.cookie("sandbox_session")
    done = client.post("/login", {"username": "kopisenja", "password": "kopisenja", "next": "/compose"}, follow=False)
    assert done.status == 302 and done.location.endswith("/compose")
    cookie = client.cookie("sandbox_session")
    assert cookie is not None and anonymous is not None and cookie.value != anonymous.value  # rotated
    assert "httponly" in done.headers["Set-Cookie"].lower()
    home = client.get("/")
    assert '<span data-testid="current-user">kopisenja</span>' in home.body and "Log out" in home.body


def test_wrong_password_is_401_with_alert(sandbox: SandboxServer) -> None:
    reply = Client(sandbox.url).login("kopisenja", "nope")
    assert reply.status == 401
    assert '<div class="alert" role="alert">Wrong username or password.</div>' in reply.body
    assert Client(sandbox.url).login("nobody", "nobody").status == 401


def test_login_without_csrf_token_is_refused(sandbox: SandboxServer) -> None:
    client = Client(sandbox.url)
    client.get("/login")
    reply = client.post("/login", {"username": "fan", "password": "fan", "csrf_token": "forged"})
    assert reply.status == 400 and 'role="alert"' in reply.body
    assert "current-user" not in client.get("/").body


def test_forged_csrf_on_compose_creates_nothing(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    reply = client.post("/compose", {"text": "forged", "csrf_token": "x"})
    assert reply.status == 400 and api_posts(sandbox) == []


def test_pages_needing_login_redirect_to_login(sandbox: SandboxServer) -> None:
    reply = Client(sandbox.url).get("/compose", follow=False)
    assert reply.status == 302 and reply.location.endswith("/login?next=%2Fcompose")


def test_expired_session_redirects_with_message(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    assert client.get("/compose").url.endswith("/compose")
    assert sandbox.expire_sessions() >= 1
    reply = client.get("/compose", follow=False)
    assert reply.status == 302 and reply.location.endswith("/login?next=%2Fcompose&expired=1")
    page = client.get(reply.location.removeprefix(sandbox.url))
    assert 'role="alert">Your session has expired. Please log in again.' in page.body
    assert client.post("/login", {"username": "kopisenja", "password": "kopisenja"}).status == 200
    assert client.get("/compose").url.endswith("/compose")


def test_session_ttl_expires_existing_sessions(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    sandbox.set_faults(session_ttl=0)
    assert "expired=1" in client.get("/compose", follow=False).location
    sandbox.set_faults(session_ttl=3600)
    assert logged_in(sandbox).get("/compose").status == 200


def test_logout_ends_the_session(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    client.get("/")
    client.post("/logout")
    assert "current-user" not in client.get("/").body
    assert client.get("/compose", follow=False).status == 302


def test_every_logged_in_page_has_the_nav(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox, "fan")
    client.compose("a post")
    client.get("/p/1")
    client.post("/p/1/comments", {"text": "a comment"})
    for path in ("/", "/compose", "/p/1", "/p/1/reply/1", "/u/kopisenja", "/u/fan"):
        body = client.get(path).body
        assert '<span data-testid="current-user">fan</span>' in body, path
        assert '<button type="submit" class="link-button">Log out</button>' in body, path


def test_users_are_created_with_hashed_passwords(sandbox_factory) -> None:
    srv = sandbox_factory(users={"shop": "s3cret"})
    conn = db.connect(srv.app.extensions["sandbox"].db_path)
    stored = conn.execute("SELECT password_hash FROM users WHERE name = 'shop'").fetchone()[0]
    conn.close()
    assert "s3cret" not in stored and stored.startswith("pbkdf2:sha256:")
    assert Client(srv.url).login("shop", "s3cret").status == 200
    assert Client(srv.url).login("kopisenja").status == 401


# --- compose, permalink, media ------------------------------------------------


def test_compose_creates_post_with_permalink_and_one_time_status(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    form = client.get("/compose").body
    assert 'enctype="multipart/form-data"' in form and '<label for="text">Post text</label>' in form
    assert 'data-testid="post-submit">Post</button>' in form and 'maxlength="2000"' in form
    reply = client.compose("Kopi pagi\r\nat <b>Senja</b>", follow=False)
    assert reply.status == 303
    post_id = int(reply.location.rsplit("/", 1)[1])
    page = client.get(f"/p/{post_id}")
    assert '<div class="notice" role="status">Your post is live.</div>' in page.body
    assert f'data-testid="post" data-post-id="{post_id}"' in page.body
    assert 'data-testid="post-author" href="/u/kopisenja">kopisenja</a>' in page.body
    assert 'data-testid="post-text">Kopi pagi\nat &lt;b&gt;Senja&lt;/b&gt;</p>' in page.body
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[^"]+\+00:00">', page.body)
    assert "Your post is live." not in client.get(f"/p/{post_id}").body  # only right after posting
    assert api_posts(sandbox)[0]["text"] == "Kopi pagi\nat <b>Senja</b>"


def test_text_length_limit(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    too_long = client.compose("x" * 2001)
    assert too_long.status == 400 and 'role="alert">Your post is 2001 characters long; the limit is 2000.' in too_long.body
    assert client.compose("").status == 400
    assert client.compose("y" * 1999 + "\r\n").status == 200  # CRLF counts as one character
    assert [len(p["text"]) for p in api_posts(sandbox)] == [2000]


def test_image_upload_is_stored_and_served(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    image = png_bytes()
    reply = client.compose("with a picture", files={"image": ("kopi senja.png", image)})
    assert reply.status == 200 and 'data-testid="post-image"' in reply.body
    post = api_posts(sandbox)[0]
    assert post["media"] == ["kopi_senja.png"]
    served = Client(sandbox.url).request(post["media_urls"][0].removeprefix(sandbox.url))
    assert served.status == 200 and served.headers["Content-Type"] == "image/png"
    stored = list((sandbox.data_dir / "media").iterdir())
    assert [p.read_bytes() for p in stored] == [image] and served.body.startswith("\ufffdPNG")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just text, named like an image", "Only PNG, JPEG, GIF and WebP images can be posted."),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024), "The image is larger than 5 MB."),
    ],
)
def test_image_upload_rejects_wrong_type_and_size(sandbox: SandboxServer, content: bytes, message: str) -> None:
    client = logged_in(sandbox)
    reply = client.compose("bad image", files={"image": ("photo.png", content)})
    assert reply.status == 400 and f'role="alert">{message}' in reply.body
    assert api_posts(sandbox) == []


def test_unknown_post_is_404(sandbox: SandboxServer) -> None:
    reply = Client(sandbox.url).get("/p/999")
    assert reply.status == 404 and 'role="alert">This post does not exist.' in reply.body


# --- API -----------------------------------------------------------------------


def test_api_shapes_and_author_filter(sandbox: SandboxServer) -> None:
    logged_in(sandbox).compose("first from kopisenja")
    fan = logged_in(sandbox, "fan")
    fan.compose("hello from fan")
    posts = api_posts(sandbox)
    assert [p["text"] for p in posts] == ["first from kopisenja", "hello from fan"]  # oldest first
    post = posts[0]
    assert set(post) >= {"id", "author", "text", "media", "created_at", "permalink", "comments"}
    assert post["permalink"] == f"{sandbox.url}/p/{post['id']}"
    assert datetime.fromisoformat(post["created_at"]).utcoffset() == timezone.utc.utcoffset(None)
    fan.get(f"/p/{post['id']}")
    fan.post(f"/p/{post['id']}/comments", {"text": "nice"})
    comment = api_posts(sandbox)[0]["comments"][0]
    assert set(comment) == {"id", "author", "text", "parent_id", "created_at"}
    assert (comment["author"], comment["text"], comment["parent_id"]) == ("fan", "nice", None)
    only_fan = Client(sandbox.url).get("/api/posts?author=fan").json()
    assert [p["author"] for p in only_fan] == ["fan"]
    user = Client(sandbox.url).get("/api/users/kopisenja")
    assert user.json() == {"name": "kopisenja", "followers": 0, "following": 0}
    missing = Client(sandbox.url).get("/api/users/ghost")
    assert missing.status == 404 and "error" in missing.json()


# --- comments, replies, pagination ---------------------------------------------


def test_comments_and_threaded_replies(sandbox: SandboxServer) -> None:
    logged_in(sandbox).compose("What should we brew next?")
    post_id = api_posts(sandbox)[0]["id"]
    fan = logged_in(sandbox, "fan")
    page = fan.get(f"/p/{post_id}").body
    assert '<label for="comment-text">Add a comment</label>' in page and ">Comment</button>" in page
    fan.post(f"/p/{post_id}/comments", {"text": "Aren dark roast!"})
    top = api_posts(sandbox)[0]["comments"][0]
    owner = logged_in(sandbox)
    form = owner.get(f"/p/{post_id}/reply/{top['id']}")
    assert '<label for="reply-text">Your reply</label>' in form.body and ">Reply</button>" in form.body
    done = owner.post(f"/p/{post_id}/reply/{top['id']}", {"text": "Noted, thank you"}, follow=False)
    assert done.status == 303 and "#c" in done.location
    reply = api_posts(sandbox)[0]["comments"][1]
    fan.get(f"/p/{post_id}/reply/{reply['id']}")
    fan.post(f"/p/{post_id}/reply/{reply['id']}", {"text": "Yay"})
    comments = api_posts(sandbox)[0]["comments"]
    assert [(c["author"], c["parent_id"]) for c in comments] == [
        ("fan", None), ("kopisenja", top["id"]), ("fan", reply["id"])
    ]
    html = Client(sandbox.url).get(f"/p/{post_id}").body
    # nested: the reply's <li> sits inside its parent's <li>, the reply-to-reply inside that
    outer = html.index(f'data-comment-id="{top["id"]}" data-parent-id=""')
    inner = html.index(f'data-comment-id="{reply["id"]}" data-parent-id="{top["id"]}"')
    innermost = html.index(f'data-parent-id="{reply["id"]}"')
    assert outer < inner < innermost
    assert html.count("</li>") == 3 and html.index("</li>") > innermost


def test_comment_on_missing_or_foreign_comment_is_404(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    client.compose("one")
    client.compose("two")
    first, second = (p["id"] for p in api_posts(sandbox))
    client.get(f"/p/{first}")
    client.post(f"/p/{first}/comments", {"text": "on one"})
    cid = api_posts(sandbox)[0]["comments"][0]["id"]
    assert client.get(f"/p/{second}/reply/{cid}").status == 404
    assert client.get(f"/p/{first}/reply/9999").status == 404


def test_comment_pagination_50_per_page_oldest_first(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox, "fan")
    client.compose("popular post")
    post_id = api_posts(sandbox)[0]["id"]
    conn = db.connect(sandbox.app.extensions["sandbox"].db_path)
    first = None
    for n in range(120):
        cid = db.add_comment(conn, post_id, 2, f"comment {n}", None)
        first = first or cid
    db.add_comment(conn, post_id, 1, "reply to the first", first)
    conn.close()

    def top_texts(body: str) -> list[str]:
        return re.findall(r'data-parent-id="">.*?data-testid="comment-text">(comment \d+)<', body, re.S)

    page1 = client.get(f"/p/{post_id}").body
    assert top_texts(page1) == [f"comment {n}" for n in range(50)]
    assert "reply to the first" in page1
    assert '<a href="?page=2">Next page</a>' in page1 and "Previous page" not in page1
    page3 = client.get(f"/p/{post_id}?page=3").body
    assert top_texts(page3) == [f"comment {n}" for n in range(100, 120)]
    assert '<a href="?page=2">Previous page</a>' in page3 and "Next page" not in page3
    # a new reply to a comment on page 3 lands on page 3
    target = api_posts(sandbox)[0]["comments"][110]["id"]
    client.get(f"/p/{post_id}/reply/{target}")
    done = client.post(f"/p/{post_id}/reply/{target}", {"text": "late reply"}, follow=False)
    assert "?page=3#c" in done.location


# --- profiles and follows -------------------------------------------------------


def test_follow_and_unfollow(sandbox: SandboxServer) -> None:
    fan = logged_in(sandbox, "fan")
    profile = fan.get("/u/kopisenja").body
    assert '<strong data-testid="followers">0</strong>' in profile and ">Follow</button>" in profile
    fan.post("/u/kopisenja/follow", {"action": "follow"})
    assert Client(sandbox.url).get("/api/users/kopisenja").json()["followers"] == 1
    assert Client(sandbox.url).get("/api/users/fan").json()["following"] == 1
    profile = fan.get("/u/kopisenja").body
    assert '<strong data-testid="followers">1</strong>' in profile and ">Unfollow</button>" in profile
    fan.post("/u/kopisenja/follow", {"action": "unfollow"})
    assert Client(sandbox.url).get("/api/users/kopisenja").json()["followers"] == 0
    own = logged_in(sandbox).get("/u/kopisenja").body
    assert "Follow</button>" not in own  # no following yourself


def test_profile_lists_posts_newest_first_20_per_page(sandbox: SandboxServer) -> None:
    conn = db.connect(sandbox.app.extensions["sandbox"].db_path)
    for n in range(25):
        db.create_post(conn, 1, f"post {n}", [])
    conn.close()
    page1 = Client(sandbox.url).get("/u/kopisenja").body
    texts = re.findall(r'data-testid="post-text">(post \d+)<', page1)
    assert texts == [f"post {n}" for n in range(24, 4, -1)]
    assert 'data-testid="post-permalink" href="/p/25"' in page1
    assert '<a href="?page=2">Next page</a>' in page1
    page2 = Client(sandbox.url).get("/u/kopisenja?page=2").body
    assert re.findall(r'data-testid="post-text">(post \d+)<', page2) == [f"post {n}" for n in range(4, -1, -1)]
    assert Client(sandbox.url).get("/u/ghost").status == 404


# --- faults ---------------------------------------------------------------------


def test_admin_endpoint_sets_validates_and_resets_faults(sandbox: SandboxServer) -> None:
    admin = Client(sandbox.url)
    state = admin.post_json("/_admin/faults", {"latency_ms": 5, "crash_after_post": {"mode": "500", "times": 2}})
    assert state.status == 200
    assert state.json()["latency_ms"] == 5 and state.json()["crash_after_post"] == {"mode": "500", "times": 2}
    bad = admin.post_json("/_admin/faults", {"error_rate": 2})
    assert bad.status == 400 and "error_rate" in bad.json()["error"]
    assert admin.post_json("/_admin/faults", {"nonsense": 1}).status == 400
    assert admin.post_json("/_admin/faults", {"markup_variant": "weird"}).status == 400
    assert admin.request("/_admin/faults", b"latency_ms=1", method="POST").status == 415
    reset = admin.post_json("/_admin/reset-faults", {}).json()
    assert reset == Faults().snapshot()
    logged_in(sandbox)
    assert admin.post_json("/_admin/expire-sessions", {}).json()["expired"] >= 1


def test_latency_delays_requests(sandbox_factory) -> None:
    srv = sandbox_factory(latency_ms=300)
    start = time.perf_counter()
    Client(srv.url).get("/api/posts")
    assert time.perf_counter() - start >= 0.3
    srv.set_faults(latency_ms=0)
    start = time.perf_counter()
    Client(srv.url).get("/api/posts")
    assert time.perf_counter() - start < 0.3


def test_error_rate_hits_pages_before_side_effects_not_api(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    client.get("/compose")
    sandbox.set_faults(error_rate=1.0)
    page = client.post("/compose", {"text": "should not exist"})
    assert page.status == 500 and 'role="alert">Something went wrong' in page.body
    assert client.get("/login").status == 500
    assert client.get("/api/posts").json() == []  # API and admin are never faulted
    assert client.post_json("/_admin/faults", {"error_rate": 0}).status == 200
    assert client.get("/").status == 200


def test_error_rate_is_a_share_and_seeded() -> None:
    def rolls(seed: int) -> list[bool]:
        faults = Faults(seed=seed, error_rate=0.3)
        return [faults.roll_error() for _ in range(1000)]

    assert rolls(7) == rolls(7) != rolls(8)
    assert 250 < sum(rolls(7)) < 350
    with pytest.raises(FaultError):
        Faults(crash_after_post={"mode": "explode"})


def test_crash_500_commits_the_post(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    sandbox.set_faults(crash_after_post="500")
    reply = client.compose("accepted then 500")
    assert reply.status == 500 and "Your post is live." not in reply.body
    assert [p["text"] for p in api_posts(sandbox)] == ["accepted then 500"]
    assert client.compose("next one is fine").status == 200  # times defaults to 1


def test_crash_drop_closes_connection_without_answer(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    sandbox.set_faults(crash_after_post={"mode": "drop", "times": 1})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        client.compose("accepted then dropped")
    assert [p["text"] for p in api_posts(sandbox)] == ["accepted then dropped"]
    assert sandbox.faults.snapshot()["crash_after_post"] is None


@pytest.mark.slow  # waits out a hung request
def test_crash_hang_never_answers_but_commits(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    client.get("/compose")
    sandbox.set_faults(crash_after_post="hang")
    client.timeout = 1.0
    with pytest.raises((TimeoutError, socket.timeout)):
        client.post("/compose", {"text": "accepted then hung"})
    assert [p["text"] for p in api_posts(sandbox)] == ["accepted then hung"]
    start = time.perf_counter()
    sandbox.stop()  # wakes the hung handler instead of waiting 120 s
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    ("variant", "expected", "absent"),
    [
        ("normal", 'data-testid="post-submit">Post</button>', "Publish"),
        ("renamed", 'data-testid="post-submit">Publish</button>', ">Post</button>"),
        ("broken", 'class="primary pill">Share now</button>', 'data-testid="post-submit"'),
    ],
)
def test_markup_variants(sandbox: SandboxServer, variant: str, expected: str, absent: str) -> None:
    client = logged_in(sandbox)
    sandbox.set_faults(markup_variant=variant)
    form = client.get("/compose").body
    assert expected in form and absent not in form
    if variant == "renamed":
        assert form.index("Publish</button>") < form.index("<textarea")
    assert client.post("/compose", {"text": f"via {variant}"}).status == 200  # the form still works


# --- the command line -----------------------------------------------------------


def test_cli_prints_url_serves_and_stops_on_sigterm(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "scheduler", "sandbox", "--port", "0", "--data", str(tmp_path / "data"),
         "--user", "shop:pw", "--markup-variant", "renamed", "--crash-after-post", "drop", "--session-ttl", "60"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        first = proc.stdout.readline().strip()  # type: ignore[union-attr]
        match = re.fullmatch(r"jadwal sandbox running at (http://127\.0\.0\.1:\d+)", first)
        assert match, first
        client = Client(match.group(1))
        assert client.get("/api/posts").json() == []
        assert client.get("/api/users/shop").json()["name"] == "shop"
        assert client.get("/api/users/kopisenja").status == 404  # --user replaces the defaults
        faults = client.get("/_admin/faults").json()
        assert faults["markup_variant"] == "renamed" and faults["session_ttl"] == 60
        assert faults["crash_after_post"]["mode"] == "drop"
    finally:
        proc.terminate()
        code = proc.wait(timeout=10)
    assert code == 0
    assert (tmp_path / "data" / "sandbox.sqlite3").is_file()


def test_cli_refuses_public_host_without_flag(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", "sandbox", "--host", "0.0.0.0", "--data", str(tmp_path)],
        capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 2 and "--public" in done.stderr and done.stdout == ""


# --- real Chromium: the contract's locators -------------------------------------


@pytest.mark.e2e
def test_browser_logs_in_and_posts_with_contract_locators(sandbox: SandboxServer, page) -> None:
    from playwright.sync_api import expect

    page.goto(sandbox.url + "/compose")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fcompose$"))
    page.get_by_label("Username").fill("kopisenja")
    page.get_by_label("Password").fill("kopisenja")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("current-user")).to_have_text("kopisenja")
    page.get_by_label("Post text").fill("Fresh from the browser\nsecond line")
    page.get_by_label("Image").set_input_files(
        files=[{"name": "cup.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Your post is live.")
    post = page.get_by_test_id("post")
    expect(post.get_by_test_id("post-text")).to_have_text("Fresh from the browser\nsecond line")
    expect(post.get_by_test_id("post-author")).to_have_text("kopisenja")
    [api] = api_posts(sandbox)
    assert page.url == api["permalink"] and post.get_attribute("data-post-id") == str(api["id"])
    assert api["text"] == "Fresh from the browser\nsecond line" and api["media"] == ["cup.png"]


@pytest.mark.e2e
def test_browser_sees_no_answer_after_drop_and_the_post_exists_once(sandbox: SandboxServer, page) -> None:
    """Chromium re-sends a POST whose kept-alive connection closed unanswered; the site must
    not turn that into a second post (the crash is "accepted, confirmation lost")."""
    from playwright.sync_api import Error, expect

    page.goto(sandbox.url + "/login?next=/compose")
    page.get_by_label("Username").fill("fan")
    page.get_by_label("Password").fill("fan")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Post text").fill("dropped on the way back")
    sandbox.set_faults(crash_after_post={"mode": "drop", "times": 1})
    with pytest.raises(Error, match="ERR_EMPTY_RESPONSE"):
        with page.expect_navigation():
            page.get_by_test_id("post-submit").click()
    expect(page.get_by_role("status")).to_have_count(0)
    assert [p["text"] for p in api_posts(sandbox)] == ["dropped on the way back"]
