"""Post keys only some platforms have (alt text, featured image, categories, tags, excerpt, title,
login_url): how the loader reads them and how R1 holds each post to its account's platform."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
from images import png_bytes

from scheduler.errors import PlanLoadError
from scheduler.plan.loader import SCHEMA_PATH, load_plan
from scheduler.publishing import draft_for
from scheduler.rules.r1_no_plan import check

HEAD = """\
[plan]
goal = "g"
timezone = "Asia/Jakarta"
start = 2026-12-01
end = 2026-12-01
[[account]]
id = "blog"
platform = "wordpress"
url = "https://toko.id"
[[account]]
id = "ig"
platform = "sandbox"
url = "http://127.0.0.1:8700"
[types.cerita]
"""  # lines 1-14

WP_POST = """
[[post]]
id = "p1"
account = "blog"
at = 2026-12-01T09:00:00
type = "cerita"
text = \"\"\"Roti sobek baru keluar

Hangat dan lembut.\"\"\"
"""


def plan_file(tmp_path: Path, text: str, *, schema_ok: bool = True) -> Path:
    """The plan, written; the JSON schema editors use agrees with the loader on whether it can be read."""
    (tmp_path / "media").mkdir(exist_ok=True)
    for name in ("a.png", "b.png"):
        (tmp_path / "media" / name).write_bytes(png_bytes())
    path = tmp_path / "plan.toml"
    path.write_text(HEAD + text, encoding="utf-8")
    schema = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    errors = list(schema.iter_errors(json.loads(json.dumps(tomllib.loads(HEAD + text), default=str))))
    assert (errors == []) is schema_ok, errors
    return path


def findings(tmp_path: Path, text: str) -> list[tuple[str, str, int | None]]:
    return [(f.severity, f.message, f.line) for f in check(load_plan(plan_file(tmp_path, text)))]


def test_pictures_with_alt_text_featured_image_categories_tags_and_excerpt(tmp_path: Path) -> None:
    plan = load_plan(plan_file(tmp_path, WP_POST + """\
