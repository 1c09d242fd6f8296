"""The adapter for a self-hosted WordPress site (block editor, threaded comments).

WordPress sites run in the owner's language, so nothing here reads UI text.
What the adapter relies on, all of it part of WordPress's public surface:

- `wp-login.php`: the ids `#user_login`, `#user_pass`, `#rememberme`,
  `#wp-submit`, `#login_error`, and its test cookie (set when the page loads,
  required by the login POST).
- `wp-admin/admin-ajax.php?action=rest-nonce`: a REST nonce for the signed-in
  user (`0` with HTTP 400 when signed out), used with the session cookie.
- The block editor's data API on `wp-admin/post-new.php`: `wp.blocks.createBlock`,
  `core/editor` (`resetEditorBlocks`, `editPost`, `savePost`, `getCurrentPost`),
  `core/preferences` (the welcome guide), and `.edit-post-welcome-guide`.
- The REST API `wp/v2` (as `/?rest_route=`, with or without pretty permalinks):
  `users/me`, `media` (upload), `posts` (lookup), `comments` (reading,
  following `X-WP-TotalPages`).
- The comment form of `comment_form()`: `#commentform`, `#comment`,
  `#comment_parent`, a submit button, `?replytocom=ID`, and the redirect of
  `wp-comments-post.php` to `#comment-ID` (or `unapproved=ID` when held).

Every post jadwal publishes carries a class `jadwal-<post id>` on its first
paragraph, so `find_published` recognises it exactly after a crash.
"""

from __future__ import annotations

import base64
import html
import json
import mimetypes
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from loguru import logger

from scheduler.browser import browser_step, login_hint
from scheduler.errors import (
    LoginFailed,
    OutcomeUnknown,
    PageChanged,
    PlatformError,
    SessionExpired,
    SiteUnavailable,
)
from scheduler.platforms.base import Comment, Credentials, Draft, PublishedRef

if TYPE_CHECKING:
    from playwright.sync_api import APIResponse, Page

    from scheduler.plan.model import Account

#: how long the editor may take to save (publish) a post, in milliseconds
SAVE_TIMEOUT_MS = 60_000
#: clock skew tolerated between jadwal and the site when looking posts up
CLOCK_SLACK = timedelta(minutes=10)
TITLE_MAX = 80

_EDITOR_READY = """() => !!(window.wp && wp.data && wp.blocks && wp.blocks.getBlockType('core/paragraph')
    && wp.data.select('core/editor') && wp.data.select('core/editor').getCurrentPostId())"""

_HIDE_WELCOME_GUIDE = """() => {
    const prefs = wp.data.select('core/preferences');
    if (prefs && prefs.get('core/edit-post', 'welcomeGuide') !== false) {
        wp.data.dispatch('core/preferences').set('core/edit-post', 'welcomeGuide', false);
    }
}"""

_FILL_EDITOR = """({title, paragraphs, marker, images}) => {
    const {createBlock} = wp.blocks;
    const blocks = paragraphs.map((content, i) =>
        createBlock('core/paragraph', i === 0 ? {content, className: marker} : {content}));
    for (const img of images) {
        blocks.push(createBlock('core/image', {id: img.id, url: img.url, alt: img.alt, sizeSlug: 'full'}));
    }
    if (paragraphs.length === 0) blocks.unshift(createBlock('core/paragraph', {content: '', className: marker}));
    wp.data.dispatch('core/editor').resetEditorBlocks(blocks);
    wp.data.dispatch('core/editor').editPost({title});
    const sel = wp.data.select('core/editor');
    return {title: sel.getEditedPostAttribute('title'), blocks: sel.getEditorBlocks().length};
}"""

_PUBLISH = """async (timeoutMs) => {
    const editor = wp.data.dispatch('core/editor');
    const sel = wp.data.select('core/editor');
    editor.editPost({status: 'publish'});
    const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
    const outcome = await Promise.race([editor.savePost().then(() => 'done'), timer]);
    const post = sel.getCurrentPost();
    const error = wp.data.select('core').getLastEntitySaveError('postType', post.type, post.id);
    return {
        outcome,
        succeeded: sel.didPostSaveRequestSucceed(),
        status: post.status, id: post.id, link: post.link, date_gmt: post.date_gmt,
        error: error ? {code: error.code || '', message: error.message || '',
                        status: (error.data && error.data.status) || 0} : null,
    };
}"""


