"""The Instagram replica: the web flows described in /work/research/instagram.md, at
`/replica/instagram/` (the live site's paths under that prefix: `/accounts/login/`, `/accounts/onetap/`,
`/challenge/...`, `/<handle>/`, `/p/<shortcode>/`).

What it reproduces, with the research's sources: a login form whose inputs have no `name` (February
2026) and which posts by script; "Save your login info?" at `/accounts/onetap/`; "Turn on
Notifications"; the EU cookie dialog; checkpoints at `/challenge/` (captcha, suspicious login),
`/accounts/login/two_factor`, `/accounts/suspended/`, and the "Action Blocked" answer to a submit;
the create dialog (New post -> Post -> Select from computer -> Crop -> Edit -> caption, alt text,
location -> Share -> "Post shared"), "Discard post?" and the reels notice; the profile grid; the
post page with comments, replies, "Load more comments" and the comment box.
"""

from __future__ import annotations

from scheduler.sandbox.replicas.base import CheckpointPage, Cookies, Replica
from scheduler.sandbox.replicas.instagram.texts import TEXTS
from scheduler.sandbox.replicas.uploads import Accepts

MB = 1024 * 1024

REPLICA = Replica(
    "instagram",
    __name__,
    texts=TEXTS,
    # sessionid, csrftoken [S: COOKIES]; ig_lang [S: INSTAUTO]; ig_cb for the cookie banner [G]
    cookies=Cookies(session="sessionid", csrf="csrftoken", language="ig_lang", consent="ig_cb"),
    language_param="hl",  # ?hl=en [S: INSTAUTO goHome]
    login_path="/accounts/login/",
    logout_path="/accounts/logout/",
    language_path="/accounts/language/",  # [G]
    checkpoints={
        "captcha": CheckpointPage("/challenge/action/<cid>/", "instagram/checkpoint.html"),  # [S: UDAY]
        "suspicious_activity": CheckpointPage("/challenge/<cid>/", "instagram/checkpoint.html"),  # [S: INSTAPY-X]
        "two_factor": CheckpointPage(  # [S: INSTAPY-L]
            "/accounts/login/two_factor", "instagram/checkpoint.html", code_field="verificationCode"),
        "suspended": CheckpointPage("/accounts/suspended/", "instagram/checkpoint.html", solvable=False),  # [S: SUSP]
        "blocked": CheckpointPage(None),  # "Action Blocked" on the next share or comment [S: INSTAUTO]
    },
    dialogs=("save_login", "notifications", "reels_notice"),
    steps=("crop", "edit"),
    # the picker's accept attribute [S: PWBOT]; 8 MB images [S: META-MEDIA]; video size [G] (the
    # sandbox takes request bodies up to 16 MB)
    accepts=Accepts({"image/jpeg": 8 * MB, "image/png": 8 * MB, "image/heic": 8 * MB, "image/heif": 8 * MB,
                     "video/mp4": 15 * MB, "video/quicktime": 15 * MB}),
    comments_page=15,  # [G]
    post_path=lambda post: f"/{'reel' if post['kind'] == 'reel' else 'p'}/{post['code']}/",
    not_found_template="instagram/not_found.html",
)

from scheduler.sandbox.replicas.instagram import views  # noqa: E402,F401  (routes on REPLICA)
