"""Issue 17, "suggestions that are right": each mistake a new user makes gets the exact line to paste,
and pasting it makes the plan valid. In English and in Indonesian (no English left, no parser jargon).

The base plan is a batik shop's two weeks (two posts a day, a question every few posts, a promo twice a
week): valid as written. Each test breaks it the way people do, reads the finding, pastes its fix with
`paste` (tests/paste.py: what a person would do with an editor) and validates again.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from paste import paste
from plan_sections import engagement_and_target

from scheduler.cli import cli
from scheduler.findings import Finding
from scheduler.i18n import set_language
from scheduler.validation import validate_path

ROOT = Path(__file__).resolve().parents[1]
HEAD = """\
[plan]
name = "Batik Sekar"
goal = "Jual batik tulis lewat Instagram"
timezone = "Asia/Jakarta"
start = 2026-12-01
end = 2026-12-14

[[account]]
id = "ig"
platform = "sandbox"
url = "http://127.0.0.1:8700"
handle = "batiksekar"

[types.promo]
selling = true
max = 0.2
[types.education]
[types.question]
interactive = true

""" + engagement_and_target("2026-12-14", check_every="30m", baseline=1200, goal=1500)
#: one week of slots (two a day): promo 2 of 14, questions 4 of 14; every 7-day window holds exactly one
WEEK = ["question", "education", "education", "promo", "education", "question", "education"] * 2


def batik(types: list[str] | None = None, head: str = HEAD) -> str:
    """The plan's text: 28 posts, p00..p27, at 09:00 and 19:00 from 2026-12-01."""
    out = [head]
    kinds = types or [WEEK[i % 14] for i in range(28)]
    for i, kind in enumerate(kinds):
        day = date(2026, 12, 1) + timedelta(days=i // 2)
        clock = "09:00" if i % 2 == 0 else "19:00"
        out.append(f'\n[[post]]\nid = "p{i:02d}"\naccount = "ig"\nat = {day}T{clock}:00\ntype = "{kind}"\n'
                   f'text = "Batik tulis motif parang nomor {i}, dibuat tangan di Solo."\n')
    return "".join(out)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "batik.toml"
    path.write_text(text, encoding="utf-8")
    return path


def findings(path: Path, lang: str = "en") -> list[Finding]:
    set_language(lang)
    try:
        return validate_path(path).findings
    finally:
        set_language("en")


def only(path: Path, lang: str = "en") -> Finding:
    found = [f for f in findings(path, lang) if f.severity == "error"]
    assert len(found) == 1, [f"{f.line}: {f.message} / {f.hint}" for f in found]
    return found[0]


def assert_valid_after_paste(path: Path, finding: Finding) -> None:
    paste(path, finding)
    report = validate_path(path)
    assert report.loaded and report.errors == 0, [f"{f.line}: {f.message}" for f in report.findings]


#: words that give away English (or the TOML parser's own) in an Indonesian message
ENGLISH = re.compile(r"\b(the|is|are|posts|has|add|move|write|line|Expected|newline|document|statement|"
                     r"seconds|missing|did you mean|give|type of)\b")


def assert_indonesian(finding: Finding) -> None:
    for text in (finding.message, finding.hint):
        plain = re.sub(r"\[[^]]*\]|\w+\.\w+|\"[^\"]*\"|'[^']*'|\w+ = \S+", "", text)
        assert not ENGLISH.search(plain), text


def test_the_base_plan_is_valid(tmp_path: Path) -> None:
    report = validate_path(write(tmp_path, batik()))
    assert report.ok and report.findings == [], [f.message for f in report.findings]


# -- dates and times ----------------------------------------------------------------------------------


AT = "at = 2026-12-04T19:00:00"  # p07


@pytest.mark.parametrize(("written", "fix", "why"), [
    ('at = "2026-12-04 19.00"', "at = 2026-12-04T19:00:00", "not a dot (19.00)"),
    ('at = "19:00"', "at = 2026-12-04T19:00:00", "a post needs its day as well as its time (2026-12-04 here"),
    ("at = 2026-12-04T19:00", "at = 2026-12-04T19:00:00", "TOML needs the seconds too (19:00:00)"),
    ("at = 2026-12-04 19.00", "at = 2026-12-04T19:00:00", "separated by a colon (19:00), not a dot"),
    ("at = 2026-12-04T25:00:00", "at = 2026-12-05T01:00:00", "25:00:00 is read as 01:00 on 2026-12-05"),
    ('at = "4/12/2026 19:00"', "at = 2026-12-04T19:00:00", "read here as 4 December 2026"),
    ('at = "4 Desember 2026 19.00 WIB"', "at = 2026-12-04T19:00:00+07:00", "WIB is written as its offset"),
    # 09:00 is p06's: the first free hour of the day is chosen
    ("at = 2026-12-04", "at = 2026-12-04T12:00:00", "a post needs its time as well as its day (12:00 here"),
])
def test_every_date_and_time_slip_gets_the_line_to_paste(tmp_path: Path, written: str, fix: str, why: str) -> None:
    path = write(tmp_path, batik().replace(AT, written, 1))
    finding = only(path)
    assert finding.rule == "load" and finding.line == batik().split("\n").index(AT) + 1
    assert finding.hint == f"write the line as: {fix}"
    assert why in finding.message
    assert "Expected" not in finding.message and "end of document" not in finding.message
    indonesian = only(path, "id")
    assert indonesian.hint == f"tulis barisnya: {fix}"
    assert_indonesian(indonesian)
    assert_valid_after_paste(path, finding)


@pytest.mark.parametrize(("written", "fix"), [
    ('start = "01/12/2026"', "start = 2026-12-01"),
    ("start = 2026-12-1", "start = 2026-12-01"),
    ("start = 01-12-2026", "start = 2026-12-01"),
    ('start = "1 Desember 2026"', "start = 2026-12-01"),
    ("start = 2026-12-01T00:00:00", "start = 2026-12-01"),
])
def test_plan_dates_too(tmp_path: Path, written: str, fix: str) -> None:
    path = write(tmp_path, batik().replace("start = 2026-12-01", written, 1))
    finding = only(path)
    assert finding.hint == f"write the line as: {fix}" and finding.line == 5
    assert_indonesian(only(path, "id"))
    assert_valid_after_paste(path, finding)


def test_an_impossible_day_names_the_months_length(tmp_path: Path) -> None:
    path = write(tmp_path, batik().replace("by = 2026-12-14", "by = 2026-11-31"))
    finding = only(path)
    assert finding.message == "by = 2026-11-31 is not a date TOML can read: November 2026 has 30 days; " \
                              "the last one is used here"
    assert finding.hint == "write the line as: by = 2026-11-30"


def test_other_syntax_errors_are_said_in_the_users_words(tmp_path: Path) -> None:
    path = write(tmp_path, batik().replace('owner = "Rina"', "owner = Rina"))
    finding = only(path)
    assert finding.message == ("TOML syntax error on line 22, column 9: the value after = cannot be read "
                               "(a word needs quotes, a date is written 2026-12-01)")
    indonesian = only(path, "id")
    assert indonesian.message.startswith("kesalahan penulisan TOML di baris 22, kolom 9: nilai setelah = tidak")
    assert_indonesian(indonesian)


# -- time zones ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "zone"), [
    ("GMT+7", "Asia/Jakarta"), ("WIB", "Asia/Jakarta"), ("wib", "Asia/Jakarta"), ("UTC+07:00", "Asia/Jakarta"),
    ("+7", "Asia/Jakarta"), ("WITA", "Asia/Makassar"), ("GMT+8", "Asia/Makassar"), ("WIT", "Asia/Jayapura"),
    ("UTC+9", "Asia/Jayapura"), ("jakarta", "Asia/Jakarta"), ("asia/jakarta", "Asia/Jakarta"),
    ("Bali", "Asia/Makassar"), ("GMT-5", "Etc/GMT+5"), ("UTC+05:30", "Asia/Kolkata"),
])
def test_zones_as_people_write_them(tmp_path: Path, written: str, zone: str) -> None:
    path = write(tmp_path, batik().replace('"Asia/Jakarta"', f'"{written}"'))
    finding = only(path)
    assert finding.rule == "R1" and finding.line == 4
    assert finding.hint.endswith(f'write the line as: timezone = "{zone}"')
    assert "GMT+0" not in finding.hint  # what difflib suggested before: a seven-hour shift
    assert_indonesian(only(path, "id"))
    assert_valid_after_paste(path, finding)


