"""R1 no-plan (Tidak Mempunyai Rencana): the plan is a real plan, not posting along.

The article: without a plan and a goal, communication becomes undirected and
haphazard, and the fatal result is posting far too often and selling too much,
until followers unfollow. So a plan states its goal, its date range and its
timezone; every post lies inside the range and names a declared account and
type; post ids are unique; media files lie in the plan's folder (or one it
allows by name), exist and are real pictures or videos by their content
(`scheduler.plan.media`); local times exist (DST). The
flood guard: at most `cadence.max_per_day` posts per account per local day and
at least `cadence.min_gap` between two posts of one account. Every post and
account fits its platform (`platform_fit`): no key the platform has no place for;
and the networks' own rules (`platform_limits`): what each account's platform pack
says it takes.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime, timedelta
from operator import attrgetter
from pathlib import Path

from scheduler.findings import Finding
from scheduler.i18n import _, ngettext
from scheduler.plan.media import MediaProblem, allowed_folders, check_file
from scheduler.plan.model import Plan, Post
from scheduler.plan.zones import sign_trap, unknown_zone
from scheduler.rules import platform_fit, platform_limits
from scheduler.rules.base import Rule
from scheduler.rules.windows import duration, index, stamp, where


def check(plan: Plan) -> list[Finding]:
    return [*_header(plan), *_posts(plan), *_flood(plan), *platform_fit.check(plan, RULE),
            *platform_limits.check(plan, RULE)]


def _header(plan: Plan) -> list[Finding]:
    out = []
    at = plan.line_of
    if not plan.goal.strip():
        out.append(RULE.finding(
            plan, "error", _("the plan states no goal (plan.goal is empty)"),
            _('say what the posts are for, e.g. goal = "Grow online orders through Instagram"'),
            at("plan.goal", at("plan")),
        ))
    for key, value in (("start", plan.start), ("end", plan.end)):
        if value is None:
            out.append(RULE.finding(
                plan, "error", _("the plan has no {key} date (plan.{key})").format(key=key),
                _("add this line to [plan] (a date, no quotes): {fix}").format(fix=f"{key} = {_range_day(plan, key)}"),
                at(f"plan.{key}", at("plan")),
            ))
    if plan.start is not None and plan.end is not None and plan.start > plan.end:
        out.append(RULE.finding(
            plan, "error", _("the plan ends ({end}) before it starts ({start})").format(end=plan.end, start=plan.start),
            _("swap plan.start and plan.end, or fix the one that is wrong"), at("plan.end", at("plan")),
        ))
    if not plan.timezone_valid:
        what, hint = unknown_zone(plan.timezone)
        out.append(RULE.finding(plan, "error", what, hint, at("plan.timezone", at("plan"))))
    elif trap := sign_trap(plan.timezone):
        out.append(RULE.finding(plan, "warning", *trap, at("plan.timezone", at("plan"))))
    return out


def _range_day(plan: Plan, key: str) -> date:
    """A missing start (end) that fits the plan: its first (last) post's day, else a month from the other end."""
    if plan.posts:
        return min(p.day for p in plan.posts) if key == "start" else max(p.day for p in plan.posts)
    other = plan.end if key == "start" else plan.start
    if other is None:
        today = date.today()
        return today if key == "start" else today + timedelta(days=29)
    return other - timedelta(days=29) if key == "start" else other + timedelta(days=29)


def _posts(plan: Plan) -> list[Finding]:
    """Checks of every post.

    Each first screens all posts at C speed (sets, map) and walks them one by one only
    when the screen finds something: validating 30k posts must stay cheap.
    """
    posts = plan.posts
    timelines = index(plan).timelines
    out = _outside(plan)
    used = {"account": set(timelines), "type": {kind for t in timelines.values() for kind in t.kinds}}
    for what, get, known in (("account", _ACCOUNT, plan.accounts), ("type", _TYPE, plan.types)):
        if used[what] - known.keys():
            found: dict[str, list[Post]] = {}
            for post in posts:
                if get(post) not in known:
                    found.setdefault(get(post), []).append(post)
            out.extend(_unknown(plan, what, found, sorted(known)))
    ids = list(map(_ID, posts))
    # the loader makes ids unique; hand-built plans may let one [[post]] (one line) share its id
    if len(set(ids)) != len(ids) and len(set(ids)) != len(set(zip(ids, map(_LINE, posts), strict=True))):
        seen: dict[str, int] = {}
        for post in posts:
            other = seen.setdefault(post.id, post.line)
            if other != post.line:
                out.append(RULE.finding(
                    plan, "error",
                    _("post id {id} is used twice (first at line {line})").format(id=repr(post.id), line=other),
                    _("give each [[post]] its own id"), post.line, [post.day],
                ))
    out.extend(_media(plan, list(filter(_MEDIA, posts))))
    if set(map(_KIND, posts)) - {"local", "offset"}:
        out.extend(_dst(plan, [p for p in posts if p.at_kind in ("nonexistent", "ambiguous")]))
    return out


