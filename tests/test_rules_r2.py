"""R2 no-target: at least one measurable, reachable target with a deadline."""

from __future__ import annotations

from datetime import date

from plan_factory import make_plan

from scheduler.plan.model import Target
from scheduler.rules.r2_no_target import RULE, check

END = date(2026, 12, 31)


def target(metric: str = "followers", baseline: float | None = 1000, goal: float | None = 1200,
           by: date | None = END, account: str | None = None, direction: str = "up") -> Target:
    return Target(metric, account, baseline, goal, by, 70, direction)  # type: ignore[arg-type]


def plan_with(*targets: Target):  # type: ignore[no-untyped-def]
    return make_plan(end=END, targets=list(targets))


def messages(*targets: Target) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in check(plan_with(*targets))]


def test_rule_metadata() -> None:
    assert (RULE.id, RULE.slug, RULE.name_id) == ("R2", "no-target", "Tidak Mempunyai Target")


def test_a_sound_target_passes() -> None:
    assert check(plan_with(target())) == []
    assert check(plan_with(target(metric="engagement_rate", baseline=0.02, goal=0.025, account="ig"))) == []


def test_no_target_is_an_error_at_the_plan_header() -> None:
    findings = check(make_plan(targets=[]))
    assert [(f.severity, f.line) for f in findings] == [("error", 1)]
    assert "no [[target]]" in findings[0].message and 'metric = "followers"' in findings[0].hint


def test_unknown_metric_suggests_one() -> None:
    findings = check(plan_with(target(metric="folowers")))
    assert [(f.message, f.line) for f in findings] == [("target 'folowers': unknown metric", 70)]
    assert findings[0].hint.startswith('did you mean "followers"?')
    assert messages(target(metric="")) == [("error", "target: no metric")]


def test_undeclared_account() -> None:
    assert messages(target(account="tiktok")) == [
        ("error", "target 'followers' for tiktok: account 'tiktok' is not declared")
    ]


def test_goal_must_go_beyond_baseline_in_its_direction() -> None:
    assert messages(target(goal=1000)) == [
        ("error", "target 'followers': goal 1000 is not above baseline 1000 (direction up)")
    ]
    assert messages(target(goal=1001)) == []
    assert messages(target(metric="reach", baseline=5000, goal=4000, direction="down")) == []
    assert messages(target(baseline=5000, goal=5000, direction="down")) == [
        ("error", "target 'followers': goal 5000 is not below baseline 5000 (direction down)")
    ]


def test_missing_numbers_and_deadline() -> None:
    assert messages(target(baseline=None, goal=None)) == [("error", "target 'followers': no baseline and goal")]
    assert messages(target(by=None)) == [("error", "target 'followers': no deadline")]


def test_deadline_outside_the_plan_is_a_warning() -> None:
    assert messages(target(by=date(2027, 1, 15))) == [
        ("warning", "target 'followers': deadline 2027-01-15 is after the plan ends (2026-12-31)")
    ]
    assert messages(target(by=date(2026, 11, 30))) == [
        ("warning", "target 'followers': deadline 2026-11-30 is before the plan starts (2026-12-01)")
    ]


def test_implausible_growth_threshold_is_doubling_per_30_days() -> None:
    """Dec 1 -> Dec 31 is 30 days: doubling exactly passes, a little more warns."""
    assert messages(target(baseline=1000, goal=2000)) == []
    assert messages(target(baseline=1000, goal=2001)) == [(
        "warning",
        "target 'followers': 1000 -> 2001 in 30 days asks it to grow 2.00x; more than doubling every 30 days "
        "(at most 2.00x here) is implausible",
    )]
    assert messages(target(baseline=1000, goal=499, direction="down"))[0][1].endswith(
        "more than halving every 30 days (at most 2.00x here) is implausible"
    )
    assert messages(target(baseline=0, goal=50)) == []  # no ratio from zero


def test_odd_targets_do_not_crash() -> None:
    check(plan_with(target(baseline=float("nan"), goal=float("inf"), by=date(9999, 12, 31))))
    check(plan_with(target(baseline=1e-300, goal=1e300)))
    check(make_plan(start=None, end=None, targets=[target()]))
