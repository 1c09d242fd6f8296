"""The plan loader: every load problem with its line, and the model it builds."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from scheduler.errors import PlanLoadError
from scheduler.findings import Finding
from scheduler.plan.durations import DurationError, parse_duration
from scheduler.plan.lines import SourceLines
from scheduler.plan.loader import load_plan
from scheduler.plan.model import Mix, Plan
from scheduler.plan.presets import PRESETS

HEAD = """\
[plan]
name = "t"
goal = "g"
timezone = "Asia/Jakarta"
start = 2026-12-01
end = 2026-12-31
"""  # lines 1-6


def write(tmp_path: Path, text: str | bytes, name: str = "plan.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str) -> Plan:
    return load_plan(write(tmp_path, text))


def problems(tmp_path: Path, text: str | bytes) -> list[Finding]:
    with pytest.raises(PlanLoadError) as caught:
        load_plan(write(tmp_path, text))
    findings = caught.value.findings
    assert findings and all(f.rule == "load" and f.severity == "error" for f in findings)
    return findings


def only(tmp_path: Path, text: str | bytes) -> Finding:
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    return found[0]


# -- files that cannot be read ------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlanLoadError) as caught:
        load_plan(tmp_path / "nope.toml")
    finding = caught.value.findings[0]
    assert (finding.slug, finding.line, finding.file) == ("missing-file", None, str(tmp_path / "nope.toml"))
    assert "does not exist" in finding.message
    assert caught.value.exit_code == 2


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(PlanLoadError) as caught:
        load_plan(tmp_path)
    assert caught.value.findings[0].slug == "missing-file"
    assert "is a folder" in caught.value.message


def test_not_utf8_names_line_of_first_bad_byte(tmp_path: Path) -> None:
    finding = only(tmp_path, HEAD.encode() + b'[engagement]\nowner = "Jos\xe9"\n')
    assert (finding.slug, finding.line) == ("encoding", 8)
    assert "0xe9" in finding.message and "UTF-8" in finding.hint


def test_binary_garbage(tmp_path: Path) -> None:
    finding = only(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    assert (finding.slug, finding.line) == ("binary", 3)


def test_binary_without_nul_is_an_encoding_error(tmp_path: Path) -> None:
    finding = only(tmp_path, b"\xff\xfe\xfa garbage")
    assert (finding.slug, finding.line) == ("encoding", 1)


@pytest.mark.parametrize("text", ["", "\n\n   \n", "# only a comment\n# and another\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    finding = only(tmp_path, text)
    assert (finding.slug, finding.line) == ("empty", 1)


def test_syntax_error_line(tmp_path: Path) -> None:
    finding = only(tmp_path, HEAD + "[engagement]\nowner = Rina\n")
    assert (finding.slug, finding.line) == ("syntax", 8)
    assert finding.message == ("TOML syntax error on line 8, column 9: the value after = cannot be read "
                               "(a word needs quotes, a date is written 2026-12-01)")
    assert "quotes" in finding.hint


def test_syntax_error_duplicate_key(tmp_path: Path) -> None:
    finding = only(tmp_path, HEAD + 'goal = "again"\n')
    assert (finding.slug, finding.line) == ("syntax", 7)
    assert "once" in finding.hint


def test_syntax_error_unterminated_multiline_string(tmp_path: Path) -> None:
    finding = only(tmp_path, HEAD + '[[post]]\naccount = "ig"\ntext = """never closed\nmore\n')
    assert finding.slug == "syntax"
    assert finding.line is not None and finding.line >= 9


def test_deep_nesting_is_a_syntax_error_not_a_crash(tmp_path: Path) -> None:
    finding = only(tmp_path, HEAD + "x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert finding.slug == "syntax"
    assert finding.line == 7
    assert "deep" in finding.message


def test_bom_is_accepted(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, b"\xef\xbb\xbf" + HEAD.encode()))
    assert plan.goal == "g" and plan.lines["plan.goal"] == 3


def test_crlf_lines(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, (HEAD + '[[post]]\naccount = "ig"\nat = 2026-12-01T09:00:00\n').replace("\n", "\r\n").encode()))
    assert plan.posts[0].line == 7 and plan.lines["plan.end"] == 6


