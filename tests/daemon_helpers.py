"""Plans for the journal/daemon tests: in-memory models and small valid TOML files near "now"."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from scheduler.plan.model import (
    Account,
    Cadence,
    Engagement,
    Mix,
    Plan,
    Post,
    PostType,
)

UTC = timezone.utc


def model_plan(posts: Sequence[tuple[str, datetime, str]], *, accounts: Sequence[str] = ("ig",),
               min_gap: timedelta = timedelta(seconds=1), path: Path = Path("plan.toml"),
               session: Path | None = None) -> Plan:
    """A Plan built directly from the model: posts are (id, at, text), account taken from the id's prefix
    when it names one (e.g. "fb-3"), else the first account."""
    accs = {a: Account(a, "sandbox", "http://127.0.0.1:1", a, session, 1) for a in accounts}
    built = []
    for post_id, at, text in posts:
        account = next((a for a in accounts if post_id.startswith(a + "-")), accounts[0])
        built.append(Post(post_id, account, at, at.replace(tzinfo=None), "tips", text))
    built.sort(key=lambda p: (p.at, p.account, p.id))
    days = [p.at.date() for p in built] or [datetime(2026, 12, 1).date()]
    return Plan(
        path=path, name="test", goal="grow", timezone="UTC", tz=UTC, timezone_valid=True,
        start=min(days), end=max(days), preset=None, accounts=accs,
        types={"tips": PostType("tips")}, mix=Mix(), cadence=Cadence(min_gap=min_gap),
        engagement=Engagement(owner="Rina"), targets=[], posts=built,
    )


def with_text(plan: Plan, post_id: str, text: str) -> Plan:
    return replace(plan, posts=[replace(p, text=text) if p.id == post_id else p for p in plan.posts])


def plan_toml(times: Sequence[datetime], *, url: str, session: Path, handle: str = "kopisenja",
              texts: Sequence[str] | None = None, ids: Sequence[str] | None = None,
              tag: str = "", max_per_day: int | None = None, notify: Sequence[str] = (),
              check_every: str = "30m", zone: str = "UTC") -> str:
    """A valid one-account plan (every rule holds) with one post at each of `times` (aware, UTC).

    Every fifth post is interactive so R4's share holds; no selling type, so R3 holds;
    cadence allows posts seconds apart. Texts are unique (tag + index) so lookups can tell them apart.
    """
    times = sorted(times)
    days = sorted({t.astimezone(ZoneInfo(zone)).date() for t in times})
    ids = list(ids or [f"p{i:03d}" for i in range(len(times))])
    texts = list(texts or [f"Post {tag}{i:03d}: kopi susu gula aren hari ini" for i in range(len(times))])
    out = [
        "[plan]",
        'name = "daemon test"',
        'goal = "Check that the daemon publishes every post once"',
        f'timezone = "{zone}"',
        f"start = {days[0].isoformat()}",
        f"end = {days[-1].isoformat()}",
        "",
        "[[account]]",
        'id = "ig"',
        'platform = "sandbox"',
        f'url = "{url}"',
        f'handle = "{handle}"',
        f'session = "{session}"',
        "",
        "[types.tips]",
        "[types.question]",
        "interactive = true",
        "",
        "[mix]",
        "window_days = 7",
        "",
        "[cadence]",
        "min_per_day = 1",
        f"max_per_day = {max_per_day or max(len(times), 6)}",
        'min_gap = "1s"',
        'max_gap = "36h"',
        "",
        "[engagement]",
        'owner = "Rina"',
        f'check_every = "{check_every}"',
        'reply_within = "4h"',
        *(["notify = [" + ", ".join(f'"{target}"' for target in notify) + "]"] if notify else []),
        "",
        "[[target]]",
        'metric = "followers"',
        "baseline = 100",
        "goal = 101",
        f"by = {days[-1].isoformat()}",
        "",
    ]
    for i, (at, post_id, text) in enumerate(zip(times, ids, texts, strict=True)):
        out += [
            "[[post]]",
            f'id = "{post_id}"',
            'account = "ig"',
            f"at = {at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S')}Z",
            f'type = "{"question" if i % 5 == 0 else "tips"}"',
            f'text = "{text}"',
            "",
        ]
    return "\n".join(out)


#: a zone without daylight saving time for each whole UTC offset from -11 to +12
ZONES_BY_OFFSET = {
    -11: "Pacific/Pago_Pago", -10: "Pacific/Honolulu", -9: "Pacific/Gambier", -8: "Pacific/Pitcairn",
    -7: "America/Phoenix", -6: "America/Regina", -5: "America/Bogota", -4: "America/Caracas",
    -3: "America/Sao_Paulo", -2: "Atlantic/South_Georgia", -1: "Atlantic/Cape_Verde", 0: "UTC",
    1: "Africa/Lagos", 2: "Africa/Johannesburg", 3: "Europe/Moscow", 4: "Asia/Dubai", 5: "Asia/Karachi",
    6: "Asia/Dhaka", 7: "Asia/Jakarta", 8: "Asia/Singapore", 9: "Asia/Tokyo", 10: "Australia/Brisbane",
    11: "Pacific/Guadalcanal", 12: "Pacific/Fiji",
}


def zone_near_noon(now: datetime) -> str:
    """A plan time zone in which `now` falls between 11:00 and 13:00, so a test's posts a few hours
    either side of now lie on one day of the plan whatever the hour the suite runs at."""
    hour = now.astimezone(UTC).hour
    return ZONES_BY_OFFSET[12 - hour]


def status_journal(plan: Path, state: Path, now: datetime) -> None:
    """A journal for `jadwal status` tests: p000 published, p001 failed (a screenshot, an alert), the rest
    pending."""
    from scheduler.runtime.journal import Journal
    from scheduler.plan import load_plan
    from scheduler.platforms.base import PublishedRef

    with Journal(state) as journal:
        journal.sync(load_plan(plan), now)
        journal.claim("p000", now)
        journal.published("p000", PublishedRef("7", "http://127.0.0.1:9/p/7"), now)
        journal.claim("p001", now)
        journal.failed("p001", now, "no Post button (PageChanged)", ["/f/p001/screenshot.png"])
        journal.add_event(now=now, kind="failed", message="not published", post_id="p001", alert=True)


# -- real processes for the e2e tests -------------------------------------------------

JADWAL = [sys.executable, "-m", "scheduler"]


def wait_until(condition, timeout: float, what: str, interval: float = 0.1, *, log=None):
    """Poll `condition` (a process or a server, never a page) until it returns something truthy.

    `log` (a callable returning text, e.g. a daemon's log) is shown when it times out."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            tail = f"\n--- log ---\n{log()[-4000:]}" if log else ""
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}{tail}")
        time.sleep(interval)


