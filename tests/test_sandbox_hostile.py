"""The sandbox refuses what a hostile web page or a careless setup would make it do (issue 12).

Real HTTP on 127.0.0.1: a page elsewhere in the browser must not reset faults or expire sessions
(Origin, Host, JSON), nor log a visitor out; every answer carries the headers that stop framing and
type guessing; the session cookie lives as long as the session; images are served whatever the
form of --data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from images import png_bytes
from sandbox_client import Client

from scheduler.sandbox.faults import DEFAULT_SESSION_TTL, Faults
from scheduler.sandbox.server import SandboxServer


def logged_in(srv: SandboxServer) -> Client:
    client = Client(srv.url)
    assert client.login().status == 200
    return client


def port(srv: SandboxServer) -> str:
    return srv.url.rsplit(":", 1)[1]


def test_images_are_served_when_data_is_a_relative_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with SandboxServer(Path("sandbox-data"), {"kopisenja": "kopisenja"}) as srv:  # the CLI's default form
        client = logged_in(srv)
        client.compose("a picture", files={"image": ("cup.png", png_bytes())})
        url = client.get("/api/posts").json()[0]["media_urls"][0]
        served = client.request(url.removeprefix(srv.url))
    assert served.status == 200 and served.headers["Content-Type"] == "image/png"


@pytest.mark.parametrize("path", ["/_admin/expire-sessions", "/_admin/reset-faults", "/_admin/faults"])
def test_a_web_page_cannot_call_the_admin_endpoints(sandbox: SandboxServer, path: str) -> None:
    sandbox.set_faults(latency_ms=1)
    victim = logged_in(sandbox)
    admin = Client(sandbox.url)
    foreign = {"Origin": "http://evil.example", "Content-Type": "application/json"}
    tries = [
        admin.request(path, b"{}", foreign, method="POST"),  # a page on another site
        admin.request(path, None, {"Origin": "http://evil.example"}, method="POST"),  # empty body
        admin.request(path, b"", {"Content-Type": "text/plain"}, method="POST"),  # a form with no body
        admin.request(path, b"{}", {"Host": f"evil.example:{port(sandbox)}",  # DNS rebinding
                                    "Content-Type": "application/json"}, method="POST"),
    ]
    assert [t.status for t in tries] == [403, 403, 415, 400]
    assert sandbox.faults.snapshot()["latency_ms"] == 1  # nothing reset
    assert "current-user" in victim.get("/").body  # no session expired
    same = admin.request(path, b"{}", {"Origin": sandbox.url, "Content-Type": "application/json"}, method="POST")
    assert same.status in (200, 400)  # the machine itself still may (faults wants settings: 400 for {})


def test_pages_answer_their_own_host_names_only(sandbox: SandboxServer) -> None:
    client = Client(sandbox.url)
    assert client.request("/", headers={"Host": f"evil.example:{port(sandbox)}"}).status == 400
    assert client.request("/api/posts", headers={"Host": f"evil.example:{port(sandbox)}"}).status == 400
    for name in ("127.0.0.1", "localhost", "LOCALHOST"):
        assert client.request("/", headers={"Host": f"{name}:{port(sandbox)}"}).status == 200


def test_logout_needs_the_forms_csrf_token(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    client.get("/")  # the token of the nav's logout form
    forged = client.request("/logout", b"", {"Content-Type": "application/x-www-form-urlencoded"},
                            follow=False, method="POST")
    assert forged.status == 400
    assert "current-user" in client.get("/").body  # still logged in
    done = client.post("/logout", {}, follow=False)
    assert done.status == 303 and "current-user" not in client.get("/").body


def test_the_session_cookie_lives_as_long_as_the_session(sandbox_factory) -> None:
    for ttl in (DEFAULT_SESSION_TTL, 60):
        srv = sandbox_factory(session_ttl=ttl)
        client = Client(srv.url)
        client.get("/login")
        done = client.post("/login", {"username": "kopisenja", "password": "kopisenja"}, follow=False)
        assert f"Max-Age={ttl}" in done.headers["Set-Cookie"]
    with pytest.raises(ValueError, match="session_ttl"):  # a cookie for 400 days is not a thing to ask for
        Faults(session_ttl=400 * 24 * 3600)


def test_every_answer_forbids_framing_and_type_guessing(sandbox: SandboxServer) -> None:
    client = logged_in(sandbox)
    client.compose("a picture", files={"image": ("cup.png", png_bytes())})
    image = client.get("/api/posts").json()[0]["media_urls"][0].removeprefix(sandbox.url)
    for path in ("/", "/login", "/compose", "/api/posts", image, "/no-such-page", "/static/style.css"):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["X-Frame-Options"] == "DENY", path
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, path
