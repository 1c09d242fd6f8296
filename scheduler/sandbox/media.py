"""Checking and storing uploaded images: the type is read from the bytes, not the name."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

MAX_IMAGE_BYTES = 5 * 1024 * 1024
#: leading bytes -> (content type, file extension); WebP is checked separately
SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"GIF87a": ("image/gif", "gif"),
    b"GIF89a": ("image/gif", "gif"),
}


class UploadRejected(ValueError):
    """The upload is not an accepted image; the message is shown to the user."""


@dataclass(frozen=True)
class StoredImage:
    name: str  # the uploader's file name, made safe
    stored_name: str
    content_type: str


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, kind in SIGNATURES.items():
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def store_image(upload: FileStorage, media_dir: Path) -> StoredImage:
    """Validate the upload (PNG/JPEG/GIF/WebP, at most 5 MB) and save it under a random name."""
    data = upload.stream.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise UploadRejected("The image is larger than 5 MB.")
    if not data:
        raise UploadRejected("The image file is empty.")
    kind = sniff(data[:16])
    if kind is None:
        raise UploadRejected("Only PNG, JPEG, GIF and WebP images can be posted.")
    content_type, ext = kind
    stored_name = f"{secrets.token_hex(12)}.{ext}"
    media_dir.mkdir(parents=True, exist_ok=True)
    (media_dir / stored_name).write_bytes(data)
    name = secure_filename(upload.filename or "") or f"image.{ext}"
    return StoredImage(name, stored_name, content_type)