def test_the_etc_sign_trap_is_a_warning_with_the_zone_meant(tmp_path: Path) -> None:
    path = write(tmp_path, batik().replace('"Asia/Jakarta"', '"Etc/GMT+7"'))
    [warning] = [f for f in findings(path) if f.severity == "warning"]
    assert warning.message == "Etc/GMT+7 is UTC-07:00, not UTC+07:00: IANA's Etc/GMT zones flip the sign"
    assert warning.hint == 'if UTC+07:00 is meant, write the line as: timezone = "Asia/Jakarta"'
    paste(path, warning)
    assert validate_path(path).findings == []


# -- keys -----------------------------------------------------------------------------------------------


def test_a_key_typo_is_the_cause_and_names_the_post(tmp_path: Path) -> None:
    text = batik().replace('id = "p07"\naccount = "ig"', 'id = "p07"\nacount = "ig"')
    path = write(tmp_path, text)
    finding = only(path)  # not also "has no account"
    assert finding.message == "unknown key 'acount' in post 'p07'"
    assert finding.hint == "did you mean 'account'? Write the line as: account = \"ig\""
    assert finding.line == text.split("\n").index('acount = "ig"') + 1
    indonesian = only(path, "id")
    assert indonesian.message == "kunci 'acount' tidak dikenal di postingan 'p07'"
    assert_valid_after_paste(path, finding)


