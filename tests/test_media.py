"""`sniff`: what a media file is by its bytes (never its name), with its size in pixels."""

from __future__ import annotations

import base64
import os
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from images import gif_bytes, jpeg_bytes, mp4_bytes, png_bytes, webm_bytes, webp_bytes

from scheduler.plan.media import MediaInfo, sniff


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("data", "kind", "mime", "size"), [
    (png_bytes(9, 7), "image", "image/png", (9, 7)),
    (jpeg_bytes(33, 21), "image", "image/jpeg", (33, 21)),
    (jpeg_bytes(640, 480, exif=60_000), "image", "image/jpeg", (640, 480)),  # a camera's big EXIF first
    (gif_bytes(5, 6), "image", "image/gif", (5, 6)),
    (webp_bytes(300, 200), "image", "image/webp", (300, 200)),
    (mp4_bytes(640, 360), "video", "video/mp4", (640, 360)),
    (mp4_bytes(640, 360, moov_last=False, version=1), "video", "video/mp4", (640, 360)),
    (mp4_bytes(1920, 1080, rotate=True), "video", "video/mp4", (1080, 1920)),  # filmed upright
    (mp4_bytes(1280, 720, brand=b"qt  "), "video", "video/quicktime", (1280, 720)),
    (webm_bytes(320, 240), "video", "video/webm", (320, 240)),
    (webm_bytes(320, 240, doctype=b"matroska"), "video", "video/x-matroska", (320, 240)),
])
def test_pictures_and_videos_by_their_bytes(tmp_path: Path, data: bytes, kind: str, mime: str,
                                            size: tuple[int, int]) -> None:
    path = write(tmp_path, "media.bin", data)  # the name says nothing
    assert sniff(path) == MediaInfo(path, kind, mime, len(data), *size)  # type: ignore[arg-type]


@pytest.mark.parametrize("data", [
    b"", b"\xff\xd8\xff\xe0", b"\x89PNG", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBP",
    b"hello, I am text", b"root:x:0:0:root:/root:/bin/bash\n",
    png_bytes()[:20], jpeg_bytes()[:30], webm_bytes()[:40],
    mp4_bytes(sound_only=True),  # an .m4a: sound, no picture
    webm_bytes(sound_only=True),
    mp4_bytes()[:24] + b"\x00" * 64,  # ftyp, then nothing playable
    b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64,  # a HEIF still picture: not taken
])
def test_anything_else_is_none(tmp_path: Path, data: bytes) -> None:
    assert sniff(write(tmp_path, "photo.jpg", data)) is None


def test_what_is_not_a_readable_regular_file_is_none(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.png")  # would block a plain open()
    (tmp_path / "folder.png").mkdir()
    for path in (tmp_path / "pipe.png", tmp_path / "folder.png", tmp_path / "missing.png", Path("/dev/zero"),
                 Path("a\0b.png")):
        assert sniff(path) is None


def test_the_path_is_resolved(tmp_path: Path) -> None:
    real = write(tmp_path, "real.png", png_bytes())
    (tmp_path / "link.png").symlink_to("real.png")
    found = sniff(tmp_path / "link.png")
    assert found is not None and found.path == real


def test_hostile_box_and_segment_sizes_end_the_walk(tmp_path: Path) -> None:
    loop = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41" + struct.pack(">I", 8) + b"free" * 1 \
        + b"\x00\x00\x00\x00moov"  # a zero-size box "to the end" holding nothing
    huge = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41" + b"\x00\x00\x00\x01moov" + struct.pack(">Q", 2**63)
    fill = b"\xff\xd8" + b"\xff" * 100_000  # fill bytes forever
    jumps = b"\xff\xd8" + b"\xff\xe0\xff\xff" * 3  # segments pointing past the end
    for data in (loop, huge, fill, jumps):
        assert sniff(write(tmp_path, "x.bin", data)) is None


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([png_bytes(), jpeg_bytes(), gif_bytes(), webp_bytes(), mp4_bytes(), webm_bytes()]),
       st.lists(st.tuples(st.integers(0, 600), st.binary(min_size=1, max_size=4)), max_size=4))
def test_mangled_files_never_raise(tmp_path_factory: pytest.TempPathFactory, data: bytes,
                                   edits: list[tuple[int, bytes]]) -> None:
    mangled = bytearray(data)
    for position, chunk in edits:
        position %= len(mangled)
        mangled[position : position + len(chunk)] = chunk
    path = tmp_path_factory.mktemp("fuzz") / "m.bin"
    path.write_bytes(bytes(mangled))
    found = sniff(path)
    assert found is None or (found.width or 0) >= 0


_ENCODE = """async ([w, h]) => {
  const c = document.createElement('canvas'); c.width = w; c.height = h;
  const x = c.getContext('2d'); x.fillStyle = '#c84'; x.fillRect(0, 0, w, h);
  const out = {};
  for (const t of ['image/png', 'image/jpeg', 'image/webp']) out[t] = c.toDataURL(t, 0.9).split(',')[1];
  for (const t of ['video/webm;codecs=vp8', 'video/webm;codecs=vp9', 'video/mp4']) {
    if (!MediaRecorder.isTypeSupported(t)) continue;
    const rec = new MediaRecorder(c.captureStream(10), {mimeType: t}); const parts = [];
    rec.ondataavailable = e => parts.push(e.data);
    const done = new Promise(r => rec.onstop = r); rec.start();
    for (let i = 0; i < 5; i++) {
      x.fillStyle = `rgb(${i * 40}, 80, 120)`; x.fillRect(0, 0, w, h); await new Promise(r => setTimeout(r, 100));
    }
    rec.stop(); await done;
    const bytes = new Uint8Array(await new Blob(parts).arrayBuffer()); let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    out[t] = btoa(s);
  }
  return out;
}"""


@pytest.mark.e2e
def test_what_real_encoders_write(browser, tmp_path: Path) -> None:
    """Chromium's own PNG, JPEG and WebP encoders and its video recorder (WebM, and MP4 where built in)."""
    page = browser.new_page()
    try:
        encoded = page.evaluate(_ENCODE, [322, 181])
    finally:
        page.close()
    assert {"image/png", "image/jpeg", "image/webp", "video/webm;codecs=vp8"} <= set(encoded)
    for mime, data in encoded.items():
        found = sniff(write(tmp_path, "encoded", base64.b64decode(data)))
        assert found is not None, mime
        assert (found.mime, found.width, found.height) == (mime.split(";")[0], 322, 181)
