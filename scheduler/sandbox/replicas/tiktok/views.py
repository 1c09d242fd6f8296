"""The TikTok replica's pages and the endpoints its scripts call (paths as on the live site where the
research has them; the XHR endpoints' paths and shapes are the replica's own [G])."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flask import abort, g, jsonify, redirect, render_template, request

from scheduler.sandbox import crash, db
from scheduler.sandbox.replicas import store
from scheduler.sandbox.replicas.store import NewMedia
from scheduler.sandbox.replicas.tiktok import REPLICA as R
from scheduler.sandbox.replicas.tiktok import challenges
from scheduler.sandbox.replicas.tiktok.texts import TEXTS as t
from scheduler.sandbox.replicas.uploads import UploadRejected, save
from scheduler.sandbox.state import site

MAX_CAPTION = 4000  # the web editor's counter [W: napoleoncat, lettercounter; the API's is 2,200 (MAKI)]
MAX_COMMENT = 150  # [S: napoleoncat (unofficial)]
REPLIES_PAGE = 3  # replies per "View N replies" / "View more" [G]
GRID = 30  # videos on a profile before it would scroll on [G]
PROCESSING_SECONDS = 1.0  # after the upload, before Post is ready [G]
PENDING_SECONDS = 3600  # an upload not posted within this is forgotten [G]
VISIBILITY = ("everyone", "friends", "only_you")
HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
STATUS_TOO_FAST = 2158  # [S: TT546#74]
LOGIN_THROTTLES = {"login_too_many": "Too many attempts. Try again later.",
                   "login_max_attempts": "Maximum number of attempts reached. Try again later."}


# --- formatting helpers for the templates ---------------------------------------------------------


def compact(n: int) -> str:
    """1234 -> "1.2K", 1250000 -> "1.2M" (English); "1,2 rb", "1,2 jt" (Indonesian [G])."""
    en = g.get("lang", "en") == "en"
    for size, suffix in ((1_000_000_000, "B" if en else " M"), (1_000_000, "M" if en else " jt"),
                         (1000, "K" if en else " rb")):
        if n >= size:
            short = f"{n / size:.1f}".rstrip("0").rstrip(".")
            return short + suffix if en else short.replace(".", ",") + suffix
    return str(n)


def ago(iso: str) -> str:
    """A stored time as TikTok shows it: "5m ago" .. "6d ago", then "11-28", then "2025-11-28" [W]."""
    moment = datetime.fromisoformat(iso)
    now = datetime.now(timezone.utc)
    seconds = max(int((now - moment).total_seconds()), 0)
    for limit, size, key in ((60, 1, "{n}s ago"), (3600, 60, "{n}m ago"), (86400, 3600, "{n}h ago"),
                             (7 * 86400, 86400, "{n}d ago")):
        if seconds < limit:
            return t(key, n=seconds // size)
    return f"{moment.month}-{moment.day}" if moment.year == now.year else f"{moment.year}-{moment.month}-{moment.day}"


def epoch(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp())


def css(name: str) -> str:
    """A styled-components class as the live site has them (`css-1x2y3z-DivItemContainerV2`), its hash
    new on every page load [S: research's replica notes] so nothing can depend on it."""
    if "css_salt" not in g:
        g.css_salt = secrets.token_hex(3)
    return f"css-{g.css_salt}{len(name)}-{name}"


def caption_parts(post: dict[str, Any]) -> list[tuple[str, str]]:
    """The caption as (kind, text) runs: "text", "tag" (a #hashtag) or "mention" (an @handle chosen from
    the suggestions when the video was posted)."""
    mentions = set(post["extra"].get("mentions", []))
    pattern = re.compile(r"(?<![\w#@])(#\w+|@[\w.]+)")
    parts: list[tuple[str, str]] = []
    pos = 0
    for m in pattern.finditer(post["text"]):
        token = m.group(1)
        if token.startswith("@") and token[1:] not in mentions:
            continue
        parts.append(("text", post["text"][pos:m.start()]))
        parts.append(("tag" if token.startswith("#") else "mention", token))
        pos = m.end()
    parts.append(("text", post["text"][pos:]))
    return [p for p in parts if p[1]]


@R.bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"compact": compact, "ago": ago, "css": css, "epoch": epoch, "MAX_CAPTION": MAX_CAPTION,
            "MAX_COMMENT": MAX_COMMENT, "caption_parts": caption_parts, "rehydration": rehydration}


