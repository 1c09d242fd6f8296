"""Publishing one post of a plan now: the path behind `jadwal publish`, reusable by the daemon.

It checks what can be checked before a browser starts (the post exists, its
media lie in the plan's folders and are real pictures or videos), then opens the account's page and hands the draft to
the platform's adapter. A dry run stops before the submit click and keeps a
screenshot of the filled form: exactly what would go out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.browser import DEFAULT_TIMEOUTS, Timeouts, account_page, given_or_launched
from scheduler.errors import ConfigError, MediaError
from scheduler.i18n import _
from scheduler.files import private_file
from scheduler.plan.media import MediaProblem, check_file
from scheduler.platforms.base import Draft, PublishedRef
from scheduler.platforms.registry import account_adapter

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from scheduler.plan.model import Account, Plan, Post


@dataclass(frozen=True, slots=True)
class PublishOutcome:
    """What `publish_post` did: the live post's reference, or the dry run's screenshot."""

    post_id: str
    account_id: str
    ref: PublishedRef | None  # None for a dry run
    screenshot: Path | None  # the dry run's picture of the filled form
    dry_run: bool
    created: Path | None = None  # the folder made for the screenshot, when it did not exist


def draft_for(post: Post) -> Draft:
    """The plan's post reduced to what a site needs."""
    return Draft(post_id=post.id, text=post.text, media=tuple(post.media), title=post.title, alt=post.alt,
                 featured=post.featured, categories=post.categories, tags=post.tags, excerpt=post.excerpt)


def find_post(plan: Plan, post_id: str, account_id: str | None = None, *, command: str | None = None) -> Post:
    """The post named `post_id` (and `account_id`), as a person names it.

    A `[[post]]` written once for several accounts (`account = ["ig", "fb"]`)
    becomes one post per account, `ID-ig` and `ID-fb` (the loader's rule): either
    the real id or the id as written with its account finds it. `command` (e.g.
    "jadwal publish plans/x.toml --post {id}") makes the hint a command to run.
    """
    exact = [p for p in plan.posts if p.id == post_id]
    if exact and (account_id is None or exact[0].account == account_id):
        return exact[0]
    written = [p for p in plan.posts if p.id == f"{post_id}-{p.account}"]
    chosen = [p for p in written if account_id is None or p.account == account_id]
    if len(chosen) == 1:
        return chosen[0]
    shown = (command or "").format(id=post_id)
    if len(chosen) > 1:
        raise ConfigError(
            _("{file}:{line}: post {id} goes to several accounts ({accounts}): one post each, {ids}").format(
                file=plan.file, line=chosen[0].line, id=repr(post_id),
                accounts=", ".join(p.account for p in chosen), ids=", ".join(p.id for p in chosen)),
            _("say which account, e.g. {command}").format(command=f"{shown} --account {chosen[0].account}")
            if command else _("say which account with --account {account}").format(account=chosen[0].account))
    if exact or written:  # the post exists, for other accounts
        others = exact or written
        raise ConfigError(
            _("{file}:{line}: post {id} goes to {accounts}, not to account {account}").format(
                file=plan.file, line=others[0].line, id=repr(post_id),
                accounts=", ".join(p.account for p in others), account=account_id),
            _("name one of its accounts, e.g. {command}").format(command=f"{shown} --account {others[0].account}")
            if command else _("name one of its accounts with --account {account}").format(account=others[0].account))
    known = [p.id for p in plan.posts]
    sample = ", ".join(dict.fromkeys(known[:8])) + (", ..." if len(set(known)) > 8 else "")
    raise ConfigError(
        _("{file}: no post with id {id} (posts: {sample})").format(
            file=plan.file, id=repr(post_id), sample=sample or _("none")),
        _("use the `id` of a [[post]] in the plan; one written for several accounts is ID with --account, "
          "or ID-ACCOUNT"))


def media_folders(plan_path: Path, account: Account) -> tuple[Path, ...]:
    """Where `account`'s posts may take media from: the plan's folder, then the folders the plan and
    the account allow by name (the loader puts both in `account.media_folders`)."""
    return (Path(os.path.realpath(plan_path.parent)), *account.media_folders)


