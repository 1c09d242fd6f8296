#!/usr/bin/env python3
"""Extract jadwal's messages, update the Indonesian catalog, and compile it.

    .venv/bin/python scripts/i18n.py            # extract + update jadwal.po + compile jadwal.mo
    .venv/bin/python scripts/i18n.py --check    # exit 1 when a msgid is untranslated or the .mo is stale

Adding a message: wrap it in `_("... {name} ...")` (or `ngettext(...)`) from
`scheduler.i18n` (in a page's template: `{{ _("... {name} ...").format(name=...) }}`), run this script, translate the new empty `msgstr` in
`scheduler/locale/id/LC_MESSAGES/jadwal.po` (keep every `{placeholder}`), run it
again, and commit both the `.po` and the `.mo`. Needs babel (the `test` extra).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "scheduler"
PO = SOURCE / "locale" / "id" / "LC_MESSAGES" / "jadwal.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}


def extract() -> Catalog:
    """Every message wrapped in the code under scheduler/ (a catalog template)."""
    template = Catalog(project="jadwal", domain="jadwal")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE), method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")],
        options_map={"**/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}},
        keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
    ):
        template.add(message, None, [(f"scheduler/{filename}", lineno)], auto_comments=comments, context=context)
    extract_help(template)
    return template


def extract_help(template: Catalog) -> None:
    """Every command's help page (docstrings and option helps, read from the commands themselves) and
    click's own messages (from its source: `Usage:`, `Options`, usage errors), which `--lang` translates
    through `scheduler.cli.help`."""
    import click
    from babel.messages.extract import extract_from_file

    sys.path.insert(0, str(ROOT))
    from scheduler.cli import COMMANDS, cli
    from scheduler.cli.help import CLICK_MODULES, messages

    for name in [None, *COMMANDS]:
        command = cli if name is None else cli.get_command(click.Context(cli), name)
        assert command is not None, name
        where = f"help:jadwal-{name}" if name else "help:jadwal"  # no spaces: babel would wrap them
        for text in messages(command):
            template.add(text, None, [(where, 0)])
    folder = Path(click.__file__).parent
    for module in CLICK_MODULES:
        for lineno, message, comments, context in extract_from_file(
                "python", str(folder / f"{module}.py"), keywords=KEYWORDS):
            template.add(message, None, [(f"click/{module}.py", lineno)], auto_comments=comments, context=context)


def load_po() -> Catalog:
    if not PO.exists():
        return Catalog(locale="id", project="jadwal", domain="jadwal")
    with PO.open("rb") as handle:
        return read_po(handle, locale="id", domain="jadwal")


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def mo_messages(data: bytes) -> dict[object, str]:
    """The translations a compiled catalog holds, without its header (which names the babel release
    that wrote it): two .mo files with the same messages are the same catalog."""
    import gettext

    compiled = gettext.GNUTranslations(io.BytesIO(data))
    return {k: v for k, v in compiled._catalog.items() if k != ""}  # type: ignore[attr-defined]


def is_stale() -> bool:
    """True when jadwal.mo is missing or does not hold jadwal.po's messages."""
    return not MO.exists() or mo_messages(MO.read_bytes()) != mo_messages(mo_bytes(load_po()))


def update() -> Catalog:
    """Merge the extracted messages into jadwal.po (kept translations, new ones empty) and compile."""
    catalog = load_po()
    template = extract()
    template.creation_date = catalog.creation_date  # no date churn in the .po on every run
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()  # a message gone from the code leaves the catalog
    catalog.fuzzy = False  # the header is real
    catalog.project, catalog.version = "jadwal", ""
    catalog.copyright_holder = "the jadwal authors"
    catalog.last_translator = catalog.language_team = "the jadwal authors"
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=False, include_previous=False)
    MO.write_bytes(mo_bytes(load_po()))
    return catalog


def untranslated(catalog: Catalog) -> list[str]:
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check: nothing is written")
    args = parser.parse_args()
    if args.check:
        catalog = load_po()
        known = {m.id for m in catalog if m.id}
        missing = [m.id for m in extract() if m.id and m.id not in known]
        stale = is_stale()
        for text in missing:
            print(f"not in jadwal.po: {text!r}")
        for text in untranslated(catalog):
            print(f"untranslated: {text!r}")
        if stale:
            print("jadwal.mo is older than jadwal.po: run scripts/i18n.py")
        return 1 if missing or stale or untranslated(catalog) else 0
    catalog = update()
    todo = untranslated(catalog)
    print(f"{PO.relative_to(ROOT)}: {len(catalog)} messages, {len(todo)} to translate; {MO.relative_to(ROOT)} compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
