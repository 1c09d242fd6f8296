"""The rules are total: whatever plan the loader lets through, they report, never crash."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_factory import make_plan

from scheduler.plan.model import Cadence, Engagement, Mix, PostType, Target
from scheduler.rules.registry import check_plan

ACCOUNTS = st.sampled_from(["ig", "fb", "x"])
TYPES = st.sampled_from(["promo", "education", "question", "humor", "unknown"])
MOMENTS = st.datetimes(min_value=datetime(2026, 3, 20), max_value=datetime(2026, 4, 10))
OFFSET = st.sampled_from(["", "+00:00", "+07:00", "-05:30"])
SMALL = st.integers(min_value=-2, max_value=10)
SHARE = st.floats(min_value=-0.5, max_value=1.5, allow_nan=False)
SPAN = st.timedeltas(min_value=timedelta(hours=-1), max_value=timedelta(days=3))


@st.composite
def plans(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    posts = draw(st.lists(st.tuples(ACCOUNTS, MOMENTS, OFFSET, TYPES), max_size=40))
    specs = [(acc, f"{at:%Y-%m-%dT%H:%M}{off}", kind) for acc, at, off, kind in posts]
    start = draw(st.one_of(st.none(), st.dates(min_value=date(2026, 3, 20), max_value=date(2026, 4, 10))))
    end = draw(st.one_of(st.none(), st.dates(min_value=date(2026, 3, 15), max_value=date(2026, 4, 15))))
    types = {
        name: PostType(name, selling=draw(st.booleans()), interactive=draw(st.booleans()),
                       min=draw(st.one_of(st.none(), SHARE)), max=draw(st.one_of(st.none(), SHARE)),
                       min_per_day=draw(st.one_of(st.none(), SMALL)), line=20)
        for name in draw(st.lists(st.sampled_from(["promo", "education", "question"]), unique=True))
    }
    targets = [
        Target(draw(st.sampled_from(["followers", "", "reech"])), draw(st.one_of(st.none(), ACCOUNTS)),
               draw(st.one_of(st.none(), st.floats(allow_nan=True))), draw(st.one_of(st.none(), st.floats())),
               draw(st.one_of(st.none(), st.dates())), 70, draw(st.sampled_from(["up", "down"])))
        for _ in range(draw(st.integers(0, 2)))
    ]
    return make_plan(
        specs, start=start, end=end,
        timezone_name=draw(st.sampled_from(["Asia/Jakarta", "Europe/Berlin", "Nope/Zone", ""])),
        accounts=draw(st.lists(ACCOUNTS, unique=True, max_size=2)), types=types,
        mix=Mix(window_days=draw(SMALL), max_selling=draw(SHARE), max_consecutive_selling=draw(SMALL)),
        cadence=Cadence(min_per_day=draw(SMALL), max_per_day=draw(SMALL), min_gap=draw(SPAN), max_gap=draw(SPAN),
                        min_tail_ratio=draw(SHARE)),
        engagement=draw(st.sampled_from([Engagement(), Engagement(owner="", check_every=timedelta(days=2), line=60),
                                         Engagement(owner="Rina", check_every=timedelta(minutes=30),
                                                    reply_within=timedelta(hours=4), min_interactive=0.3, line=60)])),
        targets=targets, goal=draw(st.sampled_from(["", "Grow"])),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_no_plan_makes_a_rule_crash(plan) -> None:  # type: ignore[no-untyped-def]
    findings = check_plan(plan)
    assert all(f.severity in ("error", "warning") and f.message and f.hint for f in findings)
    assert findings == sorted(findings, key=lambda f: (f.line or 0, int(f.rule[1:])))
