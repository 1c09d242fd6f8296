"""The adapter for a Facebook Page, posted to as the Page (never as the person who manages it).

A Page has no login of its own: a person logs in and acts for the Page [S: marcelja/facebook-delete#65].
The account's `handle` is the Page's name exactly as Facebook shows it and `page_id` its numeric id;
jadwal checks that name on the composer before every post and reply, and never posts when another
name shows (a post written as the person on the Page's timeline is a visitor's post [S-old:
Frost-for-Facebook#1841]).

The flow (sources in `scheduler/packs/data/facebook.toml`, research in /work/research/facebook.md):

- publish: Meta Business Suite's composer `/latest/composer/?asset_id=<page_id>`, which posts as the
  Page without switching; on business.facebook.com for the live site (derived from the account's URL,
  so a replica's address stays as it is). When it cannot be used (the Page's name does not show, or
  the page changed), the person switches into the Page on www ("Your profile" -> "See all profiles",
  else /pages/ -> "Switch Now") and uses the Page's own composer, whose prompt must read "What's on
  your mind, <Page>?". Text goes into the Lexical editor by the browser's own text insertion (a
  paste event when that did not take); files into the hidden file input, each uploaded before Post
  is enabled; the optional Next -> "Post settings" step; Post or Publish clicked once.
- after Post, anything unclear is `OutcomeUnknown` (a block or checkpoint: `BlockedAfterSubmit`); the post is then found on the Page's timeline by
  the Page as author, its text and its time ("5m", "3 jam" ...), never by its `pfbid`, which changes
  every time it is shown [S: snarfed/facebook-atom#27].
- comments: the post's page, "Most relevant" -> "All comments", every "View more comments" and
  "View n replies"; replies by "Reply" in the comment's thread and Enter, as the Page (the comment
  box must read "Comment as <Page>"; the person switches into the Page first when it does not).
- metrics: the Page's followers ("12K followers", "1,2 rb pengikut").

Every page opened is checked against the pack's checkpoints (a challenge stops the account:
`CheckpointReached`, nothing typed) and gets its dialog handlers (the cookie dialog, "Save your login
info?"). Pages are rendered by scripts, so elements are waited for (bounded by the context's timeouts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Final
from urllib.parse import urlsplit, urlunsplit

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
from scheduler.i18n import N_, _
from scheduler.packs import Pack, pack_of, step
from scheduler.platforms import facebook_reading as reading
from scheduler.platforms.base import Comment, Credentials, Draft, PublishedRef, after_submit
from scheduler.platforms.facebook_reading import squash
from scheduler.platforms.send_once import sent_once
from scheduler.platforms.common import shown_text, site_address

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, Response

    from scheduler.plan.model import Account

DEFAULT_URL: Final = "https://www.facebook.com"
#: Meta Business Suite's host [S: idx:60635391284, idx:69369129702, idx:53711838252]
BUSINESS_HOST: Final = "business.facebook.com"
LOADED: Final = "domcontentloaded"
#: how long one file may take to upload (a video takes long)
UPLOAD_MS_PER_FILE: Final = 120_000
#: how long Facebook may take to answer Post before the outcome is unknown
ANSWER_MS: Final = 60_000
#: most stories read from the timeline when looking a post up
MAX_STORIES: Final = 200
#: most "View more comments" / "View n replies" clicks on one post
MAX_EXPANSIONS: Final = 500
#: how long more stories or comments may take to show
MORE_MS: Final = 15_000
#: how far back, before the click, a post just made may seem to be (the site's clock, relative times)
JUST_MADE: Final = timedelta(minutes=3)

_UNKNOWN_HINT = N_("the post may be live: look at the Page before trying again (the daemon looks it up by itself)")
_REPLY_HINT = N_("the reply may be posted: look at the post before answering again")


class NotThePage(PlatformError):
    """Facebook would not post as the account's Page here (another name shows): nothing was submitted."""


def business_base(base: str) -> str:
    """Meta Business Suite's address for an account's site: business.facebook.com for Facebook's own
    hosts (www., web., m. ...); any other address (a replica) is its own."""
    parts = urlsplit(base)
    host = parts.hostname or ""
    if host != "facebook.com" and not host.endswith(".facebook.com"):
        return base
    return urlunsplit((parts.scheme, BUSINESS_HOST, parts.path, "", ""))


@dataclass(frozen=True, slots=True)
class _Composer:
    """An open composer, ready for text and media: where it is and which button submits it."""

    surface: str  # "business_suite" or "www"
    scope: Page | Locator
    submit: str  # the pack key of its final button


