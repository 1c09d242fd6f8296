"""`--help` and click's own messages in the user's language.

Two sources of English meet in a help page: jadwal's own texts (each command's
docstring, each option's `help=`) and click's (`Usage:`, `Options:`, `Show this
message and exit.`, `Error: Missing argument ...`). Both are msgids of jadwal's
catalogue: `scripts/i18n.py` extracts the docstrings and option helps from the
commands themselves (`messages`) and click's strings from click's source, so a
new command or option is caught untranslated by `scripts/i18n.py --check`.

At run time click marks its strings with the standard library's `gettext`
under the default domain, which knows nothing of `--lang`; `route_click_messages`
points those module-level `_`/`ngettext` names at `scheduler.i18n`. Docstrings
are translated paragraph by paragraph when the page is written
(`TranslatingFormatter`); a `\\b` paragraph (an example block) keeps its commands
as written and translates only its first line ("Example:").
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterable, Iterator

import click

from scheduler.i18n import N_, _

#: click's modules whose messages a user can meet (help pages, usage errors, prompts)
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")
#: click's messages it translates from a variable (so extraction cannot see them): `_(extra["required"])`
CLICK_HIDDEN = (N_("required"),)


def route_click_messages() -> None:
    """Make click's own messages follow `--lang` (idempotent)."""
    from scheduler import i18n

    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = i18n._  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def paragraphs(text: str) -> Iterator[tuple[str, bool]]:
    """The paragraphs of a help text as click shows them, each with whether it is translated."""
    for paragraph in text.split("\n\n"):
        if paragraph.startswith("\b\n"):
            heading, _sep, rest = paragraph[2:].partition("\n")
            yield "\b\n", False
            yield heading, True
            if rest:
                yield "\n" + rest, False
        else:
            yield paragraph, True


def help_text(command: click.Command) -> str:
    """The text click shows for a command: its docstring, cleaned, up to a form feed."""
    return inspect.cleandoc(command.help or "").partition("\f")[0]


def short_help(text: str, limit: int) -> str:
    """The first sentence of a help text, cut at a word within `limit` characters (the commands' list)."""
    first = " ".join(text.split("\n\n")[0].split())
    sentence = first.split(". ")[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit - 3].rsplit(" ", 1)[0] + "..."


def translate(text: str) -> str:
    """A help text in the active language, paragraph by paragraph."""
    out = []
    for paragraph in text.split("\n\n"):
        out.append("".join(_(part) if translated and part.strip() else part
                            for part, translated in paragraphs(paragraph)))
    return "\n\n".join(out)


def translate_help(text: str) -> str:
    """An option's help with click's `  [default: ...]` suffix (already translated by click) kept."""
    body, sep, extra = text.rpartition("  [")
    if sep and text.endswith("]") and body:
        return _(body) + sep + extra
    return _(text) if text else text


def messages(command: click.Command) -> Iterator[str]:
    """Every msgid of `command`'s help page (for `scripts/i18n.py`)."""
    for paragraph in help_text(command).split("\n\n"):
        for part, translated in paragraphs(paragraph):
            if translated and part.strip():
                yield part
    if command.short_help:
        yield command.short_help
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            yield inspect.cleandoc(param.help)


class TranslatingFormatter(click.HelpFormatter):
    """Writes jadwal's help texts in the active language (click's own come translated already)."""

    def write_text(self, text: str) -> None:
        super().write_text(translate(text))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, translate_help(text)) for term, text in rows], col_max, col_spacing)


class HelpContext(click.Context):
    formatter_class = TranslatingFormatter
