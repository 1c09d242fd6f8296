"""R1 no-plan: goal, range, timezone, posts that fit the plan, DST, the flood guard."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from images import jpeg_bytes, mp4_bytes, png_bytes
from plan_factory import daily, make_plan

from scheduler.plan.model import Account, Cadence
from scheduler.rules.r1_no_plan import RULE, check


def messages(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.message for f in check(plan)]


def test_rule_metadata() -> None:
    assert (RULE.id, RULE.slug, RULE.name_en, RULE.name_id) == ("R1", "no-plan", "No plan", "Tidak Mempunyai Rencana")


def test_default_plan_passes() -> None:
    assert check(make_plan()) == []


def test_empty_goal() -> None:
    findings = check(make_plan(goal="   "))
    assert [(f.message, f.line, f.severity) for f in findings] == [
        ("the plan states no goal (plan.goal is empty)", 3, "error")
    ]


def test_missing_and_reversed_range() -> None:
    assert messages(make_plan(start=None)) == ["the plan has no start date (plan.start)"]
    assert messages(make_plan(end=None)) == ["the plan has no end date (plan.end)"]
    findings = check(make_plan(start=date(2026, 12, 8), end=date(2026, 12, 7), posts=[]))
    assert [(f.message, f.line) for f in findings] == [
        ("the plan ends (2026-12-07) before it starts (2026-12-08)", 6)
    ]


def test_one_day_plan_is_a_valid_range() -> None:
    assert check(make_plan(daily(days=1), end=date(2026, 12, 1))) == []


def test_invalid_timezone_suggests_the_right_name() -> None:
    findings = check(make_plan(timezone_name="Asia/Jakrta"))
    assert len(findings) == 1
    assert findings[0].message == '"Asia/Jakrta" is not a known IANA timezone, so local days are unknown'
    assert findings[0].hint == 'did you mean this? Write the line as: timezone = "Asia/Jakarta"'
    assert findings[0].line == 4


def test_post_outside_range_by_local_day() -> None:
    """23:30 UTC on Dec 7 is 06:30 on Dec 8 in Jakarta: outside a plan ending Dec 7."""
    plan = make_plan(daily() + [("ig", "2026-12-07T23:30:00+00:00", "education", "late")])
    findings = check(plan)
    assert [f.message for f in findings] == [
        "post late (ig, 2026-12-08 06:30) is outside the plan's range 2026-12-01 to 2026-12-07"
    ]
    assert findings[0].line == 100 + 10 * 14
    early = make_plan(daily() + [("ig", "2026-12-07T16:59:00+00:00", "education", "in-time")])
    assert check(early) == []  # 23:59 local on the last day is inside


def test_undeclared_account_and_type_grouped_with_suggestion() -> None:
    specs = daily() + [
        ("igg", "2026-12-02 12:00", "education"), ("igg", "2026-12-03 12:00", "education"),
        ("ig", "2026-12-04 12:00", "promotion"),
    ]
    findings = check(make_plan(specs))
    assert [(f.message, f.hint) for f in findings] == [
        ("2 posts name account 'igg', which the plan does not declare "
         "(first: post igg-20261202-1200 (igg, 2026-12-02 12:00))",
         'did you mean "ig"? Otherwise declare an [[account]] with id = "igg"'),
        ("1 post names type 'promotion', which the plan does not declare "
         "(first: post ig-20261204-1200 (ig, 2026-12-04 12:00))",
         'did you mean "promo"? Otherwise declare [types.promotion]'),
    ]
    assert findings[0].line == 100 + 10 * 14


def test_duplicate_post_ids() -> None:
    specs = [("ig", "2026-12-01 09:00", "education", "same"), ("ig", "2026-12-01 19:00", "education", "same")]
    findings = check(make_plan(specs + daily()[2:]))
    assert [(f.message, f.line) for f in findings] == [("post id 'same' is used twice (first at line 100)", 110)]


def test_one_post_for_several_accounts_shares_its_id() -> None:
    specs = [(["ig", "fb"], f"2026-12-0{d} 09:00", "education", f"d{d}") for d in range(1, 8)]
    assert check(make_plan(specs, accounts=("ig", "fb"))) == []


def media_plan(folder: Path, *media: str, **kw):  # type: ignore[no-untyped-def]
    """The default plan with one more picture-carrying post on its first day."""
    return make_plan([("ig", "2026-12-01 09:00", "education", {"media": list(media)}), *daily()[1:]],
                     folder=folder, **kw)


def test_media_must_exist_and_be_readable_files(tmp_path: Path) -> None:
    (tmp_path / "latte.jpg").write_bytes(jpeg_bytes())
    (tmp_path / "folder").mkdir()
    assert check(media_plan(tmp_path, "latte.jpg")) == []
    findings = check(media_plan(tmp_path, "missing.jpg", "folder"))
    assert [(f.message, f.line) for f in findings] == [
        (f"post ig-20261201-0900 (ig, 2026-12-01 09:00): media file {tmp_path / 'missing.jpg'} does not exist", 100),
        (f"post ig-20261201-0900 (ig, 2026-12-01 09:00): media file {tmp_path / 'folder'} is not a file", 100),
        # the sandbox's pack takes one picture per post (its own limit, tested in test_platform_limits.py)
        ("post ig-20261201-0900 (ig, 2026-12-01 09:00) has 2 media files; sandbox takes at most 1 per post "
         "(the sandbox's compose form: one image per post (scheduler/sandbox/media.py))", 100),
    ]


@contextmanager
def unprivileged() -> Iterator[None]:
    """Run the block as user `nobody` when root (CI runs as root, and root reads any file)."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_unreadable_media(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = Path(tempfile.mkdtemp())  # not under pytest's 0700 folder: `nobody` must reach it
    try:
        folder.chmod(0o755)
        secret = folder / "secret.jpg"
        secret.write_bytes(jpeg_bytes())
        secret.chmod(0)
        with unprivileged():
            findings = check(media_plan(folder, "secret.jpg"))
        assert [(f.message, f.hint) for f in findings] == [(
            f"post ig-20261201-0900 (ig, 2026-12-01 09:00): media file {secret} cannot be read (permissions)",
            "make the file readable for the user that runs jadwal",
        )]
    finally:
        shutil.rmtree(folder)


