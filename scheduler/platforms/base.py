"""The platform adapter protocol: what every site jadwal publishes to must offer.

Adapters are plugins found through the `jadwal.platforms` entry-point group
(see `scheduler.platforms.registry`). Arguments and results are dataclasses so
the journal and daemon never depend on one site's shapes. Adapters drive a
Playwright *sync* `Page` given to them; they never launch browsers themselves
(that is `scheduler.browser`'s job) and never sleep: locators auto-wait.

Errors are raised from `scheduler.errors`: `LoginFailed`, `SessionExpired`,
`SiteUnavailable` (before submit, retryable), `PageChanged` (selector broke),
`OutcomeUnknown` (after the submit click: the post may be live). A checkpoint or block met after
the submit click is `BlockedAfterSubmit` (wrap that part in `after_submit`): the account pauses and
the post is looked up before it is ever sent again.

Plan keys that only some sites have a place for (`OPTIONAL_POST_FIELDS`,
`OPTIONAL_ACCOUNT_FIELDS`) are listed by the adapter that uses them in its
`post_fields` / `account_fields` class attributes; `jadwal validate` reports a
key given to an account whose adapter does not list it, instead of the post
going out silently without it. An adapter without these attributes is not
checked (a plugin written before them). An adapter may also offer a classmethod
`check_account(account) -> list[tuple[str, str]]`: the (message, fix) of each way the account's
settings cannot work on its site (a Facebook account without its Page's id), reported by
`jadwal validate` at the account's line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol, runtime_checkable

from scheduler.errors import AccountBlocked, BlockedAfterSubmit

if TYPE_CHECKING:  # playwright is imported lazily; only the type is needed here
    from playwright.sync_api import Page

    from scheduler.plan.model import Account


#: `[[post]]` keys that a platform may have no place for (`alt` stands for the pictures' descriptions)
OPTIONAL_POST_FIELDS = ("title", "alt", "featured", "categories", "tags", "excerpt")
#: `[[account]]` keys likewise
OPTIONAL_ACCOUNT_FIELDS = ("login_url", "page_id")


@contextmanager
def after_submit(post_id: str) -> Iterator[None]:
    """Around everything from the submit click on: a checkpoint or block met there (the site's answer
    to the click, or a page opened after it) is `BlockedAfterSubmit`, never "nothing was sent"."""
    try:
        yield
    except AccountBlocked as exc:
        raise BlockedAfterSubmit(post_id, exc) from exc


def title_and_body(text: str, title: str | None) -> tuple[str, str]:
    """jadwal's title rule, for sites whose posts have a title (README, "WordPress").

    A given `title` is the title and the whole text the body. Without one, the
    text's first line is the title and the rest the body: the line is not
    repeated below it. Whitespace in the title is squashed to single spaces.
    """
    text = text.strip()
    if title is not None and title.strip():
        return " ".join(title.split()), text
    first, _newline, rest = text.partition("\n")
    return " ".join(first.split()), rest.strip()


@dataclass(frozen=True, slots=True)
class Credentials:
    username: str
    password: str = field(repr=False)  # never shown in logs or tracebacks


@dataclass(frozen=True, slots=True)
class Draft:
    """What to publish: the plan's post reduced to what a site needs."""

    post_id: str
    text: str
    media: tuple[Path, ...] = ()
    title: str | None = None
    #: what each picture of `media` shows, same order ("" where not given; empty when none is)
    alt: tuple[str, ...] = ()
    #: the picture shown above the post and in lists: None for the platform's default, False for none,
    #: else one of `media`
    featured: Path | Literal[False] | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    excerpt: str | None = None

    def alt_of(self, index: int) -> str:
        """The description of the `index`-th picture of `media` ("" when none was given)."""
        return self.alt[index] if index < len(self.alt) else ""


@dataclass(frozen=True, slots=True)
class PublishedRef:
    """Where a post lives on the site, saved the moment the site confirms it."""

    remote_id: str
    url: str
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    id: str
    author: str
    text: str
    parent_id: str | None  # None for a top-level comment
    created_at: datetime | None
    post_remote_id: str


@dataclass(frozen=True, slots=True)
class Activity:
    """One thing others did on the account's posts, as the site's activity (notifications) page lists it."""

    post_remote_id: str
    kind: str  # "comment" (replies included), "like", ...
    at: datetime | None
    id: str = ""  # the comment's id, when the site shows it


#: the per-post numbers jadwal knows, named for what they mean on any site; an adapter reads those its
#: site shows (`Adapter.post_metric_names`). Engagements are likes + comments + shares + saves; the
#: audience a post reached is `reach` where the site counts people, else `views`.
POST_METRICS: dict[str, str] = {
    "likes": "likes or reactions",
    "comments": "comments, replies included",
    "shares": "shares or reposts",
    "saves": "saves or bookmarks",
    "views": "views, plays or impressions",
    "reach": "people reached (unique viewers)",
}


@runtime_checkable
class Adapter(Protocol):
    """One account on one site. Constructed as `AdapterClass(account)`."""

    #: the `platform = "..."` value in a plan
    name: ClassVar[str]
    #: which of `POST_METRICS` this site shows per post (what `post_metrics` returns); may be empty
    post_metric_names: ClassVar[tuple[str, ...]]

    def __init__(self, account: Account) -> None:
        """An adapter serves one account (its `url`, `handle`, settings)."""

    def login(self, page: Page, credentials: Credentials) -> None:
        """Log in on `page`'s context; the caller saves the context's storage state."""

    def check_session(self, page: Page) -> None:
        """Raise `SessionExpired` unless the saved session is still accepted."""

    def publish(self, page: Page, draft: Draft, *, dry_run: bool = False) -> PublishedRef | None:
        """Fill the compose form and submit it (unless `dry_run`: then stop before submit, return None)."""

    def find_published(self, page: Page, draft: Draft, *, since: datetime) -> PublishedRef | None:
        """Look the draft up on the site among posts made since `since` (crash recovery)."""

    def comments(self, page: Page, ref: PublishedRef) -> list[Comment]:
        """Every comment and reply of a published post, across all pages."""

    def reply(self, page: Page, ref: PublishedRef, comment_id: str, text: str) -> Comment:
        """Answer a comment in its thread as the account."""

    def metrics(self, page: Page) -> dict[str, float]:
        """Measured values by metric name (e.g. {"followers": 1234}); {} when the site shows none."""

    def post_metrics(self, page: Page, ref: PublishedRef) -> dict[str, float]:
        """One published post's numbers now, named as in `post_metric_names` (e.g. {"likes": 12,
        "comments": 3, "views": 140}); {} when the site shows none. `PlatformError` when the post
        cannot be read (gone from the site: `PageChanged` or `PlatformError` with the reason)."""


@runtime_checkable
class ActivityFeed(Protocol):
    """Optional, for sites with an activity or notifications page: one visit per account tells the comment
    check which posts have something new, instead of opening every post (`scheduler.comments.selection`)."""

    def activity(self, page: Page, since: datetime | None) -> list[Activity]:
        """What others did on the account's posts since `since` (site time; the first page when None),
        newest first, following the page's "next" links back to `since`."""
