"""The networks' rules at plan time: for every limit of every built-in pack, a plan breaking exactly that
limit fails R1 at the post's line, naming the platform, the limit and its source, in English and Indonesian.

The cases are generated from the packs themselves, so a limit added to a pack is tested without a new
test (and `test_every_limit_of_every_pack_has_a_case` fails if a kind of limit has no generator). Limits
that no plan holds are tested where jadwal holds them: a reply's length by `jadwal reply` before the
browser starts, the platform's least gap between replies against the pack's own pacing."""

from __future__ import annotations

import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from images import png_bytes
from plan_factory import daily, make_plan
from plan_sections import engagement_and_target

from scheduler.i18n import set_language
from scheduler.packs.load import builtin_platforms
from scheduler.packs.pack import pack_for
from scheduler.plan.model import Account, Cadence, Plan
from scheduler.rules import platform_limits, r1_no_plan

PLATFORMS = builtin_platforms()
LIMITS = ("text", "title", "hashtags", "mentions", "posts_per_day", "term_name")


def mp4_bytes(width: int = 64, height: int = 36) -> bytes:
    """A minimal MP4 (ftyp, mdat, moov with one picture track) that `sniff` takes for a video."""

    def box(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data) + 8) + kind + data

    matrix = struct.pack(">9i", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    tkhd = box(b"tkhd", bytes([0, 0, 0, 3]) + struct.pack(">IIIII", 0, 0, 1, 0, 1000) + bytes(8)
               + struct.pack(">hhhH", 0, 0, 0, 0) + matrix + struct.pack(">II", width << 16, height << 16))
    moov = box(b"moov", box(b"mvhd", bytes(100)) + box(b"trak", tkhd + box(b"mdia", bytes(32))))
    return box(b"ftyp", b"isom\x00\x00\x02\x00isommp41") + box(b"mdat", bytes(256)) + moov


def media_file(folder: Path, name: str, kind: str, size: int | None = None) -> str:
    """A real picture (PNG) or video (MP4) file, grown (sparsely) to `size` bytes when given."""
    path = folder / name
    path.write_bytes(png_bytes() if kind == "image" else mp4_bytes())
    if size is not None:
        with path.open("r+b") as handle:
            handle.truncate(size)
    return name


@dataclass
class Case:
    platform: str
    limit: str  # what is broken, e.g. "text", "media.kinds.image.max_bytes"
    posts: Callable[[Path], list[tuple]]  # the plan's posts (the first breaks the limit)
    expect: tuple[str, ...]  # in the message, whatever the language (numbers, the source)
    line: int = 100  # where the finding points: the [[post]] line (plan_factory: 100 + 10 x index)

    def __str__(self) -> str:
        return f"{self.platform}-{self.limit}"


def cases() -> Iterator[Case]:
    for platform in PLATFORMS:
        pack = pack_for(platform)
        assert pack is not None
        limits = pack.data.limits

        def first(extra: dict, folder: Path) -> list[tuple]:
            return [("ig", "2026-12-01 09:00", "education", extra), *daily()[1:]]

        if limits.text:
            n, src = limits.text.max, limits.text.source
            yield Case(platform, "text", lambda f, n=n: first({"text": "k" * (n + 1)}, f), (str(n + 1), str(n), src))
        if limits.title:
            n, src = limits.title.max, limits.title.source
            yield Case(platform, "title", lambda f, n=n: first({"title": "t" * (n + 1)}, f),
                       (str(n + 1), str(n), src))
        if limits.hashtags:
            n, src = limits.hashtags.max, limits.hashtags.source
            tags = " ".join(f"#kopi{i}" for i in range(n + 1))
            yield Case(platform, "hashtags", lambda f, t=tags: first({"text": f"Ngopi yuk {t}"}, f),
                       (str(n + 1), str(n), src))
        if limits.mentions:
            n, src = limits.mentions.max, limits.mentions.source
            names = " ".join(f"@teman{i}" for i in range(n + 1))
            yield Case(platform, "mentions", lambda f, t=names: first({"text": f"Halo {t}"}, f),
                       (str(n + 1), str(n), src))
        if limits.posts_per_day:
            n, src = limits.posts_per_day.max, limits.posts_per_day.source
            step = 86400 // (n + 2)  # n + 1 posts spread over the day, whatever n is
            many = [("ig", f"2026-12-01 {i * step // 3600:02d}:{i * step // 60 % 60:02d}:{i * step % 60:02d}",
                     "education", {"id": f"a{i}"}) for i in range(n + 1)]
            yield Case(platform, "posts_per_day", lambda f, m=many: [*m, *daily()[2:]], (str(n + 1), str(n), src),
                       line=100 + 10 * n)  # the first post over the limit
        if limits.term_name:
            n, src = limits.term_name.max, limits.term_name.source
            for field in ("categories", "tags"):
                yield Case(platform, f"term_name.{field}",
                           lambda f, n=n, k=field: first({k: ["Resep", "r" * (n + 1)]}, f), (str(n + 1), str(n), src))
        media = limits.media
        if media is None:
            continue
        if media.required:  # the one post without media (`with_required_media` gives the others theirs)
            yield Case(platform, "media.required", lambda f: first({"media": []}, f), (media.source,))
        count = media.max_count
        ok_kind = next(iter(media.kinds)) if media.kinds else "image"  # files of a kind it takes: only the count breaks
        if count is not None:
            yield Case(platform, "media.max_count",
                       lambda f, c=count, k=ok_kind: first({"media": [media_file(f, f"p{i}.{k}", k)
                                                                      for i in range(c + 1)]}, f),
                       (str(count + 1), str(count), media.source))
        for kind in ("image", "video"):
            allowed = media.kinds.get(kind)
            if allowed is None:
                yield Case(platform, f"media.kinds.{kind}",
                           lambda f, k=kind: first({"media": [media_file(f, f"x.{k}", k)]}, f), (media.source,))
                continue
            if allowed.max_bytes is None:  # no public source gives a size: none is checked (test below)
                continue
            big = allowed.max_bytes + 1
            yield Case(platform, f"media.kinds.{kind}.max_bytes",
                       lambda f, k=kind, b=big: first({"media": [media_file(f, f"big.{k}", k, b)]}, f),
                       (allowed.source,))


CASES = list(cases())


def with_required_media(platform: str, posts: list[tuple], folder: Path) -> list[tuple]:
    """A platform that requires media (Instagram) refuses every post without: each post that does not
    say what media it has gets a file the platform takes, so a case breaks only its own limit."""
    pack = pack_for(platform)
    media = pack.data.limits.media if pack is not None else None
    if media is None or not media.required:
        return posts
    kind = next(iter(media.kinds))
    name = media_file(folder, f"ok.{kind}", kind)
    out = []
    for account, at, post_type, *rest in posts:
        extra = dict(rest[0]) if rest and isinstance(rest[0], dict) else {"id": rest[0]} if rest else {}
        out.append((account, at, post_type, {"media": [name], **extra}))
    return out


@contextmanager
def language(lang: str) -> Iterator[None]:
    set_language(lang)
    try:
        yield
    finally:
        set_language("en")


def plan_for(platform: str, posts: list[tuple], folder: Path, packs: Path | None = None) -> Plan:
    plan = make_plan(posts, folder=folder, cadence=Cadence(max_per_day=1000, min_gap=timedelta(0), line=50))
    plan.accounts = {"ig": Account("ig", platform, "http://127.0.0.1:8700", "ig", None, 10, packs=packs)}
    plan.packs = packs
    return plan


def limit_findings(plan: Plan) -> list:
    """R1's findings that come from the platform's pack (R1 runs these among its own checks)."""
    return platform_limits.check(plan, r1_no_plan.RULE)


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_plan_breaking_a_pack_limit_fails_r1_at_the_post(case: Case, lang: str, tmp_path: Path) -> None:
    posts = with_required_media(case.platform, case.posts(tmp_path), tmp_path)
    plan = plan_for(case.platform, posts, tmp_path)
    with language(lang):
        found = limit_findings(plan)
    assert len(found) == 1, [f.message for f in found]
    [finding] = found
    assert finding.rule == "R1" and finding.severity == "error"
    assert finding.line == case.line
    assert case.platform in finding.message
    for part in case.expect:
        assert part in finding.message, (part, finding.message)
    assert finding.hint
    if lang == "id":  # really translated, not the English text
        with language("en"):
            english = limit_findings(plan_for(case.platform, posts, tmp_path))[0]
        assert finding.message != english.message and finding.hint != english.hint


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_plan_within_every_limit_has_no_limit_finding(platform: str, tmp_path: Path) -> None:
    pack = pack_for(platform)
    assert pack is not None
    media = pack.data.limits.media
    kind = next(iter(media.kinds)) if media and media.kinds else None
    extra = {"media": [media_file(tmp_path, f"ok.{kind}", kind)]} if kind else {}
    text = "Kopi susu gula aren #kopi @kopisenja"
    posts = [("ig", "2026-12-01 09:00", "education", {**extra, "text": text}), *daily()[1:]]
    if media and media.required:
        posts = [(a, t, k, {**extra, "text": text}) for a, t, k in (p[:3] for p in posts)]
    assert limit_findings(plan_for(platform, posts, tmp_path)) == []


def test_every_limit_of_every_pack_has_a_case() -> None:
    covered = {(c.platform, c.limit.split(".")[0] if c.limit.startswith("term_name.") else c.limit) for c in CASES}
    covered |= {(platform, "reply") for platform in REPLY_PLATFORMS}
    covered |= {(platform, "reply_gap") for platform in GAP_PLATFORMS}
    for platform in PLATFORMS:
        limits = pack_for(platform).data.limits  # type: ignore[union-attr]
        for name in (*LIMITS, "reply", "reply_gap"):
            if getattr(limits, name) is not None:
                assert (platform, name) in covered, (platform, name)
        if limits.media is not None:
            assert (platform, "media.max_count") in covered or limits.media.max_count is None
            assert (platform, "media.required") in covered or not limits.media.required
            for kind in ("image", "video"):
                allowed = limits.media.kinds.get(kind)
                if allowed is not None and allowed.max_bytes is None:
                    continue  # no size to break
                key = f"media.kinds.{kind}.max_bytes" if allowed is not None else f"media.kinds.{kind}"
                assert (platform, key) in covered, (platform, key)


REPLY_PLATFORMS = [p for p in PLATFORMS if pack_for(p).data.limits.reply is not None]  # type: ignore[union-attr]
GAP_PLATFORMS = [p for p in PLATFORMS if pack_for(p).data.limits.reply_gap is not None]  # type: ignore[union-attr]


@pytest.mark.parametrize("platform", REPLY_PLATFORMS)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_reply_over_the_packs_limit_is_refused_before_the_browser(platform: str, lang: str) -> None:
    from scheduler.comments.answer import within_limits
    from scheduler.errors import ConfigError

    limit = pack_for(platform).data.limits.reply  # type: ignore[union-attr]
    assert limit is not None
    account = Account("blog", platform, "http://127.0.0.1:8800", "penulis", None, 10)
    within_limits(account, "k" * limit.max)  # exactly the limit: taken
    with language(lang), pytest.raises(ConfigError) as refused:
        within_limits(account, "k" * (limit.max + 1))
    for part in (platform, str(limit.max + 1), str(limit.max), limit.source):
        assert part in refused.value.message, (part, refused.value.message)
    assert "1" in refused.value.hint
    if lang == "id":
        assert refused.value.message.split(":")[0] != f"the reply has {limit.max + 1} characters"


@pytest.mark.parametrize("platform", GAP_PLATFORMS)
def test_a_user_pack_pacing_replies_faster_than_the_platform_takes_is_refused(platform: str, tmp_path: Path) -> None:
    from scheduler.errors import PackError

    gap = pack_for(platform).data.limits.reply_gap  # type: ignore[union-attr]
    assert gap is not None
    seconds = int(gap.min_gap.total_seconds())
    pace = pack_for(platform).data.pacing["reply"]  # type: ignore[union-attr]
    assert pace.min_gap >= gap.min_gap  # the built-in pack keeps its own platform's rule
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / f"{platform}.toml").write_text(
        f'platform = "{platform}"\nversion = "fast"\n\n[pacing]\nreply = {{ min_gap = "{seconds - 1}s" }}\n')
    with pytest.raises(PackError) as refused:
        pack_for(platform, packs)
    assert refused.value.message.startswith(f"{packs / f'{platform}.toml'}:5: pacing.reply waits {seconds - 1} s")
    assert gap.source in refused.value.message and f'min_gap = "{seconds}s"' in refused.value.hint
    (packs / f"{platform}.toml").write_text(
        f'platform = "{platform}"\nversion = "slow"\n\n[pacing]\nreply = {{ min_gap = "{seconds}s" }}\n')
    assert pack_for(platform, packs).data.pacing["reply"].min_gap == gap.min_gap  # type: ignore[union-attr]


