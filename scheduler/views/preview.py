"""A post as its platform will show it in the feed: where the text is cut behind "more", how the
picture is cropped, which words become hashtags.

Hashtags are counted as the packs count them (`scheduler.packs.counting`), and
a platform's hashtag limit is its pack's (`[limits.hashtags]`) when it has a
pack. How a feed shows a post (where the text folds, how pictures are cropped)
is not in the packs yet: a small table of facts (`DISPLAYS`), each with its
source, kept to plain data so it moves into the packs as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scheduler.i18n import _, ngettext
from scheduler.packs.counting import HASHTAG, hashtags


@dataclass(frozen=True, slots=True)
class Display:
    """How one platform's feed shows a post."""

    name: str  # as people call it
    fold: int | None  # characters shown before "more" (None: the text is shown whole)
    fold_lines: int | None  # lines shown before "more", when a platform cuts by lines too
    more: str  # the link that opens the rest, as the platform writes it
    ratio: tuple[float, float] | None  # width/height range shown whole; pictures outside it are cropped
    hashtags: int | None  # at most this many hashtags per post
    source: str


#: per platform (the `platform` of an [[account]]): how its feed shows a post
DISPLAYS: dict[str, Display] = {
    "instagram": Display(
        "Instagram", 125, 2, "more", (0.8, 1.91), 30,
        "caption cut after about 125 characters or 2 lines (Meta's ads guide: 125 characters of primary text "
        "show before 'more'); feed pictures 4:5 to 1.91:1, others cropped to the nearest, all of a carousel to "
        "the first's ratio; 30 hashtags (Meta's content publishing docs; /work/research/instagram.md §6)"),
    "facebook": Display(
        "Facebook", 125, None, "See more", None, None,
        "text cut at 'See more' after about 125 characters on a phone (about 477 on a computer); pictures shown "
        "whole in the feed (/work/research/facebook.md §6, third-party counters, approximate)"),
    "sandbox": Display(
        "jadwal sandbox", None, None, "", None, None,
        "scheduler/sandbox/templates/macros.html: the whole text, pictures whole (max-width 100%); "
        "hashtags: its pack's limit"),
    "wordpress": Display(
        "WordPress", None, None, "", None, None,
        "a post's page shows its title and whole text; how the theme crops a featured image varies"),
}


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    tag: bool  # a hashtag (shown as a link by the platform)


@dataclass(frozen=True, slots=True)
class Frame:
    """The picture as the feed shows it: the frame's width/height and what the crop cuts."""

    ratio: float  # width / height of the frame
    cropped: str  # "" when shown whole, else what is cut, in words


@dataclass(frozen=True, slots=True)
class Preview:
    account: str
    handle: str
    platform: str  # the platform's name as people say it
    known: bool  # whether jadwal knows how this platform shows a post
    shown: tuple[Segment, ...]  # text before the fold
    hidden: tuple[Segment, ...]  # text behind "more"
    more: str
    hashtags: int
    notes: tuple[str, ...]  # what the marketer should know: the cut, the crop, too many hashtags
    frame: Frame | None  # of the first picture; None without one


def build(text: str, *, account: str, handle: str, platform: str,
          pictures: list[tuple[int | None, int | None]], hashtag_limit: int | None = None) -> Preview:
    """The preview of one post on one account; `pictures` are (width, height) of its media, in order;
    `hashtag_limit` is the platform pack's (else the table's)."""
    display = DISPLAYS.get(platform)
    notes: list[str] = []
    cut = _fold(text, display) if display else None
    shown, hidden = (text, "") if cut is None else (text[:cut].rstrip(), text[cut:].lstrip())
    if hidden and display:
        notes.append(_("{platform} shows the first {count} characters; the rest is behind \"{more}\": put what "
                       "matters first").format(platform=display.name, count=len(shown), more=display.more))
    tags = len(hashtags(text))
    limit = hashtag_limit if hashtag_limit is not None else display.hashtags if display else None
    if limit is not None and tags > limit:
        notes.append(_("{count} hashtags: {platform} takes at most {limit}").format(
            count=tags, platform=display.name if display else platform, limit=limit))
    frame = _frame(pictures[0], display) if pictures else None
    if frame and frame.cropped:
        notes.append(frame.cropped)
    if display is None:
        notes.append(_("jadwal does not know how {platform} shows a post: this is the text as written").format(
            platform=platform or _("this platform")))
    return Preview(account, handle, display.name if display else platform, display is not None,
                   _segments(shown), _segments(hidden), display.more if display and hidden else "", tags,
                   tuple(notes), frame)


def _fold(text: str, display: Display) -> int | None:
    """Where the platform cuts `text` (at a word's start), or None when it shows it whole."""
    cut = len(text)
    if display.fold is not None and len(text) > display.fold:
        space = text.rfind(" ", 0, display.fold + 1)
        cut = space if space > 0 else display.fold
    if display.fold_lines is not None:
        breaks = [m.start() for m in re.finditer("\n", text)]
        if len(breaks) >= display.fold_lines:
            cut = min(cut, breaks[display.fold_lines - 1])
    return cut if cut < len(text.rstrip()) else None


def _frame(size: tuple[int | None, int | None], display: Display | None) -> Frame:
    width, height = size
    if not width or not height:
        return Frame(1.0, "")
    ratio = width / height
    if display is None or display.ratio is None:
        return Frame(ratio, "")
    low, high = display.ratio
    if ratio < low:
        return Frame(low, _("the picture ({width}x{height}) is taller than {platform} shows: its top and bottom "
                            "are cut to {shape}").format(width=width, height=height, platform=display.name,
                                                         shape=_shape(low)))
    if ratio > high:
        return Frame(high, _("the picture ({width}x{height}) is wider than {platform} shows: its sides are cut "
                             "to {shape}").format(width=width, height=height, platform=display.name,
                                                  shape=_shape(high)))
    return Frame(ratio, "")


def _shape(ratio: float) -> str:
    return {0.8: "4:5", 1.91: "1.91:1"}.get(ratio, f"{ratio:.2f}:1")


def _segments(text: str) -> tuple[Segment, ...]:
    out: list[Segment] = []
    at = 0
    for found in HASHTAG.finditer(text):
        if found.start() > at:
            out.append(Segment(text[at:found.start()], False))
        out.append(Segment(found.group(), True))
        at = found.end()
    if at < len(text):
        out.append(Segment(text[at:], False))
    return tuple(out)


def picture_words(count: int, videos: int) -> str:
    """'1 picture', '2 pictures and 1 video' (for the calendar's marks)."""
    pictures = count - videos
    parts = []
    if pictures:
        parts.append(ngettext("{count} picture", "{count} pictures", pictures).format(count=pictures))
    if videos:
        parts.append(ngettext("{count} video", "{count} videos", videos).format(count=videos))
    return parts[0] if len(parts) == 1 else _("{first} and {second}").format(first=parts[0], second=parts[1])
