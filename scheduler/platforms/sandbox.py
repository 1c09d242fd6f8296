"""The adapter for jadwal's own sandbox site (`jadwal sandbox`), written as any site's would be.

Every locator comes from the sandbox's pack (`scheduler/packs/data/sandbox.toml`):
ordered fallbacks by role, label and test id, with the labels of the English and
the Indonesian UI, so a user's pack repairs a step the site changed without a new
jadwal. The flow stays here. Each page opened is first checked against the pack's
checkpoint signatures (a challenge stops the account: `CheckpointReached`, nothing
typed) and gets the pack's dialog handlers (consent, "save your login info?").
Steps are marked with `scheduler.packs.step` for `jadwal selftest`. Waits are Playwright's own auto-waiting and `expect`, bounded by the context's
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
from dataclasses import dataclass
from datetime import datetime, timezone
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
from scheduler.i18n import _
from scheduler.packs import Pack, pack_of, step
from scheduler.platforms.base import Activity, Comment, Credentials, Draft, PublishedRef, after_submit
from scheduler.platforms.common import parse_time, squash
from scheduler.platforms.send_once import sent_once

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, Response

    from scheduler.plan.model import Account

URL_OVERRIDE_ENV = "JADWAL_SANDBOX_URL"
#: pages are rendered on the server: once the HTML is parsed, everything the adapter reads is
#: there; waiting for "load" would also wait for stylesheets and the post's images
LOADED: Final = "domcontentloaded"


def _check_response(response: Response | None, what: str) -> None:
    """A page load before submit: 5xx or no answer means the site is unavailable."""
    if response is None:
        return
    if response.status >= 500:
        raise SiteUnavailable(
            f"{what}: the site answered HTTP {response.status}",
            "the site is having trouble; try again later (the daemon retries by itself)",
        )


def _shown_text(locator: Locator | None) -> str:
    """The first match's text, whitespace squashed, or "" (the page has loaded: checked at once)."""
    return squash(locator.first.inner_text()) if locator is not None and locator.count() else ""


#: read one comment's own fields (not its nested replies') in a single round trip; the selectors come
#: from the pack (its CSS-able fallbacks of post.comment, comment.author, comment.text)
_COMMENTS_JS = """
(items, sel) => items.map(li => {
  const mine = el => el.closest(sel.item) === li;
  const own = list => {
    for (const s of list) {
      const found = Array.from(li.querySelectorAll(s)).find(mine);
      if (found) return found;
    }
    return null;
  };
  const time = Array.from(li.querySelectorAll('time')).find(mine);
  const author = own(sel.author), text = own(sel.text);
  return {
    id: li.dataset.commentId || '',
    parent: li.dataset.parentId || '',
    author: author ? author.innerText : '',
    text: text ? text.innerText : '',
    time: time ? time.getAttribute('datetime') : null,
  };
})
"""

#: the post's id and time on the page after submitting, in one round trip
_ARTICLE_JS = """
els => els.map(e => {
  const time = e.dataset.postId ? e.querySelector('time') : null;
  return {postId: e.dataset.postId || null, time: time ? time.getAttribute('datetime') : null};
})
"""