PACED = [p for p in PLATFORMS if (pace := pack_for(p).data.pacing.get("publish")) and pace.min_gap >= timedelta(minutes=2)]  # type: ignore[union-attr]


@pytest.mark.parametrize("platform", PACED)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_posts_closer_than_the_packs_pace_are_a_warning_at_the_first_held_back(
        platform: str, lang: str, tmp_path: Path) -> None:
    """The daemon holds a post back until the pack's pace allows it: said at plan time, once per account."""
    pack = pack_for(platform)
    assert pack is not None
    gap = pack.data.pacing["publish"].min_gap
    media = pack.data.limits.media
    kind = next(iter(media.kinds)) if media and media.kinds else None
    extra = {"media": [media_file(tmp_path, f"ok.{kind}", kind)]} if kind else {}
    start = datetime(2026, 12, 1, 6)
    half = [("ig", str(start + i * gap / 2), "education", {**extra, "id": f"h{i}"}) for i in range(3)]
    plan = plan_for(platform, [*half, *((a, t, k, {**extra}) for a, t, k in daily()[2:])], tmp_path)
    with language(lang):
        found = [f for f in limit_findings(plan) if f.severity == "warning"]
    assert len(found) == 1, [f.message for f in found]
    [warning] = found
    assert warning.rule == "R1" and warning.line == 110  # the second post, the first held back
    late = {"en": "goes out about", "id": "terkirim sekitar"}[lang]
    assert platform in warning.message and late in warning.message and "h0" in warning.message
    assert {"en": "(1 more post of ig is held back too)", "id": "(1 postingan ig lagi juga tertahan)"}[lang] \
        in warning.message
    apart = [("ig", str(start + i * gap), "education", {**extra, "id": f"a{i}"}) for i in range(3)]
    plan = plan_for(platform, [*apart, *((a, t, k, {**extra}) for a, t, k in daily()[2:])], tmp_path)
    assert [f for f in limit_findings(plan) if f.severity == "warning"] == []


