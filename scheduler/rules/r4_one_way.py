"""R4 one-way (Komunikasi Hanya Satu Arah): the plan talks *with* followers, not at them.

The article: one-way communication builds no interaction, yet interaction is
what builds the relationship with followers; a dedicated person or team must
handle the accounts and monitor them every day. So `[engagement]` names an
`owner`, a `check_every` of at most 24 hours and a `reply_within` service
level; at least one post type is `interactive`; and per account, over every
window of `mix.window_days` local days, interactive posts are at least
`engagement.min_interactive` of the posts.
"""

from __future__ import annotations

from datetime import timedelta

from scheduler.findings import Finding
from scheduler.i18n import _
from scheduler.plan.model import Plan
from scheduler.rules.base import Rule
from scheduler.rules.share_fix import Limit, change_hint, group_runs, of_types, pick, posts_in, replacement
from scheduler.rules.windows import duration, index, pct, window_words

#: The article: monitor the accounts every day.
MAX_CHECK_EVERY = timedelta(hours=24)


def check(plan: Plan) -> list[Finding]:
    return [*_engagement(plan), *_interactive(plan)]


def _engagement(plan: Plan) -> list[Finding]:
    eng = plan.engagement
    at = plan.line_of
    if eng.line is None:
        return [RULE.finding(
            plan, "error", _("the plan has no [engagement]: nobody is named to answer followers"),
            _("add at the end of the file (with the name of who answers):") + "\n" + "\n".join((
                "[engagement]", "owner = \"Rina\"", 'check_every = "30m"', 'reply_within = "4h"')),
            at("plan"),
        )]
    out = []
    if not (eng.owner or "").strip():
        out.append(RULE.finding(
            plan, "error", _("engagement.owner is missing: nobody is named to answer comments"),
            _('name the person or team, e.g. owner = "Rina"'), at("engagement.owner", eng.line),
        ))
    if eng.check_every is None:
        out.append(RULE.finding(
            plan, "error", _("engagement.check_every is missing: how often are comments read?"),
            _('add check_every = "30m" (at most "24h": the accounts are monitored every day)'),
            at("engagement.check_every", eng.line),
        ))
    elif not timedelta(0) < eng.check_every <= MAX_CHECK_EVERY:
        message = (
            _("engagement.check_every is {value}; it must be positive") if eng.check_every <= timedelta(0)
            else _("engagement.check_every is {value}; comments must be checked at least once a day (at most 24h)")
        )
        out.append(RULE.finding(
            plan, "error", message.format(value=duration(eng.check_every)),
            _('use e.g. check_every = "30m"'), at("engagement.check_every", eng.line),
        ))
    if eng.reply_within is None:
        out.append(RULE.finding(
            plan, "error", _("engagement.reply_within is missing: no promise on how fast followers get an answer"),
            _('add reply_within = "4h"'), at("engagement.reply_within", eng.line),
        ))
    elif eng.reply_within <= timedelta(0):
        out.append(RULE.finding(
            plan, "error", _("engagement.reply_within is {value}; it must be positive").format(
                value=duration(eng.reply_within)),
            _('use e.g. reply_within = "4h"'), at("engagement.reply_within", eng.line),
        ))
    return out


def _interactive(plan: Plan) -> list[Finding]:
    interactive = frozenset(name for name, t in plan.types.items() if t.interactive)
    if not interactive:
        return [RULE.finding(
            plan, "error", _("no post type is interactive: every post talks at followers, none invites an answer"),
            _("declare a type that invites answers, at the end of the file, and give some posts that type "
              "(type = \"question\"):") + "\n[types.question]\ninteractive = true",
            plan.line_of("types", plan.line_of("plan")),
        )]
    limit = plan.engagement.min_interactive
    if limit <= 0:
        return []
    idx = index(plan)
    first, *rest = sorted(interactive)
    names = first
    for name in rest:
        names = _("{first} or {second}").format(first=names, second=name)
    changeable = frozenset(name for name, t in plan.types.items() if not (t.interactive or t.min))
    out = []
    for timeline in idx.timelines.values():
        if timeline.account not in plan.accounts:
            continue
        rule = Limit(interactive, limit, False, "engagement.min_interactive")
        for group in group_runs(timeline, idx.n_days, plan.mix.window_days, [rule]):
            _rule, run = group.main
            chosen, enough = pick(timeline, run.size, group, of_types(changeable))
            new_type = replacement(plan, timeline, frozenset(plan.types) - interactive,
                                   prefer=lambda name: name == first)
            shown = posts_in(idx, timeline, run, None)
            out.append(RULE.finding(
                plan, "error",
                _("{account} invites too few answers {window}: interactive posts ({types}) are {part} of its "
                  "{total} posts ({share}); the plan asks for at least {limit} (engagement.min_interactive)").format(
                    account=timeline.account, window=window_words(idx, run), types=names, part=run.part,
                    total=run.total, share=pct(run.share), limit=pct(limit)),
                change_hint(chosen, enough, new_type, upper=False, what=names),
                (chosen or shown)[0].line if (chosen or shown) else None,
                [idx.day(d) for d in range(run.worst, run.worst + run.size)],
            ))
    return out


RULE = Rule(
    id="R4", slug="one-way", name_en="One-way communication", name_id="Komunikasi Hanya Satu Arah", check=check
)
