"""The instagram adapter's plain parts, without a browser: counts as the site writes them, and what its pack
says (the flow itself is proven against the replica in tests/test_instagram_e2e.py)."""

from __future__ import annotations

import pytest

from scheduler.platforms.instagram import parse_count


@pytest.mark.parametrize(("shown", "value"), [
    ("12,345", 12345), ("12.345", 12345), ("12.3K", 12300), ("1,2 jt", 1_200_000), ("3 rb", 3000),
    ("2,345 Followers, 120 Following, 35 Posts - See Instagram photos", 2345), ("followers", None),
])
def test_counts_as_instagram_writes_them(shown: str, value: float | None) -> None:
    assert parse_count(shown) == value
