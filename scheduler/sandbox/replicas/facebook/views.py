"""The Facebook replica's shell: login, home, switching into a Page, profiles and Page timelines,
followers, and the helpers every template of the replica uses (acting identity, counts, times)."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

from flask import abort, g, jsonify, redirect, render_template, request

from scheduler.sandbox import db
from scheduler.sandbox.replicas import store
from scheduler.sandbox.replicas.facebook import REPLICA as R
from scheduler.sandbox.replicas.facebook import identity
from scheduler.sandbox.replicas.facebook.identity import Identity
from scheduler.sandbox.replicas.facebook.texts import TEXTS as t

#: the cookie that says which Page a person is acting as [G: the live site's name is not sourced]
ACTING_COOKIE = "i_user"
TIMELINE_PAGE = 5  # posts per timeline load; more come on scroll [G]
SEE_MORE_AFTER = 477  # characters shown before "See more" on desktop [S: socialk.it, posthell, approximate]


# --- who is acting ---------------------------------------------------------------------------------


def person() -> Identity | None:
    """The person logged in (never a Page: Pages have no login)."""
    if R.current_user() is None:
        return None
    if "fb_person" not in g:
        g.fb_person = identity.identity(g.db, R.user_id())
    return g.fb_person


def actor() -> Identity | None:
    """Who the person is acting as: a Page they manage after switching into it, else themselves."""
    me = person()
    if me is None:
        return None
    if "fb_actor" not in g:
        page = identity.by_fbid(g.db, request.cookies.get(ACTING_COOKIE, ""))
        g.fb_actor = page if page is not None and identity.manages(g.db, me.user_id, page) else me
    return g.fb_actor


def names() -> dict[str, str]:
    """username -> the name shown, for Pages (people show their username)."""
    if "fb_names" not in g:
        g.fb_names = identity.display_names(g.db)
    return g.fb_names


def shown(username: str) -> str:
    return names().get(username, username)


# --- numbers and times as the site shows them ---------------------------------------------------------


def compact(n: int) -> str:
    """1234 -> "1.2K" / "1,2 rb", 12000 -> "12K" / "12 rb", 1250000 -> "1.2M" / "1,2 jt" [S: IBAE "12K
    followers"; ID suffixes rb/jt I: research §5]; exact below 1,000."""
    en = g.get("lang", "en") == "en"
    for threshold, suffix in ((1_000_000, "M" if en else " jt"), (1000, "K" if en else " rb")):
        if n >= threshold:
            value = int(n * 10 / threshold) / 10  # cut, not rounded: 1,999 is 1.9K
            short = f"{value:.1f}".rstrip("0").rstrip(".")
            return short + suffix if en else short.replace(".", ",") + suffix
    return str(n)


def followers_text(n: int) -> str:
    return t("1 follower") if n == 1 else t("{n} followers", n=compact(n))


def comments_text(n: int) -> str:
    return t("1 comment") if n == 1 else t("{n} comments", n=compact(n))


def _age(iso: str) -> float:
    return (datetime.now(timezone.utc) - datetime.fromisoformat(iso)).total_seconds()


def short_time(iso: str) -> str:
    """The timestamp link's text: "just now", "5m", "3h", "Yesterday", "2d", then a date [S: research §3]."""
    seconds = _age(iso)
    if seconds < 60:
        return t("just now")
    if seconds < 3600:
        return t("{n}m", n=int(seconds // 60))
    if seconds < 86400:
        return t("{n}h", n=int(seconds // 3600))
    if seconds < 2 * 86400:
        return t("Yesterday")
    if seconds < 7 * 86400:
        return t("{n}d", n=int(seconds // 86400))
    return datetime.fromisoformat(iso).strftime("%d/%m/%Y")


def ago(iso: str) -> str:
    """The time in a comment's label: "2 hours ago" [S: idx:71267309656]."""
    seconds = _age(iso)
    if seconds < 60:
        return t("a few seconds ago")
    if seconds < 3600:
        return t("{n} minutes ago", n=int(seconds // 60))
    if seconds < 86400:
        return t("{n} hours ago", n=int(seconds // 3600))
    return t("{n} days ago", n=int(seconds // 86400))


def epoch(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp())


@R.bp.context_processor
def _helpers() -> dict[str, Any]:
    me = person()
    profiles = [] if me is None else [me, *identity.pages_of(g.db, me.user_id)]
    return {"actor": actor(), "person": me, "profiles": profiles, "shown": shown, "compact": compact,
            "short_time": short_time, "ago": ago, "epoch": epoch, "followers_text": followers_text,
            "comments_text": comments_text, "pfbid": identity.pfbid, "tracking": identity.tracking,
            "SEE_MORE_AFTER": SEE_MORE_AFTER, "accept": accept_attribute(),
            "replica_comment_count": lambda post_id: store.count_comments(g.db, R.name, post_id),
            "replica_liked": _liked}


def _liked(post_id: int) -> bool:
    me = actor()
    return me is not None and store.likes(g.db, R.name, post_id, me.user_id)


def accept_attribute() -> str:
    """The file input's `accept`: the prefix held for years, then a tail that varies (it grew in
    2026-05 and an exact match broke) [S: MP 99210102, DB]."""
    tail = [".mkv", "video/quicktime", ".mov", "image/webp", "video/webm", "image/gif", ".heic"]
    cut = int(time.time() * 1000) % len(tail) + 1
    return "image/*,image/heif,image/heic,video/*,video/mp4,video/x-m4v,video/x-matroska," + ",".join(tail[:cut])


def next_arg(value: str | None = None) -> str:
    """Where to go next: a path of this replica, else its home."""
    value = str(request.values.get("next", "") if value is None else value)
    return value if value.startswith(R.prefix + "/") and "\\" not in value else R.url("/")


# --- login ------------------------------------------------------------------------------------------


@R.route("/")
def home() -> Any:
    """Logged out, the login form is served at / [I: KZ get(), AMM]; logged in, the feed."""
    if R.current_user() is None:
        return login_page()
    me = actor()
    assert me is not None
    posts = store.posts_where_extra(g.db, R.name, "page", me.username, limit=TIMELINE_PAGE)
    return render_template("facebook/home.html", owner=me, posts=posts, more=len(posts) == TIMELINE_PAGE,
                           save_login=_take_save_login())


@R.route("/login/", methods=["GET", "POST"])
@R.route("/login/device-based/regular/login/", methods=["GET", "POST"])  # AMM's URL [S]
@R.route("/login.php", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "POST":
        return _login_submit()
    if R.current_user() is not None:
        return redirect(next_arg())
    return login_page()


def login_page(error: str | None = None, email: str = "", status: int = 200) -> Any:
    expired = bool(request.cookies.get(R.cookies.session)) and g.rs is None
    R.ensure_session()
    return render_template("facebook/login.html", next=next_arg(), error=error, email=email,
                           expired=expired and error is None, div_button=R.faults().step("login_div")), status


def _login_submit() -> Any:
    if not R.csrf_ok():
        return login_page(t("Please log in to continue."), status=400)
    name, password = request.form.get("email", "").strip(), request.form.get("pass", "")
    user_id = db.check_login(g.db, name, password)
    if user_id is None or identity.is_page(g.db, user_id):
        known = db.user_by_name(g.db, name) is not None
        message = t("The password that you've entered is incorrect.") if known else \
            t("The email address or mobile number you entered isn't connected to an account.")
        return login_page(message, name)
    identity.ensure_own_page(g.db, user_id)
    next_path = next_arg()
    held = R.sign_in(user_id, next_path)
    R.set_cookie("c_user", str(identity.PERSON_BASE + user_id))  # [S: KZ]
    R.set_cookie(ACTING_COOKIE, None)
    if held is not None:
        return redirect(held, 303)
    if R.take_dialog("save_login"):
        db.set_flash(g.db, g.rs.token, "save_login")
    return redirect(next_path, 303)


def _take_save_login() -> bool:
    """"Save your login info?" on the first page after a login that met the armed dialog."""
    if g.rs is None or g.rs.flash != "save_login":
        return False
    db.set_flash(g.db, g.rs.token, None)
    return True


@R.route("/logout.php", methods=["POST"])
def logout() -> Any:
    if R.current_user() is not None and R.csrf_ok():
        R.sign_out()
        R.set_cookie("c_user", None)
        R.set_cookie(ACTING_COOKIE, None)
    return redirect(R.url("/"), 303)


# --- acting as a Page ------------------------------------------------------------------------------------


@R.route("/pages/")
@R.login_required
def your_pages() -> Any:
    """`/pages/?category=your_pages`: a card per Page with "Switch Now" [S: KT selectFBPage]."""
    me = person()
    assert me is not None
    pages = identity.pages_of(g.db, me.user_id)
    followers = {p.username: store.profile(g.db, R.name, p.user_id)["followers"] for p in pages}
    return render_template("facebook/pages.html", pages=pages, followers=followers)


@R.route("/profile/switch/", methods=["POST"])
@R.login_required
def switch_profile() -> Any:
    """Act as one of the person's Pages, or as the person again (`profile` = its numeric id)."""
    me = person()
    assert me is not None
    target = identity.by_fbid(g.db, request.form.get("profile", ""))
    if target is None or (target.user_id != me.user_id and not identity.manages(g.db, me.user_id, target)):
        abort(403)
    R.set_cookie(ACTING_COOKIE, target.fbid if target.is_page else None)
    R.faults().note(f"switched:{'page' if target.is_page else 'person'}")
    back = request.form.get("next", "")
    return redirect(back if back.startswith(R.prefix + "/") else R.url(f"/{target.username}"), 303)


# --- profiles, Pages and followers -------------------------------------------------------------------------


@R.route("/profile.php")
def profile_php() -> Any:
    found = identity.by_fbid(g.db, request.args.get("id", ""))
    if found is None:
        abort(404)
    return timeline(found.username)


@R.route("/<handle>")
@R.route("/<handle>/")
def timeline(handle: str) -> Any:
    owner = identity.by_username(g.db, handle)
    if owner is None:
        abort(404)
    posts = store.posts_where_extra(g.db, R.name, "page", owner.username, limit=TIMELINE_PAGE)
    followers = store.profile(g.db, R.name, owner.user_id)["followers"]
    return render_template("facebook/timeline.html", owner=owner, posts=posts, followers=followers,
                           more=len(posts) == TIMELINE_PAGE, save_login=_take_save_login())


@R.route("/ajax/timeline/")
def more_stories() -> Any:
    """The next stories of a timeline, loaded when the end of the feed scrolls into view (a fragment)."""
    owner = identity.by_username(g.db, request.args.get("owner", ""))
    before, start = request.args.get("before", ""), request.args.get("start", "1")
    if owner is None or not before.isdigit() or not start.isdigit():
        abort(404)
    posts = store.posts_where_extra(g.db, R.name, "page", owner.username, before=int(before), limit=TIMELINE_PAGE)
    return render_template("facebook/_stories.html", owner=owner, posts=posts, start=int(start),
                           more=len(posts) == TIMELINE_PAGE)


@R.route("/<handle>/followers")
@R.route("/<handle>/followers/")
def followers(handle: str) -> Any:
    owner = identity.by_username(g.db, handle)
    if owner is None:
        abort(404)
    count = store.profile(g.db, R.name, owner.user_id)["followers"]
    return render_template("facebook/followers.html", owner=owner, followers=count)


@R.route("/_api/pages/<owner>")
def api_pages(owner: str) -> Any:
    """The Pages a person manages, for tests (`username`, `name`, numeric `id`)."""
    row = db.user_by_name(g.db, owner)
    if row is None:
        return jsonify({"error": f"no user called {owner}"}), 404
    return jsonify([{"username": p.username, "name": p.name, "id": p.fbid}
                    for p in identity.pages_of(g.db, int(row["id"]))])


@R.admin.route("/pages", methods=["POST"])
def admin_add_page() -> Any:
    """`{"owner": "kopisenja", "username": "kopisenja.bandung", "name": "Kopi Senja Bandung"}`."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify({"error": "send a JSON object"}), 400
    try:
        return jsonify(R.control().add_page(str(body.get("owner", "")), str(body.get("username", "")),
                                            str(body.get("name", ""))))
    except (KeyError, ValueError) as exc:
        return jsonify({"error": str(exc)}), 400