class FacebookAdapter:
    """One Facebook Page, through the person who manages it."""

    name: ClassVar[str] = "facebook"
    #: a post is text and pictures (or one video): no title, alt text, categories ...
    post_fields: ClassVar[frozenset[str]] = frozenset()
    account_fields: ClassVar[frozenset[str]] = frozenset({"page_id"})
    #: what a post shows everyone: "All reactions: 12" and "3 comments" [S: MW, KZ]; reach and views are
    #: the Page's insights, not on the post
    post_metric_names: ClassVar[tuple[str, ...]] = ("likes", "comments")

    @classmethod
    def check_account(cls, account: Account) -> list[tuple[str, str]]:
        """What `jadwal validate` says about the account's settings: the Page's name and id."""
        problems = []
        if not account.handle.strip():
            problems.append((
                _("account {account} (facebook) has no handle: it is the name of the Page jadwal posts as, "
                  "checked on Facebook before every post").format(account=account.id),
                _('add handle = "..." with the Page\'s name exactly as Facebook shows it')))
        if not account.page_id:
            problems.append((
                _("account {account} (facebook) has no page_id: jadwal posts only as a Page, found by its id")
                .format(account=account.id),
                _('add page_id = "..." with the Page\'s id: the number after asset_id= in Meta Business Suite\'s '
                  "address, or after profile.php?id= on the Page")))
        elif not (account.page_id.isascii() and account.page_id.isdigit()):
            problems.append((
                _("page_id of account {account} is {value}, not a Page's id").format(
                    account=account.id, value=repr(account.page_id)),
                _('write the Page\'s id as digits only, e.g. page_id = "61550123456789"')))
        return problems

    def __init__(self, account: Account) -> None:
        self.account = account
        self.pack: Pack = pack_of(account)
        url = account.url or DEFAULT_URL
        parts = site_address(account, url, _('set the account\'s url to Facebook\'s address, e.g. url = '
                                              '"https://www.facebook.com"'))
        self.base = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        self.business = business_base(self.base)
        self.page_name = squash(account.handle)
        self.page_id = account.page_id
        #: how long Facebook may take to answer Post or a reply before the outcome is unknown
        self.answer_ms = ANSWER_MS

    # -- pages -------------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return self.base + path

    def _timeline(self) -> str:
        """The Page's own timeline, by id: `/profile.php?id=` [S: research §3]."""
        return self._url(f"/profile.php?id={self.page_id}")

    def _need_page(self) -> None:
        problems = self.check_account(self.account)
        if problems:
            raise PlatformError(*problems[0])

    def _arrived(self, page: Page) -> None:
        self.pack.stop_at_checkpoint(page, account=self.account.id)
        self.pack.dismiss_dialogs(page)

    def _goto(self, page: Page, url: str, what: str) -> Response | None:
        """Load a page; a 5xx or no answer is `SiteUnavailable`, a checkpoint stops the account."""
        failed = _("could not open {what}").format(what=what)
        with browser_step(failed, SiteUnavailable, _("is Facebook reachable? try again later")):
            response = page.goto(url, wait_until=LOADED)
        if response is not None and response.status >= 500:
            raise SiteUnavailable(_("{failed}: the site answered HTTP {status}").format(
                failed=failed, status=response.status), _("Facebook is having trouble; try again later"))
        self._arrived(page)
        return response

    def _on_login(self, page: Page) -> bool:
        return bool(re.search(r"/login(?:/|\.php|$)", urlsplit(page.url).path)) or \
            self.pack.any(page, "login.password").count() > 0

    def _expired(self, page: Page) -> SessionExpired:
        said = shown_text(self.pack.any(page, "login.error"))
        return SessionExpired(
            _("the saved session of account {account} is no longer accepted").format(account=self.account.id)
            + (f" ({said})" if said else ""), login_hint(self.account.id))

    def _open(self, page: Page, url: str, what: str, *, ready: str, gone: str | None = None) -> None:
        """Open a page that needs the session and wait for its element `ready` (or the login form).

        `gone`: the message for a page that is not there (HTTP 404), e.g. a deleted post.
        """
        response = self._goto(page, url, what)
        if gone is not None and response is not None and response.status == 404:
            raise PlatformError(gone, _("check the account's page_id, or whether the post was deleted"))
        marker = self.pack.any(page, ready).or_(self.pack.any(page, "login.password"))
        with browser_step(_("{what} did not finish loading").format(what=what), PageChanged):
            _appeared(marker)  # when not, `locate` below says what is missing (a checkpoint first)
        if self._on_login(page):
            raise self._expired(page)
        self.pack.locate(page, ready, wait=False, account=self.account.id)

    # -- login -------------------------------------------------------------------------------

    def login(self, page: Page, credentials: Credentials) -> None:
        """The person's login at /login/, submitted with Enter [S: AMM PR #336], the button otherwise."""
        if squash(credentials.username) == self.page_name:
            raise LoginFailed(
                _("Facebook logs in the person who manages the Page, not the Page {page}").format(
                    page=repr(self.page_name)),
                _("give the e-mail address or phone number that person logs in with: jadwal login PLAN --account "
                  "{account} --username EMAIL --password-env VAR").format(account=self.account.id))
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        with step(page, "login.form"):
            self._goto(page, self._url("/login/"), _("the login page"))
            _appeared(self.pack.any(page, "login.email").or_(self.pack.any(page, "nav.profile")))
            if not self._on_login(page) and self.pack.find(page, "nav.profile") is not None:
                logger.info("account {}: the browser profile is signed in already", self.account.id)
                return
            self._get(page, "login.email", wait=True).fill(credentials.username)
            password = self._get(page, "login.password")
            password.fill(credentials.password)
        with step(page, "login.submit"):
            with browser_step(_("logging in got no answer"), SiteUnavailable, _("try again later")):
                try:
                    with page.expect_navigation(wait_until=LOADED):
                        password.press("Enter")
                except PlaywrightTimeout:  # Enter did not submit: the button, as the research's fallback
                    with page.expect_navigation(wait_until=LOADED):
                        self._get(page, "login.submit").click()
            self._arrived(page)  # a checkpoint or two-factor prompt stops here
            if self._on_login(page):
                said = shown_text(self.pack.any(page, "login.error")) or _("no reason shown")
                raise LoginFailed(
                    _("Facebook refused the login of {user}: {said}").format(user=repr(credentials.username),
                                                                             said=said),
                    _("check the e-mail address or phone number (--username) and the password in the variable "
                      "named by --password-env"))
            self._open_ready(page, "nav.profile", _("the page after logging in"))

    def wait_for_login(self, page: Page, *, timeout_ms: float) -> None:
        """Interactive login: open the form and wait until a person is signed in (they pass any
        challenge themselves; jadwal only watches for the signed-in page)."""
        self._goto(page, self._url("/login/"), _("the login page"))
        with browser_step(_("nobody logged in in time"), LoginFailed, _("run the command again and log in sooner")):
            self.pack.any(page, "nav.profile").first.wait_for(state="visible", timeout=timeout_ms)

    def check_session(self, page: Page) -> None:
        with step(page, "session.check"):
            self._open(page, self._url("/"), _("Facebook"), ready="nav.profile")

    def _open_ready(self, page: Page, ready: str, what: str) -> None:
        with browser_step(_("{what} did not finish loading").format(what=what), PageChanged):
            _appeared(self.pack.any(page, ready))
        self.pack.locate(page, ready, wait=False, account=self.account.id)

    def _get(self, scope: Page | Locator, key: str, *, wait: bool = False) -> Locator:
        return self.pack.locate(scope, key, wait=wait, account=self.account.id).locator

    # -- acting as the Page ------------------------------------------------------------------------

    def _prompt_name(self, page: Page) -> str:
        """Who the Page's composer writes as: the name in "What's on your mind, <name>?" ("" for a
        visitor's "Write something to <Page>…")."""
        region = self._get(page, "compose.region", wait=True)
        for text in self.pack.any(region, "compose.entry").all_inner_texts():
            found = self.pack.match("compose.prompt", text)
            if found is not None:
                return squash(found[1].group("name"))
        return ""

    def _act_as_page_on_timeline(self, page: Page) -> None:
        """Open the Page's timeline acting as the Page, switching into it when the person acts as
        someone else; `NotThePage` when Facebook still does not write as the Page."""
        gone = _("Facebook shows no Page with id {id}").format(id=self.page_id)
        self._open(page, self._timeline(), _("the Page"), ready="compose.region", gone=gone)
        if self._prompt_name(page) == self.page_name:
            return
        self._switch_into_page(page)
        self._open(page, self._timeline(), _("the Page"), ready="compose.region", gone=gone)
        shown = self._prompt_name(page)
        if shown != self.page_name:
            raise NotThePage(
                _("after switching into the Page {page}, its composer writes as {shown}: jadwal posts nothing "
                  "rather than post as someone else").format(page=repr(self.page_name),
                                                             shown=repr(shown) if shown else _("a visitor")),
                _("check the account's handle (the Page's name exactly as Facebook shows it) and page_id"))

    def _switch_into_page(self, page: Page) -> None:
        """"Your profile" -> "See all profiles" -> the Page [S: KT selectFBPage]; else /pages/ -> the
        Page's "Switch Now" -> "Switch" [S: KT]."""
        logger.info("account {}: switching into the Page {!r}", self.account.id, self.page_name)
        try:
            self._get(page, "nav.profile").click()
            self._get(page, "switch.see_all", wait=True).click()
            dialog = self._get(page, "switch.dialog", wait=True)
            listing = self._get(dialog, "switch.profiles", wait=True)
            entry = self.pack.find_named(listing, "switch.profile", self.page_name)  # the list came whole
            if entry is None:
                raise NotThePage(
                    _("the person logged in does not manage a Page named {page}: it is not among their "
                      "profiles").format(page=repr(self.page_name)),
                    _("check the account's handle (the Page's name exactly as Facebook shows it), or log in as "
                      "a person who manages the Page: {login}").format(login=login_hint(self.account.id)))
            with browser_step(_("switching into the Page got no answer"), SiteUnavailable):
                with page.expect_navigation(wait_until=LOADED):
                    entry.locator.click()
            self._arrived(page)
        except PageChanged as exc:
            logger.info("account {}: the profile menu did not lead to the Page ({}); trying Your Pages",
                        self.account.id, exc.message)
            self._switch_from_your_pages(page)

    def _switch_from_your_pages(self, page: Page) -> None:
        self._open(page, self._url("/pages/?category=your_pages"), _("your Pages"), ready="switch.card")
        name = page.get_by_text(self.page_name, exact=True)
        card = self.pack.any(page, "switch.card").filter(has=name)
        if not card.count():
            raise NotThePage(
                _("the person logged in does not manage a Page named {page}: it is not among their Pages")
                .format(page=repr(self.page_name)),
                _("check the account's handle (the Page's name exactly as Facebook shows it), or log in as a "
                  "person who manages the Page: {login}").format(login=login_hint(self.account.id)))
        self._get(card.first, "switch.now").click()
        confirm = self._get(page, "switch.confirm", wait=True)
        with browser_step(_("switching into the Page got no answer"), SiteUnavailable):
            with page.expect_navigation(wait_until=LOADED):
                confirm.click()
        self._arrived(page)

    # -- publishing ------------------------------------------------------------------------------

    def publish(self, page: Page, draft: Draft, *, dry_run: bool = False) -> PublishedRef | None:
        """Fill the composer as the Page; unless `dry_run`, click Post once and find the post on the Page.

        A dry run finds the final button (so `jadwal selftest` proves it is there) but never clicks it.
        """
        self._need_page()
        _one_video(draft)
        with step(page, "compose.as_page"):
            composer = self._composer(page)
        with step(page, "compose.text"):
            if draft.text.strip():
                self._type(page, self._get(composer.scope, "compose.text", wait=True), draft.text)
        if draft.media:
            with step(page, "compose.media"):
                self._attach(composer, draft)
        with step(page, "compose.submit"):
            button = self._final_button(page, composer)
            if dry_run:
                return None
        with after_submit(draft.post_id):  # "You're temporarily blocked" after Post: it may be live all the same
            return self._submit(page, composer, button, draft)

    def _check_page(self, page: Page) -> None:
        """The Page with the account's id is the Page with its name: both routes post by the id, and a
        post that went to another Page than the one named could not be found again."""
        self._open(page, self._timeline(), _("the Page"), ready="profile.followers",
                   gone=_("Facebook shows no Page with id {id}").format(id=self.page_id))
        if self.pack.find_named(page, "profile.name", self.page_name) is None:
            shown = [squash(t) for t in self.pack.any(page, "profile.name").all_inner_texts()[:3]]
            raise NotThePage(
                _("the Page with id {id} is not named {page} on Facebook (its page shows: {shown})").format(
                    id=self.page_id, page=repr(self.page_name), shown=", ".join(map(repr, shown)) or "-"),
                _("check the account's handle (the Page's name exactly as Facebook shows it) and page_id; when "
                  "the page does show that name, the site has changed: `jadwal selftest PLAN --account {account}` "
                  "shows the step").format(account=self.account.id))

    def _composer(self, page: Page) -> _Composer:
        """Business Suite's composer for the Page, else the Page's own after switching into it."""
        self._check_page(page)
        try:
            return self._business_composer(page)
        except (PageChanged, NotThePage) as exc:
            logger.warning("account {}: Meta Business Suite's composer cannot be used ({}); switching into the "
                           "Page on www instead", self.account.id, exc.message)
        self._act_as_page_on_timeline(page)
        region = self._get(page, "compose.region")
        entries = self.pack.any(region, "compose.entry")
        prompt = next(i for i, text in enumerate(entries.all_inner_texts())
                      if self.pack.match("compose.prompt", text) is not None)
        entries.nth(prompt).click()
        return _Composer("www", self._get(page, "compose.dialog", wait=True), "compose.submit")

    def _business_composer(self, page: Page) -> _Composer:
        url = f"{self.business}/latest/composer/?asset_id={self.page_id}"
        self._open(page, url, _("Meta Business Suite's composer"), ready="compose.text")
        # rendered with the composer, whose text box `_open` waited for: looked at once
        if self.pack.find_named(page, "business.identity", self.page_name) is None:
            raise NotThePage(
                _("Meta Business Suite's composer does not show the Page {page} (asset_id={id})").format(
                    page=repr(self.page_name), id=self.page_id),
                _("check the account's handle (the Page's name exactly as Facebook shows it) and page_id"))
        return _Composer("business_suite", page, "business.submit")

    def _type(self, page: Page, box: Locator, text: str) -> None:
        """The browser's own text insertion into the Lexical editor [S: AutomaApp/automa#1566]; a paste
        event when that did not take [S: MP 2025-12]; the editor must then show the whole text."""
        wanted = squash(text)
        with browser_step(_("could not type the post's text"), PageChanged):
            box.click()
            page.keyboard.insert_text(text)
            if squash(box.inner_text()) != wanted:
                box.press("ControlOrMeta+A")
                box.press("Backspace")
                box.evaluate(_PASTE_JS, text)
            shown = squash(box.inner_text())
        if shown != wanted:
            raise PageChanged(
                _("the text box did not take the text (it shows {shown})").format(shown=repr(shown[:80])),
                _("the site has changed: `jadwal selftest PLAN --account {account}` shows the step").format(
                    account=self.account.id))

    def _attach(self, composer: _Composer, draft: Draft) -> None:
        """Every file into the file input; each is uploaded at once: wait for one preview per file."""
        scope = composer.scope
        files = self._get(scope, "compose.media", wait=True)
        with browser_step(_("could not attach the media"), PageChanged):
            files.set_input_files([str(p) for p in draft.media])
        previews, error = self.pack.any(scope, "compose.preview"), self.pack.any(scope, "compose.error")
        timeout = UPLOAD_MS_PER_FILE * len(draft.media)
        with browser_step(_("the media did not finish uploading"), SiteUnavailable, _("try again later")):
            previews.nth(len(draft.media) - 1).or_(error.first).wait_for(state="visible", timeout=timeout)
            from playwright.sync_api import expect

            if not error.first.is_visible():
                expect(self.pack.any(scope, "compose.upload_progress")).to_have_count(0, timeout=timeout)
        said = shown_text(error) if error.first.is_visible() else ""
        if said or previews.count() != len(draft.media):
            raise PlatformError(
                _("Facebook refused the media of post {post}: {said}").format(
                    post=draft.post_id, said=said or _("{n} of {total} uploaded").format(
                        n=previews.count(), total=len(draft.media))),
                _("check the post's media: pictures (JPEG, PNG, GIF) or one video, as `jadwal validate` says"))

    def _final_button(self, page: Page, composer: _Composer) -> Locator:
        """The enabled Post (after Next -> "Post settings" when that step shows) or Publish."""
        from playwright.sync_api import expect

        scope = composer.scope
        if composer.surface == "www":
            step_next = self.pack.find(scope, "compose.next")
            if step_next is not None:
                with browser_step(_("the Next step did not open"), PageChanged):
                    expect(step_next.locator).not_to_have_attribute("aria-disabled", "true", timeout=MORE_MS)
                    step_next.locator.click()
                self._get(scope, "compose.settings", wait=True)
        else:
            schedule = self.pack.find(scope, "business.schedule")
            if schedule is not None and schedule.locator.get_attribute("aria-checked") == "true":
                raise PlatformError(
                    _("Meta Business Suite's composer is set to schedule the post: jadwal publishes at the "
                      "planned time itself and never schedules on Facebook"),
                    _("turn off \"Set date and time\" in Business Suite, then try again"))
        button = self._get(scope, composer.submit, wait=True)
        with browser_step(_("the final button stays disabled"), PageChanged):
            expect(button).not_to_have_attribute("aria-disabled", "true", timeout=MORE_MS)
        return button

    def _submit(self, page: Page, composer: _Composer, button: Locator, draft: Draft) -> PublishedRef:
        """Click once; from here on anything unclear is `OutcomeUnknown`. Then find the post."""
        clicked = datetime.now(timezone.utc)
        with browser_step(_("post {post}: no answer after clicking Post").format(post=draft.post_id),
                          OutcomeUnknown, _(_UNKNOWN_HINT)):
            # the page's requests go out once each (a dropped connection is never re-sent by Chromium)
            with sent_once(page, "**/*", timeout_ms=0) as lost:
                button.click()
                self._answer(page, composer)
        said = shown_text(self.pack.any(composer.scope, "compose.error"))
        if said or lost:
            why = repr(said) if said else _("nothing: the connection closed ({problem})").format(
                problem=first_line(lost[0]))
            raise OutcomeUnknown(
                _("post {post}: Facebook answered {said} after Post").format(post=draft.post_id, said=why),
                _(_UNKNOWN_HINT))
        with browser_step(_("post {post}: could not look at the Page after Post").format(post=draft.post_id),
                          OutcomeUnknown, _(_UNKNOWN_HINT)):
            story = self._scan(page, draft.text, clicked - JUST_MADE)
        if story is None:
            raise OutcomeUnknown(
                _("post {post}: Facebook showed no error, but the post is not on the Page's timeline").format(
                    post=draft.post_id), _(_UNKNOWN_HINT))
        logger.debug("post {} is live at {} ({})", draft.post_id, story.url, composer.surface)
        return PublishedRef(remote_id=story.remote_id, url=story.url, published_at=clicked)

    def _answer(self, page: Page, composer: _Composer) -> None:
        """Wait for Facebook's answer to Post: a confirmation, an error, a block, or (www) the composer
        closing; a block is a checkpoint (`CheckpointReached`, made `BlockedAfterSubmit` by the caller)."""
        from playwright.sync_api import Locator
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        signals = self.pack.any(page, "compose.published").or_(self.pack.any(composer.scope, "compose.error"))
        signs = self.pack.signs(page)
        if signs is not None:
            signals = signals.or_(signs)
        deadline = datetime.now(timezone.utc) + timedelta(milliseconds=self.answer_ms)
        while True:
            try:
                signals.first.wait_for(state="visible", timeout=1_000)
                break
            except PlaywrightTimeout:
                if isinstance(composer.scope, Locator) and not composer.scope.is_visible():
                    break  # the dialog closed: the research's sign of a post made [I]
                if datetime.now(timezone.utc) > deadline:
                    raise OutcomeUnknown(_("Facebook did not answer Post in {s} seconds").format(
                        s=self.answer_ms // 1000), _(_UNKNOWN_HINT)) from None
        self.pack.stop_at_checkpoint(page, account=self.account.id)

    # -- finding a post ------------------------------------------------------------------------------

    def _scan(self, page: Page, text: str, since: datetime) -> reading.Story | None:
        """The Page's newest post with `text` made since `since`, read down the timeline (more stories
        load as it scrolls) until two posts in a row are older (one may be pinned)."""
        wanted, older, seen = squash(text), 0, 0
        self._open(page, self._timeline(), _("the Page's timeline"), ready="profile.followers",
                   gone=_("Facebook shows no Page with id {id}").format(id=self.page_id))
        while seen < MAX_STORIES:
            self._see_more(page)
            shown = reading.stories(self.pack, page, datetime.now(timezone.utc))
            for story in shown[seen:]:
                if story.author != self.page_name or not story.url:
                    continue  # a visitor's post on the Page, or no permalink
                if story.window is not None and story.window.latest < since:
                    older += 1
                    if older >= 2:
                        return None
                    continue
                older = 0
                if squash(story.text) != wanted:
                    continue
                if story.window is None:
                    raise PageChanged(
                        _("a post with this text is on the Page, but its time cannot be read, so jadwal cannot "
                          "tell whether it is the one looked for ({url})").format(url=story.url),
                        _("look at the Page: if the post is there, it went out"))
                return story
            seen = len(shown)
            if not self._more_stories(page, seen):
                return None
        return None

    def _see_more(self, page: Page) -> None:
        """Open every "See more" of long texts (the whole text is compared)."""
        for button in self.pack.any(page, "timeline.see_more").element_handles():
            button.click()

    def _more_stories(self, page: Page, seen: int) -> bool:
        """Scroll for more stories; False at the end of the timeline."""
        if not seen or not self.pack.any(page, "timeline.loading").count():
            return False
        stories = self.pack.any(page, "timeline.story")
        from playwright.sync_api import expect

        stories.nth(seen - 1).scroll_into_view_if_needed()
        page.mouse.wheel(0, 4000)
        try:
            expect(stories).not_to_have_count(seen, timeout=MORE_MS)
        except AssertionError:
            logger.info("account {}: the timeline showed no more stories after {}", self.account.id, seen)
            return False
        return True

    def find_published(self, page: Page, draft: Draft, *, since: datetime) -> PublishedRef | None:
        """The Page's post with the draft's text made since `since`, by Page, text and time (never by id)."""
        if since.tzinfo is None:
            raise ValueError("find_published needs an aware `since`")
        self._need_page()
        story = self._scan(page, draft.text, since)
        if story is None:
            return None
        at = story.window.estimate if story.window is not None else None
        return PublishedRef(remote_id=story.remote_id, url=story.url, published_at=at)

    def latest_published(self, page: Page) -> PublishedRef | None:
        """The Page's newest post (for `jadwal selftest`'s comment-reading steps), or None."""
        self._need_page()
        with step(page, "profile.latest"):
            self._open(page, self._timeline(), _("the Page's timeline"), ready="profile.followers")
            mine = [s for s in reading.stories(self.pack, page, datetime.now(timezone.utc))
                    if s.author == self.page_name and s.url]
        if not mine:
            return None
        at = mine[0].window.estimate if mine[0].window is not None else None
        return PublishedRef(remote_id=mine[0].remote_id, url=mine[0].url, published_at=at)

    # -- comments ---------------------------------------------------------------------------------

    def comments(self, page: Page, ref: PublishedRef) -> list[Comment]:
        """Every comment and reply of the post: "All comments", then every "View more" and "View n replies"."""
        with step(page, "post.open"):
            self._open_post(page, ref)
        with step(page, "post.comments"):
            self._all_comments(page)
            shown = reading.comments(self.pack, page, datetime.now(timezone.utc))
        return [_comment(c, ref) for c in shown]

    def _open_post(self, page: Page, ref: PublishedRef) -> None:
        self._open(page, ref.url, _("post {post}").format(post=ref.remote_id), ready="comment.article",
                   gone=_("post {url} is no longer on Facebook").format(url=ref.url))

    def _all_comments(self, page: Page) -> None:
        sort = self.pack.find(page, "comments.sort")
        if sort is not None:
            with browser_step(_("could not show all comments"), PageChanged):
                sort.locator.click()
                self._get(page, "comments.all", wait=True).click()
            self._get(page, "comments.sorted_all", wait=True)
        pattern = re.compile("|".join(f"(?:{p.pattern})" for _lang, p in self.pack.pattern("comments.replies")))
        self._expand(page, lambda: self.pack.any(page, "comments.more"), _("more comments"))
        self._expand(page, lambda: self.pack.any(page, "comments.replies").filter(has_text=pattern), _("replies"))

    def _expand(self, page: Page, buttons: Callable[[], Locator], what: str) -> None:
        """Click the first of `buttons()` until none is left, each time waiting for it to go or for more
        comments to show."""
        articles = ",".join(self.pack.css("comment.article"))
        for _round in range(MAX_EXPANSIONS):
            found = buttons()
            if not found.count():
                return
            before = self.pack.any(page, "comment.article").count()
            with browser_step(_("could not load {what}").format(what=what), PageChanged):
                handle = found.first.element_handle()
                handle.click()
                page.wait_for_function(_GROWN_JS, arg=[handle, before, articles])
        raise PageChanged(_("more than {n} clicks on {what}: the page keeps offering more").format(
            n=MAX_EXPANSIONS, what=what), _("look at the post in a browser"))

    # -- replying ----------------------------------------------------------------------------------

    def _commenting_as(self, page: Page) -> str:
        """Who a new comment would be by: the name in "Comment as <name>" ("" when none shows)."""
        box = self.pack.find(page, "comment.box", wait=True)
        if box is None:
            return ""
        label = box.locator.get_attribute("aria-label") or box.locator.get_attribute("aria-placeholder") or ""
        found = self.pack.match("comment.as", label)
        return squash(found[1].group("name")) if found is not None else ""

    def reply(self, page: Page, ref: PublishedRef, comment_id: str, text: str) -> Comment:
        """Answer a comment in its thread as the Page; returns the reply as the post then shows it."""
        self._need_page()
        self._open_post(page, ref)
        if self._commenting_as(page) != self.page_name:
            self._switch_into_page(page)
            self._open_post(page, ref)
            shown = self._commenting_as(page)
            if shown != self.page_name:
                raise NotThePage(
                    _("Facebook would comment as {shown}, not as the Page {page}: jadwal replies nothing").format(
                        shown=repr(shown) if shown else _("nobody"), page=repr(self.page_name)),
                    _("check the account's handle (the Page's name exactly as Facebook shows it)"))
        self._all_comments(page)
        now = datetime.now(timezone.utc)
        shown_comments = reading.comments(self.pack, page, now)
        target = next((c for c in shown_comments if c.id == comment_id), None)
        if target is None:
            raise PlatformError(_("comment {id} is not under post {url} (deleted?)").format(id=comment_id,
                                                                                          url=ref.url),
                                _("read the post's comments again: jadwal inbox PLAN --state STATE --check"))
        thread_id = target.parent_id or target.id
        thread_comment = next(c for c in shown_comments if c.id == thread_id)
        articles = self.pack.any(page, "comment.article")
        thread = articles.nth(thread_comment.index)
        with browser_step(_("could not open the reply box of comment {id}").format(id=comment_id), PageChanged):
            self._get(articles.nth(target.index), "comment.reply").click()
            box = self._get(thread, "reply.text", wait=True)
            label = box.get_attribute("aria-label") or ""
        to = self.pack.match("reply.to", label)
        if to is not None and squash(to[1].group("name")) != target.author:
            raise PageChanged(_("the reply box answers {shown}, not {author}").format(
                shown=repr(to[1].group("name")), author=repr(target.author)), _("look at the post in a browser"))
        self._type(page, box, text)
        before = {c.id for c in shown_comments}
        in_thread = self.pack.any(thread, "comment.article").count()
        with after_submit(comment_id):  # a block answering the send: the reply may be stored all the same
            with browser_step(_("no answer after replying to comment {id}").format(id=comment_id), OutcomeUnknown,
                              _(_REPLY_HINT)):
                with sent_once(page, "**/*", timeout_ms=0):
                    box.press("Enter")  # sends [S: SAU, KT]
                    signals = self.pack.any(thread, "comment.article").nth(in_thread).or_(
                        self.pack.any(thread, "reply.error").first)
                    signs = self.pack.signs(page)
                    (signals.or_(signs) if signs is not None else signals).first.wait_for(state="visible",
                                                                                          timeout=self.answer_ms)
            self.pack.stop_at_checkpoint(page, account=self.account.id)
            wanted = squash(text)
            mine = [c for c in reading.comments(self.pack, page, datetime.now(timezone.utc))
                    if c.id not in before and c.parent_id == thread_id and c.author == self.page_name
                    and squash(c.text) == wanted]
            if not mine:
                said = shown_text(self.pack.any(thread, "reply.error"))
                raise OutcomeUnknown(
                    _("the reply to comment {id} does not show under it").format(id=comment_id)
                    + (f" ({said})" if said else ""), _(_REPLY_HINT))
            return _comment(mine[-1], ref)

    # -- metrics -----------------------------------------------------------------------------------

    def post_metrics(self, page: Page, ref: PublishedRef) -> dict[str, float]:
        """The post's reactions ("All reactions: 12") and comments ("3 comments") from its page."""
        with step(page, "post.stats"):
            self._open_post(page, ref)
            story = self._get(page, "post.story")
            with browser_step(_("could not read the numbers of post {post}").format(post=ref.remote_id),
                              PageChanged):  # the post's own text may hold "5 comments" too: left out
                shown = story.evaluate(_WITHOUT_JS, ",".join(self.pack.css("timeline.text")))
        return {"likes": _counted(self.pack, "count.reactions", shown),
                "comments": _counted(self.pack, "count.comments", shown)}

    def metrics(self, page: Page) -> dict[str, float]:
        """The Page's followers, from its header ("12K followers" [S: IBAE])."""
        self._need_page()
        with step(page, "profile.followers"):
            self._open(page, self._timeline(), _("the Page's timeline"), ready="profile.followers")
            raw = squash(self._get(page, "profile.followers").inner_text())
        followers = reading.count(self.pack, "count.followers", raw)
        if followers is None:
            raise PageChanged(_("the follower count reads {raw}, which the {pack} cannot read").format(
                raw=repr(raw), pack=self.pack.describe()),
                _("the site has changed: a pack of your own with the pattern count.followers repairs it"))
        return {"followers": float(followers)}


def _counted(pack: Pack, key: str, text: str) -> float:
    """A post's count in its footer, 0 when the footer shows none (Facebook hides a zero) [I]."""
    value = reading.last_count(pack, key, text)
    return 0.0 if value is None else float(value)


def _comment(shown: reading.Shown, ref: PublishedRef) -> Comment:
    return Comment(id=shown.id, author=shown.author, text=shown.text, parent_id=shown.parent_id,
                   created_at=shown.window.estimate if shown.window is not None else None,
                   post_remote_id=ref.remote_id)


def _one_video(draft: Draft) -> None:
    """Facebook takes one video per post [S: research §6]: refuse more before opening any page."""
    from scheduler.plan.media import sniff

    videos = [p for p in draft.media if (info := sniff(p)) is not None and info.kind == "video"]
    if len(videos) > 1:
        raise PlatformError(
            _("post {post} has {n} videos; Facebook takes one video per post").format(post=draft.post_id,
                                                                                   n=len(videos)),
            _("keep one video in the post's media"))


def _appeared(locator: Locator) -> bool:
    """Wait (the context's timeout) for `locator` to be in the page; False when it never came."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        locator.first.wait_for(state="attached")
    except PlaywrightTimeout:
        return False
    return True


#: a paste event carrying the text, for editors that ignore inserted text [S: MP 2025-12]
_PASTE_JS = """
(box, text) => {
  box.focus();
  const data = new DataTransfer();
  data.setData('text/plain', text);
  box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}
"""

#: an element's text without the parts that match a selector
_WITHOUT_JS = """
(el, sel) => { const copy = el.cloneNode(true); copy.querySelectorAll(sel).forEach(n => n.remove());
               return copy.textContent; }
"""

#: a "View more" button has done its work: it is gone, or more comments show
_GROWN_JS = """
([button, before, articles]) => !button.isConnected || document.querySelectorAll(articles).length > before
"""
