"""The networks' own rules at plan time (part of R1): what each account's platform pack says it takes.

A plan whose caption is longer than the platform allows, with too many hashtags
or mentions, without the picture the platform requires, with too many media or
a kind or size it refuses, or with more posts a day than it allows, is not a
plan that can be carried out: R1 says so at the post's line, naming the
platform, its limit and where the limit comes from (the pack's `source`).

Media are judged by their content through R1's own check (`scheduler.plan.media.check_file`:
confined to the plan's folders first, so a file outside is never opened), each file once; a
file that check refuses is R1's media finding, not this one's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.errors import PackError
from scheduler.findings import Finding
from scheduler.i18n import N_, _, ngettext
from scheduler.packs.counting import hashtags, mentions
from scheduler.rules.windows import duration, index, where

if TYPE_CHECKING:
    from scheduler.packs.model import CountLimit, Limits, MediaLimits
    from scheduler.packs.pack import Pack
    from scheduler.plan.media import MediaInfo
    from scheduler.plan.model import Plan, Post
    from scheduler.rules.base import Rule

KIND_WORDS = {"image": N_("a picture"), "video": N_("a video")}
KINDS_WORDS = {"image": N_("pictures"), "video": N_("videos")}

Judge = Callable[["Post", Path], "MediaInfo | None"]


def check(plan: Plan, rule: Rule) -> list[Finding]:
    """Every limit of every account's pack, for every post of that account."""
    out: list[Finding] = []
    packs: dict[str, Pack | None] = {}
    for account in plan.accounts.values():
        if account.platform in packs or not account.platform:
            continue
        packs[account.platform] = _pack(plan, rule, account.platform, account.line, out)
    by_account = {a.id: packs.get(a.platform) for a in plan.accounts.values()}
    if not any(by_account.values()):
        return out
    from scheduler.plan.media import MediaInfo, allowed_folders, check_file

    folders = {account: allowed_folders(plan, account) for account in plan.accounts}
    judged: dict[tuple[Path, tuple[Path, ...]], MediaInfo | None] = {}

    def judge(post: Post, path: Path) -> MediaInfo | None:
        key = (path, folders.get(post.account, ()))
        if key not in judged:
            found = check_file(path, key[1])
            judged[key] = found if isinstance(found, MediaInfo) else None
        return judged[key]

    for post in plan.posts:
        pack = by_account.get(post.account)
        if pack is not None:
            out.extend(_post(plan, rule, post, pack, judge))
    out.extend(_per_day(plan, rule, by_account))
    out.extend(_paced(plan, rule, by_account))
    return out


def _pack(plan: Plan, rule: Rule, platform: str, line: int, out: list[Finding]) -> Pack | None:
    from scheduler.packs.pack import pack_for

    try:
        return pack_for(platform, plan.packs)
    except PackError as exc:
        out.append(rule.finding(
            plan, "error", _("the {platform} pack cannot be used, so its limits are not checked: {problem}").format(
                platform=platform, problem=exc.message), exc.hint, plan.line_of("plan.packs", line)))
        return None


def _post(plan: Plan, rule: Rule, post: Post, pack: Pack, judge: Judge) -> list[Finding]:
    limits: Limits = pack.data.limits
    platform = pack.platform
    out: list[Finding] = []

    def error(message: str, hint: str) -> None:
        out.append(rule.finding(plan, "error", message, hint, post.line))

    def over(count: int, limit: CountLimit | None, message: str, fix: Callable[[int], str]) -> None:
        """An error when `count` passes `limit`: `message` says so, `fix(n)` how to lose the n too many."""
        if limit is not None and count > limit.max:
            error(message.format(post=where(post), count=count, platform=platform, limit=limit.max,
                                 source=limit.source), fix(count - limit.max).format(over=count - limit.max))

    text = post.text
    over(len(text), limits.text,
         _("{post}: the text has {count} characters; {platform} takes at most {limit} ({source})"),
         lambda n: ngettext("shorten it by {over} character", "shorten it by {over} characters", n))
    over(len(post.title or ""), limits.title,
         _("{post}: the title has {count} characters; {platform} takes at most {limit} ({source})"),
         lambda n: ngettext("shorten the title by {over} character", "shorten the title by {over} characters", n))
    if limits.hashtags is not None:
        over(len(hashtags(text)), limits.hashtags,
             _("{post} has {count} hashtags; {platform} allows at most {limit} ({source})"),
             lambda n: ngettext("remove {over} hashtag", "remove {over} hashtags", n))
    if limits.mentions is not None:
        over(len(mentions(text)), limits.mentions,
             _("{post} mentions {count} accounts; {platform} allows at most {limit} ({source})"),
             lambda n: ngettext("remove {over} mention", "remove {over} mentions", n))
    if limits.term_name is not None:
        _term_names(post, platform, limits.term_name, error)
    if limits.media is not None:
        _media(post, platform, limits.media, judge, error)
    return out


def _term_names(post: Post, platform: str, limit: CountLimit, error: Callable[[str, str], None]) -> None:
    for words, names in ((N_("the category"), post.categories), (N_("the tag"), post.tags)):
        for name in names:
            count = len(name.strip())
            if count > limit.max:
                shown = name.strip()[:30] + "..."
                error(_("{post}: {what} {name} has {count} characters; {platform} takes names of at most {limit} "
                        "({source})").format(post=where(post), what=_(words), name=repr(shown), count=count,
                                             platform=platform, limit=limit.max, source=limit.source),
                      ngettext("shorten the name by {over} character", "shorten the name by {over} characters",
                               count - limit.max).format(over=count - limit.max))


