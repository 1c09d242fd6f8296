"""Creating a post: photo and video uploads (each on its own, before the post, as the live composer
does), the create mutation both composers send, and Meta Business Suite's composer page."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify, render_template, request

from scheduler.sandbox import crash
from scheduler.sandbox.replicas import store
from scheduler.sandbox.replicas.facebook import REPLICA as R
from scheduler.sandbox.replicas.facebook import identity, views
from scheduler.sandbox.replicas.facebook.graphql import blocked_answer, mutation
from scheduler.sandbox.replicas.facebook.texts import TEXTS as t
from scheduler.sandbox.replicas.uploads import UploadRejected, save
from scheduler.sandbox.state import site

MAX_TEXT = 63_206  # [S: third-party counters, research §6]
MAX_PHOTOS = 10  # [S, conflicting: 10 (API) or 30; the research caps v1 at 10]
MAX_VIDEOS = 1  # [S: research §6]


@R.route("/ajax/react_composer/attachments/upload/", methods=["POST"])
@R.login_required
def upload() -> Any:
    """One photo or video, kept until a post takes it; answers its photo id [G: the endpoint's path]."""
    me = views.person()
    assert me is not None
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return jsonify({"error": t("{name} can't be uploaded. Choose a photo or a video.", name="?")}), 400
    try:
        data, kind = R.accepts.check(upload)
    except UploadRejected as exc:
        return jsonify({"error": t("{name} can't be uploaded. Choose a photo or a video.", name=exc.name)}), 400
    saved = save(data, kind, upload.filename, R.media_dir())
    fbid = identity.add_upload(g.db, me.user_id, saved.name, saved.stored_name, kind)
    return jsonify({"fbid": fbid, "content_type": kind})


@mutation("ComposerStoryCreateMutation")
def create_story() -> Any:
    """Post `message` and the uploaded `photo_ids` to the timeline of `target`, as `actor_id` (the
    person, or a Page they manage). A person posting on a Page's timeline is a visitor there [S-old:
    Frost-for-Facebook#1841]; the post says so."""
    me = views.person()
    assert me is not None and g.rs is not None
    form = request.form
    message = form.get("message", "").replace("\r\n", "\n")
    photo_ids = [p for p in form.get("photo_ids", "").split(",") if p]
    submission = crash.fingerprint(g.rs.token, message, ",".join(photo_ids), form.get("target", ""),
                                   form.get("actor_id", ""))
    if site().was_dropped(submission):
        return crash.drop_connection()  # Chromium re-sending a dropped POST is not a second post
    actor = identity.by_fbid(g.db, form.get("actor_id", ""))
    target = identity.by_username(g.db, form.get("target", ""))
    if actor is None or target is None or \
            (actor.user_id != me.user_id and not identity.manages(g.db, me.user_id, actor)):
        return jsonify({"errors": [{"message": "not allowed"}]}), 403
    if R.blocked():
        return blocked_answer()
    problem = None
    if not message.strip() and not photo_ids:
        problem = t("Something went wrong. We're working on getting this fixed as soon as we can.")
    elif len(message) > MAX_TEXT:
        problem = t("Your post is too long.")
    uploads = [] if problem else identity.find_uploads(g.db, me.user_id, photo_ids)
    if uploads is None:
        problem = t("Something went wrong. We're working on getting this fixed as soon as we can.")
    elif sum(u["content_type"].startswith("video/") for u in uploads) > MAX_VIDEOS:
        problem = t("You can add only one video to a post.")
    elif len(uploads) > MAX_PHOTOS:
        problem = t("You can add up to {n} photos.", n=MAX_PHOTOS)
    if problem or uploads is None:
        return jsonify({"errors": [{"message": problem}]}), 400
    media = [store.NewMedia(u["name"], u["stored_name"], u["content_type"]) for u in uploads]
    kind = "video" if any(m.content_type.startswith("video/") for m in media) else "photo" if media else "status"
    extra = {"page": target.username, "by": me.username, "as": "page" if actor.is_page else "person",
             "visitor": actor.user_id != target.user_id, "surface": form.get("surface", "www"),
             "photo_ids": photo_ids}
    identity.drop_uploads(g.db, uploads)
    post_id, code = store.create_post(g.db, R.name, actor.user_id, kind, message, media, extra,
                                      code=identity.story_number())
    if R.blocked(stored=True):  # stored, and "You're Temporarily Blocked" all the same
        return blocked_answer()
    crashed = crash.after_commit(submission)
    if crashed is not None:
        return crashed
    post = store.post_by_code(g.db, R.name, code)
    assert post is not None
    link = R.url(f"/{target.username}/posts/{identity.pfbid(post_id)}")
    html = render_template("facebook/_story.html", post=post, n=1)  # the feed's first story now
    return jsonify({"data": {"story_create": {"story": {"url": link, "id": identity.pfbid(post_id)}}},
                    "html": html})


@R.route("/latest/composer/")
@R.login_required
def business_composer() -> Any:
    """Meta Business Suite's composer for the Page `asset_id` [S: idx:60635391284, idx:69369129702,
    idx:53711838252]: it posts as the Page without switching profile. An `asset_id` the person does not
    manage shows their first Page instead [G], so a caller must check the Page name shown."""
    me = views.person()
    assert me is not None
    pages = identity.pages_of(g.db, me.user_id)
    asked = identity.by_fbid(g.db, request.args.get("asset_id", ""))
    page = asked if asked is not None and identity.manages(g.db, me.user_id, asked) else pages[0] if pages else None
    return render_template("facebook/business_composer.html", page=page, pages=pages)


@mutation("BusinessComposerStoryCreateMutation")
def create_business_story() -> Any:
    if request.form.get("scheduled") == "1":
        return jsonify({"errors": [{"message": t("Scheduling is not part of this replica: jadwal publishes at the"
                                                 " planned time itself.")}]}), 400
    return create_story()