def test_media_is_judged_by_content_not_name(tmp_path: Path) -> None:
    (tmp_path / "stub.jpg").write_bytes(b"\xff\xd8\xff\xe0")  # a JPEG's first bytes, no picture
    (tmp_path / "notes.png").write_text("just text", encoding="utf-8")
    (tmp_path / "clip.mp4").write_bytes(mp4_bytes())
    (tmp_path / "photo.data").write_bytes(png_bytes())  # a real PNG, whatever its name
    os.mkfifo(tmp_path / "pipe.jpg")  # must not hang the check
    findings = check(media_plan(tmp_path, "stub.jpg", "notes.png", "clip.mp4", "photo.data", "pipe.jpg"))
    findings = [f for f in findings if ": media file " in f.message]  # not the sandbox pack's (one picture)
    assert [f.message.rsplit(": media file ", 1)[1] for f in findings] == [
        f"{tmp_path / 'stub.jpg'} is not a picture or video by its content "
        "(jadwal takes JPEG, PNG, GIF, WebP, MP4, MOV, WebM)",
        f"{tmp_path / 'notes.png'} is not a picture or video by its content "
        "(jadwal takes JPEG, PNG, GIF, WebP, MP4, MOV, WebM)",
        f"{tmp_path / 'pipe.jpg'} is not a file",
    ]
    assert {f.line for f in findings} == {100}


@pytest.mark.parametrize("given", ["/etc/shadow", "/etc/passwd", "../../../../etc/passwd", "../outside.png"])
def test_media_outside_the_plan_folder_is_refused(tmp_path: Path, given: str) -> None:
    plan_folder = tmp_path / "plans" / "kopi"
    plan_folder.mkdir(parents=True)
    (tmp_path / "plans" / "outside.png").write_bytes(png_bytes())
    findings = check(media_plan(plan_folder, given))
    assert len(findings) == 1 and findings[0].line == 100
    assert f"lies outside the folders this plan may take media from ({plan_folder})" in findings[0].message
    assert findings[0].hint.startswith(f"move the file into {plan_folder} (e.g. {plan_folder}/media/), or allow")


