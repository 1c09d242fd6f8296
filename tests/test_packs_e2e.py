"""The locator API on real pages (Chromium, `set_content`): ordered fallbacks, the language that matched,
what a missing element says, checkpoints recognised by their elements, dialogs dismissed when they block."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.errors import CheckpointReached, PageChanged
from scheduler.packs import recording, step
from scheduler.packs.pack import pack_for

pytestmark = pytest.mark.e2e

PACK = """\
platform = "sandbox"
version = "page-test"
[locators]
"compose.text" = [
  { label = { en = "Caption", id = "Keterangan" } },
  { placeholder = { en = "Write a caption", id = "Tulis keterangan" } },
  { attribute = { name = "data-e2e", value = "caption" } },
  { css = "textarea.caption" },
]
[checkpoints.two_factor]
match = [{ role = "heading", name = { en = "Enter the security code", id = "Masukkan kode keamanan" } }]
[dialogs.consent]
match = [{ role = "dialog", name = { en = "Cookies", id = "Cookie" } }]
dismiss = [{ role = "button", name = { en = "Decline", id = "Tolak" } }]
"""


@pytest.fixture
def pack(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "sandbox.toml").write_text(PACK)
    return pack_for("sandbox", tmp_path)


@pytest.mark.parametrize(
    ("html", "index", "how"),
    [
        ('<label for=t>Keterangan</label><textarea id=t></textarea>', 0, 'label "Keterangan" [id]'),
        ('<textarea placeholder="Write a caption"></textarea>', 1, 'placeholder "Write a caption" [en]'),
        ('<textarea data-e2e="caption"></textarea>', 2, '[data-e2e="caption"]'),
        ('<textarea class="caption"></textarea>', 3, "css textarea.caption"),
    ],
)
def test_the_first_fallback_that_matches_wins_and_says_how(page, pack, html: str, index: int, how: str) -> None:  # type: ignore[no-untyped-def]
    page.set_content(html)
    with recording() as rec, step(page, "compose.text"):
        found = pack.locate(page, "compose.text", wait=False)
        found.locator.fill("Halo")
    assert found.index == index and found.of == 4
    assert found.describe() == f"{how} ({index + 1}/4)"
    assert page.locator("textarea").first.input_value() == "Halo"
    [record] = rec.steps
    assert record.name == "compose.text" and record.status == "ok" and record.matches == [found]


def test_nothing_matching_is_page_changed_naming_every_fallback(page, pack) -> None:  # type: ignore[no-untyped-def]
    page.set_content("<p>A page without a caption box</p>")
    assert pack.find(page, "compose.text") is None
    with pytest.raises(PageChanged) as raised:
        pack.locate(page, "compose.text", wait=True, timeout_ms=300, account="ig")
    message = raised.value.message
    assert message.startswith("compose.text: nothing on the page matches any of the 4 ways the sandbox pack "
                              "page-test (built in + ")
    assert ('(label "Caption" / "Keterangan"; placeholder "Write a caption" / "Tulis keterangan"; '
            '[data-e2e="caption"]; css textarea.caption)') in message
    assert "jadwal selftest PLAN --account ig" in raised.value.hint


def test_waiting_finds_an_element_that_appears_later(page, pack) -> None:  # type: ignore[no-untyped-def]
    page.set_content("<div id=app></div><script>setTimeout(() => document.getElementById('app').innerHTML = "
                     "'<textarea data-e2e=caption></textarea>', 300)</script>")
    found = pack.locate(page, "compose.text", timeout_ms=5000)
    assert found.index == 2


def test_a_checkpoint_is_recognised_by_its_elements_and_nothing_is_typed(page, pack) -> None:  # type: ignore[no-untyped-def]
    page.set_content('<h1>Masukkan kode keamanan</h1><input id=code>')
    assert pack.checkpoint_at(page) == "two_factor"
    with pytest.raises(CheckpointReached) as raised:
        pack.locate(page, "compose.text", wait=False, account="ig")  # the caption box is missing: a checkpoint
    assert raised.value.kind == "two_factor"
    assert "jadwal login PLAN --account ig --interactive" in raised.value.hint
    assert page.locator("#code").input_value() == ""
    page.set_content("<h1>Selamat datang</h1>")
    assert pack.checkpoint_at(page) is None
    pack.stop_at_checkpoint(page, account="ig")  # no checkpoint: nothing happens


def test_a_dialog_that_blocks_an_action_is_declined(page, pack) -> None:  # type: ignore[no-untyped-def]
    page.set_content(
        '<textarea data-e2e="caption"></textarea>'
        '<div id=o style="position:fixed;inset:0;background:#0008"><div role=dialog aria-label="Cookie">'
        '<button onclick="document.getElementById(\'o\').remove(); window.choice=\'no\'">Tolak</button>'
        '<button onclick="document.getElementById(\'o\').remove(); window.choice=\'yes\'">Terima</button>'
        '</div></div>')
    pack.dismiss_dialogs(page)
    pack.dismiss_dialogs(page)  # once per page, however often asked
    with recording() as rec, step(page, "compose.text"):
        pack.locate(page, "compose.text", wait=False).locator.click()
    assert page.evaluate("window.choice") == "no"
    assert rec.steps[0].dialogs == ["consent"]
