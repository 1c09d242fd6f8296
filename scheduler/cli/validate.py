"""`jadwal validate`: check plan files against the five rules and report.

Only click is imported at module level; the loader and the rules are imported
when the command runs, so `jadwal --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from scheduler.findings import Finding
    from scheduler.validation import Report

SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "blue"}
#: GitHub's workflow commands know error, warning and notice
GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["human", "json", "github"]),
    default="human",
    show_default=True,
    help="human: readable blocks; json: the report contract; github: ::error annotations for CI.",
)
@click.option("--state", "state_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The daemon's state database: adds hints (severity info, never an error) for coming posts in "
                   "a slot that earned far below the account's best.")
@click.argument("plans", nargs=-1, required=True, metavar="PLAN...", type=click.Path(path_type=str))
@click.pass_context
def validate(ctx: click.Context, fmt: str, state_path: Path | None, plans: tuple[str, ...]) -> None:
    """Check PLAN files against the five rules of social-media marketing.

    For each problem: the rule, error or warning, the file and line, what is
    wrong and how to fix it. Exit status: 0 no errors (warnings allowed),
    1 rule errors, 2 a file cannot be read as a plan.

    Messages follow `jadwal --lang` (or JADWAL_LANG, or the locale): in JSON too,
    `message` and `hint` are in that language, while `rule`, `slug` and
    `severity` never change (match on those; add `--lang en` for English text).

    With --state, hints from the account's own history are added: severity
    "info" (GitHub: notice), which never changes the exit status.

    \b
    Examples:
      jadwal validate plans/kopi-senja.toml
      jadwal --lang id validate --format json plans/*.toml
    """
    from scheduler.validation import exit_code, validate_paths

    if state_path is not None and not state_path.exists():
        from scheduler.errors import StateError
        from scheduler.i18n import _

        raise StateError(_("no state database at {path}").format(path=state_path),
                         _("give --state the file the daemon writes (`jadwal daemon PLAN --state PATH`), "
                           "or leave --state out"))
    reports = validate_paths(plans, show_progress=True, state=state_path)
    if fmt == "json":
        payload = [report.as_dict() for report in reports]
        click.echo(json.dumps(payload[0] if len(plans) == 1 else payload, ensure_ascii=False, indent=2))
    elif fmt == "github":
        for report in reports:
            for finding in report.findings:
                click.echo(github_line(finding))
    else:
        from scheduler.validation import rule_names

        names = rule_names()
        for report in reports:
            for finding in report.findings:
                click.echo(human_block(finding, names))
            click.echo(summary(report))
    ctx.exit(exit_code(reports))


def human_block(finding: Finding, names: dict[str, tuple[str, str]]) -> str:
    """`plans/x.toml:41: error R3 too-much-selling (Terlalu Banyak Jualan / Too much selling)`,
    then the message and the fix, indented."""
    from scheduler.findings import severity_word
    from scheduler.i18n import _, language

    where = f"{finding.file}:{finding.line}" if finding.line else finding.file
    name_en, name_id = names.get(finding.rule, (finding.rule, finding.rule))
    named = name_id if language() == "id" else f"{name_id} / {name_en}"  # the article's own words, and English
    severity = severity_word(finding.severity)
    head = (
        f"{click.style(where, bold=True)}: "
        f"{click.style(severity, fg=SEVERITY_COLOUR[finding.severity], bold=True)} "
        f"{finding.rule} {finding.slug} ({named})"
    )
    lines = [head] + [f"  {line}" for line in finding.message.splitlines()]
    if finding.hint:
        hint = finding.hint.splitlines()
        fix = _("tip:") if finding.severity == "info" else _("fix:")
        lines.append(f"  {click.style(fix, fg='cyan')} {hint[0]}")
        lines += [f"{' ' * (len(fix) + 3)}{line}" for line in hint[1:]]
    return "\n".join(lines)


def summary(report: Report) -> str:
    """`plans/x.toml: 2 errors, 1 warning` or `plans/x.toml: OK, 31 posts, 2026-12-01..2026-12-31`."""
    from scheduler.i18n import _, ngettext

    counts = []
    if report.errors:
        counts.append(ngettext("{count} error", "{count} errors", report.errors).format(count=report.errors))
    if report.warnings:
        counts.append(ngettext("{count} warning", "{count} warnings", report.warnings).format(
            count=report.warnings))
    if report.infos:
        counts.append(ngettext("{count} hint", "{count} hints", report.infos).format(count=report.infos))
    if not report.loaded or report.errors:
        text = ", ".join(counts)
        return f"{report.plan}: {click.style(text, fg='red', bold=True)}"
    span = f"{report.start}..{report.end}" if report.start and report.end else _("no date range")
    verdict = _("OK") if not counts else _("OK with {counts}").format(counts=", ".join(counts))
    posts = ngettext("{count} post", "{count} posts", report.posts).format(count=report.posts)
    return f"{report.plan}: {click.style(verdict, fg='green', bold=True)}, {posts}, {span}"


def github_line(finding: Finding) -> str:
    """A GitHub Actions workflow command: `::error file=F,line=L,title=R3 slug::message (fix: hint)`."""
    props = [f"file={_escape_property(finding.file)}"]
    if finding.line:
        props.append(f"line={finding.line}")
    props.append(f"title={_escape_property(f'{finding.rule} {finding.slug}')}")
    from scheduler.i18n import _

    text = _("{message} (fix: {hint})").format(message=finding.message, hint=finding.hint) if finding.hint \
        else finding.message
    return f"::{GITHUB_COMMAND.get(finding.severity, 'warning')} {','.join(props)}::{_escape_data(text)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