def test_a_symlink_out_of_the_plan_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plan").mkdir()
    (tmp_path / "private.png").write_bytes(png_bytes())
    (tmp_path / "plan" / "innocent.png").symlink_to(tmp_path / "private.png")
    (tmp_path / "plan" / "media").symlink_to(tmp_path)  # a folder link too
    for name in ("innocent.png", "media/private.png"):
        findings = check(media_plan(tmp_path / "plan", name))
        assert [f.message for f in findings] == [
            f"post ig-20261201-0900 (ig, 2026-12-01 09:00): media file {tmp_path / 'plan' / name} leads to "
            f"{tmp_path / 'private.png'}, outside the folders this plan may take media from ({tmp_path / 'plan'})"]
    (tmp_path / "plan" / "ok.png").write_bytes(png_bytes())
    (tmp_path / "plan" / "alias.png").symlink_to("ok.png")  # a link that stays inside is fine
    assert check(media_plan(tmp_path / "plan", "alias.png")) == []


def test_media_folders_allow_other_folders_by_name(tmp_path: Path) -> None:
    shared, brand = tmp_path / "shared", tmp_path / "brand"
    for folder in (shared, brand):
        folder.mkdir()
        (folder / "logo.png").write_bytes(png_bytes())
    (tmp_path / "plan").mkdir()
    plan = media_plan(tmp_path / "plan", "../shared/logo.png", media_folders=(shared,))
    assert check(plan) == []
    account = Account("ig", "sandbox", "http://127.0.0.1:8700", "ig", None, 10, media_folders=(brand,))
    plan = media_plan(tmp_path / "plan", str(brand / "logo.png"), "../shared/logo.png", accounts=("ig",))
    plan.accounts["ig"] = account
    assert [f.message.split(" media file ")[1].split(" ")[0] for f in check(plan)
            if " media file " in f.message] == [  # not the sandbox pack's finding (one picture a post)
        str(tmp_path / "plan" / "../shared/logo.png")]  # only the account's own folder and the plan's


def test_media_folders_must_be_folders_and_not_the_root(tmp_path: Path) -> None:
    plan = media_plan(tmp_path, media_folders=(Path("/"), tmp_path / "nope"))
    plan.accounts["ig"] = Account("ig", "sandbox", "http://127.0.0.1:8700", "ig", None, 10,
                                  media_folders=(tmp_path / "also-nope",))
    plan.lines["plan.media_folders"] = 7
    assert [(f.message, f.line) for f in check(plan)] == [
        ("media_folders names /, which is the root of the file system: every file of the machine could be posted",
         7),
        (f"media_folders names {tmp_path / 'nope'}, which is not a folder (or does not exist)", 7),
        (f"media_folders names {tmp_path / 'also-nope'}, which is not a folder (or does not exist)", 10),
    ]


def berlin(specs: list[tuple[str, str, str]], **kw):  # type: ignore[no-untyped-def]
    return make_plan(specs, timezone_name="Europe/Berlin", start=date(2026, 3, 29), end=date(2026, 3, 29), **kw)


def test_dst_nonexistent_time_is_an_error() -> None:
    """Europe/Berlin skips 02:00-03:00 on 2026-03-29."""
    findings = check(berlin([("ig", "2026-03-29 02:30", "education")]))
    assert [(f.severity, f.message) for f in findings] == [(
        "error",
        "post ig-20260329-0230 (ig, 2026-03-29 02:30): 02:30 does not exist on 2026-03-29 in Europe/Berlin "
        "(the clocks jump forward over it)",
    )]


