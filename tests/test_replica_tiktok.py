"""The TikTok replica over real HTTP on 127.0.0.1 (no browser): login and its throttles, the session
context, upload then post (videos only, judged by their bytes), throttles and checkpoints for script
calls, suggestions, comment and reply pages, counts as the pages show them and exactly in the
rehydration JSON, private videos, and the captchas' answers."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from typing import Any

import pytest
from images import png_bytes
from sandbox_client import Client, Reply

from scheduler.sandbox.replicas.tiktok import challenges
from scheduler.sandbox.server import SandboxServer

TT = "/replica/tiktok"
#: an MP4 container's first bytes are what the site reads (the e2e tests upload a real recording)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(2048)


class TtClient(Client):
    """A visitor of the TikTok replica: logs in and calls the endpoints the way its pages' scripts do."""

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        csrf = self.cookie("tt_csrf_token")
        return {"X-CSRFToken": csrf.value if csrf and csrf.value else "", "X-Requested-With": "XMLHttpRequest",
                **(extra or {})}

    def tt_login(self, name: str = "kopisenja", password: str | None = None, next_path: str = f"{TT}/foryou"
                 ) -> Reply:
        self.get(f"{TT}/login/phone-or-email/email")
        payload = {"username": name, "password": name if password is None else password, "next": next_path}
        return self.request(f"{TT}/passport/web/user/login/", json.dumps(payload).encode(),
                            self.headers({"Content-Type": "application/json"}), method="POST")

    def xhr_json(self, path: str, payload: Any) -> Reply:
        return self.request(path, json.dumps(payload).encode(), self.headers({"Content-Type": "application/json"}),
                            method="POST")

    def xhr_form(self, path: str, form: dict[str, str] | None = None,
                 files: dict[str, tuple[str, bytes]] | None = None) -> Reply:
        boundary = "b0undary"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in (form or {}).items()]
        for name, (filename, data) in (files or {}).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(path, body, self.headers({"Content-Type": f"multipart/form-data; boundary={boundary}"}))

    def upload(self, name: str = "clip.mp4", data: bytes = MP4) -> Reply:
        return self.xhr_form(f"{TT}/api/studio/upload/", files={"video": (name, data)})

    def post_video(self, caption: str, **settings: Any) -> Reply:
        token = self.upload().json()["video_id"]
        return self.xhr_json(f"{TT}/api/studio/post/", {"video_id": token, "caption": caption, **settings})


def tt_client(srv: SandboxServer, name: str = "kopisenja") -> TtClient:
    client = TtClient(srv.url)
    assert client.tt_login(name).json()["message"] == "success"
    return client


def api_posts(srv: SandboxServer) -> list[dict[str, Any]]:
    return Client(srv.url).get(f"{TT}/_api/posts").json()


def admin(srv: SandboxServer, path: str, payload: Any) -> Reply:
    return Client(srv.url).post_json(f"/_admin/replica/tiktok{path}", payload)


def test_login_sets_sessionid_and_the_context_names_the_account(sandbox: SandboxServer) -> None:
    client = TtClient(sandbox.url)
    wrong = client.tt_login(password="nope").json()
    assert wrong == {"data": {"description": "Account or password is incorrect", "error_code": 1009},
                     "message": "error"}
    assert "user" not in client.get(f"{TT}/node-webapp/api/common-app-context").json()
    reply = client.tt_login(next_path=f"{TT}/tiktokstudio/upload").json()
    assert reply["data"]["redirect_url"] == f"{TT}/tiktokstudio/upload"
    session = client.cookie("sessionid")
    assert session is not None and session.path == f"{TT}/" and session.has_nonstandard_attr("HttpOnly")
    assert client.cookie("tt-target-idc") is not None  # [S: MAKI]
    assert client.get(f"{TT}/node-webapp/api/common-app-context").json()["user"]["uniqueId"] == "kopisenja"
    for asked in ("https://evil.example/", "//evil.example", "/other/"):
        assert TtClient(sandbox.url).tt_login(next_path=asked).json()["data"]["redirect_url"] == f"{TT}/foryou"


