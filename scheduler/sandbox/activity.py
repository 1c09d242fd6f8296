"""Who was doing what on the sandbox, when: a record of every signed-in request that is an action
(pages and submits; not images, scripts, the JSON API or the admin endpoints), per account.

A later test asserts that jadwal never made one account do two things at once (say, publish in
one browser while reading comments in another). Two actions of one account overlap exactly when
one begins while the other is still being served, so overlaps are noted as they begin.
An account is `area:user`: the sandbox's own `kopisenja` and the Instagram replica's `kopisenja`
are different accounts. A request answered only after the browser gave up on it (the "hang"
crash) is still in flight for the site, and is counted as such.
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

#: how many finished actions are kept (the oldest are forgotten first); overlaps are all kept
KEEP = 10_000


@dataclass
class Action:
    account: str
    method: str
    path: str
    started: float
    ended: float | None = None


@dataclass
class ActivityLog:
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next_id: int = 0
    _in_flight: dict[int, Action] = field(default_factory=dict)
    _done: list[Action] = field(default_factory=list)
    _overlaps: list[dict[str, Any]] = field(default_factory=list)

    def begin(self, area: str, user: str, method: str, path: str) -> int:
        """Note that `user` on `area` started an action; returns its id for `end`."""
        action = Action(f"{area}:{user}", method, path, time.time())
        with self._lock:
            for other in self._in_flight.values():
                if other.account == action.account:
                    self._overlaps.append(
                        {"account": action.account, "first": asdict(other), "second": asdict(action)}
                    )
            self._next_id += 1
            self._in_flight[self._next_id] = action
            return self._next_id

    def end(self, action_id: int) -> None:
        with self._lock:
            action = self._in_flight.pop(action_id, None)
            if action is not None:
                action.ended = time.time()
                self._done.append(action)
                del self._done[:-KEEP]

    def snapshot(self) -> dict[str, Any]:
        """Every kept action (finished, then in flight) and every overlap seen, oldest first."""
        with self._lock:
            actions = [*self._done, *sorted(self._in_flight.values(), key=lambda a: a.started)]
            return {"actions": [asdict(a) for a in actions], "overlaps": list(self._overlaps)}

    def reset(self) -> None:
        with self._lock:
            self._done.clear()
            self._overlaps.clear()
