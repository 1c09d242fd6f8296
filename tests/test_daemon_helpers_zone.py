"""zone_near_noon, on which the one-day plans of the daemon tests rely to pass at any hour of the day."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from daemon_helpers import plan_toml, zone_near_noon

from scheduler.plan import load_plan

UTC = timezone.utc


@pytest.mark.parametrize("hour", range(24))
@pytest.mark.parametrize("minute", [0, 59])
def test_every_moment_within_three_hours_of_now_lies_on_one_local_day(hour: int, minute: int) -> None:
    """At 23:59:30 UTC a post due a minute later lies on the next UTC day, but on the zone's day of now."""
    for day in (datetime(2026, 11, 29, tzinfo=UTC), datetime(2026, 6, 30, tzinfo=UTC)):  # no DST either side
        now = day.replace(hour=hour, minute=minute, second=30)
        zone = ZoneInfo(zone_near_noon(now))
        local = now.astimezone(zone)
        assert 11 <= local.hour <= 13, (now, zone, local)
        assert {(now + timedelta(hours=h)).astimezone(zone).date() for h in (-3, 0, 3)} == {local.date()}


def test_a_plan_written_just_before_midnight_utc_holds_its_posts(tmp_path: Path) -> None:
    now = datetime(2026, 11, 29, 23, 59, 30, tzinfo=UTC)
    times = [now + timedelta(seconds=s) for s in (8, 40, 75)]  # the last on 30 November in UTC
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(plan_toml(times, url="http://127.0.0.1:9", session=tmp_path / "s.json",
                                   zone=zone_near_noon(now)), encoding="utf-8")
    plan = load_plan(plan_file)
    assert plan.start == plan.end == now.astimezone(plan.tz).date()
    assert all(plan.start <= p.at.astimezone(plan.tz).date() <= plan.end for p in plan.posts)
