"""Telling the owner: alerts sent through apprise to the plan's `engagement.notify` targets.

Why apprise: one URL per target reaches Telegram, Slack, e-mail, WhatsApp
gateways or a plain HTTP JSON endpoint (`json://host/path`), so jadwal writes
no senders of its own.

Secrets never live in the plan in clear: a target may say `${VAR}` anywhere and
the variable is read from the environment *at send time* (so a rotated token
needs no restart). A target with a literal secret-looking part is warned about.
Target URLs are never logged: logs name a target by its number and its text as
written in the plan with passwords and secret-looking parts masked; apprise's
own logging (which prints expanded URLs at debug level) is silenced.

A failing target is logged and skipped; it never raises into the daemon. The
daemon sends from a thread of its own, from the journal's outbox
(`scheduler.runtime.outbox`), so a slow target cannot delay publishing.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

from loguru import logger

from scheduler.i18n import N_, _

#: `${NAME}` in a target, replaced from the environment at send time
ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: query keys whose literal value is a secret
SECRET_KEYS = frozenset({"pass", "password", "pw", "token", "secret", "key", "apikey", "api_key",
                         "access_token", "auth", "webhook", "bot_token"})
#: a path or host part that looks like a token: long, letters and digits mixed
_TOKENISH = re.compile(r"(?=[^/]*[A-Za-z])(?=[^/]*\d)[A-Za-z0-9_:\-.]{20,}")
MASK = "****"


class MissingVariable(Exception):
    """A `${VAR}` in a target names a variable that is not set."""


def expand(target: str, env: dict[str, str] | os._Environ[str] | None = None) -> str:
    """The target with every `${VAR}` replaced from `env` (the environment by default)."""
    env = os.environ if env is None else env

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in env:
            raise MissingVariable(name)
        return env[name]

    return ENV_REF.sub(value, target)


def _literal(part: str) -> bool:
    """True when `part` has characters that do not come from a `${VAR}`."""
    return bool(ENV_REF.sub("", part))


def literal_secrets(target: str) -> list[str]:
    """What in a target (as written) looks like a secret typed in clear: [] when it looks safe."""
    found: list[str] = []
    _, _, rest = target.partition("://")
    rest, _, query = rest.partition("?")
    netloc, _, path = rest.partition("/")
    userinfo, at, hostport = netloc.rpartition("@")
    if at and ":" in userinfo and _literal(userinfo.partition(":")[2]):
        found.append("a password")
    for key, val in parse_qsl(query, keep_blank_values=True):
        if key.lower() in SECRET_KEYS and val and _literal(val):
            found.append(f"the {key!r} parameter")
    parts = [*userinfo.split(":"), *hostport.split(":"), *path.split("/")] if at else [
        *hostport.split(":"), *path.split("/")]
    if any(_TOKENISH.fullmatch(ENV_REF.sub("", p)) for p in parts if _literal(p)):
        found.append("a token-like part")
    return found


def _mask_token(part: str) -> str:
    return MASK if _TOKENISH.fullmatch(ENV_REF.sub("", part) or "-") and not ENV_REF.fullmatch(part) else part


def redact(target: str) -> str:
    """A target as written, safe to log: passwords, secret parameters and token-like parts masked."""
    scheme, sep, rest = target.partition("://")
    if not sep:
        return f"{target.partition(':')[0] or '?'}://{MASK}"
    rest, _, query = rest.partition("?")
    netloc, slash, path = rest.partition("/")
    userinfo, at, hostport = netloc.rpartition("@")
    if at:
        user, colon, _password = userinfo.partition(":")
        userinfo = _mask_token(user) + (f":{MASK}" if colon else "") + "@"
    hostport = ":".join(_mask_token(p) for p in hostport.split(":"))
    path = "/".join(_mask_token(seg) for seg in path.split("/"))
    pairs = [pair.partition("=") for pair in query.split("&") if pair]
    masked = "&".join(f"{k}={MASK if k.lower() in SECRET_KEYS else _mask_token(v)}" for k, _, v in pairs)
    return f"{scheme}://{userinfo}{hostport}{slash}{path}" + (f"?{masked}" if masked else "")


@dataclass(frozen=True, slots=True)
class Delivery:
    """What one send did: how many targets took the message, and which (by number) did not."""

    sent: int
    failed: tuple[int, ...]


def _quiet_apprise() -> None:
    """apprise logs expanded URLs (secrets) at debug level: keep its records to itself."""
    log = logging.getLogger("apprise")
    log.propagate = False
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())


def send(targets: Sequence[str], title: str, body: str, *, level: str = "warning",
         env: dict[str, str] | None = None) -> Delivery:
    """Send one message to every target now; a failing target is logged (masked) and skipped."""
    if not targets:
        return Delivery(0, ())
    import apprise

    _quiet_apprise()
    notify_type = {"info": apprise.NotifyType.INFO, "warning": apprise.NotifyType.WARNING,
                   "failure": apprise.NotifyType.FAILURE}.get(level, apprise.NotifyType.WARNING)
    sent, failed = 0, []
    for n, target in enumerate(targets, start=1):
        shown = f"notify target {n} ({redact(target)})"
        try:
            url = expand(target, env)
        except MissingVariable as exc:
            logger.error("{}: the environment variable {} is not set; nothing sent there", shown, exc.args[0])
            failed.append(n)
            continue
        hub = apprise.Apprise()
        try:
            if not hub.add(url):
                logger.error("{} is not a URL apprise knows; nothing sent there "
                             "(see https://github.com/caronc/apprise/wiki)", shown)
                failed.append(n)
                continue
            ok = bool(hub.notify(body=body, title=title, notify_type=notify_type))
        except Exception as exc:  # noqa: BLE001 -- a broken target must never stop the daemon; only the
            # kind is logged, since the message or traceback may carry the target's secret token
            logger.error("{}: sending failed ({})", shown, type(exc).__name__)
            failed.append(n)
            continue
        if ok:
            sent += 1
            logger.debug("{}: sent {!r}", shown, title)
        else:
            logger.error("{}: the service did not accept the notification", shown)
            failed.append(n)
    return Delivery(sent, tuple(failed))


def warn_literal_secrets(targets: Sequence[str]) -> list[str]:
    """Log (and return) a warning for each target that seems to hold a secret in clear."""
    warnings = []
    for n, target in enumerate(targets, start=1):
        found = literal_secrets(target)
        if found:
            text = (f"notify target {n} ({redact(target)}) has {' and '.join(found)} written in the plan; "
                    "put secrets in environment variables and write ${VAR} instead")
            logger.warning("{}", text)
            warnings.append(text)
    return warnings


#: the daemon's alert kinds as a notification title names them
ALERT_KINDS = {
    "failed": N_("failed"),
    "missed": N_("missed"),
    "unconfirmed": N_("unconfirmed"),
    "browser": N_("browser"),
    "plan_rejected": N_("plan rejected"),
    "unanswered": N_("unanswered"),
    "comments_unread": N_("comments unread"),
    "account_paused": N_("account paused"),
    "account_resumed": N_("account resumed"),
    "clock_jump": N_("clock moved"),
    "journal_full": N_("journal cannot be written"),
    "journal_writable": N_("journal writable again"),
}


def alert_title(kind: str, post_id: str | None = None, prefix: str = "jadwal") -> str:
    """A daemon alert's notification title: "jadwal: failed (dec01-latte)"."""
    what = _(ALERT_KINDS[kind]) if kind in ALERT_KINDS else kind.replace("_", " ")
    return f"{prefix}: {what}" + (f" ({post_id})" if post_id else "")


def alert_level(kind: str) -> str:
    """apprise's notification type for an alert kind: a post that did not go out is a failure."""
    return "failure" if kind in ("failed", "missed", "unconfirmed", "account_paused", "journal_full") else "warning"
