"""What a person looks at: the plan as a month calendar (HTML, ICS) and the five-rule report.

- `calendar`: the month grid as data (days, posts, the findings that fall on each day).
- `calendar_html` / `calendar_ics`: that grid as a self-contained page / an iCalendar file.
- `report`: planned versus actual for each rule, from the plan and the journal.
- `report_html`: the report as a printable page with inline SVG charts.
- `svg`: the small bar and line charts both pages draw (no JavaScript, no fetches).

Pages are Jinja2 templates shipped as package data, autoescaped: post texts are
user input and must never become markup.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment

#: colours for post types, in the order the plan declares them (readable on white, distinct in print)
PALETTE = ("#2f6fba", "#d9822b", "#3a9a5b", "#b8458f", "#7a5cc7", "#c2a11d", "#1f9aa6", "#c4473a",
           "#6b7a32", "#8a6248")
#: a type the plan does not declare (R1 reports it)
UNKNOWN_COLOUR = "#8c8c8c"


def type_colours(names: list[str]) -> dict[str, str]:
    """One colour per declared type, stable for a given plan (declaration order)."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


@cache
def environment() -> Environment:
    """The Jinja2 environment of the views' templates (autoescaped; undefined names are errors)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("scheduler.views", "templates"),
                       autoescape=select_autoescape(["html"], default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