class SandboxProcess:
    """`jadwal sandbox --port 0` as a subprocess on 127.0.0.1, stopped on exit."""

    def __init__(self, data_dir: Path, *args: str) -> None:
        self.data_dir = data_dir
        self.proc = subprocess.Popen([*JADWAL, "sandbox", "--port", "0", "--data", str(data_dir), *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()  # the contract: the first line names the URL
        if not line.startswith("jadwal sandbox running at http://127.0.0.1:"):
            self.proc.kill()
            raise AssertionError(f"sandbox did not start: {line!r}")
        self.url = line.rsplit(" ", 1)[1]

    def posts(self, contains: str = "") -> list[dict]:
        with urllib.request.urlopen(f"{self.url}/api/posts?author=kopisenja", timeout=10) as resp:
            return [p for p in json.load(resp) if contains in p["text"]]

    def comment(self, remote_id: str, author: str, text: str) -> int:
        """A comment written straight into the site's database (as its own form handler does)."""
        from scheduler.sandbox import db

        conn = db.connect(self.data_dir / "sandbox.sqlite3")
        try:
            return db.add_comment(conn, int(remote_id), db.user_by_name(conn, author)["id"], text, None)
        finally:
            conn.close()

    def admin(self, path: str, body: dict | None = None) -> dict:
        req = urllib.request.Request(f"{self.url}/_admin/{path}", method="POST",
                                     data=json.dumps(body or {}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.load(resp)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def login(plan: Path, env_password: str = "kopisenja") -> None:
    env = dict(os.environ, JADWAL_TEST_PW=env_password)
    subprocess.run([*JADWAL, "login", str(plan), "--account", "ig", "--password-env", "JADWAL_TEST_PW"],
                   env=env, check=True, capture_output=True, timeout=120)


class DaemonProcess:
    """`jadwal daemon` in its own session (process group), its log in a file."""

    def __init__(self, plan: Path, state: Path | None, log: Path, *args: str, env: dict[str, str] | None = None,
                 command: Sequence[str] = JADWAL) -> None:
        """`state` None: the plan's default journal (set JADWAL_STATE in `env` to keep it in the test)."""
        self.log = log
        self._out = open(log, "a", encoding="utf-8")  # noqa: SIM115 - closed in wait/kill
        where = ["--state", str(state)] if state is not None else []
        self.proc = subprocess.Popen([*command, "daemon", str(plan), *where, *args], env=env,
                                     stdout=self._out, stderr=subprocess.STDOUT, start_new_session=True)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_log(self, needle: str, timeout: float = 30, *, after: int = 0) -> int:
        """Wait for `needle` in the log past offset `after`; returns the offset after it."""
        def found() -> int:
            text = self.text()
            at = text.find(needle, after)
            if at < 0 and self.proc.poll() is not None:
                raise AssertionError(f"daemon exited ({self.proc.returncode}) before {needle!r}:\n{text[-3000:]}")
            return at + len(needle) if at >= 0 else 0
        return wait_until(found, timeout, f"{needle!r} in the daemon log", log=self.text)

    def stop(self, timeout: float = 20) -> int:
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout)
        self._out.close()
        return code

    def kill(self) -> None:
        """SIGKILL the daemon and everything it started, like a power cut would."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(10)
        self._out.close()


def status_json(plan: Path, state: Path) -> dict:
    out = subprocess.run([*JADWAL, "status", str(plan), "--state", str(state), "--format", "json"],
                         capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def stamp(moment: datetime) -> str:
    """A time for a plan's `at = ...`, in UTC."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def site_posts(url: str) -> list[dict]:
    """The posts a test API lists at `url` (the sandbox's `/api/posts`, a replica's `/_api/posts`)."""
    with urllib.request.urlopen(url, timeout=10) as reply:
        return json.load(reply)


def created(post: dict) -> datetime:
    """When the site says it made `post` (from a test API's list)."""
    return datetime.fromisoformat(post["created_at"].replace("Z", "+00:00"))


def soon(*seconds: float) -> list[datetime]:
    """Times `seconds` from now (UTC, whole seconds)."""
    now = datetime.now(UTC).replace(microsecond=0)
    return [now + timedelta(seconds=s) for s in seconds]


def sandbox_process(folder: Path) -> Iterator[SandboxProcess]:
    """A sandbox in its own process (data in `folder`), for a module's tests; stopped after them."""
    srv = SandboxProcess(folder)
    yield srv
    srv.close()


def logged_in_session(url: str, folder: Path) -> Path:
    """Log the sandbox's kopisenja in (through a one-post plan in `folder`); the session file it saved."""
    path = folder / "sessions" / "ig.json"
    plan = folder / "plan.toml"
    plan.write_text(plan_toml([datetime.now(UTC) + timedelta(hours=1)], url=url, session=path))
    login(plan)
    return path
