"""What the browser adapters share where their logic is the same: the account's address checked, and
text and times read the way a page shows them."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urlsplit

from scheduler.errors import PlatformError
from scheduler.i18n import _

if TYPE_CHECKING:
    from playwright.sync_api import Locator

    from scheduler.plan.model import Account


def site_address(account: Account, url: str, hint: str) -> SplitResult:
    """`url` split in its parts; an address that is not http(s) with a host is the account's error (`hint`:
    the site's own address to set)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PlatformError(
            _("account {account}: {url} is not an http(s) address").format(account=account.id, url=repr(url)), hint)
    return parts


def squash(text: str) -> str:
    """Text compared the way a browser shows it: runs of whitespace are one space."""
    return " ".join(text.split())


def parse_time(value: str | None) -> datetime | None:
    """An ISO time from a page (`datetime` attributes, JSON); one without a zone is UTC; None if unreadable."""
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def shown_text(locator: Locator) -> str:
    """The first visible match's text, squashed, or "" (checked at once: the page has loaded)."""
    visible = locator.filter(visible=True)
    return squash(visible.first.inner_text()) if visible.count() else ""
