"""Reading Facebook's pages for the `facebook` adapter: the Page's timeline, a post's comments, the
times and counts the site shows as text. The texts' shapes come from the pack's `[patterns]`
(English and Indonesian), the elements from its locators; the flow that clicks is in `facebook.py`.

Facebook shows times as "just now", "5m", "3h", "Yesterday", "2d" (Indonesian "baru saja", "5
menit", "3 jam", "Kemarin", "2 hari"), so a time read from the page is a window, not a moment:
`Window` says between when and when a post or comment was made, as far as the text tells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scheduler.platforms.common import squash

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from scheduler.packs import Pack

#: the site's clock and ours differ a little, and a page is shown a little after it was made
SKEW = timedelta(minutes=2)
#: past this, the site shows a date instead of "3d" or "2w" [I: research §3]
OLDER = timedelta(days=6)
EARLIEST = datetime.min.replace(tzinfo=timezone.utc)
#: query parameters a permalink keeps (everything else is tracking: __cft__, __tn__ ...)
PERMALINK_PARAMS = ("story_fbid", "id")


@dataclass(frozen=True, slots=True)
class Window:
    """When something was made, as far as a relative time text tells: between `earliest` and `latest`."""

    earliest: datetime
    latest: datetime

    @property
    def estimate(self) -> datetime:
        """The middle of the window, or its end when only that is known (a date shown)."""
        if self.earliest == EARLIEST:
            return self.latest
        return self.earliest + (self.latest - self.earliest) / 2


#: (pattern key, the unit its number counts, or the window's width when it has no number)
_UNITS: tuple[tuple[str, timedelta], ...] = (
    ("time.minutes", timedelta(minutes=1)),
    ("time.hours", timedelta(hours=1)),
    ("time.days", timedelta(days=1)),
    ("time.weeks", timedelta(weeks=1)),
)


def when(pack: Pack, text: str, now: datetime) -> Window | None:
    """The window a time text ("5m", "3 jam", "Yesterday", a date) stands for; None when unreadable."""
    text = squash(text)
    if not text:
        return None
    if pack.match("time.now", text):
        return Window(now - timedelta(minutes=1) - SKEW, now + SKEW)
    for key, unit in _UNITS:
        found = pack.match(key, text)
        if found is not None:
            n = int(found[1].group("n"))
            return Window(now - (n + 1) * unit - SKEW, now - n * unit + SKEW)
    if pack.match("time.yesterday", text):
        return Window(now - timedelta(days=2) - SKEW, now + SKEW)
    if pack.match("time.older", text):
        return Window(EARLIEST, now - OLDER)
    return None


def count(pack: Pack, key: str, text: str) -> float | None:
    """A count such as "12K followers" / "1,2 rb pengikut" (pattern `key`, groups `n` and `unit`)."""
    found = pack.match(key, text)
    return None if found is None else _value(pack, *found)


def last_count(pack: Pack, key: str, text: str) -> float | None:
    """The last count of pattern `key` in `text` (a post's footer comes after its own text), or None."""
    found = [(m.start(), lang, m) for lang, pattern in pack.pattern(key) for m in pattern.finditer(squash(text))]
    if not found:
        return None
    _start, lang, match = max(found, key=lambda f: f[0])
    return _value(pack, lang, match)


def _value(pack: Pack, lang: str, match: re.Match[str]) -> float | None:
    """The number a count pattern matched: groups `n` and `unit` (K, rb ...), in the language's notation."""
    number, unit = match.group("n"), match.groupdict().get("unit") or ""
    decimal, grouping = (",", ".") if lang == "id" else (".", ",")
    if unit:
        value = float(number.replace(grouping, "").replace(decimal, "."))
        if pack.match("count.thousand", unit):
            return round(value * 1_000)
        if pack.match("count.million", unit):
            return round(value * 1_000_000)
        return None
    digits = number.replace(grouping, "")
    return float(digits) if digits.isdigit() else None


def permalink(href: str) -> str:
    """A post's link without its tracking parameters (it still opens the post: the pfbid in it does)."""
    parts = urlsplit(href)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k in PERMALINK_PARAMS]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), ""))