def checked_draft(post: Post, folders: tuple[Path, ...], *, file: str) -> Draft:
    """The post as a Draft, its media checked just now as `jadwal validate` checks them (R1, one
    function: `scheduler.plan.media.check_file`): inside `folders` after resolving symlinks, regular
    files, real pictures or videos. The draft names the resolved files, so a link swapped later
    cannot redirect the upload. Raises `MediaError` (at the post's line) before any browser starts."""
    media = []
    for path in post.media:
        found = check_file(path, folders)
        if isinstance(found, MediaProblem):
            raise MediaError(
                _("post {id}: media file {path} {problem}").format(id=repr(post.id), path=path, problem=found.reason),
                found.hint, file=file, line=post.line, slug=f"media-{found.slug}",
            )
        media.append(found.path)
    featured = post.featured
    if isinstance(featured, Path) and featured in post.media:  # the same picture, named by its resolved path
        featured = media[post.media.index(featured)]
    return replace(draft_for(post), media=tuple(media), featured=featured)


def account_for(plan: Plan, post: Post) -> Account:
    account = plan.accounts.get(post.account)
    if account is None:
        raise ConfigError(
            f"{plan.file}:{post.line}: post {post.id!r} names account {post.account!r}, which is not declared",
            "declare it in an [[account]] table, or run `jadwal validate` first",
        )
    return account


def missing_folder(path: Path) -> Path | None:
    """The folder that will be created to hold `path` (its parent, when missing), else None."""
    return None if path.parent.exists() else path.parent


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` as 0600 in a 0700 folder (missing folders created), whatever the umask."""
    private_file(path)
    with path.open("wb") as out:
        out.write(data)


def default_screenshot_path(post_id: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return Path("jadwal-dry-run") / f"{post_id}-{stamp}.png"


def publish_post(
    plan: Plan,
    post_id: str,
    *,
    dry_run: bool,
    failures_dir: Path,
    screenshot_path: Path | None = None,
    account_id: str | None = None,
    browser: Browser | None = None,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
) -> PublishOutcome:
    """Publish (or dry-run) one post of `plan` now, in `browser` or a browser launched for it.

    Raises `JadwalError`s only: `MediaError`/`ConfigError` before the browser
    starts, `PlatformError` subclasses (with a screenshot and trace in
    `failures_dir`) from the site. Recording intent and outcome is the caller's
    job (the journal: `scheduler.runtime.by_hand` for `jadwal publish`, the
    daemon); this function never retries.
    """
    post = find_post(plan, post_id, account_id)
    account = account_for(plan, post)
    draft = checked_draft(post, media_folders(plan.path, account), file=plan.file)
    adapter = account_adapter(account)
    label = f"{'dry-run' if dry_run else 'publish'}-{draft.post_id}"
    with given_or_launched(browser) as opened, account_page(
        opened, account, failures_dir=failures_dir, label=label, timeouts=timeouts, plan=plan.path,
        trace_screenshots=True, trace_snapshots=True,  # one post now: the fullest trace is worth its cost
    ) as page:
        ref = adapter.publish(page, draft, dry_run=dry_run)
        if not dry_run:
            return PublishOutcome(draft.post_id, account.id, ref, None, False)
        shot = screenshot_path or default_screenshot_path(draft.post_id)
        created = missing_folder(shot)
        write_private(shot, page.screenshot(full_page=True))  # a logged-in page: private like a trace
        logger.debug("dry run of post {}: screenshot at {}", draft.post_id, shot)
        return PublishOutcome(draft.post_id, account.id, None, shot, True, created)


def look_up_post(plan: Plan, post: Post, *, since: datetime, failures_dir: Path, browser: Browser | None = None,
                 timeouts: Timeouts = DEFAULT_TIMEOUTS) -> PublishedRef | None:
    """Whether `post` is on its site among posts made since `since` (None: clearly not); raises
    `PlatformError`s when the site cannot tell."""
    account = account_for(plan, post)
    adapter = account_adapter(account)
    with given_or_launched(browser) as opened, account_page(
        opened, account, failures_dir=failures_dir, label=f"{post.id}-lookup", timeouts=timeouts, plan=plan.path,
    ) as page:
        return adapter.find_published(page, draft_for(post), since=since)
