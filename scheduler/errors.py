"""One tree of errors. Each carries a plain-words message and a hint (the fix).

The CLI turns a `JadwalError` into a short message and an exit code; nothing
below the CLI prints or exits.
"""

from __future__ import annotations

from pathlib import Path

from scheduler.findings import Finding
from scheduler.i18n import _, ngettext


class JadwalError(Exception):
    """Base of every error a user may meet: `message` says what, `hint` says how to fix it."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return _("{message}\n  fix: {hint}").format(message=self.message, hint=self.hint) if self.hint \
            else self.message


class PlanLoadError(JadwalError):
    """The file cannot be read as a plan (missing, not UTF-8, syntax, unknown key, wrong type).

    `findings` holds every load problem of the file (rule "load"), so a user fixes
    them all in one round; `message`/`hint`/`line` are those of the first.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        hint: str = "",
        *,
        file: str,
        line: int | None = None,
        slug: str = "load",
        findings: list[Finding] | None = None,
    ) -> None:
        super().__init__(message, hint)
        self.file = file
        self.line = line
        self.findings: list[Finding] = findings or [
            Finding("load", slug, "error", message, hint, file, line)
        ]

    @classmethod
    def from_findings(cls, findings: list[Finding]) -> PlanLoadError:
        """One error carrying all of a file's load findings (at least one)."""
        first = findings[0]
        return cls(first.message, first.hint, file=first.file, line=first.line, findings=findings)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        more = len(self.findings) - 1
        tail = "\n  " + ngettext("(and {count} more problem in this file)", "(and {count} more problems in this file)",
                                 more).format(count=more) if more > 0 else ""
        return f"{where}: {super().__str__()}{tail}"


class MediaError(PlanLoadError):
    """A post's media file is missing, not a file, or unreadable (reported at the post's line)."""


class ConfigError(JadwalError):
    """A setting outside the plan (environment, flags, paths) is wrong."""


class BrowserNotFound(JadwalError):
    """No Chromium could be found to launch."""


class BrowserFailed(JadwalError):
    """A Chromium was found but would not start (or its driver would not)."""


class StateError(JadwalError):
    """The journal (state database) cannot be used: locked, unwritable, or from a newer jadwal."""


class JournalUnwritable(StateError):
    """The journal cannot be written now (its disk is full, or it fails to write): nothing that needs
    a record may happen until it can, and the daemon says so without the journal's help."""


class PlatformError(JadwalError):
    """Talking to a site failed. `artifacts` lists the screenshot/trace saved for a post-mortem."""

    #: True when trying again later may succeed (site down, 5xx, timeout before submit).
    retryable = False

    def __init__(self, message: str, hint: str = "", *, artifacts: tuple[Path, ...] = ()) -> None:
        super().__init__(message, hint)
        self.artifacts = artifacts

    def __str__(self) -> str:
        text = super().__str__()
        if self.artifacts:
            text += "\n  " + _("saved: {paths}").format(paths=", ".join(str(p) for p in self.artifacts))
        return text


class LoginFailed(PlatformError):
    """The site refused the user name or password."""


class AccountBlocked(PlatformError):
    """The site lets this account do nothing more until a person acts (logs in again, passes a check).

    Raised only before anything was submitted (after the submit click it becomes `BlockedAfterSubmit`).
    The daemon pauses the account instead of failing its posts: they wait (within the grace period),
    the owner is told once, and a new login resumes it.
    """


class SessionExpired(AccountBlocked):
    """The saved session is no longer accepted: the user must run `jadwal login` again."""


class CheckpointReached(AccountBlocked):
    """The site shows a checkpoint (a login challenge, two-factor prompt, captcha, "suspicious
    activity" or "temporarily blocked" page). jadwal never answers one: a person logs in with
    `jadwal login --interactive`. `kind` names the checkpoint (e.g. "captcha", "two_factor")."""

    def __init__(self, message: str, hint: str = "", *, kind: str, artifacts: tuple[Path, ...] = ()) -> None:
        super().__init__(message, hint, artifacts=artifacts)
        self.kind = kind


class PackError(ConfigError, PlatformError):
    """A platform pack (built in, or the user's own in a packs folder) cannot be read or is invalid.

    `message` starts with the file and line. A `PlatformError` too: met while publishing (a user pack
    edited under a running daemon), nothing was sent, and retrying would not help until it is fixed.
    """

    def __init__(self, message: str, hint: str = "", *, file: str, line: int | None = None) -> None:
        where = f"{file}:{line}" if line else file
        PlatformError.__init__(self, f"{where}: {message}", hint)
        self.file = file
        self.line = line


class SiteUnavailable(PlatformError):
    """The site answered with an error or not at all, before anything was submitted."""

    retryable = True


class PageChanged(PlatformError):
    """The site's markup no longer has what the adapter looks for (a selector broke)."""


class OutcomeUnknown(PlatformError):
    """Something went wrong after the submit click: the post may or may not be live.

    Never retried blindly; the journal looks the post up with `find_published` first.
    """


class BlockedAfterSubmit(OutcomeUnknown):
    """The site answered the submit click with a checkpoint or a block ("Action Blocked", "You are
    posting too fast", a challenge): the post may or may not have been taken.

    Both at once: the outcome is unknown (the post is looked up with `find_published` before it is
    ever sent again) and the account is blocked (`blocked`: it pauses until a person logs in). Not an
    `AccountBlocked`, so no caller mistakes it for "nothing was sent" and sends the post again.
    """

    def __init__(self, post_id: str, blocked: AccountBlocked) -> None:
        super().__init__(
            _("post {post}: the site answered the submit with a block or a check ({problem}); the post may or "
              "may not be live, so it is looked up once the account is resumed, and sent again only if it "
              "is not there").format(post=post_id, problem=blocked.message.rstrip(".")),
            blocked.hint, artifacts=blocked.artifacts)
        self.blocked = blocked


class ReplyInDoubt(OutcomeUnknown):
    """A reply's send was answered with a block, a check, a timeout or nothing clear: it may be posted.

    The journal keeps the reply as in doubt; the next `jadwal reply` for that comment reads its thread
    first and sends only if the account's reply with that text is not there. `blocked` is the block
    met after the send, if that was the cause (the account needs a person to log in first).
    """

    def __init__(self, comment: int, problem: str, command: str, *, blocked: AccountBlocked | None = None,
                 artifacts: tuple[Path, ...] = ()) -> None:
        if blocked is not None:
            hint = _("log in with `jadwal login --interactive`, then run `{command}` again: it looks for the "
                     "reply first and posts it only if it is not there").format(command=command)
        else:
            hint = _("run `{command}` again: it looks for the reply first and posts it only if it is not "
                     "there").format(command=command)
        super().__init__(
            _("the reply to comment {comment} may have been posted: after the send the site answered "
              "unclearly ({problem})").format(comment=comment, problem=problem.rstrip(".")),
            hint, artifacts=artifacts)
        self.blocked = blocked
