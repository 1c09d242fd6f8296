"""The calendar on a phone (390 px) and a computer (1280 px), measured in real Chromium.

What a shop owner reads on a phone: a list by day, no grid breaking words into fragments, nothing wider
than the screen; on a computer the month grid. Posts within a day are in time order, a post written once
for two accounts is one entry naming both, pictures are marked, a warning is not dressed as an error,
and each post links to a preview of how its platform shows it (text cut behind "more", the crop, the
hashtags). Widths, line boxes and overflow are measured in the page, not guessed from the HTML.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from images import png_bytes
from plan_sections import engagement_and_target
from playwright.sync_api import Browser, Page, expect

from scheduler.cli import cli
from scheduler.findings import Finding
from scheduler.i18n import set_language
from scheduler.plan import load_plan
from scheduler.rules.registry import check_plan
from scheduler.views import calendar_html
from scheduler.views.calendar import build

ROOT = Path(__file__).resolve().parents[1]
LONG = ("Batik tulis motif parang rusak, dibuat tangan oleh pembatik di Laweyan, Solo. Setiap lembar butuh dua "
        "minggu pengerjaan dan pewarnaan alami dari kayu tingi. Pesan lewat DM sebelum Jumat! "
        "#batiktulis #batiksolo #wastranusantara #belibatik")
PLAN = """\
[plan]
name = "Batik Sekar, dua minggu"
goal = "Jual batik tulis lewat Instagram dan toko online"
timezone = "Asia/Jakarta"
start = 2026-12-01
end = 2026-12-14

[[account]]
id = "ig"
platform = "instagram"
url = "https://www.instagram.com"
handle = "batiksekar"

[[account]]
id = "toko"
platform = "sandbox"
url = "http://127.0.0.1:8700"
handle = "tokosekar"

[types.promo]
selling = true
max = 0.2
[types.education]
[types.behind-the-scenes]
[types.question]
interactive = true

""" + engagement_and_target("2026-12-14", check_every="30m", baseline=1200, goal=1500)
WEEK = ["question", "education", "behind-the-scenes", "promo", "education", "question", "education"] * 2


def plan_text() -> str:
    """Two posts a day for both accounts, written once each (account = ["ig", "toko"]); Dec 3 has a long
    text with hashtags and a tall picture, Dec 4 a square one; Dec 5's evening post is written first."""
    posts = []
    for i in range(28):
        day = date(2026, 12, 1 + i // 2)
        clock = "08:00" if i % 2 == 0 else "19:30"
        text = LONG if i == 4 else f"Cerita batik ke-{i}: motif, pewarna dan pembatiknya. Apa motif favoritmu?"
        media = {4: '\nmedia = ["media/tinggi.png"]', 6: '\nmedia = ["media/kotak.png", "media/tinggi.png"]'}
        posts.append((i, f'\n[[post]]\nid = "b{i:02d}"\naccount = ["ig", "toko"]\nat = {day}T{clock}:00\n'
                         f'type = "{WEEK[i % 14]}"\ntext = "{text}"{media.get(i, "")}\n'))
    posts[8], posts[9] = posts[9], posts[8]  # Dec 5: the 19:30 post comes first in the file
    return PLAN + "".join(text for _, text in posts)


@pytest.fixture
def batik(tmp_path: Path) -> Path:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "tinggi.png").write_bytes(png_bytes(540, 960))  # 9:16, taller than Instagram shows
    (tmp_path / "media" / "kotak.png").write_bytes(png_bytes(600, 600))
    path = tmp_path / "batik.toml"
    path.write_text(plan_text(), encoding="utf-8")
    return path


def page_of(plan: Path, lang: str = "en") -> Path:
    out = plan.with_suffix(".html")
    result = CliRunner().invoke(cli, ["--lang", lang, "calendar", str(plan), "--html", str(out)])
    assert result.exit_code == 0, result.output
    set_language("en")
    return out


#: in the page: what is wider than its box, and every word whose letters sit on more than one line
#: (a break right after a hyphen or slash is a normal line break, not a broken word)
MEASURE = """() => {
  const hidden = el => el.closest('.visually-hidden, style, script, svg, title');
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const describe = el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') +
                         ' "' + el.textContent.trim().slice(0, 40) + '"';
  const overflowing = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (hidden(el) || !shown(el) || el.clientWidth === 0) continue;
    if (el.scrollWidth > el.clientWidth + 1) overflowing.push(describe(el) + ' ' + el.scrollWidth + '>' + el.clientWidth);
  }
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!el || hidden(el) || !shown(el)) continue;
    const words = /[^\\s\\-\\u2013\\/]+[\\-\\u2013\\/]?/g;
    let m;
    while ((m = words.exec(node.textContent))) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return {scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          overflowing, broken};
}"""


def measure(browser: Browser, page_file: Path, width: int) -> tuple[Page, dict[str, object]]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto(page_file.as_uri())
    return page, page.evaluate(MEASURE)


