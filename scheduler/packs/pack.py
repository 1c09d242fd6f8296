"""A platform pack at work: find elements by their ordered fallbacks, stop at checkpoints, dismiss dialogs.

    pack = pack_of(account)                       # built-in pack, the user's files merged over it
    text = pack.locate(page, "compose.text")      # first fallback that matches; PageChanged if none
    text.locator.fill("Halo")                     # a Playwright Locator
    text.index, text.describe()                   # 0 = first choice; 'label "Post text" [en] (1/3)'
    pack.stop_at_checkpoint(page, account="ig")   # CheckpointReached(kind=...) on a challenge page
    pack.dismiss_dialogs(page)                    # consent / "save login" dialogs handled when they show

Playwright is imported only inside the methods that drive a page, so the rules
can read a pack's limits without it.
"""

from __future__ import annotations

import functools
import re
import time
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from loguru import logger

from scheduler.errors import CheckpointReached, ConfigError, PageChanged
from scheduler.i18n import N_, _
from scheduler.packs import flow
from scheduler.packs.flow import Located
from scheduler.packs.load import load, user_folders
from scheduler.packs.model import LocatorSpec, PackData, Strategy

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from scheduler.plan.model import Account

Scope = Any  # a Playwright Page or Locator: both have the get_by_* methods

#: checkpoint kinds in words (messages)
CHECKPOINT_WORDS = {
    "login_challenge": N_("a login challenge"),
    "two_factor": N_("a two-factor code prompt"),
    "captcha": N_("a captcha"),
    "suspicious_activity": N_("a suspicious-activity warning"),
    "blocked": N_("a temporary block"),
}

#: pages whose dialog handlers are installed, per pack (a kept page is reused across posts)
_HANDLED: weakref.WeakKeyDictionary[Any, set[tuple[str, str]]] = weakref.WeakKeyDictionary()


