"""A hostile or careless plan gets a clear "no" at its file and line, and nothing is read, uploaded or
published (issue 12): media outside the plan's folder or not pictures at all, addresses that are not
web sites. Every path that reads media holds: validate, run --dry-run, calendar, publish (dry or not).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from images import jpeg_bytes, png_bytes

from scheduler.cli import cli
from scheduler.sandbox.server import SandboxServer

ROOT = Path(__file__).parents[1]
KOPI = (ROOT / "plans" / "kopi-senja.toml").read_text(encoding="utf-8")
FIRST_POST = KOPI.splitlines().index("[[post]]") + 1  # the line of the first [[post]] header


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is a failure of its own
    return result


def findings(plan: Path, code: int) -> list[tuple[str, int | None, str, str]]:
    """`jadwal validate --format json`: (rule, line, message, hint) of each finding, the exit code checked."""
    result = invoke("validate", "--format", "json", str(plan))
    assert result.exit_code == code, result.output
    report = json.loads(result.output)
    assert all(f["file"] == str(plan) for f in report["findings"])
    return [(f["rule"], f["line"], f["message"], f["hint"]) for f in report["findings"]]


def kopi(folder: Path, *, media: list[str] | None = None, url: str | None = None, plan_keys: str = "",
         account_keys: str = "") -> Path:
    """The example plan in `folder`, its first post given `media`, its account `url`, extra keys."""
    text = KOPI.replace("[[post]]\n", "[[post]]\n" + (f"media = {json.dumps(media)}\n" if media else ""), 1)
    if url is not None:
        text = text.replace('url = "http://127.0.0.1:8700"', f"url = {json.dumps(url)}")
    text = text.replace("end = 2026-12-31\n", "end = 2026-12-31\n" + plan_keys, 1)
    text = text.replace('handle = "kopisenja"\n', 'handle = "kopisenja"\n' + account_keys, 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kopi.toml"
    path.write_text(text, encoding="utf-8")
    return path


HOSTILE_MEDIA = ["/etc/shadow", "/etc/passwd", "../../../../etc/passwd", "../outside.png"]


@pytest.mark.parametrize("given", HOSTILE_MEDIA)
def test_validate_refuses_media_outside_the_plans_folder(tmp_path: Path, given: str) -> None:
    (tmp_path / "outside.png").write_bytes(png_bytes())
    plan = kopi(tmp_path / "plan", media=[given])
    [(rule, line, message, hint)] = findings(plan, 1)
    assert (rule, line) == ("R1", FIRST_POST)
    assert message == (f"post dec01-edukasi (ig, 2026-12-01 08:00): media file {plan.parent / given} lies outside "
                       f"the folders this plan may take media from ({plan.parent})")
    assert hint.startswith(f"move the file into {plan.parent} (e.g. {plan.parent}/media/), or allow its folder")


def test_the_check_never_opens_a_file_outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Confinement comes first: /etc/shadow is refused without being opened (nor are its headers read)."""
    import scheduler.plan.media as media

    opened: list[str] = []
    real_open = os.open

    def spy(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(media.os, "open", spy)
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "ok.jpg").write_bytes(jpeg_bytes())
    plan = kopi(tmp_path / "plan", media=["/etc/shadow", "ok.jpg"])
    for command in (["validate"], ["run", "--dry-run"], ["calendar", "--html", str(tmp_path / "c.html")]):
        result = invoke(*command, str(plan))
        assert "media file /etc/shadow lies outside" in result.output or command[0] == "calendar", result.output
    assert "/etc/shadow" not in opened and str(tmp_path / "plan" / "ok.jpg") in opened


def test_the_calendar_marks_the_post_and_run_dry_run_refuses(tmp_path: Path) -> None:
    plan = kopi(tmp_path / "plan", media=["../../../../etc/passwd"])
    dry = invoke("run", "--dry-run", str(plan))
    assert dry.exit_code == 1 and "lies outside the folders this plan may take media from" in dry.output
    page = tmp_path / "c.html"
    assert invoke("calendar", str(plan), "--html", str(page)).exit_code == 0
    assert "lies outside the folders this plan may take media from" in page.read_text(encoding="utf-8")


