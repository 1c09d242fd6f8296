"""How the TikTok adapter reads what TikTok shows: text compared as a person reads it, a description cut
into the runs that are typed and the #tags and @names that are chosen from suggestions, the time in a
video's id, and the ids jadwal gives comments (TikTok's page names none). No browser here."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from scheduler.packs.counting import HASHTAG, MENTION


def norm(text: str) -> str:
    """Text compared as a person reads it: letter case, runs of whitespace and non-breaking spaces aside
    (a tag taken from TikTok's suggestions may come back in its letter case)."""
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def same_text(shown: str, wanted: str) -> bool:
    return norm(shown) == norm(wanted)


def starts_alike(shown: str, wanted: str) -> bool:
    """A list's (maybe shortened) text is the start of `wanted`; an empty one may be a video still
    processing, so it stays a candidate."""
    start = norm(shown).rstrip(".…").rstrip()
    return not start or norm(wanted).startswith(start)


def segments(text: str) -> list[tuple[str, str]]:
    """The description as ("text" | "hashtag" | "mention", part) runs, tags and mentions found as
    `jadwal validate` counts them (`scheduler.packs.counting`)."""
    tokens = sorted([(m.start(), m.end(), "hashtag") for m in HASHTAG.finditer(text)]
                    + [(m.start(), m.end(), "mention") for m in MENTION.finditer(text)])
    out: list[tuple[str, str]] = []
    at = 0
    for start, end, kind in tokens:
        if start < at:  # overlapping matches cannot happen with these patterns; never type a part twice
            continue
        if start > at:
            out.append(("text", text[at:start]))
        out.append((kind, text[start:end]))
        at = end
    if at < len(text):
        out.append(("text", text[at:]))
    return out


def id_time(video_id: str) -> datetime | None:
    """A video id's top 32 bits are its Unix creation time, as scrapers decode them [multi]; a hint
    only (None when the result is not a plausible time)."""
    if not video_id.isdigit():
        return None
    seconds = int(video_id) >> 32
    if not 1_400_000_000 < seconds < time.time() + 86_400:
        return None
    return datetime.fromtimestamp(seconds, timezone.utc)


def number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and value.strip().isdigit():
        return float(value)
    return None


def dig(data: object, *keys: str) -> object:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _digest(*parts: str) -> str:
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Shown:
    """A comment as the page shows it (in page order)."""

    level: int  # 1: a comment, 2: a reply
    author: str  # the handle, from the author link
    text: str
    when: str  # as shown: "5m ago", "11-28" ...


def comment_ids(rows: list[Shown]) -> Iterator[tuple[str, str | None]]:
    """(id, parent id) for each shown comment, in order.

    TikTok's page names no comment ids, so jadwal makes them: a comment's is a digest of its author,
    its text and how many identical comments come before it; a reply's is its thread's id, "-", and
    the same digest within the thread. They stay the same from read to read (a comment cannot be
    edited), and a reply's id says its thread. A reply shown before any comment belongs to none and
    is left out (None, None).
    """
    seen: Counter[tuple[str, str]] = Counter()
    thread: str | None = None
    in_thread: Counter[tuple[str, str]] = Counter()
    for row in rows:
        key = (row.author.casefold(), norm(row.text))
        if row.level == 1:
            thread = "c" + _digest(*key, str(seen[key]))
            seen[key] += 1
            in_thread = Counter()
            yield thread, None
        elif thread is None:
            yield "", None
        else:
            yield f"{thread}-{_digest(*key, str(in_thread[key]))}", thread
            in_thread[key] += 1
