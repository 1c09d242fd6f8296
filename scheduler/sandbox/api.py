"""The read-only JSON API (for tests and verification) and the loopback-only admin endpoints."""

from __future__ import annotations

import ipaddress
import math
from typing import Any

from flask import Blueprint, abort, g, jsonify, request

from scheduler.sandbox import db
from scheduler.sandbox.faults import FaultError
from scheduler.sandbox.state import LOOPBACK_NAMES, host_name, site

api = Blueprint("api", __name__, url_prefix="/api")
admin = Blueprint("admin", __name__, url_prefix="/_admin")


def post_json(post: dict, comments: list[dict]) -> dict[str, Any]:
    return {
        "id": post["id"],
        "author": post["author"],
        "text": post["text"],
        "media": [m["name"] for m in post["media"]],
        "media_urls": [f"{request.host_url}media/{m['stored_name']}" for m in post["media"]],
        "created_at": post["created_at"],
        "permalink": f"{request.host_url}p/{post['id']}",
        "comments": [
            {k: c[k] for k in ("id", "author", "text", "parent_id", "created_at")} for c in comments
        ],
    }


@api.get("/posts")
def posts() -> Any:
    found = db.list_posts(g.db, author=request.args.get("author") or None, newest_first=False)
    comments = db.comments_of(g.db, [p["id"] for p in found])
    return jsonify([post_json(p, comments[p["id"]]) for p in found])


@api.get("/users/<name>")
def user(name: str) -> Any:
    row = db.user_by_name(g.db, name)
    if row is None:
        return jsonify({"error": f"no user called {name}"}), 404
    followers, following = db.follow_counts(g.db, row["id"])
    return jsonify({"name": row["name"], "followers": followers, "following": following})


@admin.before_request
def loopback_only() -> None:
    """Only the machine itself may inject faults, and no web page open in its browser: the request
    comes from a loopback address, names a loopback host (a DNS-rebound evil.example does not), has
    no foreign Origin, and a POST is JSON (which a page cannot send across sites without CORS)."""
    if not ipaddress.ip_address(request.remote_addr or "0.0.0.0").is_loopback:
        abort(403, "The admin endpoints answer this machine only.")
    if host_name() not in LOOPBACK_NAMES:
        abort(403, "The admin endpoints answer to a loopback host name only (127.0.0.1, localhost, [::1]).")
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"{request.scheme}://{request.host}":
        abort(403, "The admin endpoints refuse calls from web pages.")
    if request.method == "POST" and not request.is_json:
        abort(415, "Send JSON (Content-Type: application/json).")


@admin.route("/faults", methods=["GET", "POST"])
def faults() -> Any:
    if request.method == "GET":
        return jsonify(site().faults.snapshot())
    settings = request.get_json(silent=True)
    if not isinstance(settings, dict):
        return jsonify({"error": "send a JSON object of fault settings"}), 400
    try:
        return jsonify(site().faults.update(**settings))
    except FaultError as exc:
        return jsonify({"error": str(exc)}), 400


@admin.post("/reset-faults")
def reset_faults() -> Any:
    return jsonify(site().faults.reset())


@admin.post("/expire-sessions")
def expire_sessions() -> Any:
    return jsonify({"expired": db.delete_sessions_before(g.db, math.inf)})


@admin.get("/activity")
def activity() -> Any:
    """Every signed-in action per account and the overlaps (one account doing two things at once)."""
    return jsonify(site().activity.snapshot())


@admin.post("/activity/reset")
def reset_activity() -> Any:
    site().activity.reset()
    return jsonify(site().activity.snapshot())