def test_the_login_form_keeps_the_names_tiktok_uploader_has_used_since_2023(sandbox: SandboxServer) -> None:
    page = Client(sandbox.url).get(f"{TT}/login/phone-or-email/email").body
    assert 'name="username" placeholder="Email or username"' in page
    assert '<input type="password" placeholder="Password"' in page
    assert '<button type="submit" data-e2e="login-button"' in page
    home = Client(sandbox.url).get(f"{TT}/foryou").body
    assert 'data-e2e="login-button"' in home  # the header's button shares it [multi]
    old = Client(sandbox.url).get(f"{TT}/upload?lang=en", follow=False)
    assert old.status == 302 and old.location.endswith(f"{TT}/creator-center/upload?lang=en")
    centre = Client(sandbox.url).get(f"{TT}/creator-center/upload?lang=en", follow=False)
    assert centre.location.endswith(f"{TT}/tiktokstudio/upload?lang=en")


@pytest.mark.parametrize(("kind", "message"), [
    ("login_too_many", "Too many attempts. Try again later."),
    ("login_max_attempts", "Maximum number of attempts reached. Try again later."),
])
def test_login_throttles_answer_error_code_7_even_to_the_right_password(
    sandbox: SandboxServer, kind: str, message: str
) -> None:
    sandbox.replica("tiktok").set_faults(checkpoint={"kind": kind, "user": "kopisenja"})
    assert TtClient(sandbox.url).tt_login("fan").json()["message"] == "success"  # another account is not held
    client = TtClient(sandbox.url)
    assert client.tt_login().json() == {"data": {"description": message, "error_code": 7}, "message": "error"}
    assert client.cookie("sessionid") is None or "user" not in \
        client.get(f"{TT}/node-webapp/api/common-app-context").json()
    assert client.tt_login().json()["message"] == "success"  # once, as armed


def test_a_video_uploaded_then_posted_is_stored_and_served(sandbox: SandboxServer) -> None:
    client = tt_client(sandbox)
    uploaded = client.upload("Promo Desember.mp4").json()
    assert (uploaded["status_code"], uploaded["content_type"], uploaded["size"]) == (0, "video/mp4", len(MP4))
    assert api_posts(sandbox) == []  # uploaded is not posted
    before = int(time.time())
    reply = client.xhr_json(f"{TT}/api/studio/post/", {
        "video_id": uploaded["video_id"], "caption": "Menu baru #kopi #Senja @fan @nobody\r\nbaris dua",
        "mentions": ["fan", "nobody"], "visibility": "friends", "allow_comment": False}).json()
    assert reply["status_code"] == 0
    [post] = api_posts(sandbox)
    assert post["code"] == reply["item_id"] and len(post["code"]) == 19
    assert before - 1 <= int(post["code"]) >> 32 <= int(time.time())  # its top 32 bits are the time [multi]
    assert post["text"] == "Menu baru #kopi #Senja @fan @nobody\nbaris dua"
    assert post["extra"] | {"plays": 0} == {"visibility": "friends", "allow_comment": False, "copyright_check": False,
                                            "mentions": ["fan"], "hashtags": ["kopi", "Senja"], "plays": 0}
    assert post["permalink"].endswith(f"{TT}/@kopisenja/video/{post['code']}")
    assert [(m["name"], m["content_type"]) for m in post["media"]] == [("Promo_Desember.mp4", "video/mp4")]
    with urllib.request.urlopen(post["media"][0]["url"], timeout=10) as served:
        assert served.read() == MP4

    # posting the same upload again is a second post, as a careless client would make on the live site
    again = client.xhr_json(f"{TT}/api/studio/post/", {"video_id": uploaded["video_id"], "caption": "lagi"})
    assert again.json()["status_code"] == 0 and len(api_posts(sandbox)) == 2