_ACCOUNT, _TYPE, _ID, _LINE = attrgetter("account"), attrgetter("type"), attrgetter("id"), attrgetter("line")
_MEDIA, _KIND = attrgetter("media"), attrgetter("at_kind")


def _outside(plan: Plan) -> list[Finding]:
    idx = index(plan)
    if idx.n_days == 0:
        return []
    first, last = idx.day(0), idx.day(idx.n_days - 1)
    out = []
    for timeline in idx.timelines.values():
        days = timeline.day_index
        if days and (min(days) < 0 or max(days) >= idx.n_days):
            for d, post in zip(days, timeline.posts, strict=True):
                if not 0 <= d < idx.n_days:
                    out.append(RULE.finding(
                        plan, "error", _("{post} is outside the plan's range {first} to {last}").format(
                            post=where(post), first=first, last=last),
                        _("move it into the range, or change plan.start/plan.end"), post.line, [post.day],
                    ))
    return out


def _dst(plan: Plan, posts: list[Post]) -> list[Finding]:
    out = []
    for post in posts:
        day, clock = post.local.date(), stamp(post.local)[-5:]
        if post.at_kind == "nonexistent":
            out.append(RULE.finding(
                plan, "error",
                _("{post}: {clock} does not exist on {day} in {zone} (the clocks jump forward over it)").format(
                    post=where(post), clock=clock, day=day, zone=plan.timezone),
                _("move the post out of the skipped hour, or give the time with an explicit offset"),
                post.line, [post.day],
            ))
        else:
            first, second = (_offset(post.local.replace(tzinfo=plan.tz, fold=f)) for f in (0, 1))
            written = post.local.isoformat(timespec="minutes")
            out.append(RULE.finding(
                plan, "warning",
                _("{post}: {clock} happens twice on {day} in {zone} (the clocks go back); "
                  "jadwal uses the first, at UTC{offset}").format(
                    post=where(post), clock=clock, day=day, zone=plan.timezone, offset=first),
                _("to choose, write at = {first} (first) or {second} (second), "
                  "or move the post out of that hour").format(
                    first=f"{written}:00{first}", second=f"{written}:00{second}"),
                post.line, [post.day],
            ))
    return out


def _offset(moment: datetime) -> str:
    """'+02:00' for a moment's UTC offset."""
    text = moment.isoformat()
    return text[-6:] if text[-6] in "+-" else "+00:00"


def _unknown(plan: Plan, what: str, found: dict[str, list[Post]], known: list[str]) -> list[Finding]:
    out = []
    for name, posts in found.items():
        declare = (_('an [[account]] with id = "{name}"') if what == "account" else "[types.{name}]").format(
            name=name)
        near = difflib.get_close_matches(name, known, n=1)
        hint = (_('did you mean "{name}"? Otherwise declare {declare}').format(name=near[0], declare=declare)
                if near else _("declare {declare}").format(declare=declare))
        if what == "account":
            message = ngettext(
                "{count} post names account {name}, which the plan does not declare (first: {post})",
                "{count} posts name account {name}, which the plan does not declare (first: {post})", len(posts))
        else:
            message = ngettext(
                "{count} post names type {name}, which the plan does not declare (first: {post})",
                "{count} posts name type {name}, which the plan does not declare (first: {post})", len(posts))
        out.append(RULE.finding(
            plan, "error", message.format(count=len(posts), name=repr(name), post=where(posts[0])),
            hint, posts[0].line, [posts[0].day],
        ))
    return out


