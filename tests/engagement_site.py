"""A sandbox with published posts the journal knows, for the comment tests and the benchmark.

Posts are made over HTTP by a logged-in client and recorded in the journal as
the daemon would; bulk comments go straight through the sandbox's own db module
(fast); the account's session is a real browser login.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.browser import save_storage_state
from scheduler.runtime.journal import Journal
from scheduler.plan import load_plan
from scheduler.platforms.base import Credentials, PublishedRef
from scheduler.platforms.sandbox import SandboxAdapter
from scheduler.plan.model import Account
from scheduler.sandbox import db
from daemon_helpers import plan_toml
from sandbox_client import Client

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from scheduler.plan.model import Plan
    from scheduler.sandbox.server import SandboxServer

UTC = timezone.utc
USERS = {"kopisenja": "kopisenja", "fan": "fan", "fan2": "fan2"}


def login_session(browser: Browser, url: str, path: Path, user: str = "kopisenja") -> Path:
    """Log `user` in through the site's form with the real adapter and save the session (0600)."""
    account = Account("ig", "sandbox", url, user, path, 1)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        SandboxAdapter(account).login(page, Credentials(user, USERS[user]))
        save_storage_state(context, path)
    finally:
        context.close()
    return path


@dataclass
class Site:
    srv: SandboxServer
    plan_path: Path
    state: Path
    session: Path
    remote: dict[str, int]  # plan post id -> the site's post id

    @property
    def plan(self) -> Plan:
        return load_plan(self.plan_path)

    def db(self) -> sqlite3.Connection:
        return db.connect(self.srv.app.extensions["sandbox"].db_path)

    def comment(self, post_id: str, author: str, text: str, parent: int | None = None) -> int:
        """A comment written straight into the site's database (as its own form handler does)."""
        conn = self.db()
        try:
            uid = db.user_by_name(conn, author)["id"]
            return db.add_comment(conn, self.remote[post_id], uid, text, parent)
        finally:
            conn.close()

    def comment_many(self, post_id: str, author: str, texts: list[str]) -> None:
        """Many top-level comments at once, in one transaction."""
        conn = self.db()
        try:
            uid = db.user_by_name(conn, author)["id"]
            with conn:
                conn.executemany(
                    "INSERT INTO comments (post_id, author_id, parent_id, text, created_at) VALUES (?, ?, NULL, ?, ?)",
                    [(self.remote[post_id], uid, text, db.now_iso()) for text in texts])
        finally:
            conn.close()

    def move_post(self, when: datetime, to: datetime) -> None:
        """Give the plan's post at `when` a new time (a running daemon picks it up as an edit)."""
        old, new = (f"at = {t.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z" for t in (when, to))
        text = self.plan_path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        self.plan_path.write_text(text.replace(old, new), encoding="utf-8")

    def comments_on_site(self) -> set[tuple[int, int]]:
        conn = self.db()
        try:
            return {(r[0], r[1]) for r in conn.execute("SELECT post_id, id FROM comments")}
        finally:
            conn.close()


def build_site(tmp_path: Path, srv: SandboxServer, browser: Browser, n_posts: int, *,
               notify: tuple[str, ...] = (), reply_within: str = "4h", upcoming: list[datetime] | None = None,
               check_every: str = "30m", zone: str = "UTC") -> Site:
    """`n_posts` posts published a few minutes ago (journal: published), plus `upcoming` pending posts
    (at any time: one due long ago is missed when a daemon starts), in a plan in time zone `zone`.
    Post ids go p000, p001... by time."""
    session = login_session(browser, srv.url, tmp_path / "sessions" / "ig.json")
    now = datetime.now(UTC).replace(microsecond=0)
    past = [now - timedelta(minutes=n_posts + 1 - i) for i in range(n_posts)]
    upcoming = upcoming or []
    times = past + upcoming
    texts = [f"Post {i:03d}: kopi susu gula aren hari ini" for i in range(len(times))]
    text = plan_toml(times, url=srv.url, session=session, texts=texts, max_per_day=len(times) + 6,
                     notify=notify, check_every=check_every, zone=zone)
    text = text.replace('reply_within = "4h"', f'reply_within = "{reply_within}"')
    plan_path = tmp_path / "plan.toml"
    plan_path.write_text(text, encoding="utf-8")
    plan = load_plan(plan_path)
    client = Client(srv.url)
    client.login("kopisenja")
    remote: dict[str, int] = {}
    state = tmp_path / "state" / "state.db"
    with Journal(state) as journal:
        journal.sync(plan, now)
        for post in [p for p in plan.posts if p.at in past]:
            made = client.compose(post.text)
            found = re.search(r"/p/(\d+)", made.url)
            assert made.status == 200 and found, (made.status, made.url)
            remote[post.id] = int(found.group(1))
            assert journal.claim(post.id, now) is not None
            journal.published(post.id, PublishedRef(found.group(1), f"{srv.url}/p/{found.group(1)}",
                                                    datetime.now(UTC)), now)
    return Site(srv, plan_path, state, session, remote)
