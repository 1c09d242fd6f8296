"""R5 inconsistent: daily minimums, gaps (also at the plan's edges), no front-loading."""

from __future__ import annotations

from datetime import date, timedelta

from plan_factory import daily, make_plan, with_types

from scheduler.plan.model import Cadence
from scheduler.rules.r5_inconsistent import RULE, check

D1 = date(2026, 12, 1)


def on(day: int, *times: str, kind: str = "education", account: str = "ig") -> list[tuple[str, str, str]]:
    """Posts on plan day `day` (1-based, December 2026) at `times`."""
    return [(account, f"{D1 + timedelta(days=day - 1)} {t}", kind) for t in times]


def test_rule_metadata() -> None:
    assert (RULE.id, RULE.slug, RULE.name_id) == ("R5", "inconsistent", "Tidak Konsisten")


def test_default_plan_passes() -> None:
    assert check(make_plan()) == []


def test_day_without_posts_is_named_and_consecutive_days_grouped() -> None:
    specs = on(1, "09:00", "20:00") + on(2, "20:00") + on(5, "08:00", "20:00") + on(6, "09:00")
    specs += on(7, "09:00", "20:00")
    plan = make_plan(specs, cadence=Cadence(max_gap=timedelta(days=9)))
    findings = check(plan)
    assert [f.message for f in findings] == [
        "ig has no posts on 2026-12-03, 2026-12-04; the plan asks for at least 1 a day (cadence.min_per_day)"
    ]
    assert findings[0].line == 51  # cadence.min_per_day
    assert findings[0].hint.startswith("add posts on each of those days")
    assert findings[0].days == (date(2026, 12, 3), date(2026, 12, 4))


def test_single_missing_day_and_long_runs_read_well() -> None:
    specs = on(1, "09:00") + on(3, "09:00") + [("ig", f"{D1 + timedelta(days=d)} 09:00", "education") for d in (19,)]
    plan = make_plan(specs, end=date(2026, 12, 20), cadence=Cadence(max_gap=timedelta(days=30), min_tail_ratio=0))
    messages = [f.message for f in check(plan)]
    assert messages == [
        "ig has no posts on 2026-12-02; the plan asks for at least 1 a day (cadence.min_per_day)",
        "ig has no posts from 2026-12-04 to 2026-12-19 (16 days); the plan asks for at least 1 a day "
        "(cadence.min_per_day)",
    ]


def test_min_per_day_two_counts_each_short_day() -> None:
    specs = on(1, "09:00", "20:00") + on(2, "09:00") + on(3, "09:00", "20:00")
    findings = check(make_plan(specs, end=date(2026, 12, 3), cadence=Cadence(min_per_day=2)))
    assert [f.message for f in findings] == [
        "ig has too few posts on 2026-12-02 (1); the plan asks for at least 2 a day (cadence.min_per_day)"
    ]


def test_per_type_min_per_day_per_account() -> None:
    types = with_types(question={"min_per_day": 1})
    specs = on(1, "09:00", kind="question") + on(1, "20:00") + on(2, "09:00") + on(2, "20:00", kind="question")
    specs += on(1, "09:00", kind="question", account="fb") + on(2, "09:00", account="fb")
    plan = make_plan(specs, end=date(2026, 12, 2), types=types, accounts=("ig", "fb"))
    findings = check(plan)
    assert [f.message for f in findings] == [
        "fb has no question posts on 2026-12-02; the plan asks for at least 1 a day (types.question.min_per_day)"
    ]
    assert findings[0].line == 27  # the [types.question] table (no line for min_per_day itself)


def test_max_gap_exactly_passes_one_minute_more_fails() -> None:
    cadence = Cadence(max_gap=timedelta(hours=36))
    ok = on(1, "09:00") + on(2, "21:00") + on(3, "09:00")
    assert check(make_plan(ok, end=date(2026, 12, 3), cadence=cadence)) == []
    bad = on(1, "09:00") + on(2, "21:01") + on(3, "09:00")
    plan = make_plan(bad, end=date(2026, 12, 3), cadence=cadence)
    findings = check(plan)
    assert [f.message for f in findings] == [
        "ig is silent for 36h 1m between post ig-20261201-0900 (ig, 2026-12-01 09:00) and "
        "post ig-20261202-2101 (ig, 2026-12-02 21:01); the plan allows at most 36h without a post "
        "(cadence.max_gap)"
    ]
    assert findings[0].line == plan.posts[1].line


def test_max_gap_counts_from_the_plan_start_and_to_its_end() -> None:
    """min_per_day = 0: a plan silent for its first and last 40 hours still breaks max_gap."""
    cadence = Cadence(min_per_day=0, max_gap=timedelta(hours=36))
    specs = on(2, "16:00", "20:00") + on(3, "08:00")
    findings = check(make_plan(specs, end=date(2026, 12, 4), cadence=cadence))
    assert [f.message for f in findings] == [
        "ig is silent for 40h from the plan's start (2026-12-01 00:00) to post ig-20261202-1600 "
        "(ig, 2026-12-02 16:00); the plan allows at most 36h without a post (cadence.max_gap)",
        "ig is silent for 40h from post ig-20261203-0800 (ig, 2026-12-03 08:00) to the plan's end "
        "(2026-12-04 24:00); the plan allows at most 36h without a post (cadence.max_gap)",
    ]


