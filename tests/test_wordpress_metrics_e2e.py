"""The wordpress adapter's per-post numbers against a real WordPress: its comment total (core counts
no likes or views). Kept apart from test_wordpress_e2e.py, which another change rewrites."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import Page

from scheduler.platforms.base import Draft
from scheduler.platforms.wordpress import WordPressAdapter
from wordpress_site import AUTHOR, READER, WordPressSite

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_post_metrics_is_the_comment_total(wordpress_site: WordPressSite, author_page: Page) -> None:
    site = wordpress_site
    adapter = WordPressAdapter(site.account())
    stamp = datetime.now().strftime("%H%M%S%f")
    ref = adapter.publish(author_page, Draft(post_id=f"count-{stamp}", text=f"Kopi apa hari ini? {stamp}"))
    assert ref is not None
    assert adapter.post_metrics(author_page, ref) == {"comments": 0.0}
    ids = site.add_comments([dict(post_id=ref.remote_id, text=f"Komentar {n} {stamp}", user=READER if n else None,
                                  name="Tamu", minutes_ago=10 - n) for n in range(3)])
    site.add_comment(ref.remote_id, f"Makasih {stamp}", user=AUTHOR, parent=ids[0], minutes_ago=1)
    assert adapter.post_metrics(author_page, ref) == {"comments": 4.0}  # replies count, as the site counts them
    assert set(adapter.post_metrics(author_page, ref)) == set(adapter.post_metric_names)