def rehydration(scope: dict[str, Any]) -> str:
    """`<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__">`'s JSON [S: KV; stats names multi], safe in a script."""
    return json.dumps({"__DEFAULT_SCOPE__": scope}, ensure_ascii=False).replace("</", "<\\/")


def _next_arg(value: str | None = None) -> str:
    """Where to go next: a path of this replica (from `value` or the request's `next`), else For You."""
    value = str(request.values.get("next", "") if value is None else value)
    return value if value.startswith(R.prefix + "/") and "\\" not in value else R.url("/foryou")


def _throttled(user: str | None, kinds: set[str], *, stored: bool = False) -> str | None:
    """The armed throttle of one of `kinds` for `user`, if it fires now (logged as blocked:<kind>);
    `stored`: asked after the post was stored (a throttle armed to answer then)."""
    kind = None if not user else R.faults().take_checkpoint(None, user, kinds, stored=stored)
    if kind is not None:
        R.faults().note(f"blocked:{kind}")
    return kind


# --- home, login, session ------------------------------------------------------------------------------


@R.route("/")
@R.route("/foryou")
def home() -> Any:
    posts = store.list_posts(g.db, R.name, newest_first=True, limit=12)
    posts = [p for p in posts if p["extra"].get("visibility", "everyone") == "everyone"]
    return render_template("tiktok/home.html", posts=posts)


@R.route("/login")
def login_choices() -> Any:
    if R.current_user() is not None:
        return redirect(_next_arg())
    return render_template("tiktok/login_choices.html", next=_next_arg())


@R.route("/login/qr")
def login_qr() -> Any:
    return render_template("tiktok/login_qr.html", next=_next_arg())


@R.route("/login/phone-or-email")
def login_phone() -> Any:
    """The phone form on the live site; the replica has only the email/username one [G]."""
    return redirect(R.url("/login/phone-or-email/email", next=_next_arg()))


@R.route("/login/phone-or-email/email")
def login_form() -> Any:
    """The form TU's login fills: `input[name=username]`, `input[type=password]`, `button[type=submit]`
    (since 2023-02) [S: TU]. Posted by script (TikTok's web login is an XHR [G])."""
    if R.current_user() is not None:
        return redirect(_next_arg())
    R.ensure_session()
    return render_template("tiktok/login.html", next=_next_arg())


@R.route("/passport/web/user/login/", methods=["POST"])
def login_xhr() -> Any:
    """The login form's script posts here [G: path]; JSON in, JSON out."""
    body = request.get_json(silent=True) or {}
    if not R.csrf_ok():
        return jsonify({"message": "CSRF token missing or incorrect", "status": "fail"}), 403
    name, password = str(body.get("username", "")).strip(), str(body.get("password", ""))
    throttled = _throttled(name, set(LOGIN_THROTTLES))
    if throttled is not None:
        return jsonify({"data": {"error_code": 7, "description": t(LOGIN_THROTTLES[throttled])},  # code 7 [S: SSK#14]
                        "message": "error"})
    user_id = db.check_login(g.db, name, password)
    if user_id is None:
        return jsonify({"data": {"error_code": 1009, "description": t("Account or password is incorrect")},  # [G]
                        "message": "error"})
    next_path = _next_arg(str(body.get("next", "")))
    held = R.sign_in(user_id, next_path)
    R.set_cookie("tt-target-idc", "useast2a")  # the datacenter cookie MAKI saves [S: MAKI]
    return jsonify({"data": {"user_id": str(user_id), "redirect_url": held or next_path}, "message": "success"})


@R.route("/logout", methods=["POST"])
def logout() -> Any:
    if R.current_user() is not None and R.csrf_ok():
        R.sign_out()
        R.set_cookie("tt-target-idc", None)
    return redirect(R.url("/foryou"), 303)


