"""The `jadwal` command: a click group whose subcommands load lazily.

Each subcommand lives in its own module under `scheduler.cli` and is imported
only when used, so `jadwal --help` never imports Playwright or Flask. Modules
here stay thin: parse options, call the domain code, print. Domain errors
(`JadwalError`) become a message and an exit code here, never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import NoReturn

import click

from scheduler import __version__
from scheduler.cli.help import HelpContext, help_text, route_click_messages, short_help, translate
from scheduler.i18n import LANGUAGES

#: command name -> "module:attribute" of its click command
COMMANDS: dict[str, str] = {
    "init": "scheduler.cli.init:init",
    "validate": "scheduler.cli.validate:validate",
    "sandbox": "scheduler.cli.sandbox:sandbox",
    "platforms": "scheduler.cli.publish:platforms",
    "login": "scheduler.cli.publish:login",
    "publish": "scheduler.cli.publish:publish",
    "selftest": "scheduler.cli.selftest:selftest",
    "daemon": "scheduler.cli.daemon:daemon",
    "run": "scheduler.cli.daemon:run",
    "status": "scheduler.cli.daemon:status",
    "retry": "scheduler.cli.daemon:retry",
    "systemd-unit": "scheduler.cli.daemon:systemd_unit",
    "inbox": "scheduler.cli.engagement:inbox",
    "reply": "scheduler.cli.engagement:reply",
    "calendar": "scheduler.cli.views:calendar",
    "report": "scheduler.cli.views:report",
    "suggest": "scheduler.cli.suggest:suggest",
}


#: `--help` lists the commands in the order of the work: write, check, look, log in, publish, run, answer, judge
ORDER = ("init", "validate", "calendar", "run", "platforms", "login", "publish", "daemon", "status", "retry",
         "inbox", "reply", "report", "systemd-unit", "sandbox")


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when it is listed or run; every page of help
    in the user's language (`scheduler.cli.help`)."""

    context_class = HelpContext

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands with the first sentence of their help, translated before it is shortened."""
        commands: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                commands.append((name, command))
        if not commands:
            return
        from scheduler.i18n import _ as tr

        limit = formatter.width - 6 - max(len(name) for name, _cmd in commands)
        rows = []
        for name, command in commands:
            full = translate(help_text(command))
            short = tr(command.short_help) if command.short_help else short_help(full, limit)
            rows.append((name, short))
        with formatter.section(tr("Commands")):
            formatter.write_dl(rows)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """In the order of the work (`ORDER`); commands it does not name follow, sorted."""
        return [name for name in ORDER if name in COMMANDS] + sorted(set(COMMANDS) - set(ORDER))

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """A misspelt command gets the nearest name (`jadwal valdate` -> did you mean validate?)."""
        name = click.utils.make_str(args[0]) if args else ""
        if args and name not in COMMANDS and not name.startswith("-"):
            import difflib

            from scheduler.i18n import _, set_language

            set_language(ctx.params.get("lang"))  # the group's callback, which sets it, runs after this
            near = difflib.get_close_matches(name, list(COMMANDS), n=1, cutoff=0.6)
            message = _("no command {name}").format(name=repr(name))
            if near:
                message += "; " + _("did you mean: jadwal {command}").format(command=" ".join([near[0], *args[1:]]))
            ctx.fail(message + "\n" + _("the commands are: {names}").format(names=", ".join(self.list_commands(ctx))))
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        command.context_class = HelpContext  # its help page in the user's language
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jadwal")
@click.option("-v", "--verbose", count=True, help="More log detail (-vv for debug).")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES, case_sensitive=False),
    is_eager=True, callback=lambda ctx, param, value: _choose_language(value),  # before --help is written
    help="Language of the messages: en (English) or id (Bahasa Indonesia) "
    "[default: $JADWAL_LANG, else the locale, else en].",
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, lang: str | None) -> None:
    """jadwal: plan social-media content in TOML, check it against the five rules,
    and publish it on time through a real browser."""
    from scheduler.i18n import set_language

    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    ctx.obj["lang"] = set_language(lang)


def _choose_language(value: str | None) -> str | None:
    from scheduler.i18n import set_language

    set_language(value)
    return value


route_click_messages()


def main() -> None:
    """Entry point: run the group, turning domain errors into messages and exit codes."""
    from scheduler.errors import JadwalError
    from scheduler.i18n import _

    try:
        code = cli.main(standalone_mode=False)
        if isinstance(code, int) and code:  # `ctx.exit(n)` comes back as a return value here
            sys.exit(code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo(_("Aborted."), err=True)
        sys.exit(130)
    except JadwalError as exc:
        click.echo(_("error: {problem}").format(problem=exc), err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo(_("Interrupted."), err=True)
        sys.exit(130)
    except OSError as exc:
        if exc.filename is None:  # not about a path the user chose: treat as a bug below
            _report_bug(exc)
        # a file or folder the user named cannot be read or written: their fix, not our bug
        click.echo(_("error: {path}: {problem}").format(path=exc.filename, problem=exc.strerror or exc),
                   err=True)
        click.echo(_("  fix: check that the path exists and that this user may read or write it"), err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 -- the edge where any bug becomes a report, not a traceback
        _report_bug(exc)


def _report_bug(exc: BaseException) -> NoReturn:
    """A bug: say so plainly, keep the traceback out of the user's face (it goes to a private file)."""
    from scheduler.i18n import _

    report = _save_crash_report()
    click.echo(_("internal error: {kind}: {problem}").format(kind=type(exc).__name__, problem=exc), err=True)
    click.echo(_("  This is a bug in jadwal. Details: {path}").format(path=report), err=True)
    sys.exit(70)


def _save_crash_report() -> str:
    """Write the current traceback to a private temp file and return its path."""
    import os
    import tempfile
    import traceback

    fd, path = tempfile.mkstemp(prefix="jadwal-crash-", suffix=".txt")  # mode 0600
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(traceback.format_exc())
    return path
