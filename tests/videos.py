"""A real MP4 for the tests, recorded by Chromium itself (no ffmpeg needed): a canvas animation through
MediaRecorder as H.264 in an MP4 container, the kind of file a shop would upload."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser

_RECORD = """async ({width, height, frames}) => {
    const canvas = document.createElement('canvas');
    canvas.width = width; canvas.height = height;
    const draw = canvas.getContext('2d');
    const recorder = new MediaRecorder(canvas.captureStream(30), {mimeType: 'video/mp4;codecs=avc1.42E01E'});
    const chunks = [];
    recorder.ondataavailable = event => chunks.push(event.data);
    const stopped = new Promise(resolve => recorder.onstop = resolve);
    recorder.start();
    for (let i = 0; i < frames; i++) {
        draw.fillStyle = `hsl(${i * 12}, 80%, 50%)`; draw.fillRect(0, 0, width, height);
        draw.fillStyle = '#fff'; draw.fillRect(10 + i * 4, height / 2 - 10, 20, 20);
        await new Promise(resolve => setTimeout(resolve, 33));
    }
    recorder.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text);
}"""


def record_mp4(browser: Browser, width: int = 180, height: int = 320, frames: int = 30) -> bytes:
    """About a second of H.264 video in an MP4 (`ftyp isom`), `width` x `height`."""
    page = browser.new_page()
    try:
        data = base64.b64decode(page.evaluate(_RECORD, {"width": width, "height": height, "frames": frames}))
    finally:
        page.close()
    assert data[4:8] == b"ftyp", "Chromium did not record an MP4"
    return data
