"""A sandbox account with weeks of history: posts made at known local hours, fans with a known habit.

Two plans share the account `ig`: `history.toml` holds the past days (its posts are on the site,
dated at their planned times, and published in the journal as the daemon would have recorded
them); `next.toml` holds the coming week, not published yet: the plan `suggest` re-times and
`validate --state` hints at. The journal's history is the account's, whatever plan wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from scheduler.runtime.journal import Journal
from scheduler.plan import load_plan
from scheduler.platforms.base import PublishedRef
from scheduler.sandbox import db
from engagement_site import login_session

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from scheduler.sandbox.server import SandboxServer

UTC = timezone.utc
TZ = "Asia/Jakarta"
ZONE = ZoneInfo(TZ)
#: when the history's posts went out, and when the coming week's are planned
PAST_TIMES = (time(8), time(12, 30), time(19), time(21))
NEXT_TIMES = (time(8), time(12, 30), time(19))
#: the fans are online in the evening
HABIT = {"seed": 7, "fans": 20, "hours": [19, 20, 21], "timezone": TZ}


def plan_text(name: str, days: list[date], times: tuple[time, ...], session: Path, url: str) -> str:
    """A valid one-account plan: every day a question at 19:00, education and tips around it."""
    kinds = {time(19): "question", time(8): "education"}
    out = [
        "[plan]", f'name = "{name}"', 'goal = "Learn when the followers are there"', f'timezone = "{TZ}"',
        f"start = {days[0].isoformat()}", f"end = {days[-1].isoformat()}", "",
        "[[account]]", 'id = "ig"', 'platform = "sandbox"', f'url = "{url}"', 'handle = "kopisenja"',
        f'session = "{session}"', "",
        "[types.education]", "[types.tips]", "[types.question]", "interactive = true", "",
        "[cadence]", "min_per_day = 1", "max_per_day = 6", 'min_gap = "1h"', 'max_gap = "36h"', "",
        "[engagement]", 'owner = "Rina"', 'check_every = "30m"', 'reply_within = "4h"', "",
        "[[target]]", 'metric = "reach"', 'account = "ig"', "baseline = 100", "goal = 110",
        f"by = {days[-1].isoformat()}", "",
    ]
    for day in days:
        for at in times:
            out += ["[[post]]", f'id = "{day:%m%d}-{at:%H%M}"', 'account = "ig"',
                    f"at = {datetime.combine(day, at).isoformat()}",  # local time
                    f'type = "{kinds.get(at, "tips")}"',
                    f'text = "Post {day:%m%d} {at:%H:%M}: kopi susu gula aren"', ""]
    return "\n".join(out)


@dataclass
class History:
    srv: SandboxServer
    history: Path  # the past days' plan
    next: Path  # the coming week's plan
    state: Path
    session: Path
    today: date


def history_site(tmp_path: Path, srv: SandboxServer, browser: Browser, *, days_back: int = 12,
                 days_ahead: int = 7) -> History:
    """`days_back` days of the account's history (ending the day before yesterday) on the site and in the
    journal; the next `days_ahead` days planned."""
    session = login_session(browser, srv.url, tmp_path / "sessions" / "ig.json")
    today = datetime.now(ZONE).date()
    # up to the day before yesterday: every post is past its 24 h mark, whatever the time of day now
    past = [today - timedelta(days=n) for n in range(days_back + 1, 1, -1)]
    coming = [today + timedelta(days=n) for n in range(1, days_ahead + 1)]
    history = tmp_path / "history.toml"
    history.write_text(plan_text("Kopi Senja, the last days", past, PAST_TIMES, session, srv.url), encoding="utf-8")
    nxt = tmp_path / "next.toml"
    nxt.write_text(plan_text("Kopi Senja, next week", coming, NEXT_TIMES, session, srv.url), encoding="utf-8")
    plan = load_plan(history)
    state = tmp_path / "state" / "state.db"
    conn = db.connect(srv.app.extensions["sandbox"].db_path)
    try:
        uid = db.user_by_name(conn, "kopisenja")["id"]
        with Journal(state) as journal:
            journal.sync(plan, plan.posts[0].at - timedelta(hours=1))
            for post in plan.posts:
                with conn:  # on the site at its planned time, as if the daemon had published it then
                    remote = conn.execute("INSERT INTO posts (author_id, text, created_at) VALUES (?, ?, ?)",
                                          (uid, post.text, post.at.astimezone(UTC).isoformat())).lastrowid
                assert journal.claim(post.id, post.at) is not None
                journal.published(post.id, PublishedRef(str(remote), f"{srv.url}/p/{remote}", post.at), post.at)
    finally:
        conn.close()
    return History(srv, history, nxt, state, session, today)
