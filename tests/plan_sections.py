"""Sections of TOML plans that many tests write the same way, so a test's plan shows only what it is
about. Each returns text ending in a newline; none holds a brace, so a plan built from them can still
be a `str.format` template."""

from __future__ import annotations


def engagement_and_target(by: str, *, check_every: str = "1h", baseline: int = 100, goal: int = 110,
                          notify: str = "") -> str:
    """R4's `[engagement]` (Rina answers within 4 h, alerts to `notify` if given) and R2's one followers
    `[[target]]`, due `by`."""
    alerts = f'notify = ["{notify}"]\n' if notify else ""
    return f"""\
[engagement]
owner = "Rina"
check_every = "{check_every}"
reply_within = "4h"
{alerts}
[[target]]
metric = "followers"
baseline = {baseline}
goal = {goal}
by = {by}
"""


def fast_pacing(platform: str, publish_gap: str = "1s") -> str:
    """A user pack: what a user writes when a test should not wait the platform's pace between posts."""
    return f"""\
platform = "{platform}"
version = "1.0.0-test"

[pacing]
publish = {{ min_gap = "{publish_gap}" }}
comments = {{ min_gap = "0s" }}
reply = {{ min_gap = "0s" }}
"""
