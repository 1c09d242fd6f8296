"""The adapter for TikTok on the web: one video with its description through TikTok Studio.

The flow, each step from public sources (the pack, `scheduler/packs/data/tiktok.toml`, names them
locator by locator; the research notes are /work/research/tiktok.md):

- Login: every working project logs in by hand once and keeps the session (SAU, MAKI, HZ, DL), so
  `jadwal login --interactive` opens `/login` and waits until TikTok's own account endpoint
  (`/node-webapp/api/common-app-context`, whose `user.uniqueId` names the signed-in account [MP])
  says a person is in; the saved session (or a browser profile) serves after that. The email /
  username form at `/login/phone-or-email/email` [TU] is filled for `--password-env`, and stops at
  the captcha TikTok shows scripted logins on nearly every try.
- Publish: `/tiktokstudio/upload` (no iframe since 2024-06 [TU eda3b25]); the video goes into
  `input[type=file][accept="video/*"]` [HZ, MP]; the description box is Draft.js, pre-filled with the
  file's name, which takes only real input (key presses, inserted text, a paste event [MP, MPD]):
  it is cleared with select-all and Backspace [TU, SAU] and typed, each `#tag` / `@name` key by key
  with its suggestion taken from the list when it is the same word (the popover [TU], its rows
  [HZ, TU]); Post (`data-e2e=post_video_button` [TU]) is pressed once, when the upload and processing
  are done (`data-disabled="false"` [TU 4ff78cc]), after the description shown is checked to be the
  post's; "Continue to post?" is answered "Post now" [TU 71a5736] and "Content may be restricted"
  closed, which posts anyway [uptik PR #13]; success is the move to `/tiktokstudio/content` and its
  posts table [SAU 0012f69, HZ], whose first link names the new video's id [SAU 95217cc].
- Photo posts are refused: no public source shows the web uploader taking photos (MAKI#70).
- `find_published`: the posts table of TikTok Studio (the signed-in account's own), each candidate
  confirmed on its video page by the author, the whole description and its `createTime` (the page's
  `__UNIVERSAL_DATA_FOR_REHYDRATION__` JSON [KV; multi]), never by an id alone.
- Comments: the video page's list (`comment-level-1` / `-2` [KK, MPD]) scrolled until no more come,
  each "View N replies" / "View more" pressed until none is left; replies hang under the top-level
  comment (one level, as TikTok shows them). The page names no comment ids, so a comment's id is
  made from its thread, author and text (see `comment_ids`).
- Reply: that comment's Reply [multi], the comment box (Draft.js, real key presses [KV, MPD]), its
  Post [KV, MPD]; then the video is read again to find the answer in the right thread.
- Metrics: the profile's follower count, exact in the page's JSON [multi], else as shown [KK].

Checkpoints (captchas, a code prompt, the throttles "Too many attempts", "You are posting too fast"
...) stop the flow with `CheckpointReached` (`BlockedAfterSubmit` after Post: the video may be posted,
so it is looked up before it is ever sent again); nothing is ever typed into them. Dialogs that merely
interrupt (the cookie banner, the tutorial, content checks, new editing features) are dismissed by
the pack's handlers, declining where there is a choice.
"""

from __future__ import annotations

import json
import re
import time
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final
from urllib.parse import urljoin, urlsplit

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
from scheduler.i18n import _
from scheduler.packs import Pack, pack_of, step
from scheduler.plan.media import sniff
from scheduler.platforms import readings
from scheduler.platforms.base import Comment, Credentials, Draft, PublishedRef, after_submit
from scheduler.platforms.tiktok_text import (
    Shown,
    comment_ids,
    dig,
    id_time,
    norm,
    number,
    same_text,
    segments,
    starts_alike,
)
from scheduler.platforms.common import shown_text as _shown_text
from scheduler.platforms.common import site_address

if TYPE_CHECKING:
    from playwright.sync_api import Dialog, Locator, Page, Response

    from scheduler.plan.model import Account

#: TikTok Studio's upload page [SAU, HZ UPLOAD_URL, MP] and its posts list [SAU, HZ CONTENT_URL]
UPLOAD: Final = "/tiktokstudio/upload"
CONTENT: Final = "/tiktokstudio/content"
#: the login choices [SAU, MAKI] and the email / username form [TU paths.login, since 2023-02]
LOGIN: Final = "/login"
LOGIN_FORM: Final = "/login/phone-or-email/email"
#: who is signed in: a `user` object with `uniqueId` when someone is [MP src/sync/account/tiktok.ts]
APP_CONTEXT: Final = "/node-webapp/api/common-app-context"
LOADED: Final = "domcontentloaded"

#: how long an upload and its processing may take before Post is ready [TU uploading_wait, 180 s]
UPLOAD_TIMEOUT_MS: Final = 180_000
#: how long the suggestions under a #tag or @name may take to show [TU add_hashtag_wait: 5 s since 2025-03]
SUGGESTION_WAIT_MS: Final = 5_000
#: a key press every 50 ms where TikTok reacts to keys (tags, mentions, comments) [TU]
KEY_DELAY_MS: Final = 50
#: how long after Post TikTok Studio may take to show the posts list [research: "<= 90 s"]
POST_TIMEOUT_MS: Final = 90_000
#: how long a scrolled list or "View replies" may take to show more before jadwal takes it as all
#: there is (jadwal's own; a loaded machine or a slow site is given time)
SETTLE_MS: Final = 3_000
#: how long to wait for a person to log in, between two looks at the account endpoint
LOGIN_LOOK_MS: Final = 5_000
#: the most "load more" rounds one read makes (a post with tens of thousands of comments stops there)
MAX_ROUNDS: Final = 500