def _media(post: Post, platform: str, media: MediaLimits, judge: Judge,
           error: Callable[[str, str], None]) -> None:
    words = KIND_WORDS if media.max_count == 1 else KINDS_WORDS  # "a video" where a post takes one
    kinds = " / ".join(_(words[k]) for k in media.kinds) or _("nothing")
    if media.required and not post.media:
        error(_("{post} has no picture or video; {platform} needs at least one ({source})").format(
                  post=where(post), platform=platform, source=media.source),
              _("add {kinds} to the post's `media`").format(kinds=kinds))
    if media.max_count is not None and len(post.media) > media.max_count:
        error(_("{post} has {count} media files; {platform} takes at most {limit} per post ({source})").format(
                  post=where(post), count=len(post.media), platform=platform, limit=media.max_count,
                  source=media.source),
              _("keep at most {limit} in `media`, or split it into several posts").format(limit=media.max_count))
    for path in post.media:
        info = judge(post, path)
        if info is None:
            continue  # outside the plan's folders, missing, unreadable or not media: R1's media check says so
        allowed = media.kinds.get(info.kind)
        if allowed is None:
            error(_("{post}: {path} is {kind}; {platform} takes only {kinds} ({source})").format(
                      post=where(post), path=path, kind=_(KIND_WORDS[info.kind]), platform=platform, kinds=kinds,
                      source=media.source),
                  _("use {kinds} instead").format(kinds=kinds))
            continue
        if info.mime not in allowed.mime:
            error(_("{post}: {path} is {mime}; {platform} takes {kinds} as {mimes} ({source})").format(
                      post=where(post), path=path, mime=info.mime, platform=platform,
                      kinds=_(KINDS_WORDS[info.kind]), mimes=", ".join(allowed.mime), source=allowed.source),
                  _("convert it to one of those formats"))
        if allowed.max_bytes is not None and info.size > allowed.max_bytes:
            error(_("{post}: {path} is {size}; {platform} takes {kinds} up to {limit} ({source})").format(
                      post=where(post), path=path, size=_bytes(info.size), platform=platform,
                      kinds=_(KINDS_WORDS[info.kind]), limit=_bytes(allowed.max_bytes), source=allowed.source),
                  _("make the file smaller (resize or compress it)"))


def _bytes(size: int) -> str:
    """'5 MB', '512 KB', '900 bytes' (binary units, as the platforms state them)."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return _("{count} bytes").format(count=size)


def _per_day(plan: Plan, rule: Rule, by_account: dict[str, Pack | None]) -> list[Finding]:
    out = []
    for timeline in index(plan).timelines.values():
        pack = by_account.get(timeline.account)
        if pack is None or pack.data.limits.posts_per_day is None:
            continue
        limit = pack.data.limits.posts_per_day
        if max(timeline.per_day, default=0) <= limit.max:
            continue
        counts: dict[object, int] = {}
        for post in timeline.posts:
            count = counts[post.day] = counts.get(post.day, 0) + 1
            if count == limit.max + 1:
                total = sum(1 for p in timeline.posts if p.day == post.day)
                out.append(rule.finding(
                    plan, "error",
                    _("{account} has {count} posts on {day}; {platform} allows at most {limit} a day per account "
                      "({source}); the first one over is {post}").format(
                        account=timeline.account, count=total, day=post.day, platform=pack.platform,
                        limit=limit.max, source=limit.source, post=where(post)),
                    ngettext("move {over} of them to another day", "move {over} of them to another day",
                             total - limit.max).format(over=total - limit.max), post.line))
    return out


def _paced(plan: Plan, rule: Rule, by_account: dict[str, Pack | None]) -> list[Finding]:
    """Posts planned closer together than the pack's publish pace: the daemon holds each back until the
    pace allows it (a slow network's pack keeps hours between posts), so it goes out late, or is missed
    past the daemon's `--grace`. A warning per account, at its first post held back."""
    out = []
    for timeline in index(plan).timelines.values():
        pack = by_account.get(timeline.account)
        pace = pack.data.pacing.get("publish") if pack is not None else None
        if pack is None or pace is None or pace.min_gap.total_seconds() <= 0:
            continue
        gap = pace.min_gap.total_seconds()
        held: list[tuple[int, float]] = []  # (index of a post held back, how late it goes out)
        earliest = None
        for i, at in enumerate(timeline.stamps):
            goes = at if earliest is None else max(at, earliest)
            if goes > at:
                held.append((i, goes - at))
            earliest = goes + gap
        if not held:
            continue
        first, late = held[0]
        post, before = timeline.posts[first], timeline.posts[first - 1]
        message = _("{post} is {apart} after {previous}; jadwal keeps {platform} posts of one account at least "
                    "{gap} apart (the pacing in its pack), so it goes out about {late} late").format(
            post=where(post), apart=duration(timedelta(seconds=timeline.stamps[first] - timeline.stamps[first - 1])),
            previous=before.id, platform=pack.platform, gap=duration(pace.min_gap),
            late=duration(timedelta(seconds=round(late))))
        if len(held) > 1:
            message += " " + ngettext("({count} more post of {account} is held back too)",
                                      "({count} more posts of {account} are held back too)",
                                      len(held) - 1).format(count=len(held) - 1, account=timeline.account)
        out.append(rule.finding(
            plan, "warning", message,
            _("space {account}'s posts at least {gap} apart; a post that cannot go out within the daemon's "
              "--grace (1h unless set) is missed").format(account=timeline.account, gap=duration(pace.min_gap)),
            post.line))
    return out