def test_dst_ambiguous_time_is_a_warning() -> None:
    """Europe/Berlin passes 02:00-03:00 twice on 2026-10-25."""
    plan = make_plan([("ig", "2026-10-25 02:30", "education")], timezone_name="Europe/Berlin",
                     start=date(2026, 10, 25), end=date(2026, 10, 25))
    findings = check(plan)
    assert [(f.severity, f.message) for f in findings] == [(
        "warning",
        "post ig-20261025-0230 (ig, 2026-10-25 02:30): 02:30 happens twice on 2026-10-25 in Europe/Berlin "
        "(the clocks go back); jadwal uses the first, at UTC+02:00",
    )]
    assert findings[0].hint.startswith("to choose, write at = 2026-10-25T02:30:00+02:00 (first) or "
                                       "2026-10-25T02:30:00+01:00 (second)")
    offset = make_plan([("ig", "2026-10-25T02:30:00+01:00", "education")], timezone_name="Europe/Berlin",
                       start=date(2026, 10, 25), end=date(2026, 10, 25))
    assert check(offset) == []  # an explicit offset chooses: no warning


def test_max_per_day_exactly_passes_one_more_fails() -> None:
    six = [("ig", f"2026-12-01 {h:02d}:00", "education") for h in range(8, 20, 2)]
    assert check(make_plan(six, end=date(2026, 12, 1))) == []
    seven = six + [("ig", "2026-12-01 21:00", "education")]
    findings = check(make_plan(seven, end=date(2026, 12, 1)))
    assert [(f.message, f.line) for f in findings] == [(
        "ig has more than 6 posts on 2026-12-01 (post ig-20261201-2100 (ig, 2026-12-01 21:00) is number 7); "
        "posting too often drives followers away",
        160,
    )]


def test_max_per_day_counts_local_days_per_account() -> None:
    """Seven posts in one UTC day, split over two Jakarta days; and another account's posts don't count."""
    utc = [("ig", f"2026-12-01T{h:02d}:00:00+00:00", "education") for h in (10, 12, 14, 16, 18, 20, 22)]
    other = [("fb", f"2026-12-02 {h:02d}:00", "education") for h in (9, 11)]
    assert check(make_plan(utc + other, start=date(2026, 12, 1), end=date(2026, 12, 2), accounts=("ig", "fb"))) == []


def test_min_gap_exactly_passes_59_minutes_fails() -> None:
    hour = [("ig", "2026-12-01 09:00", "education"), ("ig", "2026-12-01 10:00", "education")]
    assert check(make_plan(hour, end=date(2026, 12, 1))) == []
    close = [("ig", "2026-12-01 09:00", "education"), ("ig", "2026-12-01 09:59", "education")]
    findings = check(make_plan(close, end=date(2026, 12, 1)))
    assert [(f.message, f.hint, f.line) for f in findings] == [(
        "post ig-20261201-0959 (ig, 2026-12-01 09:59) is only 59m after post ig-20261201-0900 "
        "(ig, 2026-12-01 09:00); the plan asks for at least 1h between two posts of one account (cadence.min_gap)",
        "move one of them so they are at least 1h apart",
        110,
    )]


def test_min_gap_is_per_account_and_in_real_time() -> None:
    two = [("ig", "2026-12-01 09:00", "education"), ("fb", "2026-12-01 09:10", "education")]
    assert check(make_plan(two, end=date(2026, 12, 1), accounts=("ig", "fb"))) == []
    # 01:30 -> 03:30 on the spring-forward night is one real hour: passes 1h, fails 90m
    night = [("ig", "2026-03-29 01:30", "education"), ("ig", "2026-03-29 03:30", "education")]
    assert check(berlin(night)) == []
    assert "is only 1h after" in messages(berlin(night, cadence=Cadence(min_gap=timedelta(minutes=90))))[0]


def test_missing_timezone() -> None:
    assert messages(make_plan(timezone_name="")) == ["the plan names no timezone, so local days are unknown"]


def test_odd_plans_do_not_crash() -> None:
    assert check(make_plan([], accounts=(), types={}, goal="", start=None, end=None, timezone_name=""))
    check(make_plan(cadence=Cadence(max_per_day=-1, min_gap=timedelta(days=-1))))  # no crash
    assert check(make_plan([("ig", "0001-01-01 00:00", "x")], start=date(1, 1, 1), end=date(1, 1, 1)))