# -- unknown keys and wrong types: all reported at once, each with its line ----------


def test_unknown_keys_everywhere_with_did_you_mean(tmp_path: Path) -> None:
    text = HEAD + """\
colour = "red"
[types.promo]
seling = true
[cadence]
min_gap = "1h"
max_gpa = "36h"
[[account]]
id = "ig"
platform = "sandbox"
handel = "kopisenja"
[[post]]
account = "ig"
at = 2026-12-01T09:00:00
type = "promo"
txt = "Halo"
"""
    found = problems(tmp_path, text)
    assert [(f.slug, f.line) for f in found] == [
        ("unknown-key", 7),
        ("unknown-key", 9),
        ("unknown-key", 12),
        ("unknown-key", 16),
        ("unknown-key", 21),
    ]
    assert "'colour' in [plan]" in found[0].message
    assert "did you mean 'seling'" not in found[1].hint and "did you mean 'selling'?" in found[1].hint
    assert "did you mean 'max_gap'?" in found[2].hint
    assert "did you mean 'handle'?" in found[3].hint
    assert "'txt' in [[post]]" in found[4].message and "did you mean 'text'?" in found[4].hint


def test_unknown_root_table_and_unrelated_key(tmp_path: Path) -> None:
    found = problems(tmp_path, HEAD + "[engagment]\nowner = \"Rina\"\n[zzz]\n")
    assert [(f.slug, f.line) for f in found] == [("unknown-key", 7), ("unknown-key", 9)]
    assert "did you mean 'engagement'?" in found[0].hint
    assert found[1].hint.startswith("remove it; valid here: plan, account")


def test_wrong_types_carry_the_line_of_the_key(tmp_path: Path) -> None:
    text = """\
[plan]
goal = "g"
start = "2026-12-01"
end = 2026-12-31T00:00:00
[mix]
window_days = 7.5
max_selling = "20%"
[types.promo]
selling = "yes"
[engagement]
notify = "rina@example.com"
[[target]]
metric = "followers"
baseline = "1200"
[[post]]
account = 5
at = 2026-12-01
media = "a.jpg"
"""
    found = problems(tmp_path, text)
    assert [(f.slug, f.line) for f in found] == [("wrong-type", n) for n in (3, 4, 6, 7, 9, 11, 14, 16, 17, 18)]
    assert found[0].hint == "write the line as: start = 2026-12-01"
    assert found[0].message == ("start in [plan] is the string '2026-12-01', not a date TOML can read: "
                                "TOML dates and times are written without quotes")
    assert found[1].hint == "write the line as: end = 2026-12-31"  # a date-time where a date is wanted
    assert "must be a whole number" in found[2].message
    assert found[8].message == ("at in [[post]] is the date 2026-12-01: a post needs its time as well as its day "
                                "(09:00 here: change it if the post goes out at another hour)")
    assert found[8].hint == "write the line as: at = 2026-12-01T09:00:00"


def test_table_of_wrong_type(tmp_path: Path) -> None:
    found = problems(tmp_path, 'plan = "x"\npost = 3\ntypes = 1\n')
    assert [(f.slug, f.line) for f in found] == [("wrong-type", 1), ("wrong-type", 2), ("wrong-type", 3)]


def test_missing_required_keys(tmp_path: Path) -> None:
    found = problems(tmp_path, HEAD + '[[account]]\nplatform = "sandbox"\n[[post]]\ntype = "promo"\n')
    assert [(f.slug, f.line) for f in found] == [("missing-key", 7), ("missing-key", 9), ("missing-key", 9)]
    assert "has no id" in found[0].message


def test_empty_account_list(tmp_path: Path) -> None:
    finding = only(tmp_path, HEAD + "[[post]]\naccount = []\nat = 2026-12-01T09:00:00\n")
    assert (finding.slug, finding.line) == ("wrong-type", 8)
    assert "empty list" in finding.message