def test_a_mime_type_the_pack_does_not_list_is_refused(tmp_path: Path) -> None:
    """Every format jadwal recognises is taken by the sandbox, so a user pack narrows it: PNG only."""
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "sandbox.toml").write_text(
        'platform = "sandbox"\nversion = "png-only"\n[limits.media]\nrequired = false\nmax_count = 1\n'
        'source = "test"\n[limits.media.kinds.image]\nmime = ["image/jpeg"]\nmax_bytes = 1000000\n'
        'source = "a test pack that takes JPEG only"\n')
    posts = [("ig", "2026-12-01 09:00", "education", {"media": [media_file(tmp_path, "a.png", "image")]}),
             *daily()[1:]]
    [finding] = limit_findings(plan_for("sandbox", posts, tmp_path, packs))
    assert "image/png" in finding.message and "image/jpeg" in finding.message
    assert "a test pack that takes JPEG only" in finding.message


def test_a_kind_without_a_sourced_size_checks_no_size(tmp_path: Path) -> None:
    """A pack leaves `max_bytes` out where no public source gives one (TikTok's web uploader): a big
    file of that kind passes, its kind and type are still held."""
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "sandbox.toml").write_text(
        'platform = "sandbox"\nversion = "no-size"\n[limits.media]\nrequired = false\nmax_count = 1\n'
        'source = "test"\n[limits.media.kinds.video]\nmime = ["video/mp4"]\nsource = "sizes unsourced"\n')
    pack = pack_for("sandbox", packs)
    assert pack is not None and pack.data.limits.media.kinds["video"].max_bytes is None  # type: ignore[union-attr]
    big = [("ig", "2026-12-01 09:00", "education", {"media": [media_file(tmp_path, "big.mp4", "video", 3 << 30)]}),
           *daily()[1:]]
    assert limit_findings(plan_for("sandbox", big, tmp_path, packs)) == []
    picture = [("ig", "2026-12-01 09:00", "education", {"media": [media_file(tmp_path, "a.png", "image")]}),
               *daily()[1:]]
    [finding] = limit_findings(plan_for("sandbox", picture, tmp_path, packs))
    assert "is a picture; sandbox takes only a video" in finding.message