class Pack:
    """One platform's pack, ready to drive pages."""

    def __init__(self, data: PackData) -> None:
        self.data = data

    @property
    def platform(self) -> str:
        return self.data.platform

    @property
    def version(self) -> str:
        return self.data.version

    def describe(self) -> str:
        """'sandbox pack 1.0.0 (built in + /srv/packs/sandbox.toml)'."""
        return _("{platform} pack {version} ({origin})").format(
            platform=self.platform, version=self.version, origin=self.data.origin.describe())

    def spec(self, key: str) -> LocatorSpec:
        try:
            return self.data.locators[key]
        except KeyError:
            raise ConfigError(
                _("the {pack} has no locator {key}").format(pack=self.describe(), key=repr(key)),
                _("add it to the pack (a user pack may add locators), or update jadwal"),
            ) from None

    # -- finding elements -----------------------------------------------------------------------

    def locate(self, scope: Scope, key: str, *, wait: bool = True, timeout_ms: float | None = None,
               account: str | None = None) -> Located:
        """The first of `key`'s fallbacks that matches in `scope` (a page, or a locator to search within).

        With `wait`, waits (up to `timeout_ms`, else the context's timeout) for any fallback
        to appear; without it (a page rendered on the server and loaded), looks once. When
        nothing matches, a checkpoint page is reported as `CheckpointReached`, anything
        else as `PageChanged` naming the key and every fallback tried.
        """
        found = self.find(scope, key, wait=wait, timeout_ms=timeout_ms)
        if found is not None:
            return found
        page = _page_of(scope)
        self.stop_at_checkpoint(page, account=account)
        spec = self.spec(key)
        tried = "; ".join(s.describe() for s in spec.fallbacks)
        raise PageChanged(
            _("{key}: nothing on the page matches any of the {count} ways the {pack} knows to find it "
              "({tried})").format(key=key, count=len(spec.fallbacks), pack=self.describe(), tried=tried),
            _("the site has changed: `jadwal selftest PLAN --account {account}` shows which step broke; a "
              "pack of your own in the plan's packs folder repairs it without a new jadwal (see the README, "
              "Platform packs)").format(account=account or "ID"),
        )

    def find(self, scope: Scope, key: str, *, wait: bool = False, timeout_ms: float | None = None
             ) -> Located | None:
        """Like `locate`, but None when nothing matches (for elements that may rightly be absent)."""
        spec = self.spec(key)
        return self._first(scope, key, spec.fallbacks, [_build(scope, s) for s in spec.fallbacks], wait=wait,
                           timeout_ms=timeout_ms)

    def _first(self, scope: Scope, key: str, strategies: Sequence[Strategy], candidates: list[Locator], *,
               wait: bool, timeout_ms: float | None) -> Located | None:
        """The first candidate that matches (recorded for selftest), waiting for any when `wait`."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        started = time.monotonic()
        if wait:
            try:
                _any_of(candidates).first.wait_for(state="attached", timeout=timeout_ms)
            except PlaywrightTimeout:
                return None
        for index, candidate in enumerate(candidates):
            if candidate.count():
                strategy = strategies[index]
                language = _language(scope, strategy) if flow.current() else ""
                located = Located(key, candidate.first, index, len(candidates), strategy.describe(language or None),
                                  language, time.monotonic() - started)
                if index:
                    logger.info("{}: the first choice did not match; fallback {} did ({}): the {} may need "
                                "an update", key, index + 1, located.how, self.describe())
                flow.note(located)
                return located
        return None

    def any(self, scope: Scope, key: str) -> Locator:
        """A locator matching any of `key`'s fallbacks, unchecked and unrecorded: for reading many
        items at once (`evaluate_all`) or an optional element's text."""
        return _any_of([_build(scope, s) for s in self.spec(key).fallbacks])

    def find_named(self, scope: Scope, key: str, name: str, *, wait: bool = False,
                   timeout_ms: float | None = None) -> Located | None:
        """Like `find`, for an element named by the user's own data (a Page's name in a list of
        profiles): a `role` fallback matches `name` as its accessible name, a label, text ... fallback
        as its text, exactly, whatever the UI language; test ids, attributes and CSS are kept when
        their text is `name`. None when nothing matches."""
        strategies = []
        for s in self.spec(key).fallbacks:
            if s.kind in ("test_id", "attribute", "css"):
                strategies.append(s)
            else:
                strategies.append(Strategy(s.kind, (("", name),), role=s.role, exact=True))
        exactly = re.compile(rf"^\s*{re.escape(name)}\s*$")
        candidates = [_build(scope, s) if s.kind not in ("test_id", "attribute", "css")
                      else _build(scope, s).filter(has_text=exactly) for s in strategies]
        return self._first(scope, key, strategies, candidates, wait=wait, timeout_ms=timeout_ms)

    def pattern(self, key: str) -> list[tuple[str, re.Pattern[str]]]:
        """`key`'s regular expressions (`[patterns]`), each with its UI language ("" for every language)."""
        try:
            texts = self.data.patterns[key]
        except KeyError:
            raise ConfigError(
                _("the {pack} has no pattern {key}").format(pack=self.describe(), key=repr(key)),
                _("add it to the pack (a user pack may add patterns), or update jadwal"),
            ) from None
        return [(lang, _compiled(text)) for lang, text in texts]

    def match(self, key: str, text: str) -> tuple[str, re.Match[str]] | None:
        """The first of `key`'s patterns found in `text` (whitespace squashed): its language and the match."""
        squashed = " ".join(text.split())
        for lang, pattern in self.pattern(key):
            found = pattern.search(squashed)
            if found is not None:
                return lang, found
        return None

    def css(self, key: str) -> list[str]:
        """The CSS selectors among `key`'s fallbacks (test ids, attributes, css), in order.

        For reading many items in one round trip (`evaluate_all`), where only CSS works.
        """
        return [sel for sel in (s.css() for s in self.spec(key).fallbacks) if sel]

    # -- checkpoints --------------------------------------------------------------------------

    def checkpoint_at(self, page: Page) -> str | None:
        """The kind of checkpoint `page` shows, or None."""
        from urllib.parse import urlsplit

        path = urlsplit(page.url).path
        for kind, signature in self.data.checkpoints.items():
            if signature.url and re.search(signature.url, path):
                return kind
        with_match = [(kind, s) for kind, s in self.data.checkpoints.items() if s.match]
        if not with_match:
            return None
        per_kind = [(kind, _any_of([_build(page, m) for m in s.match])) for kind, s in with_match]
        if not _any_of([loc for _, loc in per_kind]).count():  # one round trip in the usual case
            return None
        return next((kind for kind, loc in per_kind if loc.count()), None)

    def signs(self, scope: Scope) -> Locator | None:
        """Any element of any checkpoint signature, or None when they are known by address only: for
        waiting on "the site's answer, or a checkpoint instead"."""
        strategies = [m for signature in self.data.checkpoints.values() for m in signature.match]
        return _any_of([_build(scope, m) for m in strategies]) if strategies else None

    def stop_at_checkpoint(self, page: Page, *, account: str | None = None) -> None:
        """Raise `CheckpointReached` if `page` is a checkpoint: jadwal never types into one."""
        kind = self.checkpoint_at(page)
        if kind is None:
            return
        who = account or "ID"
        logger.warning("account {}: the site shows a checkpoint ({}); stopping", who, kind)
        raise CheckpointReached(
            _("account {account}: the site shows {what}; jadwal stops here and types nothing into it").format(
                account=who, what=_(CHECKPOINT_WORDS.get(kind, kind))),
            _("a person must pass it: jadwal login PLAN --account {account} --interactive (on a machine with a "
              "screen; then copy the session to the server)").format(account=who),
            kind=kind,
        )

    # -- dialogs ------------------------------------------------------------------------------

    def dismiss_dialogs(self, page: Page) -> None:
        """Have Playwright dismiss the pack's dialogs whenever one blocks an action on `page` (once per page)."""
        done = _HANDLED.setdefault(page, set())
        for dialog in self.data.dialogs.values():
            mark = (self.platform, dialog.name)
            if mark in done:
                continue
            done.add(mark)
            page.add_locator_handler(_any_of([_build(page, s) for s in dialog.match]),
                                     _Dismiss(page, dialog.name, dialog.dismiss))


