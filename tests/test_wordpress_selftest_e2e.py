"""`jadwal selftest` for WordPress: the real CLI, real Chromium, a real WordPress in English and Indonesian.

- every step passes (the login page walked up to typing, the session, the user's rights, the categories
  and tags, the REST preflight, the post as it would be sent, the latest post's comments), each with its
  private screenshot, and nothing is created on the site: no post, no auto-draft, no picture, no term;
- a login page a security plugin moved, with no `login_url` on the account, fails selftest at the login
  step with that step's screenshot; `login_url` repairs it;
- a login form drawn differently (the user field's id changed, the Log In button is another button) is
  caught by a later fallback where one fits and fails at the login step where none does; a user pack
  with the new button repairs it, for selftest and for `jadwal login`.

Sites are the session's (`wordpress_site`, one per locale); the author's session is logged in once per
site through the adapter (`wp_author_state`).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser
from test_publish_e2e import PASSWORD_VAR, jadwal

from wordpress_site import AUTHOR, WordPressSite

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DEMO_PLAN = Path(__file__).resolve().parent.parent / "plans" / "wordpress-demo.toml"
#: the post selftest rehearses with: a picture with alt text, an existing category, tags
POST = "1201-pagi"
STEPS = ["login.page", "session.check", "publish.rights", "publish.terms", "publish.preflight", "publish.preview",
         "profile.latest", "post.comments"]
LOGIN_KEYS = ["login.form", "login.username", "login.password", "login.submit", "login.remember", "login.redirect"]


@pytest.fixture(scope="module")
def authors_post(wordpress_site: WordPressSite) -> str:
    """A post of the author's on the site, with a reader's comment: the comment-reading steps read one."""
    site = wordpress_site
    post_id = site.php(f"echo wp_insert_post(['post_title' => 'Roti kemarin', 'post_content' => 'Isi.',"
                       f" 'post_status' => 'publish', 'post_author' => {site.user_id(AUTHOR)}]);")
    site.add_comment(post_id, "Enak sekali!", name="Tamu", minutes_ago=5)
    return post_id


@pytest.fixture
def plan_file(tmp_path: Path, wordpress_site: WordPressSite, wp_author_state: dict[str, Any],
              authors_post: str) -> Path:
    """The WordPress demo plan pointed at the site, with the author's saved session (0600)."""
    folder = tmp_path / "plan"
    (folder / "sessions").mkdir(parents=True)
    session = folder / "sessions" / "wordpress-blog.json"
    session.write_text(json.dumps(wp_author_state))
    os.chmod(session, 0o600)
    (folder / "media").mkdir()
    for picture in (DEMO_PLAN.parent / "media").iterdir():
        (folder / "media" / picture.name).write_bytes(picture.read_bytes())
    path = folder / "plan.toml"
    path.write_text(DEMO_PLAN.read_text(encoding="utf-8").replace("http://127.0.0.1:8800", wordpress_site.url),
                    encoding="utf-8")
    return path


def selftest(plan_file: Path, *extra: str) -> tuple[int, dict[str, Any], Path]:
    out = plan_file.parent / "selftest-out"
    result = jadwal("selftest", str(plan_file), "--account", "blog", "--post", POST, "--out", str(out),
                    "--format", "json", *extra, cwd=plan_file.parent)
    assert result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout), out


def set_on_account(plan_file: Path, line: str) -> None:
    """Add `line` to the plan's [[account]] table."""
    text = plan_file.read_text(encoding="utf-8")
    plan_file.write_text(text.replace('handle = "penulis"\n', f'handle = "penulis"\n{line}\n', 1), encoding="utf-8")


def matched(step: dict[str, Any]) -> dict[str, int]:
    return {m["key"]: m["fallback"] for m in step["matches"]}


