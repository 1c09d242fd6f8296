"""R3 too-much-selling: selling and type shares per rolling window, selling runs."""

from __future__ import annotations

from datetime import date, timedelta

from plan_factory import daily, make_plan, with_types

from scheduler.plan.model import Mix
from scheduler.rules.r3_too_much_selling import RULE, check

HOURS = ["08:00", "09:30", "11:00", "12:30", "14:00", "15:30", "17:00", "18:30", "20:00", "21:30"]


def day_posts(day: date, types: list[str], account: str = "ig") -> list[tuple[str, str, str]]:
    """One post per type on `day`, 90 minutes apart, in the given order."""
    return [(account, f"{day} {HOURS[i]}", t) for i, t in enumerate(types)]


def test_rule_metadata() -> None:
    assert (RULE.id, RULE.slug, RULE.name_id) == ("R3", "too-much-selling", "Terlalu Banyak Jualan")


def test_default_plan_passes() -> None:
    assert check(make_plan()) == []


def five_days(promos: int) -> list[tuple[str, str, str]]:
    """10 posts over 5 days (2 a day), `promos` of them promo, never adjacent."""
    types = ["education"] * 10
    for i in range(promos):
        types[i * 3] = "promo"
    specs = []
    for d in range(5):
        specs += day_posts(date(2026, 12, 1) + timedelta(days=d), types[2 * d: 2 * d + 2])
    return specs


def test_exactly_max_selling_passes_one_more_fails() -> None:
    end = date(2026, 12, 5)  # shorter than the 7-day window: one window, the whole plan
    assert check(make_plan(five_days(2), end=end)) == []
    findings = check(make_plan(five_days(3), end=end))
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "error" and f.rule == "R3"
    assert "ig sells too much in the 5 days from 2026-12-01 to 2026-12-05 (the whole plan)" in f.message
    assert "3 of its 10 posts are selling posts (30%)" in f.message
    assert "at most 20% (mix.max_selling)" in f.message
    assert "The selling posts then: ig-20261201-0800 (2026-12-01 08:00, line 100), " in f.message
    assert f.hint == ('give ig-20261204-0800 (line 160) another type, e.g. write type = "education" in it; '
                      "or move it out of those days")
    assert f.days == tuple(date(2026, 12, d) for d in range(1, 6))


def test_fine_on_average_but_not_in_one_week() -> None:
    """28 days, one post a day, two promos three days apart: 7% overall, 29% in the weeks holding both."""
    specs = []
    for d in range(28):
        kind = "promo" if d in (9, 11) else "education"
        specs.append(("ig", f"{date(2026, 12, 1) + timedelta(days=d)} 09:00", kind))
    findings = check(make_plan(specs, end=date(2026, 12, 28)))
    assert len(findings) == 1  # one finding for the run of 5 violating windows
    f = findings[0]
    assert "in the 7 days from 2026-12-06 to 2026-12-12: 2 of its 7 posts are selling posts (28.6%)" in f.message
    assert "overlapping" not in f.message
    assert "out of those days" in f.hint
    promo_day12 = next(p for p in make_plan(specs, end=date(2026, 12, 28)).posts if p.day == date(2026, 12, 12))
    assert f.line == promo_day12.line  # the promo to change: in every broken window, the later of the two
    assert f"{promo_day12.id} (line {promo_day12.line})" in f.hint


def test_separate_bad_weeks_give_separate_findings() -> None:
    specs = []
    for d in range(28):
        kind = "promo" if d in (1, 3, 22, 24) else "education"
        specs.append(("ig", f"{date(2026, 12, 1) + timedelta(days=d)} 09:00", kind))
    findings = check(make_plan(specs, end=date(2026, 12, 28)))
    assert len(findings) == 2
    assert "from 2026-12-01 to 2026-12-07" in findings[0].message
    assert "from 2026-12-19 to 2026-12-25" in findings[1].message  # Dec 23 and 25; windows end at Dec 28
    assert findings[1].days == tuple(date(2026, 12, d) for d in range(19, 26))


def test_brief_example_type_max_names_the_week() -> None:
    """promo is 24% (6 of 25) from 2026-12-04 to 2026-12-10; every other window is within 20%."""
    specs = day_posts(date(2026, 12, 4), ["promo"] * 3) + day_posts(date(2026, 12, 10), ["promo"] * 3)
    for offset, count in zip(range(5, 10), (3, 4, 5, 4, 3), strict=True):
        specs += day_posts(date(2026, 12, offset), ["education"] * count)
    types = with_types(promo={"max": 0.2})
    plan = make_plan(specs, end=date(2026, 12, 10), types=types, mix=Mix(max_selling=1.0, max_consecutive_selling=9))
    findings = check(plan)
    assert [f.message for f in findings] == [
        "ig posts too much promo in the 7 days from 2026-12-04 to 2026-12-10: 6 of its 25 posts (24%); "
        "the plan allows at most 20% (types.promo.max). The promo posts then: "
        "ig-20261204-0800 (2026-12-04 08:00, line 100), ig-20261204-0930 (2026-12-04 09:30, line 110), "
        "ig-20261204-1100 (2026-12-04 11:00, line 120), ig-20261210-0800 (2026-12-10 08:00, line 130), "
        "ig-20261210-0930 (2026-12-10 09:30, line 140), ig-20261210-1100 (2026-12-10 11:00, line 150)"
    ]
    assert findings[0].hint == ('give ig-20261210-1100 (line 150) another type, e.g. write type = "education" '
                                "in it; or move it out of those days")
    assert findings[0].line == 150


