"""The language of jadwal's messages: English (the source text) or Indonesian.

Standard gettext: messages are wrapped in `_()` / `ngettext()` in the code,
translated in `scheduler/locale/id/LC_MESSAGES/jadwal.po` and read at run time
from the compiled `jadwal.mo` next to it (committed, so there is no build step to
forget; `tests/test_i18n.py` fails when the two disagree, `scripts/i18n.py`
extracts, updates and compiles).

The language is chosen once per process: `--lang` (the CLI calls
`set_language`), else `JADWAL_LANG`, else the locale (LANGUAGE, LC_ALL,
LC_MESSAGES, LANG: `id*` is Indonesian), else English. Lookups happen when a
message is built, not at import, so the CLI can choose after importing
anything; English needs no catalog at all (the msgid is the text), which keeps
`jadwal --help` and the no-findings path of `validate` free of any cost.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

DOMAIN = "jadwal"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "id")
#: gettext's own order of the variables that name the user's language
LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class _Catalog(Protocol):
    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


_language: str | None = None  # None: not chosen yet, resolved from the environment at first use
_catalog: _Catalog | None = None  # None: English (the msgid is the text)


def resolve(flag: str | None = None, env: dict[str, str] | None = None) -> str:
    """The language to use: `flag` > JADWAL_LANG > the locale variables > English."""
    env = dict(os.environ) if env is None else env
    if flag:
        return normalize(flag)
    if env.get("JADWAL_LANG"):
        return normalize(env["JADWAL_LANG"])
    for name in LOCALE_VARS:
        value = env.get(name, "")
        first = next((part for part in value.split(":") if part), "")  # LANGUAGE may be "id:en"
        if first:
            return normalize(first)
    return "en"


def normalize(value: str) -> str:
    """'id', 'id_ID.UTF-8', 'ID' -> 'id'; anything else (en_US, C, fr) -> 'en'."""
    return "id" if value.strip().lower().startswith("id") else "en"


def set_language(lang: str | None = None) -> str:
    """Choose the language of the messages (None: from the environment); returns 'en' or 'id'."""
    global _language, _catalog
    chosen = resolve(lang)
    _catalog = None if chosen == "en" else _load(chosen)
    _language = chosen
    return chosen


def language() -> str:
    """The active language ('en' or 'id'), resolving it from the environment on first use."""
    if _language is None:
        set_language()
    return _language  # type: ignore[return-value]


def _load(lang: str) -> _Catalog | None:
    import gettext

    try:
        return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])
    except OSError:  # no catalog installed for it: English rather than a crash
        return None


def _(message: str) -> str:
    """`message` in the active language (the English msgid when there is no translation)."""
    if _language is None:
        set_language()
    return message if _catalog is None else _catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` for the count `n` in the active language."""
    if _language is None:
        set_language()
    if _catalog is None:
        return singular if n == 1 else plural
    return _catalog.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it (translated later, where it is shown)."""
    return message


# Numbers, percentages, durations and dates as the active language writes them (Babel's CLDR data):
# English 1,428.5 / 26.7% / 39 hours / Tue; Indonesian 1.428,5 / 26,7% / 39 jam / Sel.

def _locale() -> str:
    return "id_ID" if language() == "id" else "en_US"


def number(value: float, digits: int = 0, *, fixed: bool = False) -> str:
    """`value` with thousands grouped and at most (`fixed`: exactly) `digits` decimals (1,428 / 1.428)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + ("0" if fixed else "#") * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale())


def percent(share: float | None, digits: int = 0, *, fixed: bool = False) -> str:
    """A share (0.267) as a percentage (27% / 26.7% in English, 26,7% in Indonesian); "n/a" for None.
    At most `digits` decimals (`fixed`: exactly)."""
    if share is None:
        return _("n/a")
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + ("0" if fixed else "#") * digits if digits else "") + "%"
    return format_percent(share, format=pattern, locale=_locale())


def duration(seconds: float | None) -> str:
    """A span in the unit people say it in: 45 seconds, 3 minutes (3 menit), 39 hours (39 jam), 3 days."""
    if seconds is None:
        return _("n/a")
    from datetime import timedelta

    from babel.dates import format_timedelta

    return format_timedelta(timedelta(seconds=seconds), threshold=2, locale=_locale())


def day_name(day: object, pattern: str = "EEE yyyy-MM-dd") -> str:
    """A date with its weekday in the active language (Tue 2026-12-01 / Sel 2026-12-01)."""
    from babel.dates import format_date

    return format_date(day, pattern, locale=_locale())  # type: ignore[arg-type]