def test_selftest_walks_every_step_and_creates_nothing(plan_file: Path, wordpress_site: WordPressSite) -> None:
    site = wordpress_site
    before = site.counts()
    code, report, out = selftest(plan_file)
    assert code == 0, report
    assert report["ok"] is True and report["pack"] == "wordpress pack 1.0.0 (built in)"
    assert [(s["name"], s["status"]) for s in report["steps"]] == [(name, "ok") for name in STEPS]
    steps = {s["name"]: s for s in report["steps"]}
    # the login form found by WordPress's own ids, whatever the UI language; nothing typed into it
    assert matched(steps["login.page"]) == dict.fromkeys(LOGIN_KEYS, 1)
    assert steps["login.page"]["url"].endswith("/wp-login.php")
    assert report["skipped"] == []
    assert site.counts() == before  # no post, auto-draft, picture, category or tag
    for s in report["steps"]:  # a private screenshot per step
        shot = Path(s["screenshot"])
        assert shot.is_file() and shot.parent == out
        assert stat.S_IMODE(shot.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def in_process(plan_file: Path, browser: Browser) -> dict[str, Any]:
    """`run_selftest` on the module's Chromium (what the CLI runs, without a process of its own)."""
    from scheduler.plan import load_plan
    from scheduler.selftest import run_selftest

    return run_selftest(load_plan(plan_file), "blog", post_id=POST, out_dir=plan_file.parent / "out",
                        browser=browser).as_dict()


def test_a_moved_login_page_fails_at_the_login_step_until_login_url_says_where(
        plan_file: Path, wordpress_site: WordPressSite, browser: Browser) -> None:
    site = wordpress_site
    with site.options(jadwal_test_login_slug="masuk"):
        before = site.counts()
        report = in_process(plan_file, browser)
        assert report["ok"] is False
        assert [(s["name"], s["status"]) for s in report["steps"]] == [("login.page", "failed")]
        failed = report["steps"][0]
        assert failed["screenshot"] == str(plan_file.parent / "out" / "01-login.page-FAILED.png")
        assert Path(failed["screenshot"]).is_file()
        assert report["error"] == f"{site.url}/wp-login.php shows no WordPress login form (HTTP 404)"
        assert 'login_url = "..."' in report["hint"]

        set_on_account(plan_file, 'login_url = "/masuk"')
        report = in_process(plan_file, browser)
        assert report["ok"] is True, report
        assert report["steps"][0]["url"].endswith("/masuk")
        assert site.counts() == before


def test_a_changed_login_form_fails_at_its_step_and_a_user_pack_repairs_it(
        plan_file: Path, wordpress_site: WordPressSite) -> None:
    site = wordpress_site
    with site.options(jadwal_test_login_markup="custom"):
        code, report, out = selftest(plan_file)
        assert code == 1
        [failed] = report["steps"]
        assert (failed["name"], failed["status"]) == ("login.page", "failed")
        assert Path(failed["screenshot"]).name == "01-login.page-FAILED.png"
        assert matched(failed)["login.username"] == 2  # its id moved: the name "log" still finds it
        assert report["error"].startswith("login.submit: nothing on the page matches any of the 3 ways the "
                                          "wordpress pack 1.0.0 (built in) knows")
        assert "--account blog" in report["hint"]

        packs = plan_file.parent / "packs"
        packs.mkdir()
        (packs / "wordpress.toml").write_text(
            'platform = "wordpress"\nversion = "1.0.0-toko1"\n\n[locators]\n'
            '"login.submit" = [{ role = "button", name = { en = "Sign in", id = "Masuk ke dapur" } }]\n')
        text = plan_file.read_text(encoding="utf-8")
        plan_file.write_text(text.replace("end = 2026-12-07\n", 'end = 2026-12-07\npacks = "packs"\n', 1),
                             encoding="utf-8")
        result = jadwal("selftest", str(plan_file), "--account", "blog", "--post", POST, "--out",
                        str(plan_file.parent / "out"), cwd=plan_file.parent)
        assert result.returncode == 0, result.stdout + result.stderr
        lines = result.stdout.splitlines()
        assert lines[0] == ("selftest of account blog on wordpress (wordpress pack 1.0.0-toko1 (built in + "
                            f"{packs / 'wordpress.toml'})); nothing was posted")
        language = "id" if site.locale == "id_ID" else "en"
        assert any(f'login.submit: role button "{"Masuk ke dapur" if language == "id" else "Sign in"}" [{language}] '
                   "(1/1)" in line for line in lines), result.stdout
        assert any('login.username: [name="log"] (2/3)' in line for line in lines), result.stdout
        assert lines[-2] == "every step worked"

        # the repaired pack logs in too, through the changed form
        session = plan_file.parent / "sessions" / "wordpress-blog.json"
        session.unlink()
        result = jadwal("login", str(plan_file), "--account", "blog", "--password-env", PASSWORD_VAR,
                        cwd=plan_file.parent, password=site.passwords[AUTHOR])
        assert result.returncode == 0, result.stderr
        assert any(c["name"].startswith("wordpress_logged_in_") for c in json.loads(session.read_text())["cookies"])


def test_a_narrowed_rest_route_fails_at_the_preflight_with_nothing_sent(
        plan_file: Path, wordpress_site: WordPressSite, browser: Browser) -> None:
    """The dry run's last check asks WordPress what its post route takes; a plugin that narrowed it is
    caught there, before anything is written (in-process: `run_selftest` on the module's Chromium)."""
    from scheduler.plan import load_plan
    from scheduler.selftest import render, run_selftest

    site = wordpress_site
    before = site.counts()
    with site.options(jadwal_test_rest_narrowed=1):
        report = run_selftest(load_plan(plan_file), "blog", post_id=POST, out_dir=plan_file.parent / "out",
                              browser=browser)
    assert not report.ok
    assert [(s.name, s.status) for s in report.steps] == [(name, "ok") for name in STEPS[:4]] + [
        ("publish.preflight", "failed")]
    assert report.error is not None and report.error.message == (
        f"WordPress at {site.url} does not take excerpt on its REST route /wp/v2/posts: a plugin or the site's "
        "settings changed what WordPress's API accepts")
    shown = render(report)
    assert "FAILED at step 5 (check the site takes the publishing call (not sent))" in shown
    assert f"screenshot of that step: {plan_file.parent / 'out' / '05-publish.preflight-FAILED.png'}" in shown
    assert site.counts() == before
