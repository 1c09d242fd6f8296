"""A post's own page and its comments: the permalinks the live site uses, the comment list in three
orders with "View more comments", replies behind "View n replies", and the comment and reply
mutations (as the acting identity: a person, or the Page they switched into)."""

from __future__ import annotations

from typing import Any

from flask import abort, g, jsonify, redirect, render_template, request

from scheduler.sandbox.replicas import store
from scheduler.sandbox.replicas.facebook import REPLICA as R
from scheduler.sandbox.replicas.facebook import identity, views
from scheduler.sandbox.replicas.facebook.graphql import blocked_answer, mutation
from scheduler.sandbox.replicas.facebook.texts import TEXTS as t

MAX_COMMENT = 8000  # [S, weak: socialk.it]
ORDERS = ("relevant", "newest", "all")


def _post(token: str) -> dict[str, Any] | None:
    """A post by its pfbid (any one ever shown) or its numeric id."""
    if token.startswith("pfbid"):
        post_id = identity.post_id_of(token)
        found = None if post_id is None else store.list_posts_by_ids(g.db, R.name, [post_id])
        return found[0] if found else None
    return store.post_by_code(g.db, R.name, token) if token.isdigit() else None


@R.route("/<handle>/posts/<token>")
@R.route("/<handle>/posts/<token>/")
def permalink(handle: str, token: str) -> Any:
    """`/<page>/posts/pfbid0…` or `/<page>/posts/<number>` [S: Lullabot/amp-library#311, KZ]."""
    post = _post(token)
    if post is None or post["extra"].get("page") != handle:
        abort(404)
    return _post_page(post)


@R.route("/permalink.php")
@R.route("/story.php")
def permalink_php() -> Any:
    """`/permalink.php?story_fbid=<id or pfbid>&id=<page id>` [S: snarfed/bridgy#193, KZ]."""
    post = _post(request.args.get("story_fbid", ""))
    owner = identity.by_fbid(g.db, request.args.get("id", ""))
    if post is None or owner is None or post["extra"].get("page") != owner.username:
        abort(404)
    return _post_page(post)


@R.route("/photo/")
@R.route("/photo.php")
def photo() -> Any:
    """`/photo/?fbid=<photo id>` [S: MW extractPostId]: the post the photo is in."""
    fbid = request.args.get("fbid", "")
    post = store.post_with_extra_item(g.db, R.name, "photo_ids", fbid) if fbid.isdigit() else None
    if post is None:
        abort(404)
    return redirect(R.url(f"/{post['extra']['page']}/posts/{identity.pfbid(post['id'])}"))


def _post_page(post: dict[str, Any]) -> Any:
    order = "relevant"
    comments, more = _page_of_comments(post, order, 0)
    return render_template("facebook/post.html", post=post, comments=comments, more=more, order=order,
                           offset=len(comments), link=_link(post))


def _link(post: dict[str, Any]) -> str:
    """The post's link for this render (its pfbid changes every time)."""
    return R.url(f"/{post['extra']['page']}/posts/{identity.pfbid(post['id'])}")


def _page_of_comments(post: dict[str, Any], order: str, offset: int) -> tuple[list[dict[str, Any]], bool]:
    """One page of top-level comments in the chosen order [G: what "Most relevant" ranks by here: threads
    with more replies first, then the oldest]; "All comments" oldest first [G], "Newest" newest first."""
    top = [c for c in store.all_comments(g.db, R.name, post["id"]) if c["parent_id"] is None]
    if order == "newest":
        top.reverse()
    elif order == "relevant":
        top.sort(key=lambda c: (-c["replies"], c["id"]))
    size = R.faults().snapshot()["comments_page"]
    return top[offset:offset + size], len(top) > offset + size


@R.route("/ajax/comments/")
def more_comments() -> Any:
    """A page of top-level comments for "View more comments" and the order menu (a fragment)."""
    post = _post(request.args.get("post", ""))
    order, offset = request.args.get("order", "relevant"), request.args.get("offset", "0")
    if post is None or order not in ORDERS or not offset.isdigit():
        abort(404)
    comments, more = _page_of_comments(post, order, int(offset))
    return render_template("facebook/_comments.html", post=post, comments=comments, more=more, order=order,
                           offset=int(offset) + len(comments), link=_link(post))


@R.route("/ajax/replies/")
def replies() -> Any:
    """The replies to one comment, for "View n replies" (a fragment)."""
    parent_id = request.args.get("comment", "")
    parent = store.get_comment(g.db, R.name, int(parent_id)) if parent_id.isdigit() else None
    post = None if parent is None else store.list_posts_by_ids(g.db, R.name, [parent["post_id"]])
    if parent is None or not post or parent["parent_id"] is not None:
        abort(404)
    return render_template("facebook/_replies.html", post=post[0], parent=parent,
                           replies=store.replies_to(g.db, R.name, parent["id"]), link=_link(post[0]))


@mutation("useCometUFICreateCommentMutation")
def add_comment() -> Any:
    """A comment on `post` (or a reply in the thread of comment `parent`) as the acting identity: a Page
    comments as itself once the person switched into it [S: NPE "comment as the Page"]."""
    me = views.actor()
    assert me is not None
    post = _post(request.form.get("post", ""))
    text = request.form.get("text", "").replace("\r\n", "\n").strip()
    if post is None:
        abort(404)
    if R.blocked():
        return blocked_answer()
    if not text or len(text) > MAX_COMMENT:
        return jsonify({"errors": [{"message": t("Couldn't post your comment. Try again.")}]}), 400
    parent_id = None
    asked = request.form.get("parent", "")
    if asked:
        parent = store.get_comment(g.db, R.name, int(asked)) if asked.isdigit() else None
        if parent is None or parent["post_id"] != post["id"]:
            return jsonify({"errors": [{"message": t("Couldn't post your comment. Try again.")}]}), 400
        parent_id = parent["parent_id"] or parent["id"]  # two levels, as the live threads show
    cid = store.add_comment(g.db, R.name, post["id"], me.user_id, text, parent_id)
    if R.blocked(stored=True):  # stored, and "You're Temporarily Blocked" all the same
        return blocked_answer()
    comment = store.get_comment(g.db, R.name, cid)
    assert comment is not None
    if parent_id is None:
        html = render_template("facebook/_comment.html", post=post, c=comment, link=_link(post))
    else:
        top = store.get_comment(g.db, R.name, parent_id)
        html = render_template("facebook/_reply.html", post=post, r=comment, parent=top, link=_link(post))
    return jsonify({"id": str(cid), "parent_id": None if parent_id is None else str(parent_id), "html": html})


@mutation("CometUFIFeedbackReactMutation")
def react() -> Any:
    me = views.actor()
    assert me is not None
    post = _post(request.form.get("post", ""))
    if post is None:
        abort(404)
    store.set_like(g.db, R.name, post["id"], me.user_id, request.form.get("on") == "1")
    return jsonify({"reactions": len(store.likes_of(g.db, R.name, post["id"]))})