def test_type_min_exactly_passes_below_fails() -> None:
    types = with_types(education={"min": 0.3})
    ten = ["education"] * 3 + ["humor"] * 7
    plan = make_plan(day_posts(date(2026, 12, 1), ten), end=date(2026, 12, 1), types=types)
    assert check(plan) == []
    nine = ["education"] * 2 + ["humor"] * 8
    findings = check(make_plan(day_posts(date(2026, 12, 1), nine), end=date(2026, 12, 1), types=types))
    assert len(findings) == 1
    assert findings[0].message == ("ig has too little education on 2026-12-01 (the whole plan): 2 of its 10 posts "
                                   "(20%); the plan asks for at least 30% (types.education.min)")
    assert findings[0].hint == ('give ig-20261201-2130 (line 190) the type education: write type = "education" '
                                "in it; or add a post of type education in those days")


def test_shares_are_per_account() -> None:
    """Two accounts: ig sells 2 of 10 (fine), fb 3 of 10 (too much); only fb is reported."""
    specs = five_days(2) + [("fb", at, kind) for _, at, kind in five_days(3)]
    findings = check(make_plan(specs, end=date(2026, 12, 5), accounts=("ig", "fb")))
    assert len(findings) == 1 and findings[0].message.startswith("fb sells too much")


def test_window_without_posts_is_skipped() -> None:
    specs = [("ig", "2026-12-01 09:00", "education"), ("ig", "2026-12-20 09:00", "education")]
    assert check(make_plan(specs, end=date(2026, 12, 28), types=with_types(education={"min": 0.5}))) == []


def test_consecutive_selling_at_limit_passes_over_fails() -> None:
    two = day_posts(date(2026, 12, 1), ["education", "promo", "promo", "education"] + ["education"] * 6)
    assert check(make_plan(two, end=date(2026, 12, 1), mix=Mix(max_selling=0.5))) == []
    three = day_posts(date(2026, 12, 1), ["education", "promo", "promo", "promo"] + ["education"] * 6)
    plan = make_plan(three, end=date(2026, 12, 1), mix=Mix(max_selling=0.5))
    findings = check(plan)
    assert len(findings) == 1
    f = findings[0]
    assert f.message == (
        "3 selling posts in a row for ig: ig-20261201-0930 (2026-12-01 09:30, line 110), "
        "ig-20261201-1100 (2026-12-01 11:00, line 120), ig-20261201-1230 (2026-12-01 12:30, line 130); "
        "the plan allows at most 2 (mix.max_consecutive_selling)"
    )
    assert f.hint == ('give ig-20261201-1230 (line 130) another type, e.g. write type = "education" in it; '
                      "or put a post of another type between them")
    assert f.line == plan.posts[3].line  # the third promo is the first one too many


def test_consecutive_selling_is_per_account_in_time_order() -> None:
    """ig's promos are interleaved with fb's education posts: ig still has 3 in a row."""
    specs = [
        ("ig", "2026-12-01 09:00", "promo"), ("fb", "2026-12-01 09:30", "education"),
        ("ig", "2026-12-01 11:00", "promo"), ("fb", "2026-12-01 11:30", "education"),
        ("ig", "2026-12-01 13:00", "promo"), ("ig", "2026-12-01 15:00", "education"),
    ]
    findings = [f for f in check(make_plan(specs, end=date(2026, 12, 1), accounts=("ig", "fb"),
                                           mix=Mix(max_selling=1.0))) if "in a row" in f.message]
    assert len(findings) == 1 and "for ig" in findings[0].message


def test_each_run_reported_once() -> None:
    kinds = ["promo"] * 3 + ["education"] + ["promo"] * 4
    findings = [f for f in check(make_plan(day_posts(date(2026, 12, 1), kinds), end=date(2026, 12, 1),
                                           mix=Mix(max_selling=1.0))) if "in a row" in f.message]
    assert [f.message.split(" selling")[0] for f in findings] == ["3", "4"]


