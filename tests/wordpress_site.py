"""A real WordPress (Debian's packages) for the adapter's end-to-end tests.

`scripts/wordpress` installs what is missing (idempotent, fast when installed)
and starts one throwaway site per locale for the whole session; installation
failing fails the tests with its reason, it never skips them. Test comments are
written through PHP (`wp_insert_comment`), which does not run WordPress's flood
and duplicate checks: the adapter itself never gets around them.

A test that sets the site up differently (the Classic Editor, comment
moderation, a moved login page, a fault) does it with `site.options(...)`,
which puts the options back afterwards: the site is shared by the session.
"""

from __future__ import annotations

import json
import shlex
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import pytest

from scheduler.plan.model import Account
from scheduler.platforms.base import Comment, Credentials
from scheduler.platforms.wordpress import WordPressAdapter

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "wordpress"
LOCALES = ("en_US", "id_ID")
EDITOR = "penyunting"  # role Editor: may create categories, moderates comments
AUTHOR = "penulis"  # role Author: the account jadwal usually publishes as
READER = "pembaca"  # role Subscriber


def _run(*args: str, timeout: float = 300) -> str:
    done = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        pytest.fail(f"scripts/wordpress {shlex.join(args)} failed ({done.returncode}):\n{done.stderr}{done.stdout}")
    return done.stdout


@dataclass
class WordPressSite:
    """One running site: its URL, folder, users' passwords, and PHP run inside it."""

    url: str
    dir: Path
    locale: str
    passwords: dict[str, str]

    def php(self, code: str) -> str:
        """Run PHP with WordPress loaded; what it echoes."""
        return _run("php", str(self.dir), code, timeout=60)

    def php_json(self, code: str) -> Any:
        """Run PHP whose last statement echoes JSON; the decoded value."""
        return json.loads(self.php(code))

    def account(self, handle: str = AUTHOR, *, login_url: str = "") -> Account:
        return Account(id=f"wp-{self.locale}", platform="wordpress", url=self.url, handle=handle,
                       session=None, line=1, login_url=login_url)

    def credentials(self, user: str = AUTHOR) -> Credentials:
        return Credentials(user, self.passwords[user])

    def user_id(self, login: str) -> int:
        return int(self.php(f"echo get_user_by('login', {json.dumps(login)})->ID;"))

    @contextmanager
    def options(self, **values: object) -> Iterator[None]:
        """WordPress options set for the block (e.g. jadwal_test_editor="classic", comment_moderation=1),
        then put back as they were."""
        names = json.dumps(list(values))
        before = self.php_json(f"echo json_encode(array_map(fn($n) => get_option($n, null), {names}));")
        self._set_options(values)
        try:
            yield
        finally:
            self._set_options(dict(zip(values, before, strict=True)))

    def _set_options(self, values: dict[str, object]) -> None:
        self.php(f"foreach (json_decode({json.dumps(json.dumps(values))}, true) as $n => $v) "
                 "{ $v === null ? delete_option($n) : update_option($n, $v); }")

    def counts(self) -> dict[str, int]:
        """What a publishing attempt may leave behind: posts by status, pictures, categories and tags."""
        return self.php_json(
            "global $wpdb; $c = ['auto-draft' => 0, 'draft' => 0, 'pending' => 0, 'publish' => 0];"
            "foreach ($wpdb->get_results(\"SELECT post_status s, COUNT(*) n FROM $wpdb->posts"
            " WHERE post_type = 'post' GROUP BY post_status\") as $r) { $c[$r->s] = (int) $r->n; }"
            "$c['media'] = (int) $wpdb->get_var(\"SELECT COUNT(*) FROM $wpdb->posts WHERE post_type = 'attachment'\");"
            "$c['categories'] = (int) wp_count_terms(['taxonomy' => 'category', 'hide_empty' => false]);"
            "$c['tags'] = (int) wp_count_terms(['taxonomy' => 'post_tag', 'hide_empty' => false]);"
            "echo json_encode($c);")

    def add_comment(self, post_id: str | int, text: str, *, user: str | None = None, name: str = "",
                    parent: str | int = 0, minutes_ago: int = 0, approved: bool = True) -> str:
        """A comment written straight into the site (as `user`, or a guest called `name`; held for
        moderation unless `approved`); its id."""
        return self.add_comments([dict(post_id=post_id, text=text, user=user, name=name, parent=parent,
                                       minutes_ago=minutes_ago, approved=approved)])[0]

    def add_comments(self, specs: list[dict[str, Any]]) -> list[str]:
        """Several comments (keyword sets of `add_comment`) in one PHP run; their ids in order."""
        code = ""
        for spec in specs:
            name, user, ago = spec.get("name") or "Tamu", spec.get("user"), spec.get("minutes_ago", 0)
            data = {
                "comment_post_ID": int(spec["post_id"]), "comment_content": spec["text"],
                "comment_parent": int(spec.get("parent") or 0), "comment_approved": int(spec.get("approved", True)),
                "comment_author": name, "comment_author_email": f"{name.lower().replace(' ', '.')}@example.invalid",
            }
            code += f"$c = json_decode({json.dumps(json.dumps(data))}, true);"
            if user:
                code += (f"$u = get_user_by('login', {json.dumps(user)}); $c['user_id'] = $u->ID;"
                         "$c['comment_author'] = $u->display_name; $c['comment_author_email'] = $u->user_email;")
            if ago:
                code += (f"$c['comment_date_gmt'] = gmdate('Y-m-d H:i:s', time() - {int(ago) * 60});"
                         "$c['comment_date'] = get_date_from_gmt($c['comment_date_gmt']);")
            code += 'echo wp_insert_comment(wp_slash($c)), "\\n";'
        return self.php(code).split()

    def end_session(self, context: BrowserContext) -> None:
        """Destroy, on the server, the WordPress session the browser context holds (as an expiry would)."""
        for cookie in context.cookies(self.url):
            if cookie["name"].startswith("wordpress_logged_in_"):
                login, _expiry, token, _hmac = unquote(cookie["value"]).split("|")
                self.php(f"WP_Session_Tokens::get_instance(get_user_by('login', {json.dumps(login)})->ID)"
                         f"->destroy({json.dumps(token)});")
                return
        raise AssertionError("the browser context holds no WordPress login cookie")


