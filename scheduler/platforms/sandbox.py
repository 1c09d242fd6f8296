"""The adapter for jadwal's own sandbox site (`jadwal sandbox`), written as any site's would be.

Page objects hold each page's locators once (labels, roles, test ids; never CSS
layout) and expose methods named for intent; the adapter strings them together.
Waits are Playwright's own auto-waiting and `expect`, bounded by the context's
timeouts (set by `scheduler.browser.account_page`). A page is complete once its
navigation has loaded (the site renders on the server), so "is this element
there" is then checked at once instead of waiting out a timeout, and `expect`
checks on a loaded page keep Playwright's short default.

Each step names its phase through `browser_step`: before the Post click a
Playwright failure means the site is unavailable (`SiteUnavailable`) or its
markup changed (`PageChanged`); from the click on it means `OutcomeUnknown`,
because the post may be live.

`JADWAL_SANDBOX_URL`, when set, replaces the account's `url` (the demo uses it
when port 8700 is taken); cookies do not depend on the port, so a saved session
still applies.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final
from urllib.parse import urljoin, urlsplit

from loguru import logger

from scheduler.browser import browser_step, first_line, login_hint
from scheduler.errors import (
    LoginFailed,
    OutcomeUnknown,
    PageChanged,
    PlatformError,
    SessionExpired,
    SiteUnavailable,
)
from scheduler.platforms.base import Activity, Comment, Credentials, Draft, PublishedRef

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, Response, Route

    from scheduler.plan.model import Account

URL_OVERRIDE_ENV = "JADWAL_SANDBOX_URL"
#: pages are rendered on the server: once the HTML is parsed, everything the adapter reads is
#: there; waiting for "load" would also wait for stylesheets and the post's images
LOADED: Final = "domcontentloaded"


def _squash(text: str) -> str:
    """Text compared the way a browser shows it: runs of whitespace are one space."""
    return " ".join(text.split())


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def _check_response(response: Response | None, what: str) -> None:
    """A page load before submit: 5xx or no answer means the site is unavailable."""
    if response is None:
        return
    if response.status >= 500:
        raise SiteUnavailable(
            f"{what}: the site answered HTTP {response.status}",
            "the site is having trouble; try again later (the daemon retries by itself)",
        )


def _shown_text(locator: Locator) -> str:
    """The first match's text, whitespace squashed, or "" (the page has loaded: checked at once)."""
    return _squash(locator.first.inner_text()) if locator.count() else ""


class LoginPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.username = page.get_by_label("Username")
        self.password = page.get_by_label("Password")
        self.submit = page.get_by_role("button", name="Log in")
        self.alert = page.get_by_role("alert")

    def is_shown(self) -> bool:
        return urlsplit(self.page.url).path.rstrip("/") == "/login"


class Nav:
    """The bar every signed-in page has."""

    def __init__(self, page: Page) -> None:
        self.current_user = page.get_by_test_id("current-user")


class ComposePage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.text = page.get_by_label("Post text")
        self.image = page.get_by_label("Image")
        #: the test id survives the "renamed" markup variant (button called "Publish", moved)
        self.submit = page.get_by_test_id("post-submit")
        self.alert = page.get_by_role("alert")


class PostPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.article = page.get_by_test_id("post").first
        self.live = page.get_by_role("status").filter(has_text="Your post is live.")
        self.comments = page.get_by_test_id("comment")
        self.next_page = page.get_by_role("link", name="Next page")
        self.comment_box = page.get_by_label("Add a comment")
        self.stats = page.get_by_test_id("post-stats")


class ReplyPage:
    def __init__(self, page: Page) -> None:
        self.text = page.get_by_label("Your reply")
        self.submit = page.get_by_role("button", name="Reply")


class ProfilePage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.followers = page.get_by_test_id("followers")
        self.posts = page.get_by_test_id("post")
        self.next_page = page.get_by_role("link", name="Next page")


