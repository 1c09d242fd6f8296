"""A tiny HTTP client for the sandbox tests: real sockets (urllib), a cookie jar, CSRF, uploads."""

from __future__ import annotations

import http.cookiejar
import json
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


@dataclass
class Reply:
    status: int
    url: str
    headers: Any
    body: str

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Client:
    """One visitor: keeps cookies, finds CSRF tokens in pages, never raises on HTTP errors."""

    def __init__(self, base: str, timeout: float = 10) -> None:
        self.base = base
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        cookies = urllib.request.HTTPCookieProcessor(self.jar)
        self._follow = urllib.request.build_opener(cookies)
        self._stay = urllib.request.build_opener(cookies, _NoRedirect)
        self.csrf = ""

    def request(self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None,
                follow: bool = True, method: str | None = None) -> Reply:
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {}, method=method)
        opener = self._follow if follow else self._stay
        try:
            with opener.open(req, timeout=self.timeout) as resp:
                reply = Reply(resp.status, resp.url, resp.headers, resp.read().decode(errors="replace"))
        except urllib.error.HTTPError as err:
            reply = Reply(err.code, err.url, err.headers, err.read().decode(errors="replace"))
        found = CSRF.search(reply.body)
        if found:
            self.csrf = found.group(1)
        return reply

    def get(self, path: str, follow: bool = True) -> Reply:
        return self.request(path, follow=follow)

    def post(self, path: str, form: dict[str, str] | None = None, files: dict[str, tuple[str, bytes]] | None = None,
             follow: bool = True, csrf: bool = True) -> Reply:
        fields = dict(form or {})
        if csrf:
            fields.setdefault("csrf_token", self.csrf)
        if files is None:
            body = urllib.parse.urlencode(fields).encode()
            return self.request(path, body, {"Content-Type": "application/x-www-form-urlencoded"}, follow)
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        for name, (filename, content) in files.items():
            head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n")
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}, follow)

    def post_json(self, path: str, payload: Any) -> Reply:
        return self.request(path, json.dumps(payload).encode(), {"Content-Type": "application/json"}, method="POST")

    def login(self, name: str = "kopisenja", password: str | None = None) -> Reply:
        self.get("/login")
        return self.post("/login", {"username": name, "password": name if password is None else password})

    def compose(self, text: str, files: dict[str, tuple[str, bytes]] | None = None, follow: bool = True) -> Reply:
        self.get("/compose")
        return self.post("/compose", {"text": text}, files=files if files is not None else {}, follow=follow)

    def cookie(self, name: str) -> http.cookiejar.Cookie | None:
        return next((c for c in self.jar if c.name == name), None)
