"""No plan file, however mangled, makes `jadwal validate` crash.

Hypothesis mutates the example plan (bytes, lines, values) and generates plans
from scratch; every file must give exit 0, 1 or 2 with a report that matches
the exit code, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.cli import cli

ROOT = Path(__file__).parents[1]
KOPI = (ROOT / "plans" / "kopi-senja.toml").read_bytes()
KOPI_LINES = KOPI.decode("utf-8").splitlines(keepends=True)
VALUE_RE = re.compile(r"^([A-Za-z_-]+ = )(.*)$", re.M)
VALUES = list(VALUE_RE.finditer(KOPI.decode("utf-8")))

pytestmark = pytest.mark.slow  # hundreds of generated plans

FUZZ = settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def plan_file() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder) / "plan.toml"


def check(path: Path, content: bytes) -> None:
    """Validate `content`; the exit code and the JSON report must agree, and nothing may crash."""
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(path)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), result.output
    report = json.loads(result.output)
    findings = report["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert report["ok"] is (result.exit_code == 0)
    if result.exit_code == 2:
        assert findings and all(f["rule"] == "load" for f in findings)
    elif result.exit_code == 1:
        assert errors and all(f["rule"] != "load" for f in findings)
    else:
        assert not errors
    for finding in findings:
        assert finding["message"] and finding["file"] == str(path)
        assert finding["line"] is None or finding["line"] >= 1


# -- mutations of the example plan ------------------------------------------------------

byte_edits = st.lists(
    st.tuples(st.integers(0, len(KOPI) - 1), st.sampled_from(["replace", "insert", "delete"]), st.binary(max_size=4)),
    min_size=1,
    max_size=6,
)


@FUZZ
@given(edits=byte_edits)
def test_byte_mutations(plan_file: Path, edits: list[tuple[int, str, bytes]]) -> None:
    data = bytearray(KOPI)
    for position, action, chunk in edits:
        position %= max(len(data), 1)
        if action == "replace":
            data[position : position + len(chunk)] = chunk
        elif action == "insert":
            data[position:position] = chunk
        else:
            del data[position : position + len(chunk) + 1]
    check(plan_file, bytes(data))


SNIPPETS = [
    "[[post]]\n", "[plan]\n", "[types.promo]\n", "[[account]]\n", "[cadence]\n", '"""\n', "'''\n",
    "x = [\n", "]\n", "at = 2026-13-01T09:00:00\n", "at = 2026-12-01\n", "at = 09:00:00\n",
    'account = ["ig", "ig"]\n', "account = []\n", 'timezone = "Europe/Berlin"\n', 'timezone = "../etc"\n',
    "start = 2027-01-01\n", 'min_gap = "0s"\n', "window_days = 0\n", "window_days = -3\n",
    "max_selling = 1e308\n", "min_per_day = 99999999999999999999\n", "preset = \"5-3-2\"\n",
    'media = ["/dev/null", "../../etc/passwd"]\n', "id = \"dec01-edukasi\"\n", "a.b.c = 1\n",
    "[[types.promo]]\n", "[post.x]\n", "baseline = nan\n", "goal = inf\n", "by = 1979-05-27T07:32:00Z\n",
]


@FUZZ
@given(
    ops=st.lists(
        st.tuples(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate"]),
                  st.integers(0, len(KOPI_LINES) - 1), st.sampled_from(SNIPPETS)),
        min_size=1,
        max_size=5,
    )
)
def test_line_mutations(plan_file: Path, ops: list[tuple[str, int, str]]) -> None:
    lines = list(KOPI_LINES)
    for action, index, snippet in ops:
        if not lines:
            break
        index %= len(lines)
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = (index * 7 + 3) % len(lines)
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "insert":
            lines.insert(index, snippet)
        else:
            lines = lines[:index]
    check(plan_file, "".join(lines).encode("utf-8"))


toml_values = st.one_of(
    st.text(max_size=20).map(json.dumps),  # basic strings with escapes
    st.sampled_from(['"30m"', '"4h"', '"90s"', '"2d"', '"36h"', '"0s"', '"-1h"', '"up"', '"down"', '"80-20"',
                     '"4-1-1"', '"followers"', '"reach"', '"Asia/Jakarta"', '"Europe/Berlin"', '"promo"',
                     '"question"', '"ig"', '["ig"]', "[]", "{}", "{a = 1}", "true", "false", "nan", "-inf"]),
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
    st.times().map(lambda t: t.isoformat()),
)


@FUZZ
@given(
    edits=st.lists(st.tuples(st.integers(0, len(VALUES) - 1), toml_values), min_size=1, max_size=4)
)
def test_value_mutations(plan_file: Path, edits: list[tuple[int, str]]) -> None:
    text = KOPI.decode("utf-8")
    chosen = {index % len(VALUES): value for index, value in edits}
    for index in sorted(chosen, reverse=True):  # from the end: offsets stay valid
        match = VALUES[index]
        text = text[: match.start(2)] + chosen[index] + text[match.end(2) :]
    check(plan_file, text.encode("utf-8"))


# -- plans from scratch --------------------------------------------------------------------