def test_offset_post_counts_into_its_local_day() -> None:
    """23:30 UTC on Dec 1 is 06:30 on Dec 2 in Jakarta: that promo joins Dec 2, not Dec 1."""
    specs = day_posts(date(2026, 12, 1), ["education"] * 4) + [
        ("ig", "2026-12-01T23:30:00+00:00", "promo"),
        ("ig", "2026-12-02 09:00", "humor"),
    ]
    types = with_types(promo={"max": 0.5})
    plan = make_plan(specs, start=date(2026, 12, 2), end=date(2026, 12, 2), types=types, mix=Mix(max_selling=1.0))
    # Dec 2 alone: promo 1 of 2 = 50% (passes at max 0.5); counted into Dec 1 it would not be in range at all
    assert check(plan) == []
    tight = make_plan(specs, start=date(2026, 12, 2), end=date(2026, 12, 2), types=with_types(promo={"max": 0.4}),
                      mix=Mix(max_selling=1.0))
    assert ["ig posts too much promo on 2026-12-02 (the whole plan): 1 of its 2 posts (50%)" in f.message
            for f in check(tight)] == [True]


def test_odd_plans_do_not_crash() -> None:
    assert check(make_plan([])) == []
    assert check(make_plan(start=None, end=None)) == []
    assert check(make_plan(types={})) == []
    assert check(make_plan(daily(), mix=Mix(window_days=0, max_selling=-1, max_consecutive_selling=-1)))


# -- holes a mutation pass found (issue 10) ---------------------------------------------------


def test_the_worst_window_of_a_run_is_named_not_its_first() -> None:
    """Promos on Dec 10, 12 and 14, one post a day: windows holding two promos (28.6%) surround the
    three windows holding all three (42.9%); the finding names the first of those, Dec 8..14."""
    specs = [("ig", f"{date(2026, 12, 1) + timedelta(days=d)} 09:00",
              "promo" if d in (9, 11, 13) else "education") for d in range(28)]
    plan = make_plan(specs, end=date(2026, 12, 28))
    [finding] = check(plan)
    assert "in the 7 days from 2026-12-08 to 2026-12-14: 3 of its 7 posts are selling posts (42.9%)" in finding.message
    # two changes repair all 7 broken windows: the promo of Dec 12 (in every one of them) and one more
    promo = {p.day: p for p in plan.posts if p.type == "promo"}
    assert finding.hint.startswith("give these 2 posts another type")
    assert f"{promo[date(2026, 12, 12)].id} (line {promo[date(2026, 12, 12)].line})" in finding.hint


def test_the_worst_window_below_a_type_minimum_is_the_lowest() -> None:
    """education must be at least 50%: 3 of 7 in the first window, 1 of 7 in the middle ones."""
    kinds = {3: "humor", 4: "humor", 5: "humor", 6: "humor", 7: "humor", 8: "education", 9: "humor",
             10: "humor", 11: "education"}
    specs = [("ig", f"{date(2026, 12, 1) + timedelta(days=d)} 09:00", kinds.get(d, "education"))
             for d in range(14)]
    plan = make_plan(specs, end=date(2026, 12, 14), types=with_types(education={"min": 0.5}))
    messages = [f.message for f in check(plan) if "types.education.min" in f.message]
    assert len(messages) == 1
    assert "has too little education in the 7 days from 2026-12-04 to 2026-12-10: 1 of its 7 posts (14.3%)" \
        in messages[0]


def test_a_window_exactly_at_a_type_minimum_passes_while_another_window_fails() -> None:
    """7 of 25 is exactly 28% (0.28 * 25 is 7.000000000000001 in floating point): Dec 1 passes, and must
    keep passing when Dec 2 (5 of 25) fails, since then every window is looked at one by one."""
    def day(on: date, education: int) -> list[tuple[str, str, str]]:
        return [("ig", f"{on} {i // 2:02d}:{30 * (i % 2):02d}", "education" if i < education else "humor")
                for i in range(25)]

    types = with_types(education={"min": 0.28})
    daily_window = Mix(window_days=1)
    assert check(make_plan(day(date(2026, 12, 1), 7), end=date(2026, 12, 1), types=types, mix=daily_window)) == []
    plan = make_plan(day(date(2026, 12, 1), 7) + day(date(2026, 12, 2), 5), end=date(2026, 12, 2), types=types,
                     mix=daily_window)
    assert [f.message for f in check(plan)] == [
        "ig has too little education on 2026-12-02: 5 of its 25 posts (20%); the plan asks for at least 28% "
        "(types.education.min)"]


def test_posts_of_an_undeclared_account_are_left_to_r1() -> None:
    """fb is not declared: its selling run and share are R1's business (one finding there), not R3's."""
    specs = five_days(2) + [("fb", at, "promo") for _, at, _ in five_days(0)]
    plan = make_plan(specs, end=date(2026, 12, 5), accounts=("ig",))
    assert check(plan) == []
