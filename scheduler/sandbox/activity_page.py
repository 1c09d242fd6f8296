"""The sandbox's activity page (what others did on the user's posts) and its traffic counter: what makes a
comment check cheap, and proof of it. (Not `activity.py`, which records overlapping actions per account.)

`GET /activity` lists, newest first, what others did on the signed-in user's
posts: comments (replies included) and likes, each with its post, its time and
(for comments) its id, `PER_PAGE` to a page with "Next page" links, like a
real site's notifications. One visit tells jadwal which posts have something
new, instead of opening every post.

Every page load (HTML pages, not static files, media, the JSON API or admin
calls) is counted per endpoint; `GET /_admin/traffic` reads the counts and
`POST /_admin/traffic/reset` starts over. The tests and `scripts/bench_comments.py`
count a comment check's page loads with it.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, current_app, g, jsonify, render_template, request

from scheduler.sandbox import auth
from scheduler.sandbox.api import admin
from scheduler.sandbox.pages import page_arg

PER_PAGE = 20
EXTENSION = "sandbox_traffic"
#: request paths that are not page loads
NOT_PAGES = ("/static/", "/media/", "/api/", "/_admin/")

bp = Blueprint("activity", __name__)


@dataclass
class Traffic:
    pages: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"pages": dict(self.pages), "total": sum(self.pages.values())}

    def reset(self) -> dict[str, Any]:
        with self.lock:
            self.pages.clear()
        return self.snapshot()


def install(app: Flask) -> None:
    app.extensions[EXTENSION] = Traffic()
    app.register_blueprint(bp)


@bp.before_app_request
def _count() -> None:
    if request.method == "GET" and not request.path.startswith(NOT_PAGES):
        traffic: Traffic = current_app.extensions[EXTENSION]
        with traffic.lock:
            traffic.pages[request.endpoint or "unknown"] += 1


ACTIVITY_SQL = """
SELECT 'comment' AS kind, c.id AS id, c.post_id, c.created_at AS at, u.name AS who, c.text AS text
  FROM comments c JOIN posts p ON p.id = c.post_id JOIN users u ON u.id = c.author_id
 WHERE p.author_id = :me AND c.author_id != :me
UNION ALL
SELECT 'like', '', l.post_id, l.created_at, u.name, ''
  FROM likes l JOIN posts p ON p.id = l.post_id JOIN users u ON u.id = l.user_id
 WHERE p.author_id = :me AND l.user_id != :me
"""


@bp.get("/activity")
@auth.login_required
def activity() -> Any:
    page = page_arg()
    me = g.session.user_id
    total = g.db.execute(f"SELECT COUNT(*) FROM ({ACTIVITY_SQL})", {"me": me}).fetchone()[0]
    items = g.db.execute(f"{ACTIVITY_SQL} ORDER BY at DESC, id DESC LIMIT :n OFFSET :o",
                         {"me": me, "n": PER_PAGE, "o": (page - 1) * PER_PAGE}).fetchall()
    pages = max(1, math.ceil(total / PER_PAGE))
    return render_template("activity.html", items=[dict(i) for i in items], page=page, pages=pages)


@admin.get("/traffic")
def traffic() -> Any:
    return jsonify(current_app.extensions[EXTENSION].snapshot())


@admin.post("/traffic/reset")
def reset_traffic() -> Any:
    return jsonify(current_app.extensions[EXTENSION].reset())