PLANS = {"batik": None, "kopi-senja": ROOT / "plans" / "kopi-senja.toml",
         "r3": ROOT / "plans" / "broken" / "r3-too-much-selling.toml",
         "r5": ROOT / "plans" / "broken" / "r5-inconsistent.toml"}


@pytest.mark.e2e
@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name", sorted(PLANS))
def test_no_horizontal_scroll_and_no_broken_word_at_390_and_1280(browser: Browser, batik: Path, tmp_path: Path,
                                                                  name: str, lang: str) -> None:
    source = PLANS[name] or batik
    if source != batik:
        shutil.copytree(source.parent, tmp_path / "copy", dirs_exist_ok=True)
        source = tmp_path / "copy" / source.name
    out = page_of(source, lang)
    for width in (390, 1280):
        page, found = measure(browser, out, width)
        try:
            assert found == {"scroll": 0, "overflowing": [], "broken": []}, (width, found)
        finally:
            page.context.close()


@pytest.mark.e2e
def test_a_list_by_day_on_a_phone_and_the_month_grid_on_a_computer(browser: Browser, batik: Path) -> None:
    out = page_of(batik)
    page, _ = measure(browser, out, 1280)
    row = [page.get_by_test_id(f"day-2026-12-{d:02d}").bounding_box() for d in range(1, 7)]  # Tue..Sun
    assert len({round(box["y"]) for box in row if box}) == 1  # side by side: one week per row
    assert all(box and 140 < box["width"] < 180 for box in row)
    expect(page.get_by_role("columnheader", name="Mon")).to_be_visible()
    page.context.close()
    page, _ = measure(browser, out, 390)
    boxes = [page.get_by_test_id(f"day-2026-12-{d:02d}").bounding_box() for d in range(1, 4)]
    assert all(box and box["width"] > 350 for box in boxes)  # a list: each day as wide as the screen
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]  # type: ignore[index]
    expect(page.get_by_role("columnheader", name="Mon")).to_be_hidden()
    expect(page.get_by_test_id("day-2026-12-01").get_by_role("heading", name="Tuesday, 1 December 2026",
                                                              exact=True)).to_be_visible()
    expect(page.get_by_test_id("day-2026-11-30")).to_be_hidden()  # before the plan: not in the list
    page.context.close()


@pytest.mark.e2e
def test_posts_in_time_order_once_for_both_accounts_pictures_marked(browser: Browser, batik: Path) -> None:
    out = page_of(batik)
    page, _ = measure(browser, out, 390)
    day5 = page.get_by_test_id("day-2026-12-05").locator("li.post")
    expect(day5).to_have_count(2)  # two [[post]]s for two accounts: two entries, not four
    expect(day5.locator("time")).to_have_text(["08:00", "19:30"])  # time order, though written the other way
    expect(day5.first.locator(".acct")).to_have_text("ig, toko")
    expect(day5.first).to_have_attribute("data-post-ids", "b08-ig b08-toko")
    pictures = page.get_by_test_id("has-picture")
    expect(pictures).to_have_count(2)
    expect(page.get_by_test_id("day-2026-12-03").get_by_test_id("has-picture")).to_contain_text("1 picture")
    expect(page.get_by_test_id("day-2026-12-04").get_by_test_id("has-picture")).to_contain_text("2 pictures")
    page.context.close()


@pytest.mark.e2e
def test_a_post_links_to_its_preview_as_the_platform_shows_it(browser: Browser, batik: Path) -> None:
    out = page_of(batik)
    page, _ = measure(browser, out, 390)
    page.get_by_test_id("day-2026-12-03").locator("li.post").first.get_by_role("link").click()
    assert page.url.endswith("#p-b04-ig")
    entry = page.get_by_test_id("preview-b04-ig")
    expect(entry).to_be_in_viewport()
    instagram = entry.locator("[data-account=ig]")
    caption = instagram.get_by_test_id("preview-caption")
    shown = caption.inner_text()
    assert shown.startswith("batiksekar Batik tulis motif parang rusak") and shown.endswith("… more")
    assert len(shown) - len("batiksekar ") - len("… more") <= 125
    expect(instagram.get_by_test_id("preview-hidden")).to_contain_text("#batiksolo")
    expect(instagram.locator(".tag")).to_have_count(4)  # the hashtags, as links
    expect(instagram).to_contain_text("the picture (540x960) is taller than Instagram shows: its top and bottom "
                                      "are cut to 4:5")
    frame = instagram.get_by_test_id("preview-picture").bounding_box()
    assert frame and abs(frame["width"] / frame["height"] - 0.8) < 0.01  # the 4:5 crop
    background = instagram.get_by_test_id("preview-picture").evaluate("el => getComputedStyle(el).backgroundImage")
    assert background.startswith('url("data:image/png;base64,')  # the picture itself, in the page
    sandbox = entry.locator("[data-account=toko]")  # the sandbox shows it all, and the picture whole
    expect(sandbox.get_by_test_id("preview-hidden")).to_have_count(0)
    expect(sandbox.get_by_test_id("preview-caption")).to_contain_text("#belibatik")
    box = sandbox.get_by_test_id("preview-picture").bounding_box()
    assert box and abs(box["width"] / box["height"] - 540 / 960) < 0.01
    page.get_by_test_id("preview-b04-ig").get_by_role("link", name="back to the calendar").click()
    assert page.url.endswith("#d-2026-12-03")
    page.context.close()


