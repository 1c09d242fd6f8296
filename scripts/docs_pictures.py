#!/usr/bin/env python3
"""The README's pictures: docs/calendar.png, docs/report.png and docs/report-audience.png (the report's
audience section alone), taken in headless Chromium.

- calendar: the demo plan's calendar as `scripts/demo` writes it (var/demo/calendar.html;
  written here first when missing).
- report: a month in use. The demo's own report (var/demo/report.html) covers one
  day of a few posts, so a chart has little to show; this picture shows the report
  of plans/kopi-senja.toml as of 20 December 2026 from a journal filled
  through the journal's API (tests/report_journal.py: published, one failed post,
  one missed day, comments answered in 1.5-2.5 h, followers measured daily, each post read 1 h,
  24 h and 7 days after publishing with fans who are there in the evening: the audience section's
  heatmap and best times, and reach drawn from the posts' views).

    .venv/bin/python scripts/docs_pictures.py
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from report_journal import fill, fill_readings  # noqa: E402
from screenshot import shoot  # noqa: E402

from scheduler.journal import Journal  # noqa: E402
from scheduler.plan import load_plan  # noqa: E402
from scheduler.rules.registry import check_plan  # noqa: E402
from scheduler.views import calendar_html, report, report_html  # noqa: E402
from scheduler.views.calendar import build  # noqa: E402

PLAN = ROOT / "plans" / "kopi-senja.toml"
AS_OF = datetime(2026, 12, 20, 12, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def main() -> int:
    plan = load_plan(PLAN)
    calendar = ROOT / "var" / "demo" / "calendar.html"
    if not calendar.exists():
        calendar_html.write(build(plan, check_plan(plan)), calendar)
    print(shoot(calendar, ROOT / "docs" / "calendar.png", width=1280, height=1350, full=False))  # the month
    print(shoot(calendar, ROOT / "docs" / "calendar-phone.png", width=390, height=1100, full=False))
    sample = ROOT / "var" / "docs"
    state = sample / "sample-state.db"
    for leftover in (state, Path(f"{state}-wal"), Path(f"{state}-shm")):
        leftover.unlink(missing_ok=True)
    with Journal(state) as journal:
        fill(journal, plan, AS_OF, failed=(plan.posts[5].id,), missed_day=9, site_reach=False)
        fill_readings(journal, plan, AS_OF)
        data = report.build(plan, journal, check_plan(plan), now=AS_OF)
    page = report_html.write(data, sample / "report.html")
    print(shoot(page, ROOT / "docs" / "report.png", width=1100, height=900, full=True))
    print(shoot(page, ROOT / "docs" / "report-audience.png", width=1100, height=900, full=False,
                selector="section[aria-labelledby=audience]"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