def split_title(draft: Draft) -> tuple[str, str]:
    """(title, body): `draft.title`, or else the text's first line becomes the title and the rest the body."""
    text = draft.text.strip()
    if draft.title and draft.title.strip():
        return draft.title.strip(), text
    first, _, rest = text.partition("\n")
    title = " ".join(first.split())
    if len(title) > TITLE_MAX:
        title = title[:TITLE_MAX].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    return title, rest.strip() or text


def paragraphs_html(body: str) -> list[str]:
    """Paragraph blocks' HTML: blank lines split paragraphs, single newlines become <br>."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    return ["<br>".join(html.escape(line.strip(), quote=False) for line in p.splitlines()) for p in parts]


def marker_class(post_id: str) -> str:
    """The CSS class that tags a published post with the plan's post id."""
    return "jadwal-" + (re.sub(r"[^a-z0-9]+", "-", post_id.lower()).strip("-") or "post")


def plain_text(fragment: str) -> str:
    """Rendered HTML as the words a reader sees, whitespace squashed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _parse_gmt(value: str | None) -> datetime | None:
    """WordPress's `date_gmt` ("2024-05-01T10:00:00", no offset) as an aware UTC datetime."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def _read_media(path: Path) -> tuple[str, bytes]:
    """(content type, bytes) of a media file; `PlatformError` when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlatformError(f"cannot read the media file {path}: {exc}", "check the post's `media`") from exc
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream", data


@dataclass(frozen=True, slots=True)
class _Me:
    id: int
    nonce: str


class WordPressAdapter:
    """One WordPress user (`handle`) on one site (`url`, the site root)."""

    name: ClassVar[str] = "wordpress"
    #: WordPress core counts comments only (no likes or views)
    post_metric_names: ClassVar[tuple[str, ...]] = ("comments",)
    #: REST page size when reading comments (WordPress allows up to 100)
    comments_per_page: int = 100
    #: REST page size when looking posts up
    posts_per_page: int = 20

    def __init__(self, account: Account) -> None:
        self.account = account
        self.root = account.url.rstrip("/")

    # -- session -------------------------------------------------------------

    def _expired(self, why: str) -> SessionExpired:
        return SessionExpired(
            f"the WordPress session of account {self.account.id} at {self.root} is not accepted ({why})",
            login_hint(self.account.id),
        )

    def _goto(self, page: Page, path: str) -> None:
        """Load a page before anything is submitted; a redirect to wp-login.php means signed out."""
        with browser_step(f"loading {self.root}{path}", SiteUnavailable, "is the site up? try again later"):
            response = page.goto(self.root + path)
        if response is not None and response.status >= 500:
            raise SiteUnavailable(f"{self.root}{path} answered HTTP {response.status}", "try again later")
        if urlsplit(page.url).path.endswith("/wp-login.php") and not path.startswith("/wp-login.php"):
            raise self._expired("WordPress sent the browser to its login page")

    def login(self, page: Page, credentials: Credentials) -> None:
        """Sign in through wp-login.php (loaded first: WordPress wants its test cookie)."""
        self._goto(page, "/wp-login.php")
        with browser_step("filling the WordPress login form", PageChanged, "is this a WordPress site root?"):
            page.locator("#user_login").fill(credentials.username)
            page.locator("#user_pass").fill(credentials.password)
            remember = page.locator("#rememberme")
            if remember.count():
                remember.check()  # 14-day session instead of 2
            with page.expect_navigation():
                page.locator("#wp-submit").click()
        if urlsplit(page.url).path.endswith("/wp-login.php"):
            error = page.locator("#login_error")
            shown = plain_text(error.inner_html()) if error.count() else "no message"
            raise LoginFailed(
                f"WordPress at {self.root} refused the login of {credentials.username!r}: {shown}",
                "check the user name and password (the WordPress user, not the database one)",
            )
        self._me(page)  # proves the session works for the REST API too
        logger.debug("logged in to {} as {}", self.root, credentials.username)

    def check_session(self, page: Page) -> None:
        self._me(page)

    def _nonce(self, page: Page) -> str:
        with browser_step(f"asking {self.root} for a REST nonce", SiteUnavailable, "try again later"):
            response = page.request.get(self.root + "/wp-admin/admin-ajax.php?action=rest-nonce")
        if response.status >= 500:
            raise SiteUnavailable(f"{self.root} answered HTTP {response.status}", "try again later")
        nonce = response.text().strip()
        if not response.ok or not re.fullmatch(r"[0-9a-f]{6,}", nonce):
            raise self._expired("admin-ajax.php has no nonce for this browser")
        return nonce

    def _me(self, page: Page) -> _Me:
        nonce = self._nonce(page)
        user = self._rest(page, "GET", "/wp/v2/users/me", nonce=nonce, step=SiteUnavailable)
        return _Me(id=int(user["id"]), nonce=nonce)

    def _rest(
        self,
        page: Page,
        method: str,
        route: str,
        *,
        nonce: str,
        params: dict[str, Any] | None = None,
        multipart: dict[str, Any] | None = None,
        step: type[PlatformError] = SiteUnavailable,
        response_out: list[APIResponse] | None = None,
    ) -> Any:
        """One REST call with the browser's cookies; WordPress's error codes become jadwal's errors."""
        # ?rest_route= works with and without pretty permalinks (/wp-json/ needs them)
        url = self.root + "/?" + urlencode({"rest_route": route, **(params or {})}, safe="/")
        with browser_step(f"{method} {route} on {self.root}", step, "try again later"):
            response = page.request.fetch(
                url, method=method, headers={"X-WP-Nonce": nonce}, multipart=multipart
            )
            body = response.text()
        try:
            data = json.loads(body) if body else None
        except json.JSONDecodeError:
            data = None
        if response.ok and data is not None:
            if response_out is not None:
                response_out.append(response)
            return data
        code = data.get("code", "") if isinstance(data, dict) else ""
        message = plain_text(data.get("message", "")) if isinstance(data, dict) else body[:200]
        if code in {"rest_not_logged_in", "rest_cookie_invalid_nonce"} or response.status == 401:
            raise self._expired(code or f"HTTP {response.status}")
        if response.status >= 500 or data is None:
            raise step(f"{method} {route} on {self.root}: HTTP {response.status} {message}", "try again later")
        raise PlatformError(
            f"{method} {route} on {self.root} was refused: HTTP {response.status} {code} {message}",
            "check that the account's WordPress user may do this (role Author or above)",
        )

    # -- publishing ----------------------------------------------------------

    def _open_editor(self, page: Page) -> None:
        """A new post in the block editor, its welcome guide out of the way."""
        self._goto(page, "/wp-admin/post-new.php")
        with browser_step("waiting for the block editor", PageChanged,
                          "is the block editor enabled (no Classic Editor plugin)?"):
            page.wait_for_function(_EDITOR_READY)
            page.evaluate(_HIDE_WELCOME_GUIDE)  # stays off for this user from now on

    def _upload(self, page: Page, me: _Me, draft: Draft, post_id: int) -> list[dict[str, Any]]:
        images = []
        for path in draft.media:
            mime, data = _read_media(path)
            media = self._rest(
                page, "POST", "/wp/v2/media", nonce=me.nonce,
                multipart={"file": {"name": path.name, "mimeType": mime, "buffer": data}, "post": str(post_id)},
            )
            images.append({"id": media["id"], "url": media["source_url"], "alt": media.get("alt_text") or ""})
            logger.debug("uploaded {} to {} as media {}", path.name, self.root, media["id"])
        return images

    @staticmethod
    def _preview(draft: Draft) -> list[dict[str, Any]]:
        """Images for a dry run: shown in the editor from data: URLs, nothing uploaded."""
        images = []
        for path in draft.media:
            mime, data = _read_media(path)
            images.append({"id": None, "alt": "", "url": f"data:{mime};base64," + base64.b64encode(data).decode()})
        return images

    def publish(self, page: Page, draft: Draft, *, dry_run: bool = False) -> PublishedRef | None:
        """Write the post in the block editor (through its data API) and publish it."""
        title, body = split_title(draft)
        for path in draft.media:
            if not path.is_file():
                raise PlatformError(f"the media file {path} does not exist", "fix the post's `media` path")
            if not (mimetypes.guess_type(path.name)[0] or "").startswith("image/"):
                raise PlatformError(f"the media file {path} is not an image; the wordpress adapter posts images only",
                                    "use .jpg, .png, .gif or .webp files for WordPress posts, or link other media")
        guide = page.locator(".edit-post-welcome-guide")
        page.add_locator_handler(guide, lambda: page.keyboard.press("Escape"))
        try:
            me = self._me(page)
            self._open_editor(page)
            with browser_step("reading the new post's id", PageChanged):
                post_id = page.evaluate("() => wp.data.select('core/editor').getCurrentPostId()")
            images = self._preview(draft) if dry_run else self._upload(page, me, draft, post_id)
            with browser_step("writing the post in the block editor", PageChanged):
                filled = page.evaluate(_FILL_EDITOR, {
                    "title": title, "paragraphs": paragraphs_html(body),
                    "marker": marker_class(draft.post_id), "images": images,
                })
            if filled["title"] != title:
                raise PageChanged("the block editor did not take the post's title", "WordPress's editor API changed?")
            if dry_run:
                logger.debug("dry run: {} filled in on {}, not published", draft.post_id, self.root)
                return None
            with browser_step("publishing in the block editor", OutcomeUnknown,
                              "look on the site whether the post is live before trying again"):
                result = page.evaluate(_PUBLISH, SAVE_TIMEOUT_MS)
        finally:
            page.remove_locator_handler(guide)
        return self._published(draft, result)

    def _published(self, draft: Draft, result: dict[str, Any]) -> PublishedRef:
        if result["outcome"] == "done" and result["succeeded"] and result["status"] in {"publish", "future"}:
            ref = PublishedRef(remote_id=str(result["id"]), url=result["link"],
                               published_at=_parse_gmt(result["date_gmt"]))
            logger.debug("published {} on {} as {}", draft.post_id, self.root, ref.url)
            return ref
        error = result.get("error") or {}
        status = int(error.get("status") or 0)
        what = f"publishing {draft.post_id} on {self.root}"
        if error.get("code") in {"rest_cookie_invalid_nonce", "rest_not_logged_in"}:
            raise self._expired(error["code"])
        if 400 <= status < 500:  # refused: nothing went live
            raise PlatformError(f"{what} was refused: {error.get('code')} {plain_text(error.get('message', ''))}",
                                "check that the WordPress user may publish posts (role Author or above)")
        raise OutcomeUnknown(f"{what}: {result['outcome']}, post status {result['status']!r}, {error or 'no error'}",
                             "look on the site whether the post is live before trying again")

    def find_published(self, page: Page, draft: Draft, *, since: datetime) -> PublishedRef | None:
        """The post carrying this draft's marker (or its title and text), published since `since`."""
        me = self._me(page)
        title, body = split_title(draft)
        marker = marker_class(draft.post_id)
        words = plain_text("".join(paragraphs_html(body)))
        oldest = since.astimezone(timezone.utc) - CLOCK_SLACK
        number = 1
        while True:
            posts = self._rest(page, "GET", "/wp/v2/posts", nonce=me.nonce, params={
                "author": me.id, "status": "publish,future,private", "context": "edit",
                "orderby": "date", "order": "desc", "per_page": self.posts_per_page, "page": number,
            })
            for post in posts:
                published = _parse_gmt(post.get("date_gmt"))
                if published is not None and published < oldest:
                    return None
                raw = post["content"].get("raw", "")
                tagged = re.search(r'class="[^"]*\b' + re.escape(marker) + r'\b', raw) is not None
                same = post["title"].get("raw") == title and words in plain_text(raw)
                if tagged or same:
                    return PublishedRef(remote_id=str(post["id"]), url=post["link"], published_at=published)
            if len(posts) < self.posts_per_page:
                return None
            number += 1

    # -- comments ------------------------------------------------------------

    def comments(self, page: Page, ref: PublishedRef) -> list[Comment]:
        """Every approved comment of the post, following the REST API's pages."""
        me = self._me(page)
        found: list[Comment] = []
        number, pages = 1, 1
        while number <= pages:
            out: list[APIResponse] = []
            batch = self._rest(page, "GET", "/wp/v2/comments", nonce=me.nonce, response_out=out, params={
                "post": ref.remote_id, "orderby": "date_gmt", "order": "asc",
                "per_page": self.comments_per_page, "page": number,
            })
            pages = int(out[0].headers.get("x-wp-totalpages", "1") or 1)
            found.extend(self._comment(c, me, ref) for c in batch)
            number += 1
        return found

    def _comment(self, data: dict[str, Any], me: _Me, ref: PublishedRef) -> Comment:
        user = int(data.get("author") or 0)
        author = str(data.get("author_name") or "")
        if user == me.id:
            author = self.account.handle
        elif author == self.account.handle:  # a guest (or another user) may type the account's name
            author = f"{author} (user {user})" if user else f"{author} (guest)"
        return Comment(
            id=str(data["id"]),
            author=author,
            text=plain_text(data.get("content", {}).get("rendered", "")),
            parent_id=str(data["parent"]) if data.get("parent") else None,
            created_at=_parse_gmt(data.get("date_gmt")),
            post_remote_id=ref.remote_id,
        )

    def reply(self, page: Page, ref: PublishedRef, comment_id: str, text: str) -> Comment:
        """Answer through the post's own comment form, in the comment's thread."""
        parts = urlsplit(ref.url)
        query = (parts.query + "&" if parts.query else "") + urlencode({"replytocom": comment_id})
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, query, "respond"))
        with browser_step(f"loading {url}", SiteUnavailable, "is the site up? try again later"):
            response = page.goto(url)
        if response is not None and response.status >= 500:
            raise SiteUnavailable(f"{url} answered HTTP {response.status}", "try again later")
        form = page.locator("#commentform")
        if not form.count():
            raise PlatformError(f"the post {ref.url} shows no comment form", "are its comments closed?")
        if page.locator("#commentform #author").count():  # the form asks for a name: signed out
            raise self._expired("the comment form asks for a name")
        with browser_step("filling the comment form", PageChanged):
            page.locator("#comment_parent").evaluate("(el, id) => { el.value = id; }", comment_id)
            page.locator("#commentform #comment").fill(text)
        with browser_step("sending the reply", OutcomeUnknown,
                          "look at the post whether the reply is there before trying again"):
            with page.expect_response(lambda r: r.url.endswith("/wp-comments-post.php")) as answer:
                form.locator("[type=submit]").first.click()
            response = answer.value
            location = response.headers.get("location", "")
        return self._replied(response.status, location, ref, comment_id, text)

    def _replied(self, status: int, location: str, ref: PublishedRef, parent: str, text: str) -> Comment:
        if status in (301, 302, 303):
            split = urlsplit(location)
            held = parse_qs(split.query).get("unapproved", [""])[0]
            match = re.fullmatch(r"comment-(\d+)", split.fragment)
            new_id = match.group(1) if match else held
            if new_id:
                if held:
                    logger.warning("reply {} on {} is held for moderation", new_id, ref.url)
                return Comment(id=new_id, author=self.account.handle, text=" ".join(text.split()),
                               parent_id=parent, created_at=datetime.now(timezone.utc),
                               post_remote_id=ref.remote_id)
        if status == 429:
            raise SiteUnavailable(f"WordPress at {self.root} refused the reply: comments sent too quickly",
                                  "WordPress allows one comment per 15 s from a user who cannot moderate; "
                                  "the next check will answer")
        if status == 409:
            raise PlatformError(f"WordPress at {self.root} refused the reply as a duplicate of an earlier one",
                                "look at the post: the same answer is already there")
        raise OutcomeUnknown(f"sending the reply on {ref.url}: HTTP {status}, redirect {location!r}",
                             "look at the post whether the reply is there before trying again")

    # -- metrics -------------------------------------------------------------

    def metrics(self, page: Page) -> dict[str, float]:
        """WordPress core shows no follower or reach counts."""
        return {}

    def post_metrics(self, page: Page, ref: PublishedRef) -> dict[str, float]:
        """The post's approved comments, from the REST API's total (one call after the nonce)."""
        out: list[APIResponse] = []
        self._rest(page, "GET", "/wp/v2/comments", nonce=self._nonce(page), response_out=out,
                   params={"post": ref.remote_id, "per_page": 1, "_fields": "id"})
        total = out[0].headers.get("x-wp-total", "")
        if not total.isdigit():
            raise PageChanged(f"WordPress at {self.root} gave no comment total for post {ref.remote_id}",
                              "is this a WordPress 5+ site with its REST API on?")
        return {"comments": float(total)}
