"""The TikTok replica: the web flows described in /work/research/tiktok.md, at `/replica/tiktok/`
(the live site's paths under that prefix: `/login/phone-or-email/email`, `/tiktokstudio/upload`,
`/tiktokstudio/content`, `/@<handle>`, `/@<handle>/video/<id>`).

What it reproduces, with the research's sources: the email/username login form (`name="username"`,
`type="password"`, `button[type=submit][data-e2e=login-button]`) and the `sessionid` cookie; the
cookie banner as a `<tiktok-cookie-banner>` with an open shadow root whose first button declines;
captchas (puzzle, rotate, 3D shapes), an email code, and the throttles ("Too many attempts",
"Maximum number of attempts reached", "Too many uploading attempts", "You are posting too fast");
TikTok Studio's upload page without an iframe (`input[type=file][accept="video/*"]`, upload and
processing progress, a Draft.js-like description editor pre-filled with the file name that takes
only real input events or a paste event, hashtag and mention suggestions, who can watch, allow
comment, a copyright check, `data-e2e="post_video_button"` ready at `data-disabled="false"`), the
dialogs that interrupt it, and `/tiktokstudio/content` as the sign of success; the profile grid,
the video page, comments with replies behind "View N replies" / "View more", loaded as the list
scrolls, and the comment box. Photo posts are refused: no public source shows the web uploader
taking pictures (research §2, "Photo posts on the web"), so the file input takes videos only.
"""

from __future__ import annotations

from scheduler.sandbox.replicas.base import CheckpointPage, Cookies, Replica
from scheduler.sandbox.replicas.tiktok import challenges
from scheduler.sandbox.replicas.tiktok.texts import TEXTS
from scheduler.sandbox.replicas.uploads import Accepts

MB = 1024 * 1024
CAPTCHA = "tiktok/captcha.html"

REPLICA = Replica(
    "tiktok",
    __name__,
    texts=TEXTS,
    # sessionid [S: TU cookie_of_interest]; tt_csrf_token [S: TU#238's cookie list]; the language and
    # consent cookies' names [G]
    cookies=Cookies(session="sessionid", csrf="tt_csrf_token", language="tt_lang", consent="cookie-consent"),
    language_param="lang",  # ?lang=en [S: TU since 2023-06-15, SAU, HZ]
    login_path="/login",  # [S: SAU, MAKI]
    logout_path="/logout",  # [G]
    language_path="/setting/language",  # [G] (the live menu: nav-more-menu -> language-select [S: SAU])
    checkpoints={
        # the live captcha is an overlay on the page that asked for it; the replica gives each its own
        # URL (the framework holds an account at a URL) [G]: find it by its markup, never its URL
        "captcha": CheckpointPage("/captcha/puzzle/<cid>", CAPTCHA, check=challenges.puzzle_passes),
        "captcha_whirl": CheckpointPage("/captcha/whirl/<cid>", CAPTCHA, check=challenges.whirl_passes),
        "captcha_shapes": CheckpointPage("/captcha/3d/<cid>", CAPTCHA, check=challenges.shapes_pass),
        # an email code (Loukious/TikTokStreamKeyGenerator#33 [S]); page and strings [G]
        "two_factor": CheckpointPage("/login/2sv/<cid>", "tiktok/two_factor.html"),
        # throttles: no page, answered on the next login, upload or post (see views)
        "login_too_many": CheckpointPage(None),  # "Too many attempts." [S: MAKI#12]
        "login_max_attempts": CheckpointPage(None),  # "Maximum number of attempts reached." [S: SSK#14]
        "upload_too_many": CheckpointPage(None),  # "Too many uploading attempts." [S: TU#158]
        "posting_too_fast": CheckpointPage(None),  # "You are posting too fast." status_code 2158 [S: TT546#74]
    },
    # interrupting dialogs [S: research §2 "Interrupting dialogs"]: the tutorial's "Got it", "New editing
    # features" with "Not now", "Turn on automatic content checks?", "Continue to post?", "Content may be
    # restricted"
    dialogs=("tutorial", "editing_features", "content_checks", "continue_to_post", "restricted"),
    # the web uploader's own size limit is unsourced (research §6): 15 MB is the sandbox's request cap,
    # not TikTok's. MP4, MOV, WebM [S: API docs]; pictures refused (see above)
    accepts=Accepts({"video/mp4": 15 * MB, "video/quicktime": 15 * MB, "video/webm": 15 * MB}),
    comments_page=20,  # comments per scroll [G]
    post_path=lambda post: f"/@{post['author']}/video/{post['code']}",
    not_found_template="tiktok/not_found.html",
)

from scheduler.sandbox.replicas.tiktok import views  # noqa: E402,F401  (routes on REPLICA)
