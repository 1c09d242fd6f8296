"""The run-time core: what keeps a plan's promises while jadwal runs.

- `journal`: the SQLite state, the single source of truth about every post.
- `daemon`: the loop that publishes each due post exactly once.
- `publisher`: the daemon's browser side (one Chromium, opened when work is due).
- `sessions`: logging an account in and keeping its session.
- `systemd`: readiness, watchdog and the unit file.
- `clock`: the current time, injected.
"""
