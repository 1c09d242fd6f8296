"""Telling the owner, from the journal's outbox: an alert is recorded first, then sent.

Every alert (a failed, missed or unconfirmed post, a paused account, comments
waiting, a clock that jumped ...) is written to the journal's events with
`alert = 1` in the same transaction as whatever it is about (the comments it
tells of are marked told there too). This thread sends what is recorded and not
yet sent, then marks it sent. So a crash before the send sends it after the
restart instead of losing it, and nothing is recorded twice; the one window
left is a crash between the target's answer and the mark (milliseconds), after
which that alert is sent again.

When the journal itself cannot be written (a full disk), alerts must still go
out: `direct` hands a message to the thread without the journal.

A target that fails is logged (masked) and not retried; the alert stays in the
journal (`jadwal status` shows it). With no target, alerts are marked handled.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence

from loguru import logger

from scheduler.runtime.state import StateRef
from scheduler.errors import JadwalError, JournalUnwritable
from scheduler.notify import Delivery, alert_level, alert_title, send
from scheduler.runtime.clock import Clock
from scheduler.runtime.journal import Event, Journal

#: how often the thread looks at the outbox when nobody wakes it (alerts other processes recorded)
POLL_SECONDS = 30.0


class Outbox:
    """Sends the journal's unsent alerts to `targets()` (read at send time: a reloaded plan's apply)."""

    def __init__(self, state_path: StateRef, targets: Callable[[], Sequence[str]], *, clock: Clock,
                 sender: Callable[..., Delivery] = send, poll: float = POLL_SECONDS) -> None:
        self.state_path = state_path
        self.targets = targets
        self.clock = clock
        self.sender = sender
        self.poll = poll
        self._direct: deque[tuple[str, str, str]] = deque()
        self._sent_unmarked: set[int] = set()  # sent, but the journal could not be told yet
        self._journal: Journal | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # one delivery at a time (the thread, or a caller's deliver())

    def start(self) -> Outbox:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
            self._thread.start()
        return self

    def wake(self) -> None:
        """Something was recorded: send it soon."""
        self._idle.clear()
        self._wake.set()

    def direct(self, title: str, body: str, level: str = "failure") -> None:
        """Send without the journal (it cannot be written): kept in memory only."""
        logger.warning("ALERT (not recorded: the journal cannot be written) {}: {}", title, body)
        self._direct.append((title, body, level))
        self.wake()

    def deliver(self) -> int:
        """Send what waits (direct messages, then the outbox) in the calling thread; returns how many."""
        with self._lock:
            count = 0
            while self._direct:
                title, body, level = self._direct.popleft()
                self._send(title, body, level)
                count += 1
            journal = self._open()
            if journal is None:
                return count
            try:
                if self._sent_unmarked:
                    journal.mark_notified(sorted(self._sent_unmarked), self.clock.now())
                    self._sent_unmarked.clear()
                if not journal.role("outbox"):  # one sender for all daemons of a shared journal
                    return count
                for event in journal.unsent_alerts():
                    self._send(*self._message(event))
                    self._sent_unmarked.add(event.id)
                    journal.mark_notified([event.id], self.clock.now())
                    self._sent_unmarked.discard(event.id)
                    count += 1
            except JournalUnwritable as exc:  # sent; marked once the disk has room again
                logger.debug("outbox: cannot mark alerts sent yet: {}", exc.message)
            return count

    def _message(self, event: Event) -> tuple[str, str, str]:
        title = event.title or alert_title(event.kind, event.post_id)
        return title, event.body or event.message, alert_level(event.kind)

    def _send(self, title: str, body: str, level: str) -> None:
        targets = list(self.targets())
        if not targets:
            return
        try:
            self.sender(targets, title, body, level=level)
        except Exception:  # never let a notification take the thread down
            logger.exception("sending a notification failed")

    def _open(self) -> Journal | None:
        if self._journal is None:
            try:
                self._journal = Journal(self.state_path)
            except JadwalError as exc:
                logger.error("outbox: cannot open the journal: {}", exc.message)
                return None
        return self._journal

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.poll)
            self._wake.clear()
            try:
                self.deliver()
            except Exception:  # a bug here must not end the alerts
                logger.exception("the outbox failed; trying again")
            finally:
                if not self._wake.is_set():
                    self._idle.set()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Until what was woken for is sent (tests, and the daemon's way out)."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Send what waits (at most `timeout` seconds), then stop the thread and close its journal."""
        if self._thread is not None:
            self.wake()
            self.wait_idle(timeout)
            self._stop.set()
            self._wake.set()
            self._thread.join(timeout)
            if self._thread.is_alive():
                logger.warning("some notifications were still being sent when jadwal stopped")
            self._thread = None
        with self._lock:
            if self._journal is not None:
                self._journal.close()
                self._journal = None
