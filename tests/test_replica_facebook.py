"""The Facebook replica over real HTTP on 127.0.0.1 (no browser): Pages as profiles, the login form,
rotating pfbid links that always lead to their post, followers as the site abbreviates them, uploads
and the create mutation's rules, checkpoints for script calls, and the admin API for Pages."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from images import png_bytes
from sandbox_client import Client, Reply

from scheduler.sandbox.replicas.facebook import identity
from scheduler.sandbox.server import SandboxServer

FB = "/replica/facebook"
PAGE = "kopisenja.page"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(64)


class FbClient(Client):
    """A visitor of the Facebook replica: posts the login form, calls /api/graphql/ like its scripts."""

    def fb_login(self, name: str = "kopisenja", password: str | None = None) -> Reply:
        page = self.get(f"{FB}/login/").body
        lsd = re.search(r'name="lsd" value="([^"]*)"', page).group(1)  # type: ignore[union-attr]
        form = {"lsd": lsd, "email": name, "pass": password or name, "next": f"{FB}/"}
        return self.request(f"{FB}/login/device-based/regular/login/", urllib.parse.urlencode(form).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def token(self) -> str:
        cookie = self.cookie("fb_dtsg")
        return cookie.value if cookie and cookie.value else ""

    def call(self, path: str, form: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> Reply:
        headers = {"X-CSRFToken": self.token(), "X-Requested-With": "XMLHttpRequest"}
        boundary = "b0undary"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in form.items()]
        for name, (filename, data) in (files or {}).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(path, body, headers | {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def upload(self, name: str, data: bytes) -> Reply:
        return self.call(f"{FB}/ajax/react_composer/attachments/upload/", {}, {"file": (name, data)})

    def create(self, message: str, photo_ids: list[str], actor: str, target: str = PAGE, **more: str) -> Reply:
        return self.call(f"{FB}/api/graphql/", {"fb_api_req_friendly_name": "ComposerStoryCreateMutation",
                                                "message": message, "photo_ids": ",".join(photo_ids),
                                                "actor_id": actor, "target": target, "surface": "www"} | more)


def fb_client(srv: SandboxServer, name: str = "kopisenja") -> FbClient:
    client = FbClient(srv.url)
    reply = client.fb_login(name)
    assert reply.url.endswith(f"{FB}/") and "Create a post" in reply.body, reply.body[:500]
    return client


def page_id(srv: SandboxServer, owner: str = "kopisenja") -> str:
    return str(srv.replica("facebook").page(owner)["id"])


def posts(srv: SandboxServer) -> list[dict[str, Any]]:
    return Client(srv.url).get(f"{FB}/_api/posts").json()  # type: ignore[no-any-return]


def test_a_pfbid_changes_every_time_and_always_leads_to_its_post() -> None:
    shown = {identity.pfbid(42) for _ in range(20)}
    assert len(shown) == 20 and all(re.fullmatch(r"pfbid0[1-9A-HJ-NP-Za-km-z]{44}", p) for p in shown)
    assert {identity.post_id_of(p) for p in shown} == {42}
    one = identity.pfbid(42)
    forged = one[:-1] + ("2" if one[-1] != "2" else "3")
    assert identity.post_id_of(forged) is None
    assert identity.post_id_of("pfbid0abc") is None and identity.post_id_of("pfbid0" + "z" * 60) is None
    assert identity.post_id_of("12345") is None


def test_every_person_gets_a_page_once_and_nobody_logs_in_as_a_page(tmp_path: Path) -> None:
    users = {"kopisenja": "kopisenja", "fan": "fan"}
    with SandboxServer(tmp_path / "site", users) as srv:
        first = Client(srv.url).get(f"{FB}/_api/pages/kopisenja").json()
    with SandboxServer(tmp_path / "site", users) as srv:  # a restart adds nothing
        assert Client(srv.url).get(f"{FB}/_api/pages/kopisenja").json() == first
        assert Client(srv.url).get(f"{FB}/_api/pages/kopisenja.page").json() == []  # a Page manages none
        reply = FbClient(srv.url).fb_login(PAGE, "anything")
    assert first == [{"username": PAGE, "name": "Kopisenja Page", "id": first[0]["id"]}]
    assert first[0]["id"].startswith("6155") and len(first[0]["id"]) == 15
    assert "The password that you&#39;ve entered is incorrect." in reply.body


def test_the_login_form_sets_c_user_and_xs_and_says_what_was_wrong(sandbox: SandboxServer) -> None:
    client = fb_client(sandbox)
    cookies = {c.name: c.value for c in client.jar}
    assert cookies["c_user"] == str(identity.PERSON_BASE + 1) and cookies["xs"]
    wrong = FbClient(sandbox.url).fb_login("kopisenja", "salah")
    assert wrong.status == 200 and 'role="alert"' in wrong.body and "entered is incorrect" in wrong.body
    unknown = FbClient(sandbox.url).fb_login("nobody", "x")
    assert "isn&#39;t connected to an account" in unknown.body
    forged = FbClient(sandbox.url).request(f"{FB}/login/", b"email=kopisenja&pass=kopisenja",
                                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert forged.status == 400  # no lsd token: a form posted from elsewhere


@pytest.mark.parametrize(("count", "en", "ind"), [
    (0, "0 followers", "0 pengikut"), (1, "1 follower", "1 pengikut"), (999, "999 followers", "999 pengikut"),
    (1234, "1.2K followers", "1,2 rb pengikut"), (1999, "1.9K followers", "1,9 rb pengikut"),
    (12000, "12K followers", "12 rb pengikut"), (2_500_000, "2.5M followers", "2,5 jt pengikut"),
])
def test_followers_as_the_page_header_abbreviates_them(sandbox: SandboxServer, count: int, en: str, ind: str) -> None:
    sandbox.replica("facebook").set_user(PAGE, followers=count)
    for lang, text in (("en", en), ("id", ind)):
        body = Client(sandbox.url).get(f"{FB}/{PAGE}?locale={lang}").body
        assert f'href="{FB}/{PAGE}/followers" class="followers">{text}</a>' in body


def test_permalinks_by_number_by_pfbid_and_by_permalink_php(sandbox: SandboxServer) -> None:
    control = sandbox.replica("facebook")
    code = control.seed_post(PAGE, "Promo hari ini", [("promo.png", png_bytes())])
    visitor = Client(sandbox.url)
    links = [re.search(rf'href="{FB}/{re.escape(PAGE)}/posts/(pfbid0\w+)\?__cft__', visitor.get(f"{FB}/{PAGE}").body)
             for _ in range(2)]
    first, second = (m.group(1) for m in links if m)  # type: ignore[misc]
    assert first != second
    for path in (f"/{PAGE}/posts/{first}", f"/{PAGE}/posts/{second}", f"/{PAGE}/posts/{code}",
                 f"/permalink.php?story_fbid={code}&id={page_id(sandbox)}",
                 f"/permalink.php?story_fbid={first}&id={page_id(sandbox)}"):
        reply = visitor.get(FB + path)
        assert reply.status == 200 and "Promo hari ini" in reply.body, path
    for path in (f"/fan.page/posts/{code}", f"/{PAGE}/posts/{first[:-2]}xx", f"/{PAGE}/posts/999",
                 f"/permalink.php?story_fbid={code}&id={page_id(sandbox, 'fan')}"):
        reply = visitor.get(FB + path)
        assert reply.status == 404 and "Sorry, this content isn&#39;t available right now" in reply.body, path
    photo = posts(sandbox)[0]["extra"]["photo_ids"][0]
    moved = visitor.get(f"{FB}/photo/?fbid={photo}", follow=False)
    assert moved.status == 302 and re.search(rf"/{re.escape(PAGE)}/posts/pfbid0\w+$", moved.location)


def test_uploads_then_a_post_as_the_page(sandbox: SandboxServer) -> None:
    client = fb_client(sandbox)
    picture = png_bytes(30, 20)
    one = client.upload("satu.png", picture).json()["fbid"]
    two = client.upload("dua.gif", b"GIF89a" + bytes(40)).json()["fbid"]
    for name, data in (("notes.jpg", b"text pretending"), ("empty.png", b"")):
        refused = client.upload(name, data)
        assert refused.status == 400 and f"{name} can't be uploaded" in refused.json()["error"]
    reply = client.create("Halo\r\nkak", [one, two], page_id(sandbox))
    assert reply.status == 200, reply.body
    assert re.search(rf"{FB}/{re.escape(PAGE)}/posts/pfbid0\w+$", reply.json()["data"]["story_create"]["story"]["url"])
    [post] = posts(sandbox)
    assert (post["author"], post["text"], post["kind"]) == (PAGE, "Halo\nkak", "photo")
    assert [(m["name"], m["content_type"]) for m in post["media"]] == [("satu.png", "image/png"), ("dua.gif", "image/gif")]
    assert Client(sandbox.url).get(post["media"][0]["url"].split(str(sandbox.url))[1]).status == 200
    again = client.create("Lagi", [one], page_id(sandbox))  # an upload goes into one post only
    assert again.status == 400 and len(posts(sandbox)) == 1


def test_what_the_create_mutation_refuses(sandbox: SandboxServer) -> None:
    client, fan = fb_client(sandbox), fb_client(sandbox, "fan")
    mine = page_id(sandbox)
    fans_upload = fan.upload("a.png", png_bytes()).json()["fbid"]
    assert client.create("Pinjam foto", [fans_upload], mine).status == 400  # someone else's upload
    assert client.create("Bukan punyaku", [], page_id(sandbox, "fan"), target="fan.page").status == 403
    assert client.create("   ", [], mine).status == 400  # nothing to post
    assert client.create("x" * 63_207, [], mine).json()["errors"][0]["message"] == "Your post is too long."
    videos = [client.upload(f"v{i}.mp4", MP4).json()["fbid"] for i in range(2)]
    assert client.create("Dua video", videos, mine).json()["errors"][0]["message"] == \
        "You can add only one video to a post."
    photos = [client.upload(f"p{i}.png", png_bytes()).json()["fbid"] for i in range(11)]
    assert client.create("Sebelas", photos, mine).json()["errors"][0]["message"] == "You can add up to 10 photos."
    scheduled = client.call(f"{FB}/api/graphql/", {"fb_api_req_friendly_name": "BusinessComposerStoryCreateMutation",
                                                   "message": "Nanti", "actor_id": mine, "target": PAGE,
                                                   "scheduled": "1"})
    assert scheduled.status == 400 and "jadwal publishes" in scheduled.json()["errors"][0]["message"]
    headers = {"X-Requested-With": "XMLHttpRequest", "Content-Type": "application/x-www-form-urlencoded"}
    forged = client.request(f"{FB}/api/graphql/", b"fb_api_req_friendly_name=ComposerStoryCreateMutation", headers)
    assert forged.status == 403
    assert posts(sandbox) == []
    assert client.create("Video", videos[:1], mine).status == 200  # one video is a post
    assert posts(sandbox)[0]["kind"] == "video"


def test_a_held_account_gets_its_checkpoint_in_script_calls_and_a_block_is_an_answer(sandbox: SandboxServer) -> None:
    client = fb_client(sandbox)
    control = sandbox.replica("facebook")
    control.set_faults(checkpoint={"kind": "blocked", "user": "kopisenja"})
    blocked = client.create("Cepat sekali", [], page_id(sandbox))
    assert blocked.status == 400
    error = blocked.json()["errors"][0]
    assert (error["code"], error["summary"]) == ("rate_limited", "You’re Temporarily Blocked")
    assert "We limit how often you can post, comment" in error["description"]
    code = control.seed_post(PAGE, "Ada yang mau komentar?", [])
    control.set_faults(checkpoint={"kind": "blocked", "user": "kopisenja"})
    comment = client.call(f"{FB}/api/graphql/", {"fb_api_req_friendly_name": "useCometUFICreateCommentMutation",
                                                 "post": code, "text": "Halo"})
    assert comment.status == 400 and comment.json()["errors"][0]["code"] == "rate_limited"
    assert posts(sandbox)[0]["comments"] == []
    control.set_faults(checkpoint={"kind": "two_factor", "on": "pages", "user": "kopisenja"})
    page = client.get(f"{FB}/{PAGE}", follow=False)
    assert page.status == 302 and page.location.startswith(f"{FB}/two_step_verification/authentication/")
    call = client.create("Halo", [], page_id(sandbox))
    assert call.status == 400 and call.json()["message"] == "checkpoint_required"
    assert [p["text"] for p in posts(sandbox)] == ["Ada yang mau komentar?"]


def test_pages_are_added_by_the_admin_api_and_checked(sandbox: SandboxServer) -> None:
    admin = Client(sandbox.url)
    made = admin.post_json("/_admin/replica/facebook/pages",
                           {"owner": "kopisenja", "username": "kopisenja.bandung", "name": "Kopi Senja Bandung"})
    assert made.json()["name"] == "Kopi Senja Bandung" and made.json()["owner"] == "kopisenja"
    for bad, message in [
        ({"owner": "kopisenja", "username": "fan", "name": "X"}, "is taken"),
        ({"owner": "kopisenja", "username": "baru", "name": " "}, "needs a name"),
        ({"owner": PAGE, "username": "anak", "name": "Anak"}, "give a person as the owner"),
        ({"owner": "nobody", "username": "anak", "name": "Anak"}, "no user called"),
    ]:
        reply = admin.post_json("/_admin/replica/facebook/pages", bad)
        assert reply.status == 400 and message in reply.json()["error"], (bad, reply.body)
    names = [p["name"] for p in Client(sandbox.url).get(f"{FB}/_api/pages/kopisenja").json()]
    assert names == ["Kopisenja Page", "Kopi Senja Bandung"]
    client = fb_client(sandbox)
    switched = client.request(f"{FB}/profile/switch/", urllib.parse.urlencode(
        {"fb_dtsg": client.token(), "profile": page_id(sandbox, "fan")}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"})
    assert switched.status == 403  # nobody switches into a Page they do not manage


def test_the_three_comment_orders(sandbox: SandboxServer) -> None:
    """"All comments" oldest first, "Newest" newest first, "Most relevant" threads with replies first [G]."""
    control = sandbox.replica("facebook")
    code = control.seed_post(PAGE, "Urutan", [])
    ids = [control.seed_comment(code, "fan", f"c{i}") for i in range(4)]
    control.seed_comment(code, PAGE, "balas", ids[2])

    def order(name: str) -> list[str]:
        body = Client(sandbox.url).get(f"{FB}/ajax/comments/?post={code}&order={name}&offset=0").body
        return re.findall(r'<span lang="en">(c\d)</span>', body)

    assert order("all") == ["c0", "c1", "c2", "c3"]
    assert order("newest") == ["c3", "c2", "c1", "c0"]
    assert order("relevant") == ["c2", "c0", "c1", "c3"]
    assert Client(sandbox.url).get(f"{FB}/ajax/comments/?post={code}&order=best&offset=0").status == 404
