"""A plan's media files: where they may lie, and what they really are.

A plan names its pictures and videos by path, and a plan is often written by
someone else (a client, a pull request). Two checks keep it honest, one place
for every path that reads media (validate, `publish`, the daemon, dry runs, the
calendar's rule marks):

- *Confinement*: after resolving symlinks, a media file lies inside the plan's
  folder or a folder the plan allows by name (`media_folders` in `[plan]` or in
  an `[[account]]`). `/etc/shadow` or `../../x.png` never reach a browser.
- *Content*: `sniff` reads the file's own headers, never its name: JPEG, PNG,
  GIF, WebP, MP4/MOV and WebM/Matroska, with width and height from the headers
  (for a video: its first picture track, rotation applied). It reads a few
  headers and seeks past the rest, so a 2 GB video costs what a small picture does.

Why no library: `filetype` matches 3-4 bytes (a 4-byte "\\x89PNG" passes as a PNG)
and gives no dimensions or type hints; `imagesize` and Pillow read images only
(no video), and Pillow is a large compiled dependency for reading a header.
"""

from __future__ import annotations

import os
import stat
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from scheduler.i18n import _

if TYPE_CHECKING:
    from scheduler.plan.model import Plan

MediaKind = Literal["image", "video"]

#: what `sniff` recognises, for messages
KNOWN_FORMATS = "JPEG, PNG, GIF, WebP, MP4, MOV, WebM"


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """A real image or video, as its bytes say."""

    path: Path  # resolved (symlinks followed)
    kind: MediaKind
    mime: str
    size: int  # bytes
    width: int | None  # pixels, as shown (a video's rotation applied); None when the headers do not say
    height: int | None


def sniff(path: Path) -> MediaInfo | None:
    """What `path` holds by its content; None when it is not a readable regular file holding an
    image or video jadwal knows (see `KNOWN_FORMATS`). Never raises for a bad or missing file."""
    try:
        return _sniff(path)
    except (OSError, ValueError):  # ValueError: a path with a NUL byte
        return None


def _sniff(path: Path) -> MediaInfo | None:
    """`sniff`, raising OSError when the file cannot be opened or read."""
    # O_NONBLOCK: a FIFO named as media must not hang the check; it is refused as "not a file" below
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        found = _identify(handle, info.st_size)
    if found is None:
        return None
    kind, mime, width, height = found
    return MediaInfo(Path(os.path.realpath(path)), kind, mime, info.st_size, width, height)


# -- where media may lie ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MediaProblem:
    """Why a media file cannot go out: `reason` completes "media file X ...", `hint` is the fix."""

    slug: str  # "outside", "missing", "not-a-file", "unreadable", "not-media"
    reason: str
    hint: str


def plan_folder(plan: Plan) -> Path:
    """The plan file's folder, symlinks resolved: media lie here by default."""
    return Path(os.path.realpath(plan.path.parent))


def allowed_folders(plan: Plan, account: str) -> tuple[Path, ...]:
    """Where the media of `account`'s posts may lie: the plan's folder, `[plan] media_folders` and the
    account's own `media_folders` (all resolved by the loader)."""
    found = plan.accounts.get(account)
    extra = found.media_folders if found is not None else ()
    return tuple(dict.fromkeys((plan_folder(plan), *plan.media_folders, *extra)))


def inside(path: Path, folders: Sequence[Path]) -> bool:
    """Whether resolved `path` lies in one of the resolved `folders`."""
    return any(path == folder or path.is_relative_to(folder) for folder in folders)


def check_file(path: Path, folders: Sequence[Path]) -> MediaInfo | MediaProblem:
    """Confinement first (a file outside is never opened), then existence, then content."""
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):
        return MediaProblem("missing", _("is not a usable path"), _("fix the path in `media`"))
    if not inside(real, folders):
        return _outside(path, real, folders)
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return MediaProblem("missing", _("does not exist"),
                            _("fix the path (relative to the plan file) or add the file"))
    except OSError as exc:
        return MediaProblem("unreadable", _("cannot be checked ({reason})").format(reason=exc.strerror),
                            _("make the file and its folders readable for the user that runs jadwal"))
    if not stat.S_ISREG(info.st_mode):
        return MediaProblem("not-a-file", _("is not a file"), _("name a picture or video file in `media`"))
    try:
        found = _sniff(real)
    except PermissionError:
        return MediaProblem("unreadable", _("cannot be read (permissions)"),
                            _("make the file readable for the user that runs jadwal"))
    except OSError as exc:
        return MediaProblem("unreadable", _("cannot be read ({reason})").format(reason=exc.strerror),
                            _("check the file"))
    if found is None:
        return MediaProblem(
            "not-media", _("is not a picture or video by its content (jadwal takes {formats})").format(
                formats=KNOWN_FORMATS),
            _("export it again as JPEG, PNG or MP4, or fix the path"))
    return found