class _SendOnce:
    """Sends a page's form POSTs to one URL through Playwright's own HTTP client, exactly once each.

    Chromium silently re-sends a POST when a reused keep-alive connection closes
    without an answer; if the site had already saved the post, that is a second
    post. Sent by Playwright with no retries, a dropped connection is an error
    (collected in `lost`, the navigation aborted) and never a repeat. Redirects
    are left to the browser so the page lands on the permalink. Chromium hands
    intercepted uploads over without the files' bytes, so the `files` the form
    was given are put back into their parts first.
    """

    def __init__(self, page: Page, url: str) -> None:
        self.files: Sequence[Path] = ()
        self.lost: list[Exception] = []
        self.in_flight: list[Route] = []
        page.route(url, self._send)

    def close(self, page: Page, url: str) -> None:
        page.unroute(url, self._send)

    def _send(self, route: Route) -> None:
        from playwright.sync_api import Error as PlaywrightError

        if route.request.method != "POST":
            route.fallback()
            return
        self.in_flight.append(route)
        body = route.request.post_data_buffer
        content_type = route.request.headers.get("content-type", "")
        if self.files and body is not None and content_type.startswith("multipart/form-data"):
            body = _fill_file_parts(body, content_type, self.files)
        try:
            response = route.fetch(max_redirects=0, max_retries=0, post_data=body)
        except PlaywrightError as exc:
            self.lost.append(exc)
            _abort_quietly(route)
            return
        finally:
            self.in_flight.remove(route)
        try:
            route.fulfill(response=response)
        except PlaywrightError:  # the page gave up first (timeout)
            pass


@contextmanager
def _sent_once(page: Page, url: str, files: Sequence[Path] = ()) -> Iterator[list[Exception]]:
    """Within the block, form POSTs to `url` go out exactly once (see `_SendOnce`); yields the errors.

    The interception is installed for the block only (page loads stay untouched)
    and removed only after a success: removing it while a request is paused would
    let Chromium send that request itself, so a failure aborts it and leaves the
    (harmless) interception in place until the page's context is closed.
    """
    sender = _SendOnce(page, url)
    sender.files = tuple(files)
    try:
        yield sender.lost
    except BaseException:
        for route in list(sender.in_flight):  # a request still paused must never go out later
            _abort_quietly(route)
        raise
    sender.close(page, url)


def _fill_file_parts(body: bytes, content_type: str, files: Sequence[Path]) -> bytes:
    """Put each file's bytes into the empty multipart part that names it (or the only one)."""
    boundary = content_type.partition("boundary=")[2].strip().strip('"')
    if not boundary:
        return body
    delimiter = b"--" + boundary.encode()
    parts = body.split(delimiter)
    file_parts = [
        i for i, part in enumerate(parts) if re.search(rb'filename="[^"]+"', part.partition(b"\r\n\r\n")[0])
    ]
    by_name = {f.name: f for f in files}
    for i in file_parts:
        head, sep, content = parts[i].partition(b"\r\n\r\n")
        if content != b"\r\n":  # the browser sent the bytes itself
            continue
        named = re.search(rb'filename="([^"]+)"', head)
        source = by_name.get(named.group(1).decode(errors="replace")) if named else None
        if source is None and len(files) == 1 and len(file_parts) == 1:
            source = files[0]
        if source is not None:
            parts[i] = head + sep + source.read_bytes() + b"\r\n"
    return delimiter.join(parts)


def _abort_quietly(route: Route) -> None:
    from playwright.sync_api import Error as PlaywrightError

    try:
        route.abort("connectionfailed")
    except PlaywrightError:  # already answered, or the page is gone
        pass


#: read one comment's own fields (not its nested replies') in a single round trip
_COMMENTS_JS = """
items => items.map(li => {
  const own = id => Array.from(li.querySelectorAll(`[data-testid="${id}"]`))
      .find(el => el.closest('[data-testid="comment"]') === li);
  const time = Array.from(li.querySelectorAll('time'))
      .find(el => el.closest('[data-testid="comment"]') === li);
  return {
    id: li.dataset.commentId || '',
    parent: li.dataset.parentId || '',
    author: own('comment-author') ? own('comment-author').innerText : '',
    text: own('comment-text') ? own('comment-text').innerText : '',
    time: time ? time.getAttribute('datetime') : null,
  };
})
"""