def _media(plan: Plan, posts: list[Post]) -> list[Finding]:
    """Each distinct (file, allowed folders) is checked once, however many posts use it: confined to
    the plan's folders, an existing regular file, a real picture or video by its content."""
    out = _media_folders(plan)
    folders = {account: allowed_folders(plan, account) for account in {post.account for post in posts}}
    problems: dict[tuple[Path, tuple[Path, ...]], MediaProblem | None] = {}
    for post in posts:
        where_from = folders[post.account]
        for path in post.media:
            key = (path, where_from)
            if key not in problems:
                found = check_file(path, where_from)
                problems[key] = found if isinstance(found, MediaProblem) else None
    if not any(problems.values()):
        return out
    for post in posts:
        for path in post.media:
            problem = problems[(path, folders[post.account])]
            if problem is not None:
                out.append(RULE.finding(
                    plan, "error", _("{post}: media file {path} {problem}").format(
                        post=where(post), path=path, problem=problem.reason),
                    problem.hint, post.line, [post.day],
                ))
    return out


def _media_folders(plan: Plan) -> list[Finding]:
    """Every folder a plan allows media from exists, and is not the whole machine."""
    out = []
    named = [(folder, plan.line_of("plan.media_folders", plan.line_of("plan"))) for folder in plan.media_folders]
    named += [(folder, account.line) for account in plan.accounts.values() for folder in account.media_folders
              if folder not in plan.media_folders]  # an account's folders start with the plan's
    for folder, line in named:
        try:
            problem = None if folder.is_dir() else _("is not a folder (or does not exist)")
        except (OSError, ValueError):
            problem = _("cannot be checked")
        if folder == Path(folder.anchor):
            problem = _("is the root of the file system: every file of the machine could be posted")
        if problem:
            out.append(RULE.finding(
                plan, "error", _("media_folders names {folder}, which {problem}").format(folder=folder, problem=problem),
                _("name the folder that holds the pictures, e.g. media_folders = [\"../shared-media\"] (relative to "
                  "the plan file)"), line,
            ))
    return out


def _flood(plan: Plan) -> list[Finding]:
    out: list[Finding] = []
    cadence = plan.cadence
    limit = cadence.max_per_day
    idx = index(plan)
    for timeline in idx.timelines.values():
        days = timeline.day_index
        in_range = not days or (min(days) >= 0 and max(days) < idx.n_days)
        if not (in_range and max(timeline.per_day, default=0) <= limit):
            out.extend(_too_many(plan, timeline.account, timeline.posts, days, limit))
        gaps = timeline.gaps()
        if gaps and min(gaps) < cadence.min_gap.total_seconds():
            out.extend(_too_close(plan, timeline.posts, gaps, cadence.min_gap))
    return out


def _too_many(plan: Plan, account: str, posts: list[Post], days: list[int], limit: int) -> list[Finding]:
    out = []
    per_day: dict[int, int] = {}
    for d, post in zip(days, posts, strict=True):
        count = per_day[d] = per_day.get(d, 0) + 1
        if count == limit + 1:
            out.append(RULE.finding(
                plan, "error",
                _("{account} has more than {limit} posts on {day} ({post} is number {count}); "
                  "posting too often drives followers away").format(
                    account=account, limit=limit, day=post.local.date(), post=where(post), count=count),
                _("move posts to another day; the plan allows at most {limit} a day (cadence.max_per_day)").format(
                    limit=limit),
                post.line, [post.day],
            ))
    return out


def _too_close(plan: Plan, posts: list[Post], gaps: list[float], min_gap: timedelta) -> list[Finding]:
    most = min_gap.total_seconds()
    return [
        RULE.finding(
            plan, "error",
            _("{post} is only {gap} after {previous}; the plan asks for at least {min_gap} "
              "between two posts of one account (cadence.min_gap)").format(
                post=where(posts[i + 1]), gap=duration(timedelta(seconds=between)), previous=where(posts[i]),
                min_gap=duration(min_gap)),
            _("move one of them so they are at least {min_gap} apart").format(min_gap=duration(min_gap)),
            posts[i + 1].line, [posts[i + 1].day],
        )
        for i, between in enumerate(gaps) if between < most
    ]


RULE = Rule(id="R1", slug="no-plan", name_en="No plan", name_id="Tidak Mempunyai Rencana", check=check)