def test_a_broken_user_pack_is_an_r1_error_at_plan_packs(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "sandbox.toml").write_text('platform = "sandbox"\nversion = "x"\n[limits.text]\nmax = 5\n')
    plan = plan_for("sandbox", daily(), tmp_path, packs)
    plan.lines["plan.packs"] = 7
    [finding] = [f for f in r1_no_plan.check(plan) if "pack" in f.message]
    assert finding.line == 7
    assert finding.message.startswith("the sandbox pack cannot be used, so its limits are not checked: ")
    assert f"{packs / 'sandbox.toml'}:3" in finding.message


PLAN = """\
[plan]
name = "limits"
goal = "Show a caption that is too long"
timezone = "Asia/Jakarta"
start = 2026-12-01
end = 2026-12-01

[[account]]
id = "ig"
platform = "sandbox"
url = "http://127.0.0.1:8700"
handle = "kopisenja"

[types.question]
interactive = true

""" + engagement_and_target("2026-12-01") + """
[[post]]
id = "long"
account = "ig"
at = 2026-12-01T09:00:00
type = "question"
text = "{text}"
"""


def test_validate_reports_the_limit_at_the_posts_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN.replace("{text}", "k" * 2001))
    result = subprocess.run([sys.executable, "-m", "scheduler", "validate", str(path)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    line = PLAN.splitlines().index("[[post]]") + 1
    assert (f"{path}:{line}: error R1 no-plan (Tidak Mempunyai Rencana / No plan)\n"
            "  post long (ig, 2026-12-01 09:00): the text has 2001 characters; sandbox takes at most 2000 "
            "(the sandbox's compose form (scheduler/sandbox/pages.py, MAX_TEXT))\n"
            "  fix: shorten it by 1 character\n") in result.stdout