def _outside(path: Path, real: Path, folders: Sequence[Path]) -> MediaProblem:
    where = ", ".join(str(f) for f in folders)
    if Path(os.path.abspath(path)) != real:
        reason = _("leads to {real}, outside the folders this plan may take media from ({folders})").format(
            real=real, folders=where)
    else:
        reason = _("lies outside the folders this plan may take media from ({folders})").format(folders=where)
    hint = _("move the file into {folder} (e.g. {folder}/media/), or allow its folder by name: "
             "media_folders = [\"...\"] in [plan] or in the post's [[account]]").format(folder=folders[0])
    return MediaProblem("outside", reason, hint)


# -- reading headers --------------------------------------------------------------------------

_Found = tuple[MediaKind, str, int | None, int | None]

_PNG = b"\x89PNG\r\n\x1a\n"
#: JPEG start-of-frame markers (they carry the size); C4, C8 and CC are other segments
_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
#: first box types of QuickTime files written before `ftyp` existed
_LEGACY_MOV = frozenset({b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"})
#: ISO media brands that are still pictures (HEIF/AVIF), not videos
_STILL_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"})
#: how many boxes/segments/elements one file may make us look at (a hostile file cannot loop us)
_MAX_STEPS = 512


def _identify(handle: BinaryIO, size: int) -> _Found | None:
    head = handle.read(32)
    if head.startswith(_PNG):
        return _png(head)
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return ("image", "image/gif", width, height) if width and height else None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp(head)
    if head[:3] == b"\xff\xd8\xff":
        return _jpeg(handle, size)
    if head[4:8] == b"ftyp" or head[4:8] in _LEGACY_MOV:
        return _iso_media(handle, head, size)
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return _ebml(handle, size)
    return None


def _png(head: bytes) -> _Found | None:
    if len(head) < 24 or head[8:16] != b"\x00\x00\x00\x0dIHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return ("image", "image/png", width, height) if width and height else None


def _webp(head: bytes) -> _Found | None:
    chunk = head[12:16]
    if len(head) < 30:
        return None
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":  # lossy: the key frame's start code
        width, height = (v & 0x3FFF for v in struct.unpack("<HH", head[26:30]))
    elif chunk == b"VP8L" and head[20] == 0x2F:  # lossless
        bits = int.from_bytes(head[21:25], "little")
        width, height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    elif chunk == b"VP8X":  # extended: the canvas size
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
    else:
        return None
    return ("image", "image/webp", width, height) if width and height else None


def _jpeg(handle: BinaryIO, size: int) -> _Found | None:
    """Walk the segments from the start of the image to the frame header that holds the size."""
    pos = 2
    for _step in range(_MAX_STEPS):
        handle.seek(pos)
        marker = handle.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        code = marker[1]
        if code == 0xFF:  # fill bytes before a marker
            pos += 1
            continue
        pos += 2
        if code == 0x01 or 0xD0 <= code <= 0xD7:  # markers without a length
            continue
        if code in (0xD9, 0xDA):  # end of image, or the picture data before any frame header
            return None
        length = handle.read(2)
        if len(length) < 2 or struct.unpack(">H", length)[0] < 2:
            return None
        if code in _SOF:
            frame = handle.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            return ("image", "image/jpeg", width, height) if width and height else None
        pos += struct.unpack(">H", length)[0]
        if pos > size:
            return None
    return None


def _boxes(handle: BinaryIO, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """The ISO media boxes between `start` and `end`: (type, content start, content end)."""
    pos = start
    for _step in range(_MAX_STEPS):
        if pos + 8 > end:
            return
        handle.seek(pos)
        header = handle.read(8)
        if len(header) < 8:
            return
        length, kind = struct.unpack(">I", header[:4])[0], header[4:8]
        skip = 8
        if length == 1:  # a 64-bit size follows
            large = handle.read(8)
            if len(large) < 8:
                return
            length, skip = struct.unpack(">Q", large)[0], 16
        elif length == 0:  # to the end of the file
            length = end - pos
        if length < skip or pos + length > end:
            return
        yield kind, pos + skip, pos + length
        pos += length


def _iso_media(handle: BinaryIO, head: bytes, size: int) -> _Found | None:
    """MP4 or MOV: a playable file has a `moov` box with a picture track; its `tkhd` gives the size."""
    if head[4:8] == b"ftyp":
        major = head[8:12]
        if major in _STILL_BRANDS:
            return None
        mime = "video/quicktime" if major == b"qt  " else "video/mp4"
    else:
        mime = "video/quicktime"
    for kind, start, end in _boxes(handle, 0, size):
        if kind != b"moov":
            continue
        for track, t_start, t_end in _boxes(handle, start, end):
            if track != b"trak":
                continue
            for inner, h_start, h_end in _boxes(handle, t_start, t_end):
                if inner == b"tkhd":
                    shown = _track_size(handle, h_start, h_end)
                    if shown is not None:
                        return ("video", mime, *shown)
        return None  # a moov without a picture track: sound only
    return None


def _track_size(handle: BinaryIO, start: int, end: int) -> tuple[int, int] | None:
    """Width and height of a track header; None for a track without pictures (sound)."""
    handle.seek(start)
    data = handle.read(min(end - start, 96))
    matrix = 52 if data[:1] == b"\x01" else 40  # version 1 has 64-bit times
    if len(data) < matrix + 44:
        return None
    a, b, _u, c, d = struct.unpack(">iiiii", data[matrix : matrix + 20])
    width, height = (round(v / 65536) for v in struct.unpack(">II", data[matrix + 36 : matrix + 44]))
    if not (width and height):
        return None
    if a == 0 and d == 0 and b and c:  # turned by 90 or 270 degrees (phones filming upright)
        width, height = height, width
    return width, height


# EBML (WebM, Matroska) element ids
_EBML_DOCTYPE, _SEGMENT, _TRACKS, _CLUSTER = 0x4282, 0x18538067, 0x1654AE6B, 0x1F43B675
_TRACK_ENTRY, _TRACK_TYPE, _VIDEO, _PIXEL_WIDTH, _PIXEL_HEIGHT = 0xAE, 0x83, 0xE0, 0xB0, 0xBA
#: Tracks are small (codec settings); a bigger one is not worth reading for a size
_MAX_TRACKS_BYTES = 1 << 20


def _vint(data: bytes, pos: int, *, marker: bool) -> tuple[int, int] | None:
    """(value, length) of an EBML variable-size integer at `pos`; -1 for an unknown size."""
    if pos >= len(data) or data[pos] == 0:
        return None
    length = 9 - data[pos].bit_length()
    if pos + length > len(data):
        return None
    value = data[pos] if marker else data[pos] & (0xFF >> length)
    for byte in data[pos + 1 : pos + length]:
        value = value << 8 | byte
    if not marker and value == (1 << (7 * length)) - 1:
        value = -1
    return value, length


def _elements(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(id, content) of each EBML element in `data`."""
    pos = 0
    for _step in range(_MAX_STEPS):
        element = _vint(data, pos, marker=True)
        if element is None:
            return
        length = _vint(data, pos + element[1], marker=False)
        if length is None or length[0] < 0:
            return
        start = pos + element[1] + length[1]
        yield element[0], data[start : start + length[0]]
        pos = start + length[0]


def _element_at(handle: BinaryIO, pos: int) -> tuple[int, int, int] | None:
    """(id, header length, content length or -1) of the element at `pos` in the file."""
    handle.seek(pos)
    data = handle.read(12)
    element = _vint(data, 0, marker=True)
    if element is None:
        return None
    length = _vint(data, element[1], marker=False)
    if length is None:
        return None
    return element[0], element[1] + length[1], length[0]


def _ebml(handle: BinaryIO, size: int) -> _Found | None:
    """WebM or Matroska: the header names the document type, a video track gives the size."""
    header = _element_at(handle, 0)
    if header is None or header[2] < 0 or header[2] > 4096:
        return None
    handle.seek(header[1])
    doctype = dict(_elements(handle.read(header[2]))).get(_EBML_DOCTYPE, b"").rstrip(b"\0")
    mime = {b"webm": "video/webm", b"matroska": "video/x-matroska"}.get(doctype)
    segment = _element_at(handle, header[1] + header[2])
    if mime is None or segment is None or segment[0] != _SEGMENT:
        return None
    pos = header[1] + header[2] + segment[1]
    end = size if segment[2] < 0 else min(size, pos + segment[2])
    for _step in range(_MAX_STEPS):
        found = _element_at(handle, pos) if pos < end else None
        if found is None or found[0] == _CLUSTER or found[2] < 0:
            return None  # the tracks come before the first cluster of pictures
        element, skip, length = found
        if element == _TRACKS:
            if length > _MAX_TRACKS_BYTES:
                return None
            handle.seek(pos + skip)
            shown = _video_track(handle.read(length))
            return ("video", mime, *shown) if shown else None
        pos += skip + length
    return None


def _video_track(tracks: bytes) -> tuple[int, int] | None:
    for element, entry in _elements(tracks):
        if element != _TRACK_ENTRY:
            continue
        fields = dict(_elements(entry))
        if int.from_bytes(fields.get(_TRACK_TYPE, b""), "big") != 1:  # 1: video
            continue
        video = dict(_elements(fields.get(_VIDEO, b"")))
        width = int.from_bytes(video.get(_PIXEL_WIDTH, b""), "big")
        height = int.from_bytes(video.get(_PIXEL_HEIGHT, b""), "big")
        if width and height:
            return width, height
    return None
