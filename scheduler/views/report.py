"""The five rules, planned versus actual: what the plan promised and what the journal shows happened.

One pass over the plan and the journal builds plain data; the HTML page, the
JSON output and the text summary all read the same `Report`.

- R1 no plan: the plan's own findings; posts published of those planned; days an
  account published more than `cadence.max_per_day`.
- R2 no target: each target's planned line (baseline at the plan's start to the
  goal at its deadline) and the values measured by the comment check
  (`adapter.metrics()`, kept in the journal's `metrics` table), latest first.
  Reach and engagement rate, when the site gives no account-wide figure, are
  drawn from the posts' own readings (`scheduler.insights.figures.post_line`:
  the posts of the 7 days up to each day), each point with how many posts it
  rests on.
- R3 too much selling: per account and week, the published posts by type, and the
  selling share against `mix.max_selling`.
- R4 one way: per account and week, comments received, the share answered and
  the median time to answer (`scheduler.comments.response_stats`).
- R5 inconsistent: per local day, planned / published / failed / missed, whether
  every account met `cadence.min_per_day`, and the posting streak.
- The audience (`scheduler.insights`): per account, what posts earned by weekday
  and hour and by type, and the best slots where the history is enough.

Weeks run Monday to Sunday in the plan's timezone, over the plan's range.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from scheduler.i18n import _, duration, language, ngettext, number, percent

if TYPE_CHECKING:
    from scheduler.comments.stats import WeekStats
    from scheduler.insights.figures import History
    from scheduler.findings import Finding
    from scheduler.runtime.journal import Journal, PostRow
    from scheduler.plan.model import Plan, Post, Target

#: journal states that count as "still to happen or being handled", not a result
OPEN_STATES = ("pending", "publishing", "retry_wait", "unconfirmed")


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One rule: its names, the plan's findings for it, and one sentence on what actually happened."""

    id: str
    slug: str
    name_en: str
    name_id: str
    errors: int
    warnings: int
    findings: list[Finding]
    actual: str
    ok: bool | None  # None when nothing happened yet to judge

    @property
    def planned(self) -> str:
        if not self.errors and not self.warnings:
            return _("The plan keeps this rule.")
        return _("The plan has {errors} and {warnings} for this rule.").format(
            errors=ngettext("{n} error", "{n} errors", self.errors).format(n=self.errors),
            warnings=ngettext("{n} warning", "{n} warnings", self.warnings).format(n=self.warnings))


@dataclass(frozen=True, slots=True)
class TargetProgress:
    metric: str
    account: str | None
    baseline: float | None
    goal: float | None
    start: date | None
    by: date | None
    direction: str
    measured: list[tuple[date, float]]  # the last value of each day, oldest first
    #: for a line drawn from posts: how many posts each measured value rests on (None: the site's own figure)
    posts: tuple[int, ...] | None = None

    @property
    def latest(self) -> tuple[date, float] | None:
        return self.measured[-1] if self.measured else None

    def expected(self, day: date) -> float | None:
        """The value the straight line from baseline to goal asks for on `day`."""
        if None in (self.baseline, self.goal, self.start, self.by) or self.by <= self.start:  # type: ignore[operator]
            return None
        share = min(max((day - self.start).days / (self.by - self.start).days, 0.0), 1.0)  # type: ignore[operator]
        return self.baseline + share * (self.goal - self.baseline)  # type: ignore[operator]

    @property
    def progress(self) -> float | None:
        """How much of the way from baseline to goal the latest value has come (0..1, may go beyond)."""
        if self.latest is None or self.baseline is None or self.goal is None or self.goal == self.baseline:
            return None
        return (self.latest[1] - self.baseline) / (self.goal - self.baseline)

    @property
    def on_track(self) -> bool | None:
        """Whether the latest value keeps to the line; the numbers decide, never only the line: a value
        that moved away from the goal (progress below 0) is behind whatever the line says, one without a
        line is judged by whether it reached the goal (None: not yet)."""
        if self.latest is None:
            return None
        progress = self.progress
        if progress is not None and progress < 0:
            return False
        want = self.expected(self.latest[0])
        if want is None:
            return True if progress is not None and progress >= 1 else None
        return self.latest[1] >= want if self.direction == "up" else self.latest[1] <= want

    def as_json(self) -> dict[str, object]:
        return {
            "metric": self.metric, "account": self.account, "baseline": self.baseline, "goal": self.goal,
            "start": _iso(self.start), "by": _iso(self.by), "direction": self.direction,
            "measured": [{"date": d.isoformat(), "value": v} for d, v in self.measured],
            "latest": None if self.latest is None else {"date": self.latest[0].isoformat(), "value": self.latest[1]},
            "expected_at_latest": None if self.latest is None else self.expected(self.latest[0]),
            "progress": self.progress, "on_track": self.on_track,
            "source": "site" if self.posts is None else "posts",
            "posts": None if self.posts is None else list(self.posts),
        }

    @property
    def latest_posts(self) -> int | None:
        """How many posts the latest value rests on (None: the site's own figure)."""
        return self.posts[-1] if self.posts else None