@R.route("/node-webapp/api/common-app-context")
def app_context() -> Any:
    """Who is signed in: a `user` object when logged in, none otherwise [S: MP account/tiktok.ts]."""
    name = R.current_user()
    context: dict[str, Any] = {"language": g.lang, "region": "ID"}
    if name is not None:
        context["user"] = {"uid": str(R.user_id()), "uniqueId": name, "nickName": name,
                           "secUid": f"MS4wLjABAAAA{R.user_id():08d}"}  # the shape [S: MP]; values [G]
    return jsonify(context)


# --- TikTok Studio: upload --------------------------------------------------------------------------------


@R.route("/upload")
def upload_old() -> Any:
    """Forwarded to the creator centre since 2023-09 [S: TU 02662e5, issue #35]."""
    return redirect(R.url("/creator-center/upload", **request.args))


@R.route("/creator-center/upload")
def upload_creator_center() -> Any:
    """Forwarded to TikTok Studio [S: SAU main.py waits for /tiktokstudio/upload]."""
    return redirect(R.url("/tiktokstudio/upload", **request.args))


@R.route("/tiktokstudio/upload")
@R.login_required
def upload_page() -> Any:
    return render_template("tiktok/upload.html", tutorial=R.take_dialog("tutorial"), accept="video/*")


@R.route("/api/studio/interrupt/<name>/", methods=["POST"])
@R.login_required
def interrupt(name: str) -> Any:
    """Asked by the upload page at the moment a dialog would show (after the upload, on Post): show it?"""
    if name not in R.dialogs:
        abort(404)
    return jsonify({"show": R.take_dialog(name)})


@dataclass
class Pending:
    """A video uploaded but not posted yet (the live site keeps it server-side too [G])."""

    user_id: int
    media: NewMedia
    path: Path
    at: float


_pending: dict[str, Pending] = {}
_pending_lock = threading.Lock()


def _forget_old() -> None:
    cutoff = time.time() - PENDING_SECONDS
    with _pending_lock:
        for token in [k for k, p in _pending.items() if p.at < cutoff]:
            gone = _pending.pop(token)
            gone.path.unlink(missing_ok=True)


@R.route("/api/studio/upload/", methods=["POST"])
@R.login_required
def upload_video() -> Any:
    """The file chosen in the upload page, sent as it is chosen (the page shows the progress)."""
    if _throttled(R.current_user(), {"upload_too_many"}):
        return jsonify({"status_code": 7, "status_msg": t("Too many uploading attempts. Try again later.")})
    upload = request.files.get("video")
    if upload is None or not upload.filename:
        return jsonify({"status_code": 4, "status_msg": t("Unsupported file. Select a video file.")}), 400
    try:
        data, kind = R.accepts.check(upload)
    except UploadRejected as exc:
        message = "This video is too large." if exc.reason == "size" else "Unsupported file. Select a video file."
        return jsonify({"status_code": 4, "status_msg": t(message)}), 400
    _forget_old()
    pending_dir = R.media_dir() / "pending"
    media = save(data, kind, upload.filename, pending_dir)
    token = secrets.token_hex(12)
    with _pending_lock:
        _pending[token] = Pending(R.user_id(), media, pending_dir / media.stored_name, time.time())
    return jsonify({"status_code": 0, "video_id": token, "name": media.name, "size": len(data),
                    "content_type": kind, "processing_ms": int(PROCESSING_SECONDS * 1000),
                    "resolution": "720p"})


def _claim(token: str) -> NewMedia | None:
    """The uploaded video as a new media file of a post (each post its own copy: posting one upload
    twice makes two posts, as a careless client would on the live site)."""
    with _pending_lock:
        pending = _pending.get(token)
    if pending is None or pending.user_id != R.user_id() or not pending.path.exists():
        return None
    stored = f"{secrets.token_hex(12)}{pending.path.suffix}"
    shutil.copyfile(pending.path, R.media_dir() / stored)
    return NewMedia(pending.media.name, stored, pending.media.content_type)


def new_video_id() -> str:
    """A 19-digit id whose top 32 bits are the Unix time it was made, as scrapers decode them [multi/G]."""
    return str((int(time.time()) << 32) | secrets.randbits(32))