@pytest.mark.parametrize(("name", "data", "why"), [
    ("menu.png", png_bytes(), "Unsupported file. Select a video file."),  # photo posts: not on the web (§2)
    ("menu.mp4", png_bytes(), "Unsupported file. Select a video file."),  # named like a video, read by bytes
    ("empty.mp4", b"", "Unsupported file. Select a video file."),
    ("big.mp4", MP4 + bytes(15 * 1024 * 1024), "This video is too large."),
])
def test_only_videos_are_taken_judged_by_their_bytes(sandbox: SandboxServer, name: str, data: bytes, why: str) -> None:
    reply = tt_client(sandbox).upload(name, data)
    assert reply.status == 400 and reply.json()["status_msg"] == why
    assert api_posts(sandbox) == []


def test_a_post_needs_its_own_upload_and_a_caption_within_the_counter(sandbox: SandboxServer) -> None:
    client, fan = tt_client(sandbox), tt_client(sandbox, "fan")
    token = client.upload().json()["video_id"]
    failed = "Something went wrong. You can try again or replace it with a different video."
    for who, body in [(fan, {"video_id": token, "caption": "bukan punyaku"}),
                      (client, {"video_id": "nope", "caption": "x"}),
                      (client, {"video_id": token, "caption": "x" * 4001}),
                      (client, {"video_id": token, "caption": "x", "visibility": "public"})]:
        assert who.xhr_json(f"{TT}/api/studio/post/", body).json() == {"status_code": 5, "status_msg": failed}
    assert client.xhr_json(f"{TT}/api/studio/post/", {"video_id": token, "caption": "x" * 4000}).json()[
        "status_code"] == 0
    assert Client(sandbox.url).request(f"{TT}/api/studio/post/", b"{}", {"Content-Type": "application/json"},
                                       method="POST").status == 401


def test_upload_and_post_throttles_and_a_checkpoint_for_script_calls(sandbox: SandboxServer) -> None:
    control = sandbox.replica("tiktok")
    client = tt_client(sandbox)
    control.set_faults(checkpoint={"kind": "upload_too_many", "user": "kopisenja"})
    assert client.upload().json() == {"status_code": 7, "status_msg": "Too many uploading attempts. Try again later."}
    control.set_faults(checkpoint={"kind": "posting_too_fast", "user": "kopisenja"})
    assert client.post_video("cepat").json() == {"status_code": 2158,  # [S: TT546#74]
                                                 "status_msg": "You are posting too fast. Take a rest."}
    assert api_posts(sandbox) == []
    control.set_faults(checkpoint={"kind": "captcha_shapes", "on": "pages", "user": "kopisenja"})
    call = client.upload()
    assert call.status == 400 and call.json()["message"] == "checkpoint_required"
    assert "/replica/tiktok/captcha/3d/" in call.json()["checkpoint_url"]
    page = client.get(f"{TT}/tiktokstudio/upload", follow=False)
    assert page.status == 302 and "/captcha/3d/" in page.location
    assert control.log() == {"blocked:upload_too_many": 1, "blocked:posting_too_fast": 1}


def test_suggestions_for_hashtags_and_accounts(sandbox: SandboxServer) -> None:
    client = tt_client(sandbox)
    for caption, plays in (("#kopisenja #kopi", 50), ("#kopiluwak", 900)):
        code = client.post_video(caption).json()["item_id"]
        assert admin(sandbox, "/seed/plays", {"post": code, "plays": plays}).json() == {"ok": True}
    tags = client.get(f"{TT}/api/studio/suggest/?type=hashtag&keyword=kopi").json()["hashtags"]
    assert tags == [{"name": "kopi", "views": "50"}, {"name": "kopiluwak", "views": "900"},
                    {"name": "kopisenja", "views": "50"}]  # the typed tag first (Enter takes it [S: TU])
    users = client.get(f"{TT}/api/studio/suggest/?type=user&keyword=f").json()["users"]
    assert [u["unique_id"] for u in users][0] == "fan" and all(u["unique_id"].startswith("f") for u in users)
    assert client.get(f"{TT}/api/studio/suggest/?type=user&keyword=zz").json()["users"] == []
    assert admin(sandbox, "/seed/plays", {"post": "nope", "plays": 1}).status == 400
    assert admin(sandbox, "/seed/plays", {"post": code, "plays": -1}).status == 400


