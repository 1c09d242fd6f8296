"""The replica framework over real HTTP on 127.0.0.1 (no browser): its tables and JSON API, the admin
API and its guard, sessions on the sandbox's users, language per browser, checkpoints for script
calls, the sandbox's faults on submits, and the activity log's overlaps."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from images import png_bytes
from sandbox_client import Client, Reply

from scheduler.sandbox.api import loopback_only
from scheduler.sandbox.replicas import PLATFORMS, load
from scheduler.sandbox.server import SandboxServer

IG = "/replica/instagram"


class IgClient(Client):
    """A visitor of the Instagram replica: logs in the way its login page's script does."""

    def xhr(self, path: str, form: dict[str, str] | None = None, files: dict[str, tuple[str, bytes]] | None = None
            ) -> Reply:
        csrf = self.cookie("csrftoken")
        self.csrf = csrf.value if csrf and csrf.value else ""
        headers = {"X-CSRFToken": self.csrf, "X-Requested-With": "XMLHttpRequest"}
        if files is None:
            body = urllib.parse.urlencode(form or {}).encode()
            return self.request(path, body, headers | {"Content-Type": "application/x-www-form-urlencoded"})
        boundary = "b0undary"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in (form or {}).items()]
        for name, (filename, data) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(path, body, headers | {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def ig_login(self, name: str = "kopisenja", password: str | None = None) -> Reply:
        self.get(f"{IG}/accounts/login/")
        self.csrf = self.cookie("csrftoken").value  # type: ignore[union-attr]
        payload = json.dumps({"username": name, "password": password or name, "next": f"{IG}/"}).encode()
        return self.request(f"{IG}/api/v1/web/accounts/login/ajax/", payload,
                            {"Content-Type": "application/json", "X-CSRFToken": self.csrf}, method="POST")


def ig_client(srv: SandboxServer, name: str = "kopisenja") -> IgClient:
    client = IgClient(srv.url)
    assert client.ig_login(name).json()["authenticated"] is True
    return client


def admin(srv: SandboxServer, path: str, payload: Any) -> Reply:
    return Client(srv.url).post_json(f"/_admin/replica/instagram{path}", payload)


def test_every_replica_mounts_and_guards_its_admin_api_like_the_sandbox() -> None:
    for name in PLATFORMS:
        replica = load(name)
        assert replica.prefix == f"/replica/{name}"
        assert loopback_only in replica.admin.before_request_funcs[None]  # the sandbox's own guard
    with pytest.raises(KeyError, match="no replica called 'myspace'"):
        load("myspace")


def test_posts_live_in_the_replicas_tables_and_survive_a_restart(tmp_path: Path) -> None:
    users = {"kopisenja": "kopisenja", "fan": "fan"}
    with SandboxServer(tmp_path / "site", users) as srv:
        control = srv.replica("instagram")
        code = control.seed_post("kopisenja", "Menu baru", [("menu.png", png_bytes())])
        parent = control.seed_comment(code, "fan", "Harganya?")
        control.seed_comment(code, "kopisenja", "@fan 25 ribu", parent)
        assert Client(srv.url).get("/api/posts").json() == []  # the sandbox's own posts are apart
    with SandboxServer(tmp_path / "site", users) as srv:  # tables created again: nothing lost
        [post] = Client(srv.url).get(f"{IG}/_api/posts").json()
    assert (post["code"], post["author"], post["text"], post["kind"]) == (code, "kopisenja", "Menu baru", "photo")
    assert [(c["author"], c["text"], c["parent_id"]) for c in post["comments"]] == \
        [("fan", "Harganya?", None), ("kopisenja", "@fan 25 ribu", parent)]
    assert post["permalink"].endswith(f"{IG}/p/{code}/")
    assert post["created_at"].endswith("+00:00")


def test_the_json_api_serves_what_was_uploaded(sandbox: SandboxServer) -> None:
    client = ig_client(sandbox)
    picture = png_bytes(30, 20)
    reply = client.xhr(f"{IG}/api/v1/media/configure/", {"caption": "Halo\r\nkak", "alt_0": "gambar"},
                       {"media": ("halo.png", picture)})
    assert reply.status == 200, reply.body
    [post] = Client(sandbox.url).get(f"{IG}/_api/posts").json()
    assert post["text"] == "Halo\nkak"
    assert [(m["name"], m["content_type"], m["alt"]) for m in post["media"]] == [("halo.png", "image/png", "gambar")]
    with urllib.request.urlopen(post["media"][0]["url"], timeout=10) as served:
        assert served.read() == picture
    assert Client(sandbox.url).get(f"{IG}/_api/posts?author=fan").json() == []


@pytest.mark.parametrize(("name", "data", "why"), [
    ("fake.jpg", b"GIF89a" + bytes(40), "could not be uploaded"),  # a GIF by its bytes: not taken
    ("empty.png", b"", "could not be uploaded"),
])
def test_uploads_are_judged_by_their_bytes(sandbox: SandboxServer, name: str, data: bytes, why: str) -> None:
    reply = ig_client(sandbox).xhr(f"{IG}/api/v1/media/configure/", {"caption": "x"}, {"media": (name, data)})
    assert reply.status == 400 and why in reply.json()["message"]
    assert Client(sandbox.url).get(f"{IG}/_api/posts").json() == []


def test_admin_settings_are_checked_and_a_bad_one_changes_nothing(sandbox: SandboxServer) -> None:
    assert admin(sandbox, "/faults", {"dialogs": {"save_login": 2}}).json()["dialogs"] == {"save_login": 2}
    for bad, message in [
        ({"checkpoint": {"kind": "riddle"}}, "checkpoint kind must be one of captcha"),
        ({"checkpoint": {"kind": "captcha", "on": "logout"}}, "'on' must be one of login, pages"),
        ({"dialogs": {"popup": 1}}, "unknown dialog 'popup'"),
        ({"steps": {"crop": "yes"}}, "expected true or false"),
        ({"comments_page": 0}, "comments_page must be a whole number"),
        ({"latency_ms": 5}, "unknown setting(s): latency_ms"),
        ({"consent": True, "dialogs": {"nope": 1}}, "unknown dialog"),
    ]:
        reply = admin(sandbox, "/faults", bad)
        assert reply.status == 400 and message in reply.json()["error"], (bad, reply.body)
    state = Client(sandbox.url).get("/_admin/replica/instagram/faults").json()
    assert (state["dialogs"], state["consent"]) == ({"save_login": 2}, False)
    plain = Client(sandbox.url).request("/_admin/replica/instagram/reset", b"x=1",
                                        {"Content-Type": "application/x-www-form-urlencoded"}, method="POST")
    assert plain.status == 415  # JSON only, like the sandbox's admin endpoints: a web form cannot call it
    assert admin(sandbox, "/users/kopisenja", {"followers": 12345}).json()["followers"] == 12345
    assert admin(sandbox, "/users/kopisenja", {"followers": -1}).status == 400
    assert Client(sandbox.url).get(f"{IG}/_api/users/kopisenja").json()["followers"] == 12345


def test_followers_show_exactly_in_a_title_and_short_in_the_text(sandbox: SandboxServer) -> None:
    sandbox.replica("instagram").set_user("kopisenja", followers=12345, following=7)
    en = Client(sandbox.url).get(f"{IG}/kopisenja/").body
    assert '<span title="12,345" class="num">12.3K</span>' in en
    assert 'content="12,345 Followers, 7 Following, 0 Posts - See Instagram photos' in en
    sandbox.replica("instagram").set_user("kopisenja", followers=1_250_000)
    ind = Client(sandbox.url).get(f"{IG}/kopisenja/?hl=id").body
    assert '<span title="1.250.000" class="num">1,2 jt</span>' in ind


def test_a_held_account_gets_its_checkpoint_on_pages_and_in_script_calls(sandbox: SandboxServer) -> None:
    client = ig_client(sandbox)
    sandbox.replica("instagram").set_faults(checkpoint={"kind": "captcha", "on": "pages", "user": "kopisenja"})
    assert ig_client(sandbox, "fan").get(f"{IG}/fan/").status == 200  # another account is not held
    page = client.get(f"{IG}/kopisenja/", follow=False)
    assert page.status == 302 and "/replica/instagram/challenge/action/" in page.location
    call = client.xhr(f"{IG}/api/v1/media/configure/", {"caption": "x"}, {"media": ("a.png", png_bytes())})
    assert call.status == 400 and call.json()["message"] == "checkpoint_required"
    assert "/challenge/action/" in call.json()["checkpoint_url"]
    held = sandbox.replica("instagram").checkpoints()["kopisenja"]
    assert held["kind"] == "captcha" and len(held["code"]) == 6
    assert Client(sandbox.url).get(f"{IG}/_api/posts").json() == []
    assert sandbox.replica("instagram").clear_checkpoint("kopisenja") == 1
    assert client.get(f"{IG}/kopisenja/", follow=False).status == 200


def test_language_by_parameter_then_cookie_then_account_then_browser(sandbox: SandboxServer) -> None:
    def login_button(client: Client, path: str = f"{IG}/accounts/login/", **headers: str) -> str:
        body = client.request(path, headers=headers).body
        return "Masuk" if "<div>Masuk</div>" in body else "Log in" if "<div>Log in</div>" in body else "?"

    anonymous = Client(sandbox.url)
    assert login_button(anonymous) == "Log in"
    assert login_button(anonymous, **{"Accept-Language": "id-ID,id;q=0.9"}) == "Masuk"
    assert login_button(anonymous, f"{IG}/accounts/login/?hl=id") == "Masuk"
    assert login_button(anonymous) == "Log in"  # ?hl= is for that page only
    chosen = IgClient(sandbox.url)
    chosen.post(f"{IG}/accounts/language/", {"lang": "en", "next": f"{IG}/"})
    assert login_button(chosen, **{"Accept-Language": "id"}) == "Log in"  # the browser's cookie wins
    sandbox.replica("instagram").set_user("kopisenja", language="id")
    client = ig_client(sandbox)
    assert "Postingan baru" in client.get(f"{IG}/").body  # the account's setting, no cookie
    assert "New post" in client.get(f"{IG}/?hl=en").body


def test_replica_sessions_expire_with_the_sandboxs(sandbox: SandboxServer) -> None:
    client = ig_client(sandbox)
    assert 'aria-label="New post"' in client.get(f"{IG}/").body
    assert sandbox.expire_sessions() >= 1
    home = client.get(f"{IG}/")
    assert 'id="loginForm"' in home.body and 'aria-label="New post"' not in home.body


def test_error_rate_applies_to_pages_and_submits_not_to_the_test_api(sandbox: SandboxServer) -> None:
    client = ig_client(sandbox)
    sandbox.set_faults(error_rate=1.0)
    assert client.get(f"{IG}/").status == 500
    call = client.xhr(f"{IG}/api/v1/media/configure/", {"caption": "x"}, {"media": ("a.png", png_bytes())})
    assert call.status == 500
    assert Client(sandbox.url).get(f"{IG}/_api/posts").status == 200
    assert Client(sandbox.url).get(f"{IG}/static/ig.js").status == 200
    sandbox.reset_faults()
    assert Client(sandbox.url).get(f"{IG}/_api/posts").json() == []


def _together(*calls: Callable[[], Any]) -> None:
    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)


@pytest.mark.slow
def test_two_actions_of_one_account_at_once_are_recorded_as_an_overlap(sandbox: SandboxServer) -> None:
    first, second, fan = ig_client(sandbox), ig_client(sandbox), ig_client(sandbox, "fan")
    first.get(f"{IG}/kopisenja/")
    second.get(f"{IG}/kopisenja/")  # one after the other: no overlap
    seen = sandbox.activity()
    assert seen["overlaps"] == []
    assert {a["account"] for a in seen["actions"]} == {"instagram:kopisenja", "instagram:fan"}
    assert not any("/static/" in a["path"] or "/_api/" in a["path"] for a in seen["actions"])

    started = threading.Event()
    _hold_profile_pages(sandbox, started)  # `?hold=1` keeps its request in flight for a while

    def then_second() -> None:
        started.wait(10)
        second.get(f"{IG}/p/nothing/")

    _together(lambda: first.get(f"{IG}/kopisenja/?hold=1"), then_second, lambda: fan.get(f"{IG}/fan/"))
    overlaps = sandbox.activity()["overlaps"]
    assert [o["account"] for o in overlaps] == ["instagram:kopisenja"]
    assert (overlaps[0]["first"]["path"], overlaps[0]["second"]["path"]) == (f"{IG}/kopisenja/", f"{IG}/p/nothing/")

    sandbox_first, sandbox_second = Client(sandbox.url), Client(sandbox.url)  # the sandbox's own pages too
    sandbox_first.login()
    sandbox_second.login()
    started.clear()
    _together(lambda: sandbox_first.get("/u/kopisenja?hold=1"), lambda: started.wait(10) and sandbox_second.get("/"))
    assert [o["account"] for o in sandbox.activity()["overlaps"]] == ["instagram:kopisenja", "sandbox:kopisenja"]
    sandbox.app.extensions["sandbox"].activity.reset()
    assert sandbox.activity() == {"actions": [], "overlaps": []}


def _hold_profile_pages(srv: SandboxServer, started: threading.Event) -> None:
    """A test-only hook: a request with `?hold=1` signals `started`, then takes 1.5 s inside its action."""
    import time

    from flask import request

    def hold() -> None:
        if request.args.get("hold"):
            started.set()
            time.sleep(1.5)

    srv.app.after_request_funcs.setdefault(None, []).append(lambda response: (hold(), response)[1])


def test_login_goes_to_the_page_it_was_asked_for_and_nowhere_else(sandbox: SandboxServer) -> None:
    for asked, landed in [(f"{IG}/fan/", f"{IG}/fan/"), ("https://evil.example/", f"{IG}/"), ("//evil.example", f"{IG}/")]:
        client = IgClient(sandbox.url)
        client.get(f"{IG}/accounts/login/")
        csrf = client.cookie("csrftoken").value  # type: ignore[union-attr]
        reply = client.request(f"{IG}/api/v1/web/accounts/login/ajax/",
                               json.dumps({"username": "fan", "password": "fan", "next": asked}).encode(),
                               {"Content-Type": "application/json", "X-CSRFToken": csrf}, method="POST")
        assert reply.json()["redirect"] == landed