@R.route("/api/studio/post/", methods=["POST"])
@R.login_required
def post_video() -> Any:
    """Post: the uploaded video, the description as the editor holds it, the settings."""
    body = request.get_json(silent=True) or {}
    token = str(body.get("video_id", ""))
    caption = str(body.get("caption", "")).replace("\r\n", "\n")
    submission = crash.fingerprint(g.rs.token, caption, token)
    if site().was_dropped(submission):
        return crash.drop_connection()  # Chromium re-sending a dropped POST is not a second post
    if _throttled(R.current_user(), {"posting_too_fast"}):
        return jsonify({"status_code": STATUS_TOO_FAST, "status_msg": t("You are posting too fast. Take a rest.")})
    visibility = body.get("visibility", "everyone")
    failed = jsonify({"status_code": 5, "status_msg":
                      t("Something went wrong. You can try again or replace it with a different video.")})
    if visibility not in VISIBILITY or len(caption) > MAX_CAPTION:
        return failed
    media = _claim(token)
    if media is None:
        return failed
    names = {str(m) for m in body.get("mentions", []) if isinstance(m, str)}
    mentions = sorted(n for n in names if db.user_by_name(g.db, n) is not None and f"@{n}" in caption)
    extra = {"visibility": visibility, "allow_comment": body.get("allow_comment", True) is not False,
             "copyright_check": bool(body.get("copyright_check")), "mentions": mentions,
             "hashtags": HASHTAG.findall(caption), "plays": 0}
    _post_id, code = store.create_post(g.db, R.name, R.user_id(), "video", caption, [media], extra,
                                       code=new_video_id())
    if _throttled(R.current_user(), {"posting_too_fast"}, stored=True):  # posted, and "too fast" all the same
        return jsonify({"status_code": STATUS_TOO_FAST, "status_msg": t("You are posting too fast. Take a rest.")})
    crashed = crash.after_commit(submission)
    if crashed is not None:
        return crashed
    return jsonify({"status_code": 0, "item_id": code})


@R.route("/api/studio/suggest/")
@R.login_required
def suggest() -> Any:
    """Hashtag or account suggestions for the description editor's popover [S: TU mention-list-popover]."""
    keyword = request.args.get("keyword", "").strip().lstrip("#@").lower()
    if request.args.get("type") == "user":
        names = [r["name"] for r in g.db.execute("SELECT name FROM users ORDER BY name")]
        found = [n for n in names if n.lower().startswith(keyword)][:6] if keyword else []
        return jsonify({"users": [{"unique_id": n, "nickname": n} for n in found]})
    if not re.fullmatch(r"\w+", keyword):
        return jsonify({"hashtags": []})
    plays: dict[str, int] = {}
    for post in store.list_posts(g.db, R.name):
        for tag in post["extra"].get("hashtags", []):
            if tag.lower().startswith(keyword):
                plays[tag.lower()] = plays.get(tag.lower(), 0) + int(post["extra"].get("plays", 0))
    others = sorted((tag for tag in plays if tag != keyword), key=lambda tag: -plays[tag])[:5]
    return jsonify({"hashtags": [{"name": tag, "views": compact(plays.get(tag, 0))} for tag in [keyword, *others]]})


@R.route("/tiktokstudio/content")
@R.login_required
def content_page() -> Any:
    """The posts list, where a successful Post lands [S: SAU 0012f69, HZ CONTENT_URL, uptik PR #13]."""
    drafts = request.args.get("tab") == "draft"
    posts = [] if drafts else store.list_posts(g.db, R.name, author=R.current_user(), newest_first=True, limit=50)
    counts = {p["id"]: store.count_comments(g.db, R.name, p["id"]) for p in posts}
    return render_template("tiktok/content.html", posts=posts, drafts=drafts, counts=counts)


# --- profile and videos -------------------------------------------------------------------------------------


def _user_or_404(handle: str) -> Any:
    row = db.user_by_name(g.db, handle)
    if row is None:
        abort(404)
    return row


