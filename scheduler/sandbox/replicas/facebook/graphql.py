"""`POST /api/graphql/`: where the live site's scripts send every action, told apart by
`fb_api_req_friendly_name` [S: the endpoint, MW facebookkey.js; the mutation names here are G]."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import jsonify, request

from scheduler.sandbox.replicas.facebook import REPLICA as R

MUTATIONS: dict[str, Callable[[], Any]] = {}


def mutation(name: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    def register(view: Callable[[], Any]) -> Callable[[], Any]:
        MUTATIONS[name] = view
        return view

    return register


@R.route("/api/graphql/", methods=["POST"])
@R.login_required
def graphql() -> Any:
    view = MUTATIONS.get(request.form.get("fb_api_req_friendly_name", ""))
    if view is None:
        return jsonify({"errors": [{"message": "unknown operation"}]}), 400
    return view()


def blocked_answer() -> Any:
    """The answer to an action met by a block: "You’re Temporarily Blocked" [S: KZ temp_ban_titles] with
    the wording of the live site's rate-limit error [S: facebook-chat-api#847, Ultimate-Social-Scrapers#45]."""
    t = R.texts
    return jsonify({"errors": [{
        "code": "rate_limited",
        "summary": t("You’re Temporarily Blocked"),
        "description": t("It looks like you were misusing this feature by going too fast. You’ve been blocked from"
                         " using it.") + " " + t("We limit how often you can post, comment or do other things in a"
                                                  " given amount of time in order to help protect the community"
                                                  " from spam. You can try again later."),
    }]}), 400
