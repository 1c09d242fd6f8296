"""Two-way communication at run time (rule R4): read comments, find the unanswered, alert, answer.

- (the comments in the journal, what "answered" means and the inbox query live in the journal
  layer: `scheduler.runtime.journal_comments`, as `journal.comments`)
- `check`: one comment check through the platform adapters.
- `alerts`: tell the owner once per comment past `engagement.reply_within`.
- `answer`: reply as the account (`jadwal reply`).
- `stats`: response rate and median time to answer per account and week.
- `worker`: the daemon's checker thread (checking never blocks publishing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.comments.stats import WeekStats
    from scheduler.runtime.journal import Journal

__all__ = ["response_stats"]


def response_stats(journal: Journal, account: str, weeks: int, **kwargs: object) -> list[WeekStats]:
    """Per week: comments received, answered, response rate, median time to answer (see `stats`)."""
    from scheduler.comments.stats import response_stats as _stats

    return _stats(journal, account, weeks, **kwargs)  # type: ignore[arg-type]
