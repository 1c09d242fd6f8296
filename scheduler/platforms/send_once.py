"""A page's POSTs sent exactly once, for the moments after a final submit click.

Chromium silently re-sends a POST when a reused keep-alive connection closes
without an answer; if the site had already saved the post, that is a second
post. Within `sent_once`, every POST the page makes to the given URL pattern is
sent by Playwright's own HTTP client with no retries instead: a dropped
connection is an error (collected, the request aborted) and never a repeat.
Redirects are left to the browser, so a page lands where the site sends it.

Chromium hands intercepted multipart uploads over without the files' bytes, so
the files the page was given are put back into their empty parts first: by
name, or in order when the names cannot tell them apart (a carousel of two
`photo.jpg` from different folders). A request body that is the file itself
(a raw upload) keeps its bytes and is sent as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route


class _SendOnce:
    """The route handler: each POST matching `url` fetched once by Playwright, then fulfilled."""

    def __init__(self, page: Page, url: str, files: Sequence[Path], timeout_ms: float | None) -> None:
        self.files = tuple(files)
        self.timeout_ms = timeout_ms
        self.lost: list[Exception] = []
        self.in_flight: list[Route] = []
        page.route(url, self._send)

    def close(self, page: Page, url: str) -> None:
        page.unroute(url, self._send)

    def _send(self, route: Route) -> None:
        from playwright.sync_api import Error as PlaywrightError

        if route.request.method != "POST":
            route.fallback()
            return
        self.in_flight.append(route)
        body = route.request.post_data_buffer
        content_type = route.request.headers.get("content-type", "")
        if self.files and body is not None and content_type.startswith("multipart/form-data"):
            body = fill_file_parts(body, content_type, self.files)
        try:
            response = route.fetch(max_redirects=0, max_retries=0, post_data=body, timeout=self.timeout_ms)
        except PlaywrightError as exc:
            self.lost.append(exc)
            abort_quietly(route)
            return
        finally:
            self.in_flight.remove(route)
        try:
            route.fulfill(response=response)
        except PlaywrightError:  # the page gave up first (timeout)
            pass


@contextmanager
def sent_once(page: Page, url: str, files: Sequence[Path] = (), *, timeout_ms: float | None = None
              ) -> Iterator[list[Exception]]:
    """Within the block, POSTs to `url` (a Playwright URL pattern) go out exactly once; yields the
    errors of those that got no answer. Each waits up to `timeout_ms` for its answer (None: the
    context's timeout; 0: as long as the block lasts, for uploads the caller waits on by itself).

    The interception is installed for the block only (page loads stay untouched)
    and removed only after a success: removing it while a request is paused would
    let Chromium send that request itself, so a failure aborts it and leaves the
    (harmless) interception in place until the page's context is closed.
    """
    sender = _SendOnce(page, url, files, timeout_ms)
    try:
        yield sender.lost
    except BaseException:
        for route in list(sender.in_flight):  # a request still paused must never go out later
            abort_quietly(route)
        raise
    sender.close(page, url)


def fill_file_parts(body: bytes, content_type: str, files: Sequence[Path]) -> bytes:
    """Put each file's bytes into the empty multipart part that names it; in the files' order when
    there is one empty part per file but their names do not tell them apart."""
    boundary = content_type.partition("boundary=")[2].strip().strip('"')
    if not boundary:
        return body
    delimiter = b"--" + boundary.encode()
    parts = body.split(delimiter)
    file_parts = [
        i for i, part in enumerate(parts) if re.search(rb'filename="[^"]+"', part.partition(b"\r\n\r\n")[0])
    ]
    empty = [i for i in file_parts if parts[i].partition(b"\r\n\r\n")[2] == b"\r\n"]  # the browser left it out
    names = [f.name for f in files]
    by_order = len(empty) == len(files) and len(set(names)) < len(names)
    by_name = {f.name: f for f in files}
    for n, i in enumerate(empty):
        head, sep, _content = parts[i].partition(b"\r\n\r\n")
        named = re.search(rb'filename="([^"]+)"', head)
        source = files[n] if by_order else by_name.get(named.group(1).decode(errors="replace")) if named else None
        if source is None and len(files) == 1 and len(file_parts) == 1:
            source = files[0]
        if source is not None:
            parts[i] = head + sep + source.read_bytes() + b"\r\n"
    return delimiter.join(parts)


def abort_quietly(route: Route) -> None:
    from playwright.sync_api import Error as PlaywrightError

    try:
        route.abort("connectionfailed")
    except PlaywrightError:  # already answered, or the page is gone
        pass