@pytest.mark.parametrize("value", ["1.5h", "90", "2w", "h", "-1h", "1h30m", "", " 4h"])
def test_invalid_durations_say_what_is_valid(tmp_path: Path, value: str) -> None:
    finding = only(tmp_path, HEAD + f'[engagement]\nowner = "Rina"\ncheck_every = "{value}"\n')
    assert (finding.slug, finding.line) == ("bad-duration", 9)
    assert '"90s", "30m", "4h", "2d"' in finding.hint


def test_a_duration_beyond_what_python_counts_is_a_finding(tmp_path: Path) -> None:
    finding = only(tmp_path, HEAD + '[cadence]\nmax_gap = "99999999999999d"\n')
    assert (finding.slug, finding.line) == ("bad-duration", 8)
    assert finding.message == "max_gap in [cadence] is '99999999999999d': far too long"


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-12:00", "9999-12-31T23:00:00"])
def test_a_time_at_the_edge_of_the_calendar_is_a_finding(tmp_path: Path, at: str) -> None:
    finding = only(tmp_path, HEAD + f'[[post]]\naccount = "ig"\n\nat = {at}\n')
    assert (finding.slug, finding.line) == ("bad-value", 10)
    assert "edge of the calendar" in finding.message


def test_numbers_out_of_their_range(tmp_path: Path) -> None:
    found = problems(tmp_path, HEAD + "[mix]\nmax_selling = 20\nwindow_days = 0\n[types.promo]\nmin = -0.1\n")
    assert [(f.slug, f.line, f.message, f.hint) for f in found] == [
        ("bad-value", 8, "max_selling in [mix] is 20, but a share lies between 0 and 1",
         "write the share as a fraction: 0.2 means 20%"),
        ("bad-value", 9, "window_days in [mix] is 0; it must be at least 1", "write e.g. window_days = 1 (or more)"),
        ("bad-value", 11, "min in [types.promo] is -0.1, but a share lies between 0 and 1",
         "write the share as a fraction: 0.2 means 20%"),
    ]
    assert load(tmp_path, HEAD + "[mix]\nmax_selling = 1\nwindow_days = 1\nmax_consecutive_selling = 0\n").mix == \
        Mix(window_days=1, max_selling=1, max_consecutive_selling=0, line=7)


def test_bad_enum_value(tmp_path: Path) -> None:
    finding = only(tmp_path, HEAD + '[[target]]\nmetric = "reach"\ndirection = "sideways"\n')
    assert (finding.slug, finding.line) == ("bad-value", 9)
    assert finding.hint == "use one of: up, down"


def test_duplicate_ids(tmp_path: Path) -> None:
    text = HEAD + """\
[[account]]
id = "ig"
platform = "sandbox"
[[account]]
id = "ig"
platform = "sandbox"
[[post]]
id = "a"
account = "ig"
at = 2026-12-01T09:00:00
[[post]]
id = "a"
account = "ig"
at = 2026-12-01T10:00:00
"""
    found = problems(tmp_path, text)
    assert [(f.slug, f.line) for f in found] == [("duplicate-id", 10), ("duplicate-id", 17)]
    assert "first by the post on line 13" in found[1].message


def test_error_string_lists_more_problems(tmp_path: Path) -> None:
    with pytest.raises(PlanLoadError) as caught:
        load_plan(write(tmp_path, HEAD + "a = 1\nb = 2\n"))
    assert str(caught.value).startswith(f"{tmp_path / 'plan.toml'}:7: unknown key 'a'")
    assert "(and 1 more problem in this file)" in str(caught.value)


# -- the model -----------------------------------------------------------------


def test_lines_of_keys_tables_and_elements(tmp_path: Path) -> None:
    text = HEAD + """\
[types.promo]
selling = true
[cadence]
min_gap = "1h"
[engagement]
owner = "Rina"
[[account]]
id = "ig"
platform = "sandbox"
[[target]]
metric = "followers"
[[post]]
account = "ig"
at = 2026-12-01T09:00:00
"""
    plan = load(tmp_path, text)
    lines = plan.lines
    assert (lines["plan"], lines["plan.goal"], lines["plan.end"]) == (1, 3, 6)
    assert (lines["types"], lines["types.promo"], lines["types.promo.selling"]) == (7, 7, 8)
    assert (lines["cadence"], lines["cadence.min_gap"]) == (9, 10)
    assert lines["engagement.owner"] == 12
    assert plan.line_of("cadence.max_gap") == 9  # absent key: falls back to its table
    assert plan.accounts["ig"].line == 13 and lines["account.0.platform"] == 15
    assert plan.targets[0].line == 16
    assert plan.posts[0].line == 18
    assert plan.types["promo"].line == 7 and plan.cadence.line == 9 and plan.engagement.line == 11


