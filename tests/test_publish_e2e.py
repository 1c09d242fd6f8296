"""`jadwal login` and `jadwal publish` end to end: the real CLI, real Chromium, the sandbox on 127.0.0.1.

Each fault the sandbox can inject must end in a clear message, an exit code, a
screenshot/trace on disk, and no half state: nothing posted before the submit,
exactly one post after it (never a second one).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from images import png_bytes

from scheduler.sandbox.server import SandboxServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e

PASSWORD_VAR = "JADWAL_TEST_PASSWORD"

PLAN = """\
[plan]
name = "e2e"
goal = "prove publishing works"
timezone = "Asia/Jakarta"
start = 2026-12-01
end = 2026-12-01

[[account]]
id = "kopi"
platform = "sandbox"
url = "{url}"
handle = "kopisenja"
session = "sessions/kopi.json"

[types.education]

[[post]]
id = "hello"
account = "kopi"
at = 2026-12-01T09:00:00
type = "education"
text = "Selamat pagi! Kopi susu gula aren hari ini."

[[post]]
id = "pic"
account = "kopi"
at = 2026-12-01T12:00:00
type = "education"
text = "Latte art kami hari ini."
media = ["pixel.png"]

[[post]]
id = "gone"
account = "kopi"
at = 2026-12-01T15:00:00
type = "education"
text = "This one's picture is missing."
media = ["nowhere.png"]
"""
GONE_LINE = 32  # the [[post]] header of "gone" above


@pytest.fixture
def plan_file(tmp_path: Path, sandbox: SandboxServer) -> Path:
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "pixel.png").write_bytes(png_bytes())
    path = folder / "plan.toml"
    path.write_text(PLAN.format(url=sandbox.url))
    assert PLAN.splitlines()[GONE_LINE - 1] == "[[post]]"
    return path


def jadwal(
    *args: str, cwd: Path, password: str | None = None, unset: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run the real `jadwal` command (its own process, as a user would)."""
    env = {k: v for k, v in os.environ.items() if k not in (PASSWORD_VAR, "JADWAL_SANDBOX_URL", *unset)}
    env["JADWAL_STATE"] = str(cwd / "journals")  # the plan's journal stays in the test's folder
    if password is not None:
        env[PASSWORD_VAR] = password
    return subprocess.run(
        [sys.executable, "-m", "scheduler", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def api_posts(server: SandboxServer) -> list[dict[str, Any]]:
    with urllib.request.urlopen(server.url + "/api/posts", timeout=10) as answer:
        return json.load(answer)


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The error report: from the `error:` line on (log lines before it are not part of it)."""
    lines = result.stderr.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("error: ")]
    assert starts, result.stderr
    return lines[starts[-1]:]


def saved_artifacts(report: list[str]) -> list[Path]:
    saved = [line for line in report if line.startswith("  saved: ")]
    assert len(saved) == 1, report
    return [Path(p) for p in saved[0].removeprefix("  saved: ").split(", ")]


def assert_private(paths: list[Path]) -> None:
    for path in paths:
        assert path.is_file(), path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700, path.parent


def login(plan_file: Path) -> subprocess.CompletedProcess[str]:
    result = jadwal("login", str(plan_file), "--account", "kopi", "--password-env", PASSWORD_VAR,
                    cwd=plan_file.parent, password="kopisenja")
    assert result.returncode == 0, result.stderr
    return result


# -- login --------------------------------------------------------------------------------


def test_login_saves_a_private_session_then_publish_text(plan_file: Path, sandbox: SandboxServer) -> None:
    session = plan_file.parent / "sessions" / "kopi.json"
    result = login(plan_file)
    assert result.stdout == f"logged in account kopi; session saved to {session}\n"
    assert stat.S_IMODE(session.stat().st_mode) == 0o600
    assert stat.S_IMODE(session.parent.stat().st_mode) == 0o700
    assert "kopisenja" not in result.stderr.replace("handle", "")  # neither user nor password echoed
    assert any(c["name"] == "sandbox_session" for c in json.loads(session.read_text())["cookies"])

    result = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert result.returncode == 0, result.stderr
    [post] = api_posts(sandbox)
    assert post["text"] == "Selamat pagi! Kopi susu gula aren hari ini."
    assert post["author"] == "kopisenja"
    assert result.stdout == f"published post hello of account kopi: {post['permalink']}\n"


def test_wrong_password_is_a_clear_login_failure(plan_file: Path, sandbox: SandboxServer) -> None:
    result = jadwal("login", str(plan_file), "--account", "kopi", "--password-env", PASSWORD_VAR,
                    cwd=plan_file.parent, password="not-the-password")
    assert result.returncode == 1
    report = error_lines(result)
    assert report[:2] == [
        "error: the site refused the login of 'kopisenja': Wrong username or password.",
        "  fix: check the user name (--username) and the password in the variable named by --password-env",
    ]
    shots = saved_artifacts(report)
    assert [p.name for p in shots] == ["screenshot.png", "page.html"]  # never traced: a trace records the password
    assert "not-the-password" not in shots[1].read_text()
    assert_private(shots)
    assert "not-the-password" not in result.stdout + result.stderr
    assert not (plan_file.parent / "sessions" / "kopi.json").exists()


def test_password_variable_must_be_set(plan_file: Path) -> None:
    result = jadwal("login", str(plan_file), "--account", "kopi", "--password-env", PASSWORD_VAR,
                    cwd=plan_file.parent)
    assert result.returncode == 1
    assert error_lines(result)[0] == f"error: the environment variable {PASSWORD_VAR} is not set or empty"


def test_interactive_login_without_a_screen_says_what_to_do(plan_file: Path) -> None:
    result = jadwal("login", str(plan_file), "--account", "kopi", "--interactive", cwd=plan_file.parent,
                    unset=("DISPLAY", "WAYLAND_DISPLAY"))
    assert result.returncode == 1
    assert error_lines(result) == [
        "error: --interactive needs a screen for the visible browser, and there is none (DISPLAY is not set)",
        "  fix: run it on a desktop (or over `ssh -X`), then copy the session file; or use --password-env",
    ]


def test_login_needs_exactly_one_way_to_log_in(plan_file: Path) -> None:
    result = jadwal("login", str(plan_file), "--account", "kopi", cwd=plan_file.parent)
    assert result.returncode == 1
    assert error_lines(result)[0] == (
        "error: say how to log in: --password-env VAR (password in that variable) or --interactive"
    )


def test_password_is_never_an_argument(plan_file: Path) -> None:
    result = jadwal("login", str(plan_file), "--account", "kopi", "--password", "kopisenja", cwd=plan_file.parent)
    assert result.returncode == 2
    assert "No such option '--password'" in result.stderr


# -- publish --------------------------------------------------------------------------------


def test_publish_with_an_image(plan_file: Path, sandbox: SandboxServer) -> None:
    login(plan_file)
    result = jadwal("publish", str(plan_file), "--post", "pic", cwd=plan_file.parent)
    assert result.returncode == 0, result.stderr
    [post] = api_posts(sandbox)
    assert post["text"] == "Latte art kami hari ini."
    assert len(post["media"]) == 1 and post["media"][0].endswith(".png"), post["media"]
    with urllib.request.urlopen(post["media_urls"][0], timeout=10) as image:
        assert image.read() == png_bytes()


def test_dry_run_fills_the_form_posts_nothing_and_keeps_a_screenshot(plan_file: Path, sandbox: SandboxServer) -> None:
    login(plan_file)
    shot = plan_file.parent / "what-would-go-out.png"
    result = jadwal("publish", str(plan_file), "--post", "pic", "--dry-run", "--screenshot", str(shot),
                    cwd=plan_file.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"dry run: nothing was posted; screenshot of the filled form: {shot}\n"
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert api_posts(sandbox) == []


def test_dry_run_default_screenshot_path_is_printed(plan_file: Path, sandbox: SandboxServer) -> None:
    login(plan_file)
    result = jadwal("publish", str(plan_file), "--post", "hello", "--dry-run", cwd=plan_file.parent)
    assert result.returncode == 0, result.stderr
    printed = Path(result.stdout.strip().rpartition(": ")[2])
    assert printed.parent == Path("jadwal-dry-run") and printed.name.startswith("hello-")
    assert (plan_file.parent / printed).is_file()
    assert api_posts(sandbox) == []


def test_missing_media_is_reported_at_the_post_line_before_any_browser(plan_file: Path) -> None:
    result = jadwal("publish", str(plan_file), "--post", "gone", cwd=plan_file.parent)
    assert result.returncode == 2
    missing = plan_file.parent / "nowhere.png"
    assert error_lines(result)[:2] == [
        f"error: {plan_file}:{GONE_LINE}: post 'gone': media file {missing} does not exist",
        "  fix: fix the path (relative to the plan file) or add the file",
    ]


def test_unknown_post_id(plan_file: Path) -> None:
    result = jadwal("publish", str(plan_file), "--post", "nope", cwd=plan_file.parent)
    assert result.returncode == 1
    assert error_lines(result)[0] == f"error: {plan_file}: no post with id 'nope' (posts: hello, pic, gone)"


def test_publish_without_a_session_says_to_log_in(plan_file: Path, sandbox: SandboxServer) -> None:
    result = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert result.returncode == 1
    session = plan_file.parent / "sessions" / "kopi.json"
    assert error_lines(result)[:2] == [
        f"error: account kopi has no saved session at {session}",
        f"  fix: log in first: jadwal login {plan_file} --account kopi --password-env JADWAL_PASSWORD (the password "
        f"in $JADWAL_PASSWORD), or jadwal login {plan_file} --account kopi --interactive",
    ]
    assert api_posts(sandbox) == []


def test_expired_session_says_log_in_again(plan_file: Path, sandbox: SandboxServer) -> None:
    login(plan_file)
    sandbox.expire_sessions()
    result = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert result.returncode == 1
    report = error_lines(result)
    assert report[:2] == [
        "error: the saved session of account kopi is no longer accepted "
        "(the site says: Your session has expired. Please log in again.)",
        f"  fix: log in again: jadwal login {plan_file} --account kopi --password-env JADWAL_PASSWORD (the password "
        f"in $JADWAL_PASSWORD), or jadwal login {plan_file} --account kopi --interactive",
    ]
    assert_private(saved_artifacts(report))
    assert api_posts(sandbox) == []


# -- faults -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("faults", "first_line"),
    [
        ({"error_rate": 1.0}, "error: could not open the compose page: the site answered HTTP 500"),
        (
            {"markup_variant": "broken"},
            "error: compose.submit: nothing on the page matches any of the 3 ways the sandbox pack 1.0.0 (built in) "
            'knows to find it (role button "Post" / "Kirim"; test id "post-submit"; css form#compose '
            "button[type=submit])",
        ),
    ],
    ids=["error-rate-1", "markup-broken"],
)
def test_faults_before_submit_fail_clearly_and_post_nothing(
    plan_file: Path, sandbox: SandboxServer, faults: dict[str, Any], first_line: str
) -> None:
    login(plan_file)
    sandbox.set_faults(**faults)
    result = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert result.returncode == 1
    report = error_lines(result)
    assert report[0] == first_line
    artifacts = saved_artifacts(report)
    assert sorted(p.name for p in artifacts) == ["page.html", "screenshot.png", "trace.zip"]
    assert_private(artifacts)
    assert artifacts[0].parent.parent == plan_file.parent / "journals" / "failures"  # next to the journal
    sandbox.set_faults(error_rate=0.0)
    assert api_posts(sandbox) == []


@pytest.mark.parametrize("faults", [{"markup_variant": "renamed"}, {"latency_ms": 300}], ids=["renamed", "latency"])
def test_tolerable_faults_still_publish(plan_file: Path, sandbox: SandboxServer, faults: dict[str, Any]) -> None:
    login(plan_file)
    sandbox.set_faults(**faults)
    result = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert result.returncode == 0, result.stderr
    [post] = api_posts(sandbox)
    assert result.stdout == f"published post hello of account kopi: {post['permalink']}\n"


def test_a_published_post_is_refused_and_again_makes_a_second_copy_on_purpose(
        plan_file: Path, sandbox: SandboxServer) -> None:
    login(plan_file)
    first = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert first.returncode == 0, first.stderr
    [post] = api_posts(sandbox)
    refused = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert refused.returncode == 1 and api_posts(sandbox) == [post]
    assert error_lines(refused)[:2] == [
        f"error: post hello is already published: {post['permalink']}",
        "  fix: nothing to do; to put a second copy of it on the site on purpose, add --again"]
    again = jadwal("publish", str(plan_file), "--post", "hello", "--again", cwd=plan_file.parent)
    assert again.returncode == 0, again.stderr
    second = next(p for p in api_posts(sandbox) if p["id"] != post["id"])
    assert again.stdout == (f"published a SECOND copy of post hello of account kopi: {second['permalink']} "
                            f"(the first is still at {post['permalink']})\n")


@pytest.mark.parametrize(
    ("mode", "first_line"),
    [
        ("500", "post hello: outcome unknown (post hello: the site answered HTTP 500 after submitting)"),
        ("drop", "post hello: outcome unknown (post hello: the connection closed without an answer after "
                 "submitting (Route.fetch: socket hang up (ECONNRESET)))"),
        pytest.param(
            "hang", "post hello: outcome unknown (post hello: no confirmation after submitting: Locator.click: "
                    "Timeout 2000ms exceeded.)",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_crash_after_post_is_looked_up_with_exactly_one_post(
    plan_file: Path, sandbox: SandboxServer, browser: Browser, mode: str, first_line: str
) -> None:
    """The answer after the click is lost: `jadwal publish` asks the site (as the daemon does) and records
    what it finds, instead of leaving the person to guess."""
    login(plan_file)
    since = datetime.now(timezone.utc) - timedelta(seconds=1)
    sandbox.set_faults(crash_after_post={"mode": mode})
    result = jadwal("publish", str(plan_file), "--post", "hello", "--timeout", "2", cwd=plan_file.parent)
    assert result.returncode == 0, result.stderr
    assert first_line in result.stderr
    [post] = api_posts(sandbox)  # saved once: the browser did not send the form again
    assert post["text"] == "Selamat pagi! Kopi susu gula aren hari ini."
    assert result.stdout == (f"published post hello of account kopi (the site's answer was lost; jadwal found it "
                             f"on the site): {post['permalink']}\n")
    again = jadwal("publish", str(plan_file), "--post", "hello", cwd=plan_file.parent)
    assert again.returncode == 1 and f"is already published: {post['permalink']}" in again.stderr

    # crash recovery: the post is found on the site by its text
    from scheduler.browser import account_page, close_account_pages
    from scheduler.plan import load_plan
    from scheduler.platforms.sandbox import SandboxAdapter
    from scheduler.publishing import draft_for, find_post

    plan = load_plan(plan_file)
    account = plan.accounts["kopi"]
    with account_page(browser, account, failures_dir=plan_file.parent / "f", label="find") as page:
        adapter = SandboxAdapter(account)
        found = adapter.find_published(page, draft_for(find_post(plan, "hello")), since=since)
        assert found is not None
        assert (found.remote_id, found.url) == (str(post["id"]), post["permalink"])
        later = datetime.now(timezone.utc) + timedelta(seconds=5)
        assert adapter.find_published(page, draft_for(find_post(plan, "hello")), since=later) is None
        assert adapter.find_published(page, draft_for(find_post(plan, "pic")), since=since) is None
    assert api_posts(sandbox) == [post]  # looking up posts nothing
    close_account_pages(browser)


def test_dropped_connection_after_an_upload_still_leaves_one_post_with_its_image(
    plan_file: Path, sandbox: SandboxServer
) -> None:
    login(plan_file)
    sandbox.set_faults(crash_after_post={"mode": "drop"})
    result = jadwal("publish", str(plan_file), "--post", "pic", cwd=plan_file.parent)
    assert result.returncode == 0, result.stderr  # looked up: found
    assert "post pic: outcome unknown (post pic: the connection closed without an answer" in result.stderr
    [post] = api_posts(sandbox)
    with urllib.request.urlopen(post["media_urls"][0], timeout=10) as image:
        assert image.read() == png_bytes()


class _DroppingSite:
    """A bare HTTP/1.1 keep-alive site whose compose form saves the post, then drops the connection.

    Unlike the sandbox, it does not recognise Chromium's automatic re-send of such
    a POST: every POST that arrives counts as a post, as on a real site.
    """

    FORM = (
        b'<!doctype html><title>Compose</title><form method="post" enctype="multipart/form-data">'
        b'<label for="t">Post text</label><textarea id="t" name="text"></textarea>'
        b'<label for="i">Image</label><input id="i" type="file" name="image">'
        b'<button data-testid="post-submit">Post</button></form>'
    )

    def __init__(self) -> None:
        import http.server
        import socket
        import threading

        site = self
        self.posts: list[bytes] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive: the POST goes out on a reused connection

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(site.FORM)))
                self.end_headers()
                self.wfile.write(site.FORM)

            def do_POST(self) -> None:
                site.posts.append(self.rfile.read(int(self.headers["Content-Length"])))
                self.connection.shutdown(socket.SHUT_RDWR)  # saved, but not a byte of answer
                self.close_connection = True

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_dropped_connection_never_makes_the_browser_post_twice(tmp_path: Path, browser: Browser) -> None:
    from scheduler.browser import Timeouts, account_page
    from scheduler.errors import OutcomeUnknown
    from scheduler.plan.model import Account
    from scheduler.platforms.base import Draft
    from scheduler.platforms.sandbox import SandboxAdapter

    site = _DroppingSite()
    try:
        account = Account("kopi", "sandbox", site.url, "kopisenja", None, 1)
        image = tmp_path / "pixel.png"
        image.write_bytes(png_bytes())
        with pytest.raises(OutcomeUnknown) as info:
            with account_page(browser, account, failures_dir=tmp_path / "f", label="drop", reuse=False,
                              storage_state_required=False, timeouts=Timeouts.uniform(5)) as page:
                SandboxAdapter(account).publish(page, Draft("p1", "only once, please", (image,)))
        assert info.value.message.startswith("post p1: the connection closed without an answer after submitting")
        assert len(site.posts) == 1  # Chromium alone would have sent the form a second time
        assert b"only once, please" in site.posts[0] and png_bytes() in site.posts[0]  # the image's bytes too
    finally:
        site.close()


def test_a_post_the_site_refuses_says_why(tmp_path: Path, sandbox: SandboxServer, browser: Browser) -> None:
    from scheduler.browser import account_page
    from scheduler.errors import PlatformError
    from scheduler.plan.model import Account
    from scheduler.platforms.base import Credentials, Draft
    from scheduler.platforms.sandbox import SandboxAdapter

    account = Account("kopi", "sandbox", sandbox.url, "kopisenja", None, 1)
    fake = tmp_path / "photo.png"
    fake.write_bytes(b"just text, named like an image")
    adapter = SandboxAdapter(account)
    with pytest.raises(PlatformError) as info:
        with account_page(browser, account, failures_dir=tmp_path / "f", label="refused", load_session=False,
                          reuse=False) as page:
            adapter.login(page, Credentials("kopisenja", "kopisenja"))
            adapter.publish(page, Draft("p1", "a picture", (fake,)))
    assert type(info.value) is PlatformError  # refused: nothing went live, not OutcomeUnknown
    assert info.value.message == (
        "post p1: the site refused it (HTTP 400): Only PNG, JPEG, GIF and WebP images can be posted."
    )
    assert api_posts(sandbox) == []


@pytest.mark.parametrize("ui", ["en", "id"])
def test_reading_back_comments_replies_followers_and_old_posts(
    tmp_path: Path, sandbox: SandboxServer, browser: Browser, ui: str
) -> None:
    """What the daemon reads later: every page of comments with their threads, replies, followers,
    and a post found again on the second page of the profile; in the site's English and Indonesian UI."""
    from sandbox_client import Client

    from scheduler.browser import account_page, close_account_pages
    from scheduler.plan.model import Account
    from scheduler.platforms.base import Draft, PublishedRef
    from scheduler.platforms.sandbox import SandboxAdapter
    from scheduler.runtime.sessions import login_account

    owner, fan = Client(sandbox.url), Client(sandbox.url)
    owner.login("kopisenja")
    fan.login("fan")
    owner.compose("the oldest post")
    for n in range(22):  # 20 per profile page: the oldest is on page 2
        owner.compose(f"filler {n}")
    posts = api_posts(sandbox)
    oldest = posts[0]
    for n in range(53):  # 50 top-level comments per page
        fan.get(f"/p/{oldest['id']}")
        fan.post(f"/p/{oldest['id']}/comments", {"text": f"comment {n}"})
    last_top = api_posts(sandbox)[0]["comments"][-1]
    fan.get(f"/p/{oldest['id']}/reply/{last_top['id']}")
    fan.post(f"/p/{oldest['id']}/reply/{last_top['id']}", {"text": "a fan's reply"})
    fan.get("/u/kopisenja")
    fan.post("/u/kopisenja/follow", {"action": "follow"})

    plan_dir = tmp_path / "plan"
    plan_dir.mkdir()
    (plan_dir / "plan.toml").write_text(PLAN.format(url=sandbox.url))
    from scheduler.plan import load_plan

    plan = load_plan(plan_dir / "plan.toml")
    sandbox.set_faults(ui_language=ui)
    login_account(plan, "kopi", password="kopisenja", failures_dir=tmp_path / "f", browser=browser)
    account: Account = plan.accounts["kopi"]
    adapter = SandboxAdapter(account)
    ref = PublishedRef(str(oldest["id"]), oldest["permalink"])
    with account_page(browser, account, failures_dir=tmp_path / "f", label="read") as page:
        comments = adapter.comments(page, ref)
        assert len(comments) == 54
        assert [c.text for c in comments if c.parent_id is None] == [f"comment {n}" for n in range(53)]
        [fan_reply] = [c for c in comments if c.parent_id is not None]
        assert (fan_reply.author, fan_reply.text, fan_reply.parent_id) == ("fan", "a fan's reply", str(last_top["id"]))

        mine = adapter.reply(page, ref, str(last_top["id"]), "Terima kasih!")
        assert (mine.author, mine.text, mine.parent_id) == ("kopisenja", "Terima kasih!", str(last_top["id"]))
        assert mine.id not in {c.id for c in comments}

        assert adapter.metrics(page) == {"followers": 1.0}

        since = datetime.fromisoformat(oldest["created_at"]) - timedelta(seconds=1)
        found = adapter.find_published(page, Draft("x", "the  oldest\npost"), since=since)
        assert found is not None and (found.remote_id, found.url) == (str(oldest["id"]), oldest["permalink"])
        newer = datetime.fromisoformat(posts[1]["created_at"])
        assert adapter.find_published(page, Draft("x", "the oldest post"), since=newer) is None
    close_account_pages(browser)
    api_replies = [c for c in api_posts(sandbox)[0]["comments"] if c["author"] == "kopisenja"]
    assert [(str(c["id"]), c["parent_id"]) for c in api_replies] == [(mine.id, last_top["id"])]
