"""Shared fixtures: a fresh sandbox site per test, and one Chromium per test session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from scheduler.sandbox.server import SandboxServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# the WordPress fixtures (a throwaway site per UI language), for the modules that ask for them by name
pytest_plugins = ["wordpress_site", "postgres_server"]

SANDBOX_USERS = {"kopisenja": "kopisenja", "fan": "fan"}
# the replicas' fixtures, likewise: their addresses, a page per UI language, a recorded video
pytest_plugins.append("replica_helpers")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser test takes seconds: every `e2e` test is `slow` too, so `-m "not slow"` is the fast
    subset."""
    for item in items:
        if item.get_closest_marker("e2e") and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def journals_in_the_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run without --state keep the plan's journal in the test's folder, never in ~/.local/state."""
    monkeypatch.setenv("JADWAL_STATE", str(tmp_path / "journals"))


@pytest.fixture
def sandbox_factory(tmp_path: Path) -> Iterator[Callable[..., SandboxServer]]:
    """Start sandboxes with custom users/faults: `sandbox_factory(users=..., latency_ms=...)`.

    Each runs on 127.0.0.1 with a free port and its own data folder; all stop after the test.
    """
    started: list[SandboxServer] = []

    def start(users: dict[str, str] | None = None, **kwargs: Any) -> SandboxServer:
        data_dir = kwargs.pop("data_dir", None) or tmp_path / f"sandbox-{len(started)}"
        server = SandboxServer(data_dir, SANDBOX_USERS if users is None else users, **kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def sandbox(sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    """A fresh sandbox with users kopisenja:kopisenja and fan:fan and no faults."""
    return sandbox_factory()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test module (found by `find_chromium`).

    Not per session: a live sync Playwright marks this thread's event loop as
    running, and any later test that starts Playwright itself in this thread
    (the daemon's publisher, `jadwal publish` through CliRunner) would fail.
    """
    from scheduler.browser import open_browser

    with open_browser() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new browser context and page per test, closed afterwards."""
    context = browser.new_context()
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()
