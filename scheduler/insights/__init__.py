"""Learning from the audience: what each post earned, and when an account's followers are there.

- `readings`: each published post's numbers (likes, comments, views...) read
  through its adapter 1 h, 24 h and 7 days after it went out; the schedule is
  derived from the journal, so it survives a restart.
- `figures`: those readings turned into per-post figures (engagements, reach,
  engagement rate), per-slot and per-type summaries, and the R2 lines that rest
  on posts (weekly reach, engagement rate), each with how many posts it rests on.
- `suggest`: the best slots of an account's own history (only with enough data),
  the plan-time hint for a post in a slot far below the best, and a re-timed
  copy of the coming days that keeps all five rules.
"""