media = ["media/a.png", { path = "media/b.png", alt = "Roti sobek di loyang" }]
featured = "media/b.png"
categories = ["Resep"]
tags = ["roti", "pagi"]
excerpt = "Roti hangat tiap pagi."
"""))
    post = plan.posts[0]
    assert post.media == (tmp_path / "media/a.png", tmp_path / "media/b.png")
    assert post.alt == ("", "Roti sobek di loyang")
    assert (post.featured, post.categories, post.tags, post.excerpt) == (
        tmp_path / "media/b.png", ("Resep",), ("roti", "pagi"), "Roti hangat tiap pagi.")
    draft = draft_for(post)
    assert (draft.alt_of(0), draft.alt_of(1), draft.featured, draft.tags) == (
        "", "Roti sobek di loyang", post.featured, ("roti", "pagi"))
    assert check(plan) == []
    plain = load_plan(plan_file(tmp_path, WP_POST + 'media = ["media/a.png"]\nfeatured = false\n')).posts[0]
    assert (plain.alt, plain.featured) == ((), False)


def test_a_bad_picture_table_is_a_load_error_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(PlanLoadError) as caught:
        load_plan(plan_file(tmp_path, WP_POST + 'media = [{ paht = "media/a.png", alt = 3 }]\n', schema_ok=False))
    assert [(f.slug, f.message, f.line) for f in caught.value.findings] == [
        ("unknown-key", "unknown key 'paht' in a picture of media in [[post]]", 24),
        ("wrong-type", 'alt in a picture of media in [[post]] must be a string in quotes, e.g. "text", '
                       "not the number 3", 24),
    ]  # not also "has no path": the typo 'paht' is the cause (issue 17)
    assert caught.value.findings[0].hint == "did you mean 'path'? (valid here: path, alt)"
    with pytest.raises(PlanLoadError) as caught:
        load_plan(plan_file(tmp_path, WP_POST + "featured = true\n", schema_ok=False))
    assert caught.value.findings[0].message.startswith("featured in post 'p1' must be one of the post's media")


def test_keys_a_platform_has_no_place_for_are_reported_not_dropped(tmp_path: Path) -> None:
    sandbox_post = WP_POST.replace('account = "blog"', 'account = "ig"')
    assert findings(tmp_path, sandbox_post + 'categories = ["Resep"]\ntitle = "Judul"\n') == [
        ("error", "1 post to ig sets title, which the sandbox platform does not use (first: post p1 (ig, "
                  "2026-12-01 09:00))", 16),
        ("error", "1 post to ig sets categories, which the sandbox platform does not use (first: post p1 (ig, "
                  "2026-12-01 09:00))", 16),
    ]
    # one [[post]] for both accounts: the sandbox post goes out without the WordPress-only keys, and is told so
    both = WP_POST.replace('account = "blog"', 'account = ["blog", "ig"]')
    found = findings(tmp_path, both + 'tags = ["roti"]\n')
    assert found == [("warning", "1 post sets tags, which ig (sandbox) does not use: it goes out there without "
                                 "it (first: post p1-ig (ig, 2026-12-01 09:00))", 16)]


def test_featured_names_one_of_the_pictures_and_names_are_not_empty(tmp_path: Path) -> None:
    found = findings(tmp_path, WP_POST + 'media = ["media/a.png"]\nfeatured = "media/./b.png"\ntags = [" "]\n')
    assert [(s, m) for s, m, _line in found] == [
        ("error", "post p1 (blog, 2026-12-01 09:00): featured = 'media/b.png' is not one of its media"),
        ("error", "post p1 (blog, 2026-12-01 09:00): tags holds an empty name"),
    ]


def test_login_url_is_a_page_of_the_site_and_only_where_a_login_can_move(tmp_path: Path) -> None:
    def with_login(account: str, value: str) -> list[tuple[str, str, int | None]]:
        text = HEAD.replace(f'id = "{account}"\n', f'id = "{account}"\nlogin_url = "{value}"\n')
        path = plan_file(tmp_path, "")
        path.write_text(text + WP_POST, encoding="utf-8")
        return [(f.severity, f.message, f.line) for f in check(load_plan(path))]

    assert with_login("blog", "/masuk") == []
    assert with_login("blog", "https://toko.id/masuk") == []
    assert with_login("blog", "https://lain.id/masuk") == [
        ("error", "login_url of account blog is 'https://lain.id/masuk', which is not a page of https://toko.id", 6)]
    assert with_login("blog", "javascript:alert(1)")[0][1].startswith("login_url of account blog is")
    assert with_login("ig", "/masuk") == [
        ("error", "account ig sets login_url, which the sandbox platform does not use", 10)]


def test_title_rules_are_told_where_the_first_line_makes_a_poor_title(tmp_path: Path) -> None:
    one_line = WP_POST.replace('text = """Roti sobek baru keluar\n\nHangat dan lembut."""', 'text = "Promo hari ini!"')
    assert [(s, m) for s, m, _ in findings(tmp_path, one_line)] == [
        ("warning", "1 post to blog has no title and one line of text: the line becomes the title and nothing is "
                    "left below it (first: post p1 (blog, 2026-12-01 09:00))")]
    long = WP_POST.replace("Roti sobek baru keluar", "kata " * 30)
    assert [s for s, _m, _ in findings(tmp_path, long)] == ["warning"]
    assert "over 100 characters" in findings(tmp_path, long)[0][1]
    assert findings(tmp_path, long + 'title = "Judul pendek"\n') == []  # a given title: the text is the body
    empty = WP_POST.replace('text = """Roti sobek baru keluar\n\nHangat dan lembut."""', 'text = ""')
    assert [s for s, _m, _ in findings(tmp_path, empty)] == ["error"]


def test_the_checked_draft_keeps_every_key_and_names_the_featured_picture_as_resolved(tmp_path: Path) -> None:
    """`jadwal publish` and the daemon publish the draft whose media were checked just now (symlinks
    resolved): the featured picture must still be one of them, and nothing else may be lost."""
    from scheduler.publishing import checked_draft, media_folders

    path = plan_file(tmp_path, WP_POST + """\
media = ["media/a.png", { path = "media/latest.png", alt = "Roti" }]
featured = "media/latest.png"
categories = ["Resep"]
tags = ["roti"]
excerpt = "Ringkas."
""")
    (tmp_path / "media" / "latest.png").symlink_to("b.png")
    plan = load_plan(path)
    post = plan.posts[0]
    draft = checked_draft(post, media_folders(plan.path, plan.accounts["blog"]), file=plan.file)
    real = tmp_path.resolve() / "media"
    assert draft.media == (real / "a.png", real / "b.png") and draft.featured == real / "b.png"
    assert (draft.alt, draft.categories, draft.tags, draft.excerpt) == (("", "Roti"), ("Resep",), ("roti",), "Ringkas.")