@dataclass(frozen=True, slots=True)
class WeekMix:
    account: str
    week: date  # Monday
    published: dict[str, int]  # type -> posts published that week
    planned: dict[str, int]
    selling: int
    planned_selling: int

    @property
    def total(self) -> int:
        return sum(self.published.values())

    @property
    def selling_share(self) -> float | None:
        return self.selling / self.total if self.total else None

    def share(self, post_type: str) -> float | None:
        return self.published.get(post_type, 0) / self.total if self.total else None

    def planned_share(self, post_type: str) -> float | None:
        total = sum(self.planned.values())
        return self.planned.get(post_type, 0) / total if total else None

    @property
    def planned_selling_share(self) -> float | None:
        total = sum(self.planned.values())
        return self.planned_selling / total if total else None

    def as_json(self) -> dict[str, object]:
        return {"account": self.account, "week": self.week.isoformat(), "published": self.published,
                "planned": self.planned, "selling_share": self.selling_share,
                "planned_selling_share": self.planned_selling_share}


@dataclass(frozen=True, slots=True)
class DayRecord:
    day: date
    planned: int
    published: int
    failed: int
    missed: int
    open: int  # pending, publishing, waiting to retry or unconfirmed
    met: bool | None  # every account reached cadence.min_per_day (None: the day is not over)

    def as_json(self) -> dict[str, object]:
        return {"date": self.day.isoformat(), "planned": self.planned, "published": self.published,
                "failed": self.failed, "missed": self.missed, "open": self.open, "met": self.met}


@dataclass(frozen=True, slots=True)
class Streak:
    current: int  # days in a row, up to the last day that is over (or today when already met)
    longest: int
    below: int  # finished days below the minimum


