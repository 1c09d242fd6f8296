"""The adapter for a self-hosted WordPress site: it posts through the REST API, whatever the editor.

A WordPress site may use the block editor, the Classic Editor (the plugin, or
its filters in a theme), show a welcome guide, or run in any language: none of
that matters here. The signed-in browser's cookies and a REST nonce write the
post in one call (`POST wp/v2/posts`), so no editor page is opened, no
auto-draft is left behind, and the user's editor preferences stay as they are.
Pictures are uploaded first (`wp/v2/media`, with their alt text) and deleted
again when the post is then refused; categories and tags are looked up, and
created only when the account may (WordPress's REST rule: categories need
`manage_categories`, an Editor's; tags need `edit_posts`, an Author's).

Exactly once: every post carries the class `jadwal-<post id>` on its first
paragraph, so `find_published` recognises it after a crash. Once the create
call is sent, a lost answer (timeout, dropped connection) is `OutcomeUnknown`:
the daemon looks the post up before anything else. An answer that is not a
created post is checked the same way at once, by the adapter, before it is
reported as a refusal.

What a site or a plugin may change is the WordPress pack's
(`scheduler/packs/data/wordpress.toml`): the login form's locators (ids and
names first, then the labels in English and Indonesian), the signatures of the
checkpoints plugins add (a two-factor code or a captcha: jadwal stops and types
nothing), WordPress's limits with their sources, and pacing. A user's pack
repairs a moved login field without a new jadwal. What stays here (`ROUTES`) is
WordPress's versioned REST API (wp/v2), the same on every site and in every
language. Steps are marked with `scheduler.packs.step` for `jadwal selftest`.
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn
from urllib.parse import urlencode

from loguru import logger

from scheduler.browser import browser_step, login_hint
from scheduler.errors import (
    CheckpointReached,
    LoginFailed,
    OutcomeUnknown,
    PageChanged,
    PlatformError,
    SessionExpired,
    SiteUnavailable,
)
from scheduler.i18n import _
from scheduler.packs import Located, Pack, pack_of, step
from scheduler.plan.media import sniff
from scheduler.platforms.base import (
    OPTIONAL_POST_FIELDS,
    Comment,
    Credentials,
    Draft,
    PublishedRef,
    title_and_body,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from scheduler.packs.model import CountLimit
    from scheduler.plan.model import Account

# -- what the adapter relies on besides its pack: WordPress's REST API (wp/v2) --------------------------


@dataclass(frozen=True, slots=True)
class Routes:
    """WordPress's REST routes and the few addresses the adapter uses. REST routes are sent as
    `/?rest_route=`, which works with and without pretty permalinks (`/wp-json/` needs them)."""

    #: the login page, unless the account's `login_url` says where a security plugin moved it
    login_path: str = "/wp-login.php"
    #: a REST nonce for the signed-in browser ("0" with HTTP 400 when signed out)
    nonce_path: str = "/wp-admin/admin-ajax.php?action=rest-nonce"
    me: str = "/wp/v2/users/me"
    posts: str = "/wp/v2/posts"
    media: str = "/wp/v2/media"
    categories: str = "/wp/v2/categories"
    tags: str = "/wp/v2/tags"
    comments: str = "/wp/v2/comments"
    #: where an owner approves held comments
    moderation_path: str = "/wp-admin/edit-comments.php?comment_status=moderated"


ROUTES = Routes()

#: picture types WordPress accepts by default and every browser shows (the pack's `limits.media`)
IMAGE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}

#: how long an upload may take, in milliseconds
UPLOAD_TIMEOUT_MS = 120_000
#: clock skew tolerated between jadwal and the site when looking posts up
CLOCK_SLACK = timedelta(minutes=10)
#: REST error codes that mean the browser is not (or no longer) signed in
_SIGNED_OUT = {"rest_not_logged_in", "rest_cookie_invalid_nonce"}


def paragraphs_html(body: str) -> list[str]:
    """Paragraphs' HTML: blank lines split paragraphs, single newlines become <br>, text is escaped."""
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


_FILL_LOGIN = """(password, {user, name, password: secret}) => {
    for (const [field, value] of [[user, name], [password, secret]]) {
        field.value = value;
        field.dispatchEvent(new Event('input', {bubbles: true}));
        field.dispatchEvent(new Event('change', {bubbles: true}));
    }
}"""


# -- the post as WordPress will hold it ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Picture:
    path: Path
    mime: str
    alt: str


