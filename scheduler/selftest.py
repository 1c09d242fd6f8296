"""`jadwal selftest`: walk an account's flows on the live site, posting nothing, and say which step broke.

With the saved session it walks the login page up to typing (adapters that
offer it: `rehearse_login`), runs the account's publish flow as a dry run (up
to, and never including, the final submit: the Post button is found, not clicked),
then the comment-reading flow on the account's latest post, then reads the
follower count: the same adapter code the daemon runs, step by step under a
recording (`scheduler.packs.flow`). Each step leaves a screenshot; the report
says per step which locator matched, by which fallback, and how long it took.

A checkpoint stops it like it stops a publish (`CheckpointReached`): nothing is
typed into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.browser import DEFAULT_TIMEOUTS, Timeouts, account_page, given_or_launched
from scheduler.errors import ConfigError, JadwalError, PageChanged
from scheduler.i18n import N_, _
from scheduler.packs import recording
from scheduler.packs.flow import StepRecord
from scheduler.packs.pack import pack_of

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from scheduler.plan.model import Account, Plan, Post
    from scheduler.platforms.base import PublishedRef

#: what each step of the adapters' flows does, in words (adapters of other sites use the same names)
STEP_WORDS = {
    "login.page": N_("open the login page and find its form (nothing typed)"),
    "session.check": N_("check the saved session"),
    "login.form": N_("fill the login form"),
    "login.submit": N_("log in"),
    "compose.open": N_("open the compose page"),
    "compose.as_page": N_("open the composer as the Page (who posts is checked)"),
    "compose.text": N_("type the text"),
    "compose.title": N_("type the title"),
    "compose.media": N_("attach the media"),
    "compose.next": N_("go through the crop and edit steps"),
    "compose.alt": N_("describe the pictures (alt text)"),
    "compose.submit": N_("find the Post button (not clicked)"),
    "publish.rights": N_("check the user may publish (and upload the pictures)"),
    "publish.terms": N_("look up the categories and tags (none created)"),
    "publish.preflight": N_("check the site takes the publishing call (not sent)"),
    "publish.preview": N_("show the post as it would be sent"),
    "profile.latest": N_("find the latest post"),
    "post.open": N_("open the latest post"),
    "post.comments": N_("read its comments and replies"),
    "profile.followers": N_("read the follower count"),
}


def step_words(name: str) -> str:
    """A step's name in words, in the active language (the name itself when unknown)."""
    words = STEP_WORDS.get(name)
    return _(words) if words else name


@dataclass(slots=True)
class SelftestReport:
    account: str
    platform: str
    pack: str  # "sandbox pack 1.0.0 (built in)"
    out_dir: Path
    draft_from: str  # the post whose text (and media) the dry run used
    steps: list[StepRecord] = field(default_factory=list)
    error: JadwalError | None = None
    #: steps that could not run and why (e.g. the account has no post to read comments from)
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and all(s.status == "ok" for s in self.steps)

    @property
    def failed_step(self) -> StepRecord | None:
        return next((s for s in self.steps if s.status == "failed"), None)

    def as_dict(self) -> dict[str, object]:
        error = self.error
        return {
            "account": self.account, "platform": self.platform, "pack": self.pack, "ok": self.ok,
            "post": self.draft_from, "screenshots": str(self.out_dir),
            "steps": [{
                "name": s.name, "description": step_words(s.name), "status": s.status,
                "seconds": round(s.seconds, 3), "url": s.url, "screenshot": str(s.screenshot) if s.screenshot else None,
                "error": s.error, "checkpoint": s.kind, "dialogs": s.dialogs,
                "matches": [{"key": m.key, "how": m.how, "fallback": m.index + 1, "of": m.of,
                             "language": m.language or None} for m in s.matches],
            } for s in self.steps],
            "skipped": self.skipped,
            "error": error.message if error else None,
            "hint": error.hint if error else None,
            "checkpoint": getattr(error, "kind", None),
        }


