"""What a replica's admin API turns on (its "faults"): a checkpoint, dialogs, cookie consent, optional
flow steps and the comments page size; and a log of what visitors did with them.

The shapes follow the sandbox's own `checkpoint` and `dialogs` faults (issue 13), with two
additions a replica needs to be deterministic: a checkpoint may name the `user` it is for and the
number of `times` it fires (default once: "the next login gets a captcha"). An action block (a kind
without a page) may also be `stored`: the site keeps the post and answers with the block all the same,
as a live site may (the adapter cannot tell the two apart, so it must look the post up). State is per replica
and per running site, so arming a checkpoint on one replica never touches another or the sandbox.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from scheduler.sandbox.faults import FaultError, Settings, dialog_times, use_one

#: "login": a right password leads to it; "pages": the next page a signed-in user opens does
CHECKPOINT_ON = ("login", "pages")


@dataclass(frozen=True)
class Armed:
    kind: str
    on: str
    user: str | None
    times: int
    #: an action block that answers after the post was stored (else before: nothing stored)
    stored: bool = False

    def fits(self, on: str | None, user: str, kinds: set[str] | None, stored: bool) -> bool:
        return (on in (None, self.on) and self.user in (None, user) and (kinds is None or self.kind in kinds)
                and self.stored == stored)


class ReplicaFaults(Settings):
    """Thread-safe, validated like the sandbox's `Faults`: a bad setting changes nothing."""

    KEYS = ("checkpoint", "dialogs", "consent", "steps", "comments_page")

    def __init__(
        self, checkpoints: tuple[str, ...], dialogs: tuple[str, ...], steps: tuple[str, ...], comments_page: int
    ) -> None:
        super().__init__()
        self.kinds, self.dialog_names, self.step_names = checkpoints, dialogs, steps
        self.default_comments_page = comments_page
        self.log: Counter[str] = Counter()
        self._reset()

    def _check(self, key: str, value: Any) -> Any:
        checks: dict[str, Callable[[Any], Any]] = {"checkpoint": self._checkpoint, "dialogs": self._dialogs,
                                                   "consent": _flag, "steps": self._steps, "comments_page": _page_size}
        return checks[key](value)

    def _apply(self, key: str, value: Any) -> None:
        if key == "dialogs":
            self.dialogs.update(value)
        elif key == "steps":
            self.steps.update(value)
        else:
            setattr(self, key, value)

    def _reset(self) -> None:
        self.log.clear()
        self.checkpoint: Armed | None = None
        self.dialogs: dict[str, int] = {}
        self.consent = False
        self.steps = dict.fromkeys(self.step_names, True)
        self.comments_page = self.default_comments_page

    def _snapshot(self) -> dict[str, Any]:
        armed = self.checkpoint
        return {
            "checkpoint": None if armed is None else
            {"kind": armed.kind, "on": armed.on, "user": armed.user, "times": armed.times, "stored": armed.stored},
            "dialogs": {k: v for k, v in self.dialogs.items() if v},
            "consent": self.consent,
            "steps": dict(self.steps),
            "comments_page": self.comments_page,
            "log": dict(self.log),
        }

    # --- used by the replica's pages ---------------------------------------------

    def take_checkpoint(self, on: str | None, user: str, kinds: set[str] | None = None, *,
                        stored: bool = False) -> str | None:
        """The kind of the armed checkpoint if it fires here (`on` None: anywhere) for this user and is one
        of `kinds` (using up one time); `stored`: asked after the post was stored."""
        with self._lock:
            armed = self.checkpoint
            if armed is None or not armed.fits(on, user, kinds, stored):
                return None
            self.checkpoint = None if armed.times <= 1 else replace(armed, times=armed.times - 1)
            return armed.kind

    def take_dialog(self, name: str) -> bool:
        with self._lock:
            shown = use_one(self.dialogs, name)
            if shown:
                self.log[f"dialog_shown:{name}"] += 1
            return shown

    def note(self, event: str) -> None:
        with self._lock:
            self.log[event] += 1

    def step(self, name: str) -> bool:
        with self._lock:
            return self.steps.get(name, True)

    # --- validation ------------------------------------------------------------------

    def _checkpoint(self, value: Any) -> Armed | None:
        """None/"off", a kind (next login), or {"kind", "on": "login"|"pages", "user", "times", "stored"}."""
        if value is None or value == "off":
            return None
        if isinstance(value, str):
            value = {"kind": value}
        if not isinstance(value, Mapping):
            raise FaultError(f"checkpoint must be a kind or {{'kind', 'on', 'user', 'times'}}, got {value!r}")
        kind, on, user, times = value.get("kind"), value.get("on", "login"), value.get("user"), value.get("times", 1)
        stored = _flag(value.get("stored", False))
        if kind not in self.kinds:
            raise FaultError(f"checkpoint kind must be one of {', '.join(self.kinds)}, got {kind!r}")
        if on not in CHECKPOINT_ON:
            raise FaultError(f"checkpoint 'on' must be one of {', '.join(CHECKPOINT_ON)}, got {on!r}")
        if user is not None and not isinstance(user, str):
            raise FaultError(f"checkpoint 'user' must be a user name, got {user!r}")
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise FaultError(f"checkpoint 'times' must be a whole number >= 1, got {times!r}")
        return Armed(str(kind), str(on), user, times, stored)

    def _dialogs(self, value: Any) -> dict[str, int]:
        """{"save_login": 1}: show each where it fits, the next N times (0: never)."""
        return dialog_times(value, self.dialog_names)

    def _steps(self, value: Any) -> dict[str, bool]:
        if not isinstance(value, Mapping):
            raise FaultError(f"steps must be an object of step -> true/false, got {value!r}")
        for name in value:
            if name not in self.step_names:
                raise FaultError(f"unknown step {name!r}; known: {', '.join(self.step_names) or 'none'}")
        return {str(k): _flag(v) for k, v in value.items()}


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FaultError(f"expected true or false, got {value!r}")
    return value


def _page_size(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 500:
        raise FaultError(f"comments_page must be a whole number from 1 to 500, got {value!r}")
    return value