# -- too much selling -------------------------------------------------------------------------------------


def test_one_promo_week_too_many_is_one_finding_naming_its_posts(tmp_path: Path) -> None:
    """A third promo on Dec 9 (promo is both selling and capped by types.promo.max): the week of Dec 3 to 9
    holds three."""
    kinds = [WEEK[i % 14] for i in range(28)]
    kinds[16] = "promo"  # p16, Dec 9 09:00
    path = write(tmp_path, batik(kinds))
    finding = only(path)
    assert finding.rule == "R3"
    lines = path.read_text(encoding="utf-8").split("\n")
    line = {f"p{i:02d}": lines.index(f'id = "p{i:02d}"') for i in range(28)}  # the [[post]] line is one above
    assert finding.message == (
        "ig sells too much in the 7 days from 2026-12-03 to 2026-12-09: 3 of its 14 posts are selling posts "
        "(21.4%); the plan allows at most 20% (mix.max_selling, types.promo.max). The selling posts then: "
        f"p10 (2026-12-06 09:00, line {line['p10']}), p16 (2026-12-09 09:00, line {line['p16']}), "
        f"p17 (2026-12-09 19:00, line {line['p17']})")
    assert "overlapping" not in finding.message and "window" not in finding.message
    assert finding.hint == (f'give p17 (line {line["p17"]}) another type, e.g. write type = "education" in it; '
                            "or move it out of those days")
    assert finding.days == tuple(date(2026, 12, d) for d in range(3, 10))
    indonesian = only(path, "id")
    assert indonesian.message.startswith("ig terlalu banyak jualan dalam 7 hari dari 2026-12-03 sampai 2026-12-09")
    assert_indonesian(indonesian)
    assert_valid_after_paste(path, finding)


def test_a_selling_plan_gets_every_post_to_change_at_once(tmp_path: Path) -> None:
    """Promos on 4 of every 14 posts: every week breaks; the fix names all the posts that repair every week."""
    kinds = [["question", "education", "promo", "promo", "education", "question", "education"][i % 7]
             for i in range(28)]
    path = write(tmp_path, batik(kinds))
    finding = only(path)
    assert finding.hint.startswith("give these 4 posts another type")
    assert_valid_after_paste(path, finding)