def test_header_lookalikes_inside_strings_and_arrays(tmp_path: Path) -> None:
    text = HEAD + """\
[[post]]
account = "ig"
at = 2026-12-01T09:00:00
text = \"\"\"
[[post]]
[plan]
goal = "not a key"
\"\"\"
[[post]]
account = "ig"
at = 2026-12-01T11:00:00
media = [
  "a.jpg",
]
[engagement]
owner = '''
[x]
'''
check_every = "30m"
"""
    plan = load(tmp_path, text)
    assert [p.line for p in plan.posts] == [7, 15]
    assert plan.lines["engagement"] == 21 and plan.lines["engagement.check_every"] == 25
    assert plan.lines["plan.goal"] == 3
    assert plan.posts[0].text == "[[post]]\n[plan]\ngoal = \"not a key\"\n"


def test_fast_and_careful_line_scans_agree(tmp_path: Path) -> None:
    text = (Path(__file__).parents[1] / "plans" / "kopi-senja.toml").read_text(encoding="utf-8")
    import tomllib

    data = tomllib.loads(text)
    fast = SourceLines(text, data)
    careful = SourceLines(text, data)
    careful._careful()
    assert fast.arrays == careful.arrays
    assert {k: v for k, v in careful.keys.items()} == fast.keys
    assert fast.element_key_line("post", 3, "text") == careful.element_key_line("post", 3, "text")


def test_key_line_inside_a_post(tmp_path: Path) -> None:
    found = problems(tmp_path, HEAD + '[[post]]\naccount = "ig"\n\n# c\nat = 2026-12-01T09:00:00\ntitle = 1\n')
    assert [(f.slug, f.line) for f in found] == [("wrong-type", 12)]


def test_account_list_becomes_one_post_per_account(tmp_path: Path) -> None:
    text = HEAD + """\
[[post]]
account = ["ig", "fb"]
at = 2026-12-01T09:00:00
[[post]]
id = "launch"
account = ["ig", "fb"]
at = 2026-12-02T09:00:00
type = "promo"
title = "Menu baru"
[[post]]
id = "solo"
account = ["ig"]
at = 2026-12-03T09:00:00
"""
    plan = load(tmp_path, text)
    assert [(p.id, p.account, p.line) for p in plan.posts] == [
        ("fb-20261201T0900", "fb", 7),
        ("ig-20261201T0900", "ig", 7),
        ("launch-fb", "fb", 10),
        ("launch-ig", "ig", 10),
        ("solo-ig", "ig", 16),
    ]
    assert plan.posts[2].title == "Menu baru" and plan.posts[0].title is None
    assert plan.posts[0].type == "" and plan.posts[0].text == ""


def test_posts_sorted_by_time_account_id(tmp_path: Path) -> None:
    text = HEAD + "".join(
        f'[[post]]\nid = "{pid}"\naccount = "{account}"\nat = 2026-12-0{day}T09:00:00\n'
        for pid, account, day in [("z", "ig", 2), ("b", "ig", 1), ("a", "ig", 1), ("c", "fb", 1), ("d", "fb", 3)]
    )
    plan = load(tmp_path, text)
    assert [p.id for p in plan.posts] == ["c", "a", "b", "z", "d"]


