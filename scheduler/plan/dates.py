"""Dates and times as people write them, read back into the exact TOML a plan needs.

TOML is strict: `at = 2026-12-04T19:00:00`, no quotes, seconds included (the
TOML 1.0 that Python 3.11 reads), year first. People write `"2026-12-04 19.00"`,
`19:00`, `2026-12-04T19:00`, `4/12/2026`, `4 Desember 2026 19.00 WIB`. This module
reads those forms so a finding can say what is wrong and give the one line to
paste, never a guess that is itself an error.

Indonesian use decides the ambiguous cases: day before month (4/12/2026 is
4 December), a dot between hours and minutes (19.00), WIB/WITA/WIT as offsets.
An hour past 23 runs into the next day (25:00 is 01:00 the next day), and a
day past the month's end is the month's last day; both are said in the reasons.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from scheduler.i18n import _

#: Indonesian and English month names and their usual short forms
MONTHS = {
    **{name: i for i, name in enumerate(
        ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
         "november", "desember"), start=1)},
    **{name: i for i, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"), start=1)},
    **{name: i for i, name in enumerate(
        ("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des"), start=1)},
    "may": 5, "aug": 8, "oct": 10, "dec": 12, "agt": 8, "ags": 8, "agus": 8, "sept": 9, "peb": 2,
}
#: Indonesian time zone names and their offsets (no daylight saving time in Indonesia)
ZONE_OFFSETS = {"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00", "UTC": "Z", "GMT": "Z", "Z": "Z"}

_ZONE = re.compile(r"\s*(?:(?P<name>WITA|WIB|WIT|UTC|GMT|Z)|(?P<sign>[+-])(?P<oh>\d{1,2}):?(?P<om>\d{2})?)$", re.I)
_TIME = re.compile(r"(?:^|(?<=[\sTt,_]))(?P<h>\d{1,2})(?P<sep>[:.])(?P<m>\d{1,2})(?:[:.](?P<s>\d{1,2}))?"
                   r"(?:\.\d+)?\s*(?P<ampm>[ap]\.?m\.?)?$", re.I)
_HOUR_AMPM = re.compile(r"(?:^|(?<=[\sTt,_]))(?P<h>\d{1,2})\s*(?P<ampm>[ap]\.?m\.?)$", re.I)
_YMD = re.compile(r"(?P<y>\d{4})(?P<s1>[-/.])(?P<m>\d{1,2})(?P<s2>[-/.])(?P<d>\d{1,2})")
_DMY = re.compile(r"(?P<d>\d{1,2})(?P<s1>[-/.])(?P<m>\d{1,2})(?P<s2>[-/.])(?P<y>\d{4})")
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_D_MONTH_Y = re.compile(r"(?P<d>\d{1,2})\s*(?P<name>[A-Za-z]+)\.?,?\s*(?P<y>\d{4})")
_MONTH_D_Y = re.compile(r"(?P<name>[A-Za-z]+)\.?\s*(?P<d>\d{1,2}),?\s*(?P<y>\d{4})")
_CANONICAL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

#: keys whose value is a date, not a date and time
DATE_KEYS = frozenset({"start", "end", "by"})


@dataclass(frozen=True, slots=True)
class Reading:
    """What a person wrote, as TOML: `value` is the literal to write, `reasons` say what changed."""

    value: str  # 2026-12-04T19:00:00, 2026-12-04T19:00:00+07:00 or 2026-12-04
    reasons: tuple[str, ...]

    def because(self) -> str:
        """The reasons as one clause ('the seconds are missing; ...')."""
        return "; ".join(self.reasons)


def read_datetime(text: str, default_day: date | None = None,
                  free_time: Callable[[date], str] | None = None) -> Reading | None:
    """`text` as a TOML local date-time (or with an offset); None when it does not look like one.

    `default_day` stands in when only a time is written, `free_time(day)` ('HH:MM', default 09:00) when
    only a day is (the reasons say so)."""
    reasons: list[str] = []
    rest = text.strip()
    zone = ""
    found = _ZONE.search(rest)
    if found and (found.group("name") or _TIME.search(rest[: found.start()])):
        zone = _zone_offset(found, reasons)
        rest = rest[: found.start()].rstrip()
    clock = _TIME.search(rest) or _HOUR_AMPM.search(rest)
    day_text = rest[: clock.start()].rstrip(" \tTt,_") if clock else rest
    day: date | None
    if day_text:
        parsed = _read_day(day_text, reasons)
        if parsed is None:
            return None
        day = parsed
    elif clock and default_day is not None:
        day = default_day
        reasons.append(_("a post needs its day as well as its time ({day} here: change it if another day "
                         "is meant)").format(day=default_day.isoformat()))
    else:
        return None
    if clock is None:
        chosen = free_time(day) if free_time else "09:00"
        hour, minute, second = int(chosen[:2]), int(chosen[3:5]), 0
        reasons.append(_("a post needs its time as well as its day ({time} here: change it if the post goes "
                         "out at another hour)").format(time=chosen))
    else:
        hour, minute, second = _read_clock(clock, reasons)
    moment = datetime(day.year, day.month, day.day) + timedelta(hours=hour, minutes=minute, seconds=second)
    if (hour, minute, second) >= (24, 0, 0) or minute >= 60 or second >= 60:
        written = clock.group().strip() if clock else ""
        reasons.append(_("a day has hours 00 to 23 and minutes 00 to 59: {written} is read as {time} on "
                         "{day}; pick another time if that is not meant").format(
            written=written, time=f"{moment:%H:%M}", day=moment.date().isoformat()))
    value = f"{moment:%Y-%m-%dT%H:%M:%S}{zone}"
    return Reading(value, tuple(reasons))


def read_date(text: str) -> Reading | None:
    """`text` as a TOML date; None when it does not look like one."""
    reasons: list[str] = []
    rest = text.strip()
    clock = _TIME.search(rest)
    if clock:  # a date key given a time too: keep the day
        rest = rest[: clock.start()].rstrip(" \tTt,_")
        reasons.append(_("this key takes a day only, without a time"))
    day = _read_day(rest, reasons) if rest else None
    return None if day is None else Reading(day.isoformat(), tuple(reasons))


def read_value(key: str, text: str, default_day: date | None = None) -> Reading | None:
    """`text` read as the kind of value `key` takes (a date for start, end and by; else a date-time)."""
    return read_date(text) if key in DATE_KEYS else read_datetime(text, default_day)


def _zone_offset(found: re.Match[str], reasons: list[str]) -> str:
    name = (found.group("name") or "").upper()
    if name:
        offset = ZONE_OFFSETS[name]
        if name in ("WIB", "WITA", "WIT"):
            reasons.append(_("{name} is written as its offset from UTC, {offset}").format(name=name, offset=offset))
        return offset
    hours, minutes = int(found.group("oh")), int(found.group("om") or 0)
    offset = f"{found.group('sign')}{hours:02d}:{minutes:02d}"
    if found.group().strip() != offset:
        reasons.append(_("an offset is written with two digits and a colon: {offset}").format(offset=offset))
    return offset


def _read_clock(clock: re.Match[str], reasons: list[str]) -> tuple[int, int, int]:
    groups = clock.groupdict()
    hour = int(groups["h"])
    minute = int(groups.get("m") or 0)
    second = int(groups.get("s") or 0)
    ampm = (groups.get("ampm") or "").lower().replace(".", "")
    if ampm:
        if hour == 12:
            hour = 0
        if ampm == "pm":
            hour += 12
        reasons.append(_("TOML counts hours 00 to 23: {written} is {time}").format(
            written=clock.group().strip(), time=f"{hour:02d}:{minute:02d}"))
    elif groups.get("sep") == ".":
        reasons.append(_("hours and minutes are separated by a colon (19:00), not a dot (19.00)"))
    if groups.get("s") is None:
        reasons.append(_("TOML needs the seconds too ({time}:00)").format(time=f"{hour % 24:02d}:{minute % 60:02d}"))
    if not ampm and groups.get("m") is not None and (len(groups["h"]) < 2 or len(groups["m"]) < 2):
        reasons.append(_("hours and minutes take two digits each (09:05, not 9:5)"))
    return hour, minute, second


def _read_day(text: str, reasons: list[str]) -> date | None:
    text = text.strip().strip("\"'").strip()
    year = month = day = 0
    if _CANONICAL_DATE.fullmatch(text):
        year, month, day = int(text[:4]), int(text[5:7]), int(text[8:])
    elif found := _YMD.fullmatch(text):
        year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
        if found["s1"] != "-" or found["s2"] != "-":
            reasons.append(_("TOML writes a date with dashes: year-month-day"))
        else:
            reasons.append(_("months and days take two digits each (2026-12-04, not 2026-12-4)"))
    elif found := _DMY.fullmatch(text):
        first, second, year = int(found["d"]), int(found["m"]), int(found["y"])
        day, month = (second, first) if second > 12 >= first else (first, second)
        reasons.append(_("TOML writes a date year first, with dashes (read here as {day} {month} {year})").format(
            day=day, month=month_name(month), year=year))
    elif found := _COMPACT.fullmatch(text):
        year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
        reasons.append(_("TOML writes a date with dashes: year-month-day"))
    elif (found := _D_MONTH_Y.fullmatch(text) or _MONTH_D_Y.fullmatch(text)) and \
            found["name"].lower() in MONTHS:
        year, month, day = int(found["y"]), MONTHS[found["name"].lower()], int(found["d"])
        reasons.append(_("TOML writes a date as numbers, year first: year-month-day"))
    else:
        return None
    if month > 12 >= day >= 1:  # year-day-month
        month, day = day, month
        reasons.append(_("the month comes before the day (year-month-day)"))
    if not (1 <= month <= 12 and 1 <= year) or day < 1:
        return None
    last = calendar.monthrange(year, month)[1]
    if day > last:
        reasons.append(_("{month} {year} has {count} days; the last one is used here").format(
            month=month_name(month), year=year, count=last))
        day = last
    return date(year, month, day)


def month_name(month: int) -> str:
    """The month's name in the user's language ("December", "Desember")."""
    names = (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"), _("August"),
             _("September"), _("October"), _("November"), _("December"))
    return names[month - 1]


def weekday_names() -> tuple[str, ...]:
    """Monday to Sunday, short, in the user's language."""
    return (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))


def weekday_name(day: date) -> str:
    """The day's full weekday name in the user's language ("Friday", "Jumat")."""
    return (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"),
            _("Sunday"))[day.weekday()]


_AT_LINE = re.compile(r"^\s*at\s*=\s*(\d{4}-\d{2}-\d{2})", re.M)
_START_LINE = re.compile(r"^\s*start\s*=\s*(\d{4}-\d{2}-\d{2})", re.M)


def day_before(text: str, line: int) -> date | None:
    """The day of the last `at = ...` written above `line` of a plan's text, else the plan's start (for a
    post given only a time): the day a person most likely means."""
    offset = 0
    for _number in range(1, line):
        found = text.find("\n", offset)
        if found < 0:
            break
        offset = found + 1
    above = list(_AT_LINE.finditer(text, 0, offset))
    found_day = above[-1].group(1) if above else None
    if found_day is None:
        start = _START_LINE.search(text)
        found_day = start.group(1) if start else None
    try:
        return date.fromisoformat(found_day) if found_day else None
    except ValueError:
        return None
