"""A throwaway PostgreSQL for the tests (scripts/postgres): one server per test session, a fresh
database per test that asks for one (`pg_url`), the server stopped at the end."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from scheduler.runtime.state import PgUrl

ROOT = Path(__file__).resolve().parent.parent
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The server's URL (its database `jadwal` is the one new databases are made from)."""
    folder = Path(tempfile.mkdtemp(prefix="jadwal-pg-"))
    folder.chmod(0o755)  # as root the server runs as `postgres`, which must reach its folder
    try:
        url = subprocess.run([str(ROOT / "scripts" / "postgres"), "start", str(folder / "pg")], check=True,
                             capture_output=True, text=True, timeout=120).stdout.strip().splitlines()[-1]
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"scripts/postgres start failed: {exc.stderr}") from None
    try:
        yield url
    finally:
        subprocess.run([str(ROOT / "scripts" / "postgres"), "stop", str(folder / "pg")], check=False, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def new_database(server: str) -> PgUrl:
    """A new empty database on the server: its URL (with a password, which `trust` ignores and the
    tests look for in output)."""
    import psycopg

    name = f"t{next(_numbers)}_{Path(tempfile.mktemp()).name.lower().strip('_')}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = server.rsplit("/", 1)[0].replace("jadwal@", "jadwal:rahasia-sekali@")
    return PgUrl(f"{base}/{name}")


@pytest.fixture
def pg_url(pg_server: str) -> PgUrl:
    """A fresh PostgreSQL journal's URL for one test."""
    return new_database(pg_server)
