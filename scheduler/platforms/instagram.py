"""The adapter for Instagram on the web (www.instagram.com), every locator read from its pack.

The flow is the one public sources describe (research notes: /work/research/instagram.md; each
locator's sources are named in `scheduler/packs/data/instagram.toml`), in the order the site
shows it:

- log in at `/accounts/login/` (a form whose inputs have no names since 2026-02, found by their
  labels), decline "Save your login info?" at `/accounts/onetap/`; a challenge, two-factor code or
  suspension stops at once (`CheckpointReached`), nothing typed into it;
- the account's profile `/<handle>/` tells whose session this is ("Edit profile") and lists its
  posts newest first (links to `/<handle>/p/<code>/`);
- publish: New post -> Post -> the create dialog's file input (several files: a carousel) -> Next
  through Crop and Edit (either may be missing) -> the caption, alt text per picture under
  "Accessibility" -> Share -> "Your post has been shared." -> the new post found on the profile
  (the grid before and after, the caption and the time on the post's page);
- a post's page `/p/<code>/`: the caption and `time[datetime]`; comments as list items with their
  replies in a nested list, opened with "Load more comments" and "View replies (N)"; a reply goes
  through the comment's Reply button (which puts "@author " in the box) and Post;
- followers from the profile's `a[href*="/followers/"] span[title]`, else `og:description`.

Exactly once: from the Share (or Post) click on, anything unclear is `OutcomeUnknown` and the
daemon looks the post up with `find_published` (by the account, the caption and the time: codes
are never guessed); the page's POSTs then go out once (`send_once`). The site's own refusal
("Action Blocked", a challenge instead of the post) is `BlockedAfterSubmit`: a person must act, and
as Instagram may have stored the post before it said so, it is looked up before it is shared again.

An account whose `url` points at jadwal's replica (`http://127.0.0.1:8700/replica/instagram/`)
is driven by this very code: the base URL is the only difference.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, ClassVar, Final
from urllib.parse import urlsplit

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
from scheduler.packs.counting import hashtags, mentions
from scheduler.platforms.base import Comment, Credentials, Draft, PublishedRef, after_submit
from scheduler.platforms.send_once import sent_once
from scheduler.platforms.common import parse_time as _parse_time
from scheduler.platforms.common import site_address
from scheduler.platforms.common import squash as _squash

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, Response

    from scheduler.plan.model import Account

LOADED: Final = "domcontentloaded"
LOGIN_PATH: Final = "/accounts/login/"
ONETAP_PATH: Final = "/accounts/onetap/"
#: a post's code in a link: /p/<code>/, /reel/<code>/, also after /<handle>/ [S: DAANYLO, ID-TS]
POST_CODE: Final = re.compile(r"/(?:p|reel)/([^/?#]+)/")
#: a comment's id in its link /p/<code>/c/<id>/ [G]
COMMENT_ID: Final = re.compile(r"/c/([^/?#]+)/")
#: "Load more comments" and "View replies" clicks on one post, at most (a page that never ends)
MAX_EXPANSIONS: Final = 500
#: a video is processed before Next works [W: up to ~90 s]
PROCESSING_MS: Final = 90_000
#: after Share, waits of the context's action timeout while the site still shows its progress (the
#: upload itself is given as long: pictures of up to 8 MB on a slow line)
SHARE_ROUNDS: Final = 6
#: grid tiles at the start that may be pinned, hence older than those after them [G]
PINNED: Final = 3
#: newest posts `find_published` opens, at most
FIND_POSTS: Final = 12
#: the site's clock against ours, when judging "made since" right after a share
CLOCK_MARGIN: Final = timedelta(minutes=10)



def _unknown_hint() -> str:
    return _("the post may be live: look at the account's profile before trying again "
             "(the daemon looks it up by itself)")


def _reply_hint() -> str:
    return _("the reply may be posted: look at the post before answering again")


def parse_count(text: str) -> float | None:
    """A count as Instagram writes it: "12,345" / "12.345" (exact), "12.3K", "1,2 jt", "3 rb" [G for id]."""
    raw = text.strip().lower().replace("\u00a0", " ")
    found = re.match(r"([\d.,]+)\s*(k|m|rb|jt)?\b", raw)
    if not found:
        return None
    number, suffix = found.groups()
    if suffix is None:
        digits = re.sub(r"[.,]", "", number)
        return float(digits) if digits.isdigit() else None
    scale = {"k": 1e3, "rb": 1e3, "m": 1e6, "jt": 1e6}[suffix]
    try:
        return round(float(number.replace(",", ".")) * scale)
    except ValueError:
        return None


def _code_of(href: str | None) -> str | None:
    found = POST_CODE.search(href or "")
    return found.group(1) if found else None


def _last_segment(href: str | None) -> str:
    """`kopisenja` of `/kopisenja/` (a profile link)."""
    parts = [part for part in urlsplit(href or "").path.split("/") if part]
    return parts[-1] if parts else ""


def _elsewhere(here: str) -> Callable[[str], bool]:
    """A `wait_for_url` test: any address but `here`."""
    return lambda url: url != here


def _check_response(response: Response | None, what: str) -> None:
    """A page that answers 5xx is a site that is down (before anything was submitted)."""
    if response is not None and response.status >= 500:
        raise SiteUnavailable(_("{what}: the site answered HTTP {status}").format(what=what, status=response.status),
                              _("Instagram is having trouble; try again later (the daemon retries by itself)"))


@dataclass(frozen=True, slots=True)
class _Shown:
    """A post as its page shows it."""

    code: str
    caption: str
    time: datetime | None
    author: str


#: one comment's own fields (not its replies') per list item, in one round trip; selectors from the pack
_ROWS_JS = """
(items, sel) => {
  const own = (li, list) => {
    for (const s of list) {
      const found = Array.from(li.querySelectorAll(s)).find(el => el.closest(sel.item) === li);
      if (found) return found;
    }
    return null;
  };
  return items.map(li => {
    const link = own(li, sel.link), author = own(li, sel.author), text = own(li, sel.text);
    const time = own(li, ['time[datetime]']);
    const parent = li.parentElement ? li.parentElement.closest(sel.item) : null;
    const parentLink = parent ? own(parent, sel.link) : null;
    return {
      href: link ? link.getAttribute('href') : null,
      parent: parentLink ? parentLink.getAttribute('href') : null,
      author: author ? author.textContent : '',
      authorHref: author ? author.getAttribute('href') : null,
      text: text ? text.innerText : '',
      time: time ? time.getAttribute('datetime') : null,
    };
  });
}
"""

#: after Post under a comment: a comment link not seen before (posted), a shown alert (refused),
#: a dialog (a block?) or another page (a checkpoint?)
_REPLY_OUTCOME_JS = """
([link, alert, known, path]) => {
  if (location.pathname !== path) return 'left';
  const seen = new Set(known);
  for (const a of document.querySelectorAll(link)) {
    const m = (a.getAttribute('href') || '').match(/\\/c\\/([^/?#]+)\\//);
    if (m && !seen.has(m[1])) return 'posted';
  }
  for (const e of document.querySelectorAll(alert)) {
    if (e.offsetParent !== null && e.textContent.trim()) return 'error';
  }
  for (const d of document.querySelectorAll('[role=dialog]')) {
    if (d.offsetParent !== null || d.getClientRects().length) return 'dialog';
  }
  return false;
}
"""

#: after Log in: left the login page, or an alert says why not
_LOGIN_OUTCOME_JS = """
([path, alerts]) => !location.pathname.endsWith(path) ||
  alerts.some(s => Array.from(document.querySelectorAll(s)).some(e => !e.hidden && e.textContent.trim()))
"""


class InstagramAdapter:
    """One Instagram account, driven through the web site as a person would."""

    name: ClassVar[str] = "instagram"
    #: each picture's description goes in the composer's "Accessibility" boxes (`base.OPTIONAL_POST_FIELDS`)
    post_fields: ClassVar[frozenset[str]] = frozenset({"alt"})
    account_fields: ClassVar[frozenset[str]] = frozenset()
    #: what a post's page shows to its author (`post_metrics`)
    post_metric_names: ClassVar[tuple[str, ...]] = ("likes", "comments")

    def __init__(self, account: Account) -> None:
        self.account = account
        self.pack: Pack = pack_of(account)
        parts = site_address(account, account.url, _("set the account's `url` to https://www.instagram.com"))
        self.base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self.handle = account.handle.lstrip("@")

    # -- pages -----------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return self.base + path

    def _path(self, page: Page) -> str:
        """The page's path below the site's base (the replica lives under /replica/instagram)."""
        path = urlsplit(page.url).path
        prefix = urlsplit(self.base).path
        return path[len(prefix):] if prefix and path.startswith(prefix) else path

    def _arrived(self, page: Page) -> None:
        """Every page the adapter lands on: a checkpoint stops the account; dialogs are declined when they show."""
        self.pack.stop_at_checkpoint(page, account=self.account.id)
        self.pack.dismiss_dialogs(page)

    def _open(self, page: Page, path: str, what: str) -> Response | None:
        with browser_step(_("could not open {what}").format(what=what), SiteUnavailable,
                          _("is the site up? try again later")):
            response = page.goto(self._url(path), wait_until=LOADED)
        _check_response(response, _("could not open {what}").format(what=what))
        self._arrived(page)
        return response

    def _expired(self, page: Page, why: str) -> SessionExpired:
        return SessionExpired(
            _("the saved Instagram session of account {account} is not accepted ({why})").format(
                account=self.account.id, why=why),
            login_hint(self.account.id))

    def _own_profile(self, page: Page) -> list[str]:
        """Open the account's profile as the account; its posts' codes, newest first (pinned ones first).

        `SessionExpired` when the browser is signed out, or signed in as someone else.
        """
        response = self._open(page, f"/{self.handle}/", _("the profile of @{handle}").format(handle=self.handle))
        if response is not None and response.status == 404:
            raise PlatformError(_("Instagram has no account @{handle}").format(handle=self.handle),
                                _("check the account's `handle` in the plan"))
        if self._path(page).startswith(LOGIN_PATH):
            raise self._expired(page, _("Instagram asks to log in"))
        if self.pack.find(page, "profile.edit", wait=True) is None:
            if self.pack.find(page, "nav.new_post") is not None:
                raise self._expired(page, _("the browser is signed in as another account than @{handle}").format(
                    handle=self.handle))
            raise self._expired(page, _("the profile of @{handle} shows no \"Edit profile\": signed out").format(
                handle=self.handle))
        return self._grid(page)

    def _grid(self, page: Page) -> list[str]:
        with browser_step(_("could not read the profile's posts"), PageChanged):
            hrefs = self.pack.any(page, "profile.post_link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        return list(dict.fromkeys(code for code in map(_code_of, hrefs) if code))

    def _posts_counted(self, page: Page) -> float | None:
        """The profile's own count of posts ("..., 35 Posts - See Instagram photos ..." [S: OGDESC]), or None."""
        described = self.pack.find(page, "profile.description")
        content = (described.locator.get_attribute("content") or "") if described else ""
        parts = content.partition(" - ")[0].split(", ")
        return parse_count(parts[2]) if len(parts) >= 3 else None

    def _post_url(self, code: str) -> str:
        return self._url(f"/p/{code}/")

    def _open_post(self, page: Page, code: str) -> _Shown | None:
        """Open a post's page and read it; None when the site says it is not there (HTTP 404). A page
        without the post's time is `PageChanged`: a lookup must never take a broken page for "not posted"."""
        response = self._open(page, f"/p/{code}/", _("post {code}").format(code=code))
        if response is not None and response.status == 404:
            return None
        stamp = self.pack.locate(page, "post.time", account=self.account.id)
        with browser_step(_("could not read post {code}").format(code=code), PageChanged):
            caption = self.pack.find(page, "post.caption")
            author = self.pack.find(page, "post.author")
            return _Shown(
                code=code,
                caption=caption.locator.inner_text() if caption else "",
                time=_parse_time(stamp.locator.get_attribute("datetime")),
                author=_last_segment(author.locator.get_attribute("href")) if author else "",
            )

    def _ref(self, shown: _Shown) -> PublishedRef:
        return PublishedRef(remote_id=shown.code, url=self._post_url(shown.code), published_at=shown.time)

    # -- logging in --------------------------------------------------------------------------

    def login(self, page: Page, credentials: Credentials) -> None:
        """Fill the login form; `LoginFailed` on a refusal, `CheckpointReached` on a challenge."""
        with step(page, "login.form"):
            self._open(page, LOGIN_PATH, _("the login page"))
            if self._path(page).startswith(LOGIN_PATH) or self.pack.find(page, "login.password") is not None:
                with browser_step(_("could not fill the login form"), PageChanged):
                    self.pack.locate(page, "login.username", account=self.account.id).locator.fill(credentials.username)
                    self.pack.locate(page, "login.password", account=self.account.id).locator.fill(credentials.password)
                button = self.pack.locate(page, "login.submit", account=self.account.id).locator
            else:  # already signed in: the site sent the browser on
                button = None
        with step(page, "login.submit"):
            if button is not None:
                self._submit_login(page, button, credentials.username)
            with browser_step(_("logged in, but the page shows no signed-in account"), PageChanged):
                from playwright.sync_api import expect

                expect(self.pack.any(page, "nav.new_post").first).to_be_visible()
            self._own_profile(page)  # the account we are meant to be, or SessionExpired naming why not

    def _submit_login(self, page: Page, button: Locator, username: str) -> None:
        with browser_step(_("logging in got no answer"), SiteUnavailable, _("try again later")):
            button.click()
            page.wait_for_function(_LOGIN_OUTCOME_JS, arg=[LOGIN_PATH, self.pack.css("login.error")])
            page.wait_for_load_state(LOADED)
        self._arrived(page)  # a captcha, a code, a suspension: stop here
        if self._path(page).startswith(LOGIN_PATH):
            said = " ".join(t.strip() for t in self.pack.any(page, "login.error").all_inner_texts() if t.strip())
            raise LoginFailed(
                _("Instagram refused the login of {user}: {said}").format(user=repr(username), said=said or "?"),
                _("check the user name (--username) and the password in the variable named by --password-env"))
        if self._path(page).startswith(ONETAP_PATH):  # "Save your login info?": not now [S: UDAY]
            with browser_step(_("could not answer \"Save your login info?\""), PageChanged):
                with page.expect_navigation(wait_until=LOADED):
                    self.pack.locate(page, "login.not_now", account=self.account.id).locator.click()
            self._arrived(page)

    def wait_for_login(self, page: Page, *, timeout_ms: float) -> None:
        """Interactive login: open the login page and wait until a person has signed in as the account.

        The person passes any challenge or code themselves; jadwal only watches for the signed-in page.
        """
        with browser_step(_("could not open the login page"), SiteUnavailable, _("is the site up?")):
            page.goto(self._url(LOGIN_PATH), wait_until=LOADED)
        from playwright.sync_api import expect

        deadline = time.monotonic() + timeout_ms / 1000
        with browser_step(_("nobody logged in in time"), LoginFailed, _("run the command again and log in sooner")):
            while True:  # signed in, and past any challenge and "Save your login info?" (they show the menu too)
                left = max(1.0, (deadline - time.monotonic()) * 1000)
                expect(self.pack.any(page, "nav.new_post").first).to_be_visible(timeout=left)
                if self.pack.checkpoint_at(page) is None and not self._path(page).startswith(ONETAP_PATH):
                    break
                page.wait_for_url(_elsewhere(page.url), timeout=left)  # the person is still at it
        try:
            self._own_profile(page)
        except SessionExpired as exc:
            raise LoginFailed(exc.message, _("log in as @{handle}, the account's `handle`").format(
                handle=self.handle)) from None

    def check_session(self, page: Page) -> None:
        """The account's own profile, seen as the account: else `SessionExpired`."""
        with step(page, "session.check"):
            self._own_profile(page)

    # -- publishing ------------------------------------------------------------------------

    def _refuse_early(self, draft: Draft) -> None:
        """What the site would refuse only after the upload, said before anything is opened."""
        limits = self.pack.data.limits
        hint = _("fix the post in the plan; `jadwal validate` shows every post the {pack} refuses").format(
            pack=self.pack.describe())
        if limits.media is not None and limits.media.required and not draft.media:
            raise PlatformError(_("post {post} has no picture or video; Instagram posts need one").format(
                post=draft.post_id), hint)
        if limits.media is not None and limits.media.max_count is not None \
                and len(draft.media) > limits.media.max_count:
            raise PlatformError(_("post {post} has {count} media files; Instagram takes at most {most}").format(
                post=draft.post_id, count=len(draft.media), most=limits.media.max_count), hint)
        for limit, count in ((limits.text, len(draft.text)), (limits.hashtags, len(hashtags(draft.text))),
                             (limits.mentions, len(mentions(draft.text)))):
            if limit is not None and count > limit.max:
                raise PlatformError(_("post {post}'s caption is over Instagram's limit: {count} where at most {most} "
                                      "({source})").format(post=draft.post_id, count=count, most=limit.max,
                                                           source=limit.source), hint)

    def _composer(self, page: Page) -> Locator:
        """The create dialog whatever its step is called now: the dialog holding the file input."""
        return page.get_by_role("dialog").filter(has=self.pack.any(page, "compose.file"))

    def publish(self, page: Page, draft: Draft, *, dry_run: bool = False) -> PublishedRef | None:
        """Fill the create dialog; unless `dry_run`, share it and return where the post lives.

        A dry run finds the Share button (so `jadwal selftest` proves it is there) but never clicks it.
        """
        from playwright.sync_api import expect

        self._refuse_early(draft)
        with step(page, "compose.open"):
            before = self._own_profile(page)
            with browser_step(_("could not open the create dialog"), PageChanged):
                self.pack.locate(page, "nav.new_post", account=self.account.id).locator.click()
                menu, dialog = self.pack.any(page, "compose.menu_post"), self.pack.any(page, "compose.dialog")
                expect(menu.or_(dialog).filter(visible=True).first).to_be_visible()
            if not dialog.first.is_visible():  # the entry opens a menu first (since ~2024)
                self.pack.locate(page, "compose.menu_post", account=self.account.id).locator.click()
            self.pack.locate(page, "compose.dialog", account=self.account.id)
        composer = self._composer(page)
        with step(page, "compose.media"):
            self._attach(composer, draft)
        with step(page, "compose.next"):
            self._through_crop_and_edit(composer)
        with step(page, "compose.text"):
            self._caption(composer, draft)
        if any(draft.alt):
            with step(page, "compose.alt"):
                self._alt_texts(composer, draft)
        with step(page, "compose.submit"):
            share = self.pack.locate(composer, "compose.submit", account=self.account.id).locator
            if dry_run:
                return None
        with after_submit(draft.post_id):  # "Action Blocked" answering Share: it may be live all the same
            return self._share(page, composer, share, draft, before)

    def _attach(self, composer: Locator, draft: Draft) -> None:
        from playwright.sync_api import expect

        picker = self.pack.locate(composer, "compose.file", account=self.account.id).locator
        if len(draft.media) > 1 and picker.get_attribute("multiple") is None:
            raise PageChanged(_("the create dialog takes one file, and post {post} has {count}").format(
                post=draft.post_id, count=len(draft.media)), _("keep one picture or video in the post's `media`"))
        with browser_step(_("could not choose the post's files"), PageChanged):
            picker.set_input_files([str(p) for p in draft.media])
            onward = self.pack.any(composer, "compose.next").or_(self.pack.any(composer, "compose.text"))
            refused = self.pack.any(composer, "compose.file_error")
            expect(onward.or_(refused).filter(visible=True).first).to_be_visible()
        said = " ".join(t.strip() for t in refused.filter(visible=True).all_inner_texts() if t.strip())
        if said:
            raise PlatformError(_("Instagram refused the files of post {post}: {said}").format(
                post=draft.post_id, said=said), _("use JPEG or PNG pictures (at most 8 MB) or MP4/MOV videos"))

    def _through_crop_and_edit(self, composer: Locator) -> None:
        """Next until the caption box shows: Crop, then Edit (either may be missing; a video's Next waits)."""
        from playwright.sync_api import expect

        caption = self.pack.any(composer, "compose.text")
        with browser_step(_("could not go through the crop and edit steps"), PageChanged):
            for _step in range(3):
                expect(caption.or_(self.pack.any(composer, "compose.next")).filter(visible=True).first).to_be_visible()
                if caption.filter(visible=True).count():
                    return
                button = self.pack.locate(composer, "compose.next", account=self.account.id).locator
                expect(button).not_to_have_attribute("aria-disabled", "true", timeout=PROCESSING_MS)
                button.click()
            expect(caption.filter(visible=True).first).to_be_visible()

    def _caption(self, composer: Locator, draft: Draft) -> None:
        box = self.pack.locate(composer, "compose.text", account=self.account.id).locator
        with browser_step(_("could not type the caption"), PageChanged):
            box.click()
            box.fill(draft.text)
            heading = self.pack.find(composer, "compose.heading")
            if heading is not None:  # closes the #tag and @name suggestions [S: REEL26]
                heading.locator.click()
            shown = box.inner_text()
        if _squash(shown) != _squash(draft.text):
            raise PageChanged(_("the caption box shows {shown} instead of the post's text").format(
                shown=repr(_squash(shown)[:80])), _("`jadwal selftest PLAN --account {account}` shows the step").format(
                account=self.account.id))

    def _alt_texts(self, composer: Locator, draft: Draft) -> None:
        """Each picture's description in its own box, in the pictures' order (videos have none)."""
        from scheduler.plan.media import sniff

        pictures = [i for i, path in enumerate(draft.media) if (info := sniff(path)) is None or info.kind == "image"]
        fields = self.pack.any(composer, "compose.alt").filter(visible=True)
        with browser_step(_("could not write the pictures' descriptions"), PageChanged):
            if not fields.count():
                self.pack.locate(composer, "compose.accessibility", account=self.account.id).locator.click()
            self.pack.locate(composer, "compose.alt", account=self.account.id)
            if fields.count() != len(pictures):
                raise PageChanged(_("the create dialog has {boxes} boxes for alt text, and post {post} has {count} "
                                    "pictures").format(boxes=fields.count(), post=draft.post_id, count=len(pictures)),
                                  _("`jadwal selftest PLAN --account {account}` shows the step").format(
                                      account=self.account.id))
            for box, index in enumerate(pictures):
                fields.nth(box).fill(draft.alt_of(index))
        skipped = [str(p) for i, p in enumerate(draft.media) if i not in pictures and draft.alt_of(i)]
        if skipped:
            logger.warning("post {}: Instagram has no description for videos; left out for {}", draft.post_id,
                           ", ".join(skipped))

    def _share(self, page: Page, composer: Locator, share: Locator, draft: Draft, before: list[str]) -> PublishedRef:
        """Click Share once and read what the site says. Everything from the click on is `OutcomeUnknown`."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        started = datetime.now(timezone.utc)
        shared = self.pack.any(composer, "compose.shared")
        failed = self.pack.any(composer, "compose.failed")
        outcome = shared.or_(failed)
        signs = self.pack.signs(page)  # a block or a challenge instead of the post
        if signs is not None:
            outcome = outcome.or_(signs)
        sharing = self.pack.any(composer, "compose.sharing")
        unknown = _("post {post}: no confirmation after Share").format(post=draft.post_id)
        with browser_step(unknown, OutcomeUnknown, _unknown_hint()):
            with sent_once(page, "**/*", draft.media, timeout_ms=0) as lost:
                share.click()
                logger.info("post {}: shared, waiting for Instagram's answer", draft.post_id)
                for _round in range(SHARE_ROUNDS):
                    try:
                        outcome.filter(visible=True).first.wait_for(state="visible")
                        break
                    except PlaywrightTimeout:
                        self.pack.stop_at_checkpoint(page, account=self.account.id)
                        if not sharing.filter(visible=True).count():
                            break
                self.pack.stop_at_checkpoint(page, account=self.account.id)  # blocked: a person must act; stored?
                if not shared.filter(visible=True).count():
                    why = (_("the connection closed without an answer ({error})").format(error=first_line(lost[0]))
                           if lost else _("Instagram says the post couldn't be shared")
                           if failed.filter(visible=True).count() else _("Instagram said nothing in time"))
                    raise OutcomeUnknown(_("post {post}: {why}; it may be live all the same").format(
                        post=draft.post_id, why=why), _unknown_hint())
        since = started - CLOCK_MARGIN
        with browser_step(_("post {post} was shared, but the profile could not be read").format(post=draft.post_id),
                          OutcomeUnknown, _unknown_hint()):
            found = self._newest_match(page, draft, since, only_new=before)
        if found is None:
            raise OutcomeUnknown(_("post {post} was shared, but it is not on the profile yet").format(
                post=draft.post_id), _unknown_hint())
        logger.debug("post {} is live at {}", draft.post_id, found.url)
        return found

    # -- finding a post again ---------------------------------------------------------------

    def _newest_match(self, page: Page, draft: Draft, since: datetime, *, only_new: list[str] | None = None
                      ) -> PublishedRef | None:
        """The account's post with the draft's caption made since `since`, looked for newest first.

        `only_new`: the grid before the share; only posts not in it are opened.
        """
        codes = self._own_profile(page)
        if not codes and self._posts_counted(page) != 0:  # posts, or no telling: the grid is not where it was
            raise PageChanged(_("the profile of @{handle} lists no posts, and its header does not say it has none")
                              .format(handle=self.handle), _("`jadwal selftest PLAN --account {account}` shows the "
                                                             "step").format(account=self.account.id))
        if only_new is not None:
            seen = set(only_new)
            codes = [c for c in codes if c not in seen]
        wanted = _squash(draft.text)
        for index, code in enumerate(codes[:FIND_POSTS]):
            shown = self._open_post(page, code)
            if shown is None:
                continue
            if shown.time is not None and shown.time < since:
                if index >= PINNED:
                    return None  # newest first after the pinned ones: everything further is older still
                continue
            if shown.author in ("", self.handle) and _squash(shown.caption) == wanted:
                return self._ref(shown)
        return None

    def find_published(self, page: Page, draft: Draft, *, since: datetime) -> PublishedRef | None:
        """The account's post with the draft's caption made since `since` (crash recovery), or None."""
        if since.tzinfo is None:
            raise ValueError("find_published needs an aware `since`")
        return self._newest_match(page, draft, since)

    def latest_published(self, page: Page) -> PublishedRef | None:
        """The account's newest post (for `jadwal selftest`'s comment-reading steps), or None."""
        with step(page, "profile.latest"):
            codes = self._own_profile(page)
        return PublishedRef(remote_id=codes[0], url=self._post_url(codes[0])) if codes else None

    # -- comments ----------------------------------------------------------------------------

    def _code(self, ref: PublishedRef) -> str:
        return ref.remote_id or _code_of(ref.url) or ""

    def _open_for_comments(self, page: Page, ref: PublishedRef) -> None:
        code = self._code(ref)
        if self._open_post(page, code) is None:
            raise PlatformError(_("post {code} is no longer on Instagram").format(code=code),
                                _("it was deleted or archived on the site"))

    def _expand(self, page: Page) -> None:
        """Click "Load more comments" and every "View replies (N)" until everything shows."""
        for _click in range(MAX_EXPANSIONS):
            target = self.pack.find(page, "post.load_more") or self.pack.find(page, "post.view_replies")
            if target is None:
                return
            with browser_step(_("could not open more comments"), PageChanged):
                handle = target.locator.element_handle()
                label = handle.text_content()
                handle.click()
                page.wait_for_function(
                    "([el, before]) => !el.isConnected || el.textContent !== before || !el.getClientRects().length",
                    arg=[handle, label])
        raise PageChanged(_("more than {count} pages of comments: the page never ends").format(count=MAX_EXPANSIONS),
                          _("`jadwal selftest PLAN --account {account}` shows the step").format(account=self.account.id))

    def _rows(self, page: Page, code: str) -> list[Comment]:
        selectors = {"item": ",".join(self.pack.css("post.comment")), "link": self.pack.css("comment.link"),
                     "author": self.pack.css("comment.author"), "text": self.pack.css("comment.text")}
        with browser_step(_("could not read the comments of post {code}").format(code=code), PageChanged):
            rows = self.pack.any(page, "post.comment").evaluate_all(_ROWS_JS, selectors)
        found: dict[str, Comment] = {}
        for row in rows:
            cid = COMMENT_ID.search(row["href"] or "")
            if cid is None or cid.group(1) in found:
                continue
            parent = COMMENT_ID.search(row["parent"] or "")
            found[cid.group(1)] = Comment(
                id=cid.group(1),
                author=_squash(row["author"]) or _last_segment(row["authorHref"]),
                text=row["text"].strip(),
                parent_id=parent.group(1) if parent else None,
                created_at=_parse_time(row["time"]),
                post_remote_id=code,
            )
        return list(found.values())

    def comments(self, page: Page, ref: PublishedRef) -> list[Comment]:
        """Every comment and reply under a post, across "Load more comments" and "View replies"."""
        with step(page, "post.open"):
            self._open_for_comments(page, ref)
        with step(page, "post.comments"):
            self._expand(page)
            return self._rows(page, self._code(ref))

    def reply(self, page: Page, ref: PublishedRef, comment_id: str, text: str) -> Comment:
        """Answer a comment in its thread (its Reply button), as the account; returns the reply as listed."""
        code = self._code(ref)
        self._open_for_comments(page, ref)
        self._expand(page)
        known = {c.id for c in self._rows(page, code)}
        if comment_id not in known:
            raise PlatformError(_("comment {comment} is no longer under post {code}").format(
                comment=comment_id, code=code), _("it was deleted or hidden on the site"))
        link = page.locator(",".join(f"{sel}[href*='/c/{comment_id}/']" for sel in self.pack.css("comment.link")))
        row = self.pack.any(page, "post.comment").filter(has=link).last  # the innermost item: the comment itself
        box = self.pack.find(page, "comment.box")
        if box is None:
            if self.pack.find(page, "nav.new_post") is None:
                raise self._expired(page, _("the post shows no comment box: signed out"))
            raise PlatformError(_("post {code} takes no comments (they were turned off or limited)").format(code=code),
                                _("answer on the site, or turn comments on again"))
        with browser_step(_("could not start a reply to comment {comment}").format(comment=comment_id), PageChanged):
            self.pack.locate(row, "comment.reply", account=self.account.id).locator.click()
            prefix = box.locator.input_value()
            body = text if not prefix.strip() or text.startswith(prefix.strip()) else prefix + text
            box.locator.fill(body)
            send = self.pack.locate(page, "comment.submit", account=self.account.id).locator
        with after_submit(comment_id):  # "Action Blocked" answering the send: the reply may be stored all the same
            what = _("no confirmation after replying to comment {comment}").format(comment=comment_id)
            with browser_step(what, OutcomeUnknown, _reply_hint()):
                with sent_once(page, "**/*"):
                    send.click()
                    result = page.wait_for_function(_REPLY_OUTCOME_JS, arg=[
                        ",".join(self.pack.css("comment.link")), ",".join(self.pack.css("comment.error")) or "[role=alert]",
                        sorted(known), urlsplit(page.url).path]).json_value()
            if result != "posted":
                self.pack.stop_at_checkpoint(page, account=self.account.id)
                said = " ".join(t.strip() for t in self.pack.any(page, "comment.error").all_inner_texts() if t.strip())
                if result == "error":
                    raise PlatformError(_("Instagram refused the reply to comment {comment}: {said}").format(
                        comment=comment_id, said=said or "?"), _("look at the post on the site"))
                raise OutcomeUnknown(_("after replying to comment {comment} the page shows neither the reply nor an "
                                       "error").format(comment=comment_id), _reply_hint())
            wanted = _squash(body)
            mine = [c for c in self._rows(page, code)
                    if c.id not in known and c.author == self.handle and _squash(c.text) == wanted]
            if not mine:
                raise OutcomeUnknown(_("the reply to comment {comment} does not show under the post").format(
                    comment=comment_id), _reply_hint())
            return mine[-1]

    # -- numbers ---------------------------------------------------------------------------------

    def metrics(self, page: Page) -> dict[str, float]:
        """Followers, from the account's profile: the exact count in the link's title, else og:description."""
        with step(page, "profile.followers"):
            self._own_profile(page)
            with browser_step(_("could not read the follower count"), PageChanged):
                exact = self.pack.find(page, "profile.followers")
                title = exact.locator.get_attribute("title") if exact else None
                shown = exact.locator.inner_text() if exact else ""
                described = self.pack.find(page, "profile.description")
                description = described.locator.get_attribute("content") if described else None
        for candidate in (title, description, shown):
            value = parse_count(candidate) if candidate else None
            if value is not None:
                return {"followers": float(value)}
        raise PageChanged(_("the profile of @{handle} shows no follower count").format(handle=self.handle),
                          _("`jadwal selftest PLAN --account {account}` shows the step").format(account=self.account.id))

    def post_metrics(self, page: Page, ref: PublishedRef) -> dict[str, float]:
        """Likes and comments (replies included) of one post, as its page shows them to the account.

        The page says "12 likes" [S: INSTAPY] but no comment total (that is in the page's JSON [S: DAANYLO],
        which the adapter does not read): comments are counted as `comments` reads them, every page opened.
        """
        with step(page, "post.stats"):
            self._open_for_comments(page, ref)
            with browser_step(_("could not read the likes of post {code}").format(code=self._code(ref)), PageChanged):
                likes = self.pack.find(page, "post.likes")
                count = parse_count(likes.locator.inner_text()) if likes else 0.0
            self._expand(page)
            return {"likes": float(count or 0.0), "comments": float(len(self._rows(page, self._code(ref))))}