def _visible(post: dict[str, Any]) -> bool:
    """Friends-only and private videos show to their author only (the replica has no friends [G])."""
    return post["extra"].get("visibility", "everyone") == "everyone" or post["author"] == R.current_user()


@R.route("/@<handle>")
def profile(handle: str) -> Any:
    user = _user_or_404(handle)
    counts = store.profile(g.db, R.name, user["id"])
    posts = [p for p in store.list_posts(g.db, R.name, author=handle, newest_first=True) if _visible(p)]
    likes = sum(p["likes"] for p in posts)
    scope = {"webapp.user-detail": {"userInfo": {  # [G: the scope's path]; stats names [multi]
        "user": {"id": str(user["id"]), "uniqueId": handle, "nickname": handle},
        "stats": {"followerCount": counts["followers"], "followingCount": counts["following"],
                  "heartCount": likes, "videoCount": len(posts)}}}}
    return render_template("tiktok/profile.html", user=user, counts=counts, posts=posts[:GRID], likes=likes,
                           scope=scope)


def _post_or_404(handle: str | None, code: str) -> dict[str, Any]:
    post = store.post_by_code(g.db, R.name, code)
    if post is None or (handle is not None and post["author"] != handle) or not _visible(post):
        abort(404)
    return post


@R.route("/@<handle>/video/<code>")
def video_page(handle: str, code: str) -> Any:
    post = _post_or_404(handle, code)
    if R.current_user() != post["author"]:  # a play [G: how the live site counts]
        with g.db:
            g.db.execute(f"UPDATE {R.name}_posts SET extra = json_set(extra, '$.plays',"
                         " coalesce(json_extract(extra, '$.plays'), 0) + 1) WHERE id = ?", (post["id"],))
        post["extra"]["plays"] = int(post["extra"].get("plays", 0)) + 1
    comments, more = store.top_comments(g.db, R.name, post["id"], 0, R.faults().snapshot()["comments_page"])
    total = store.count_comments(g.db, R.name, post["id"])
    scope = {"webapp.video-detail": {"itemInfo": {"itemStruct": {  # [G: path]; createTime, stats [multi]
        "id": post["code"], "desc": post["text"], "createTime": str(epoch(post["created_at"])),
        "author": {"uniqueId": post["author"], "nickname": post["author"]},
        "stats": {"playCount": post["extra"].get("plays", 0), "diggCount": post["likes"], "commentCount": total,
                  "shareCount": 0, "collectCount": 0}}}}}
    return render_template("tiktok/video.html", post=post, comments=comments, more=more, total=total, scope=scope)


@R.route("/tag/<name>")
def tag_page(name: str) -> Any:
    posts = [p for p in store.list_posts(g.db, R.name, newest_first=True, limit=200)
             if name.lower() in (h.lower() for h in p["extra"].get("hashtags", [])) and _visible(p)]
    return render_template("tiktok/home.html", posts=posts, tag=name)


# --- comments ------------------------------------------------------------------------------------------------


def _post_by_id(value: str) -> dict[str, Any]:
    post = store.post_by_code(g.db, R.name, value)
    if post is None or not _visible(post):
        abort(404)
    return post


def _cursor(name: str = "cursor") -> int:
    value = request.args.get(name, "0")
    return int(value) if value.isdigit() else 0


@R.route("/api/comment/list/")
def comment_list() -> Any:
    """The next page of top-level comments, asked for as the list scrolls (`cursor`: the last id shown)."""
    post = _post_by_id(request.args.get("aweme_id", ""))
    comments, more = store.top_comments(g.db, R.name, post["id"], _cursor(), R.faults().snapshot()["comments_page"])
    html = render_template("tiktok/_comments.html", post=post, comments=comments)
    return jsonify({"status_code": 0, "has_more": int(more), "cursor": comments[-1]["id"] if comments else 0,
                    "comments": [_comment_json(c) for c in comments], "html": html})


