"""The sandbox's audience over real HTTP: likes, views, and fans who keep a time-of-day habit on demand."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sandbox_client import Client

from scheduler.sandbox import db
from scheduler.sandbox.server import SandboxServer

UTC = timezone.utc
JAKARTA = ZoneInfo("Asia/Jakarta")


def stats(client: Client, post_id: int) -> dict[str, int]:
    page = client.get(f"/p/{post_id}")
    assert page.status == 200
    return {name: int(n) for name, n in re.findall(r'data-testid="(like|comment|view)-count">(\d+)<', page.body)}


def posts_at(srv: SandboxServer, times: list[datetime], author: str = "kopisenja") -> list[int]:
    """Posts written straight into the site's database, made at the given times (history for the fans)."""
    conn = db.connect(srv.app.extensions["sandbox"].db_path)
    try:
        uid = db.user_by_name(conn, author)["id"]
        with conn:
            return [conn.execute("INSERT INTO posts (author_id, text, created_at) VALUES (?, ?, ?)",
                                 (uid, f"post at {t.isoformat()}", t.astimezone(UTC).isoformat())).lastrowid
                    for t in times]
    finally:
        conn.close()


def test_likes_and_views_show_under_the_post(sandbox: SandboxServer) -> None:
    owner = Client(sandbox.url)
    owner.login("kopisenja")
    made = owner.compose("Kopi susu gula aren, Rp 18.000")
    post_id = int(made.url.rsplit("/", 1)[1])
    assert stats(owner, post_id) == {"like": 0, "comment": 0, "view": 0}  # the author's own views do not count
    assert 'action="/p/{}/like"'.format(post_id) not in owner.get(f"/p/{post_id}").body  # no liking oneself

    fan = Client(sandbox.url)
    fan.login("fan")
    page = fan.get(f"/p/{post_id}")
    assert f'action="/p/{post_id}/like"' in page.body and ">Like</button>" in page.body
    liked = fan.post(f"/p/{post_id}/like", {"action": "like"})
    assert liked.status == 200 and ">Liked</button>" in liked.body
    fan.post(f"/p/{post_id}/like", {"action": "like"})  # twice is still one like
    anonymous = Client(sandbox.url)
    anonymous.get(f"/p/{post_id}")
    assert stats(owner, post_id) == {"like": 1, "comment": 0, "view": 4}  # fan x3 (incl. redirects), visitor x1
    fan.post(f"/p/{post_id}/like", {"action": "unlike"})
    assert stats(owner, post_id)["like"] == 0
    refused = fan.post(f"/p/{post_id}/like", {"action": "like"}, csrf=False)
    assert refused.status == 400 and stats(owner, post_id)["like"] == 0
    assert Client(sandbox.url).post(f"/p/{post_id}/like", {}, follow=False).status == 302  # to the login page


def test_fans_respond_by_the_hour_they_keep_and_the_same_seed_gives_the_same_response(
        sandbox_factory) -> None:  # noqa: ANN001 - a pytest fixture
    day = datetime.now(JAKARTA).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=3)
    times = [day + timedelta(hours=h, minutes=m) for h in (8, 12, 19, 20) for m in (0, 30)]
    results = []
    for _ in range(2):
        srv = sandbox_factory()
        ids = posts_at(srv, times)
        habit = Client(srv.url).post_json("/_admin/audience", {
            "seed": 11, "fans": 30, "hours": [19, 20], "timezone": "Asia/Jakarta"}).json()
        assert habit["hours"] == [19, 20] and habit["fans"] == 30
        acted = Client(srv.url).post_json("/_admin/audience/act", {"author": "kopisenja"}).json()
        assert acted["posts"] == len(times)
        assert Client(srv.url).post_json("/_admin/audience/act", {}).json()["posts"] == 0  # once per post
        owner = Client(srv.url)
        owner.login("kopisenja")
        results.append([stats(owner, i) for i in ids])
    first, second = results
    assert first == second  # deterministic: same seed, same posts, same response
    online = [s for t, s in zip(times, first, strict=True) if t.hour in (19, 20)]
    offline = [s for t, s in zip(times, first, strict=True) if t.hour not in (19, 20)]
    assert min(s["view"] for s in online) > 2 * max(s["view"] for s in offline)
    assert sum(s["like"] for s in online) > 4 * sum(s["like"] for s in offline)
    assert sum(s["comment"] for s in online) > sum(s["comment"] for s in offline)
    api = Client(srv.url).get("/api/posts").json()  # fans' comments are ordinary comments, dated after the post
    commented = [p for p in api if p["comments"]]
    assert commented and all(c["created_at"] > p["created_at"] for p in commented for c in p["comments"])
    assert all(c["author"].startswith("fan-") for p in commented for c in p["comments"])


@pytest.mark.parametrize(("settings", "said"), [
    ({"seed": 1, "hours": [24]}, "hours must be a list of whole numbers 0..23"),
    ({"timezone": "Mars/Olympus"}, "unknown timezone"),
    ({"online": 2}, "online must be a share between 0 and 1"),
    ({"fans": 10_000}, "fans must be a whole number"),
    ({"mood": "happy"}, "unknown setting(s): mood"),
    ([1, 2], "send a JSON object"),
])
def test_audience_settings_are_checked(sandbox: SandboxServer, settings: object, said: str) -> None:
    reply = Client(sandbox.url).post_json("/_admin/audience", settings)
    assert reply.status == 400 and said in reply.json()["error"]
    assert Client(sandbox.url).get("/_admin/audience").json() is None  # nothing changed


def test_fans_cannot_act_before_they_exist(sandbox: SandboxServer) -> None:
    reply = Client(sandbox.url).post_json("/_admin/audience/act", {})
    assert reply.status == 409 and "POST /_admin/audience first" in reply.json()["error"]
