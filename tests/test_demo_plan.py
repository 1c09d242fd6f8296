"""The demo plans: scripts/demo_plan.py's "today" plan keeps every rule whenever the demo runs, midnight
too; the WordPress demo plan is valid as shipped."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from scheduler.plan import load_plan
from scheduler.rules.registry import check_plan

ROOT = Path(__file__).resolve().parent.parent
JAKARTA = timezone(timedelta(hours=7))


@pytest.mark.parametrize("now", [
    datetime(2026, 11, 26, 11, 0, 0, tzinfo=JAKARTA),   # one day
    datetime(2026, 11, 26, 23, 59, 30, tzinfo=JAKARTA),  # 1 post, then 3 the next day
    datetime(2026, 11, 26, 23, 58, 30, tzinfo=JAKARTA),  # 3, then 1
    datetime(2026, 11, 26, 23, 59, 0, tzinfo=JAKARTA),   # 2 and 2
    datetime(2026, 12, 31, 23, 59, 30, tzinfo=JAKARTA),  # across the year
])
def test_today_plan_keeps_every_rule(tmp_path: Path, now: datetime) -> None:
    out = tmp_path / "var" / "demo" / "today.toml"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "demo_plan.py"), "write",
                    str(ROOT / "plans" / "kopi-senja.toml"), str(out), "--now", now.isoformat()],
                   check=True, capture_output=True, timeout=60)
    plan = load_plan(out)
    assert check_plan(plan) == []
    assert [p.at - plan.posts[0].at for p in plan.posts] == [timedelta(seconds=s) for s in (0, 30, 60, 90)]
    assert plan.posts[0].at == now + timedelta(seconds=20)
    assert (plan.start, plan.end) == ((now + timedelta(seconds=20)).date(), (now + timedelta(seconds=110)).date())
    days = {p.at.astimezone(plan.tz).date() for p in plan.posts}
    for day in days:  # a question every local day, nothing selling
        assert any(p.type == "question" for p in plan.posts if p.at.astimezone(plan.tz).date() == day)
    assert not any(plan.types[p.type].selling for p in plan.posts)
    session = plan.accounts["ig"].session
    assert session is not None and session.resolve() == (ROOT / "plans" / "../sessions/kopisenja.json").resolve()


def test_wordpress_demo_plan_is_valid() -> None:
    plan = load_plan(ROOT / "plans" / "wordpress-demo.toml")
    assert [a.platform for a in plan.accounts.values()] == ["wordpress"]
    assert plan.accounts["blog"].url == "http://127.0.0.1:8800"
    assert check_plan(plan) == []
    assert all(m.is_file() for p in plan.posts for m in p.media)
