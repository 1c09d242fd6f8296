"""`jadwal platforms`, `jadwal login` and `jadwal publish`: thin commands over the publishing code.

`publish` goes through the plan's journal (`scheduler.runtime.by_hand`), the one
the daemon uses, so the two never publish one post twice; `login` tells that
journal a new session is saved (a paused account resumes).

Playwright is imported only inside the commands. Every failure reaches the user
as a `JadwalError` (message, fix, and the saved screenshot/trace), printed by
`scheduler.cli.main`; nothing here prints a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from scheduler.cli.options import FAILURES, STATE, failures_default, state_of
from scheduler.cli.params import OutputFile, say_created
from scheduler.errors import ConfigError
from scheduler.i18n import _

#: how long `jadwal login --interactive` waits for a person to sign in
INTERACTIVE_WAIT_S = 300


def _configure_logging(ctx: click.Context) -> None:
    from scheduler.logs import configure

    configure((ctx.find_root().obj or {}).get("verbose", 0))


def _load(plan_path: str):  # type: ignore[no-untyped-def]
    from scheduler.plan import load_plan

    return load_plan(Path(plan_path))


@click.command()
@click.option("--plan", "plan_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also merge the user packs in this plan's `packs` folder (as its accounts would).")
def platforms(plan_path: Path | None) -> None:
    """List the installed platform adapters: the package that ships each, and its pack (version, the day it
    was last checked against the site, and where it came from: built in, JADWAL_PACKS, the plan's folder).

    \b
    Example:
      jadwal platforms --plan plans/kopi-senja.toml
    """
    from scheduler.errors import PackError
    from scheduler.packs.pack import pack_for
    from scheduler.platforms.registry import available, describe

    found = available()
    if not found:
        click.echo(_("no platform adapters installed (reinstall jadwal: it ships `sandbox`)"))
        return
    folder = _load(str(plan_path)).packs if plan_path else None
    broken = False
    for name, ep in sorted(found.items()):
        try:
            pack = pack_for(name, folder)
        except PackError as exc:
            shown, broken = _("pack INVALID: {problem}").format(problem=exc), True
        else:
            shown = _("no pack") if pack is None else _("pack {version} (checked {checked}; {origin})").format(
                version=pack.version, checked=pack.data.checked, origin=pack.data.origin.describe())
        click.echo(f"{name:<12} {describe(ep):<24} {shown}")
    if broken:
        raise click.exceptions.Exit(1)


@click.command()
@click.argument("plan", type=click.Path(dir_okay=False))
@click.option("--account", "account_id", required=True, help="The [[account]] id to log in.")
@click.option("--password-env", metavar="VAR", help="Name of the environment variable holding the password.")
@click.option("--username", help="User name on the site (default: the account's handle).")
@click.option("--interactive", is_flag=True, help="Open a visible browser and let a person log in (2FA, captcha).")
@FAILURES
@STATE
@click.pass_context
def login(ctx: click.Context, plan: str, account_id: str, password_env: str | None, username: str | None,
          interactive: bool, failures_dir: Path | None, state_path: Path | None) -> None:
    """Log an account of PLAN in and save its session (mode 0600) at the account's `session` path.

    The password is read from the environment variable named by --password-env,
    never from the command line.

    \b
    Example:
      TOKO_PASSWORD=rahasia123 jadwal login plans/toko.toml --account ig --password-env TOKO_PASSWORD
    """
    _configure_logging(ctx)
    from scheduler.runtime.sessions import login_account

    if interactive == bool(password_env):
        raise ConfigError(
            _("say how to log in: --password-env VAR (password in that variable) or --interactive"),
            _("e.g. {command}").format(
                command=f"JADWAL_PASSWORD=... jadwal login {plan} --account {account_id} --password-env JADWAL_PASSWORD"),
        )
    password = None
    if password_env:
        password = os.environ.get(password_env)
        if not password:
            raise ConfigError(
                _("the environment variable {name} is not set or empty").format(name=password_env),
                _("put the password in it first, e.g. {command}").format(
                    command=f"`read -rs {password_env} && export {password_env}`"),
            )
    from scheduler.progress import browser_steps

    loaded = _load(plan)
    with browser_steps(_("logging in {account}").format(account=account_id)):
        saved = login_account(
            loaded, account_id, username=username, password=password, interactive=interactive,
            failures_dir=failures_dir or failures_default(state_of(Path(plan), state_path)),
            interactive_wait_s=INTERACTIVE_WAIT_S,
        )
    click.echo(_("logged in account {account}; session saved to {path}").format(
        account=account_id, path=os.path.normpath(saved)))
    from scheduler.runtime.clock import SystemClock
    from scheduler.runtime.sessions import plan_account, record_session, session_written_at

    written = session_written_at(plan_account(loaded, account_id), SystemClock().now())
    if record_session(state_of(Path(plan), state_path), account_id, written):
        click.echo(_("a paused account {account} resumes at the daemon's next look").format(account=account_id))


@click.command()
@click.argument("plan", type=click.Path(dir_okay=False))
@click.option("--post", "post_id", required=True,
              help="The id of the [[post]] to publish now, as written in the plan (or its real id, ID-ACCOUNT).")
@click.option("--account", "account_id",
              help="Which account, when the [[post]] goes to several (`account = [\"ig\", \"fb\"]`).")
@click.option("--dry-run", is_flag=True, help="Fill the form and save a screenshot; do not submit.")
@click.option("--screenshot", type=OutputFile(),
              help="Where the dry run's screenshot goes (default: jadwal-dry-run/POST-TIME.png); a private "
                   "file (0600), its folder created (0700) when missing.")
@FAILURES
@click.option("--timeout", type=click.FloatRange(min=1, max=600), default=30.0, show_default=True,
              help="Seconds to wait for the site at any one step (1 to 600).")
@click.option("--again", is_flag=True,
              help="Publish a SECOND copy of a post that is already published (on purpose; without it, "
                   "a published post is refused).")
@STATE
@click.pass_context
def publish(ctx: click.Context, plan: str, post_id: str, account_id: str | None, dry_run: bool,
            screenshot: Path | None, failures_dir: Path | None, timeout: float, again: bool,
            state_path: Path | None) -> None:
    """Publish one post of PLAN now (or, with --dry-run, show what would go out).

    The post is claimed in the plan's journal exactly as the daemon claims it, so
    this works while a daemon runs: a post never goes out twice, and one already
    published is refused with its URL.

    \b
    Examples:
      jadwal publish plans/toko.toml --post 1201-09 --dry-run
      jadwal publish plans/toko.toml --post 1201-09 --account ig
    """
    _configure_logging(ctx)
    from scheduler.browser import Timeouts

    timeouts = Timeouts(navigation_ms=round(timeout * 1000), action_ms=round(min(timeout, 15.0) * 1000))
    state = state_of(Path(plan), state_path)
    failures = failures_dir or failures_default(state)
    from scheduler.progress import browser_steps
    from scheduler.publishing import find_post

    loaded = _load(plan)
    post = find_post(loaded, post_id, account_id, command=f"jadwal publish {plan} --post {{id}}")
    post_id, account_id = post.id, post.account  # the real id: `ID-ACCOUNT` for a post written for several
    if dry_run:
        from scheduler.publishing import publish_post

        with browser_steps(_("dry run of post {id}").format(id=post_id)):
            outcome = publish_post(loaded, post_id, account_id=account_id, dry_run=True, failures_dir=failures,
                                   screenshot_path=screenshot, timeouts=timeouts)
        say_created(outcome.created)
        click.echo(_("dry run: nothing was posted; screenshot of the filled form: {path}").format(
            path=outcome.screenshot))
        return
    from scheduler.runtime.by_hand import publish_by_hand

    with browser_steps(_("publishing post {id}").format(id=post_id)):
        done = publish_by_hand(loaded, post_id, state=state, account_id=account_id, again=again,
                               failures_dir=failures, timeouts=timeouts)
    if done.how == "again":
        click.echo(_("published a SECOND copy of post {id} of account {account}: {url} (the first is still at "
                     "{first})").format(id=done.post_id, account=done.account_id, url=done.ref.url,
                                        first=done.first_url))
    elif done.how == "found":
        click.echo(_("post {id} of account {account} is on the site already (now recorded): {url}").format(
            id=done.post_id, account=done.account_id, url=done.ref.url))
    elif done.how == "confirmed":
        click.echo(_("published post {id} of account {account} (the site's answer was lost; jadwal found it on "
                     "the site): {url}").format(id=done.post_id, account=done.account_id, url=done.ref.url))
    else:
        click.echo(_("published post {id} of account {account}: {url}").format(
            id=done.post_id, account=done.account_id, url=done.ref.url))