def default_out_dir(account_id: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return Path("jadwal-selftest") / f"{account_id}-{stamp}"


def pick_post(plan: Plan, account: Account, post_id: str | None, now: datetime) -> Post:
    """The post whose text (and media) the dry run types: the one named, else the account's next one
    (the next with media when there is one, so the media step is walked too), else its last one."""
    posts = [p for p in plan.posts if p.account == account.id]
    if post_id is not None:
        from scheduler.publishing import find_post

        return find_post(plan, post_id, account.id)  # the id as written finds the account's own copy
    if not posts:
        raise ConfigError(_("account {account} has no posts in {plan}, so there is nothing to rehearse").format(
            account=account.id, plan=plan.file), _("add a [[post]] for it, or name another account"))
    upcoming = [p for p in posts if p.at >= now] or posts[-1:]
    return next((p for p in upcoming if p.media), upcoming[0])


def run_selftest(
    plan: Plan,
    account_id: str,
    *,
    out_dir: Path,
    post_id: str | None = None,
    latest: PublishedRef | None = None,
    browser: Browser | None = None,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
    now: datetime | None = None,
) -> SelftestReport:
    """Walk the account's flows (nothing posted) and report every step; never raises a site's error:
    it is the report's `error` (configuration errors before the browser starts are raised)."""
    from scheduler.platforms.registry import account_adapter
    from scheduler.publishing import checked_draft, media_folders

    account = plan.accounts.get(account_id)
    if account is None:
        declared = ", ".join(sorted(plan.accounts)) or "none"
        raise ConfigError(_("{plan}: no account {account} (declared: {declared})").format(
            plan=plan.file, account=repr(account_id), declared=declared), _("use the `id` of an [[account]] in the plan"))
    pack = pack_of(account)
    post = pick_post(plan, account, post_id, now or datetime.now(timezone.utc))
    draft = checked_draft(post, media_folders(plan.path, account), file=plan.file)  # confined, real media
    adapter = account_adapter(account)
    report = SelftestReport(account.id, account.platform, pack.describe(), out_dir, post.id)
    with recording(out_dir) as rec, given_or_launched(browser) as opened:
        try:
            with account_page(opened, account, failures_dir=out_dir / "failures", label=f"selftest-{account.id}",
                              timeouts=timeouts, plan=plan.path, unclassified=PageChanged, reuse=False) as page:
                _rehearse_login(adapter, page)
                adapter.publish(page, draft, dry_run=True)
                ref = _latest(adapter, page) or latest
                if ref is None:
                    report.skipped.append(_("reading comments: the account has no post on the site yet"))
                else:
                    adapter.comments(page, ref)
                adapter.metrics(page)
        except JadwalError as exc:
            report.error = exc
            logger.debug("selftest of {} stopped: {}", account.id, exc.message)
        report.steps = rec.steps
    return report


def _rehearse_login(adapter: object, page: object) -> None:
    """Walk the login page up to, never including, typing (optional `rehearse_login`): a login page that
    moved or changed is found before the session runs out and a new login is needed."""
    rehearse = getattr(adapter, "rehearse_login", None)
    if callable(rehearse):
        rehearse(page)


def _latest(adapter: object, page: object) -> PublishedRef | None:
    """The account's newest post, when the adapter can tell (optional `latest_published`)."""
    find = getattr(adapter, "latest_published", None)
    return find(page) if callable(find) else None


def render(report: SelftestReport) -> str:
    """The human table: one row per step, its locators (and fallbacks), time and result."""
    lines = [_("selftest of account {account} on {platform} ({pack}); nothing was posted").format(
        account=report.account, platform=report.platform, pack=report.pack),
        _("rehearsed with post {post}").format(post=report.draft_from), ""]
    rows = [(_("#"), _("step"), _("result"), _("matched (fallback)"), _("time"))]
    for n, s in enumerate(report.steps, 1):
        matched = [f"{m.key}: {m.describe()}" for m in s.matches] or ["-"]
        result = _("ok") if s.status == "ok" else (_("CHECKPOINT") if s.kind else _("FAILED"))
        rows.append((str(n), step_words(s.name), result, matched[0], f"{s.seconds:.2f}s"))
        rows.extend(("", "", "", extra, "") for extra in matched[1:])
        if s.dialogs:
            rows.append(("", "", "", _("dismissed: {dialogs}").format(dialogs=", ".join(s.dialogs)), ""))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines += ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.append("")
    for note in report.skipped:
        lines.append(_("skipped: {what}").format(what=note))
    failed = report.failed_step
    if report.error is not None:
        where = _("at step {n} ({step})").format(n=report.steps.index(failed) + 1, step=step_words(failed.name)) \
            if failed else _("before the first step")
        lines.append(_("FAILED {where}: {problem}").format(where=where, problem=report.error.message))
        if report.error.hint:
            lines.append("  " + _("fix: {hint}").format(hint=report.error.hint))
        if failed is not None and failed.screenshot:
            lines.append("  " + _("screenshot of that step: {path}").format(path=failed.screenshot))
    else:
        lines.append(_("every step worked"))
    lines.append(_("screenshots: {folder}").format(folder=report.out_dir))
    return "\n".join(lines)
