"""What `jadwal status` tells: the journal read against the plan, as JSON or for a person.

Published posts with their URLs, what is due next, failed ones with the reason
and the saved screenshots, missed and unconfirmed ones with the command that
settles them, paused accounts with the command that resumes them, whether a
daemon holds the journal right now, and the latest alerts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.runtime.state import StateRef
from scheduler.i18n import N_, _, ngettext
from scheduler.runtime.journal import Event, Journal, Pause, PostReading, PostRow
from scheduler.runtime.lock import lock_holder
from scheduler.timeline import preview

if TYPE_CHECKING:
    from scheduler.plan.model import Plan

#: how `jadwal status` counts the posts of each journal state
COUNT_WORDS = {
    "pending": N_("{count} pending"),
    "publishing": N_("{count} publishing"),
    "published": N_("{count} published"),
    "retry_wait": N_("{count} retry wait"),
    "unconfirmed": N_("{count} unconfirmed"),
    "failed": N_("{count} failed"),
    "missed": N_("{count} missed"),
}


@dataclass(frozen=True, slots=True)
class Status:
    plan: Plan
    plan_path: Path
    state_path: StateRef
    now: datetime
    rows: list[PostRow]
    counts: dict[str, int]
    alerts: list[Event]
    pauses: dict[str, Pause]
    daemon_pid: int | None  # the process holding the journal's lock
    #: ` --state PATH` when commands shown must name the journal (it is not the plan's default)
    state_option: str
    #: each published post's numbers (likes, views...), oldest first, and when it is read next
    readings: dict[str, list[PostReading]]
    next_reading: dict[str, datetime | None]
    #: claimants of posts in flight -> whether that process still runs (on any machine, for PostgreSQL)
    claimants: dict[str, bool] | None = None
    #: on a shared (PostgreSQL) journal: how many processes have it open (daemons, their slots, commands)
    sharing: int | None = None

    @property
    def texts(self) -> dict[str, str]:
        return {p.id: p.text for p in self.plan.posts}

    @property
    def unseen(self) -> int:
        """Posts of the plan the journal does not hold yet (added since the daemon last read it)."""
        known = {r.id for r in self.rows}
        return sum(p.id not in known for p in self.plan.posts)

    @property
    def waiting(self) -> list[PostRow]:
        return sorted([r for r in self.rows if r.in_plan and r.state in ("pending", "retry_wait")],
                      key=lambda r: r.next_try_at or r.due_at)


def read_status(plan: Plan, plan_path: Path, journal: Journal, now: datetime) -> Status:
    from scheduler.insights.readings import MAX_AGE, next_due
    from scheduler.runtime.paths import state_option

    return Status(plan=plan, plan_path=plan_path, state_path=journal.given, now=now, rows=journal.posts(),
                  counts=journal.counts(), alerts=journal.events(alerts_only=True, limit=10),
                  pauses=journal.pauses(), daemon_pid=lock_holder(journal.path),
                  state_option=state_option(plan_path, journal.given), readings=journal.post_readings(),
                  next_reading={s.post_id: next_due(s) for s in journal.reading_states(now - MAX_AGE)},
                  claimants={c: journal.claimant_alive(c) for c in {r.claimed_by for r in journal.posts("publishing")}
                             if c},
                  sharing=journal.others() if journal.postgres else None)


def _row_json(row: PostRow, texts: dict[str, str], readings: Sequence[PostReading] = (),
              next_reading: datetime | None = None) -> dict[str, object]:
    return {
        "id": row.id, "account": row.account, "state": row.state, "due_at": row.due_at.isoformat(),
        "attempt": row.attempt, "next_try_at": row.next_try_at.isoformat() if row.next_try_at else None,
        "url": row.url, "remote_id": row.remote_id,
        "published_at": row.published_at.isoformat() if row.published_at else None,
        "last_error": row.last_error, "artifacts": list(row.artifacts), "in_plan": row.in_plan,
        "edited_after_publish": row.edited_after_publish, "text": texts.get(row.id),
        "look_up_first": row.check_site,
        "readings": [{"measured_at": r.measured_at.isoformat(), "values": r.values,
                      "age_seconds": (r.measured_at - row.published_at).total_seconds() if row.published_at else None}
                     for r in readings],
        "next_reading_at": next_reading.isoformat() if next_reading else None,
    }


def as_json(status: Status) -> dict[str, object]:
    texts = status.texts
    waiting = status.waiting
    return {
        "plan": str(status.plan_path), "state": str(status.state_path), "now": status.now.isoformat(),
        "daemon": {"running": status.daemon_pid is not None or bool(status.sharing), "pid": status.daemon_pid}
        | ({} if status.sharing is None else {"processes": status.sharing}),  # a shared journal: how many
        "counts": status.counts | {"not_in_journal": status.unseen},
        "next": _row_json(waiting[0], texts) if waiting else None,
        "posts": [_row_json(r, texts, status.readings.get(r.id, ()), status.next_reading.get(r.id))
                  for r in status.rows],
        "paused_accounts": [{"account": p.account, "since": p.since.isoformat(), "kind": p.kind, "reason": p.reason,
                             "fix": p.fix} for p in status.pauses.values()],
        "alerts": [{"at": a.at.isoformat(), "kind": a.kind, "post_id": a.post_id, "message": a.message}
                   for a in status.alerts],
    }


def render_human(status: Status, *, show_all: bool = False) -> str:
    """The status as a person reads it (the plan's timezone; the latest 10 published unless `show_all`)."""
    tz = status.plan.tz
    texts = status.texts
    rows = status.rows
    out: list[str] = []

    def when(row: PostRow) -> str:
        return row.due_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")

    told = [_(COUNT_WORDS.get(s, "{count} " + s)).format(count=n) for s, n in status.counts.items() if n]
    if status.unseen:
        told.append(_("{count} not yet seen by the daemon").format(count=status.unseen))
    out.append(f"{status.plan.name}: " + ", ".join(told))
    if status.sharing:
        out.append(ngettext("shared journal: {count} process has it open (daemons and their slots)",
                            "shared journal: {count} processes have it open (daemons and their slots)",
                            status.sharing).format(count=status.sharing))
    elif status.daemon_pid is not None:
        out.append(_("daemon: running (PID {pid})").format(pid=status.daemon_pid))
    else:
        out.append(_("daemon: not running on this journal (start it: {command})").format(
            command=f"jadwal daemon {status.plan_path}{status.state_option}"))
    waiting = status.waiting
    if waiting:
        nxt = waiting[0]
        out.append(_("next: {id} ({account}) at {time}  {text}").format(
            id=nxt.id, account=nxt.account,
            time=f"{(nxt.next_try_at or nxt.due_at).astimezone(tz):%Y-%m-%d %H:%M:%S %Z}",
            text=preview(texts.get(nxt.id, ''), 6)))
    else:
        out.append(_("next: nothing waiting"))
    for held in status.pauses.values():
        out.append("\n" + _("account {account} is paused since {time}: {problem}").format(
            account=held.account, time=f"{held.since.astimezone(tz):%Y-%m-%d %H:%M}", problem=held.reason))
        out.append("  " + _("fix: {hint}").format(hint=held.fix))
    retry = f"jadwal retry {status.plan_path}{status.state_option} POST_ID"
    published = [r for r in rows if r.state == "published"]
    in_flight = [r for r in rows if r.state == "publishing"]
    sections: list[tuple[str, list[PostRow], str]] = [
        (_("due next"), [r for r in waiting if r.state == "pending"][:5], "text"),
        (_("published"), published if show_all else published[-10:], "url"),
        (_("publishing now (or left in flight: looked up before anything else)"), in_flight, "flight"),
        (_("unconfirmed: jadwal keeps looking them up; to decide now, check the site, then {command} "
           "if it is not there").format(command=retry), [r for r in rows if r.state == "unconfirmed"], "error"),
        (_("failed: {command} tries again").format(command=retry), [r for r in rows if r.state == "failed"], "error"),
        (_("missed: {command} publishes one now").format(command=retry), [r for r in rows if r.state == "missed"],
         "error"),
        (_("waiting to retry"), [r for r in rows if r.state == "retry_wait"], "retry"),
    ]
    for title, items, extra in sections:
        if not items:
            continue
        if extra == "url" and len(items) < len(published):
            title = _("{title} (latest {shown} of {total}; --all for every one)").format(
                title=title, shown=len(items), total=len(published))
        out.append("\n" + _("{title}:").format(title=title))
        for r in items:
            line = f"  {when(r)}  {r.id}  {r.account}"
            if extra == "url":
                line += f"  {r.url}" + ("  " + _("(text edited after publishing; not republished)")
                                        if r.edited_after_publish else "")
            elif extra == "retry" and r.next_try_at:
                line += "  " + _("attempt {attempt}, next try {time}: {error}").format(
                    attempt=r.attempt, time=f"{r.next_try_at.astimezone(tz):%H:%M:%S}", error=r.last_error)
            elif extra == "error" and r.last_error:
                line += f"  {r.last_error}"
            elif extra == "text":
                line += f"  {preview(texts.get(r.id, ''), 6)}"
            elif extra == "flight":
                pid = (r.claimed_by or "").partition(":")[0]  # "PID", or "HOST/PID" on a shared journal
                line += "  " + (_("by PID {pid}").format(pid=pid) if (status.claimants or {}).get(r.claimed_by or "")
                                else _("left by a process that stopped"))
            out.append(line)
            if extra == "url" and status.readings.get(r.id) and r.published_at is not None:
                from scheduler.insights.readings import shown

                latest = status.readings[r.id][-1]
                out.append("      " + shown(latest.values, latest.measured_at - r.published_at))
            if r.artifacts and r.state in ("failed", "unconfirmed", "retry_wait"):
                out.append("      " + _("saved: {paths}").format(paths=", ".join(r.artifacts)))
    if status.alerts:
        out.append("\n" + _("recent alerts:"))
        for a in status.alerts:
            out.append(f"  {a.at.astimezone(tz):%Y-%m-%d %H:%M}  {a.kind}  {a.post_id or ''}  {a.message}")
    return "\n".join(out)
