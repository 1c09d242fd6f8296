"""Uploads to a replica: the kind is read from the bytes (not the name or the browser's word), each
replica says which kinds it takes and how large, and the file is kept under a random name."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from scheduler.sandbox.replicas.store import NewMedia

#: ISO base media brands (bytes 8-12 after `ftyp`) -> content type
_BRANDS = {
    b"heic": "image/heic", b"heix": "image/heic", b"heim": "image/heic", b"heis": "image/heic",
    b"hevc": "image/heic", b"mif1": "image/heif", b"msf1": "image/heif",
    b"qt  ": "video/quicktime",
}
_EXT = {
    "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp", "image/heic": "heic",
    "image/heif": "heif", "video/mp4": "mp4", "video/quicktime": "mov", "video/webm": "webm",
}


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first 16 bytes, for the kinds social sites take."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    if head[4:8] == b"ftyp":
        return _BRANDS.get(head[8:12], "video/mp4")  # isom, mp41, mp42, avc1, M4V, dash ...
    return None


class UploadRejected(ValueError):
    """Why an upload was refused: `reason` is "type", "size" or "empty" (the replica words it)."""

    def __init__(self, reason: str, name: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.reason, self.name = reason, name


@dataclass(frozen=True)
class Accepts:
    """What a replica takes: content type -> most bytes."""

    limits: dict[str, int]

    def check(self, upload: FileStorage) -> tuple[bytes, str]:
        name = upload.filename or "file"
        most = max(self.limits.values())
        data = upload.stream.read(most + 1)
        if not data:
            raise UploadRejected("empty", name)
        kind = sniff(data[:16])
        if kind is None or kind not in self.limits:
            raise UploadRejected("type", name)
        if len(data) > self.limits[kind]:
            raise UploadRejected("size", name)
        return data, kind


def save(data: bytes, kind: str, original: str, media_dir: Path, alt: str = "") -> NewMedia:
    """Write the checked bytes under a random name in `media_dir` (created 0700)."""
    media_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stored = f"{secrets.token_hex(12)}.{_EXT[kind]}"
    (media_dir / stored).write_bytes(data)
    return NewMedia(secure_filename(original) or stored, stored, kind, alt)