@dataclass(slots=True)
class Report:
    plan: Plan
    now: datetime
    rules: list[RuleRow]
    targets: list[TargetProgress]
    weeks: list[date]  # Mondays of the plan's range
    mix: dict[str, list[WeekMix]]  # account -> one per week
    days: list[DayRecord]
    streak: Streak
    responses: dict[str, list[WeekStats]]  # account -> one per week
    audience: dict[str, History]  # account -> what its posts earned, by slot and type
    #: a report of the plan alone (no journal yet): the planned mix and cadence, nothing judged
    planned_only: bool = False

    @property
    def today(self) -> date:
        return self.now.astimezone(self.plan.tz).date()

    def as_json(self) -> dict[str, object]:
        plan = self.plan
        return {
            "plan": plan.file, "name": plan.name, "timezone": plan.timezone,
            "start": _iso(plan.start), "end": _iso(plan.end), "generated_at": self.now.isoformat(),
            "rules": [{"id": r.id, "slug": r.slug, "name_en": r.name_en, "name_id": r.name_id,
                       "errors": r.errors, "warnings": r.warnings, "ok": r.ok, "actual": r.actual,
                       "findings": [f.as_dict() for f in r.findings]} for r in self.rules],
            "targets": [t.as_json() for t in self.targets],
            "mix": {"max_selling": plan.mix.max_selling,
                    "types": {name: {"selling": t.selling, "min": t.min, "max": t.max}
                              for name, t in plan.types.items()},
                    "weeks": {a: [w.as_json() for w in weeks] for a, weeks in self.mix.items()}},
            "consistency": {"min_per_day": plan.cadence.min_per_day, "days": [d.as_json() for d in self.days],
                            "streak": {"current": self.streak.current, "longest": self.streak.longest,
                                       "days_below_minimum": self.streak.below}},
            "engagement": {"reply_within_seconds": _seconds(plan.engagement.reply_within),
                           "weeks": {a: [w.as_json() for w in weeks] for a, weeks in self.responses.items()}},
            "audience": {a: h.as_json() for a, h in self.audience.items()},
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _seconds(delta: timedelta | None) -> float | None:
    return delta.total_seconds() if delta is not None else None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def build(plan: Plan, journal: Journal | None, findings: list[Finding], *, now: datetime | None = None) -> Report:
    """Planned versus actual for `plan` from what `journal` recorded, as of `now`.

    Without a journal (before the daemon's first run) the report is the plan's alone: the rules'
    findings, the planned mix per week and posts per day; nothing is judged as happened."""
    from scheduler.comments import response_stats
    from scheduler.insights.figures import histories
    from scheduler.rules.registry import load_rules

    now = now or datetime.now(timezone.utc)
    today = now.astimezone(plan.tz).date()
    weeks = _weeks(plan)
    rows = {r.id: r for r in journal.posts()} if journal is not None else {}
    posts = {p.id: p for p in plan.posts}
    days = _days(plan, rows, posts, today)
    streak = _streak(days)
    mix = _mix(plan, rows, weeks)
    targets = [_target(plan, t, journal, now) if journal is not None else
               TargetProgress(t.metric, t.account, t.baseline, t.goal, plan.start, t.by, t.direction, [])
               for t in plan.targets]
    responses: dict[str, list[WeekStats]] = {}
    if weeks and journal is not None:
        last_noon = datetime.combine(weeks[-1], time(12), plan.tz)
        for account in plan.accounts:
            responses[account] = response_stats(journal, account, len(weeks), now=last_noon, tz=plan.tz,
                                                reply_within=plan.engagement.reply_within)
    published = sum(1 for r in rows.values() if r.state == "published" and r.id in posts)
    floods = _flood_days(plan, rows)
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_rule[finding.rule].append(finding)
    actual = {
        "R1": _actual_r1(len(plan.posts), published, floods, plan.cadence.max_per_day),
        "R2": _actual_r2(targets),
        "R3": _actual_r3(mix, plan.mix.max_selling, today),
        "R4": _actual_r4(responses, plan.engagement.reply_within),
        "R5": _actual_r5(streak, plan.cadence.min_per_day),
    }
    if journal is None:
        actual = {rule: (_("Not run yet (no journal)."), None) for rule in actual}
    rules = []
    for rule in load_rules():
        mine = by_rule.get(rule.id, [])
        text, ok = actual.get(rule.id, (_("This rule has no run-time measure."), None))
        errors = sum(f.severity == "error" for f in mine)
        rules.append(RuleRow(rule.id, rule.slug, rule.name_en, rule.name_id, errors,
                             sum(f.severity == "warning" for f in mine), mine, text,
                             False if errors else ok))  # a plan that breaks a rule cannot keep it
    audience = histories(plan, journal, now) if journal is not None else {}
    return Report(plan, now, rules, targets, weeks, mix, days, streak, responses, audience, journal is None)


def _weeks(plan: Plan) -> list[date]:
    days = plan.days
    if not days:
        return []
    first, last = _monday(days[0]), _monday(days[-1])
    return [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def _days(plan: Plan, rows: dict[str, PostRow], posts: dict[str, Post], today: date) -> list[DayRecord]:
    """One record per day of the plan: planned posts and what became of them."""
    planned: Counter[date] = Counter(p.day for p in plan.posts)
    states: dict[date, Counter[str]] = defaultdict(Counter)
    per_account: dict[date, Counter[str]] = defaultdict(Counter)
    for row in rows.values():
        if not row.in_plan:
            continue
        post = posts.get(row.id)
        day = post.day if post is not None else row.due_at.astimezone(plan.tz).date()
        states[day][row.state] += 1
        if row.state == "published":
            per_account[day][row.account] += 1
    minimum = plan.cadence.min_per_day
    out = []
    for day in plan.days:
        seen = states.get(day, Counter())
        reached = all(per_account[day][a] >= minimum for a in plan.accounts) if plan.accounts else False
        met: bool | None = reached if day < today else (True if day == today and reached else None)
        out.append(DayRecord(day, planned[day], seen["published"], seen["failed"], seen["missed"],
                             sum(seen[s] for s in OPEN_STATES), met))
    return out


def _streak(days: list[DayRecord]) -> Streak:
    longest = run = 0
    for record in days:
        if record.met is None:
            break
        run = run + 1 if record.met else 0
        longest = max(longest, run)
    return Streak(run, longest, sum(1 for d in days if d.met is False))


def _mix(plan: Plan, rows: dict[str, PostRow], weeks: list[date]) -> dict[str, list[WeekMix]]:
    """Per account and week: published and planned posts by type."""
    published: dict[tuple[str, date], Counter[str]] = defaultdict(Counter)
    planned: dict[tuple[str, date], Counter[str]] = defaultdict(Counter)
    for post in plan.posts:
        key = (post.account, _monday(post.day))
        planned[key][post.type] += 1
        row = rows.get(post.id)
        if row is not None and row.state == "published":
            published[key][post.type] += 1
    selling = {name for name, t in plan.types.items() if t.selling}
    out: dict[str, list[WeekMix]] = {}
    for account in plan.accounts:
        out[account] = []
        for week in weeks:
            got, want = published[(account, week)], planned[(account, week)]
            out[account].append(WeekMix(account, week, dict(got), dict(want),
                                        sum(n for t, n in got.items() if t in selling),
                                        sum(n for t, n in want.items() if t in selling)))
    return out


def _flood_days(plan: Plan, rows: dict[str, PostRow]) -> int:
    """Days on which an account published more than cadence.max_per_day."""
    counts: Counter[tuple[str, date]] = Counter()
    for row in rows.values():
        if row.state == "published" and row.published_at is not None:
            counts[(row.account, row.published_at.astimezone(plan.tz).date())] += 1
    return sum(1 for n in counts.values() if n > plan.cadence.max_per_day)


def _target(plan: Plan, target: Target, journal: Journal, now: datetime) -> TargetProgress:
    """A target's line and its measured values (summed over the accounts it covers, last value per day).

    Reach and engagement rate that the site does not give for the account come from the posts' readings."""
    from scheduler.insights.figures import post_line

    accounts = [target.account] if target.account else list(plan.accounts)
    per_day: dict[date, dict[str, float]] = defaultdict(dict)
    for account in accounts:
        for when, value in journal.measurements(account, target.metric):
            if when <= now:
                per_day[when.astimezone(plan.tz).date()][account] = value  # later rows overwrite: last of the day
    if not per_day:
        points = post_line(plan, journal, now, target.metric, accounts)
        if points:
            return TargetProgress(target.metric, target.account, target.baseline, target.goal, plan.start,
                                  target.by, target.direction, [(p.day, p.value) for p in points],
                                  tuple(p.posts for p in points))
    measured: list[tuple[date, float]] = []
    last: dict[str, float] = {}
    for day in sorted(per_day):
        last.update(per_day[day])
        measured.append((day, sum(last.values())))
    return TargetProgress(target.metric, target.account, target.baseline, target.goal, plan.start, target.by,
                          target.direction, measured)


def human_duration(delta: timedelta | None) -> str:
    """A span as people say it, in the user's language: 3 minutes, 39 hours (3 menit, 39 jam)."""
    return duration(None if delta is None else delta.total_seconds())


def figure(value: float) -> str:
    """A measured value as people read it: 1,428 / 45.5 / 0.0312 (1.428 / 45,5 / 0,0312 in Indonesian)."""
    if abs(value) >= 100 or value == 0:
        return number(value)
    import math

    decimals = max(0, 2 - math.floor(math.log10(abs(value))))  # three significant digits
    return number(round(value, decimals), decimals)


def _percent(share: float | None) -> str:
    return percent(share)


def _days_word(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


def _actual_r1(planned: int, published: int, floods: int, max_per_day: int) -> tuple[str, bool | None]:
    if published == 0:
        return ngettext("Nothing published yet: {p} post planned.", "Nothing published yet: {p} posts planned.",
                        planned).format(p=planned), None
    if floods:
        return ngettext("{n} of {p} planned posts published; on {d} an account published more than {m} post "
                        "(cadence.max_per_day).",
                        "{n} of {p} planned posts published; on {d} an account published more than {m} posts "
                        "(cadence.max_per_day).", max_per_day).format(
            n=published, p=planned, d=_days_word(floods), m=max_per_day), False
    return ngettext("{n} of {p} planned posts published, never more than {m} a day per account.",
                    "{n} of {p} planned posts published, never more than {m} a day per account.", planned
                    ).format(n=published, p=planned, m=max_per_day), True


def _actual_r2(targets: list[TargetProgress]) -> tuple[str, bool | None]:
    measured = [t for t in targets if t.latest is not None]
    if not targets:
        return _("No target to measure."), False
    if not measured:
        return ngettext("No value measured yet for {n} target.", "No value measured yet for {n} targets.",
                        len(targets)).format(n=len(targets)), None
    parts = []
    for t in measured:
        day, value = t.latest  # type: ignore[misc]
        basis = "" if t.latest_posts is None else ngettext(
            " from {n} post of the week", " from {n} posts of the week", t.latest_posts).format(n=t.latest_posts)
        verdict = _("on track") if t.on_track else (_("behind the line") if t.on_track is False else _("not yet"))
        parts.append(_("{metric} {value} on {day}{basis} ({progress} of the way to {goal}, {verdict})").format(
            metric=t.metric, value=figure(value), day=day.isoformat(), basis=basis, progress=_percent(t.progress),
            goal=figure(t.goal or 0), verdict=verdict))
    verdicts = [t.on_track for t in measured]
    ok = False if False in verdicts else (True if all(verdicts) else None)
    return "; ".join(parts) + ".", ok


def _actual_r3(mix: dict[str, list[WeekMix]], max_selling: float, today: date) -> tuple[str, bool | None]:
    """Judged on the weeks that are over: a week's first posts alone say little about its mix."""
    shares = [(w.selling_share, w) for weeks in mix.values() for w in weeks if w.selling_share is not None]
    if not shares:
        return _("Nothing published yet to measure the mix."), None
    done = [(s, w) for s, w in shares if w.week + timedelta(days=7) <= today]
    if not done:
        return _("No week is over yet; so far selling is {top} of the posts published (at most {limit} allowed)."
                 ).format(top=_percent(max(s for s, _w in shares)), limit=_percent(max_selling)), None
    over = [w for s, w in done if s > max_selling]
    top = max(s for s, _w in done)
    if over:
        return ngettext("Selling went over {limit} in {n} of {weeks} finished week (highest {top}).",
                        "Selling went over {limit} in {n} of {weeks} finished weeks (highest {top}).",
                        len(done)).format(limit=_percent(max_selling), n=len(over), weeks=len(done),
                                          top=_percent(top)), False
    return _("Selling stayed at or below {limit} in every finished week (highest {top}).").format(
        limit=_percent(max_selling), top=_percent(top)), True


def _actual_r4(responses: dict[str, list[WeekStats]], reply_within: timedelta | None) -> tuple[str, bool | None]:
    """Kept only when every comment was answered, each within `reply_within` when the plan gives one."""
    weeks = [w for ws in responses.values() for w in ws]
    received = sum(w.received for w in weeks)
    if not received:
        return _("No comments received yet."), None
    answered = sum(w.answered for w in weeks)
    medians = sorted(w.median_response for w in weeks if w.median_response is not None)
    median = medians[len(medians) // 2] if medians else None
    text = ngettext("{a} of {r} comment answered ({rate}); median weekly time to answer {t}.",
                    "{a} of {r} comments answered ({rate}); median weekly time to answer {t}.", received).format(
        a=answered, r=received, rate=_percent(answered / received), t=human_duration(median))
    late = sum(w.answered - w.within_sla for w in weeks if w.within_sla is not None)
    if late and reply_within is not None:
        text += " " + ngettext("{n} answer came later than {limit} (engagement.reply_within).",
                               "{n} answers came later than {limit} (engagement.reply_within).", late).format(
            n=late, limit=human_duration(reply_within))
    return text, answered == received and not late


def _actual_r5(streak: Streak, minimum: int) -> tuple[str, bool | None]:
    if streak.current == 0 and streak.longest == 0 and streak.below == 0:
        return _("No day of the plan is over yet."), None
    return _("Posting streak {c}, longest {l}; {b} below {m} per account.").format(
        c=_days_word(streak.current), l=_days_word(streak.longest), b=_days_word(streak.below),
        m=ngettext("{n} post", "{n} posts", minimum).format(n=minimum)), streak.below == 0


def verdict_word(ok: bool | None) -> str:
    return {True: _("OK"), False: _("NOT MET"), None: _("not yet")}[ok]


def render_human(report: Report) -> str:
    """A concise text summary: one block per rule."""
    plan = report.plan
    lines = [_("{name} ({start} to {end}, {tz}), as of {now}").format(
        name=plan.name, start=plan.start or "?", end=plan.end or "?", tz=plan.timezone or "UTC",
        now=report.now.astimezone(plan.tz).strftime("%Y-%m-%d %H:%M"))]
    if report.planned_only:
        lines.append(_("No journal yet (the daemon has not run): the plan alone."))
    for row in report.rules:
        lines.append("")
        named = row.name_id if language() == "id" else f"{row.name_id} / {row.name_en}"
        lines.append(f"{row.id} {row.slug} ({named}): {verdict_word(row.ok)}")
        lines.append(_("  planned: {text}").format(text=row.planned))
        lines.append(_("  actual:  {text}").format(text=row.actual))
    if report.planned_only:
        lines.append("")
        lines.extend(_planned_lines(report))
    for account, history in report.audience.items():
        lines.append("")
        text = ngettext("Audience of {a}: {n} post counted ({w} waiting for its 24 h reading)",
                        "Audience of {a}: {n} posts counted ({w} waiting for their 24 h reading)",
                        len(history.posts)).format(a=account, n=len(history.posts), w=history.waiting)
        best = history.best
        if best is not None:
            text += ngettext("; best time {h:02d}:00 (median {m} engagements over {p} post)",
                             "; best time {h:02d}:00 (median {m} engagements over {p} posts)", best[1].posts).format(
                h=best[0], m=figure(best[1].median or 0.0), p=best[1].posts)
        else:
            text += _("; no best time yet (see `jadwal suggest`)")
        lines.append(text + ".")
    return "\n".join(lines)


def _planned_lines(report: Report) -> list[str]:
    """The plan's own mix per week and its posts per day, for a report before any run."""
    plan = report.plan
    lines = [_("Planned mix per week (selling share; at most {limit}):").format(limit=percent(plan.mix.max_selling))]
    for account, weeks in report.mix.items():
        shares = ", ".join(_("week of {day}: {share}").format(day=w.week.isoformat(),
                                                             share=percent(w.planned_selling_share))
                           for w in weeks if w.planned)
        lines.append(f"  {account}: {shares or _('no posts')}")
    counts = [d.planned for d in report.days]
    if counts:
        lines.append(_("Planned posts per day: {low} to {high} (at least {minimum} per account a day)").format(
            low=min(counts), high=max(counts), minimum=plan.cadence.min_per_day))
    return lines
