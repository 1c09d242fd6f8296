"""Part of R1: every post and account fits the platform it goes to.

A key the account's platform has no place for (categories on a sandbox post, a
`login_url` on a site that has no login page to move) would be dropped without
a word at publishing time; here it is reported instead. Which keys a platform
uses is the adapter's own declaration (`post_fields`, `account_fields`, see
`scheduler.platforms.base`). A `[[post]]` going to several accounts may give a
key only some of them use: that is a warning for the others, an error only
when none of its accounts uses it.

For platforms whose posts have titles, the title rule (`title_and_body`) is
checked where its result is probably not what the writer meant.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from scheduler.errors import ConfigError
from scheduler.findings import Finding, Severity
from scheduler.i18n import _, ngettext
from scheduler.plan.model import Account, Plan, Post
from scheduler.platforms.base import OPTIONAL_ACCOUNT_FIELDS, OPTIONAL_POST_FIELDS, title_and_body
from scheduler.rules.base import Rule
from scheduler.rules.windows import where

#: a title taken from the text's first line that is longer than this reads as a paragraph, not a headline
LONG_DERIVED_TITLE = 100

#: how each optional post key shows that it was given
_GIVEN: dict[str, Callable[[Post], bool]] = {
    "title": lambda p: p.title is not None,
    "alt": lambda p: bool(p.alt),
    "featured": lambda p: p.featured is not None,
    "categories": lambda p: bool(p.categories),
    "tags": lambda p: bool(p.tags),
    "excerpt": lambda p: p.excerpt is not None,
}
assert tuple(_GIVEN) == OPTIONAL_POST_FIELDS


def _uses(plan: Plan) -> Callable[[str], tuple[frozenset[str], frozenset[str]] | None]:
    """Per account id: (post keys, account keys) its adapter uses; None when unknown (no such adapter,
    or one that does not say)."""
    from scheduler.platforms.registry import get_adapter_class

    by_platform: dict[str, tuple[frozenset[str], frozenset[str]] | None] = {}

    def uses(account_id: str) -> tuple[frozenset[str], frozenset[str]] | None:
        account = plan.accounts.get(account_id)
        if account is None:
            return None  # R1 reports the undeclared account
        if account.platform not in by_platform:
            try:
                cls = get_adapter_class(account.platform)
            except ConfigError:  # not installed: the daemon and `jadwal publish` say so
                by_platform[account.platform] = None
            else:
                post, acc = getattr(cls, "post_fields", None), getattr(cls, "account_fields", None)
                by_platform[account.platform] = None if post is None or acc is None else (
                    frozenset(post), frozenset(acc))
        return by_platform[account.platform]

    return uses


def check(plan: Plan, rule: Rule) -> list[Finding]:
    uses = _uses(plan)
    out = _accounts(plan, rule, uses)
    out.extend(_adapter_checks(plan, rule))
    keyed = [p for p in plan.posts if p.title is not None or p.alt or p.featured is not None or p.categories
             or p.tags or p.excerpt is not None]
    out.extend(_post_fields(plan, rule, keyed, uses))
    out.extend(_references(plan, rule, keyed))
    titled = {a for a in plan.accounts if (used := uses(a)) is not None and "title" in used[0]}
    if titled:
        out.extend(_derived_titles(plan, rule, [p for p in plan.posts if p.title is None and p.account in titled]))
    return out


def _accounts(plan: Plan, rule: Rule, uses: Callable[[str], tuple[frozenset[str], frozenset[str]] | None]
              ) -> list[Finding]:
    out = []
    for account in plan.accounts.values():
        used = uses(account.id)
        given = [key for key in OPTIONAL_ACCOUNT_FIELDS if getattr(account, key)]
        for key in given:
            if used is not None and key not in used[1]:
                out.append(rule.finding(
                    plan, "error", _("account {account} sets {key}, which the {platform} platform does not use")
                    .format(account=account.id, key=key, platform=account.platform),
                    _("remove {key} from this [[account]]").format(key=key), account.line))
        if account.login_url and not _login_url_fits(account):
            out.append(rule.finding(
                plan, "error", _("login_url of account {account} is {value}, which is not a page of {url}").format(
                    account=account.id, value=repr(account.login_url), url=account.url or "its url"),
                _('give the login page\'s full address on the same site, or its path, e.g. login_url = "/masuk"'),
                account.line))
    return out


def _adapter_checks(plan: Plan, rule: Rule) -> list[Finding]:
    """What each account's adapter says about its settings (`check_account`, see `scheduler.platforms.base`)."""
    from scheduler.platforms.registry import get_adapter_class

    out: list[Finding] = []
    for account in plan.accounts.values():
        try:
            cls = get_adapter_class(account.platform)
        except ConfigError:  # not installed: the daemon and `jadwal publish` say so
            continue
        check_account = getattr(cls, "check_account", None)
        if callable(check_account):
            out.extend(rule.finding(plan, "error", message, hint, account.line)
                       for message, hint in check_account(account))
    return out