#: the numbers of a video in its page's JSON [multi], by jadwal's names (`base.POST_METRICS`)
JSON_STATS: Final = {"likes": "diggCount", "comments": "commentCount", "shares": "shareCount",
                     "saves": "collectCount", "views": "playCount"}
VIDEO_ID = re.compile(r"/video/([\w-]+)")  # 19 digits on TikTok [SAU]; any id word is taken
HANDLE_IN_LINK = re.compile(r"/@([^/?#]+)")
#: every element's state: usable, as the Post button says it [TU data-disabled, HZ aria-disabled]
ENABLED: Final = ':not([data-disabled="true"]):not([aria-disabled="true"]):not([disabled])'


# -- in the page ------------------------------------------------------------------------------------

#: each comment's level, author link and time, read in one round trip: from its text element up to the
#: nearest box holding that level's author (and no other comment); selectors from the pack
_COMMENTS_JS = """
(els, sel) => {
  const any = (el, list) => list.some(s => el.matches(s));
  const texts = sel.level1.concat(sel.level2).join(',');
  const near = (el, list) => {
    for (let box = el.parentElement; box; box = box.parentElement) {
      if (box.querySelectorAll(texts).length > 1) return null;
      for (const s of list) { const found = box.querySelector(s); if (found) return found; }
    }
    return null;
  };
  return els.map(el => {
    const level = any(el, sel.level2) ? 2 : 1;
    const author = near(el, level === 2 ? sel.author2 : sel.author1);
    const time = near(el, level === 2 ? sel.time2 : sel.time1);
    const link = author ? (author.getAttribute('href') || (author.querySelector('a') || {getAttribute: () => ''}).getAttribute('href') || '') : '';
    return {level, text: el.innerText || '', href: link, name: author ? author.innerText || '' : '',
            time: time ? time.innerText || '' : ''};
  });
}
"""

#: the Reply button of one comment (found like its author above)
_REPLY_BUTTON_JS = """
(el, sel) => {
  const texts = sel.level1.concat(sel.level2).join(',');
  const list = sel.level2.some(s => el.matches(s)) ? sel.reply2 : sel.reply1;
  for (let box = el.parentElement; box; box = box.parentElement) {
    if (box.querySelectorAll(texts).length > 1) return null;
    for (const s of list) { const found = box.querySelector(s); if (found) return found; }
  }
  return null;
}
"""

_LINKS_JS = "els => els.map(a => [a.getAttribute('href') || '', a.innerText || a.getAttribute('title') || ''])"

#: pages whose "leave this page?" prompt jadwal answers (a dry run leaves an unposted upload behind)
_ANSWERING: weakref.WeakSet[Any] = weakref.WeakSet()


def _answer_dialog(dialog: Dialog) -> None:
    """Leave a page when the browser asks (TU accepts the prompts on reload); dismiss anything else."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        if dialog.type == "beforeunload":
            dialog.accept()
        else:
            logger.info("dismissed a {} prompt: {}", dialog.type, dialog.message[:80])
            dialog.dismiss()
    except PlaywrightError:  # the page went away first
        pass


def _shows(locator: Locator) -> bool:
    return locator.filter(visible=True).count() > 0


@dataclass(frozen=True, slots=True)
class _Row:
    """A video in TikTok Studio's posts list."""

    id: str
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class _Video:
    """What a video's page says about it."""

    author: str
    text: str
    created: datetime | None


