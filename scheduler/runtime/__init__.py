"""The run-time core: what keeps a plan's promises while jadwal runs.

- `journal`: the SQLite state, the single source of truth about every post (all SQL lives
  here and in `journal_comments`, the comment tables), so another engine can take its place.
- `paths`: where a plan's journal is when no --state is given; `lock`: one daemon per database.
- `daemon`: the loop that publishes each due post exactly once; `startup`: its checks before
  the first post; `by_hand`: `jadwal publish` through the same journal.
- `publisher`: the daemon's browser side (one Chromium, opened when work is due).
- `pauses`: accounts the site blocks, paused until a new login; `sessions`: logging in.
- `outbox`: alerts recorded in the journal, then sent; `status`: what `jadwal status` tells.
- `clock`: the current time, injected (the daemon's steady clock); `processes`: /proc.
- `systemd`: readiness, watchdog and the unit file.
"""
