"""The TikTok adapter's parts that need no browser: how it reads what TikTok shows (counts, times, ids),
how it cuts a description into typed runs and tags, the ids it gives comments, what it refuses before
any page opens, and the network's rules at plan time for a TikTok account (R1, `jadwal validate`)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from images import png_bytes
from plan_sections import engagement_and_target
from test_platform_limits import mp4_bytes

from scheduler.errors import PlatformError
from scheduler.plan.model import Account
from scheduler.platforms import readings
from scheduler.platforms.base import Draft
from scheduler.platforms.registry import get_adapter_class
from scheduler.platforms.tiktok import TikTokAdapter
from scheduler.platforms.tiktok_text import Shown, comment_ids, id_time, segments, starts_alike

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("shown", "value"), [
    ("1234", 1234), ("1,234", 1234), ("1.234", 1234), ("1.2K", 1200), ("12.3K", 12300), ("3.4M", 3_400_000),
    ("2B", 2_000_000_000), ("12,3 rb", 12300), ("3 jt", 3_000_000), ("1,2 M", 1_200_000_000), ("0", 0),
    ("1.5\u00a0K", 1500),
])
def test_counts_as_tiktok_shows_them(shown: str, value: float) -> None:
    assert readings.count(shown) == value


@pytest.mark.parametrize("shown", ["", "abc", "1.2.3K", "K", "12 likes", "-3"])
def test_what_is_not_a_count_is_none(shown: str) -> None:
    assert readings.count(shown) is None


@pytest.mark.parametrize(("shown", "ago"), [
    ("10s ago", timedelta(seconds=10)), ("5m ago", timedelta(minutes=5)), ("2h ago", timedelta(hours=2)),
    ("3d ago", timedelta(days=3)), ("1w ago", timedelta(weeks=1)), ("4 dtk yang lalu", timedelta(seconds=4)),
    ("5 mnt yang lalu", timedelta(minutes=5)), ("2 j yang lalu", timedelta(hours=2)),
    ("3 h yang lalu", timedelta(days=3)),  # "h" is hari (day) in Indonesian, hour in English
])
def test_relative_times_in_both_languages(shown: str, ago: timedelta) -> None:
    assert readings.when(shown, NOW) == NOW - ago


def test_dates_without_a_year_are_the_latest_such_day() -> None:
    assert readings.when("11-28", NOW) == datetime(2026, 11, 28, tzinfo=timezone.utc)
    assert readings.when("12-25", NOW) == datetime(2025, 12, 25, tzinfo=timezone.utc)  # not yet this year
    assert readings.when("2025-3-4", NOW) == datetime(2025, 3, 4, tzinfo=timezone.utc)
    assert readings.when("13-45", NOW) is None and readings.when("soon", NOW) is None


def test_a_description_is_cut_into_typed_runs_tags_and_mentions() -> None:
    text = "Menu baru ☕ #kopisenja, bareng @fan.id!\nno#1 email@x.com #akhir"
    assert segments(text) == [
        ("text", "Menu baru ☕ "), ("hashtag", "#kopisenja"), ("text", ", bareng "), ("mention", "@fan.id"),
        ("text", "!\nno#1 email@x.com "), ("hashtag", "#akhir")]
    assert "".join(part for _kind, part in segments(text)) == text
    assert segments("") == []


def test_comment_ids_name_their_thread_and_stay_the_same_from_read_to_read() -> None:
    rows = [Shown(1, "fan", "Enak!", "1m ago"), Shown(2, "kopisenja", "Makasih", "1m ago"),
            Shown(2, "fan", "Sama-sama", "1m ago"), Shown(1, "fan", "Enak!", "1d ago"),
            Shown(2, "kopisenja", "Makasih", "1m ago")]
    ids = list(comment_ids(rows))
    first, second = ids[0][0], ids[3][0]
    assert first != second  # the same fan, the same text twice: two comments
    assert [parent for _id, parent in ids] == [None, first, first, None, second]
    assert ids[1][0].startswith(first + "-") and ids[4][0].startswith(second + "-")
    assert ids[1][0] != ids[4][0]  # the same answer in two threads: two replies
    assert list(comment_ids(rows)) == ids  # read again: the same ids
    more = [*rows[:3], Shown(2, "kopisenja", "Baru", "1s ago"), *rows[3:]]  # a new reply in the first thread
    assert [i for i, _p in comment_ids(more) if i != list(comment_ids(more))[3][0]] == [i for i, _p in ids]
    assert list(comment_ids([Shown(2, "fan", "orphan", "")])) == [("", None)]


def test_a_video_ids_top_bits_are_its_time_when_plausible() -> None:
    stamp = int(NOW.timestamp())
    assert id_time(str((stamp << 32) | 12345)) == NOW
    assert id_time("123") is None and id_time("abc") is None


def test_a_shortened_list_text_starts_the_description() -> None:
    assert starts_alike("Menu baru ☕ #kopisenja…", "Menu  baru ☕ #KopiSenja bareng kami")
    assert starts_alike("", "anything")  # a video still processing shows no text yet: a candidate
    assert not starts_alike("Menu lama", "Menu baru")


def adapter(url: str = "https://www.tiktok.com") -> TikTokAdapter:
    return TikTokAdapter(Account("tt", "tiktok", url, "kopisenja", None, 1))


def test_the_adapter_is_registered_and_keeps_the_replicas_path() -> None:
    assert get_adapter_class("tiktok") is TikTokAdapter
    assert adapter().base == "https://www.tiktok.com"
    assert adapter("http://127.0.0.1:8700/replica/tiktok/").base == "http://127.0.0.1:8700/replica/tiktok"
    with pytest.raises(PlatformError, match="is not an http"):
        adapter("ftp://www.tiktok.com")


def test_a_photo_or_two_videos_are_refused_before_any_page_opens(tmp_path: Path) -> None:
    """No public source shows TikTok's web uploader taking photos: refused with the reason, nothing opened
    (the page argument is never touched)."""
    picture, video = tmp_path / "menu.png", tmp_path / "promo.mp4"
    picture.write_bytes(png_bytes())
    video.write_bytes(mp4_bytes())
    with pytest.raises(PlatformError) as caught:
        adapter().publish(None, Draft("p1", "Menu baru", (picture,)))  # type: ignore[arg-type]
    assert "is not a video" in caught.value.message and "photos" in caught.value.message
    with pytest.raises(PlatformError, match="2 media files; TikTok takes one video per post"):
        adapter().publish(None, Draft("p1", "Menu baru", (video, video)))  # type: ignore[arg-type]
    with pytest.raises(PlatformError, match="takes at most 2200"):
        adapter().publish(None, Draft("p1", "k" * 2201, (video,)))  # type: ignore[arg-type]


PLAN = """\
[plan]
name = "tiktok"
goal = "Sell more iced coffee through TikTok"
timezone = "Asia/Jakarta"
start = 2026-12-01
end = 2026-12-01