def unanswered(comments: list[Comment], handle: str) -> list[Comment]:
    """Comments not by `handle` that no comment by `handle` answers (the journal's rule, on a plain list)."""
    answered = {c.parent_id for c in comments if c.author == handle and c.parent_id}
    return [c for c in comments if c.author != handle and c.id not in answered]


def start_site(folder: Path, locale: str) -> Iterator[WordPressSite]:
    """Install (if needed), start, yield, and stop one site."""
    _run("install", timeout=600)
    try:
        url = _run("start", str(folder), "--locale", locale, timeout=120).strip().splitlines()[-1]
        info = json.loads((folder / "site.json").read_text())
        yield WordPressSite(url=url, dir=folder, locale=locale, passwords=info["users"])
    finally:
        subprocess.run([str(SCRIPT), "stop", str(folder)], capture_output=True, timeout=60)


@pytest.fixture(scope="session", params=LOCALES)
def wordpress_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WordPressSite]:
    """A running WordPress per locale (English and Indonesian), shared by the session's tests."""
    yield from start_site(tmp_path_factory.mktemp(f"wp-{request.param}"), request.param)


def signed_in_state(site: WordPressSite, browser: Browser, user: str) -> dict[str, Any]:
    """`user`'s signed-in storage state, logged in through the adapter."""
    context = browser.new_context()
    try:
        page = context.new_page()
        WordPressAdapter(site.account(user)).login(page, site.credentials(user))
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture(scope="module")
def wp_author_state(wordpress_site: WordPressSite, browser: Browser) -> dict[str, Any]:
    """The author's signed-in storage state, logged in once per site through the adapter.

    Chromium is conftest's per-module `browser`: Playwright's sync API allows one instance per thread.
    """
    return signed_in_state(wordpress_site, browser, AUTHOR)


@pytest.fixture
def wp_context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh, signed-out browser context."""
    context = browser.new_context()
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def author_page(browser: Browser, wp_author_state: dict[str, Any]) -> Iterator[Page]:
    """A page signed in as the author (from the saved session, as the daemon would have it)."""
    context = browser.new_context(storage_state=wp_author_state)  # type: ignore[arg-type]
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()
