"""The HTML pages: login, feed, compose, permalink with threaded comments, profiles."""

from __future__ import annotations

import math
from typing import Any

from werkzeug.wrappers import Response as WerkzeugResponse

from flask import Blueprint, abort, g, redirect, render_template, request, send_from_directory, url_for

from scheduler.packs.counting import hashtags, mentions
from scheduler.sandbox import auth, crash, db, interrupts
from scheduler.sandbox.media import UploadRejected, store_image
from scheduler.sandbox.state import site
from scheduler.sandbox.ui import t

bp = Blueprint("pages", __name__)

MAX_TEXT = 2000
#: like Instagram's (the sandbox pack cites these)
MAX_HASHTAGS = 30
MAX_MENTIONS = 20
MAX_COMMENT = 1000
POSTS_PER_PAGE = 20
COMMENTS_PER_PAGE = 50
POSTED_FLASH = "posted:{}"


def page_arg() -> int:
    try:
        return max(1, int(request.args.get("page", "1")))
    except ValueError:
        return 1


def clean_text(raw: str | None) -> str:
    """Browsers send CRLF line breaks; store LF so the text matches what the user typed."""
    return (raw or "").replace("\r\n", "\n").replace("\r", "\n")


# --- login --------------------------------------------------------------------


@bp.get("/login")
def login_form() -> Any:
    expired = request.args.get("expired") == "1"
    session = auth.ensure_session()
    return render_template(
        "login.html",
        csrf_token=session.csrf_token,
        next=auth.safe_next(request.args.get("next")),
        error=t(auth.EXPIRED_MESSAGE) if expired else None,
        username="",
    )


@bp.post("/login")
def login_submit() -> Any:
    name = request.form.get("username", "").strip()
    next_path = auth.safe_next(request.form.get("next"))
    if not auth.csrf_ok():
        error, status = t(auth.EXPIRED_MESSAGE), 400
    else:
        user_id = db.check_login(g.db, name, request.form.get("password", ""))
        if user_id is not None:
            challenged = interrupts.login_checkpoint()
            if challenged is not None:
                return challenged
            auth.start_login(user_id)
            return redirect(next_path, 302)
        error, status = t("Wrong username or password."), 401
    session = auth.ensure_session()
    page = render_template("login.html", csrf_token=session.csrf_token, next=next_path, error=error, username=name)
    return page, status


@bp.post("/logout")
def logout() -> Any:
    """Ends the session only with the form's CSRF token: another site cannot log a visitor out."""
    if auth.current_user() is not None:
        if not auth.csrf_ok():
            abort(400, "The form is out of date. Please reload the page and try again.")
        auth.end_session()
    return redirect(url_for("pages.feed"), 303)


# --- feed and profile ---------------------------------------------------------


def _paged_posts(author: str | None) -> dict[str, Any]:
    page = page_arg()
    total = db.count_posts(g.db, author)
    posts = db.list_posts(g.db, author=author, limit=POSTS_PER_PAGE, offset=(page - 1) * POSTS_PER_PAGE)
    counts = db.comments_of(g.db, [p["id"] for p in posts])
    for post in posts:
        post["comment_count"] = len(counts[post["id"]])
    pages = max(1, math.ceil(total / POSTS_PER_PAGE))
    return {"posts": posts, "page": page, "pages": pages}


@bp.get("/")
def feed() -> Any:
    return render_template("feed.html", **_paged_posts(None))


@bp.get("/u/<name>")
def profile(name: str) -> Any:
    user = db.user_by_name(g.db, name)
    if user is None:
        abort(404, f"There is no user called {name}.")
    followers, following = db.follow_counts(g.db, user["id"])
    me = g.session.user_id if auth.current_user() else None
    is_following = me is not None and db.is_following(g.db, me, user["id"])
    return render_template(
        "profile.html", user=user, followers=followers, following=following,
        is_following=is_following, **_paged_posts(name),
    )


@bp.post("/u/<name>/follow")
@auth.login_required
def follow(name: str) -> Any:
    user = db.user_by_name(g.db, name)
    if user is None:
        abort(404, f"There is no user called {name}.")
    if user["id"] != g.session.user_id:
        db.follow(g.db, g.session.user_id, user["id"], request.form.get("action") != "unfollow")
    return redirect(url_for("pages.profile", name=name), 303)


# --- compose ------------------------------------------------------------------


@bp.get("/compose")
@auth.login_required
def compose_form() -> Any:
    return render_template("compose.html", text="", error=None)


