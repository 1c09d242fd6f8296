"""The Facebook Pages replica: the web flows described in /work/research/facebook.md, at
`/replica/facebook/` (the live site's paths under that prefix: `/login/`, `/checkpoint/…`,
`/two_step_verification/authentication/`, `/pages/?category=your_pages`, `/<page>/`,
`/<page>/posts/pfbid0…`, `/permalink.php?story_fbid=…`, and Meta Business Suite's
`/latest/composer/?asset_id=…`, which lives on business.facebook.com on the live site).

What it reproduces, with the research's sources: a login form with `input[name=email]` and
`input[name=pass]` whose "Log in" is a `div[role=button]` since 2026-07 (Enter submits; the older
`button[name=login]` behind the `login_div` step), the `c_user`/`xs` cookies, the EU cookie dialog,
"Save your login info?", checkpoints at `/checkpoint/…` (locked, captcha, suspended) and
`/two_step_verification/authentication/`, "You’re Temporarily Blocked" on a submit; acting as a Page
by switching profile ("See all profiles", or `/pages/` → "Switch Now" → "Switch"), a visitor's post
when not switched; the composer dialog "Create post" with a Lexical-like editor (text arrives by key
presses, insertText or a paste event; a script setting its DOM is undone), photos through
`input[type=file]` whose `accept` starts with `image/*` and whose tail varies, uploads with a
progressbar, an optional Next → "Post settings" step, Post `aria-disabled` until there is content;
the Business Suite composer; the Page timeline (`div[aria-posinset]`, `story_message`, "See more",
a timestamp link with a pfbid that changes on every render and a tooltip); comments as nested
`role=article` "Comment by …"/"Reply by …" with `comment_id=` links, "Most relevant" → "All
comments", "View more comments", "View n replies", "Reply to …" boxes sent with Enter, "Comment as
<Page>"; "n followers"/"n pengikut" with K/M and rb/jt.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from scheduler.sandbox import db
from scheduler.sandbox.replicas import store
from scheduler.sandbox.replicas.base import CheckpointPage, Cookies, Replica, ReplicaControl
from scheduler.sandbox.replicas.facebook import identity
from scheduler.sandbox.replicas.facebook.texts import TEXTS
from scheduler.sandbox.replicas.uploads import Accepts
from scheduler.sandbox.state import SiteState

MB = 1024 * 1024


class FacebookControl(ReplicaControl):
    """What tests and the admin API do to the Facebook replica, beyond every replica's: Pages."""

    def add_page(self, owner: str, username: str, name: str) -> dict[str, Any]:
        conn = self._db()
        try:
            page = identity.add_page(conn, self._user_id(conn, owner), username, name)
        finally:
            conn.close()
        return {"username": page.username, "name": page.name, "id": page.fbid, "owner": owner}

    def pages(self, owner: str) -> list[dict[str, Any]]:
        conn = self._db()
        try:
            return [{"username": p.username, "name": p.name, "id": p.fbid}
                    for p in identity.pages_of(conn, self._user_id(conn, owner))]
        finally:
            conn.close()

    def seed_post(self, user: str, text: str, files: list[tuple[str, bytes]], kind: str = "photo") -> str:
        """A post on `user`'s own timeline (a Page's, when `user` is a Page) made without the browser;
        returns its numeric id."""
        conn = self._db()
        try:
            author = identity.by_username(conn, user)
            if author is None:
                raise KeyError(f"no user called {user!r}")
            media = self._seed_media(files)
            photo_ids = [identity.photo_id() for _ in media]
            extra = {"page": author.username, "by": user, "as": "page" if author.is_page else "person",
                     "visitor": False, "surface": "seed", "photo_ids": photo_ids}
            kind = "photo" if media else "status"
            return store.create_post(conn, self.replica.name, author.user_id, kind, text, media, extra,
                                     code=identity.story_number())[1]
        finally:
            conn.close()

    def page(self, owner: str) -> dict[str, Any]:
        """The person's first Page (the one every person gets)."""
        return self.pages(owner)[0]


class FacebookReplica(Replica):
    def register(self, app: Flask) -> None:
        super().register(app)
        state: SiteState = app.extensions["sandbox"]
        conn = db.connect(state.db_path)
        try:
            identity.create_tables(conn)
            identity.ensure_every_person_has_a_page(conn)
        finally:
            conn.close()

    def control(self, state: SiteState | None = None) -> FacebookControl:
        from scheduler.sandbox.state import site

        return FacebookControl(self, state or site())

    def csrf_ok(self) -> bool:
        """The live site's forms carry `fb_dtsg` (the login form `lsd`) [G: names only]; scripts send
        the header."""
        from flask import g, request

        sent = request.headers.get("X-CSRFToken") or request.form.get("fb_dtsg") or request.form.get("lsd", "")
        return g.rs is not None and bool(sent) and sent == g.rs.csrf_token


REPLICA = FacebookReplica(
    "facebook",
    __name__,
    texts=TEXTS,
    # xs is the session secret, c_user the numeric id (set at login) [S: KZ]; the token, language and
    # consent cookies' names are the replica's own [G]
    cookies=Cookies(session="xs", csrf="fb_dtsg", language="locale", consent="fb_cookie_consent"),
    language_param="locale",  # [G: the live ?locale= takes id_ID; here en/id]
    login_path="/login/",  # [S: SAU getLoginUrl, AMM]
    logout_path="/logout.php",  # [G]
    language_path="/settings/language/",  # [G]
    checkpoints={
        # the URL prefix /checkpoint is the stable signal [S: KZ, KT, idx:70464087299]
        "checkpoint": CheckpointPage("/checkpoint/<cid>/", "facebook/checkpoint.html"),
        "captcha": CheckpointPage("/checkpoint/<cid>/captcha/", "facebook/checkpoint.html"),  # [W: #FunCaptcha, m.]
        "two_factor": CheckpointPage(  # [S: idx:71570376263]; field name [W: KZ approvals_code]
            "/two_step_verification/authentication/", "facebook/checkpoint.html", code_field="approvals_code"),
        # h1 "We suspended your account" on a checkpoint URL [S: KZ]
        "suspended": CheckpointPage("/checkpoint/<cid>/suspended/", "facebook/checkpoint.html", solvable=False),
        "blocked": CheckpointPage(None),  # "You’re Temporarily Blocked" on the next post or comment [S: KZ]
    },
    dialogs=("save_login",),
    # post_settings: Next -> "Post settings" -> Post [S: idx:36949623803]; without it, Post at once [S: MP 2026]
    # login_div: the 2026-07 login form (no <button name="login">) [S: AMM PR #336]; off: the older button
    steps=("post_settings", "login_div"),
    # images: JPEG, PNG, GIF, HEIC/HEIF [S: Ayrshare, Adobe, the accept attribute]; 10 MB [S: Adobe];
    # videos: 10 GB live [S], 15 MB here (the sandbox takes request bodies up to 16 MB)
    accepts=Accepts({"image/jpeg": 10 * MB, "image/png": 10 * MB, "image/gif": 10 * MB, "image/heic": 10 * MB,
                     "image/heif": 10 * MB, "video/mp4": 15 * MB, "video/quicktime": 15 * MB}),
    comments_page=10,  # [G]
    post_path=lambda post: f"/{post['extra'].get('page') or post['author']}/posts/{post['code']}",
    not_found_template="facebook/not_found.html",
)

from scheduler.sandbox.replicas.facebook import composer, views  # noqa: E402,F401  (routes on REPLICA)
from scheduler.sandbox.replicas.facebook import threads  # noqa: E402,F401
