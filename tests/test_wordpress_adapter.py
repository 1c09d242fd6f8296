"""The wordpress adapter's pure parts: titles, paragraphs, markers, unanswered comments (no browser)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from scheduler.errors import PlatformError
from scheduler.plan.model import Account
from scheduler.platforms.base import Adapter, Comment, Draft
from scheduler.platforms.registry import get_adapter_class
from scheduler.platforms.wordpress import (
    WordPressAdapter,
    marker_class,
    paragraphs_html,
    plain_text,
    split_title,
)
from wordpress_site import unanswered


def test_registered_under_its_platform_name() -> None:
    cls = get_adapter_class("wordpress")
    assert cls is WordPressAdapter
    account = Account("blog", "wordpress", "http://127.0.0.1:8800/", "penulis", None, 1)
    adapter = cls(account)
    assert isinstance(adapter, Adapter) and adapter.root == "http://127.0.0.1:8800"


def test_title_is_the_first_line_unless_given() -> None:
    text = "Roti sobek baru keluar\n\nHangat dan lembut."
    assert split_title(Draft("a", text)) == ("Roti sobek baru keluar", "Hangat dan lembut.")
    assert split_title(Draft("a", text, title="Pagi ini")) == ("Pagi ini", text)
    assert split_title(Draft("a", "Satu baris saja.")) == ("Satu baris saja.", "Satu baris saja.")
    long_title, _ = split_title(Draft("a", "kata " * 40))
    assert len(long_title) <= 81 and long_title.endswith("…") and "  " not in long_title


def test_paragraphs_escape_text_and_keep_line_breaks() -> None:
    body = "Pesan <sekarang> & hemat\nbaris dua\n\n\nParagraf kedua"
    assert paragraphs_html(body) == ["Pesan &lt;sekarang&gt; &amp; hemat<br>baris dua", "Paragraf kedua"]
    assert plain_text("<p>Pesan &lt;sekarang&gt; &amp;<br>hemat</p>\n") == "Pesan <sekarang> & hemat"


def test_marker_is_a_safe_css_class() -> None:
    assert marker_class("1201-Pagi") == "jadwal-1201-pagi"
    assert marker_class("promo 12/01 #1") == "jadwal-promo-12-01-1"
    assert marker_class("!!!") == "jadwal-post"


def _comment(cid: str, author: str, parent: str | None = None) -> Comment:
    return Comment(cid, author, "teks", parent, datetime(2026, 12, 1, tzinfo=timezone.utc), "9")


def test_unanswered_means_not_ours_and_no_reply_of_ours() -> None:
    comments = [
        _comment("1", "pembaca"),
        _comment("2", "Tamu"),
        _comment("3", "penulis", parent="1"),  # our answer to 1
        _comment("4", "Tamu", parent="2"),  # someone else's answer does not count
        _comment("5", "penulis"),  # our own top-level comment needs no answer
        _comment("6", "penulis (guest)"),  # a guest typing our name is not us
    ]
    assert [c.id for c in unanswered(comments, "penulis")] == ["2", "4", "6"]


def test_non_image_media_is_refused_before_the_browser(tmp_path: Path) -> None:
    video = tmp_path / "klip.mp4"
    video.write_bytes(b"\x00" * 16)
    adapter = WordPressAdapter(Account("blog", "wordpress", "http://127.0.0.1:1", "penulis", None, 1))
    with pytest.raises(PlatformError, match="not an image"):
        adapter.publish(None, Draft("a", "teks", media=(video,)))  # type: ignore[arg-type]
    with pytest.raises(PlatformError, match="does not exist"):
        adapter.publish(None, Draft("a", "teks", media=(tmp_path / "hilang.png",)))  # type: ignore[arg-type]