def test_max_gap_exactly_at_the_plan_start_and_end_passes() -> None:
    """The first post 36h after the start and the last 36h before the end: at the limit, not over it."""
    cadence = Cadence(min_per_day=0, max_gap=timedelta(hours=36))
    specs = on(2, "12:00", "20:00") + on(3, "12:00")
    assert check(make_plan(specs, end=date(2026, 12, 4), cadence=cadence)) == []
    late = on(2, "12:01", "20:00") + on(3, "12:00")
    assert [f.message.split(" from")[0] for f in check(make_plan(late, end=date(2026, 12, 4), cadence=cadence))] == [
        "ig is silent for 36h 1m"]


def test_max_gap_is_real_time_across_dst() -> None:
    """Europe/Berlin springs forward on 2026-03-29: 00:00 -> 12:00 that day is 11 real hours."""
    cadence = Cadence(min_per_day=0, max_gap=timedelta(hours=11))
    specs = [("ig", "2026-03-28 13:00", "education"), ("ig", "2026-03-29 01:00", "education"),
             ("ig", "2026-03-29 13:00", "education")]
    plan = make_plan(specs, start=date(2026, 3, 28), end=date(2026, 3, 29), timezone_name="Europe/Berlin",
                     cadence=cadence)
    # 13:00 -> 01:00 is 12 h (too long); 01:00 -> 13:00 across the jump is 11 h (fine); edges 13 h and 11 h
    messages = [f.message for f in check(plan)]
    assert len(messages) == 2
    assert "silent for 13h from the plan's start" in messages[0]
    assert "silent for 12h between" in messages[1]


def test_tail_ratio_exactly_passes_below_fails() -> None:
    """9 days, k = 3: 10 posts in days 1-3; 8 in days 7-9 passes (0.8), 7 fails."""
    four, three, two = ("08:00", "11:00", "14:00", "17:00"), ("08:00", "12:00", "16:00"), ("08:00", "16:00")
    head = on(1, *four) + on(2, *three) + on(3, *three)
    middle = on(4, "08:00") + on(5, "08:00") + on(6, "08:00")
    end = date(2026, 12, 9)
    assert check(make_plan(head + middle + on(7, *three) + on(8, *three) + on(9, *two), end=end)) == []
    findings = check(make_plan(head + middle + on(7, *three) + on(8, *two) + on(9, *two), end=end))
    assert [f.message for f in findings] == [
        "ig has 7 posts in the last 3 days (2026-12-07 to 2026-12-09) but 10 in the first 3 "
        "(2026-12-01 to 2026-12-03): ratio 0.70, the plan asks for at least 0.8 (cadence.min_tail_ratio)"
    ]
    assert findings[0].line == 55


def test_tail_ratio_skipped_for_short_plans_and_empty_first_third() -> None:
    assert check(make_plan(on(1, "08:00", "12:00", "16:00") + on(2, "08:00"), end=date(2026, 12, 2))) == []
    cadence = Cadence(min_per_day=0, max_gap=timedelta(days=30))
    assert check(make_plan(on(8, "08:00") + on(9, "08:00"), end=date(2026, 12, 9), cadence=cadence)) == []


def test_account_without_posts_is_reported_once() -> None:
    plan = make_plan(daily(), accounts=("ig", "fb"))
    assert [f.message for f in check(plan)] == ["fb has no posts at all from 2026-12-01 to 2026-12-07"]
    assert check(plan)[0].line == 11  # fb's [[account]]


def test_offset_post_fills_its_local_day() -> None:
    """23:30 UTC on Dec 1 is 06:30 on Dec 2 in Asia/Jakarta (UTC+7): Dec 2 is not empty."""
    specs = on(1, "09:00") + [("ig", "2026-12-01T23:30:00+00:00", "education")] + on(3, "09:00")
    assert check(make_plan(specs, end=date(2026, 12, 3))) == []
    utc_day = on(1, "09:00") + [("ig", "2026-12-01T16:30:00+00:00", "education")] + on(3, "09:00")
    messages = [f.message for f in check(make_plan(utc_day, end=date(2026, 12, 3)))]
    assert messages[0].startswith("ig has no posts on 2026-12-02;")


def test_posts_outside_the_range_do_not_count() -> None:
    specs = on(1, "09:00") + on(2, "09:00") + [("ig", "2026-12-04 09:00", "education")]
    messages = [f.message for f in check(make_plan(specs, end=date(2026, 12, 3)))]
    assert messages[0] == "ig has no posts on 2026-12-03; the plan asks for at least 1 a day (cadence.min_per_day)"


def test_odd_plans_do_not_crash() -> None:
    assert check(make_plan(start=None)) == []
    assert check(make_plan(start=date(2026, 12, 9))) == []  # reversed range: R1's business
    assert check(make_plan(accounts=())) == []
    assert check(make_plan(start=date(9999, 12, 29), end=date(9999, 12, 31), posts=on(1, "09:00")))
    assert check(make_plan(cadence=Cadence(min_per_day=-1, max_gap=timedelta(0), min_tail_ratio=-1)))
