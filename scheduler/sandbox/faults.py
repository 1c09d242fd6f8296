"""Fault state of a running sandbox: what tests turn on to see how jadwal copes.

Shared by every request thread, so all reads and writes go through one lock.
The error-rate dice use a seeded RNG so a failing run can be replayed.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Mapping
from typing import Any

MARKUP_VARIANTS = ("normal", "renamed", "broken")
UI_LANGUAGES = ("en", "id")
#: checkpoint pages the site can show (see `scheduler.sandbox.interrupts`)
CHECKPOINT_KINDS = ("login_challenge", "two_factor", "captcha", "suspicious_activity", "blocked")
#: "pages": every page of a signed-in user leads to it; "login": a right password leads to it
CHECKPOINT_ON = ("pages", "login")
#: dialogs that interrupt now and then, shown on the next N pages (consent: any; save_login: signed in)
DIALOGS = ("consent", "save_login")
CRASH_MODES = ("500", "hang", "drop")
DEFAULT_SESSION_TTL = 30 * 24 * 3600  # seconds
MAX_SESSION_TTL = 365 * 24 * 3600
MAX_LATENCY_MS = 60_000


class FaultError(ValueError):
    """A fault setting is unknown or out of range (answered 400 by the admin endpoint)."""


class Settings:
    """Settings the admin API changes while request threads read them: all validated first (a bad one
    changes nothing), then applied under one lock. Subclasses name their `KEYS` and say how each is
    checked (`_check`), applied (`_apply`), reset and shown."""

    KEYS: tuple[str, ...] = ()
    #: what the error for an unknown key calls them
    what = "setting(s)"

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def _reset(self) -> None:
        raise NotImplementedError

    def _snapshot(self) -> dict[str, Any]:
        raise NotImplementedError

    def _check(self, key: str, value: Any) -> Any:
        raise NotImplementedError

    def _apply(self, key: str, value: Any) -> None:
        setattr(self, key, value)

    def reset(self) -> dict[str, Any]:
        with self._lock:
            self._reset()
            return self._snapshot()

    def update(self, **settings: Any) -> dict[str, Any]:
        """Apply the given settings (all validated first, so a bad one changes nothing)."""
        refuse_unknown(settings, self.KEYS, self.what)
        checked = {key: self._check(key, value) for key, value in settings.items()}
        with self._lock:
            for key, value in checked.items():
                self._apply(key, value)
            return self._snapshot()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return self._snapshot()


class Faults(Settings):
    """Latency, error rate, markup variant, session TTL, crash-after-post, UI language, a checkpoint and
    interrupting dialogs; thread-safe."""

    KEYS = ("latency_ms", "error_rate", "markup_variant", "session_ttl", "crash_after_post", "ui_language",
            "checkpoint", "dialogs")
    what = "fault(s)"

    def __init__(self, seed: int | None = None, **settings: Any) -> None:
        super().__init__()
        self._rng = random.Random(seed)
        self._reset()
        self.update(**settings)

    def _reset(self) -> None:
        self.latency_ms = 0
        self.error_rate = 0.0
        self.markup_variant = "normal"
        self.session_ttl = DEFAULT_SESSION_TTL
        self.crash_mode: str | None = None
        self.crash_times = 0
        self.ui_language = "en"
        self.checkpoint: str | None = None
        self.checkpoint_on = "pages"
        self.dialogs: dict[str, int] = {}

    def _check(self, key: str, value: Any) -> Any:
        return _CHECKS[key](value)

    def _apply(self, key: str, value: Any) -> None:
        if key == "crash_after_post":
            self.crash_mode, self.crash_times = value
        elif key == "checkpoint":
            self.checkpoint, self.checkpoint_on = value
        else:
            setattr(self, key, value)

    def _snapshot(self) -> dict[str, Any]:
        crash = {"mode": self.crash_mode, "times": self.crash_times} if self.crash_mode else None
        return {
            "latency_ms": self.latency_ms,
            "error_rate": self.error_rate,
            "markup_variant": self.markup_variant,
            "session_ttl": self.session_ttl,
            "crash_after_post": crash,
            "ui_language": self.ui_language,
            "checkpoint": {"kind": self.checkpoint, "on": self.checkpoint_on} if self.checkpoint else None,
            "dialogs": dict(self.dialogs),
        }

    def roll_error(self) -> bool:
        """True when this request should be answered 500 (drawn from the seeded RNG)."""
        with self._lock:
            return self.error_rate > 0 and self._rng.random() < self.error_rate

    def take_crash(self) -> str | None:
        """The crash mode for this post submission, using up one of its `times`."""
        with self._lock:
            if not self.crash_mode or self.crash_times <= 0:
                return None
            mode = self.crash_mode
            self.crash_times -= 1
            if self.crash_times == 0:
                self.crash_mode = None
            return mode

    def take_dialog(self, name: str) -> bool:
        """True when dialog `name` is to be shown on this page, using up one of its times."""
        with self._lock:
            return use_one(self.dialogs, name)


def refuse_unknown(settings: Mapping[str, Any], keys: tuple[str, ...], what: str) -> None:
    """Raise when `settings` names anything but `keys` (`what`: how the message calls them)."""
    unknown = set(settings) - set(keys)
    if unknown:
        raise FaultError(f"unknown {what}: {', '.join(sorted(unknown))}; known: {', '.join(keys)}")


def use_one(counts: dict[str, int], name: str) -> bool:
    """True when `name` has times left in `counts`, using one up (the caller holds the lock)."""
    left = counts.get(name, 0)
    if left <= 0:
        return False
    counts[name] = left - 1
    return True


def dialog_times(value: Any, known: tuple[str, ...]) -> dict[str, int]:
    """{"consent": 2, "save_login": 1}: show each of `known` on the next N pages it fits (0 or absent: never)."""
    if not isinstance(value, Mapping):
        raise FaultError(f"dialogs must be an object of dialog -> times, got {value!r}")
    out = {}
    for name, times in value.items():
        if name not in known:
            raise FaultError(f"unknown dialog {name!r}; known: {', '.join(known)}")
        if isinstance(times, bool) or not isinstance(times, int) or times < 0:
            raise FaultError(f"dialogs.{name} must be a whole number of times >= 0, got {times!r}")
        out[str(name)] = times
    return out


def _latency(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_LATENCY_MS:
        raise FaultError(f"latency_ms must be a number from 0 to {MAX_LATENCY_MS}, got {value!r}")
    return int(value)


def _error_rate(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise FaultError(f"error_rate must be a number from 0 to 1, got {value!r}")
    return float(value)


def _variant(value: Any) -> str:
    if value not in MARKUP_VARIANTS:
        raise FaultError(f"markup_variant must be one of {', '.join(MARKUP_VARIANTS)}, got {value!r}")
    return str(value)


def _ttl(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_SESSION_TTL:
        raise FaultError(f"session_ttl must be a number of seconds from 0 to {MAX_SESSION_TTL}, got {value!r}")
    return float(value)


def _crash(value: Any) -> tuple[str | None, int]:
    """Accepts None/"off", a mode string (times 1), or {"mode": ..., "times": N}."""
    if value is None or value == "off":
        return None, 0
    if isinstance(value, str):
        value = {"mode": value}
    if not isinstance(value, Mapping):
        raise FaultError(f"crash_after_post must be a mode or {{'mode', 'times'}}, got {value!r}")
    mode, times = value.get("mode"), value.get("times", 1)
    if mode in (None, "off"):
        return None, 0
    if mode not in CRASH_MODES:
        raise FaultError(f"crash_after_post mode must be one of off, {', '.join(CRASH_MODES)}, got {mode!r}")
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise FaultError(f"crash_after_post times must be an integer >= 1, got {times!r}")
    return str(mode), times


def _ui_language(value: Any) -> str:
    if value not in UI_LANGUAGES:
        raise FaultError(f"ui_language must be one of {', '.join(UI_LANGUAGES)}, got {value!r}")
    return str(value)


def _checkpoint(value: Any) -> tuple[str | None, str]:
    """Accepts None/"off", a kind (shown on every signed-in page), or {"kind": ..., "on": "pages"|"login"}."""
    if value is None or value == "off":
        return None, "pages"
    if isinstance(value, str):
        value = {"kind": value}
    if not isinstance(value, Mapping):
        raise FaultError(f"checkpoint must be a kind or {{'kind', 'on'}}, got {value!r}")
    kind, on = value.get("kind"), value.get("on", "pages")
    if kind in (None, "off"):
        return None, "pages"
    if kind not in CHECKPOINT_KINDS:
        raise FaultError(f"checkpoint kind must be one of off, {', '.join(CHECKPOINT_KINDS)}, got {kind!r}")
    if on not in CHECKPOINT_ON:
        raise FaultError(f"checkpoint 'on' must be one of {', '.join(CHECKPOINT_ON)}, got {on!r}")
    return str(kind), str(on)


def _dialogs(value: Any) -> dict[str, int]:
    return dialog_times(value, DIALOGS)


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "latency_ms": _latency,
    "error_rate": _error_rate,
    "markup_variant": _variant,
    "session_ttl": _ttl,
    "crash_after_post": _crash,
    "ui_language": _ui_language,
    "checkpoint": _checkpoint,
    "dialogs": _dialogs,
}
