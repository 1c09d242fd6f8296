"""The wordpress adapter's pure parts: the post it writes, titles, markers, unanswered comments (no browser)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from images import png_bytes

from scheduler.errors import PlatformError
from scheduler.packs.pack import pack_for
from scheduler.plan.model import Account
from scheduler.platforms.base import Adapter, Comment, Draft, title_and_body
from scheduler.platforms.registry import get_adapter_class
from scheduler.platforms.wordpress import (
    Article,
    WordPressAdapter,
    marker_class,
    paragraphs_html,
    plain_text,
)
from wordpress_site import unanswered


def test_registered_under_its_platform_name() -> None:
    cls = get_adapter_class("wordpress")
    assert cls is WordPressAdapter
    account = Account("blog", "wordpress", "http://127.0.0.1:8800/", "penulis", None, 1)
    adapter = cls(account)
    assert isinstance(adapter, Adapter) and adapter.root == "http://127.0.0.1:8800"
    assert {"title", "alt", "featured", "categories", "tags", "excerpt"} == WordPressAdapter.post_fields


def test_login_page_is_wp_login_unless_moved() -> None:
    def page(login_url: str) -> str:
        return WordPressAdapter(Account("b", "wordpress", "https://toko.id/", "p", None, 1, login_url=login_url)).login_page()

    assert page("") == "https://toko.id/wp-login.php"
    assert page("/masuk") == "https://toko.id/masuk"
    assert page("https://toko.id/pintu?x=1") == "https://toko.id/pintu?x=1"


def test_title_is_the_first_line_unless_given() -> None:
    text = "Roti sobek baru keluar\n\nHangat dan lembut."
    assert title_and_body(text, None) == ("Roti sobek baru keluar", "Hangat dan lembut.")
    assert title_and_body(text, "Pagi  ini\n") == ("Pagi ini", text)  # a given title leaves the text whole
    assert title_and_body("Satu baris saja.", None) == ("Satu baris saja.", "")  # never repeated below
    long = "kata " * 40
    assert title_and_body(long, None) == (long.strip(), "")  # not cut: `jadwal validate` warns instead
    assert title_and_body("", None) == ("", "")


def test_paragraphs_escape_text_and_keep_line_breaks() -> None:
    body = "Pesan <sekarang> & hemat\nbaris dua\n\n\nParagraf kedua"
    assert paragraphs_html(body) == ["Pesan &lt;sekarang&gt; &amp; hemat<br>baris dua", "Paragraf kedua"]
    assert plain_text("<p>Pesan &lt;sekarang&gt; &amp;<br>hemat</p>\n") == "Pesan <sekarang> & hemat"


def test_marker_is_a_safe_css_class() -> None:
    assert marker_class("1201-Pagi") == "jadwal-1201-pagi"
    assert marker_class("promo 12/01 #1") == "jadwal-promo-12-01-1"
    assert marker_class("!!!") == "jadwal-post"


def _pictures(folder: Path, *names: str) -> tuple[Path, ...]:
    for name in names:
        (folder / name).write_bytes(png_bytes())
    return tuple(folder / name for name in names)


def test_the_first_picture_is_featured_and_not_repeated_below(tmp_path: Path) -> None:
    a, b, c = _pictures(tmp_path, "a.png", "b.png", "c.png")
    draft = Draft("p1", "Judul\n\nIsi", media=(a, b, c), alt=("roti", "", 'kue "lapis" & teh'))
    article = Article.of(draft)
    assert article.featured is not None and (article.featured.path, article.featured.alt) == (a, "roti")
    assert [(p.path, p.alt) for p in article.pictures] == [(b, ""), (c, 'kue "lapis" & teh')]

    chosen = Article.of(Draft("p1", "Judul", media=(a, b), featured=b))
    assert chosen.featured is not None and chosen.featured.path == b and [p.path for p in chosen.pictures] == [a]
    none = Article.of(Draft("p1", "Judul", media=(a, b), featured=False))
    assert none.featured is None and [p.path for p in none.pictures] == [a, b]
    with pytest.raises(PlatformError, match="not one of the post's media"):
        Article.of(Draft("p1", "Judul", media=(a,), featured=tmp_path / "lain.png"))


def test_content_is_valid_block_markup_with_the_marker_first(tmp_path: Path) -> None:
    a, b = _pictures(tmp_path, "a.png", "b.png")
    article = Article.of(Draft("Pagi 1", "Judul\n\nSatu & dua\n\nTiga", media=(a, b), alt=("", 'kue "lapis" <3')))
    content = article.content({b: {"id": 12, "url": "http://toko.id/wp-content/uploads/b.png"}})
    assert content == (
        '<!-- wp:paragraph {"className":"jadwal-pagi-1"} -->\n<p class="jadwal-pagi-1">Satu &amp; dua</p>\n'
        "<!-- /wp:paragraph -->\n\n"
        "<!-- wp:paragraph -->\n<p>Tiga</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:image {"id":12,"sizeSlug":"full","linkDestination":"none"} -->\n'
        '<figure class="wp-block-image size-full"><img src="http://toko.id/wp-content/uploads/b.png" '
        'alt="kue &quot;lapis&quot; &lt;3" class="wp-image-12"/></figure>\n<!-- /wp:image -->')
    # a post of a title only still carries its marker
    alone = Article.of(Draft("x", "Hanya judul")).content({})
    assert re.fullmatch(r'<!-- wp:paragraph \{"className":"jadwal-x"\} -->\n<p class="jadwal-x"></p>\n'
                        r"<!-- /wp:paragraph -->", alone)
    json.loads(content.split("wp:image ", 1)[1].split(" -->", 1)[0])  # the block's attributes are JSON


def test_terms_are_trimmed_and_once_each(tmp_path: Path) -> None:
    article = Article.of(Draft("p", "t", categories=(" Resep ", "resep", "Promo"), tags=("roti", "Roti ")))
    assert (article.categories, article.tags) == (("Resep", "Promo"), ("roti",))
    limit = pack_for("wordpress").data.limits.term_name  # type: ignore[union-attr]
    assert limit is not None and limit.max == 200
    Article.of(Draft("p", "t", tags=("x" * 200,)), limit)
    with pytest.raises(PlatformError, match=r"longer than WordPress stores \(200 characters\)"):
        Article.of(Draft("p", "t", tags=("x" * 201,)), limit)


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


def test_pictures_wordpress_refuses_are_refused_before_the_browser(tmp_path: Path) -> None:
    adapter = WordPressAdapter(Account("blog", "wordpress", "http://127.0.0.1:1", "penulis", None, 1))
    for name in ("klip.mp4", "logo.svg"):
        (tmp_path / name).write_bytes(b"\x00" * 16)
        with pytest.raises(PlatformError, match="not a picture WordPress shows"):
            adapter.publish(None, Draft("a", "teks", media=(tmp_path / name,)))  # type: ignore[arg-type]
    with pytest.raises(PlatformError, match="does not exist"):
        adapter.publish(None, Draft("a", "teks", media=(tmp_path / "hilang.png",)))  # type: ignore[arg-type]
