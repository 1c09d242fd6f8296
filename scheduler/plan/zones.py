"""The IANA zone a person means when they write `WIB`, `GMT+7`, `UTC+08:00` or `jakarta`.

A plan's `timezone` must be an IANA name (`Asia/Jakarta`), but people write the
zone the way they say it. Indonesia's three zones (WIB UTC+7, WITA UTC+8, WIT
UTC+9; no daylight saving time) map to their IANA names, offsets to the
Indonesian zone of that offset or else to `Etc/GMT-N`.

The sign trap: IANA's `Etc/GMT+7` is seven hours *behind* UTC (POSIX signs are
flipped), the opposite of what "GMT+7" means to a person. So a written offset
is never turned into the `Etc` name with the same sign, and a plan that names an
`Etc/GMT±N` zone gets a warning that says which offset it really is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from scheduler.i18n import _

#: Indonesian zone names -> IANA
INDONESIA = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
#: whole-hour offsets east of UTC used in Indonesia -> the zone
BY_OFFSET = {7: "Asia/Jakarta", 8: "Asia/Makassar", 9: "Asia/Jayapura"}
#: offsets that are not whole hours, the usual zone of each
HALF_HOURS = {(5, 30): "Asia/Kolkata", (5, 45): "Asia/Kathmandu", (9, 30): "Australia/Darwin",
              (3, 30): "Asia/Tehran", (-3, -30): "America/St_Johns", (6, 30): "Asia/Yangon"}
#: Indonesian cities that are not IANA names themselves
CITIES = {"surabaya": "Asia/Jakarta", "bandung": "Asia/Jakarta", "yogyakarta": "Asia/Jakarta",
          "jogja": "Asia/Jakarta", "semarang": "Asia/Jakarta", "medan": "Asia/Jakarta",
          "palembang": "Asia/Jakarta", "padang": "Asia/Jakarta", "malang": "Asia/Jakarta",
          "solo": "Asia/Jakarta", "surakarta": "Asia/Jakarta", "bogor": "Asia/Jakarta", "depok": "Asia/Jakarta",
          "tangerang": "Asia/Jakarta", "bekasi": "Asia/Jakarta", "bali": "Asia/Makassar",
          "denpasar": "Asia/Makassar", "balikpapan": "Asia/Makassar", "banjarmasin": "Asia/Makassar",
          "manado": "Asia/Makassar", "mataram": "Asia/Makassar", "lombok": "Asia/Makassar",
          "kupang": "Asia/Makassar", "ambon": "Asia/Jayapura", "papua": "Asia/Jayapura"}

_OFFSET = re.compile(r"^(?:GMT|UTC|UT)?\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$", re.I)
_ETC = re.compile(r"^Etc/GMT(?P<sign>[+-])(?P<h>\d{1,2})$")


@dataclass(frozen=True, slots=True)
class ZoneSuggestion:
    zone: str  # the IANA name to write
    why: str  # what the written name means, in words


def suggest(written: str) -> ZoneSuggestion | None:
    """The IANA zone meant by `written` (not itself a valid name), or None when it cannot be told."""
    name = written.strip()
    upper = name.upper()
    if upper in INDONESIA:
        zone = INDONESIA[upper]
        offset = {"WIB": 7, "WITA": 8, "WIT": 9}[upper]
        return ZoneSuggestion(zone, _("{name} is UTC+{hours}, the zone of {zone}").format(
            name=upper, hours=offset, zone=zone))
    found = _OFFSET.match(name)
    if found:
        return _from_offset(found)
    if upper in ("UTC", "GMT", "Z", "UT"):
        return ZoneSuggestion("UTC", _("UTC is written as UTC"))
    zones = _lower_names()
    if name.lower() in zones:
        return ZoneSuggestion(zones[name.lower()], _("IANA names are written with capitals as listed"))
    city = name.lower().replace(" ", "_")
    by_city = {zone.rpartition("/")[2].lower(): zone for zone in zones.values() if "/" in zone}
    if city in by_city:
        return ZoneSuggestion(by_city[city], _("the IANA name of a zone is its region and city"))
    if city.replace("_", "") in CITIES:
        zone = CITIES[city.replace("_", "")]
        return ZoneSuggestion(zone, _("{city} keeps the time of {zone}").format(city=name, zone=zone))
    return None


def _from_offset(found: re.Match[str]) -> ZoneSuggestion | None:
    sign = 1 if found["sign"] == "+" else -1
    hours, minutes = int(found["h"]), int(found["m"] or 0)
    shown = f"UTC{found['sign']}{hours:02d}:{minutes:02d}"
    if minutes:
        zone = HALF_HOURS.get((sign * hours, sign * minutes))
        return ZoneSuggestion(zone, _("{offset} is the time of {zone}").format(offset=shown, zone=zone)) \
            if zone else None
    if sign > 0 and hours in BY_OFFSET:
        zone = BY_OFFSET[hours]
        return ZoneSuggestion(zone, _("{offset} is the time of {zone} ({name})").format(
            offset=shown, zone=zone, name={7: "WIB", 8: "WITA", 9: "WIT"}[hours]))
    if hours == 0:
        return ZoneSuggestion("UTC", _("{offset} is UTC").format(offset=shown))
    if not (-12 <= sign * hours <= 14):
        return None
    zone = f"Etc/GMT{'-' if sign > 0 else '+'}{hours}"
    return ZoneSuggestion(zone, _("{offset} is IANA's {zone}: the Etc/GMT zones flip the sign").format(
        offset=shown, zone=zone))


def sign_trap(name: str) -> tuple[str, str] | None:
    """(message, hint) for a valid `Etc/GMT+7`-style name: what it really is, and the line for the zone
    someone who read it as "GMT+7" meant. None for any other name, Etc/GMT+0 and the `Etc/GMT-N` zones
    (east of UTC, where jadwal's users live: written so, the flip was understood)."""
    found = _ETC.match(name.strip())
    if found is None or int(found["h"]) == 0 or found["sign"] == "-":
        return None
    hours, sign = int(found["h"]), found["sign"]
    real = f"UTC{'-' if sign == '+' else '+'}{hours:02d}:00"  # the flip
    meant = f"UTC{sign}{hours:02d}:00"
    zone = (BY_OFFSET.get(hours) if sign == "+" else None) or f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"
    return (_("{name} is {real}, not {meant}: IANA's Etc/GMT zones flip the sign").format(
                name=name.strip(), real=real, meant=meant),
            _("if {meant} is meant, write the line as: {fix}").format(meant=meant, fix=f'timezone = "{zone}"'))


@cache
def _lower_names() -> dict[str, str]:
    import zoneinfo

    return {zone.lower(): zone for zone in zoneinfo.available_timezones()}


def unknown_zone(name: str) -> tuple[str, str]:
    """(message, hint) for a `timezone` that is not an IANA name: the hint is the line to write."""
    import difflib

    message = (_('"{zone}" is not a known IANA timezone, so local days are unknown').format(zone=name) if name
               else _("the plan names no timezone, so local days are unknown"))
    found = suggest(name) if name else None
    if found is not None:
        return message, _("{why}; write the line as: {fix}").format(why=found.why, fix=f'timezone = "{found.zone}"')
    # offsets look alike to difflib ("GMT+7" ~ "GMT+0"): never suggest an Etc or offset zone by spelling
    names = [zone for zone in _lower_names().values() if not zone.startswith(("Etc/", "GMT", "UTC", "UCT"))]
    near = difflib.get_close_matches(name, names, n=1) if name else []
    if near:
        return message, _("did you mean this? Write the line as: {fix}").format(fix=f'timezone = "{near[0]}"')
    return message, _('write an IANA name, e.g. timezone = "Asia/Jakarta" (WIB), "Asia/Makassar" (WITA) '
                      'or "Asia/Jayapura" (WIT)')