@dataclass(frozen=True, slots=True)
class Article:
    """A draft in WordPress's terms: what `publish` sends, and what a dry run shows."""

    title: str
    paragraphs: tuple[str, ...]  # HTML
    marker: str
    featured: Picture | None  # WordPress's featured image: shown above the post by the theme, not in the body
    pictures: tuple[Picture, ...]  # in the body, after the text
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    excerpt: str

    @classmethod
    def of(cls, draft: Draft, term_name: CountLimit | None = None) -> Article:
        """The draft's title (see `title_and_body`), body and pictures; `PlatformError` for a picture
        WordPress would refuse, or a category or tag name longer than `term_name` (the pack's limit)
        allows (checked before the browser is used)."""
        title, body = title_and_body(draft.text, draft.title)
        pictures = [Picture(path, _picture_type(path), draft.alt_of(i).strip()) for i, path in enumerate(draft.media)]
        featured: Picture | None = pictures[0] if pictures else None
        if draft.featured is False:
            featured = None
        elif draft.featured is not None:
            chosen = [p for p in pictures if p.path == draft.featured]
            if not chosen:
                raise PlatformError(_("the featured picture {path} is not one of the post's media").format(
                    path=draft.featured), _("write featured exactly as the picture is written in media"))
            featured = chosen[0]
        for name in (*draft.categories, *draft.tags):
            if term_name is not None and len(name.strip()) > term_name.max:
                raise PlatformError(
                    _("the category or tag {name}... is longer than WordPress stores ({limit} characters)").format(
                        name=repr(name[:40]), limit=term_name.max), _("shorten the name"))
        return cls(
            title=title, paragraphs=tuple(paragraphs_html(body)), marker=marker_class(draft.post_id),
            featured=featured, pictures=tuple(p for p in pictures if p is not featured),
            categories=_unique(draft.categories), tags=_unique(draft.tags),
            excerpt=" ".join((draft.excerpt or "").split()),
        )

    def content(self, uploaded: dict[Path, dict[str, Any]]) -> str:
        """The post's body as block markup (what the block editor would save; the Classic Editor shows
        it as plain HTML): the text's paragraphs, the first carrying the marker, then the pictures."""
        paragraphs = self.paragraphs or ("",)
        blocks = [_block("paragraph", {"className": self.marker}, f'<p class="{self.marker}">{paragraphs[0]}</p>')]
        blocks += [_block("paragraph", None, f"<p>{text}</p>") for text in paragraphs[1:]]
        for picture in self.pictures:
            media = uploaded[picture.path]
            image = (f'<figure class="wp-block-image size-full"><img src="{html.escape(media["url"])}" '
                     f'alt="{html.escape(picture.alt)}" class="wp-image-{media["id"]}"/></figure>')
            blocks.append(_block("image", {"id": media["id"], "sizeSlug": "full", "linkDestination": "none"}, image))
        return "\n\n".join(blocks)


def _post_body(article: Article, uploaded: dict[Path, dict[str, Any]], categories: list[tuple[str, int | None]],
               tags: list[tuple[str, int | None]]) -> dict[str, Any]:
    """The publishing call's body (`POST wp/v2/posts`); the dry run checks the site takes its fields."""
    return {
        "title": html.escape(article.title, quote=False),
        "content": article.content(uploaded),
        "excerpt": html.escape(article.excerpt, quote=False),
        "status": "publish",
        "categories": [i for _name, i in categories if i is not None],
        "tags": [i for _name, i in tags if i is not None],
        **({"featured_media": uploaded[article.featured.path]["id"]} if article.featured else {}),
    }


def _picture_type(path: Path) -> str:
    """The picture's type as its own headers say (`scheduler.plan.media.sniff`), not its name."""
    if not path.is_file():
        raise PlatformError(_("the media file {path} does not exist").format(path=path),
                            _("fix the post's `media` path"))
    found = sniff(path)
    mime = found.mime if found is not None else ""
    if mime not in IMAGE_TYPES:
        raise PlatformError(
            _("the media file {path} is not a picture WordPress shows; the wordpress adapter posts pictures only")
            .format(path=path), _("use .jpg, .png, .gif or .webp files for WordPress posts, or link other media"))
    return mime


def _unique(names: tuple[str, ...]) -> tuple[str, ...]:
    """Names trimmed, once each (WordPress compares term names without regard to case)."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.strip().casefold(), name.strip())
    return tuple(seen.values())


def _block(name: str, attrs: dict[str, Any] | None, inner: str) -> str:
    opening = f"<!-- wp:{name} {json.dumps(attrs, separators=(',', ':'))} -->" if attrs else f"<!-- wp:{name} -->"
    return f"{opening}\n{inner}\n<!-- /wp:{name} -->"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PlatformError(_("cannot read the media file {path}: {reason}").format(path=path, reason=exc.strerror),
                            _("check the post's `media`")) from exc


# -- talking to the site ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Me:
    """The signed-in user: id, the REST nonce, and what WordPress lets it do (`capabilities`)."""

    id: int
    nonce: str
    capabilities: frozenset[str] = field(default_factory=frozenset)

    def may(self, capability: str) -> bool:
        return capability in self.capabilities


@dataclass(frozen=True, slots=True)
class _Answer:
    """An HTTP answer from the REST API: status, decoded JSON (None when not JSON)."""

    status: int
    data: Any
    headers: dict[str, str]

    @property
    def code(self) -> str:
        return str(self.data.get("code", "")) if isinstance(self.data, dict) else ""

    @property
    def message(self) -> str:
        return plain_text(str(self.data.get("message", ""))) if isinstance(self.data, dict) else ""


def _moved_hint() -> str:
    """What to do when the login page is not where jadwal looks (translated when shown)."""
    return _('if a security plugin moved the login page, set login_url = "..." on the account '
             '(the address you log in at)')


@dataclass(frozen=True, slots=True)
class _LoginForm:
    """The login form's fields as the pack found them (the optional ones may be missing)."""

    username: Locator
    password: Locator
    submit: Locator
    remember: Located | None
    redirect: Located | None