@R.route("/api/comment/list/reply/")
def reply_list() -> Any:
    """The next few replies of one comment, for "View N replies" / "View more" (`cursor`: how many shown)."""
    post = _post_by_id(request.args.get("item_id", ""))
    parent = store.get_comment(g.db, R.name, _cursor("comment_id"))
    if parent is None or parent["post_id"] != post["id"]:
        abort(404)
    replies = store.replies_to(g.db, R.name, parent["id"])
    start = _cursor()
    page = replies[start:start + REPLIES_PAGE]
    html = "".join(render_template("tiktok/_comment.html", post=post, c=c, level=2) for c in page)
    return jsonify({"status_code": 0, "has_more": int(start + len(page) < len(replies)),
                    "cursor": start + len(page), "total": len(replies),
                    "comments": [_comment_json(c) for c in page], "html": html})


def _comment_json(c: dict[str, Any]) -> dict[str, Any]:
    """The fields scrapers read from the live comment API [G: shape]."""
    return {"cid": str(c["id"]), "text": c["text"], "create_time": epoch(c["created_at"]),
            "reply_id": str(c["parent_id"] or 0), "reply_comment_total": c["replies"],
            "user": {"unique_id": c["author"], "nickname": c["author"]}}


@R.route("/api/comment/publish/", methods=["POST"])
@R.login_required
def comment_publish() -> Any:
    """A comment, or with `reply_id` a reply: replies hang under the top-level comment (one level)."""
    post = _post_by_id(request.form.get("aweme_id", ""))
    text = (request.form.get("text") or "").replace("\r\n", "\n").strip()
    failed = jsonify({"status_code": 1, "status_msg": t("Couldn't post comment")}), 400
    if _throttled(R.current_user(), {"posting_too_fast"}):
        return jsonify({"status_code": STATUS_TOO_FAST, "status_msg": t("You are posting too fast. Take a rest.")})
    if not post["extra"].get("allow_comment", True) or not text or len(text) > MAX_COMMENT:
        return failed
    parent_id = None
    reply_to = request.form.get("reply_id", "")
    if reply_to and reply_to != "0":
        parent = store.get_comment(g.db, R.name, int(reply_to)) if reply_to.isdigit() else None
        if parent is None or parent["post_id"] != post["id"]:
            return failed
        parent_id = parent["parent_id"] or parent["id"]
    cid = store.add_comment(g.db, R.name, post["id"], R.user_id(), text, parent_id)
    if _throttled(R.current_user(), {"posting_too_fast"}, stored=True):  # stored, and "too fast" all the same
        return jsonify({"status_code": STATUS_TOO_FAST, "status_msg": t("You are posting too fast. Take a rest.")})
    comment = store.get_comment(g.db, R.name, cid)
    assert comment is not None
    html = render_template("tiktok/_comment.html", post=post, c=comment, level=2 if parent_id else 1)
    return jsonify({"status_code": 0, "comment": _comment_json(comment), "html": html})


# --- checkpoints' pictures and the admin's extra -----------------------------------------------------------


@R.bp.context_processor
def _challenge() -> dict[str, Any]:
    """The held account's captcha, drawn from its code (for the captcha template)."""

    def captcha() -> dict[str, Any]:
        held = store.active_checkpoint(g.db, R.name, R.user_id()) if R.current_user() else None
        if held is None:
            return {}
        code = held["code"]
        return {"puzzle": challenges.puzzle_images(code), "whirl": challenges.whirl_images(code),
                "shapes": challenges.shape_images(code), "slider": challenges.SLIDER,
                "width": challenges.WIDTH, "height": challenges.HEIGHT, "piece": challenges.PIECE}

    return {"captcha": captcha}


@R.admin.route("/seed/plays", methods=["POST"])
def admin_plays() -> Any:
    """{"post": id, "plays": n}: a video's play count, as if n people had watched it."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "send a JSON object")
    plays = body.get("plays")
    if isinstance(plays, bool) or not isinstance(plays, int) or plays < 0:
        return jsonify({"error": "plays must be a whole number >= 0"}), 400
    with g.db:
        changed = g.db.execute(f"UPDATE {R.name}_posts SET extra = json_set(extra, '$.plays', ?) WHERE code = ?",
                               (plays, str(body.get("post", "")))).rowcount
    if not changed:
        return jsonify({"error": f"no post {body.get('post')!r}"}), 400
    return jsonify({"ok": True})
