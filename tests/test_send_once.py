"""`send_once.fill_file_parts`: the bytes Chromium leaves out of an intercepted multipart upload are put
back into the right parts, by name, or in order when two files share a name (a carousel of two
`photo.jpg` from different folders)."""

from __future__ import annotations

from pathlib import Path

from scheduler.platforms.send_once import fill_file_parts

BOUNDARY = "----WebKitFormBoundaryX"
TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def body(*names: str) -> bytes:
    """What Chromium hands an interception: each file part empty, as seen in Chromium 1.65's driver."""
    parts = [f'Content-Disposition: form-data; name="media"; filename="{n}"\r\nContent-Type: image/png\r\n\r\n\r\n'
             for n in names]
    parts.append('Content-Disposition: form-data; name="caption"\r\n\r\nHalo\r\n')
    return ("".join(f"--{BOUNDARY}\r\n{p}" for p in parts) + f"--{BOUNDARY}--\r\n").encode()


def contents(filled: bytes) -> list[bytes]:
    parts = filled.split(b"--" + BOUNDARY.encode())
    return [p.partition(b"\r\n\r\n")[2][:-2] for p in parts if b'filename="' in p]


def test_files_are_filled_by_name(tmp_path: Path) -> None:
    one, two = tmp_path / "one.png", tmp_path / "two.png"
    one.write_bytes(b"ONE")
    two.write_bytes(b"TWO")
    assert contents(fill_file_parts(body("two.png", "one.png"), TYPE, [one, two])) == [b"TWO", b"ONE"]


def test_files_with_one_name_are_filled_in_order(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "photo.png", tmp_path / "b" / "photo.png"
    first.write_bytes(b"FIRST")
    second.write_bytes(b"SECOND")
    filled = fill_file_parts(body("photo.png", "photo.png"), TYPE, [first, second])
    assert contents(filled) == [b"FIRST", b"SECOND"]  # by name, both would have been SECOND
    assert b'name="caption"\r\n\r\nHalo\r\n' in filled


def test_a_part_the_browser_filled_is_left_alone(tmp_path: Path) -> None:
    one = tmp_path / "one.png"
    one.write_bytes(b"ONE")
    sent = body("one.png").replace(b"image/png\r\n\r\n\r\n", b"image/png\r\n\r\nALREADY\r\n")
    assert contents(fill_file_parts(sent, TYPE, [one])) == [b"ALREADY"]