def _login_url_fits(account: Account) -> bool:
    if account.login_url.startswith("/") and not account.login_url.startswith("//"):
        return True
    page, site = urlsplit(account.login_url), urlsplit(account.url)
    return page.scheme in ("http", "https") and bool(page.netloc) and page.netloc == site.netloc


def _post_fields(plan: Plan, rule: Rule, posts: list[Post],
                 uses: Callable[[str], tuple[frozenset[str], frozenset[str]] | None]) -> list[Finding]:
    """Keys the account's platform does not use, one finding per (key, account, severity)."""
    by_entry: dict[int, list[Post]] = {}  # a [[post]] naming several accounts is several Posts on one line
    for post in posts:
        by_entry.setdefault(post.line, []).append(post)
    found: dict[tuple[str, str, Severity], list[Post]] = {}
    for entry in by_entry.values():
        for key, given in _GIVEN.items():
            if not given(entry[0]):
                continue
            unused = [p for p in entry if (u := uses(p.account)) is not None and key not in u[0]]
            severity: Severity = "error" if len(unused) == len(entry) else "warning"
            for post in unused:
                found.setdefault((key, post.account, severity), []).append(post)
    out = []
    for (key, account_id, severity), listed in found.items():
        platform = plan.accounts[account_id].platform
        if severity == "error":
            message = ngettext(
                "{count} post to {account} sets {key}, which the {platform} platform does not use (first: {post})",
                "{count} posts to {account} set {key}, which the {platform} platform does not use (first: {post})",
                len(listed))
            hint = _("remove {key} from those posts: {platform} has no place for it").format(
                key=key, platform=platform)
        else:
            message = ngettext(
                "{count} post sets {key}, which {account} ({platform}) does not use: it goes out there without it "
                "(first: {post})",
                "{count} posts set {key}, which {account} ({platform}) does not use: they go out there without it "
                "(first: {post})", len(listed))
            hint = _("nothing to do if {key} is meant for the post's other accounts").format(key=key)
        out.append(rule.finding(plan, severity, message.format(
            count=len(listed), account=account_id, key=key, platform=platform, post=where(listed[0])),
            hint, listed[0].line))
    return out


def _references(plan: Plan, rule: Rule, posts: list[Post]) -> list[Finding]:
    """`featured` names one of the post's pictures; category and tag names are not empty."""
    out = []
    seen: set[int] = set()
    for post in posts:
        if post.line in seen:
            continue
        seen.add(post.line)
        if post.featured and post.featured not in post.media:
            shown = post.featured.relative_to(plan.path.parent) if post.featured.is_relative_to(plan.path.parent) \
                else post.featured
            out.append(rule.finding(
                plan, "error", _("{post}: featured = {value} is not one of its media").format(
                    post=where(post), value=repr(str(shown))),
                _("write featured exactly as the picture is written in media, or featured = false for none"),
                post.line))
        for key, names in (("categories", post.categories), ("tags", post.tags)):
            if any(not name.strip() for name in names):
                out.append(rule.finding(
                    plan, "error", _("{post}: {key} holds an empty name").format(post=where(post), key=key),
                    _("remove the empty name from {key}").format(key=key), post.line))
    return out


def _derived_titles(plan: Plan, rule: Rule, posts: list[Post]) -> list[Finding]:
    """Posts without `title` whose text's first line makes a poor one, grouped per account and kind."""
    found: dict[tuple[str, str], list[Post]] = {}
    for post in posts:
        title, body = title_and_body(post.text, None)
        kind = "empty" if not title else "long" if len(title) > LONG_DERIVED_TITLE else "alone" if not body else ""
        if kind:
            found.setdefault((kind, post.account), []).append(post)
    out = []
    for (kind, account_id), listed in found.items():
        first = where(listed[0])
        count = len(listed)
        if kind == "empty":
            out.append(rule.finding(plan, "error", ngettext(
                "{count} post to {account} has neither a title nor text (first: {post})",
                "{count} posts to {account} have neither a title nor text (first: {post})", count).format(
                count=count, account=account_id, post=first),
                _('give each a title = "..." and a text'), listed[0].line))
        elif kind == "long":
            out.append(rule.finding(plan, "warning", ngettext(
                "{count} post to {account} has no title, so the first line of its text becomes the title, and that "
                "line is over {limit} characters (first: {post})",
                "{count} posts to {account} have no title, so the first line of each text becomes the title, and "
                "that line is over {limit} characters (first: {post})", count).format(
                count=count, account=account_id, limit=LONG_DERIVED_TITLE, post=first),
                _('give each a short title = "...", or break the text after a short first line'), listed[0].line))
        else:
            out.append(rule.finding(plan, "warning", ngettext(
                "{count} post to {account} has no title and one line of text: the line becomes the title and "
                "nothing is left below it (first: {post})",
                "{count} posts to {account} have no title and one line of text: the line becomes the title and "
                "nothing is left below it (first: {post})", count).format(
                count=count, account=account_id, post=first),
                _('give each a title = "...", or write more below the first line'), listed[0].line))
    return out
