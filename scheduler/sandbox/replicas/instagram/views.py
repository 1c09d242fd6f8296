"""The Instagram replica's pages and the endpoints its scripts call (paths as on the live site)."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from flask import abort, g, jsonify, redirect, render_template, request

from scheduler.sandbox import crash, db
from scheduler.sandbox.replicas import store
from scheduler.sandbox.replicas.instagram import REPLICA as R
from scheduler.sandbox.replicas.instagram.texts import TEXTS as t
from scheduler.sandbox.replicas.uploads import UploadRejected, save
from scheduler.sandbox.state import site

MAX_CAPTION = 2200  # [S: META-MEDIA]
MAX_HASHTAGS = 30  # [S: META-MEDIA]
MAX_ITEMS = 20  # carousel, web/app since 2024-08 [W: CAR20]
MAX_COMMENT = 2200  # [G]
GRID = 24  # posts shown on a profile (the live site scrolls on; the replica stops here) [G]
HASHTAG = re.compile(r"(?<!\w)#\w+")


# --- formatting helpers for the templates ----------------------------------------------------


def compact(n: int) -> str:
    """12345 -> "12.3K" (English) / "12,3 rb" (Indonesian [G]): the profile header's short counts (exact
    below 10,000 [G])."""
    en = g.get("lang", "en") == "en"
    for threshold, size, suffix in ((1_000_000, 1_000_000, "M" if en else " jt"), (10_000, 1000, "K" if en else " rb")):
        if n >= threshold:
            short = f"{n / size:.1f}".rstrip("0").rstrip(".")
            return short + suffix if en else short.replace(".", ",") + suffix
    return full(n)


def full(n: int) -> str:
    """12345 -> "12,345" (English) / "12.345" (Indonesian): the exact count in `title`."""
    text = f"{n:,}"
    return text if g.get("lang", "en") == "en" else text.replace(",", ".")


def when(iso: str) -> dict[str, str]:
    """A stored time as the page shows it: `datetime` (ISO, UTC), a short text, a full title."""
    moment = datetime.fromisoformat(iso)
    seconds = (datetime.now(timezone.utc) - moment).total_seconds()
    if seconds < 60:
        short = f"{max(int(seconds), 0)}s"
    elif seconds < 3600:
        short = f"{int(seconds // 60)}m"
    elif seconds < 86400:
        short = f"{int(seconds // 3600)}h"
    elif seconds < 7 * 86400:
        short = f"{int(seconds // 86400)}d"
    else:
        short = moment.strftime("%b %-d" if moment.year == datetime.now(timezone.utc).year else "%b %-d, %Y")
    return {"datetime": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "short": short,
            "title": moment.strftime("%b %-d, %Y")}


@R.bp.app_template_filter("ig_when")
def _when_filter(iso: str) -> dict[str, str]:
    return when(iso)


@R.bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"compact": compact, "full": full, "MAX_CAPTION": MAX_CAPTION, "MAX_ITEMS": MAX_ITEMS,
            "accept": ",".join(R.accepts.limits)}


def _next_arg(value: str | None = None) -> str:
    """Where to go next: a path of this replica (from `value` or the request's `next`), else its home."""
    value = str(request.values.get("next", "") if value is None else value)
    return value if value.startswith(R.prefix + "/") and "\\" not in value else R.url("/")


def _xhr() -> bool:
    return bool(request.headers.get("X-Requested-With"))


# --- home and login -------------------------------------------------------------------------------


@R.route("/")
def home() -> Any:
    """Logged out, the login form is served here too (no redirect) [S: ID-PY, UDAY]."""
    if R.current_user() is None:
        return _login_page()
    posts = store.list_posts(g.db, R.name, newest_first=True, limit=12)
    return render_template("instagram/home.html", posts=posts, notifications=R.take_dialog("notifications"))


@R.route("/accounts/login/")
def login_form() -> Any:
    if R.current_user() is not None:
        return redirect(_next_arg())
    return _login_page()


def _login_page() -> Any:
    expired = bool(request.cookies.get(R.cookies.session)) and g.rs is None  # the cookie's session is gone
    R.ensure_session()
    return render_template("instagram/login.html", next=_next_arg(), expired=expired)


@R.route("/api/v1/web/accounts/login/ajax/", methods=["POST"])
def login_ajax() -> Any:
    """What the login form's script posts (the inputs have no names to post a form with)."""
    body = request.get_json(silent=True) or request.form
    if not R.csrf_ok():
        return jsonify({"message": "CSRF token missing or incorrect", "status": "fail"}), 403
    name, password = str(body.get("username", "")).strip(), str(body.get("password", ""))
    user_id = db.check_login(g.db, name, password)
    if user_id is None:
        exists = db.user_by_name(g.db, name) is not None
        message = t("Sorry, your password was incorrect. Please double-check your password.") if exists else \
            t("The username you entered doesn't belong to an account. Please check your username and try again.")
        return jsonify({"authenticated": False, "user": exists, "message": message, "status": "ok"})
    next_path = _next_arg(str(body.get("next", "")))
    held = R.sign_in(user_id, next_path)
    R.set_cookie("ds_user_id", str(user_id))  # [S: COOKIES]
    if held is not None:
        return jsonify({"authenticated": False, "message": "checkpoint_required", "checkpoint_url": held,
                        "redirect": held, "status": "fail"})
    target = R.url("/accounts/onetap/", next=next_path) if R.take_dialog("save_login") else next_path
    return jsonify({"authenticated": True, "userId": str(user_id), "redirect": target, "status": "ok"})


@R.route("/accounts/onetap/", methods=["GET", "POST"])
@R.login_required
def onetap() -> Any:
    """"Save your login info?" [S: UDAY 2-save-login.spec.js]: either button goes on to `next`."""
    if request.method == "POST":
        choice = "accept" if request.form.get("choice") == "save" else "decline"
        R.faults().note(f"dialog_{choice}:save_login")
        return redirect(_next_arg(), 303)
    return render_template("instagram/onetap.html", next=_next_arg())


@R.route("/accounts/logout/", methods=["POST"])
def logout() -> Any:
    if R.current_user() is not None and R.csrf_ok():
        R.sign_out()
        R.set_cookie("ds_user_id", None)
    return redirect(R.url("/"), 303)


# --- creating a post --------------------------------------------------------------------------------


@R.route("/api/v1/media/configure/", methods=["POST"])
@R.login_required
def configure() -> Any:
    """The create dialog's Share: the files, caption, alt texts and settings in one multipart POST."""
    files = [f for f in request.files.getlist("media") if f.filename]
    caption = (request.form.get("caption") or "").replace("\r\n", "\n")
    submission = crash.fingerprint(g.rs.token, caption, *(f.filename or "" for f in files))
    if site().was_dropped(submission):
        return crash.drop_connection()  # Chromium re-sending a dropped POST is not a second post
    if R.blocked():
        return _feedback_required()
    problem = None
    if not files:
        problem = t("Select from computer")
    elif len(files) > MAX_ITEMS:
        problem = t("You can only choose {n} or fewer files.", n=MAX_ITEMS)
    elif len(caption) > MAX_CAPTION or len(HASHTAG.findall(caption)) > MAX_HASHTAGS:
        problem = t("Something went wrong. Please try again.")
    checked = []
    for upload in [] if problem else files:
        try:
            checked.append((*R.accepts.check(upload), upload.filename or ""))
        except UploadRejected as exc:
            problem = t("{name} could not be uploaded.", name=exc.name)
            break
    if problem:
        return jsonify({"message": problem, "status": "fail"}), 400
    media = [save(data, kind, name, R.media_dir(), alt=request.form.get(f"alt_{i}", "").strip())
             for i, (data, kind, name) in enumerate(checked)]
    videos = sum(m.content_type.startswith("video/") for m in media)
    kind = "reel" if len(media) == 1 and videos else "carousel" if len(media) > 1 else "photo"
    extra = {
        "location": request.form.get("location", "").strip(),
        "crop": request.form.get("crop", "original"),
        "filter": request.form.get("filter", "normal"),
        "hide_likes": request.form.get("hide_likes") == "1",
        "comments_off": request.form.get("comments_off") == "1",
    }
    _post_id, code = store.create_post(g.db, R.name, R.user_id(), kind, caption, media, extra)
    if R.blocked(stored=True):  # stored, and "Action Blocked" all the same
        return _feedback_required()
    crashed = crash.after_commit(submission)
    if crashed is not None:
        return crashed
    return jsonify({"media": {"code": code, "kind": kind}, "status": "ok"})


def _feedback_required() -> Any:
    """The live site's answer to a blocked action [S: INSTAUTO isActionBlocked, SIB202]."""
    return jsonify({"message": "feedback_required", "spam": True, "feedback_title": t("Action Blocked"),
                    "feedback_message": t("We restrict certain activity to protect our community."),
                    "status": "fail"}), 400


# --- profile -------------------------------------------------------------------------------------------


def _user_or_404(handle: str) -> Any:
    row = db.user_by_name(g.db, handle)
    if row is None:
        abort(404)
    return row


@R.route("/<handle>/")
def profile(handle: str) -> Any:
    user = _user_or_404(handle)
    counts = store.profile(g.db, R.name, user["id"])
    posts = store.list_posts(g.db, R.name, author=handle, newest_first=True, limit=GRID)
    total = store.count_posts(g.db, R.name, user["id"])
    return render_template("instagram/profile.html", user=user, counts=counts, posts=posts, total=total)


@R.route("/<handle>/followers/")
def followers(handle: str) -> Any:
    user = _user_or_404(handle)
    return render_template("instagram/followers.html", user=user, counts=store.profile(g.db, R.name, user["id"]))


# --- a post and its comments --------------------------------------------------------------------------


def _post_or_404(code: str) -> dict[str, Any]:
    post = store.post_by_code(g.db, R.name, code)
    if post is None:
        abort(404)
    return post


@R.route("/p/<code>/")
@R.route("/reel/<code>/")
@R.route("/<handle>/p/<code>/")
@R.route("/<handle>/reel/<code>/")
def post_page(code: str, handle: str | None = None) -> Any:
    """Grid links carry the handle (`/<handle>/p/<code>/`) [W: REEL26]; every form shows the post."""
    post = _post_or_404(code)
    if handle is not None and handle != post["author"]:
        abort(404)
    comments, more = store.top_comments(g.db, R.name, post["id"], 0, R.faults().snapshot()["comments_page"])
    liked = R.current_user() is not None and store.likes(g.db, R.name, post["id"], R.user_id())
    return render_template("instagram/post.html", post=post, comments=comments, more=more, liked=liked,
                           total_comments=store.count_comments(g.db, R.name, post["id"]))


@R.route("/p/<code>/comments/")
def more_comments(code: str) -> Any:
    """The next page of top-level comments, for "Load more comments" (an HTML fragment)."""
    post = _post_or_404(code)
    after = request.args.get("after", "0")
    comments, more = store.top_comments(g.db, R.name, post["id"], int(after) if after.isdigit() else 0,
                                        R.faults().snapshot()["comments_page"])
    return render_template("instagram/_comments.html", post=post, comments=comments, more=more)


@R.route("/p/<code>/c/<int:comment_id>/replies/")
def replies(code: str, comment_id: int) -> Any:
    """The replies to one comment, for "View replies (N)" (an HTML fragment)."""
    post = _post_or_404(code)
    parent = store.get_comment(g.db, R.name, comment_id)
    if parent is None or parent["post_id"] != post["id"]:
        abort(404)
    return render_template("instagram/_replies.html", post=post,
                           replies=store.replies_to(g.db, R.name, comment_id))


@R.route("/p/<code>/c/<int:comment_id>/")
def comment_permalink(code: str, comment_id: int) -> Any:
    return redirect(R.url(f"/p/{code}/") + f"#c{comment_id}")


@R.route("/p/<code>/liked_by/")
def liked_by(code: str) -> Any:
    post = _post_or_404(code)
    return render_template("instagram/liked_by.html", post=post, names=store.likes_of(g.db, R.name, post["id"]))


@R.route("/api/v1/web/comments/<code>/add/", methods=["POST"])
@R.login_required
def add_comment(code: str) -> Any:
    """Post a comment, or a reply: replies hang under the top-level comment (one level, as on the
    live site), their text starting with the @handle the Reply button put in the box [G]."""
    post = _post_or_404(code)
    text = (request.form.get("comment_text") or "").replace("\r\n", "\n").strip()
    if R.blocked():
        return _feedback_required()
    if post["extra"].get("comments_off") or not text or len(text) > MAX_COMMENT:
        return jsonify({"message": t("Couldn't post comment."), "status": "fail"}), 400
    parent_id = None
    replied_to = request.form.get("replied_to_comment_id", "")
    if replied_to:
        parent = store.get_comment(g.db, R.name, int(replied_to)) if replied_to.isdigit() else None
        if parent is None or parent["post_id"] != post["id"]:
            return jsonify({"message": t("Couldn't post comment."), "status": "fail"}), 400
        parent_id = parent["parent_id"] or parent["id"]
    cid = store.add_comment(g.db, R.name, post["id"], R.user_id(), text, parent_id)
    if R.blocked(stored=True):  # stored, and "Action Blocked" all the same
        return _feedback_required()
    comment = store.get_comment(g.db, R.name, cid)
    html = render_template("instagram/_comment.html", post=post, c=comment, reply=parent_id is not None)
    return jsonify({"id": cid, "parent_id": parent_id, "html": html, "status": "ok"})


@R.route("/api/v1/web/likes/<code>/<action>/", methods=["POST"])
@R.login_required
def like(code: str, action: str) -> Any:
    if action not in ("like", "unlike"):
        abort(404)
    post = _post_or_404(code)
    store.set_like(g.db, R.name, post["id"], R.user_id(), action == "like")
    return jsonify({"likes": len(store.likes_of(g.db, R.name, post["id"])), "status": "ok"})


@R.route("/api/v1/web/reels_notice/", methods=["POST"])
@R.login_required
def reels_notice() -> Any:
    """Asked by the create dialog when a video is chosen: show "Video posts are now shared as reels"?"""
    return jsonify({"show": R.take_dialog("reels_notice"), "status": "ok"})