#: the confirmation and the post's id and time on the page after submitting, in one round trip
_CONFIRMATION_JS = """
els => els.map(e => {
  const time = e.dataset.postId ? e.querySelector('time') : null;
  return {
    status: e.getAttribute('role') === 'status',
    postId: e.dataset.postId || null,
    time: time ? time.getAttribute('datetime') : null,
  };
})
"""

#: read the posts listed on a profile page in a single round trip
_POSTS_JS = """
items => items.map(a => {
  const text = a.querySelector('[data-testid="post-text"]');
  const time = a.querySelector('time');
  const link = a.querySelector('a[href*="/p/"]');
  return {
    id: a.dataset.postId || '',
    text: text ? text.innerText : '',
    time: time ? time.getAttribute('datetime') : null,
    href: link ? link.getAttribute('href') : null,
  };
})
"""


@dataclass(frozen=True, slots=True)
class _Listed:
    id: str
    text: str
    time: datetime | None
    href: str | None


class SandboxAdapter:
    """One account on a jadwal sandbox site."""

    name: ClassVar[str] = "sandbox"
    post_metric_names: ClassVar[tuple[str, ...]] = ("likes", "comments", "views")

    def __init__(self, account: Account) -> None:
        self.account = account
        self._max_text: int | None = None  # the compose box's maxlength, once read
        base = os.environ.get(URL_OVERRIDE_ENV) or account.url
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PlatformError(
                f"account {account.id}: {base!r} is not an http(s) URL",
                "set the account's `url` to the sandbox's address, e.g. http://127.0.0.1:8700",
            )
        self.base = f"{parts.scheme}://{parts.netloc}"
        if os.environ.get(URL_OVERRIDE_ENV):
            logger.debug("account {}: using {} from {}", account.id, self.base, URL_OVERRIDE_ENV)

    # -- navigation -------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return urljoin(self.base + "/", path.lstrip("/"))

    def _open(self, page: Page, path: str, what: str) -> Response | None:
        """Load a page that needs the session; raise `SessionExpired` if the site sends us to log in."""
        with browser_step(f"could not open {what}", SiteUnavailable, "is the site running? try again later"):
            response = page.goto(self._url(path), wait_until=LOADED)
        _check_response(response, f"could not open {what}")
        login = LoginPage(page)
        if login.is_shown():
            said = _shown_text(login.alert)
            raise SessionExpired(
                f"the saved session of account {self.account.id} is no longer accepted"
                + (f" (the site says: {said})" if said else ""),
                login_hint(self.account.id),
            )
        return response

    def _require(self, locator: Locator, what: str, where: str) -> Locator:
        """The page has loaded: the element is there now or the site's markup changed."""
        if locator.count() == 0:
            raise PageChanged(
                f"{where} has no {what}; the site's markup changed",
                "update the sandbox adapter (or check the site's markup variant)",
            )
        return locator.first

    def _require_all(self, needed: dict[str, Locator], where: str) -> None:
        """Like `_require` for several elements, in one round trip when all are there (the usual case)."""
        locators = list(needed.values())
        combined = locators[0]
        for locator in locators[1:]:
            combined = combined.or_(locator)
        if combined.count() >= len(locators):
            return
        for what, locator in needed.items():
            self._require(locator, what, where)

    # -- protocol ---------------------------------------------------------------------------

    def login(self, page: Page, credentials: Credentials) -> None:
        """Fill the login form; `LoginFailed` on a refusal, `SiteUnavailable` on 5xx."""
        with browser_step("could not open the login page", SiteUnavailable, "is the site running?"):
            response = page.goto(self._url("/login"), wait_until=LOADED)
        _check_response(response, "could not open the login page")
        form = LoginPage(page)
        self._require(form.username, 'field labelled "Username"', "the login page").fill(credentials.username)
        self._require(form.password, 'field labelled "Password"', "the login page").fill(credentials.password)
        button = self._require(form.submit, '"Log in" button', "the login page")
        with browser_step("logging in got no answer", SiteUnavailable, "try again later"):
            with page.expect_navigation(wait_until=LOADED) as navigation:
                button.click()
        response = navigation.value
        _check_response(response, "logging in failed")
        if form.is_shown():
            said = _shown_text(form.alert) or f"HTTP {response.status if response else '?'}"
            raise LoginFailed(
                f"the site refused the login of {credentials.username!r}: {said}",
                "check the user name (--username) and the password in the variable named by --password-env",
            )
        with browser_step("logged in, but the page shows no signed-in user", PageChanged):
            self._expect_signed_in_as(page, credentials.username)

    def wait_for_login(self, page: Page, *, timeout_ms: float) -> None:
        """Interactive login: open the form and wait until a person has signed in (any user)."""
        with browser_step("could not open the login page", SiteUnavailable, "is the site running?"):
            page.goto(self._url("/login"), wait_until=LOADED)
        from playwright.sync_api import expect

        with browser_step("nobody logged in in time", LoginFailed, "run the command again and log in sooner"):
            expect(Nav(page).current_user).to_be_visible(timeout=timeout_ms)

    def check_session(self, page: Page) -> None:
        """Open the compose page: the site sends an expired session to the login form."""
        self._open(page, "/compose", "the compose page")
        with browser_step("the page shows no signed-in user", PageChanged):
            self._expect_signed_in_as(page, self.account.handle)

    def _expect_signed_in_as(self, page: Page, handle: str) -> None:
        from playwright.sync_api import expect

        expect(Nav(page).current_user).to_have_text(handle)

    def publish(self, page: Page, draft: Draft, *, dry_run: bool = False) -> PublishedRef | None:
        """Fill the compose form; unless `dry_run`, submit it and return where the post lives."""
        self._open(page, "/compose", "the compose page")
        form = ComposePage(page)
        where = "the compose page"
        needed = {"text box labelled \"Post text\"": form.text, 'Post button (data-testid="post-submit")': form.submit}
        if draft.media:
            needed['file input labelled "Image"'] = form.image
        self._require_all(needed, where)
        if self._max_text is None:  # the site's own limit, read once per adapter
            limit = form.text.get_attribute("maxlength")
            self._max_text = int(limit) if limit and limit.isdigit() else 0
        if self._max_text and len(draft.text) > self._max_text:
            raise PlatformError(
                f"post {draft.post_id} has {len(draft.text)} characters; the site takes at most {self._max_text}",
                "shorten the post's text in the plan",
            )
        with browser_step("could not type the post text", PageChanged):
            form.text.fill(draft.text)
        if draft.media:
            if len(draft.media) > 1 and form.image.get_attribute("multiple") is None:
                raise PlatformError(
                    f"post {draft.post_id} has {len(draft.media)} media files; the site takes one per post",
                    "keep one image in the post's `media`",
                )
            with browser_step("could not attach the image", PageChanged):
                form.image.set_input_files([str(p) for p in draft.media])
        if dry_run:
            return None
        return self._submit(page, form.submit, draft)

    def _submit(self, page: Page, submit: Locator, draft: Draft) -> PublishedRef:
        """Click Post and read the confirmation. Everything from here on is `OutcomeUnknown`."""
        unknown_hint = (
            "the post may be live: check the account's profile before trying again "
            "(the daemon looks it up by itself)"
        )
        with browser_step(f"post {draft.post_id}: no confirmation after submitting", OutcomeUnknown, unknown_hint):
            with _sent_once(page, self._url("/compose"), draft.media) as lost:
                try:
                    with page.expect_navigation(wait_until=LOADED) as navigation:
                        submit.click()
                    response = navigation.value
                except Exception:
                    if lost:  # say why the navigation failed: the connection, not the page
                        raise OutcomeUnknown(
                            f"post {draft.post_id}: the connection closed without an answer after "
                            f"submitting ({first_line(lost[0])})",
                            unknown_hint,
                        ) from None
                    raise
        status = response.status if response else 0
        if 400 <= status < 500:
            said = _shown_text(ComposePage(page).alert)
            raise PlatformError(
                f"post {draft.post_id}: the site refused it (HTTP {status}){': ' + said if said else ''}",
                "fix the post in the plan (text length, image type/size)",
            )
        if status >= 500:
            raise OutcomeUnknown(
                f"post {draft.post_id}: the site answered HTTP {status} after submitting", unknown_hint
            )
        # the navigation has loaded: the server-rendered confirmation is there now or never
        post = PostPage(page)
        with browser_step(f"post {draft.post_id}: the site did not confirm the post", OutcomeUnknown, unknown_hint):
            shown = post.live.or_(post.article).evaluate_all(_CONFIRMATION_JS)
        confirmed = any(item["status"] for item in shown)
        remote_id, stamp = next(((i["postId"], i["time"]) for i in shown if i["postId"]), (None, None))
        if not confirmed:
            raise OutcomeUnknown(
                f"post {draft.post_id}: the page after submitting does not say \"Your post is live.\"", unknown_hint
            )
        published = _parse_time(stamp)
        if not remote_id:
            raise OutcomeUnknown(f"post {draft.post_id}: the confirmation page names no post id", unknown_hint)
        url = urljoin(page.url, urlsplit(page.url).path)  # the permalink, without query or fragment
        logger.debug("post {} is live at {}", draft.post_id, url)
        return PublishedRef(remote_id=remote_id, url=url, published_at=published)

    def find_published(self, page: Page, draft: Draft, *, since: datetime) -> PublishedRef | None:
        """Scan the account's profile, newest first, for a post with the draft's text made since `since`."""
        if since.tzinfo is None:
            raise ValueError("find_published needs an aware `since`")
        wanted = _squash(draft.text)
        self._open(page, f"/u/{self.account.handle}", "the account's profile")
        profile = ProfilePage(page)
        while True:
            with browser_step("could not read the profile's posts", PageChanged):
                listed = [
                    _Listed(r["id"], r["text"], _parse_time(r["time"]), r["href"])
                    for r in profile.posts.evaluate_all(_POSTS_JS)
                ]
            for item in listed:
                if item.time is not None and item.time < since:
                    return None  # newest first: everything further is older still
                if item.id and _squash(item.text) == wanted:
                    url = urljoin(page.url, item.href) if item.href else self._url(f"/p/{item.id}")
                    return PublishedRef(remote_id=item.id, url=url, published_at=item.time)
            if profile.next_page.count() == 0:
                return None
            with browser_step("could not open the next profile page", SiteUnavailable):
                with page.expect_navigation(wait_until=LOADED) as navigation:
                    profile.next_page.first.click()
            _check_response(navigation.value, "could not open the next profile page")

    def comments(self, page: Page, ref: PublishedRef) -> list[Comment]:
        """Every comment and reply under a post, following "Next page" to the end."""
        self._open(page, urlsplit(ref.url).path, f"post {ref.remote_id}")
        post = PostPage(page)
        found: dict[str, Comment] = {}
        while True:
            with browser_step(f"could not read the comments of post {ref.remote_id}", PageChanged):
                rows = post.comments.evaluate_all(_COMMENTS_JS)
            for row in rows:
                if row["id"] and row["id"] not in found:
                    found[row["id"]] = Comment(
                        id=row["id"],
                        author=_squash(row["author"]),
                        text=row["text"].strip(),
                        parent_id=row["parent"] or None,
                        created_at=_parse_time(row["time"]),
                        post_remote_id=ref.remote_id,
                    )
            if post.next_page.count() == 0:
                return list(found.values())
            with browser_step("could not open the next page of comments", SiteUnavailable):
                with page.expect_navigation(wait_until=LOADED) as navigation:
                    post.next_page.first.click()
            _check_response(navigation.value, "could not open the next page of comments")

    def reply(self, page: Page, ref: PublishedRef, comment_id: str, text: str) -> Comment:
        """Answer a comment in its thread; returns the reply as the site lists it."""
        path = urlsplit(ref.url).path.rstrip("/")
        self._open(page, f"{path}/reply/{comment_id}", f"the reply form for comment {comment_id}")
        form = ReplyPage(page)
        where = f"the reply form for comment {comment_id}"
        with browser_step("could not type the reply", PageChanged):
            self._require(form.text, 'text box labelled "Your reply"', where).fill(text)
        button = self._require(form.submit, '"Reply" button', where)
        hint = "the reply may be posted: look at the post before answering again"
        with browser_step(f"no confirmation after replying to comment {comment_id}", OutcomeUnknown, hint):
            with page.expect_navigation(wait_until=LOADED) as navigation:
                button.click()
            response = navigation.value
        if response is not None and response.status >= 400:
            raise OutcomeUnknown(f"replying to comment {comment_id}: the site answered HTTP {response.status}", hint)
        wanted = _squash(text)
        mine = [
            c
            for c in self.comments(page, ref)
            if c.parent_id == comment_id and c.author == self.account.handle and _squash(c.text) == wanted
        ]
        if not mine:
            raise OutcomeUnknown(f"the reply to comment {comment_id} does not show under the post", hint)
        return max(mine, key=lambda c: (c.created_at or datetime.min.replace(tzinfo=timezone.utc), _id_key(c.id)))

    def metrics(self, page: Page) -> dict[str, float]:
        """Follower count from the account's profile page."""
        self._open(page, f"/u/{self.account.handle}", "the account's profile")
        count = self._require(ProfilePage(page).followers, 'follower count (data-testid="followers")', "the profile")
        raw = count.inner_text().strip()
        if not re.fullmatch(r"\d+", raw):
            raise PageChanged(f"the follower count reads {raw!r}, not a number", "update the sandbox adapter")
        return {"followers": float(raw)}

    def post_metrics(self, page: Page, ref: PublishedRef) -> dict[str, float]:
        """Likes, comments and views from the post's permalink (one page load)."""
        response = self._open(page, urlsplit(ref.url).path, f"post {ref.remote_id}")
        if response is not None and response.status == 404:
            raise PlatformError(f"post {ref.remote_id} is no longer on the site ({ref.url})",
                                "nothing to do: it was deleted on the site")
        stats = self._require(PostPage(page).stats, 'post stats (data-testid="post-stats")', f"post {ref.remote_id}")
        with browser_step(f"could not read the numbers of post {ref.remote_id}", PageChanged):
            shown = stats.evaluate(_STATS_JS)
        values: dict[str, float] = {}
        for name in self.post_metric_names:
            raw = (shown.get(name) or "").strip()
            if not re.fullmatch(r"\d+", raw):
                raise PageChanged(f"post {ref.remote_id}: the {name} count reads {raw!r}, not a number",
                                  "update the sandbox adapter")
            values[name] = float(raw)
        return values

    def activity(self, page: Page, since: datetime | None) -> list[Activity]:
        """The account's activity page, newest first, back to `since` (one page load unless busy)."""
        response = self._open(page, "/activity", "the activity page")
        if response is not None and response.status >= 400:
            raise PageChanged(f"the site has no activity page (HTTP {response.status})",
                              "the comment check reads the posts by age instead")
        # an empty list must be the site saying "nothing new", never a page whose markup changed
        self._require(page.get_by_test_id("activity-page"), 'activity page heading (data-testid="activity-page")',
                      "the activity page")
        items = page.get_by_test_id("activity")
        next_page = page.get_by_role("link", name="Next page")
        found: list[Activity] = []
        while True:
            with browser_step("could not read the activity page", PageChanged):
                rows = items.evaluate_all(_ACTIVITY_JS)
            for row in rows:
                at = _parse_time(row["time"])
                if since is not None and at is not None and at < since:
                    return found  # newest first: the rest is older still
                found.append(Activity(post_remote_id=row["post"], kind=row["kind"], at=at, id=row["id"]))
            if since is None or next_page.count() == 0:
                return found
            with browser_step("could not open the next activity page", SiteUnavailable):
                with page.expect_navigation(wait_until=LOADED) as navigation:
                    next_page.first.click()
            _check_response(navigation.value, "could not open the next activity page")


#: the activity page's entries, in one round trip
_ACTIVITY_JS = """
items => items.map(li => {
  const time = li.querySelector('time');
  return {post: li.dataset.postId || '', kind: li.dataset.kind || '', id: li.dataset.commentId || '',
          time: time ? time.getAttribute('datetime') : null};
})
"""


#: the counts under a post, in one round trip
_STATS_JS = """
el => {
  const count = id => { const e = el.querySelector(`[data-testid="${id}"]`); return e ? e.innerText : null; };
  return {likes: count('like-count'), comments: count('comment-count'), views: count('view-count')};
}
"""


def _id_key(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (0, value)
