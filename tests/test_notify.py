"""Notifications through apprise to a real local HTTP endpoint: env substitution, failures, no secrets in logs."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from loguru import logger

from scheduler.notify import expand, literal_secrets, redact, send, warn_literal_secrets
from notify_endpoint import Endpoint


@pytest.fixture
def logs() -> Iterator[list[str]]:
    lines: list[str] = []
    sink = logger.add(lines.append, level="DEBUG", format="{message}")
    yield lines
    logger.remove(sink)


def closed_port() -> int:
    """A port on 127.0.0.1 that nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_env_variable_is_substituted_at_send_time(monkeypatch, logs) -> None:
    with Endpoint() as hook:
        target = f"json://127.0.0.1:{hook.port}/${{HOOK_PATH}}"
        monkeypatch.setenv("HOOK_PATH", "first")
        assert send([target], "t1", "b1").sent == 1
        monkeypatch.setenv("HOOK_PATH", "rotated")  # a changed secret applies without a restart
        assert send([target], "t2", "b2").sent == 1
    assert hook.paths == ["/first", "/rotated"]
    assert [(m["title"], m["message"]) for m in hook.received] == [("t1", "b1"), ("t2", "b2")]


def test_missing_variable_skips_that_target_only(monkeypatch, logs) -> None:
    monkeypatch.delenv("JADWAL_NOPE", raising=False)
    with Endpoint() as hook:
        result = send([f"json://u:${{JADWAL_NOPE}}@127.0.0.1:{hook.port}/a", hook.target], "t", "b")
    assert (result.sent, result.failed) == (1, (1,))
    assert len(hook.received) == 1
    assert any("JADWAL_NOPE is not set" in line for line in logs)


def test_failing_targets_do_not_raise_and_others_still_get_it(logs) -> None:
    with Endpoint() as hook, Endpoint(status=500) as broken:
        targets = [f"json://127.0.0.1:{closed_port()}/down", broken.target, "notaservice://x", hook.target]
        result = send(targets, "title", "body")
    assert result.sent == 1 and result.failed == (1, 2, 3)
    assert len(hook.received) == 1 and len(broken.received) == 1
    assert sum("notify target" in line for line in logs) >= 3


def test_no_secret_reaches_the_logs(monkeypatch, logs, capfd) -> None:
    monkeypatch.setenv("HOOK_PW", "sup3r-s3cret-pw")
    monkeypatch.setenv("HOOK_TOKEN", "tok-9f8e7d6c5b4a39281706")
    port = closed_port()
    targets = [f"json://rina:${{HOOK_PW}}@127.0.0.1:{port}/${{HOOK_TOKEN}}",
               f"json://rina:literalpass123@127.0.0.1:{port}/x?token=abcdef123456"]
    result = send(targets, "t", "b")
    assert result.failed == (1, 2)
    warn_literal_secrets(targets)
    out, err = capfd.readouterr()
    text = "\n".join(logs) + out + err
    for secret in ("sup3r-s3cret-pw", "tok-9f8e7d6c5b4a39281706", "literalpass123", "abcdef123456"):
        assert secret not in text
    assert "notify target 1 (json://rina:****@127.0.0.1" in text
    assert "has a password and the 'token' parameter written in the plan" in text


def test_redaction_and_secret_detection() -> None:
    assert redact("tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/12345") == "tgram://123456789:****/12345"
    assert redact("mailto://rina:${MAIL_PW}@gmail.com") == "mailto://rina:****@gmail.com"
    assert literal_secrets("tgram://${TG_TOKEN}/12345") == []
    assert literal_secrets("json://127.0.0.1:8080/hook") == []
    assert literal_secrets("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ") == ["a token-like part"]
    assert expand("a${X}b${Y}", {"X": "1", "Y": "2"}) == "a1b2"
