"""R4 one-way: someone answers, daily at least, and interactive posts in every window."""

from __future__ import annotations

from datetime import date, timedelta

from plan_factory import daily, make_plan, with_types

from scheduler.plan.model import Engagement
from scheduler.rules.r4_one_way import RULE, check


def eng(**changes: object) -> Engagement:
    fields: dict[str, object] = dict(owner="Rina", check_every=timedelta(minutes=30),
                                     reply_within=timedelta(hours=4), line=60)
    fields.update(changes)
    return Engagement(**fields)  # type: ignore[arg-type]


def messages(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.message for f in check(plan)]


def test_rule_metadata() -> None:
    assert (RULE.id, RULE.slug, RULE.name_id) == ("R4", "one-way", "Komunikasi Hanya Satu Arah")


def test_default_plan_passes() -> None:
    assert check(make_plan()) == []


def test_missing_engagement_table() -> None:
    findings = check(make_plan(engagement=Engagement()))
    assert [(f.message, f.line) for f in findings] == [
        ("the plan has no [engagement]: nobody is named to answer followers", 1)
    ]


def test_owner_check_every_reply_within_required() -> None:
    plan = make_plan(engagement=eng(owner=" ", check_every=None, reply_within=None))
    assert [(f.line, f.message.split(":")[0]) for f in check(plan)] == [
        (61, "engagement.owner is missing"),
        (62, "engagement.check_every is missing"),
        (63, "engagement.reply_within is missing"),
    ]


def test_check_every_at_most_a_day() -> None:
    assert check(make_plan(engagement=eng(check_every=timedelta(hours=24)))) == []
    assert messages(make_plan(engagement=eng(check_every=timedelta(hours=24, minutes=1)))) == [
        "engagement.check_every is 24h 1m; comments must be checked at least once a day (at most 24h)"
    ]
    assert len(check(make_plan(engagement=eng(check_every=timedelta(0))))) == 1
    assert len(check(make_plan(engagement=eng(reply_within=timedelta(0))))) == 1


def test_no_interactive_type() -> None:
    types = with_types(question={"interactive": False})
    findings = check(make_plan(types=types))
    assert [(f.line, f.message) for f in findings] == [
        (20, "no post type is interactive: every post talks at followers, none invites an answer")
    ]


def ten_posts(questions: int) -> list[tuple[str, str, str]]:
    kinds = ["question"] * questions + ["education"] * (10 - questions)
    return [("ig", f"2026-12-0{1 + i // 2} {'09:00' if i % 2 == 0 else '19:00'}", k) for i, k in enumerate(kinds)]


def test_min_interactive_exactly_passes_below_fails() -> None:
    end = date(2026, 12, 5)
    assert check(make_plan(ten_posts(1), end=end)) == []
    plan = make_plan(ten_posts(0), end=end)
    findings = check(plan)
    assert [f.message for f in findings] == [
        "ig invites too few answers in the 5 days from 2026-12-01 to 2026-12-05 (the whole plan): interactive "
        "posts (question) are 0 of its 10 posts (0%); the plan asks for at least 10% (engagement.min_interactive)"
    ]
    assert findings[0].hint == ('give ig-20261205-1900 (line 190) the type question: write type = "question" in it; '
                                "or add a post of type question in those days")
    assert findings[0].line == plan.posts[-1].line


def test_interactive_share_names_the_bad_week() -> None:
    """A question every third day, none from Dec 14 to Dec 21: fine over the month, not in those weeks."""
    specs = []
    for d in range(28):
        day = date(2026, 12, 1) + timedelta(days=d)
        specs.append(("ig", f"{day} 09:00", "question" if not 14 <= d <= 20 and d % 3 == 0 else "education"))
    findings = check(make_plan(specs, end=date(2026, 12, 28)))
    assert len(findings) == 1
    assert "in the 7 days from 2026-12-14 to 2026-12-20: interactive posts (question) are 0 of its 7 posts (0%)" \
        in findings[0].message
    assert "overlapping" not in findings[0].message
    assert findings[0].days == tuple(date(2026, 12, d) for d in range(14, 21))


def test_min_interactive_zero_disables_the_share() -> None:
    specs = [(a, t, "education") for a, t, _ in daily()]
    assert check(make_plan(specs, engagement=eng(min_interactive=0.0))) == []