def test_local_and_offset_times(tmp_path: Path) -> None:
    text = HEAD + """\
[[post]]
account = "ig"
at = 2026-12-01T09:00:00
[[post]]
account = "ig"
at = 2026-12-01T20:30:00Z
[[post]]
account = "ig"
at = 2026-12-01T23:00:00+09:00
"""
    plan = load(tmp_path, text)
    first, second, third = plan.posts
    assert (first.at_kind, first.local, first.at.utcoffset()) == ("local", datetime(2026, 12, 1, 9), timedelta(hours=7))
    # 23:00 in Tokyo is 21:00 in Jakarta, same day
    assert (second.at_kind, second.local) == ("offset", datetime(2026, 12, 1, 21, 0))
    assert str(second.at.tzinfo) == "Asia/Jakarta"
    # 20:30 UTC is 03:30 the next day in Jakarta: it counts toward 2 December
    assert (third.at_kind, third.local, third.day) == ("offset", datetime(2026, 12, 2, 3, 30), date(2026, 12, 2))
    assert third.id == "ig-20261202T0330"
    assert third.at == datetime(2026, 12, 1, 20, 30, tzinfo=timezone.utc)


def test_dst_gap_and_fold(tmp_path: Path) -> None:
    text = """\
[plan]
timezone = "Europe/Berlin"
[[post]]
account = "a"
at = 2026-03-29T02:30:00
[[post]]
account = "a"
at = 2026-10-25T02:30:00
[[post]]
account = "a"
at = 2026-10-25T03:30:00
[[post]]
account = "a"
at = 2026-03-29T01:59:00
"""
    plan = load(tmp_path, text)
    kinds = {p.local: p.at_kind for p in plan.posts}
    assert kinds == {
        datetime(2026, 3, 29, 1, 59): "local",
        datetime(2026, 3, 29, 2, 30): "nonexistent",
        datetime(2026, 10, 25, 2, 30): "ambiguous",
        datetime(2026, 10, 25, 3, 30): "local",
    }
    ambiguous = next(p for p in plan.posts if p.at_kind == "ambiguous")
    assert ambiguous.at.utcoffset() == timedelta(hours=2)  # the first occurrence


def test_readable_but_wrong_values_are_kept_for_the_rules(tmp_path: Path) -> None:
    text = """\
[plan]
goal = ""
timezone = "Mars/Olympus"
start = 2026-12-31
end = 2026-12-01
[[target]]
metric = "likes"
[[post]]
account = "nobody"
at = 2026-12-05T09:00:00
type = "undeclared"
"""
    plan = load(tmp_path, text)
    assert (plan.goal, plan.timezone, plan.timezone_valid, plan.tz) == ("", "Mars/Olympus", False, timezone.utc)
    assert plan.start > plan.end and plan.days == []
    assert (plan.targets[0].metric, plan.targets[0].baseline, plan.targets[0].direction) == ("likes", None, "up")
    assert (plan.posts[0].account, plan.posts[0].type) == ("nobody", "undeclared")


def test_missing_plan_fields(tmp_path: Path) -> None:
    plan = load(tmp_path, '[mix]\nwindow_days = 7\n')
    assert (plan.goal, plan.timezone, plan.timezone_valid, plan.start, plan.end, plan.name) == ("", "", False, None, None, "")
    assert plan.posts == [] and plan.targets == [] and plan.accounts == {}


def test_paths_resolve_against_the_plan_folder(tmp_path: Path) -> None:
    sub = tmp_path / "plans"
    sub.mkdir()
    text = HEAD + '[[account]]\nid = "ig"\nplatform = "sandbox"\nsession = "../sessions/ig.json"\n'
    text += '[[post]]\naccount = "ig"\nat = 2026-12-01T09:00:00\nmedia = ["media/a.jpg", "b.png"]\n'
    plan = load_plan(write(sub, text))
    assert plan.accounts["ig"].session == sub / "../sessions/ig.json"
    assert plan.posts[0].media == (sub / "media/a.jpg", sub / "b.png")


def test_target_direction_and_numbers(tmp_path: Path) -> None:
    text = HEAD + '[[target]]\nmetric = "sales"\nbaseline = 10\ngoal = 5.5\nby = 2026-12-31\ndirection = "down"\n'
    target = load(tmp_path, text).targets[0]
    assert (target.baseline, target.goal, target.by, target.direction) == (10.0, 5.5, date(2026, 12, 31), "down")
    assert isinstance(target.baseline, float)


