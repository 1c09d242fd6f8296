"""Test images built by hand (no imaging library needed)."""

from __future__ import annotations

import struct
import zlib


def png_bytes(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    """A small valid one-colour RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def jpeg_bytes(width: int = 8, height: int = 8, *, exif: int = 0) -> bytes:
    """A baseline JPEG's headers up to its first scan (what a reader of sizes needs), with `exif`
    bytes of an APP1 segment before the frame header, as cameras write."""

    def segment(marker: int, data: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data

    jfif = segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    app1 = segment(0xE1, b"Exif\x00\x00" + bytes(exif)) if exif else b""
    quant = segment(0xDB, b"\x00" + bytes(range(1, 65)))
    frame = segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    scan = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    return b"\xff\xd8" + jfif + app1 + quant + frame + scan + b"\x00" * 16 + b"\xff\xd9"


def gif_bytes(width: int = 8, height: int = 8) -> bytes:
    """A one-colour GIF89a."""
    screen = struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00"
    return b"GIF89a" + screen + image + b"\x3b"


def webp_bytes(width: int = 8, height: int = 8) -> bytes:
    """A lossless (VP8L) WebP header of the given size."""
    bits = (width - 1) | (height - 1) << 14
    vp8l = b"\x2f" + bits.to_bytes(4, "little") + b"\x00" * 8
    chunk = b"VP8L" + struct.pack("<I", len(vp8l)) + vp8l
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def _box(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data) + 8) + kind + data


def mp4_bytes(width: int = 640, height: int = 360, *, brand: bytes = b"isom", rotate: bool = False,
              version: int = 0, sound_only: bool = False, moov_last: bool = True) -> bytes:
    """An ISO media file (MP4, or MOV with brand b"qt  ") with one track: `ftyp`, `mdat` and a `moov`
    whose track header gives the picture size (0x0 for a sound track); `rotate` turns it 90 degrees."""
    ftyp = _box(b"ftyp", brand + b"\x00\x00\x02\x00" + brand + b"mp41")
    one, zero = 0x10000, 0
    matrix = (zero, one, zero, -one, zero, zero, zero, zero, 0x40000000) if rotate else \
        (one, zero, zero, zero, one, zero, zero, zero, 0x40000000)
    times = struct.pack(">QQIIQ", 0, 0, 1, 0, 1000) if version else struct.pack(">IIIII", 0, 0, 1, 0, 1000)
    shown = (0, 0) if sound_only else (width << 16, height << 16)
    tkhd = _box(b"tkhd", bytes([version, 0, 0, 3]) + times + bytes(8) + struct.pack(">hhhH", 0, 0, 0, 0)
                + struct.pack(">9i", *matrix) + struct.pack(">II", *shown))
    moov = _box(b"moov", _box(b"mvhd", bytes(100)) + _box(b"trak", tkhd + _box(b"mdia", bytes(32))))
    mdat = _box(b"mdat", bytes(256))
    return ftyp + (mdat + moov if moov_last else moov + mdat)


def _ebml(element: int, data: bytes) -> bytes:
    size = len(data)
    return element.to_bytes((element.bit_length() + 7) // 8, "big") + (0x10000000 | size).to_bytes(4, "big") + data


def webm_bytes(width: int = 640, height: int = 360, *, doctype: bytes = b"webm", sound_only: bool = False) -> bytes:
    """A WebM (or Matroska) file's headers: EBML header, then a segment with info, one track and a cluster."""
    header = _ebml(0x1A45DFA3, _ebml(0x4286, b"\x01") + _ebml(0x4282, doctype) + _ebml(0x4287, b"\x04"))
    if sound_only:
        entry = _ebml(0xAE, _ebml(0xD7, b"\x01") + _ebml(0x83, b"\x02") + _ebml(0xE1, _ebml(0x9F, b"\x02")))
    else:
        video = _ebml(0xB0, width.to_bytes(2, "big")) + _ebml(0xBA, height.to_bytes(2, "big"))
        entry = _ebml(0xAE, _ebml(0xD7, b"\x01") + _ebml(0x83, b"\x01") + _ebml(0x86, b"V_VP8") + _ebml(0xE0, video))
    segment = _ebml(0x1549A966, _ebml(0x2AD7B1, b"\x0f\x42\x40")) + _ebml(0x1654AE6B, entry) \
        + _ebml(0x1F43B675, _ebml(0xE7, b"\x00") + bytes(64))
    return header + _ebml(0x18538067, segment)