def test_comment_pages_reply_pages_and_replies_in_the_right_thread(sandbox: SandboxServer) -> None:
    control = sandbox.replica("tiktok")
    code = control.seed_post("kopisenja", "Menu", [("m.mp4", MP4)], kind="video")
    ids = [control.seed_comment(code, "fan", f"k{i}") for i in range(25)]
    replies = [control.seed_comment(code, "kopisenja", f"r{i}", ids[3]) for i in range(5)]
    anonymous = Client(sandbox.url)
    first = anonymous.get(f"{TT}/api/comment/list/?aweme_id={code}&cursor=0").json()
    assert ([c["text"] for c in first["comments"]], first["has_more"]) == ([f"k{i}" for i in range(20)], 1)
    assert first["comments"][3]["reply_comment_total"] == 5 and first["comments"][3]["user"]["unique_id"] == "fan"
    rest = anonymous.get(f"{TT}/api/comment/list/?aweme_id={code}&cursor={first['cursor']}").json()
    assert ([c["text"] for c in rest["comments"]], rest["has_more"]) == ([f"k{i}" for i in range(20, 25)], 0)
    pages, cursor = [], 0
    while True:
        page = anonymous.get(f"{TT}/api/comment/list/reply/?item_id={code}&comment_id={ids[3]}&cursor={cursor}").json()
        pages.append([c["text"] for c in page["comments"]])
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert pages == [["r0", "r1", "r2"], ["r3", "r4"]]  # three at a time [G]
    assert 'data-e2e="comment-level-2"' in page["html"] and 'data-e2e="comment-reply-2"' in page["html"]

    client = tt_client(sandbox, "fan")
    to_reply = client.xhr_form(f"{TT}/api/comment/publish/", {"aweme_id": code, "text": "balas", "reply_id": str(replies[1])})
    assert to_reply.json()["comment"]["reply_id"] == str(ids[3])  # a reply to a reply joins the thread
    top = client.xhr_form(f"{TT}/api/comment/publish/", {"aweme_id": code, "text": "baru"}).json()["comment"]
    assert top["reply_id"] == "0"
    for bad in ({"aweme_id": code, "text": "x" * 151}, {"aweme_id": code, "text": "  "},
                {"aweme_id": code, "text": "x", "reply_id": "999999"}):
        assert client.xhr_form(f"{TT}/api/comment/publish/", bad).status == 400
    assert anonymous.request(f"{TT}/api/comment/publish/", b"aweme_id=x&text=y",
                             {"Content-Type": "application/x-www-form-urlencoded",
                              "X-Requested-With": "XMLHttpRequest"}).status == 401
    shut = tt_client(sandbox).post_video("tanpa komentar", allow_comment=False).json()["item_id"]
    assert client.xhr_form(f"{TT}/api/comment/publish/", {"aweme_id": shut, "text": "halo"}).status == 400


