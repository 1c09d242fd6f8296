"""Numbers and times as social sites show them to a person, read back into values.

Sites print counts short ("1.2K", "12,3 rb", "3 jt") and times relative ("5m ago", "2 j yang
lalu", "11-28"). Adapters prefer the exact values a page carries in its data; these readers are
the fallback when only the shown text is there. They never raise: a text they cannot read is None.

Indonesian forms (rb = ribu, thousand; jt = juta, million; M = miliar, billion; "yang lalu" = ago)
are as the sites' Indonesian UIs write them where a source shows it, else the usual abbreviations.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

_SUFFIX = {"k": 1e3, "rb": 1e3, "m": 1e6, "jt": 1e6, "b": 1e9}
_COUNT = re.compile(r"^([0-9][0-9.,]*)\s*(k|rb|jt|m|b)?\.?$")


def count(shown: str) -> float | None:
    """'1234' 1234, '1,234' / '1.234' 1234, '1.2K' 1200, '12,3 rb' 12300, '3 jt' 3e6, '1,2 M' (Indonesian
    miliar) 1.2e9; None for anything else."""
    text = " ".join(shown.replace("\u00a0", " ").split()).casefold()
    found = _COUNT.match(text)
    if found is None:
        return None
    number, suffix = found.groups()
    indonesian = "," in number and "." not in number or bool(re.search(r"\d\s+m$", text))
    if suffix is None:  # a whole number, perhaps with thousands separators
        digits = number.replace(",", "").replace(".", "")
        return float(digits) if digits.isdigit() else None
    scale = 1e9 if suffix == "m" and indonesian else _SUFFIX[suffix]
    decimal = number.replace(",", ".") if indonesian else number.replace(",", "")
    if decimal.count(".") > 1:
        return None
    try:
        return float(round(float(decimal) * scale))
    except ValueError:
        return None


#: "5m ago" / "5 mnt yang lalu": the unit's seconds, in English and in Indonesian
_UNITS_EN = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400, "w": 604800}
_UNITS_ID = {"dtk": 1, "detik": 1, "mnt": 60, "menit": 60, "j": 3600, "jam": 3600, "h": 86400, "hari": 86400,
             "mgg": 604800, "minggu": 604800}
_AGO = re.compile(r"^(\d+)\s*([a-z]+)\.?\s*(ago|yang lalu|lalu)$")
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def when(shown: str, now: datetime) -> datetime | None:
    """When something happened, from how a site shows it: '5m ago', '2h ago', '3d ago', '1w ago',
    '5 mnt yang lalu', '2 j yang lalu', '3 h yang lalu' (hari), '11-28' (this year, or last year when
    that is still ahead), '2025-11-28'; None for anything else. `now` is aware; a date is read as UTC."""
    text = " ".join(shown.replace("\u00a0", " ").split()).casefold()
    found = _AGO.match(text)
    if found:
        amount, unit, suffix = found.groups()
        seconds = (_UNITS_EN if suffix == "ago" else _UNITS_ID).get(unit)
        return now - timedelta(seconds=int(amount) * seconds) if seconds else None
    try:
        found = _MONTH_DAY.match(text)
        if found:
            month, day = int(found.group(1)), int(found.group(2))
            this_year = datetime(now.year, month, day, tzinfo=timezone.utc)
            return this_year if this_year <= now + timedelta(days=1) else this_year.replace(year=now.year - 1)
        found = _DATE.match(text)
        if found:
            return datetime(int(found.group(1)), int(found.group(2)), int(found.group(3)), tzinfo=timezone.utc)
    except ValueError:  # 13-45 is no date
        return None
    return None
