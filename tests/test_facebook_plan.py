"""The `facebook` adapter without a browser: a plan's Facebook account is checked at plan time (the Page's
name in `handle`, its id in `page_id`), the pack's patterns read Facebook's times and counts in English
and Indonesian, links lose their tracking, and Business Suite's address follows the account's."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scheduler.cli import cli
from scheduler.errors import ConfigError, PackError
from scheduler.i18n import set_language
from scheduler.packs.pack import pack_for
from scheduler.platforms import facebook_reading as reading
from scheduler.platforms.facebook import business_base
from scheduler.platforms.registry import get_adapter_class

ROOT = Path(__file__).parents[1]
KOPI = (ROOT / "plans" / "kopi-senja.toml").read_text(encoding="utf-8")
SANDBOX_ACCOUNT = '''platform = "sandbox"
url = "http://127.0.0.1:8700"
handle = "kopisenja"
'''
FACEBOOK_ACCOUNT = '''platform = "facebook"
url = "https://www.facebook.com"
handle = "Kopi Senja"
page_id = "61550123456789"
'''
ACCOUNT_LINE = 12  # [[account]] in plans/kopi-senja.toml
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def validate(tmp_path: Path, account: str, *extra: str) -> Result:
    assert SANDBOX_ACCOUNT in KOPI
    path = tmp_path / "plans" / "kopi.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(KOPI.replace(SANDBOX_ACCOUNT, account), encoding="utf-8")  # its posts have no media
    return CliRunner().invoke(cli, [*extra, "validate", str(path), "--format", "json"])


def findings(result: Result) -> list[tuple[str, int, str, str]]:
    return [(f["rule"], f["line"], f["message"], f["hint"]) for f in json.loads(result.output)["findings"]
            if f["severity"] == "error"]


def test_a_facebook_account_with_the_pages_name_and_id_is_valid(tmp_path: Path) -> None:
    result = validate(tmp_path, FACEBOOK_ACCOUNT)
    assert findings(result) == [], result.output
    assert result.exit_code == 0


@pytest.mark.parametrize(("account", "message", "hint"), [
    (FACEBOOK_ACCOUNT.replace('page_id = "61550123456789"\n', ""),
     "account ig (facebook) has no page_id: jadwal posts only as a Page, found by its id",
     "add page_id = \"...\" with the Page's id: the number after asset_id= in Meta Business Suite's address, or "
     "after profile.php?id= on the Page"),
    (FACEBOOK_ACCOUNT.replace('"61550123456789"', '"kopisenja"'),
     "page_id of account ig is 'kopisenja', not a Page's id",
     'write the Page\'s id as digits only, e.g. page_id = "61550123456789"'),
    (FACEBOOK_ACCOUNT.replace('handle = "Kopi Senja"\n', ""),
     "account ig (facebook) has no handle: it is the name of the Page jadwal posts as, checked on Facebook before "
     "every post",
     "add handle = \"...\" with the Page's name exactly as Facebook shows it"),
    (SANDBOX_ACCOUNT + 'page_id = "61550123456789"\n',
     "account ig sets page_id, which the sandbox platform does not use",
     "remove page_id from this [[account]]"),
])
def test_a_facebook_account_without_its_page_fails_at_its_line(
        tmp_path: Path, account: str, message: str, hint: str) -> None:
    result = validate(tmp_path, account)
    assert result.exit_code == 1
    assert findings(result) == [("R1", ACCOUNT_LINE, message, hint)]


def test_the_messages_are_indonesian_too(tmp_path: Path) -> None:
    result = validate(tmp_path, FACEBOOK_ACCOUNT.replace('page_id = "61550123456789"\n', ""), "--lang", "id")
    [(_rule, _line, message, hint)] = findings(result)
    assert "page_id" in message and "Halaman" in message and "asset_id=" in hint


def test_a_page_id_written_as_a_number_is_a_type_error_with_the_fix(tmp_path: Path) -> None:
    result = validate(tmp_path, FACEBOOK_ACCOUNT.replace('"61550123456789"', "61550123456789"))
    assert result.exit_code == 2  # the plan cannot be read as written
    [(rule, line, message, hint)] = findings(result)
    assert (rule, line) == ("load", ACCOUNT_LINE + 5)
    assert message.startswith("page_id in [[account]] must be a string in quotes")
    assert hint == 'write the line as: page_id = "61550123456789"'


def test_the_adapter_is_registered_with_its_pack() -> None:
    cls = get_adapter_class("facebook")
    assert cls.name == "facebook" and cls.account_fields == frozenset({"page_id"})  # type: ignore[attr-defined]
    pack = pack_for("facebook")
    assert pack is not None and pack.data.pacing["publish"].min_gap == timedelta(minutes=30)
    assert pack.data.limits.text is not None and pack.data.limits.text.max == 63206
    assert pack.data.limits.hashtags is None  # Facebook sets none: nothing made up


# -- what the pack's patterns read ----------------------------------------------------------------------

FB = pack_for("facebook")
assert FB is not None


@pytest.mark.parametrize(("text", "ago_min", "ago_max"), [
    ("just now", 0, 1), ("baru saja", 0, 1), ("Just now", 0, 1),
    ("5m", 5, 6), ("5 menit", 5, 6), ("3h", 180, 240), ("3 jam", 180, 240),
    ("Yesterday", 0, 2 * 24 * 60), ("Kemarin pukul 10.00", 0, 2 * 24 * 60), ("Yesterday at 3:45 PM", 0, 2880),
    ("2d", 2 * 1440, 3 * 1440), ("2 hari", 2 * 1440, 3 * 1440), ("1w", 7 * 1440, 14 * 1440),
    ("3 minggu", 21 * 1440, 28 * 1440),
])
def test_a_time_text_is_a_window(text: str, ago_min: int, ago_max: int) -> None:
    window = reading.when(FB, text, NOW)
    assert window is not None
    skew = reading.SKEW
    assert window.latest == NOW - timedelta(minutes=ago_min) + skew
    assert window.earliest == NOW - timedelta(minutes=ago_max) - skew


@pytest.mark.parametrize("text", ["28/11/2026", "March 15", "15 Maret 2025", "12 Des"])
def test_a_date_is_older_than_a_week(text: str) -> None:
    window = reading.when(FB, text, NOW)
    assert window is not None and window.latest == NOW - reading.OLDER and window.estimate == window.latest


@pytest.mark.parametrize("text", ["", "soon", "5x"])
def test_an_unreadable_time_is_none(text: str) -> None:
    assert reading.when(FB, text, NOW) is None


@pytest.mark.parametrize(("text", "value"), [
    ("987 followers", 987), ("1 follower", 1), ("1,234 followers", 1234), ("1.2K followers", 1200),
    ("12K followers", 12000), ("2.6M followers", 2_600_000),
    ("987 pengikut", 987), ("1.234 pengikut", 1234), ("1,2 rb pengikut", 1200), ("12 rb pengikut", 12000),
    ("2,6 jt pengikut", 2_600_000), ("many followers", None),
])
def test_follower_counts_in_both_languages(text: str, value: int | None) -> None:
    assert reading.count(FB, "count.followers", text) == value


@pytest.mark.parametrize(("footer", "likes", "comments"), [
    ("All reactions: 12 3 comments", 12, 3), ("All reactions: 1.2K 1,234 comments", 1200, 1234),
    ("Semua reaksi: 1,2 rb 12 rb komentar", 1200, 12000), ("All reactions: 0", 0, None), ("Like Comment", None, None),
])
def test_a_posts_footer_counts(footer: str, likes: int | None, comments: int | None) -> None:
    assert reading.last_count(FB, "count.reactions", footer) == likes
    assert reading.last_count(FB, "count.comments", footer) == comments


def test_links_lose_their_tracking_and_keep_their_post() -> None:
    link = "https://www.facebook.com/kopi/posts/pfbid0abcDEF123?__cft__[0]=AZX&__tn__=%2CO%2CP-R"
    assert reading.permalink(link) == "https://www.facebook.com/kopi/posts/pfbid0abcDEF123"
    assert reading.post_id(FB, reading.permalink(link)) == "pfbid0abcDEF123"
    php = "https://www.facebook.com/permalink.php?story_fbid=pfbid0xyz&id=6155&__cft__[0]=A"
    assert reading.permalink(php) == "https://www.facebook.com/permalink.php?story_fbid=pfbid0xyz&id=6155"
    assert reading.post_id(FB, reading.permalink(php)) == "pfbid0xyz"


@pytest.mark.parametrize(("account_url", "business"), [
    ("https://www.facebook.com", "https://business.facebook.com"),
    ("https://web.facebook.com", "https://business.facebook.com"),
    ("https://facebook.com", "https://business.facebook.com"),
    ("http://127.0.0.1:8700/replica/facebook", "http://127.0.0.1:8700/replica/facebook"),
    ("https://notfacebook.com", "https://notfacebook.com"),
])
def test_business_suite_is_on_business_facebook_com_and_a_replica_keeps_its_address(
        account_url: str, business: str) -> None:
    assert business_base(account_url) == business


def test_a_user_pack_with_a_broken_pattern_names_file_line_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "facebook.toml"
    path.write_text('platform = "facebook"\nversion = "x"\n\n[patterns]\n"time.minutes" = { en = "^(\\\\d+ m$" }\n')
    with pytest.raises(PackError) as raised:
        pack_for("facebook", tmp_path)
    assert raised.value.line == 5
    assert "patterns.time.minutes is not a valid regular expression" in raised.value.message
    path.write_text('platform = "facebook"\nversion = "x"\n\n[patterns]\n"time.minutes" = { en = "^(?P<n>\\\\d+)min$" }\n')
    repaired = pack_for("facebook", tmp_path)
    assert repaired is not None
    assert reading.when(repaired, "5min", NOW) is not None and reading.when(repaired, "5 menit", NOW) is None
    with pytest.raises(ConfigError, match="has no pattern 'time.fortnights'"):
        repaired.pattern("time.fortnights")


def teardown_module() -> None:
    set_language("en")