def test_a_warning_is_yellow_and_an_error_red(batik: Path) -> None:
    plan = load_plan(batik)
    warning = Finding("R9", "plugin", "warning", "a warning", "", plan.file, None, (date(2026, 12, 2),))
    error = Finding("R9", "plugin", "error", "an error", "", plan.file, None, (date(2026, 12, 3),))
    wide = Finding("R2", "no-target", "warning", "a plan-wide warning", "", plan.file, 3)
    # Instagram takes no post without a picture: the plan's text-only posts are R1 errors on every day,
    # which this test is not about
    found = [f for f in check_plan(plan) if f.severity != "error"]
    html = calendar_html.render(build(plan, [*found, warning, error, wide]))
    assert re.search(r'data-testid="day-2026-12-02" class="day warned"', html)
    assert re.search(r'data-testid="day-2026-12-03" class="day broken"', html)
    assert 'class="planwide warnings" data-testid="plan-wide-warnings"' in html
    assert 'data-testid="plan-wide"' not in html  # no red box without an error about the whole plan


@pytest.mark.e2e
def test_a_warning_does_not_look_like_an_error_in_chromium(page: Page, batik: Path) -> None:
    plan = load_plan(batik)
    warning = Finding("R9", "plugin", "warning", "a warning", "", plan.file, None, (date(2026, 12, 2),))
    error = Finding("R9", "plugin", "error", "an error", "", plan.file, None, (date(2026, 12, 3),))
    out = batik.with_suffix(".html")
    calendar_html.write(build(plan, [warning, error]), out)
    page.goto(out.as_uri())

    def colours(day: str) -> tuple[str, str]:
        mark = page.get_by_test_id(f"day-{day}").get_by_test_id("rule-mark")
        return (mark.evaluate("el => getComputedStyle(el).backgroundColor"),
                page.get_by_test_id(f"day-{day}").evaluate("el => getComputedStyle(el).boxShadow"))

    warned, broken = colours("2026-12-02"), colours("2026-12-03")
    assert broken[0] == "rgb(196, 54, 43)" and "rgb(196, 54, 43)" in broken[1]  # --bad
    assert warned[0] != broken[0] and "rgb(196, 54, 43)" not in warned[1]


def test_the_selling_week_is_marked_on_its_seven_days_only() -> None:
    plan = load_plan(ROOT / "plans" / "broken" / "r3-too-much-selling.toml")
    view = build(plan, check_plan(plan))
    marked = {d.day for m in view.months for d in m.days if any("sells too much" in f.message for f in d.findings)}
    assert marked == {date(2026, 12, d) for d in range(1, 8)}


def test_the_page_speaks_indonesian(batik: Path) -> None:
    html = page_of(batik, "id").read_text(encoding="utf-8")
    for words in ("Selasa, 1 Desember 2026", "Keterangan", "hari yang melanggar aturan", "Tampilan setiap postingan",
                  "kembali ke kalender", 'lang="id"', "bagian atas dan bawahnya dipotong"):
        assert words in html
    for english in ("Tuesday", "Legend", "a day that breaks a rule", "How each post will look",
                    "back to the calendar", "December"):
        assert english not in html


def test_the_preview_counts_hashtags_against_the_platforms_pack(batik: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sandbox's hashtag limit is its pack's: a user pack that lowers it to 3 changes the preview's note."""
    monkeypatch.delenv("JADWAL_PACKS", raising=False)

    def toko_notes() -> tuple[str, ...]:
        plan = load_plan(batik)
        entry = next(e for e in build(plan, []).entries if e.ids[0] == "b04-ig")
        return next(p for p in entry.previews if p.account == "toko").notes

    assert not any("hashtags" in note for note in toko_notes())  # 4 of the built-in pack's 30
    (batik.parent / "packs").mkdir()
    (batik.parent / "packs" / "sandbox.toml").write_text(
        'platform = "sandbox"\nversion = "1.0.0-toko"\n\n[limits.hashtags]\nmax = 3\nsource = "our own rule"\n',
        encoding="utf-8")
    batik.write_text(batik.read_text(encoding="utf-8").replace('end = 2026-12-14\n', 'end = 2026-12-14\npacks = "packs"\n'),
                     encoding="utf-8")
    assert "4 hashtags: jadwal sandbox takes at most 3" in toko_notes()
