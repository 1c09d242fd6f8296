"""`jadwal selftest`: rehearse an account's flows on the live site (nothing posted) and show each step."""

from __future__ import annotations

import json
from pathlib import Path

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from scheduler.platforms.base import PublishedRef



@click.command()
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--account", "account_id", required=True, help="The [[account]] id to check.")
@click.option("--post", "post_id", help="Rehearse with this post (default: the account's next one, with media "
              "when one has some).")
@click.option("--state", "state_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The daemon's state database: its latest published post of the account is read when the "
                   "site cannot tell which is newest.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where the screenshots of the steps go [default: jadwal-selftest/ACCOUNT-TIME/].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds to wait for the site at any one step.")
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human", show_default=True)
@click.pass_context
def selftest(ctx: click.Context, plan: Path, account_id: str, post_id: str | None, state_path: Path | None,
             out_dir: Path | None, timeout: float, fmt: str) -> None:
    """Walk ACCOUNT's publish flow up to (never including) the final submit, then read the comments of its
    latest post, with the saved session; print each step, the locator (and fallback) that matched and the
    time it took, and save a screenshot per step. Exit status 0 only if every step worked.

    \b
    Example:
      jadwal selftest plans/kopi-senja.toml --account ig
    """
    from scheduler.browser import Timeouts
    from scheduler.logs import configure
    from scheduler.plan import load_plan
    from scheduler.selftest import default_out_dir, render, run_selftest

    configure((ctx.find_root().obj or {}).get("verbose", 0))
    loaded = load_plan(plan)
    latest = _latest_from_journal(plan, state_path, account_id) if state_path else None
    report = run_selftest(
        loaded, account_id, post_id=post_id, latest=latest, out_dir=out_dir or default_out_dir(account_id),
        timeouts=Timeouts(navigation_ms=round(timeout * 1000), action_ms=round(min(timeout, 15.0) * 1000)),
    )
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render(report))
    if not report.ok:
        raise click.exceptions.Exit(1)


def _latest_from_journal(plan: Path, state_path: Path, account_id: str) -> PublishedRef | None:
    from scheduler.cli.options import open_journal
    from scheduler.comments.check import ref_of

    with open_journal(plan, state_path) as journal:
        rows = [r for r in journal.posts("published") if r.account == account_id and r.url]
    if not rows:
        return None
    newest = max(rows, key=lambda r: r.published_at.timestamp() if r.published_at else 0.0)
    return ref_of(newest)