class TikTokAdapter:
    """One TikTok account on the web (the live site, or the replica at /replica/tiktok/)."""

    name: ClassVar[str] = "tiktok"
    #: a TikTok post is a video and its description: no title, alt text, categories ... (`base.OPTIONAL_POST_FIELDS`)
    post_fields: ClassVar[frozenset[str]] = frozenset()
    account_fields: ClassVar[frozenset[str]] = frozenset()
    #: a video's numbers (`base.POST_METRICS`): in its page's JSON `stats` [multi], most of them beside it too
    post_metric_names: ClassVar[tuple[str, ...]] = ("likes", "comments", "shares", "saves", "views")

    def __init__(self, account: Account) -> None:
        self.account = account
        self.pack: Pack = pack_of(account)
        parts = site_address(account, account.url, _('set the account\'s `url` to "https://www.tiktok.com"'))
        self.prefix = parts.path.rstrip("/")  # "" on the live site; "/replica/tiktok" on the replica
        self.base = f"{parts.scheme}://{parts.netloc}{self.prefix}"
        #: how long TikTok may take to confirm a post or a comment (a test of a hung site shortens it)
        self.post_timeout_ms: float = POST_TIMEOUT_MS

    # -- pages ------------------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base + path

    def _where(self, page: Page) -> str:
        """The page's path below the account's address ("/tiktokstudio/upload")."""
        path = urlsplit(page.url).path
        return path[len(self.prefix):] if path.startswith(self.prefix) else path

    def _on_login_page(self, page: Page) -> bool:
        return self._login_url(page.url)

    def _login_url(self, url: str) -> bool:
        path = urlsplit(url).path
        return (path[len(self.prefix):] if path.startswith(self.prefix) else path).startswith(LOGIN)

    def _arrived(self, page: Page) -> None:
        """Every page: a checkpoint stops the account; the pack's dialogs are dismissed when they show."""
        self.pack.stop_at_checkpoint(page, account=self.account.id)
        self.pack.dismiss_dialogs(page)
        if page not in _ANSWERING:
            _ANSWERING.add(page)
            page.on("dialog", _answer_dialog)

    def _goto(self, page: Page, path: str, what: str) -> Response | None:
        with browser_step(_("could not open {what}").format(what=what), SiteUnavailable,
                          _("is TikTok reachable? try again later (the daemon retries by itself)")):
            response = page.goto(self._url(path), wait_until=LOADED)
        if response is not None and response.status >= 500:
            raise SiteUnavailable(_("could not open {what}: TikTok answered HTTP {status}").format(
                what=what, status=response.status), _("TikTok is having trouble; try again later"))
        self._arrived(page)
        return response

    def _open(self, page: Page, path: str, what: str) -> Response | None:
        """A page that needs the session: `SessionExpired` when TikTok sends the browser to log in."""
        response = self._goto(page, path, what)
        if self._on_login_page(page):
            raise SessionExpired(_("the saved session of account {account} is no longer accepted").format(
                account=self.account.id), login_hint(self.account.id))
        return response

    def _get(self, scope: Page | Locator, key: str, *, wait: bool = False, timeout_ms: float | None = None
             ) -> Locator:
        return self.pack.locate(scope, key, wait=wait, timeout_ms=timeout_ms, account=self.account.id).locator

    def _when_visible(self, scope: Page | Locator, key: str, timeout_ms: float | None = None) -> Locator:
        """The pack's element `key` once one of its fallbacks shows (first choices are roles, which see
        only what shows), then located as usual."""
        from playwright.sync_api import expect

        try:
            expect(self.pack.any(scope, key).filter(visible=True).first).to_be_visible(timeout=timeout_ms)
        except AssertionError:
            pass  # `locate` says what was tried (or which checkpoint is in the way)
        return self._get(scope, key)

    def _page_data(self, page: Page) -> dict[str, Any]:
        """The server's JSON in the page (`__UNIVERSAL_DATA_FOR_REHYDRATION__` [KV; multi]), or {}."""
        found = self.pack.find(page, "page.data")
        if found is None:
            return {}
        try:
            data = json.loads(found.locator.text_content() or "{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    # -- who is signed in ------------------------------------------------------------------------

    def _signed_in_as(self, page: Page) -> tuple[bool, str | None]:
        """(the endpoint could be read, the signed-in account's handle or None) [MP]."""
        from playwright.sync_api import Error as PlaywrightError

        try:
            response = page.request.get(self._url(APP_CONTEXT), timeout=15_000)
            data = response.json() if response.ok else None
        except (PlaywrightError, ValueError):
            return False, None
        if not isinstance(data, dict):
            return False, None
        name = dig(data, "user", "uniqueId")
        return True, name if isinstance(name, str) and name else None

    def _expect_account(self, page: Page) -> None:
        """The session is the plan's account: a session of another account never posts for this one."""
        readable, name = self._signed_in_as(page)
        if not readable:
            logger.warning("account {}: TikTok's account endpoint could not be read; going by the page", self.account.id)
            return
        if name is None:
            raise SessionExpired(_("the saved session of account {account} is no longer accepted").format(
                account=self.account.id), login_hint(self.account.id))
        if name.casefold() != self.account.handle.casefold():
            raise SessionExpired(
                _("the saved session of account {account} is signed in as @{found}, not @{handle}").format(
                    account=self.account.id, found=name, handle=self.account.handle),
                _("log in as @{handle}: jadwal login PLAN --account {account} --interactive").format(
                    handle=self.account.handle, account=self.account.id))

    # -- login ------------------------------------------------------------------------------------

    def login(self, page: Page, credentials: Credentials) -> None:
        """The email / username form; TikTok usually answers a scripted login with a captcha, which
        stops here (`CheckpointReached`) for a person to pass with `--interactive`."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        with step(page, "login.form"):
            self._goto(page, LOGIN_FORM, _("the login page"))
            with browser_step(_("could not fill the login form"), PageChanged):
                self._when_visible(page, "login.username").fill(credentials.username)
                self._get(page, "login.password").fill(credentials.password)
            button = self._get(page, "login.submit")
        with step(page, "login.submit"):
            with browser_step(_("logging in got no answer"), SiteUnavailable, _("try again later")):
                button.click()
            error = self.pack.any(page, "login.error")
            signs = self.pack.signs(page)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # the site moves on, says no, or asks for a challenge
                try:
                    page.wait_for_url(lambda url: not self._login_url(url), timeout=500, wait_until=LOADED)
                    break
                except PlaywrightTimeout:
                    if _shows(error) or (signs is not None and _shows(signs)):
                        break
            self._arrived(page)  # a captcha (an overlay, or the page it moved to), a code prompt or a throttle
            if self._on_login_page(page):
                said = _shown_text(error)
                raise LoginFailed(_("TikTok refused the login of {user}: {said}").format(
                    user=repr(credentials.username), said=said or _("no answer")),
                    _("check the user name (--username) and the password in the variable named by --password-env; "
                      "or log in by hand: jadwal login PLAN --account {account} --interactive").format(
                        account=self.account.id))
            readable, name = self._signed_in_as(page)
            if readable and name is None:
                raise LoginFailed(_("logged in, but TikTok shows no signed-in account"),
                                  _("log in by hand: jadwal login PLAN --account {account} --interactive").format(
                                      account=self.account.id))

    def wait_for_login(self, page: Page, *, timeout_ms: float) -> None:
        """A person logs in in the window (passing any captcha or code themselves); jadwal watches
        TikTok's account endpoint until it names the plan's account."""
        from playwright.sync_api import Error as PlaywrightError

        self._goto(page, LOGIN, _("the login page"))
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            _readable, name = self._signed_in_as(page)
            if name is not None:
                if name.casefold() != self.account.handle.casefold():
                    raise LoginFailed(
                        _("logged in as @{found}, but account {account} is @{handle}").format(
                            found=name, account=self.account.id, handle=self.account.handle),
                        _("log out in that window and log in as @{handle}, or fix the account's `handle`").format(
                            handle=self.account.handle))
                logger.info("account {}: logged in as @{}", self.account.id, name)
                return
            left = deadline - time.monotonic()
            if left <= 0:
                raise LoginFailed(_("nobody logged in within {minutes} minutes").format(
                    minutes=round(timeout_ms / 60_000, 1)), _("run the command again and log in sooner"))
            try:  # a login ends with the page moving on; look again then, or every few seconds
                page.wait_for_event("framenavigated", timeout=min(left * 1000, LOGIN_LOOK_MS))
            except PlaywrightError as exc:
                if page.is_closed():
                    raise LoginFailed(_("the login window was closed before anyone logged in"),
                                      _("run the command again and log in in the window that opens")) from exc

    def check_session(self, page: Page) -> None:
        """TikTok Studio sends an expired session to the login page; the account endpoint names who is in."""
        with step(page, "session.check"):
            self._open(page, UPLOAD, _("TikTok Studio's upload page"))
            self._expect_account(page)

    # -- publishing --------------------------------------------------------------------------------

    def publish(self, page: Page, draft: Draft, *, dry_run: bool = False) -> PublishedRef | None:
        """Upload the video, type the description and press Post once (a dry run stops before it,
        with Post found and ready, and returns None)."""
        video = self._video_of(draft)
        limit = self.pack.data.limits.text
        if limit is not None and len(draft.text) > limit.max:
            raise PlatformError(_("post {post} has {count} characters; TikTok takes at most {limit} ({source})").format(
                post=draft.post_id, count=len(draft.text), limit=limit.max, source=limit.source),
                _("shorten the post's text in the plan"))
        with step(page, "compose.open"):
            self._open(page, UPLOAD, _("TikTok Studio's upload page"))
            self._expect_account(page)
        with step(page, "compose.media"):
            chooser = self._get(page, "compose.media", wait=True)
            with browser_step(_("could not choose the video"), PageChanged):
                chooser.set_input_files(str(video))
            usable = self.pack.any(page, "compose.submit").and_(page.locator(ENABLED))
            self._while_uploading(page, self.pack.any(page, "compose.uploaded").or_(usable))
        with step(page, "compose.text"):
            editor = self._when_visible(page, "compose.text")
            self._write_description(page, editor, draft.text)
        with step(page, "compose.submit"):
            button = self._get(page, "compose.submit", wait=True)
            self._while_uploading(page, button.and_(page.locator(ENABLED)))  # usable [TU 4ff78cc, HZ]
            if not same_text(editor.inner_text(), draft.text):  # the site changed it meanwhile: never post that
                self._write_description(page, editor, draft.text)
            if dry_run:
                return None
        with after_submit(draft.post_id):  # "You are posting too fast" after Post: it may be posted all the same
            return self._submit(page, button, draft)

    def _video_of(self, draft: Draft) -> Path:
        """The post's one video: TikTok's web uploader takes one video, no photos (`jadwal validate` says
        so at the plan's line; this holds for plans that were not validated)."""
        media = self.pack.data.limits.media
        if len(draft.media) != 1:
            raise PlatformError(_("post {post} has {count} media files; TikTok takes one video per post").format(
                post=draft.post_id, count=len(draft.media)), _("give the post exactly one video in `media`"))
        path = draft.media[0]
        info = sniff(path)
        if info is None or (media is not None and info.kind not in media.kinds):
            raise PlatformError(
                _("post {post}: {path} is not a video; jadwal posts only videos to TikTok (no public source shows "
                  "photos posted through TikTok's web uploader)").format(post=draft.post_id, path=path),
                _("use a video (MP4, MOV or WebM)"))
        return path

    def _write_description(self, page: Page, editor: Locator, text: str) -> None:
        """Clear the box (it starts with the file's name) and type the text; checked as shown after."""
        from playwright.sync_api import expect

        shown = ""
        for _attempt in range(2):
            with browser_step(_("could not type the description"), PageChanged):
                editor.click()
                page.keyboard.press("ControlOrMeta+a")
                page.keyboard.press("Backspace")
                try:
                    expect(editor).to_have_text("", timeout=5_000)
                except AssertionError:
                    raise PageChanged(_("the description box could not be emptied"),
                                      _("`jadwal selftest PLAN --account {account}` shows the step").format(
                                          account=self.account.id)) from None
                self._type_description(page, editor, text)
                shown = editor.inner_text()
            if same_text(shown, text):
                return
            logger.warning("account {}: the description box shows {!r}; typing it again", self.account.id, shown[:80])
        raise PageChanged(
            _("the description box shows {shown} instead of the post's text").format(shown=repr(shown[:120])),
            _("`jadwal selftest PLAN --account {account}` shows the step; nothing was posted").format(
                account=self.account.id))

    def _type_description(self, page: Page, editor: Locator, text: str) -> None:
        """Plain runs as inserted text (one input event each, as a paste or an IME gives), line breaks as
        Enter; each #tag or @name key by key, then its suggestion when TikTok offers the same word."""
        parts = segments(text)
        drop_space = False
        for i, (kind, part) in enumerate(parts):
            if kind == "text":
                if drop_space and part.startswith(" "):
                    part = part[1:]
                drop_space = False
                for n, line in enumerate(part.split("\n")):
                    if n:
                        page.keyboard.press("Enter")
                    if line:
                        page.keyboard.insert_text(line)
                continue
            page.keyboard.type(part, delay=KEY_DELAY_MS)
            following = parts[i + 1][1] if i + 1 < len(parts) else ""
            if self._take_suggestion(page, kind, part):
                if editor.inner_text().endswith((" ", "\u00a0")):  # TikTok puts a space after what it inserts
                    if following.startswith(" "):
                        drop_space = True
                    else:
                        page.keyboard.press("Backspace")
            elif _shows(self.pack.any(page, "compose.hashtag").or_(self.pack.any(page, "compose.mention"))):
                page.keyboard.press("Escape")  # close the list: the next Enter must be a new line, not a choice

    def _take_suggestion(self, page: Page, kind: str, token: str) -> bool:
        """Take the suggestion that is `token`'s own word (the list's rows: #tags [HZ], @names [TU]), by
        arrow keys and Enter [TU]; False when TikTok offers none within 5 s."""
        from playwright.sync_api import expect

        word = token[1:]
        rows = self.pack.any(page, "compose.hashtag" if kind == "hashtag" else "compose.mention").filter(visible=True)
        same = rows.filter(has_text=re.compile(rf"^\s*[#@]?{re.escape(word)}\s*$", re.IGNORECASE))
        try:
            expect(same.first).to_be_visible(timeout=SUGGESTION_WAIT_MS)
        except AssertionError:
            logger.info("no suggestion for {} within {} s: it stays as typed", token, SUGGESTION_WAIT_MS // 1000)
            return False
        shown = [norm(t).lstrip("#@") for t in rows.all_inner_texts()]
        if word.casefold() not in shown:
            return False
        for _n in range(shown.index(word.casefold())):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        try:
            expect(rows).to_have_count(0, timeout=SUGGESTION_WAIT_MS)
        except AssertionError:
            logger.warning("the suggestions stayed open after choosing {}", token)
        return True

    def _while_uploading(self, page: Page, target: Locator) -> None:
        """Until `target` shows (the description box, a usable Post), or the upload failed ("Select file"
        back [SAU]), or a checkpoint or throttle showed ("Too many uploading attempts" [TU#158])."""
        from playwright.sync_api import expect

        watch = target.or_(self.pack.any(page, "compose.upload_failed"))
        signs = self.pack.signs(page)
        if signs is not None:
            watch = watch.or_(signs)
        try:
            expect(watch.filter(visible=True).first).to_be_visible(timeout=UPLOAD_TIMEOUT_MS)
        except AssertionError:
            self.pack.stop_at_checkpoint(page, account=self.account.id)
            raise SiteUnavailable(_("the video was not uploaded and processed within {seconds} s").format(
                seconds=UPLOAD_TIMEOUT_MS // 1000), _("try again later; a big video needs a fast connection "
                                                      "(the daemon retries by itself)")) from None
        self.pack.stop_at_checkpoint(page, account=self.account.id)
        if not _shows(target):
            raise SiteUnavailable(_("TikTok did not take the video: the upload failed"),
                                  _("try again later; if it fails again, check the video plays on a computer"))

    def _submit(self, page: Page, button: Locator, draft: Draft) -> PublishedRef:
        """Press Post, once. From here on anything unclear is `OutcomeUnknown`: the video may be posted."""
        hint = _("the video may be posted: look at TikTok Studio's posts before trying again "
                 "(the daemon looks it up by itself)")
        with browser_step(_("post {post}: no confirmation after pressing Post").format(post=draft.post_id),
                          OutcomeUnknown, hint):
            button.click()
            self._after_post(page, draft, hint)
            return self._new_post(page, draft, hint)

    def _after_post(self, page: Page, draft: Draft, hint: str) -> None:
        """Until TikTok Studio's posts list shows; "Continue to post?" is answered "Post now" and "Content
        may be restricted" closed (each once); an error, a checkpoint or silence ends it."""
        from playwright.sync_api import expect

        done = self.pack.any(page, "studio.posts")
        go_on = self.pack.any(page, "submit.continue")
        restricted = self.pack.any(page, "submit.restricted")
        error = self.pack.any(page, "compose.error")
        watch = done.or_(go_on).or_(restricted).or_(error)
        signs = self.pack.signs(page)
        if signs is not None:
            watch = watch.or_(signs)
        answered: set[str] = set()
        deadline = time.monotonic() + self.post_timeout_ms / 1000
        while True:
            left = (deadline - time.monotonic()) * 1000
            try:
                expect(watch.filter(visible=True).first).to_be_visible(timeout=max(left, 1))
            except AssertionError:
                self.pack.stop_at_checkpoint(page, account=self.account.id)
                raise OutcomeUnknown(_("post {post}: TikTok did not confirm it within {seconds} s of Post").format(
                    post=draft.post_id, seconds=round(self.post_timeout_ms / 1000)), hint) from None
            self.pack.stop_at_checkpoint(page, account=self.account.id)  # "You are posting too fast": posted or not?
            if _shows(done):
                if not self._where(page).startswith(CONTENT):  # the sign of success is the move there [SAU, HZ]
                    raise OutcomeUnknown(_("post {post}: after Post, TikTok shows {url}").format(
                        post=draft.post_id, url=page.url), hint)
                return
            if _shows(go_on) and "continue" not in answered:
                answered.add("continue")
                self._get(go_on.filter(visible=True).first, "submit.post_now").click()
                expect(go_on.filter(visible=True)).to_have_count(0)
                continue
            if _shows(restricted) and "restricted" not in answered:
                answered.add("restricted")
                logger.warning("post {}: TikTok says the video may be restricted (unoriginal or low quality); "
                               "it is posted anyway", draft.post_id)
                self._get(restricted.filter(visible=True).first, "submit.restricted_close").click()
                expect(restricted.filter(visible=True)).to_have_count(0)
                continue
            said = _shown_text(error)
            raise OutcomeUnknown(_("post {post}: after Post, TikTok says: {said}").format(
                post=draft.post_id, said=said or _("(a dialog jadwal does not know)")), hint)

    def _new_post(self, page: Page, draft: Draft, hint: str) -> PublishedRef:
        """The posts list's row of the video just posted (the newest with its text [SAU 95217cc])."""
        for row in self._studio_rows(page, wait_ms=15_000):
            if starts_alike(row.text, draft.text):
                logger.debug("post {} is live at {}", draft.post_id, row.url)
                return PublishedRef(remote_id=row.id, url=row.url, published_at=id_time(row.id))
        raise OutcomeUnknown(_("post {post} went out, but TikTok Studio's posts list does not show it yet").format(
            post=draft.post_id), hint)

    def _studio_rows(self, page: Page, *, wait_ms: float = SETTLE_MS) -> list[_Row]:
        """TikTok Studio's posts, newest first (its table's links to video/<id> [SAU])."""
        from playwright.sync_api import expect

        links = self.pack.any(page, "studio.post_link")
        try:
            expect(links.first).to_be_attached(timeout=wait_ms)
        except AssertionError:
            self._get(page, "studio.posts")  # no table at all is a changed page, not an empty account
            return []
        rows: dict[str, _Row] = {}
        with browser_step(_("could not read TikTok Studio's posts"), PageChanged):
            for href, text in links.evaluate_all(_LINKS_JS):
                found = VIDEO_ID.search(href)
                if found and found.group(1) not in rows:
                    url = urljoin(page.url, href).split("?")[0]
                    rows[found.group(1)] = _Row(found.group(1), url, text)
        return list(rows.values())

    # -- finding a post again -------------------------------------------------------------------

    def find_published(self, page: Page, draft: Draft, *, since: datetime) -> PublishedRef | None:
        """The account's video with the draft's description posted since `since`: a candidate from TikTok
        Studio's posts, confirmed on its own page by the author, the whole text and the time."""
        if since.tzinfo is None:
            raise ValueError("find_published needs an aware `since`")
        self._open(page, CONTENT, _("TikTok Studio's posts"))
        self._expect_account(page)
        for row in [r for r in self._studio_rows(page) if starts_alike(r.text, draft.text)]:
            video = self._video(page, row.url, row.id)
            if video.author.casefold() != self.account.handle.casefold() or not same_text(video.text, draft.text):
                continue
            if video.created is None:  # without a time, an older video with this text cannot be told apart
                raise PageChanged(_("the page of video {id} does not say when it was posted").format(id=row.id),
                                  _("look at TikTok Studio's posts yourself, then `jadwal retry` the post if "
                                    "it is not there"))
            if video.created + timedelta(seconds=1) > since:  # createTime counts whole seconds
                return PublishedRef(remote_id=row.id, url=row.url, published_at=video.created)
            logger.info("video {} has the text of post {} but is older ({})", row.id, draft.post_id, video.created)
        return None

    def _video(self, page: Page, url: str, video_id: str) -> _Video:
        """A video page's author, description and time: from its JSON [KV; multi], else as shown."""
        self._open_video(page, url, video_id)
        item = dig(self._page_data(page), "__DEFAULT_SCOPE__", "webapp.video-detail", "itemInfo", "itemStruct")
        item = item if isinstance(item, dict) else {}
        text = item.get("desc")
        if not isinstance(text, str):
            found = self.pack.find(page, "post.description")
            text = found.locator.inner_text() if found is not None else ""
        author = dig(item, "author", "uniqueId")
        if not isinstance(author, str):
            shown = HANDLE_IN_LINK.search(urlsplit(page.url).path)
            author = shown.group(1) if shown else ""
        created = number(item.get("createTime"))
        when = datetime.fromtimestamp(created, timezone.utc) if created else id_time(video_id)
        return _Video(author, text, when)

    def _open_video(self, page: Page, url: str, video_id: str) -> None:
        response = self._goto(page, url, _("video {id}").format(id=video_id))
        if response is not None and response.status == 404:
            raise PlatformError(_("video {id} is no longer on TikTok").format(id=video_id),
                                _("it was deleted or made private; nothing to do"))

    def latest_published(self, page: Page) -> PublishedRef | None:
        """The account's newest video in TikTok Studio (for `jadwal selftest`'s comment steps), or None."""
        with step(page, "profile.latest"):
            self._open(page, CONTENT, _("TikTok Studio's posts"))
            rows = self._studio_rows(page)
        if not rows:
            return None
        return PublishedRef(remote_id=rows[0].id, url=rows[0].url, published_at=id_time(rows[0].id))

    # -- comments ---------------------------------------------------------------------------------

    def comments(self, page: Page, ref: PublishedRef) -> list[Comment]:
        """Every comment and reply under a video: the list scrolled to its end, every thread opened."""
        with step(page, "post.open"):
            self._open_video(page, ref.url, ref.remote_id)
        with step(page, "post.comments"):
            _texts, shown = self._read_all(page)
        return [c for c in self._as_comments(shown, ref) if c.id]

    def _read_all(self, page: Page) -> tuple[Locator, list[Shown]]:
        """The comment list loaded to its end, every thread opened, read in page order."""
        listing = self._comment_list(page)
        self._load_everything(listing)
        sel = {key.split(".")[1]: self.pack.css(key) for key in
               ("comment.level1", "comment.level2", "comment.author1", "comment.author2", "comment.time1",
                "comment.time2")}
        if not sel["level1"] or not sel["level2"]:
            raise PageChanged(_("the pack's comment.level1 and comment.level2 need a CSS-able way to find them"),
                              _("give them an attribute or css fallback in the pack"))
        texts = listing.locator(", ".join(sel["level1"] + sel["level2"]))
        with browser_step(_("could not read the comments"), PageChanged):
            rows = texts.evaluate_all(_COMMENTS_JS, sel)
        shown = []
        for row in rows:
            handle = HANDLE_IN_LINK.search(row["href"] or "")
            author = handle.group(1) if handle else " ".join(row["name"].split()).lstrip("@")
            shown.append(Shown(int(row["level"]), author, row["text"].strip(), " ".join(row["time"].split())))
        return texts, shown

    def _comment_list(self, page: Page) -> Locator:
        """The video's comment panel (opened first where a button shows it [KV, MPD])."""
        found = self.pack.find(page, "post.comment_list", wait=True, timeout_ms=SETTLE_MS)
        if found is not None:
            return found.locator
        opener = self.pack.find(page, "post.open_comments")
        if opener is not None:
            with browser_step(_("could not open the comments"), PageChanged):
                opener.locator.click()
        return self._get(page, "post.comment_list", wait=True)

    def _load_everything(self, listing: Locator) -> None:
        """Scroll the list until no more comments come, then press every "View N replies" / "View more"
        until none is left."""
        from playwright.sync_api import expect

        top = self.pack.any(listing, "comment.level1")
        for _round in range(MAX_ROUNDS):
            shown = top.count()
            with browser_step(_("could not scroll the comments"), PageChanged):
                (top.nth(shown - 1) if shown else listing).scroll_into_view_if_needed()
            try:
                expect(top).not_to_have_count(shown, timeout=SETTLE_MS)
            except AssertionError:
                break
        view = self.pack.any(listing, "comment.view_replies").filter(visible=True)
        replies = self.pack.any(listing, "comment.level2")
        for _round in range(MAX_ROUNDS):
            if not view.count():
                return
            before = replies.count()
            with browser_step(_("could not open the replies"), PageChanged):
                view.first.click()
            try:
                expect(replies).not_to_have_count(before, timeout=SETTLE_MS * 3)
            except AssertionError:
                raise SiteUnavailable(_("pressing \"View replies\" showed no reply"),
                                      _("TikTok may be slow; the next check reads them again")) from None

    def _as_comments(self, shown: list[Shown], ref: PublishedRef) -> list[Comment]:
        now = datetime.now(timezone.utc)
        out = []
        for row, (cid, parent) in zip(shown, comment_ids(shown), strict=True):
            author = self.account.handle if row.author.casefold() == self.account.handle.casefold() else row.author
            out.append(Comment(id=cid, author=author, text=row.text, parent_id=parent,
                               created_at=readings.when(row.when, now), post_remote_id=ref.remote_id))
        return out

    def reply(self, page: Page, ref: PublishedRef, comment_id: str, text: str) -> Comment:
        """Answer a comment in its thread (a reply to a reply lands in the same thread, as on TikTok)."""
        from playwright.sync_api import expect

        answer = " ".join(text.split())  # the box is one line: Enter sends
        limit = self.pack.data.limits.reply  # 150 characters [napoleoncat, unofficial]
        if not answer or (limit is not None and len(answer) > limit.max):
            raise PlatformError(_("the answer has {count} characters; a TikTok comment has 1 to {limit}").format(
                count=len(answer), limit=limit.max if limit is not None else "…"), _("shorten the answer"))
        self._open_video(page, ref.url, ref.remote_id)
        texts, shown = self._read_all(page)
        found = self._as_comments(shown, ref)
        index = next((i for i, c in enumerate(found) if c.id == comment_id), None)
        if index is None:
            raise PlatformError(_("comment {id} is no longer under video {video}").format(
                id=comment_id, video=ref.remote_id), _("it was deleted, or the video was; nothing to answer"))
        thread = found[index].parent_id or found[index].id
        before = {c.id for c in found}
        reply_sel = {"level1": self.pack.css("comment.level1"), "level2": self.pack.css("comment.level2"),
                     "reply1": self.pack.css("comment.reply1"), "reply2": self.pack.css("comment.reply2")}
        with browser_step(_("could not press Reply under comment {id}").format(id=comment_id), PageChanged):
            button = texts.nth(index).evaluate_handle(_REPLY_BUTTON_JS, reply_sel).as_element()
            if button is None:
                raise PageChanged(_("comment {id} has no Reply button the pack knows").format(id=comment_id),
                                  _("`jadwal selftest PLAN --account {account}` shows the comment steps").format(
                                      account=self.account.id))
            button.click()
            box = self._get(page, "comment.input", wait=True)
            try:
                expect(box).to_be_focused(timeout=5_000)
            except AssertionError:
                raise PageChanged(_("pressing Reply did not open the answer box"), _("nothing was posted")) from None
            page.keyboard.type(answer, delay=KEY_DELAY_MS)
            if not same_text(box.inner_text(), answer):
                raise PageChanged(_("the comment box shows {shown} instead of the answer").format(
                    shown=repr(box.inner_text()[:80])), _("nothing was posted"))
            send = self._get(page, "comment.send")
        hint = _("the answer may be posted: look at the video before answering again")
        with after_submit(comment_id):  # "posting too fast" answering the send: the answer may be stored all the same
            with browser_step(_("no confirmation after answering comment {id}").format(id=comment_id),
                              OutcomeUnknown, hint):
                send.click()
                try:
                    expect(box).to_have_text("", timeout=self.post_timeout_ms)  # the box empties once the comment is in
                except AssertionError:
                    self.pack.stop_at_checkpoint(page, account=self.account.id)
                    said = _shown_text(self.pack.any(page, "comment.error"))
                    raise OutcomeUnknown(_("answering comment {id}: TikTok says: {said}").format(
                        id=comment_id, said=said or _("nothing")), hint) from None
            self._open_video(page, ref.url, ref.remote_id)
            _texts, shown = self._read_all(page)
            new = [c for c in self._as_comments(shown, ref)
                   if c.id and c.id not in before and c.author == self.account.handle and same_text(c.text, answer)]
            mine = [c for c in new if c.parent_id == thread]
            if mine:
                return mine[-1]
            if new:
                raise PlatformError(_("the answer to comment {id} went out, but TikTok shows it outside its thread").format(
                    id=comment_id), _("look at the video, and delete the answer there if it is in the wrong place"))
            raise OutcomeUnknown(_("the answer to comment {id} does not show under the video").format(id=comment_id), hint)

    # -- metrics -----------------------------------------------------------------------------------

    def metrics(self, page: Page) -> dict[str, float]:
        """The account's follower count: exact in the profile's JSON [multi], else as shown [KK]."""
        with step(page, "profile.followers"):
            self._open(page, f"/@{self.account.handle}", _("the account's profile"))
            stats = dig(self._page_data(page), "__DEFAULT_SCOPE__", "webapp.user-detail", "userInfo", "stats")
            followers = number(dig(stats, "followerCount"))
            if followers is None:
                shown = self._get(page, "profile.followers", wait=True).inner_text()
                followers = readings.count(shown)
                if followers is None:
                    raise PageChanged(_("the follower count reads {shown}, not a number").format(shown=repr(shown)),
                                      _("`jadwal selftest PLAN --account {account}` shows the step").format(
                                          account=self.account.id))
        return {"followers": followers}

    def post_metrics(self, page: Page, ref: PublishedRef) -> dict[str, float]:
        """A video's likes, comments, shares, saves and views: exact in its page's JSON (`stats`, or the
        text-valued `statsV2` [multi]), else the counts shown beside it (views are not shown there)."""
        with step(page, "post.stats"):
            self._open_video(page, ref.url, ref.remote_id)
            item = dig(self._page_data(page), "__DEFAULT_SCOPE__", "webapp.video-detail", "itemInfo", "itemStruct")
            values: dict[str, float] = {}
            for stats in (dig(item, "stats"), dig(item, "statsV2")):
                for name, key in JSON_STATS.items():
                    found = number(dig(stats, key))
                    if found is not None and name not in values:
                        values[name] = found
            if values:
                return values
            for name in ("likes", "comments", "shares", "saves"):
                shown = self.pack.find(page, f"post.{name}")
                counted = readings.count(shown.locator.inner_text()) if shown is not None else None
                if counted is not None:
                    values[name] = counted
            if not values:
                raise PageChanged(_("video {id} shows none of its numbers").format(id=ref.remote_id),
                                  _("`jadwal selftest PLAN --account {account}` shows the step").format(
                                      account=self.account.id))
        return values