class _Dismiss:
    """A locator handler: click the first dismiss button that is there."""

    def __init__(self, page: Page, name: str, buttons: Sequence[Strategy]) -> None:
        self.page = page
        self.name = name
        self.buttons = buttons

    def __call__(self) -> None:
        for strategy in self.buttons:
            button = _build(self.page, strategy)
            if button.count():
                button.first.click()
                logger.info("dismissed the {} dialog ({})", self.name, strategy.describe())
                flow.note_dialog(self.name)
                return
        logger.warning("the {} dialog is open but none of its dismiss buttons is there", self.name)


@functools.lru_cache(maxsize=256)
def _compiled(text: str) -> re.Pattern[str]:
    return re.compile(text)


def _page_of(scope: Scope) -> Page:
    page = getattr(scope, "page", None)
    return cast("Page", page if page is not None and not callable(page) else scope)


def _any_of(locators: Sequence[Locator]) -> Locator:
    combined = locators[0]
    for locator in locators[1:]:
        combined = combined.or_(locator)
    return combined


def _one(scope: Scope, s: Strategy, text: str | None) -> Locator:
    kind = s.kind
    if kind == "role":
        return scope.get_by_role(s.role, name=text, exact=s.exact) if text else scope.get_by_role(s.role)
    if kind == "label":
        return scope.get_by_label(text, exact=s.exact)
    if kind == "placeholder":
        return scope.get_by_placeholder(text, exact=s.exact)
    if kind == "alt":
        return scope.get_by_alt_text(text, exact=s.exact)
    if kind == "title":
        return scope.get_by_title(text, exact=s.exact)
    if kind == "text":
        return scope.get_by_text(text, exact=s.exact)
    if kind == "test_id":
        return scope.get_by_test_id(s.value)
    return scope.locator(s.css())


def _build(scope: Scope, s: Strategy, language: str | None = None) -> Locator:
    """A Playwright locator for one fallback: its texts in every language (or one), any of them."""
    texts = [t for lang, t in s.texts if language is None or lang in (language, "")]
    if not texts:
        return _one(scope, s, None)
    return _any_of([_one(scope, s, t) for t in texts])


def _language(scope: Scope, s: Strategy) -> str:
    """Which UI language's text matched (for the selftest table); "" when the text is not per language."""
    languages = [lang for lang, _t in s.texts if lang]
    for lang in languages:
        if _build(scope, s, lang).count():
            return lang
    return ""


def pack_for(platform: str, packs_folder: Path | None = None) -> Pack | None:
    """The platform's pack with the user's files merged in; None when the platform has no pack."""
    data = load(platform, user_folders(packs_folder))
    return Pack(data) if data is not None else None


def pack_of(account: Account) -> Pack:
    """The pack of an account's platform (the plan's `packs` folder included); `ConfigError` when none."""
    pack = pack_for(account.platform, account.packs)
    if pack is None:
        raise ConfigError(
            _("there is no pack for platform {platform} (account {account})").format(
                platform=repr(account.platform), account=account.id),
            _("put a {platform}.toml pack in the plan's packs folder, or use a platform jadwal knows "
              "(`jadwal platforms`)").format(platform=account.platform),
        )
    return pack
