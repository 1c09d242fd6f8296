"""Pacing: how gently jadwal drives each account, so a network sees a person's rhythm, not a robot's.

Per platform the pack says, for each action (publish, reading comments, replying),
the least time between two of them and a random jitter added on top; its limits
say the most posts a day. A `Pacer` holds, per account, when each action last
happened and tells how long to wait before the next; the daemon's publisher and
its comment thread share one, so they also take turns: one account acts in one
browser at a time (`hold`).

- The gap after an action is `max(floor, pack min_gap) + U(0, jitter)`, drawn once
  when the action is recorded (so asking twice gives the same answer). The
  `floor` is the daemon's own `--pace` (or the plan's `cadence.min_gap`).
- Posts a day: at most the pack's `posts_per_day` in any 24 hours; a backlog
  waits (and is missed after the grace period) rather than exceed it.
- Time comes from the injected clock; jitter from a seedable random source.
"""

from __future__ import annotations

import random
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.errors import JadwalError

if TYPE_CHECKING:
    from scheduler.runtime.clock import Clock
    from scheduler.packs.model import Action, Pace
    from scheduler.plan.model import Account

DAY = timedelta(hours=24)


@dataclass
class _AccountState:
    lock: threading.RLock = field(default_factory=threading.RLock)
    #: per action: when it may happen next (None: now)
    next_at: dict[str, datetime] = field(default_factory=dict)
    #: when the last posts went out (for the posts-a-day limit), oldest first
    posts: deque[datetime] = field(default_factory=deque)
    #: set while a post waits for the account's turn: the comment thread lets it go first
    publish_waiting: threading.Event = field(default_factory=threading.Event)


class Pacer:
    """Per-account pacing of actions; thread-safe (the daemon's threads share one)."""

    def __init__(self, clock: Clock, *, rng: random.Random | None = None) -> None:
        self.clock = clock
        self.rng = rng or random.Random()
        self._accounts: dict[str, _AccountState] = {}
        self._lock = threading.Lock()

    def _state(self, account_id: str) -> _AccountState:
        with self._lock:
            return self._accounts.setdefault(account_id, _AccountState())

    # -- the rules ------------------------------------------------------------------------------

    @staticmethod
    def pace(account: Account, action: Action) -> Pace | None:
        """The pack's pace for `action` on the account's platform (None: the pack sets none)."""
        from scheduler.packs.pack import pack_for

        try:
            pack = pack_for(account.platform, account.packs)
        except JadwalError as exc:  # a broken user pack is reported by validate; never stop pacing on it
            logger.warning("pacing of {}: its pack cannot be read ({}); using the daemon's own pace", account.id,
                           exc.message)
            return None
        return pack.data.pacing.get(action) if pack is not None else None

    @staticmethod
    def posts_per_day(account: Account) -> int | None:
        from scheduler.packs.pack import pack_for

        try:
            pack = pack_for(account.platform, account.packs)
        except JadwalError:
            return None
        limit = pack.data.limits.posts_per_day if pack is not None else None
        return limit.max if limit is not None else None

    # -- asking and telling ---------------------------------------------------------------------

    def wait(self, account: Account, action: Action, now: datetime | None = None) -> float:
        """Seconds until `account` may do `action` (0: now)."""
        now = now or self.clock.now()
        state = self._state(account.id)
        with self._lock:
            until = state.next_at.get(action)
            if action == "publish":
                most = self.posts_per_day(account)
                while state.posts and now - state.posts[0] >= DAY:
                    state.posts.popleft()
                if most is not None and len(state.posts) >= most:
                    free = state.posts[len(state.posts) - most] + DAY
                    until = free if until is None else max(until, free)
        return max(0.0, (until - now).total_seconds()) if until is not None else 0.0

    def record(self, account: Account, action: Action, at: datetime | None = None,
               floor: timedelta = timedelta(0)) -> timedelta:
        """`account` did `action` at `at`: the next one waits the pace (returned, jitter included)."""
        pace = self.pace(account, action)  # first: reading the pack takes a moment, the action starts after
        at = at or self.clock.now()
        gap = max(floor, pace.min_gap if pace else timedelta(0))
        if pace is not None and pace.jitter > timedelta(0):
            gap += timedelta(seconds=self.rng.uniform(0, pace.jitter.total_seconds()))
        state = self._state(account.id)
        with self._lock:
            later = at + gap
            state.next_at[action] = max(later, state.next_at.get(action, later))
            if action == "publish":
                state.posts.append(at)
        return gap

    def remember_posts(self, account: Account, times: list[datetime]) -> None:
        """Posts published before this process started (from the journal): they count toward the day."""
        state = self._state(account.id)
        with self._lock:
            state.posts = deque(sorted([*state.posts, *times]))

    def catch_up(self, account: Account, last: datetime | None, posts: list[datetime],
                 floor: timedelta = timedelta(0)) -> None:
        """What every daemon sharing the journal did with the account (the journal is the truth): its
        pace counts from the last publish any of them began, and their posts count toward the day."""
        pace = self.pace(account, "publish")
        gap = max(floor, pace.min_gap if pace else timedelta(0))
        state = self._state(account.id)
        with self._lock:
            if last is not None:
                later = last + gap
                state.next_at["publish"] = max(later, state.next_at.get("publish", later))
            state.posts = deque(sorted(posts))

    # -- taking turns ---------------------------------------------------------------------------

    def acquire(self, account_id: str, *, blocking: bool = True, timeout: float = -1) -> bool:
        """Take the account's turn in the browser (re-entrant in one thread)."""
        return self._state(account_id).lock.acquire(blocking, timeout)

    def acquire_first(self, account_id: str, *, timeout: float) -> bool:
        """Take the account's turn ahead of anyone else who wants it next (a due post goes before the
        next comment read); waits at most `timeout` seconds for the action in progress to end."""
        state = self._state(account_id)
        state.publish_waiting.set()
        try:
            return state.lock.acquire(True, timeout)
        finally:
            state.publish_waiting.clear()

    def release(self, account_id: str) -> None:
        self._state(account_id).lock.release()

    @contextmanager
    def hold(self, account_id: str) -> Iterator[None]:
        """The account's turn for the block: no other thread drives it meanwhile."""
        self.acquire(account_id)
        try:
            yield
        finally:
            self.release(account_id)

    @contextmanager
    def turn(self, account: Account, action: Action, *, stop: threading.Event | None = None,
             floor: timedelta = timedelta(0)) -> Iterator[bool]:
        """Wait for the account's pace for `action` and its turn in the browser, then do it in the block
        (recorded at its start). Yields False when `stop` was set while waiting (then do nothing).

        The pause is slept without holding the turn, so the other thread may act meanwhile.
        """
        waiter = stop or threading.Event()
        while True:
            seconds = self.wait(account, action)
            if seconds > 0:
                logger.debug("pacing: {} waits {:.1f}s before {}", account.id, seconds, action)
                if waiter.wait(seconds) and stop is not None:
                    break
                continue
            state = self._state(account.id)
            while state.publish_waiting.is_set():  # a due post goes first
                waiter.wait(0.05)
            self.acquire(account.id)
            if self.wait(account, action) > 0:  # the other thread acted meanwhile
                self.release(account.id)
                continue
            try:
                self.record(account, action, floor=floor)
                yield True
            finally:
                self.release(account.id)
            return
        yield False
