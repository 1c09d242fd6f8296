"""What `--state` (and `JADWAL_STATE`) name: a SQLite file, or a PostgreSQL database by URL.

SQLite is the default for one VPS; `postgresql://USER:PASSWORD@HOST:PORT/DATABASE`
names a PostgreSQL journal that several daemons share. The URL's password is a
secret: `str()` of a `PgUrl` masks it, so it never reaches a log line, a status
page or an error message; only the connection sees `secret`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import click

from scheduler.errors import StateError
from scheduler.i18n import _

SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True)
class PgUrl:
    """A PostgreSQL journal's address; shows itself with the password masked."""

    secret: str = field(repr=False)

    def __str__(self) -> str:
        return self.mask(self.secret)

    def __repr__(self) -> str:
        return f"PgUrl({self})"

    @property
    def to_paste(self) -> str:
        """The address without its password, for a hint a person runs as printed (psql asks for it)."""
        from urllib.parse import parse_qsl, urlencode, urlsplit

        parts = urlsplit(re.sub(r"^([^:]+://[^:/@]*):[^@]*@", r"\1@", self.secret))
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != "password"]
        return parts._replace(query=urlencode(query)).geturl()

    @staticmethod
    def mask(text: str) -> str:
        """`text` with any URL password (and any `password=...`) replaced by ***."""
        text = re.sub(r"(postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@", r"\1***@", text)
        return re.sub(r"(password\s*=\s*)\S+", r"\1***", text, flags=re.IGNORECASE)


#: a journal: a SQLite file, or a PostgreSQL database
StateRef = Path | PgUrl


def is_url(text: str) -> bool:
    return text.split("://", 1)[0].lower() in SCHEMES and "://" in text


def pg_url(text: str, *, option: str = "--state") -> PgUrl:
    """A checked PostgreSQL URL; `StateError` naming `option` and the form when it is malformed."""
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    url = PgUrl(text.strip())
    problem = None
    try:
        parts = urlsplit(url.secret)
        parts.port  # noqa: B018 - raises on a port that is not a number
        conninfo_to_dict(url.secret)
        if not parts.hostname and "host=" not in (parts.query or ""):
            problem = _("it names no host")
        elif not parts.path.strip("/"):
            problem = _("it names no database")
    except (ValueError, ProgrammingError) as exc:  # the message may quote the password
        problem = PgUrl.mask(str(exc))
    if problem is not None:
        raise StateError(
            _("{option} {url} is not a usable PostgreSQL URL: {problem}").format(option=option, url=url,
                                                                                 problem=problem),
            _("write it as postgresql://USER:PASSWORD@HOST:5432/DATABASE (the database must exist: "
              "`createdb DATABASE`)"))
    return url


def state_ref(text: str, *, option: str = "--state") -> StateRef:
    """What the user wrote for `option`: a URL when it is one, else a path."""
    return pg_url(text, option=option) if is_url(text) else Path(text)


class StateParam(click.ParamType):
    """`--state`: a path, or a postgresql:// URL (a `click.Path` would fold its `//`)."""

    name = "path|postgresql://..."

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> StateRef:
        if isinstance(value, (Path, PgUrl)):
            return value
        try:
            return state_ref(str(value), option="--state")
        except StateError as exc:
            self.fail(f"{exc.message}. {exc.hint}", param, ctx)