class WordPressAdapter:
    """One WordPress user (`handle`) on one site (`url`, the site root)."""

    name: ClassVar[str] = "wordpress"
    post_fields: ClassVar[frozenset[str]] = frozenset(OPTIONAL_POST_FIELDS)
    account_fields: ClassVar[frozenset[str]] = frozenset({"login_url"})
    #: WordPress core counts comments only (no likes or views)
    post_metric_names: ClassVar[tuple[str, ...]] = ("comments",)
    #: REST page size when reading comments (WordPress allows up to 100)
    comments_per_page: int = 100
    #: REST page size when looking posts up
    posts_per_page: int = 20
    #: how long the publishing call may take before its outcome is unknown, in milliseconds
    save_timeout_ms: float = 60_000

    def __init__(self, account: Account) -> None:
        self.account = account
        self.root = account.url.rstrip("/")
        self.pack: Pack = pack_of(account)

    # -- session -------------------------------------------------------------

    def _expired(self, why: str) -> SessionExpired:
        return SessionExpired(
            _("the WordPress session of account {account} at {site} is not accepted ({why})").format(
                account=self.account.id, site=self.root, why=why),
            login_hint(self.account.id),
        )

    def login_page(self) -> str:
        """The login page's address: the account's `login_url` (a path or a full URL), else wp-login.php."""
        given = self.account.login_url
        if not given:
            return self.root + ROUTES.login_path
        return self.root + given if given.startswith("/") else given

    def _login_form(self, page: Page) -> _LoginForm:
        """Open the login page and find its form by the pack's locators, typing nothing.

        A checkpoint already on the page (a captcha on the form) stops here; a page without a WordPress
        login form is a moved login page (`login_url`); a form whose field no fallback finds is
        `PageChanged` naming the locator (a user pack repairs it).
        """
        url = self.login_page()
        with browser_step(_("loading {url}").format(url=url), SiteUnavailable, _("is the site up? try again later")):
            response = page.goto(url)
        if response is not None and response.status >= 500:
            raise SiteUnavailable(_("{url} answered HTTP {status}").format(url=url, status=response.status),
                                  _("try again later"))
        self.pack.stop_at_checkpoint(page, account=self.account.id)
        if self.pack.find(page, "login.form") is None:
            status = response.status if response is not None else 0
            raise PageChanged(_("{url} shows no WordPress login form (HTTP {status})").format(url=url, status=status),
                              _moved_hint() if not self.account.login_url else _("check login_url on the account"))
        return _LoginForm(
            username=self._get(page, "login.username"), password=self._get(page, "login.password"),
            submit=self._get(page, "login.submit"), remember=self.pack.find(page, "login.remember"),
            redirect=self.pack.find(page, "login.redirect"))

    def _get(self, page: Page, key: str) -> Locator:
        """The pack's element `key` on a loaded page, now (`PageChanged`, or `CheckpointReached`, when absent)."""
        return self.pack.locate(page, key, wait=False, account=self.account.id).locator

    def rehearse_login(self, page: Page) -> None:
        """For `jadwal selftest`: open the login page and find every field of its form, typing nothing
        (the saved session is left as it is). Breaks where `login` would."""
        with step(page, "login.page"):
            self._login_form(page)

    def login(self, page: Page, credentials: Credentials) -> None:
        """Sign in through the login page (loaded first: WordPress wants its test cookie)."""
        with step(page, "login.form"):
            form = self._login_form(page)
            with browser_step(_("filling the WordPress login form"), PageChanged, _moved_hint()):
                # Both fields in one step of the page's event loop: wp-login.php moves the focus to the user
                # field 200 ms after loading, and landing in the middle of typing it sends the password as
                # the user name (seen on a loaded machine)
                form.password.evaluate(_FILL_LOGIN, {"user": form.username.element_handle(),
                                                     "name": credentials.username, "password": credentials.password})
                if form.remember is not None:
                    form.remember.locator.check()  # 14-day session instead of 2
                if form.redirect is not None:
                    form.redirect.locator.evaluate("(el, home) => { el.value = home; }", self.root + "/")
        with step(page, "login.submit"):
            self._submit_login(page, form.submit)
            try:
                self._me(page)  # proves the session works for the REST API too
            except SessionExpired:
                self._not_logged_in(page, credentials)
        logger.debug("logged in to {} as {}", self.root, credentials.username)

    def _submit_login(self, page: Page, submit: Locator) -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            with page.expect_navigation():
                submit.click()
        except PlaywrightTimeout:
            # a plugin that asks for more on the same page (Wordfence shows its code field in the form)
            self.pack.stop_at_checkpoint(page, account=self.account.id)
            raise SiteUnavailable(_("logging in at {url} got no answer").format(url=page.url),
                                  _("try again later")) from None

    def _not_logged_in(self, page: Page, credentials: Credentials) -> NoReturn:
        """Why the session does not work after the password: a checkpoint the pack knows (looked for only
        here, so a captcha in the front page's contact form is not taken for one), a refusal, or a second
        step the pack does not know: still a person's to take."""
        self.pack.stop_at_checkpoint(page, account=self.account.id)
        error = self.pack.find(page, "login.error")
        if error is not None:
            raise LoginFailed(
                _("WordPress at {site} refused the login of {user}: {shown}").format(
                    site=self.root, user=repr(credentials.username), shown=plain_text(error.locator.inner_html())),
                _("check the user name and password (the WordPress user, not the database one)"))
        raise CheckpointReached(
            _("the login at {url} did not finish: the site asks for something after the password "
              "(a two-factor code, a captcha, an e-mail check?)").format(url=self.login_page()),
            _("log in yourself: jadwal login PLAN --account {account} --interactive").format(
                account=self.account.id), kind="login_challenge")

    def check_session(self, page: Page) -> None:
        with step(page, "session.check"):
            self._me(page)

    def _nonce(self, page: Page) -> str:
        with browser_step(_("asking {site} for a REST nonce").format(site=self.root), SiteUnavailable,
                          _("try again later")):
            response = page.request.get(self.root + ROUTES.nonce_path)
            nonce = response.text().strip()
        if response.status >= 500:
            raise SiteUnavailable(_("{site} answered HTTP {status}").format(site=self.root, status=response.status),
                                  _("try again later"))
        if not response.ok or not re.fullmatch(r"[0-9a-f]{6,}", nonce):
            raise self._expired(_("admin-ajax.php has no nonce for this browser"))
        return nonce

    def _me(self, page: Page) -> _Me:
        nonce = self._nonce(page)
        user = self._rest(page, "GET", ROUTES.me, nonce=nonce, params={"context": "edit"})
        capabilities = user.get("capabilities") or {}
        return _Me(id=int(user["id"]), nonce=nonce,
                   capabilities=frozenset(k for k, v in capabilities.items() if v) if isinstance(capabilities, dict)
                   else frozenset())

    def _call(self, page: Page, method: str, route: str, *, nonce: str, params: dict[str, Any] | None = None,
              body: dict[str, Any] | None = None, multipart: dict[str, Any] | None = None,
              step: type[PlatformError] = SiteUnavailable, timeout_ms: float | None = None) -> _Answer:
        """One REST call with the browser's cookies. A failure to get any answer is `step`."""
        url = self.root + "/?" + urlencode({"rest_route": route, **(params or {})}, safe="/")
        hint = (_("look on the site whether it went through before trying again") if step is OutcomeUnknown
                else _("try again later"))
        with browser_step(f"{method} {route} on {self.root}", step, hint):
            response = page.request.fetch(url, method=method, headers={"X-WP-Nonce": nonce}, data=body,
                                          multipart=multipart, timeout=timeout_ms)
            text = response.text()
        try:
            data = json.loads(text) if text else None
        except json.JSONDecodeError:
            data = None
        return _Answer(response.status, data, response.headers)

    def _rest(self, page: Page, method: str, route: str, *, nonce: str, params: dict[str, Any] | None = None,
              body: dict[str, Any] | None = None, answer_out: list[_Answer] | None = None) -> Any:
        """A REST call that must succeed: WordPress's error codes become jadwal's errors."""
        answer = self._call(page, method, route, nonce=nonce, params=params, body=body)
        if 200 <= answer.status < 300 and answer.data is not None:
            if answer_out is not None:
                answer_out.append(answer)
            return answer.data
        self._raise_for(answer, f"{method} {route}")

    def _raise_for(self, answer: _Answer, what: str) -> NoReturn:
        if answer.code in _SIGNED_OUT or answer.status == 401:
            raise self._expired(answer.code or f"HTTP {answer.status}")
        if answer.status >= 500 or not answer.code:
            raise SiteUnavailable(_("{what} on {site}: HTTP {status} {message}").format(
                what=what, site=self.root, status=answer.status, message=answer.message), _("try again later"))
        raise PlatformError(
            _("{what} on {site} was refused: HTTP {status} {code} {message}").format(
                what=what, site=self.root, status=answer.status, code=answer.code, message=answer.message),
            _("check that the account's WordPress user may do this (role Author or above)"))

    # -- publishing ----------------------------------------------------------

    def publish(self, page: Page, draft: Draft, *, dry_run: bool = False) -> PublishedRef | None:
        """Publish the draft through the REST API (a dry run checks everything it can and shows the post)."""
        article = Article.of(draft, self.pack.data.limits.term_name)
        with step(page, "session.check"):
            me = self._me(page)
        with step(page, "publish.rights"):
            self._check_rights(me, article)
        with step(page, "publish.terms"):
            categories = self._terms(page, me, ROUTES.categories, article.categories, create=not dry_run)
            tags = self._terms(page, me, ROUTES.tags, article.tags, create=not dry_run)
        if dry_run:
            with step(page, "publish.preflight"):
                placeholders = {p.path: {"id": 0, "url": ""} for p in (article.featured, *article.pictures) if p}
                self._preflight(page, me, list(_post_body(article, placeholders, categories, tags)),
                                pictures=bool(placeholders))
            with step(page, "publish.preview"):
                self._preview(page, article, categories, tags)
            logger.debug("dry run: {} checked against {}, not published", draft.post_id, self.root)
            return None
        uploaded: dict[Path, dict[str, Any]] = {}
        try:
            for picture in (*([article.featured] if article.featured else []), *article.pictures):
                uploaded[picture.path] = self._upload(page, me, picture)
            created = self._create(page, me, draft, _post_body(article, uploaded, categories, tags))
        except OutcomeUnknown:
            if uploaded:  # the post may be live and show them: they stay
                logger.warning("post {}: outcome unknown; its pictures stay in the media library: {}",
                               draft.post_id, ", ".join(str(m["id"]) for m in uploaded.values()))
            raise
        except PlatformError:  # nothing went live: nothing of the attempt stays
            self._discard(page, me, uploaded)
            raise
        if isinstance(created, PublishedRef):  # found live after an answer that was not a created post
            return created
        self._attach(page, me, str(created["id"]), uploaded)
        if created.get("status") not in {"publish", "future"}:
            raise PlatformError(
                _("WordPress at {site} saved post {post} as {status}, not published: a plugin or the user's role "
                  "holds posts for review").format(site=self.root, post=draft.post_id,
                                                   status=repr(created.get("status"))),
                _("publish it in WordPress (Posts > All Posts) yourself; it is there already"))
        ref = PublishedRef(remote_id=str(created["id"]), url=str(created["link"]),
                           published_at=_parse_gmt(created.get("date_gmt")))
        logger.debug("published {} on {} as {}", draft.post_id, self.root, ref.url)
        return ref

    def _check_rights(self, me: _Me, article: Article) -> None:
        """Refuse before anything is written when the user may not publish or upload."""
        user = repr(self.account.handle)
        if not me.may("publish_posts"):
            raise PlatformError(
                _("the WordPress user {user} at {site} may not publish posts (a Contributor only submits them "
                  "for review)").format(user=user, site=self.root),
                _("give the user the Author role or above (Users > {user} > Role)").format(user=self.account.handle))
        if (article.featured or article.pictures) and not me.may("upload_files"):
            raise PlatformError(
                _("the WordPress user {user} at {site} may not upload pictures").format(user=user, site=self.root),
                _("give the user the Author role or above, or remove the post's media"))

    def _preflight(self, page: Page, me: _Me, fields: list[str], *, pictures: bool) -> None:
        """The dry run's last check, sending nothing: the site's post route (and media route, for
        pictures) takes a POST with every field the publishing call sends (WordPress describes its
        routes in answer to OPTIONS). A plugin that removed or narrowed them is caught here."""
        wanted = {ROUTES.posts: fields}
        if pictures:
            wanted[ROUTES.media] = ["alt_text", "post"]
        for route, fields in wanted.items():
            answer = self._call(page, "OPTIONS", route, nonce=me.nonce)
            if answer.code in _SIGNED_OUT or answer.status == 401:
                raise self._expired(answer.code or f"HTTP {answer.status}")
            endpoints = answer.data.get("endpoints") if isinstance(answer.data, dict) else None
            takes = {arg for e in endpoints or () if "POST" in e.get("methods", ()) for arg in e.get("args") or {}}
            missing = [f for f in fields if f not in takes]
            hint = _("ask the site's administrator which plugin limits the REST API (wp-json) for signed-in "
                     "users; jadwal publishes through it")
            if answer.status >= 300 or not takes:
                raise PageChanged(
                    _("WordPress at {site} does not say what its REST route {route} takes (HTTP {status}): a "
                      "plugin or the site's settings blocked it").format(
                        site=self.root, route=route, status=answer.status), hint)
            if missing:
                raise PageChanged(
                    _("WordPress at {site} does not take {fields} on its REST route {route}: a plugin or the "
                      "site's settings changed what WordPress's API accepts").format(
                        site=self.root, fields=", ".join(missing), route=route), hint)

    def _terms(self, page: Page, me: _Me, route: str, names: tuple[str, ...], *, create: bool
               ) -> list[tuple[str, int | None]]:
        """(name, id) of each category or tag, looked up by name; missing ones are created (or, in a dry
        run, returned with id None), or refused when the user may not create them. Nothing is created
        unless every missing one may be."""
        found = [(name, self._find_term(page, me, route, name)) for name in names]
        missing = [name for name, term in found if term is None]
        categories = route == ROUTES.categories
        if missing and not me.may("manage_categories" if categories else "edit_posts"):
            listed = ", ".join(repr(n) for n in missing)
            if categories:
                raise PlatformError(
                    _("the categories {names} do not exist on {site}, and the WordPress user {user} may not "
                      "create categories (an Editor or Administrator may)").format(
                        names=listed, site=self.root, user=repr(self.account.handle)),
                    _("ask an Editor to add them under Posts > Categories, or use existing ones"))
            raise PlatformError(
                _("the tags {names} do not exist on {site}, and the WordPress user {user} may not create tags")
                .format(names=listed, site=self.root, user=repr(self.account.handle)),
                _("ask an Editor to add them under Posts > Tags, or use existing ones"))
        if not create:
            return found
        return [(name, term if term is not None else self._create_term(page, me, route, name))
                for name, term in found]

    def _find_term(self, page: Page, me: _Me, route: str, name: str) -> int | None:
        terms = self._rest(page, "GET", route, nonce=me.nonce,
                           params={"search": name, "per_page": 100, "_fields": "id,name"})
        wanted = name.casefold()
        return next((int(t["id"]) for t in terms if html.unescape(str(t.get("name", ""))).casefold() == wanted), None)

    def _create_term(self, page: Page, me: _Me, route: str, name: str) -> int:
        answer = self._call(page, "POST", route, nonce=me.nonce, body={"name": name})
        if answer.status == 201 and isinstance(answer.data, dict):
            logger.info("created the {} {!r} on {}", "category" if route == ROUTES.categories else "tag", name,
                        self.root)
            return int(answer.data["id"])
        if answer.code == "term_exists":  # created meanwhile, or spelt differently (WordPress compares slugs)
            return int(answer.data["data"]["term_id"])
        self._raise_for(answer, _("creating {name}").format(name=repr(name)))

    def _upload(self, page: Page, me: _Me, picture: Picture) -> dict[str, Any]:
        answer = self._call(page, "POST", ROUTES.media, nonce=me.nonce, timeout_ms=UPLOAD_TIMEOUT_MS, multipart={
            "file": {"name": picture.path.name, "mimeType": picture.mime, "buffer": _read(picture.path)},
            "alt_text": picture.alt,
        })
        if answer.status == 201 and isinstance(answer.data, dict):
            logger.debug("uploaded {} to {} as media {}", picture.path.name, self.root, answer.data["id"])
            return {"id": int(answer.data["id"]), "url": str(answer.data["source_url"])}
        if answer.code in _SIGNED_OUT or (not answer.code and answer.status != 413):
            self._raise_for(answer, _("uploading {name}").format(name=picture.path.name))
        hint = (_("make the picture smaller than the site's upload limit (Media > Add New shows it)")
                if answer.status == 413
                or answer.code in {"rest_upload_no_data", "rest_upload_file_too_big", "rest_upload_limited_space"}
                else _("use a .jpg, .png, .gif or .webp picture") if "type" in answer.code or "sniff" in answer.code
                else _("check the picture, or ask the site's administrator"))
        raise PlatformError(_("WordPress at {site} refused the picture {name}: {message} ({code})").format(
            site=self.root, name=picture.path.name, message=answer.message, code=answer.code or answer.status), hint)

    def _discard(self, page: Page, me: _Me, uploaded: dict[Path, dict[str, Any]]) -> None:
        """Delete the pictures of an attempt that published nothing (best effort: the failure is reported)."""
        for media in uploaded.values():
            try:
                self._rest(page, "DELETE", f"{ROUTES.media}/{media['id']}", nonce=me.nonce, params={"force": "true"})
            except PlatformError as exc:
                logger.warning("could not delete media {} of a failed attempt on {}: {}", media["id"], self.root,
                               exc.message)

    def _create(self, page: Page, me: _Me, draft: Draft, body: dict[str, Any]) -> dict[str, Any] | PublishedRef:
        """The one call that makes the post live: the created post, or the post found live after another
        answer (WordPress may save a post and fail after). Only a lost answer stays unknown; a post that
        is not live after a refusal raises it."""
        sent_at = datetime.now(timezone.utc)
        answer = self._call(page, "POST", ROUTES.posts, nonce=me.nonce, body=body, step=OutcomeUnknown,
                            timeout_ms=self.save_timeout_ms)
        post = answer.data if answer.status == 201 and isinstance(answer.data, dict) else None
        if post is None:
            try:
                found = self.find_published(page, draft, since=sent_at)
            except PlatformError as exc:
                raise OutcomeUnknown(
                    _("publishing {post} on {site}: HTTP {status} {message}, and looking it up failed: {problem}")
                    .format(post=draft.post_id, site=self.root, status=answer.status, message=answer.message,
                            problem=exc.message),
                    _("look on the site whether the post is live before trying again")) from exc
            if found is None:
                self._raise_for(answer, _("publishing {post}").format(post=draft.post_id))
            logger.warning("post {}: WordPress answered HTTP {} but the post is live: {}", draft.post_id,
                           answer.status, found.url)
            return found
        return post

    def _attach(self, page: Page, me: _Me, post_id: str, uploaded: dict[Path, dict[str, Any]]) -> None:
        """Show the pictures as "uploaded to" the post in the media library (the post exists: best effort)."""
        for media in uploaded.values():
            try:
                self._rest(page, "POST", f"{ROUTES.media}/{media['id']}", nonce=me.nonce, body={"post": int(post_id)})
            except PlatformError as exc:
                logger.warning("post {} exists, but media {} was not attached to it: {}", post_id, media["id"],
                               exc.message)

    def _preview(self, page: Page, article: Article, categories: list[tuple[str, int | None]],
                 tags: list[tuple[str, int | None]]) -> None:
        """A dry run's picture: the post as jadwal would send it (not the theme's look), nothing sent."""
        def data_url(picture: Picture) -> dict[str, Any]:
            return {"id": 0, "url": f"data:{picture.mime};base64," + base64.b64encode(_read(picture.path)).decode()}

        new = _("(new)")

        def names(terms: list[tuple[str, int | None]]) -> str:
            return ", ".join(html.escape(n) + ("" if i is not None else f" {new}") for n, i in terms) or "-"

        note = _("Dry run: nothing was sent to {site}. WordPress would publish this as {user}:").format(
            site=self.root, user=self.account.handle)
        labels = {"featured": _("featured image"), "categories": _("Categories"), "tags": _("Tags"),
                  "excerpt": _("Excerpt"), "untitled": _("(no title)"), "pictures": _("Pictures")}

        def described(picture: Picture) -> str:
            alt = _("alt: {text}").format(text=picture.alt) if picture.alt else _("no alt text")
            shown = f"{picture.path.name} ({alt})"
            return html.escape(f"{labels['featured']}: {shown}" if picture is article.featured else shown)

        featured = ""
        if article.featured:
            featured = (f'<figure class="featured"><img src="{data_url(article.featured)["url"]}" '
                        f'alt="{html.escape(article.featured.alt)}"><figcaption>{html.escape(labels["featured"])}'
                        "</figcaption></figure>")
        pictures = [described(p) for p in (*([article.featured] if article.featured else []), *article.pictures)]
        meta = "<br>".join([
            f"{html.escape(labels['categories'])}: {names(categories)}", f"{html.escape(labels['tags'])}: {names(tags)}",
            f"{html.escape(labels['excerpt'])}: {html.escape(article.excerpt) or '-'}",
            f"{html.escape(labels['pictures'])}: {', '.join(pictures) or '-'}"])
        body = article.content({p.path: data_url(p) for p in article.pictures})
        page.set_content(
            '<!doctype html><html><head><meta charset="utf-8"><title>jadwal</title><style>'
            "body { font-family: sans-serif; max-width: 44rem; margin: 2rem auto; line-height: 1.5 }"
            ".note, .meta, figcaption { color: #555; font-size: .9rem } img { max-width: 100% }</style></head><body>"
            f'<p class="note">{html.escape(note)}</p>{featured}'
            f"<h1>{html.escape(article.title or labels['untitled'])}</h1>"
            f'<p class="meta">{meta}</p>{body}</body></html>')

    def find_published(self, page: Page, draft: Draft, *, since: datetime) -> PublishedRef | None:
        """The post carrying this draft's marker (or its title and text), published since `since`."""
        me = self._me(page)
        title, body = title_and_body(draft.text, draft.title)
        marker = marker_class(draft.post_id)
        words = plain_text("".join(paragraphs_html(body)))
        oldest = since.astimezone(timezone.utc) - CLOCK_SLACK
        number = 1
        while True:
            posts = self._rest(page, "GET", ROUTES.posts, nonce=me.nonce, params={
                "author": me.id, "status": "publish,future,private", "context": "edit",
                "orderby": "date", "order": "desc", "per_page": self.posts_per_page, "page": number,
            })
            for post in posts:
                published = _parse_gmt(post.get("date_gmt"))
                if published is not None and published < oldest:
                    return None
                raw = post["content"].get("raw", "")
                tagged = re.search(r'class="[^"]*\b' + re.escape(marker) + r'\b', raw) is not None
                same = words and html.unescape(post["title"].get("raw", "")) == title and words in plain_text(raw)
                if tagged or same:
                    return PublishedRef(remote_id=str(post["id"]), url=post["link"], published_at=published)
            if len(posts) < self.posts_per_page:
                return None
            number += 1

    def latest_published(self, page: Page) -> PublishedRef | None:
        """The account's newest published post (for `jadwal selftest`'s comment reading), or None."""
        with step(page, "profile.latest"):
            me = self._me(page)
            posts = self._rest(page, "GET", ROUTES.posts, nonce=me.nonce, params={
                "author": me.id, "status": "publish", "orderby": "date", "order": "desc", "per_page": 1,
                "_fields": "id,link,date_gmt"})
        if not posts:
            return None
        return PublishedRef(remote_id=str(posts[0]["id"]), url=str(posts[0]["link"]),
                            published_at=_parse_gmt(posts[0].get("date_gmt")))

    # -- comments ------------------------------------------------------------

    def comments(self, page: Page, ref: PublishedRef) -> list[Comment]:
        """Every approved or held comment of the post (WordPress shows a post's author the held ones)."""
        with step(page, "post.comments"):
            me = self._me(page)
            found: list[Comment] = []
            number, pages = 1, 1
            while number <= pages:
                out: list[_Answer] = []
                batch = self._rest(page, "GET", ROUTES.comments, nonce=me.nonce, answer_out=out, params={
                    "post": ref.remote_id, "status": "all", "orderby": "date_gmt", "order": "asc",
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
        """Answer a comment in its thread, through the REST API (any theme, any language)."""
        limit = self.pack.data.limits.reply
        content = html.escape(text, quote=False)
        size = len(content.encode("utf-8"))  # WordPress counts the bytes of what it is sent
        if limit is not None and size > limit.max:
            raise PlatformError(
                _("the reply takes {size} bytes as WordPress stores it; WordPress stores at most {limit} "
                  "({source})").format(size=size, limit=limit.max, source=limit.source),
                _("shorten the reply"))
        me = self._me(page)
        parent = self._call(page, "GET", f"{ROUTES.comments}/{int(comment_id)}", nonce=me.nonce)
        if parent.status == 404 or (parent.status < 300 and isinstance(parent.data, dict)
                                    and str(parent.data.get("post")) != ref.remote_id):
            raise PlatformError(_("comment {comment} is no longer on the post {url} (deleted, or marked as spam)")
                                .format(comment=comment_id, url=ref.url), _("nothing to answer"))
        if parent.status >= 300 or not isinstance(parent.data, dict):
            self._raise_for(parent, _("reading comment {comment}").format(comment=comment_id))
        if parent.data.get("status") == "hold":
            raise PlatformError(
                _("comment {comment} on {url} is held for moderation: readers cannot see it, so an answer would "
                  "hang under nothing").format(comment=comment_id, url=ref.url),
                _("approve it first ({page}), then send the same reply again").format(
                    page=self.root + ROUTES.moderation_path))
        answer = self._call(page, "POST", ROUTES.comments, nonce=me.nonce, step=OutcomeUnknown, body={
            "post": int(ref.remote_id), "parent": int(comment_id), "content": content})
        return self._replied(answer, ref, comment_id)

    def _replied(self, answer: _Answer, ref: PublishedRef, parent: str) -> Comment:
        if answer.status == 201 and isinstance(answer.data, dict):
            if answer.data.get("status") != "approved":
                logger.warning("reply {} on {} is held for moderation", answer.data.get("id"), ref.url)
            return Comment(id=str(answer.data["id"]), author=self.account.handle,
                           text=plain_text(answer.data.get("content", {}).get("rendered", "")), parent_id=parent,
                           created_at=_parse_gmt(answer.data.get("date_gmt")) or datetime.now(timezone.utc),
                           post_remote_id=ref.remote_id)
        if answer.code == "comment_flood" or answer.status == 429:
            gap = self.pack.data.limits.reply_gap
            seconds = f"{gap.min_gap.total_seconds():g}" if gap is not None else "15"
            raise SiteUnavailable(
                _("WordPress at {site} refused the reply: comments sent too quickly (it takes one every {seconds} s "
                  "from a user who may not moderate comments)").format(site=self.root, seconds=seconds),
                _("wait {seconds} seconds, then send the same reply again: nothing sends it for you").format(
                    seconds=seconds))
        if answer.code == "comment_duplicate" or answer.status == 409:
            raise PlatformError(
                _("WordPress at {site} refused the reply as a duplicate: the account already wrote this same "
                  "answer under comment {comment} (an earlier try went through)").format(site=self.root,
                                                                                       comment=parent),
                _("nothing to do: the comment is answered; the next comment check records it"))
        if answer.code == "rest_comment_closed":
            raise PlatformError(_("comments are closed on {url}").format(url=ref.url),
                                _("open them in WordPress (the post's Discussion settings) to answer there"))
        if answer.code in _SIGNED_OUT or answer.status == 401:
            raise self._expired(answer.code or f"HTTP {answer.status}")
        if 400 <= answer.status < 500 and answer.code:  # refused before anything was stored
            raise PlatformError(_("WordPress at {site} refused the reply: {message} ({code})").format(
                site=self.root, message=answer.message, code=answer.code), _("check the reply's text"))
        raise OutcomeUnknown(_("sending the reply on {url}: HTTP {status} {message}").format(
            url=ref.url, status=answer.status, message=answer.message),
            _("look at the post whether the reply is there before trying again"))

    # -- metrics -------------------------------------------------------------

    def metrics(self, page: Page) -> dict[str, float]:
        """WordPress core shows no follower or reach counts."""
        return {}

    def post_metrics(self, page: Page, ref: PublishedRef) -> dict[str, float]:
        """The post's approved comments, from the REST API's total (one call after the nonce)."""
        out: list[_Answer] = []
        self._rest(page, "GET", ROUTES.comments, nonce=self._nonce(page), answer_out=out,
                   params={"post": ref.remote_id, "per_page": 1, "_fields": "id"})
        total = out[0].headers.get("x-wp-total", "")
        if not total.isdigit():
            raise PageChanged(f"WordPress at {self.root} gave no comment total for post {ref.remote_id}",
                              "is this a WordPress 5+ site with its REST API on?")
        return {"comments": float(total)}