def post_id(pack: Pack, url: str) -> str:
    """The id in a post's link (a `pfbid0…`, which changes from one showing to the next, or a number)."""
    found = pack.match("post.id", url)
    if found is None:
        return urlsplit(url).path.rstrip("/").rpartition("/")[2]
    return found[1].group("id") or found[1].group("story") or ""


# -- the Page's timeline --------------------------------------------------------------------------

#: every story of the feed in one round trip: its author (the first link of the heading that names
#: the story), text, link and the link's time text; selectors from the pack
_STORIES_JS = """
(els, sel) => els.map(el => {
  const pick = (root, list) => { for (const s of list) { const f = root.querySelector(s); if (f) return f; } return null; };
  const named = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).find(h => h && el.contains(h));
  const head = named || pick(el, sel.heading);
  const author = head ? (pick(head, sel.author) || head) : null;
  const text = pick(el, sel.text), link = pick(el, sel.link);
  return {author: author ? author.innerText : '', text: text ? text.innerText : '',
          href: link ? link.href : '', time: link ? link.innerText : ''};
})
"""


@dataclass(frozen=True, slots=True)
class Story:
    """One post on the Page's timeline, as shown."""

    author: str
    text: str
    url: str
    remote_id: str
    window: Window | None


def stories(pack: Pack, page: Page, now: datetime) -> list[Story]:
    """The stories the timeline shows now, top to bottom."""
    selectors = {key: pack.css(f"timeline.{key}") for key in ("heading", "author", "text", "link")}
    out = []
    for row in pack.any(page, "timeline.story").evaluate_all(_STORIES_JS, selectors):
        url = permalink(row["href"]) if row["href"] else ""
        out.append(Story(squash(row["author"]), row["text"].strip(), url, post_id(pack, url) if url else "",
                         when(pack, row["time"], now)))
    return out


# -- comments ----------------------------------------------------------------------------------------

#: each comment's own link, author and text (not those of the replies nested in it), in one round trip
_COMMENTS_JS = """
(arts, sel) => arts.map(a => {
  const mine = el => el.closest(sel.article) === a;
  const own = list => {
    for (const s of list) { const f = Array.from(a.querySelectorAll(s)).find(mine); if (f) return f; }
    return null;
  };
  const link = own(sel.link), author = own(sel.author), text = own(sel.text);
  return {href: link ? link.href : '', time: link ? link.innerText : '',
          author: author ? author.innerText : '', text: text ? text.innerText : ''};
})
"""


@dataclass(frozen=True, slots=True)
class Shown:
    """A comment or reply as the post's page shows it; `index` is its place among the page's articles."""

    index: int
    id: str
    parent_id: str | None
    author: str
    text: str
    window: Window | None


def comments(pack: Pack, page: Page, now: datetime) -> list[Shown]:
    """Every comment and reply on the post's page (articles with a comment link of their own)."""
    selectors: dict[str, Any] = {key: pack.css(f"comment.{key}") for key in ("link", "author", "text")}
    selectors["article"] = ",".join(pack.css("comment.article"))
    out, seen = [], set()
    for index, row in enumerate(pack.any(page, "comment.article").evaluate_all(_COMMENTS_JS, selectors)):
        top = pack.match("comment.id", row["href"]) if row["href"] else None
        if top is None:
            continue  # the post itself, or an article that is no comment
        reply = pack.match("comment.reply_id", row["href"])
        cid, parent = (reply[1].group("id"), top[1].group("id")) if reply else (top[1].group("id"), None)
        if cid in seen:  # the permalink page may show a comment twice [S: idx:71267309656]
            continue
        seen.add(cid)
        out.append(Shown(index, cid, parent, squash(row["author"]), row["text"].strip(),
                         when(pack, row["time"], now)))
    return out