#: read the posts listed on a profile page in a single round trip (selectors from the pack)
_POSTS_JS = """
(items, sel) => items.map(a => {
  const first = list => { for (const s of list) { const el = a.querySelector(s); if (el) return el; } return null; };
  const text = first(sel.text), link = first(sel.link);
  const time = a.querySelector('time');
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
    #: the sandbox's posts are text and one picture: no title, alt text, categories ... (`base.OPTIONAL_POST_FIELDS`)
    post_fields: ClassVar[frozenset[str]] = frozenset()
    account_fields: ClassVar[frozenset[str]] = frozenset()
    post_metric_names: ClassVar[tuple[str, ...]] = ("likes", "comments", "views")

    def __init__(self, account: Account) -> None:
        self.account = account
        self.pack: Pack = pack_of(account)
        self._max_text: int | None = None  # the compose box's maxlength, once read
        base = os.environ.get(URL_OVERRIDE_ENV) or account.url
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PlatformError(
                _("account {account}: {url} is not an http(s) URL").format(account=account.id, url=repr(base)),
                _("set the account's `url` to the sandbox's address, e.g. http://127.0.0.1:8700"),
            )
        self.base = f"{parts.scheme}://{parts.netloc}"
        if os.environ.get(URL_OVERRIDE_ENV):
            logger.debug("account {}: using {} from {}", account.id, self.base, URL_OVERRIDE_ENV)

    # -- navigation -------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return urljoin(self.base + "/", path.lstrip("/"))

    def _on_login_page(self, page: Page) -> bool:
        return urlsplit(page.url).path.rstrip("/") == "/login"

    def _arrived(self, page: Page) -> None:
        """Every page the adapter lands on: a checkpoint stops the account; dialogs are dismissed when they show."""
        self.pack.stop_at_checkpoint(page, account=self.account.id)
        self.pack.dismiss_dialogs(page)

    def _open(self, page: Page, path: str, what: str) -> Response | None:
        """Load a page that needs the session; raise `SessionExpired` if the site sends us to log in."""
        with browser_step(f"could not open {what}", SiteUnavailable, "is the site running? try again later"):
            response = page.goto(self._url(path), wait_until=LOADED)
        _check_response(response, f"could not open {what}")
        self._arrived(page)
        if self._on_login_page(page):
            said = _shown_text(self._any(page, "login.error"))
            raise SessionExpired(
                f"the saved session of account {self.account.id} is no longer accepted"
                + (f" (the site says: {said})" if said else ""),
                login_hint(self.account.id),
            )
        return response

    def _get(self, scope: Page | Locator, key: str) -> Locator:
        """The pack's element `key` on a loaded page, now (PageChanged, or CheckpointReached, when absent)."""
        return self.pack.locate(scope, key, wait=False, account=self.account.id).locator

    def _any(self, scope: Page | Locator, key: str) -> Locator:
        return self.pack.any(scope, key)

    # -- protocol ---------------------------------------------------------------------------

    def login(self, page: Page, credentials: Credentials) -> None:
        """Fill the login form; `LoginFailed` on a refusal, `CheckpointReached` on a challenge."""
        with step(page, "login.form"):
            with browser_step("could not open the login page", SiteUnavailable, "is the site running?"):
                response = page.goto(self._url("/login"), wait_until=LOADED)
            _check_response(response, "could not open the login page")
            self._arrived(page)
            self._get(page, "login.username").fill(credentials.username)
            self._get(page, "login.password").fill(credentials.password)
            button = self._get(page, "login.submit")
        with step(page, "login.submit"):
            with browser_step("logging in got no answer", SiteUnavailable, "try again later"):
                with page.expect_navigation(wait_until=LOADED) as navigation:
                    button.click()
            response = navigation.value
            _check_response(response, "logging in failed")
            self._arrived(page)  # a login challenge or two-factor prompt stops here
            if self._on_login_page(page):
                said = _shown_text(self._any(page, "login.error")) or f"HTTP {response.status if response else '?'}"
                raise LoginFailed(
                    _("the site refused the login of {user}: {said}").format(user=repr(credentials.username),
                                                                              said=said),
                    _("check the user name (--username) and the password in the variable named by --password-env"),
                )
            with browser_step("logged in, but the page shows no signed-in user", PageChanged):
                self._expect_signed_in_as(page, credentials.username)

    def wait_for_login(self, page: Page, *, timeout_ms: float) -> None:
        """Interactive login: open the form and wait until a person has signed in (any user).

        The person passes any challenge themselves; jadwal only watches for the signed-in page.
        """
        with browser_step("could not open the login page", SiteUnavailable, "is the site running?"):
            page.goto(self._url("/login"), wait_until=LOADED)
        from playwright.sync_api import expect

        with browser_step("nobody logged in in time", LoginFailed, "run the command again and log in sooner"):
            expect(self._any(page, "nav.current_user").first).to_be_visible(timeout=timeout_ms)

    def check_session(self, page: Page) -> None:
        """Open the compose page: the site sends an expired session to the login form."""
        with step(page, "session.check"):
            self._open(page, "/compose", "the compose page")
            with browser_step("the page shows no signed-in user", PageChanged):
                self._expect_signed_in_as(page, self.account.handle)

    def _expect_signed_in_as(self, page: Page, handle: str) -> None:
        from playwright.sync_api import expect

        expect(self._get(page, "nav.current_user")).to_have_text(handle)

    def publish(self, page: Page, draft: Draft, *, dry_run: bool = False) -> PublishedRef | None:
        """Fill the compose form; unless `dry_run`, submit it and return where the post lives.

        A dry run finds the Post button (so `jadwal selftest` proves it is there) but never clicks it.
        """
        with step(page, "compose.open"):
            self._open(page, "/compose", "the compose page")
        with step(page, "compose.text"):
            text = self._get(page, "compose.text")
            if self._max_text is None:  # the site's own limit, read once per adapter
                limit = text.get_attribute("maxlength")
                self._max_text = int(limit) if limit and limit.isdigit() else 0
            if self._max_text and len(draft.text) > self._max_text:
                raise PlatformError(
                    _("post {id} has {n} characters; the site takes at most {limit}").format(
                        id=draft.post_id, n=len(draft.text), limit=self._max_text),
                    _("shorten the post's text in the plan"),
                )
            with browser_step("could not type the post text", PageChanged):
                text.fill(draft.text)
        if draft.media:
            with step(page, "compose.media"):
                image = self._get(page, "compose.media")
                if len(draft.media) > 1 and image.get_attribute("multiple") is None:
                    raise PlatformError(
                        _("post {id} has {n} media files; the site takes one per post").format(
                            id=draft.post_id, n=len(draft.media)),
                        _("keep one image in the post's `media`"),
                    )
                with browser_step("could not attach the image", PageChanged):
                    image.set_input_files([str(p) for p in draft.media])
        with step(page, "compose.submit"):
            submit = self._get(page, "compose.submit")
            if dry_run:
                return None
        return self._submit(page, submit, draft)

    def _submit(self, page: Page, submit: Locator, draft: Draft) -> PublishedRef:
        """Click Post and read the confirmation. Everything from here on is `OutcomeUnknown`."""
        unknown_hint = _("the post may be live: check the account's profile before trying again "
                         "(the daemon looks it up by itself)")
        with browser_step(f"post {draft.post_id}: no confirmation after submitting", OutcomeUnknown, unknown_hint):
            with sent_once(page, self._url("/compose"), draft.media) as lost:
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
            said = _shown_text(self._any(page, "compose.error"))
            raise PlatformError(
                _("post {id}: the site refused it (HTTP {status})").format(id=draft.post_id, status=status)
                + (": " + said if said else ""),
                _("fix the post in the plan (text length, image type/size)"),
            )
        if status >= 500:
            raise OutcomeUnknown(
                _("post {id}: the site answered HTTP {status} after submitting").format(id=draft.post_id, status=status),
                unknown_hint
            )
        # the navigation has loaded: the server-rendered confirmation is there now or never
        with browser_step(f"post {draft.post_id}: the site did not confirm the post", OutcomeUnknown, unknown_hint):
            confirmed = self._any(page, "post.live").count() > 0
            shown = self._any(page, "post.article").evaluate_all(_ARTICLE_JS)
        remote_id, stamp = next(((i["postId"], i["time"]) for i in shown if i["postId"]), (None, None))
        if not confirmed:
            raise OutcomeUnknown(
                _("post {id}: the page after submitting does not confirm the post").format(id=draft.post_id),
                unknown_hint
            )
        published = parse_time(stamp)
        if not remote_id:
            raise OutcomeUnknown(f"post {draft.post_id}: the confirmation page names no post id", unknown_hint)
        url = urljoin(page.url, urlsplit(page.url).path)  # the permalink, without query or fragment
        logger.debug("post {} is live at {}", draft.post_id, url)
        return PublishedRef(remote_id=remote_id, url=url, published_at=published)

    def _profile_posts(self, page: Page) -> list[_Listed]:
        selectors = {"text": self.pack.css("profile.post_text"), "link": self.pack.css("profile.permalink")}
        with browser_step("could not read the profile's posts", PageChanged):
            return [
                _Listed(r["id"], r["text"], parse_time(r["time"]), r["href"])
                for r in self._any(page, "profile.post").evaluate_all(_POSTS_JS, selectors)
            ]

    def _next_page(self, page: Page, key: str, what: str) -> bool:
        """Follow the "Next page" link `key`; False when there is none."""
        found = self.pack.find(page, key)
        if found is None:
            return False
        with browser_step(f"could not open {what}", SiteUnavailable):
            with page.expect_navigation(wait_until=LOADED) as navigation:
                found.locator.click()
        _check_response(navigation.value, f"could not open {what}")
        self._arrived(page)
        return True

    def find_published(self, page: Page, draft: Draft, *, since: datetime) -> PublishedRef | None:
        """Scan the account's profile, newest first, for a post with the draft's text made since `since`."""
        if since.tzinfo is None:
            raise ValueError("find_published needs an aware `since`")
        wanted = squash(draft.text)
        self._open(page, f"/u/{self.account.handle}", "the account's profile")
        while True:
            for item in self._profile_posts(page):
                if item.time is not None and item.time < since:
                    return None  # newest first: everything further is older still
                if item.id and squash(item.text) == wanted:
                    url = urljoin(page.url, item.href) if item.href else self._url(f"/p/{item.id}")
                    return PublishedRef(remote_id=item.id, url=url, published_at=item.time)
            if not self._next_page(page, "profile.next_page", "the next profile page"):
                return None

    def latest_published(self, page: Page) -> PublishedRef | None:
        """The account's newest post (for `jadwal selftest`'s comment-reading steps), or None."""
        with step(page, "profile.latest"):
            self._open(page, f"/u/{self.account.handle}", "the account's profile")
            listed = [item for item in self._profile_posts(page) if item.id]
        if not listed:
            return None
        item = listed[0]
        url = urljoin(page.url, item.href) if item.href else self._url(f"/p/{item.id}")
        return PublishedRef(remote_id=item.id, url=url, published_at=item.time)

    def comments(self, page: Page, ref: PublishedRef) -> list[Comment]:
        """Every comment and reply under a post, following "Next page" to the end."""
        with step(page, "post.open"):
            self._open(page, urlsplit(ref.url).path, f"post {ref.remote_id}")
        selectors = {"item": ",".join(self.pack.css("post.comment")), "author": self.pack.css("comment.author"),
                     "text": self.pack.css("comment.text")}
        found: dict[str, Comment] = {}
        with step(page, "post.comments"):
            while True:
                with browser_step(f"could not read the comments of post {ref.remote_id}", PageChanged):
                    rows = self._any(page, "post.comment").evaluate_all(_COMMENTS_JS, selectors)
                for row in rows:
                    if row["id"] and row["id"] not in found:
                        found[row["id"]] = Comment(
                            id=row["id"],
                            author=squash(row["author"]),
                            text=row["text"].strip(),
                            parent_id=row["parent"] or None,
                            created_at=parse_time(row["time"]),
                            post_remote_id=ref.remote_id,
                        )
                if not self._next_page(page, "post.next_page", "the next page of comments"):
                    return list(found.values())

    def reply(self, page: Page, ref: PublishedRef, comment_id: str, text: str) -> Comment:
        """Answer a comment in its thread; returns the reply as the site lists it."""
        path = urlsplit(ref.url).path.rstrip("/")
        self._open(page, f"{path}/reply/{comment_id}", f"the reply form for comment {comment_id}")
        with browser_step("could not type the reply", PageChanged):
            self._get(page, "reply.text").fill(text)
        button = self._get(page, "reply.submit")
        hint = "the reply may be posted: look at the post before answering again"
        with after_submit(comment_id):  # a check met from the click on: the reply may be stored
            with browser_step(f"no confirmation after replying to comment {comment_id}", OutcomeUnknown, hint):
                with page.expect_navigation(wait_until=LOADED) as navigation:
                    button.click()
                response = navigation.value
            if response is not None and response.status >= 400:
                raise OutcomeUnknown(f"replying to comment {comment_id}: the site answered HTTP {response.status}", hint)
            wanted = squash(text)
            mine = [
                c
                for c in self.comments(page, ref)
                if c.parent_id == comment_id and c.author == self.account.handle and squash(c.text) == wanted
            ]
            if not mine:
                raise OutcomeUnknown(f"the reply to comment {comment_id} does not show under the post", hint)
            return max(mine, key=lambda c: (c.created_at or datetime.min.replace(tzinfo=timezone.utc), _id_key(c.id)))

    def metrics(self, page: Page) -> dict[str, float]:
        """Follower count from the account's profile page."""
        with step(page, "profile.followers"):
            self._open(page, f"/u/{self.account.handle}", "the account's profile")
            raw = self._get(page, "profile.followers").inner_text().strip()
        if not re.fullmatch(r"\d+", raw):
            raise PageChanged(f"the follower count reads {raw!r}, not a number", "update the sandbox pack")
        return {"followers": float(raw)}

    def post_metrics(self, page: Page, ref: PublishedRef) -> dict[str, float]:
        """Likes, comments and views from the post's permalink (one page load)."""
        with step(page, "post.stats"):
            response = self._open(page, urlsplit(ref.url).path, f"post {ref.remote_id}")
            if response is not None and response.status == 404:
                raise PlatformError(f"post {ref.remote_id} is no longer on the site ({ref.url})",
                                    "nothing to do: it was deleted on the site")
            stats = self._get(page, "post.stats")
            with browser_step(f"could not read the numbers of post {ref.remote_id}", PageChanged):
                shown = stats.first.evaluate(_STATS_JS)
        values: dict[str, float] = {}
        for name in self.post_metric_names:
            raw = (shown.get(name) or "").strip()
            if not re.fullmatch(r"\d+", raw):
                raise PageChanged(f"post {ref.remote_id}: the {name} count reads {raw!r}, not a number",
                                  "update the sandbox pack")
            values[name] = float(raw)
        return values

    def activity(self, page: Page, since: datetime | None) -> list[Activity]:
        """The account's activity page, newest first, back to `since` (one page load unless busy)."""
        with step(page, "activity.page"):
            response = self._open(page, "/activity", "the activity page")
            if response is not None and response.status >= 400:
                raise PageChanged(f"the site has no activity page (HTTP {response.status})",
                                  "the comment check reads the posts by age instead")
            # an empty list must be the site saying "nothing new", never a page whose markup changed
            self._get(page, "activity.page")
        found: list[Activity] = []
        while True:
            with browser_step("could not read the activity page", PageChanged):
                rows = self._any(page, "activity.item").evaluate_all(_ACTIVITY_JS)
            for row in rows:
                at = parse_time(row["time"])
                if since is not None and at is not None and at < since:
                    return found  # newest first: the rest is older still
                found.append(Activity(post_remote_id=row["post"], kind=row["kind"], at=at, id=row["id"]))
            next_page = self._any(page, "activity.next_page")
            if since is None or next_page.count() == 0:
                return found
            with browser_step("could not open the next activity page", SiteUnavailable):
                with page.expect_navigation(wait_until=LOADED) as navigation:
                    next_page.first.click()
            _check_response(navigation.value, "could not open the next activity page")
            self._arrived(page)


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