@bp.post("/compose")
@auth.login_required
def compose_submit() -> Any:
    text = clean_text(request.form.get("text"))
    upload = request.files.get("image")
    fingerprint = _fingerprint(text, upload.filename if upload else None)
    if site().was_dropped(fingerprint):
        return crash.drop_connection()  # Chromium re-sends a POST whose connection dropped: not a new post
    error = None
    if len(text) > MAX_TEXT:
        error = f"Your post is {len(text)} characters long; the limit is {MAX_TEXT}."
    elif not text.strip() and not (upload and upload.filename):
        error = t("Write something or add an image.")
    elif len(hashtags(text)) > MAX_HASHTAGS:
        error = t("Your post has too many hashtags ({count}); the limit is {max}.",
                  count=len(hashtags(text)), max=MAX_HASHTAGS)
    elif len(mentions(text)) > MAX_MENTIONS:
        error = t("Your post mentions too many people ({count}); the limit is {max}.",
                  count=len(mentions(text)), max=MAX_MENTIONS)
    media = []
    if error is None and upload and upload.filename:
        try:
            image = store_image(upload, site().media_dir)
            media.append((image.name, image.stored_name, image.content_type))
        except UploadRejected as exc:
            error = str(exc)
    if error is not None:
        return render_template("compose.html", text=text, error=error), 400
    post_id = db.create_post(g.db, g.session.user_id, text, media)
    crashed = crash.after_commit(fingerprint)
    if crashed is not None:
        return crashed
    db.set_flash(g.db, g.session.token, POSTED_FLASH.format(post_id))
    return redirect(url_for("pages.permalink", post_id=post_id), 303)


def _fingerprint(text: str, filename: str | None) -> str:
    return crash.fingerprint(g.session.token, text, filename or "")


# --- permalink and comments ---------------------------------------------------


def _thread(post_id: int, page: int) -> tuple[list[dict], int]:
    """Top-level comments of one page, oldest first, each with its replies nested under it."""
    comments = db.comments_of(g.db, [post_id])[post_id]
    children: dict[int | None, list[dict]] = {}
    for c in comments:
        c["replies"] = children.setdefault(c["id"], [])
    for c in comments:
        children.setdefault(c["parent_id"], []).append(c)
    top = children.get(None, [])
    pages = max(1, math.ceil(len(top) / COMMENTS_PER_PAGE))
    start = (page - 1) * COMMENTS_PER_PAGE
    return top[start : start + COMMENTS_PER_PAGE], pages


def _post_or_404(post_id: int) -> dict:
    post = db.get_post(g.db, post_id)
    if post is None:
        abort(404, "This post does not exist.")
    return post


@bp.get("/p/<int:post_id>")
def permalink(post_id: int) -> Any:
    post = _post_or_404(post_id)
    posted = False
    if g.session is not None and g.session.flash == POSTED_FLASH.format(post_id):
        db.set_flash(g.db, g.session.token, None)
        posted = True
    page = page_arg()
    comments, pages = _thread(post_id, page)
    return render_template("post.html", post=post, comments=comments, page=page, pages=pages,
                           posted=posted, error=None, comment_text="")


@bp.post("/p/<int:post_id>/comments")
@auth.login_required
def comment(post_id: int) -> Any:
    post = _post_or_404(post_id)
    text = clean_text(request.form.get("text"))
    error = _comment_error(text)
    if error:
        comments, pages = _thread(post_id, 1)
        return render_template("post.html", post=post, comments=comments, page=1, pages=pages,
                               posted=False, error=error, comment_text=text), 400
    cid = db.add_comment(g.db, post_id, g.session.user_id, text, None)
    return _redirect_to_comment(post_id, cid)


@bp.route("/p/<int:post_id>/reply/<int:comment_id>", methods=["GET", "POST"])
@auth.login_required
def reply(post_id: int, comment_id: int) -> Any:
    post = _post_or_404(post_id)
    parent = db.get_comment(g.db, comment_id)
    if parent is None or parent["post_id"] != post_id:
        abort(404, "This comment does not exist.")
    text, error, status = "", None, 200
    if request.method == "POST":
        text = clean_text(request.form.get("text"))
        fingerprint = _fingerprint(f"reply {comment_id}: {text}", None)
        if site().was_dropped(fingerprint):
            return crash.drop_connection()  # Chromium re-sends a POST whose connection dropped: not a new reply
        error = _comment_error(text)
        if not error:
            cid = db.add_comment(g.db, post_id, g.session.user_id, text, comment_id)
            crashed = crash.after_commit(fingerprint)  # `crash_after_post` fits a reply too
            if crashed is not None:
                return crashed
            return _redirect_to_comment(post_id, cid)
        status = 400
    return render_template("reply.html", post=post, parent=parent, text=text, error=error), status


def _comment_error(text: str) -> str | None:
    if not text.strip():
        return t("Write something first.")
    if len(text) > MAX_COMMENT:
        return f"Your comment is {len(text)} characters long; the limit is {MAX_COMMENT}."
    return None


def _redirect_to_comment(post_id: int, comment_id: int) -> WerkzeugResponse:
    comment = db.get_comment(g.db, comment_id)
    assert comment is not None
    page = db.top_level_rank(g.db, comment) // COMMENTS_PER_PAGE + 1
    args: dict[str, Any] = {"page": page} if page > 1 else {}
    return redirect(url_for("pages.permalink", post_id=post_id, **args, _anchor=f"c{comment_id}"), 303)


@bp.get("/media/<name>")
def media(name: str) -> Any:
    content_type = db.media_type(g.db, name)
    if content_type is None:
        abort(404, "No such image.")
    return send_from_directory(site().media_dir, name, mimetype=content_type, max_age=3600)

