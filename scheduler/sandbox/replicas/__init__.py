"""Replicas: each real network's web flow, rebuilt from public sources, served by the sandbox under
`/replica/<platform>/` so an adapter for the live site can be walked end to end on 127.0.0.1.

A replica is a sub-package (`instagram/`, ...) exposing `REPLICA`, a `base.Replica` that holds
what every replica shares: sessions on the sandbox's users, UI language per browser, checkpoints
and dialogs on demand (its admin API under `/_admin/replica/<platform>/`), the JSON API for tests
(`/replica/<platform>/_api/posts`), its tables in the sandbox's SQLite file, uploads, and the
sandbox's faults on its submit endpoints. The sub-package adds its pages, templates and texts.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from scheduler.sandbox.replicas.base import Replica

#: the replicas served, by sub-package name (= the platform name in URLs and in the admin API)
PLATFORMS = ("instagram", "facebook", "tiktok")
PREFIX = "/replica/"


def load(name: str) -> Replica:
    if name not in PLATFORMS:
        raise KeyError(f"no replica called {name!r}; known: {', '.join(PLATFORMS)}")
    return importlib.import_module(f"{__name__}.{name}").REPLICA


def register_all(app: Flask) -> None:
    for name in PLATFORMS:
        load(name).register(app)


def is_replica(path: str) -> bool:
    return path.startswith(PREFIX)


def _rest(path: str) -> str:
    """`/replica/instagram/static/x.css` -> `/static/x.css`."""
    return "/" + path[len(PREFIX):].partition("/")[2] if is_replica(path) else ""


def is_asset(path: str) -> bool:
    """A replica's scripts, styles, images and test API: never faulted, never an account's action."""
    return _rest(path).startswith(("/static/", "/media/", "/_api/"))


def wants_json(path: str) -> bool:
    """A replica's test API and its pages' own XHR endpoints answer errors as JSON."""
    return _rest(path).startswith(("/_api/", "/api/"))
