"""The plan's month calendar as one self-contained HTML page (inline CSS, no scripts, no fetches).

One page for a computer and a phone: at 1280 px a month grid, at 390 px a list
by day (the same markup; CSS decides). Each post links to its preview further
down (plain anchors, no script). Pictures are embedded once each, as data URIs
in the page's CSS, when small enough (`EMBED_BYTES`, `EMBED_TOTAL`), so the
page still opens offline and shows the crops; bigger ones are drawn as a frame
of their shape. Every text comes from Python in the user's language.
"""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.i18n import _, ngettext
from scheduler.views import environment

if TYPE_CHECKING:
    from scheduler.views.calendar import CalendarView, Picture

#: a picture is embedded when at most this big, and until the page holds this much of them
EMBED_BYTES = 400_000
EMBED_TOTAL = 8_000_000


def render(view: CalendarView, *, now: datetime | None = None) -> str:
    """The page as text; `now` only stamps when it was made."""
    from scheduler.plan.dates import weekday_name, weekday_names
    from scheduler.validation import rule_names
    from scheduler.i18n import language
    from scheduler.views.preview import picture_words

    plan = view.plan
    made = (now or datetime.now(timezone.utc)).astimezone(plan.tz)
    names = {rule: (name_id if language() == "id" else name_en) for rule, (name_en, name_id) in rule_names().items()}
    embedded = _embedded(view.pictures)
    classes = {path: f"pic{i}" for i, path in enumerate(embedded)}
    return environment().get_template("calendar.html").render(
        view=view, plan=plan, t=_texts(view, made), weekdays=weekday_names(), weekday_name=weekday_name,
        rule_name=lambda rule: names.get(rule, rule), embedded=embedded, classes=classes,
        picture_words=picture_words,
        severity_word=lambda severity: _("error") if severity == "error" else _("warning"),
        lang=language(), several_accounts=len(plan.accounts) > 1)


def _texts(view: CalendarView, made: datetime) -> dict[str, str]:
    plan = view.plan
    posts = ngettext("{count} post", "{count} posts", view.posts).format(count=view.posts)
    return {
        "title": _("{name}: calendar").format(name=plan.name),
        "sub": _("{start} to {end}, times in {zone}; {posts} for {accounts}. Made {made}.").format(
            start=plan.start or "?", end=plan.end or "?", zone=plan.timezone or "UTC", posts=posts,
            accounts=", ".join(view.accounts) or _("no account"), made=made.strftime("%Y-%m-%d %H:%M %Z")),
        "goal": _("Goal:"),
        "legend": _("Legend"),
        "selling": _("(selling)"),
        "interactive": _("(interactive)"),
        "broken": _("a day that breaks a rule"),
        "warned": _("a day with a warning"),
        "picture": _("a post with a picture"),
        "plan_errors": _("Errors about the whole plan"),
        "plan_warnings": _("Warnings about the whole plan"),
        "line": _("line"),
        "fix": _("Fix:"),
        "no_posts": _("no posts"),
        "previews": _("How each post will look"),
        "previews_intro": _("Each post as its platform will show it in the feed: the text before \"more\", "
                            "the picture as it is cropped, the hashtags. Tap a post in the calendar to come here."),
        "back": _("back to the calendar"),
        "hidden": _("behind \"more\":"),
        "not_embedded": _("picture not shown here (too big for this page)"),
        "video": _("video"),
        "unusable": _("file not usable (see validate)"),
    }


def _embedded(pictures: list[Picture]) -> dict[Path, str]:
    """Resolved path -> `data:` URI of each picture small enough to embed (their CSS is written once each)."""
    out: dict[Path, str] = {}
    total = 0
    for picture in pictures:
        try:
            size = picture.path.stat().st_size
            if size > EMBED_BYTES or total + size > EMBED_TOTAL:
                continue
            data = picture.path.read_bytes()
        except OSError:
            continue
        total += len(data)
        mime = _mime(data)
        if mime:
            out[picture.path] = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return out


def _mime(head: bytes) -> str:
    if head.startswith(b"\x89PNG"):
        return "image/png"
    if head.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"GIF8":
        return "image/gif"
    return ""


def write(view: CalendarView, path: Path, *, now: datetime | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(view, now=now), encoding="utf-8")
    return path