def test_counts_show_short_and_exactly_in_the_rehydration_json(sandbox: SandboxServer) -> None:
    control = sandbox.replica("tiktok")
    control.set_user("kopisenja", followers=12345, following=7)
    code = control.seed_post("kopisenja", "Menu", [("m.mp4", MP4)], kind="video")
    assert admin(sandbox, "/seed/plays", {"post": code, "plays": 1500}).json() == {"ok": True}
    control.seed_like(code, "fan")
    en = Client(sandbox.url).get(f"{TT}/@kopisenja").body
    assert re.search(r'<strong data-e2e="followers-count" title="Followers">12.3K</strong>', en)
    assert '<strong data-e2e="video-views" class="video-count">1.5K</strong>' in en
    stats = _rehydration(en)["webapp.user-detail"]["userInfo"]["stats"]
    assert stats == {"followerCount": 12345, "followingCount": 7, "heartCount": 1, "videoCount": 1}
    control.set_user("kopisenja", followers=1_250_000)
    ind = Client(sandbox.url).get(f"{TT}/@kopisenja?lang=id").body
    assert '<strong data-e2e="followers-count" title="Pengikut">1,2 jt</strong>' in ind

    fan = tt_client(sandbox, "fan")
    video = _rehydration(fan.get(f"{TT}/@kopisenja/video/{code}").body)
    assert video["webapp.video-detail"]["itemInfo"]["itemStruct"]["stats"]["playCount"] == 1501  # a play
    author = tt_client(sandbox)
    again = _rehydration(author.get(f"{TT}/@kopisenja/video/{code}").body)
    assert again["webapp.video-detail"]["itemInfo"]["itemStruct"]["stats"]["playCount"] == 1501  # not the author's


def _rehydration(page: str) -> dict[str, Any]:
    found = re.search(r'<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">(.*?)</script>',
                      page, re.S)
    assert found is not None
    return json.loads(found.group(1))["__DEFAULT_SCOPE__"]


def test_private_videos_show_to_their_author_only(sandbox: SandboxServer) -> None:
    author = tt_client(sandbox)
    code = author.post_video("rahasia", visibility="only_you").json()["item_id"]
    assert f"/video/{code}" in author.get(f"{TT}/@kopisenja").body
    assert author.get(f"{TT}/@kopisenja/video/{code}").status == 200
    for visitor in (Client(sandbox.url), tt_client(sandbox, "fan")):
        assert f"/video/{code}" not in visitor.get(f"{TT}/@kopisenja").body
        missing = visitor.get(f"{TT}/@kopisenja/video/{code}")
        assert missing.status == 404 and "Video currently unavailable" in missing.body
    assert Client(sandbox.url).get(f"{TT}/@fan/video/{code}").status == 404  # another handle's URL


def test_styled_class_names_change_on_every_load_and_data_e2e_stays(sandbox: SandboxServer) -> None:
    sandbox.replica("tiktok").seed_post("kopisenja", "Menu", [("m.mp4", MP4)], kind="video")
    seen = set()
    for _ in range(3):
        body = Client(sandbox.url).get(f"{TT}/@kopisenja").body
        found = re.search(r'data-e2e="user-post-item" class="(css-\w+-DivItemContainerV2) tile"', body)
        assert found is not None
        seen.add(found.group(1))
    assert len(seen) == 3


def test_the_captchas_answers_come_from_the_code_within_a_persons_reach() -> None:
    for code in ("000000", "123456", "999999", "404040"):
        gap = challenges.puzzle_gap(code)
        assert 60 <= gap <= challenges.SLIDER
        assert challenges.puzzle_passes(str(gap + 6), code) and not challenges.puzzle_passes(str(gap + 7), code)
        angle = challenges.whirl_angle(code)
        assert challenges.whirl_passes(str(angle - 10), code) and not challenges.whirl_passes(str(angle + 11), code)
        assert challenges.whirl_passes(str(angle + 360), code)  # a full turn more is the same picture
        row = challenges.shape_row(code)
        pair = challenges.same_shapes(code)
        assert len(row) == 6 and row[pair[0]] == row[pair[1]] and len(set(row)) == 5
        assert challenges.shapes_pass(f"{pair[1]},{pair[0]}", code)
        assert not challenges.shapes_pass("0,0", code) and not challenges.shapes_pass("x", code)
    assert not challenges.puzzle_passes("", "123456")