[[account]]
id = "tt"
platform = "tiktok"
url = "https://www.tiktok.com"
handle = "kopisenja"

[types.question]
interactive = true

""" + engagement_and_target("2026-12-01") + """
[[post]]
id = "menu"
account = "tt"
at = 2026-12-01T09:00:00
type = "question"
text = "Menu baru, mau coba?"
{media}
"""


@pytest.mark.slow  # runs `jadwal validate` twice
@pytest.mark.parametrize(("media", "expect"), [
    ('media = ["menu.png"]', "menu.png is a picture; tiktok takes only a video (one video per post through the "
                             "web uploader"),
    ("", "has no picture or video; tiktok needs at least one (one video per post"),
    ('media = ["a.mp4", "b.mp4"]', "has 2 media files; tiktok takes at most 1 per post"),
])
def test_validate_refuses_a_tiktok_post_without_exactly_one_video_at_its_line(
        tmp_path: Path, media: str, expect: str) -> None:
    (tmp_path / "menu.png").write_bytes(png_bytes())
    (tmp_path / "a.mp4").write_bytes(mp4_bytes())
    (tmp_path / "b.mp4").write_bytes(mp4_bytes())
    path = tmp_path / "plan.toml"
    path.write_text(PLAN.format(media=media))
    result = subprocess.run([sys.executable, "-m", "scheduler", "validate", str(path)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1, result.stdout
    line = PLAN.splitlines().index("[[post]]") + 1
    assert f"{path}:{line}: error R1 no-plan" in result.stdout
    assert expect in " ".join(result.stdout.split())
    assert "makiisthenes/TiktokAutoUploader#70" in result.stdout  # the source: no photo posts on the web
    path.write_text(PLAN.format(media='media = ["a.mp4"]'))
    ok = subprocess.run([sys.executable, "-m", "scheduler", "validate", str(path)], capture_output=True,
                        text=True, timeout=60)
    assert ok.returncode == 0, ok.stdout