def test_a_text_file_named_like_a_picture_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "latte.jpg").write_text("not a picture", encoding="utf-8")
    plan = kopi(tmp_path / "plan", media=["latte.jpg"])
    [(_rule, line, message, _hint)] = findings(plan, 1)
    assert line == FIRST_POST and message.endswith(
        f"media file {plan.parent / 'latte.jpg'} is not a picture or video by its content "
        "(jadwal takes JPEG, PNG, GIF, WebP, MP4, MOV, WebM)")


def test_media_folders_allow_a_folder_by_name_in_the_plan_or_an_account(tmp_path: Path) -> None:
    for name in ("shared", "brand"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "logo.png").write_bytes(png_bytes())
    plan = kopi(tmp_path / "plan", media=["../shared/logo.png"], plan_keys='media_folders = ["../shared"]\n')
    assert findings(plan, 0) == []
    plan = kopi(tmp_path / "plan", media=["../brand/logo.png"], account_keys='media_folders = ["../brand"]\n')
    assert findings(plan, 0) == []
    plan = kopi(tmp_path / "plan", media=["../brand/logo.png"], plan_keys='media_folders = ["/"]\n')
    line = KOPI.splitlines().index("end = 2026-12-31") + 2
    assert [(f[1], f[2]) for f in findings(plan, 1)] == [(line, "media_folders names /, which is the root of the "
                                                                "file system: every file of the machine could be posted")]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,<b>hi</b>",
                                 "ftp://example.com/", "http://", "//example.com", ""])
def test_an_account_url_must_be_a_web_address(tmp_path: Path, url: str) -> None:
    plan = kopi(tmp_path, url=url)
    line = KOPI.splitlines().index('url = "http://127.0.0.1:8700"') + 1
    assert findings(plan, 2) == [(
        "load", line, f"url in [[account]] is {url!r}: jadwal opens only web addresses (http:// or https://)",
        'write the site\'s address, e.g. url = "https://www.example.com"')]


def test_web_addresses_pass(tmp_path: Path) -> None:
    for url in ("https://www.instagram.com", "HTTP://127.0.0.1:8700/", "http://[::1]:8700"):
        assert findings(kopi(tmp_path, url=url), 0) == [], url


@pytest.mark.slow  # the real command in its own process
@pytest.mark.parametrize("dry", [False, True])
def test_publish_refuses_media_outside_before_any_browser(tmp_path: Path, sandbox: SandboxServer, dry: bool) -> None:
    (tmp_path / "outside.png").write_bytes(png_bytes())
    plan = kopi(tmp_path / "plan", media=["../outside.png"], url=sandbox.url)
    result = subprocess.run([sys.executable, "-m", "scheduler", "publish", str(plan), "--post", "dec01-edukasi",
                             *(["--dry-run"] if dry else [])], cwd=tmp_path / "plan", capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"error: {plan}:{FIRST_POST}: post 'dec01-edukasi': media file {plan.parent / '../outside.png'} lies "
        f"outside the folders this plan may take media from ({plan.parent})")
    assert "Traceback" not in result.stderr
    assert _posts(sandbox) == []
    assert not (tmp_path / "plan" / "jadwal-dry-run").exists()  # no screenshot, no folder


def _posts(server: SandboxServer) -> list[dict]:
    import urllib.request

    with urllib.request.urlopen(server.url + "/api/posts", timeout=10) as answer:
        return json.load(answer)


def test_the_daemons_publisher_checks_again_just_before_the_upload(tmp_path: Path, sandbox: SandboxServer) -> None:
    """A picture swapped for a link to a private file after the plan was loaded: refused as a failure that
    retrying would not help, before any browser starts; nothing reaches the site."""
    from scheduler.runtime.publisher import BrowserPublisher
    from scheduler.errors import PlatformError
    from scheduler.plan import load_plan

    (tmp_path / "plan").mkdir()
    picture = tmp_path / "plan" / "latte.jpg"
    picture.write_bytes(jpeg_bytes())
    plan_path = kopi(tmp_path / "plan", media=["latte.jpg"], url=sandbox.url)
    plan = load_plan(plan_path)
    (tmp_path / "private.jpg").write_bytes(jpeg_bytes())
    picture.unlink()
    picture.symlink_to(tmp_path / "private.jpg")
    publisher = BrowserPublisher(tmp_path / "failures", plan=plan_path)
    with pytest.raises(PlatformError, match="outside the folders this plan may take media from") as raised:
        publisher.publish(plan.accounts["ig"], plan.posts[0])
    assert raised.value.retryable is False and "nothing was uploaded" in raised.value.message
    assert not publisher.active and _posts(sandbox) == []