def test_durations_become_timedeltas(tmp_path: Path) -> None:
    plan = load(tmp_path, HEAD + '[cadence]\nmin_gap = "90s"\nmax_gap = "2d"\n[engagement]\nreply_within = "4h"\nnotify = ["a", "b"]\n')
    assert (plan.cadence.min_gap, plan.cadence.max_gap) == (timedelta(seconds=90), timedelta(days=2))
    assert plan.cadence.min_per_day == 1  # defaults of DESIGN.md section 2
    assert plan.engagement.reply_within == timedelta(hours=4) and plan.engagement.notify == ("a", "b")
    assert plan.engagement.check_every is None and plan.engagement.min_interactive == 0.1


# -- presets ------------------------------------------------------------------


def test_preset_gives_defaults_the_plan_overrides(tmp_path: Path) -> None:
    text = HEAD.replace('end = 2026-12-31\n', 'end = 2026-12-31\npreset = "4-1-1"\n') + """\
[types.hard-sell]
max = 0.1
[types.question]
interactive = true
[mix]
max_consecutive_selling = 1
"""
    plan = load(tmp_path, text)
    assert plan.preset == "4-1-1"
    assert plan.types["hard-sell"].max == 0.1 and plan.types["hard-sell"].selling is True
    assert plan.types["education"].min == 0.66 and plan.types["education"].line == 7  # the preset's line
    assert plan.types["question"].interactive is True
    assert (plan.mix.max_selling, plan.mix.max_consecutive_selling, plan.mix.window_days) == (0.34, 1, 7)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_loads(tmp_path: Path, name: str) -> None:
    plan = load(tmp_path, HEAD + f'preset = "{name}"\n')
    assert plan.types and any(t.selling for t in plan.types.values())
    assert plan.mix.max_selling == PRESETS[name]["mix"]["max_selling"]


def test_unknown_preset_names_the_valid_ones(tmp_path: Path) -> None:
    finding = only(tmp_path, HEAD + 'preset = "70-30"\n')
    assert (finding.slug, finding.line) == ("unknown-preset", 7)
    assert finding.hint == "use one of: 80-20, rule-of-thirds, 5-3-2, 4-1-1"


# -- durations ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("90s", timedelta(seconds=90)), ("30m", timedelta(minutes=30)), ("4h", timedelta(hours=4)),
     ("2d", timedelta(days=2)), ("0s", timedelta(0))],
)
def test_parse_duration(text: str, value: timedelta) -> None:
    assert parse_duration(text) == value


def test_parse_duration_rejects_with_what_is_valid() -> None:
    with pytest.raises(DurationError, match='"90s", "30m"'):
        parse_duration("1.5h")


# -- the example plan -----------------------------------------------------------------


def test_kopi_senja_loads() -> None:
    plan = load_plan(Path(__file__).parents[1] / "plans" / "kopi-senja.toml")
    assert (plan.start, plan.end, plan.timezone) == (date(2026, 12, 1), date(2026, 12, 31), "Asia/Jakarta")
    assert set(plan.types) == {"promo", "education", "humor", "question", "behind-the-scenes"}
    assert len(plan.posts) == 80 and {p.day for p in plan.posts} == set(plan.days)
    assert all(p.text.strip() for p in plan.posts)
    assert len({p.text for p in plan.posts}) == 80  # no copy-pasted texts
    assert plan.engagement.owner == "Rina" and plan.accounts["ig"].handle == "kopisenja"


def test_key_line_inside_a_post_when_the_careful_scan_is_used(tmp_path: Path) -> None:
    text = HEAD + '[[post]]\naccount = "ig"\nat = 2026-12-01T09:00:00\ntext = """\n[[post]]\n"""\n'
    text += '[[post]]\naccount = "ig"\nat = 2026-12-02T09:00:00\n\ntitle = 5\n'
    found = problems(tmp_path, text)
    assert [(f.slug, f.line) for f in found] == [("wrong-type", 17)]


def test_posts_as_an_inline_array_point_at_the_key(tmp_path: Path) -> None:
    inline = 'post = [\n  {account = "ig", at = 2026-12-01T09:00:00},\n  {account = "ig", at = 2026-12-02T09:00:00},\n]\n'
    plan = load(tmp_path, inline + HEAD)
    assert [p.line for p in plan.posts] == [1, 1]
