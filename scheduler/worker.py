"""A worker thread of the daemon's: the comment checker and the scheduled selftest run in one each.

Why a thread of their own: Playwright's sync API is bound to the thread that started it, and a
browser job of many minutes run in the publishing thread would delay a post due meanwhile. The
daemon's loop only wakes the thread (`_wake`); the thread runs `_work` and is idle again after it,
whatever it raised (a bug there must not end the jobs, nor the daemon).
"""

from __future__ import annotations

import threading

from loguru import logger


class WorkerThread:
    """One named thread, started on the first wake, that runs `_work` each time it is woken."""

    def __init__(self, name: str, failed: str, still_running: str = "") -> None:
        #: the thread's name, and what the log says when `_work` fails or does not stop in time
        self.name, self.failed, self.still_running = name, failed, still_running
        self._trigger = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()  # cleared while a job is due or running
        self._idle.set()
        self._thread: threading.Thread | None = None

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def _work(self) -> None:
        raise NotImplementedError

    def _wake(self) -> None:
        """Start the thread if need be and have it run `_work` once more."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()
        self._idle.clear()
        self._trigger.set()

    def _run(self) -> None:
        while True:
            self._trigger.wait()
            self._trigger.clear()
            if self._stop.is_set():
                return
            try:
                self._work()
            except Exception:  # a bug here must not end the jobs (nor the daemon)
                logger.exception(self.failed)
            finally:
                self._idle.set()

    def close(self, timeout: float = 15.0) -> None:
        """Stop after the job under way (waiting at most `timeout` seconds)."""
        self._stop.set()
        self._trigger.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive() and self.still_running:
                logger.warning(self.still_running)