KEYS = ["name", "goal", "timezone", "start", "end", "preset", "id", "platform", "url", "handle", "session",
        "selling", "interactive", "min", "max", "min_per_day", "max_per_day", "window_days", "max_selling",
        "max_consecutive_selling", "min_gap", "max_gap", "min_tail_ratio", "owner", "check_every",
        "reply_within", "min_interactive", "notify", "metric", "account", "baseline", "goal", "by",
        "direction", "at", "type", "title", "text", "media", "gaol", "acount"]
HEADERS = ["[plan]", "[[account]]", "[types.promo]", "[types.question]", "[mix]", "[cadence]", "[engagement]",
           "[[target]]", "[[post]]", "[[post]]", "[[post]]", "[extra]"]

tables = st.lists(
    st.tuples(st.sampled_from(HEADERS), st.dictionaries(st.sampled_from(KEYS), toml_values, max_size=6)),
    max_size=8,
)


@FUZZ
@given(tables=tables)
def test_generated_plans(plan_file: Path, tables: list[tuple[str, dict[str, str]]]) -> None:
    text = "".join(
        header + "\n" + "".join(f"{key} = {value}\n" for key, value in body.items()) for header, body in tables
    )
    check(plan_file, text.encode("utf-8"))


# -- media paths and account addresses ------------------------------------------------------

FIRST_POST = KOPI.decode("utf-8").replace("[[post]]\n", "[[post]]\nmedia = MEDIA\n", 1)
MEDIA_PATHS = ["ok.png", "ok.jpg", "text.jpg", "link-out.png", "fifo.jpg", "sub/../ok.png", "./ok.png",
               "../outside/secret.png", "../plan/ok.png", "/etc/shadow", "/etc/passwd", "../../../../etc/passwd",
               "/dev/zero", "/proc/self/environ", "", ".", "..", "/", "missing.png", "ok.png\u0000.txt", "~/x.png"]


@pytest.fixture(scope="module")
def media_world() -> Iterator[Path]:
    """plan/ with a real PNG and JPEG, a text file named .jpg, a FIFO and a link out to outside/secret.png."""
    from images import jpeg_bytes, png_bytes

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "plan" / "sub").mkdir(parents=True)
        (root / "outside").mkdir()
        (root / "outside" / "secret.png").write_bytes(png_bytes())
        (root / "plan" / "ok.png").write_bytes(png_bytes())
        (root / "plan" / "ok.jpg").write_bytes(jpeg_bytes())
        (root / "plan" / "text.jpg").write_text("not a picture")
        (root / "plan" / "link-out.png").symlink_to(root / "outside" / "secret.png")
        os.mkfifo(root / "plan" / "fifo.jpg")
        yield root / "plan"


@FUZZ
@given(media=st.lists(st.one_of(st.sampled_from(MEDIA_PATHS), st.text(max_size=12)), min_size=1, max_size=4))
def test_media_paths(media_world: Path, media: list[str]) -> None:
    """Whatever the paths: no crash, a media problem is an R1 error at the post's line, and nothing outside
    the plan's folder is ever opened."""
    import scheduler.plan.media as media_module

    opened: list[str] = []
    real_open = os.open

    def spy(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(os.path.realpath(path))
        return real_open(path, *args, **kwargs)

    media_module.os.open = spy  # type: ignore[assignment]  (hypothesis and function fixtures do not mix)
    try:
        check(media_world / "plan.toml", FIRST_POST.replace("MEDIA", json.dumps(media)).encode("utf-8"))
    finally:
        media_module.os.open = real_open  # type: ignore[assignment]
    assert all(Path(path).is_relative_to(media_world) for path in opened), opened


ADDRESSES = ["http://127.0.0.1:8700", "https://www.instagram.com", "file:///etc/passwd", "javascript:alert(1)",
             "data:text/html,x", "ftp://example.com", "http://", "https:///x", "HTTP://X", "http://[::1", "//x",
             "http://a b", "http://example.com:99999", ""]


@FUZZ
@given(url=st.one_of(st.sampled_from(ADDRESSES), st.text(max_size=20)))
def test_account_addresses(plan_file: Path, url: str) -> None:
    """Only a web address with a host loads; anything else is a load error (exit 2) at its line."""
    from urllib.parse import urlsplit

    text = KOPI.decode("utf-8").replace('url = "http://127.0.0.1:8700"', f"url = {json.dumps(url, ensure_ascii=False)}")
    check(plan_file, text.encode("utf-8"))
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(plan_file)])
    try:
        web = urlsplit(url).scheme.lower() in ("http", "https") and bool(urlsplit(url).hostname)
    except ValueError:
        web = False
    found = json.loads(result.output)["findings"]
    if any(f["slug"] == "syntax" for f in found):  # a string TOML cannot hold as written (e.g. a lone DEL)
        return
    bad_url = [f for f in found if f["slug"] == "bad-url"]
    assert bool(bad_url) is not web
    if bad_url:
        assert result.exit_code == 2 and bad_url[0]["line"] == KOPI.decode("utf-8").splitlines().index(
            'url = "http://127.0.0.1:8700"') + 1
