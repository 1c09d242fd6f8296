"""Starting `jadwal daemon`: every check that can fail is made before the first post, in this order.

1. The state folder (and a log file) are made private before anything writes there.
2. Logging is configured; running as root is warned about (Chromium's sandbox is off then).
3. The plan is loaded and checked: rule errors refuse to start (`PlanRejected`).
4. The journal's lock is taken (one daemon per database, whatever the path to it); on a
   PostgreSQL journal there is none: daemons there share the work (`runtime.cooperation`).
5. The failures folder is made; a browser is found (a missing one is a start-up error).
6. The journal, the steady clock, the outbox and the publisher are put together, the
   comment checker attached, and the loop runs until SIGTERM/SIGINT.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from scheduler.runtime.state import StateRef
from scheduler.errors import ConfigError, StateError
from scheduler.files import private_dir, private_file
from scheduler.i18n import _

if TYPE_CHECKING:
    from scheduler.findings import Finding
    from scheduler.plan.model import Plan
    from scheduler.runtime.clock import Clock
    from scheduler.runtime.daemon import DaemonConfig, RetryPolicy


@dataclass(frozen=True, slots=True)
class DaemonOptions:
    plan: Path
    state: StateRef
    failures: Path | None
    grace: timedelta
    pace: timedelta
    retry: RetryPolicy
    publish_deadline: float
    comment_lookback: timedelta
    selftest_every: timedelta | None = None
    #: the accounts this daemon serves (None: every account of the plan); see `runtime.cooperation`
    accounts: frozenset[str] | None = None
    #: browser slots on this machine (None: from free memory on PostgreSQL, 1 on SQLite)
    slots: int | None = None
    log_file: Path | None = None
    log_json: bool = False
    verbose: int = 0


def run_daemon(options: DaemonOptions, *, on_findings: Callable[[list[Finding]], None] | None = None) -> None:
    """Check everything, then run the daemon until stopped. `on_findings` sees a refused plan's findings
    (the CLI prints them) before `PlanRejected` is raised."""
    from scheduler.browser import find_chromium
    from scheduler.logs import configure
    from scheduler.runtime.clock import SteadyClock
    from scheduler.runtime.daemon import DaemonConfig, PlanRejected, describe, load_checked
    from scheduler.runtime.lock import StateLock

    from scheduler.runtime.paths import failures_for

    state = options.state
    try:  # private before anything (a log file in the same folder) creates them with the umask's modes
        private_dir(state.parent if isinstance(state, Path) else failures_for(state).parent)
        if options.log_file is not None:
            private_file(options.log_file)
    except OSError as exc:
        raise StateError(_("cannot create {path}: {reason}").format(path=exc.filename, reason=exc.strerror),
                         _("give --state (and --log-file) paths in folders this user can write")) from exc
    configure(options.verbose, log_file=options.log_file, json_lines=options.log_json)
    if os.geteuid() == 0:
        logger.warning("RUNNING AS ROOT: Chromium cannot use its sandbox, so a hostile page could take the "
                       "machine. Run jadwal as a dedicated user (see `jadwal systemd-unit`).")
    try:
        loaded, findings = load_checked(options.plan)
    except PlanRejected as exc:
        if on_findings is not None:
            on_findings(exc.findings)
        raise
    for finding in findings:
        logger.warning("{}", describe(finding))
    unknown = sorted((options.accounts or frozenset()) - set(loaded.accounts))
    if unknown:
        raise ConfigError(_("--accounts names {names}, which the plan does not declare").format(
            names=", ".join(unknown)), _("use the account ids of the plan's [[account]] tables: {ids}").format(
            ids=",".join(sorted(loaded.accounts))))
    from scheduler.runtime.slots import default_slots

    if isinstance(state, Path) and (options.slots or 1) > 1:
        raise ConfigError(_("--slots {count} needs a PostgreSQL journal: a SQLite journal has one daemon").format(
            count=options.slots), _("leave --slots out, or give --state postgresql://USER:PASSWORD@HOST/DATABASE"))
    slots = 1 if isinstance(state, Path) else options.slots or default_slots()
    if isinstance(state, Path):
        try:
            private_file(state.resolve())
        except OSError as exc:
            raise StateError(_("cannot write the state database {path}: {reason}").format(
                path=state, reason=exc.strerror), _("give --state a path in a folder this user can write")) from exc
        logger.info("journal: {}", state if state == state.resolve() else f"{state} ({state.resolve()})")
    else:
        logger.info("journal: {} (PostgreSQL: shared with the other daemons of this plan)", state)
    # one daemon per SQLite file; released after every journal of this process is closed (see lock.py)
    with StateLock(state) if isinstance(state, Path) else nullcontext():
        failures = options.failures or failures_for(state)
        try:
            private_dir(failures)
        except OSError as exc:
            raise ConfigError(_("cannot write the failures folder {path}: {reason}").format(
                path=failures, reason=exc.strerror), _("give --failures a folder this user can write")) from exc
        find_chromium()  # a missing browser is a start-up error, not a surprise at the first due post
        config = DaemonConfig(plan_path=options.plan, state_path=state, failures_dir=failures, grace=options.grace,
                              pace=options.pace, retry=options.retry, publish_deadline=options.publish_deadline,
                              accounts=options.accounts)
        _run(config, loaded, SteadyClock(), options.comment_lookback, options.selftest_every, slots)
    logger.info("stopped")


def _run(config: DaemonConfig, plan: Plan, clock: Clock, lookback: timedelta, selftest_every: timedelta | None,
         slots: int = 1) -> None:
    from scheduler.comments.worker import attach
    from scheduler.notify import warn_literal_secrets
    from scheduler.runtime.daemon import Daemon
    from scheduler.runtime.journal import Journal
    from scheduler.runtime.outbox import Outbox
    from scheduler.runtime.publisher import BrowserPublisher

    warn_literal_secrets(plan.engagement.notify)
    running: list[Daemon] = []  # the targets are read at send time: a reloaded plan's apply
    outbox = Outbox(config.state_path, lambda: running[0].plan.engagement.notify if running else plan.engagement.notify,
                    clock=clock).start()
    try:
        with Journal(config.state_path) as journal:
            publisher = BrowserPublisher(config.failures_dir, deadline=config.publish_deadline, plan=config.plan_path)
            running.append(Daemon(config, plan, journal, publisher, clock=clock, outbox=outbox))
            attach(running[0], lookback=lookback)  # comment checks (own thread)
            if selftest_every is not None:
                from scheduler.selftest_worker import attach as attach_selftest

                attach_selftest(running[0], every=selftest_every)
            if slots > 1:  # the other slots: daemons of their own, sharing the journal like other machines'
                from scheduler.runtime.slots import Slots

                others = Slots(slots - 1).start()
                running[0].extra_jobs.append((5, others.tend))
                running[0].on_stop.append(others.stop)
            running[0].run()
    finally:
        outbox.close()