def test_too_few_questions_names_the_post_to_turn_into_one(tmp_path: Path) -> None:
    kinds = [WEEK[i % 14] for i in range(28)]
    for i in range(14, 28):
        if kinds[i] == "question":
            kinds[i] = "education"
    path = write(tmp_path, batik(kinds))
    finding = only(path)
    assert finding.rule == "R4" and "invites too few answers" in finding.message
    assert 'writing type = "question" in each: p21 (line ' in finding.hint
    assert_indonesian(only(path, "id"))
    assert_valid_after_paste(path, finding)


# -- an empty day -----------------------------------------------------------------------------------------


def without_day(text: str, day: str) -> str:
    head, *posts = text.split("\n[[post]]")
    return "\n[[post]]".join([head] + [p for p in posts if f"at = {day}T" not in p])


def test_a_day_without_posts_is_one_finding_with_the_posts_to_paste(tmp_path: Path) -> None:
    path = write(tmp_path, without_day(batik(), "2026-12-05"))
    finding = only(path)  # not also the 38 hours of silence around it
    assert finding.message == ("ig has no posts on 2026-12-05; the plan asks for at least 1 a day "
                               "(cadence.min_per_day)")
    assert finding.hint.split("\n")[1:] == ["[[post]]", 'account = "ig"', "at = 2026-12-05T09:00:00",
                                           'type = "education"', 'text = "(write the post here)"']
    assert finding.days == (date(2026, 12, 5),)
    assert_indonesian(only(path, "id"))
    assert_valid_after_paste(path, finding)


def test_the_demo_plan_missing_a_day_gives_one_finding_not_three(tmp_path: Path) -> None:
    """kopi-senja asks for 2 posts a day and a question every day: one cause, one finding, two posts to paste."""
    text = without_day((ROOT / "plans" / "kopi-senja.toml").read_text(encoding="utf-8"), "2026-12-10")
    path = write(tmp_path, text.replace("../sessions/", "sessions/"))
    finding = only(path)
    assert finding.message.startswith("ig has no posts on 2026-12-10; the plan asks for at least 2 a day")
    assert finding.hint.startswith("add 2 posts on 2026-12-10")
    assert finding.hint.count("[[post]]") == 2 and 'type = "question"' in finding.hint
    assert_valid_after_paste(path, finding)


# -- the plan's head ----------------------------------------------------------------------------------------


def test_no_target_gets_a_valid_target_inside_the_plan(tmp_path: Path) -> None:
    text = batik()
    path = write(tmp_path, text[: text.index("[[target]]")] + text[text.index("\n[[post]]"):])
    finding = only(path)
    assert finding.rule == "R2"
    assert finding.hint.split("\n")[1:] == ["[[target]]", 'metric = "followers"',
                                           "baseline = 1000   # the number today",
                                           "goal = 1100       # the number to reach", "by = 2026-12-14"]
    assert_indonesian(only(path, "id"))
    assert_valid_after_paste(path, finding)


def test_no_engagement_gets_a_table_to_paste(tmp_path: Path) -> None:
    text = batik()
    path = write(tmp_path, text.replace('[engagement]\nowner = "Rina"\ncheck_every = "30m"\nreply_within = "4h"\n',
                                        ""))
    finding = only(path)
    assert finding.rule == "R4" and finding.hint.split("\n")[1] == "[engagement]"
    assert_valid_after_paste(path, finding)


def test_a_missing_start_is_the_first_posts_day(tmp_path: Path) -> None:
    path = write(tmp_path, batik().replace("start = 2026-12-01\n", ""))
    finding = only(path)
    assert finding.hint == "add this line to [plan] (a date, no quotes): start = 2026-12-01"


def test_json_carries_the_days(tmp_path: Path) -> None:
    path = write(tmp_path, without_day(batik(), "2026-12-05"))
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(path)])
    assert json.loads(result.output)["findings"][0]["days"] == ["2026-12-05"]
