"""A platform pack as plain data: what `schema.json` describes, read into frozen dataclasses.

No Playwright here (the rules read limits at plan time without a browser); the
browser side is `scheduler.packs.locate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

#: the strategies a fallback may use, in the order they should be preferred (CSS last, XPath never)
STRATEGIES = ("role", "label", "placeholder", "alt", "title", "text", "test_id", "attribute", "css")
#: checkpoint kinds (the `kind` of `CheckpointReached`)
CHECKPOINT_KINDS = ("login_challenge", "two_factor", "captcha", "suspicious_activity", "blocked")
#: the actions pacing knows
ACTIONS = ("publish", "comments", "reply")
Action = Literal["publish", "comments", "reply"]
MediaKind = Literal["image", "video"]


@dataclass(frozen=True, slots=True)
class Strategy:
    """One way to find an element: `kind` is one of STRATEGIES.

    `texts` holds the value per UI language ({"": "x"} when the same in every
    language); for `role` it holds the accessible name (may be empty: any name).
    `attribute` is (name, value) for kind "attribute"; `value` is the test id or CSS.
    """

    kind: str
    texts: tuple[tuple[str, str], ...] = ()  # (language, text)
    role: str = ""
    value: str = ""
    attribute: tuple[str, str] | None = None
    exact: bool = True

    def describe(self, language: str | None = None) -> str:
        """How a person would say it: 'label "Post text"', 'role button "Post"', 'test id "post-submit"'."""
        texts = [t for lang, t in self.texts if language is None or lang in (language, "")]
        shown = " / ".join(f'"{t}"' for t in texts)
        if self.kind == "role":
            return f"role {self.role}" + (f" {shown}" if shown else "")
        if self.kind == "test_id":
            return f'test id "{self.value}"'
        if self.kind == "attribute":
            assert self.attribute is not None
            return f'[{self.attribute[0]}="{self.attribute[1]}"]'
        if self.kind == "css":
            return f"css {self.value}"
        return f"{self.kind.replace('_', ' ')} {shown}"

    def css(self) -> str | None:
        """The strategy as a CSS selector when it is one at heart (test id, attribute, css), else None."""
        if self.kind == "test_id":
            return f'[data-testid="{_css_string(self.value)}"]'
        if self.kind == "attribute":
            assert self.attribute is not None
            return f'[{self.attribute[0]}="{_css_string(self.attribute[1])}"]'
        if self.kind == "css":
            return self.value
        return None


def _css_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


@dataclass(frozen=True, slots=True)
class LocatorSpec:
    """Ordered fallbacks for one element of one step, e.g. key "compose.text"."""

    key: str
    fallbacks: tuple[Strategy, ...]

    @property
    def step(self) -> str:
        return self.key.partition(".")[0]


@dataclass(frozen=True, slots=True)
class Signature:
    """How a checkpoint page is recognised: a URL pattern and/or elements."""

    kind: str
    url: str | None
    match: tuple[Strategy, ...] = ()


@dataclass(frozen=True, slots=True)
class Dialog:
    """An interrupting dialog and the button that dismisses it."""

    name: str
    match: tuple[Strategy, ...]
    dismiss: tuple[Strategy, ...]


@dataclass(frozen=True, slots=True)
class CountLimit:
    max: int
    source: str


@dataclass(frozen=True, slots=True)
class GapLimit:
    """The least time the platform itself takes between two actions (e.g. WordPress's comment flood check)."""

    min_gap: timedelta
    source: str


@dataclass(frozen=True, slots=True)
class KindLimit:
    mime: tuple[str, ...]
    max_bytes: int | None  # None: no public source gives the platform's size limit, so none is checked
    source: str


@dataclass(frozen=True, slots=True)
class MediaLimits:
    required: bool
    max_count: int | None  # None: the platform sets no number
    kinds: dict[str, KindLimit]
    source: str


@dataclass(frozen=True, slots=True)
class Limits:
    text: CountLimit | None = None
    title: CountLimit | None = None
    hashtags: CountLimit | None = None
    mentions: CountLimit | None = None
    posts_per_day: CountLimit | None = None
    #: a category's or tag's name (platforms whose posts have them)
    term_name: CountLimit | None = None
    #: a reply to a comment (checked by `jadwal reply` before the browser starts)
    reply: CountLimit | None = None
    reply_gap: GapLimit | None = None
    media: MediaLimits | None = None


@dataclass(frozen=True, slots=True)
class Pace:
    min_gap: timedelta
    jitter: timedelta = timedelta(0)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a pack came from: the built-in file, and the user files merged over it (in order)."""

    builtin: Path | None
    overrides: tuple[Path, ...] = ()

    def describe(self) -> str:
        parts = (["built in"] if self.builtin is not None else []) + [str(p) for p in self.overrides]
        return " + ".join(parts)


@dataclass(frozen=True, slots=True)
class PackData:
    """Everything a pack says, as read and checked."""

    platform: str
    version: str
    checked: date
    languages: tuple[str, ...]
    locators: dict[str, LocatorSpec]
    checkpoints: dict[str, Signature]
    dialogs: dict[str, Dialog]
    limits: Limits
    pacing: dict[str, Pace]
    origin: Origin
    site: str = ""
    sources: tuple[str, ...] = field(default=())
    #: regular expressions by key, per UI language ("" for every language): texts read for a meaning
    patterns: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
