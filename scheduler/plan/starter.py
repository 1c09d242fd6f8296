"""A starting plan (`jadwal init`): a preset's mix, the accounts given, and a draft post for every slot.

The plan validates as written: two posts a day (09:00 and 19:00) in a 14-slot
pattern per preset that keeps every share of every 7-day window (a window
always holds exactly one whole pattern), never more than two selling posts in
a row, and an interactive type (`question` is added when the preset has none).
Every text is a draft to be rewritten; the plan's comments say so, and so does
`jadwal init`. Strings are written with `json.dumps`: its escapes are TOML's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from scheduler.i18n import _

#: 14 slots (one week, two posts a day) per preset, in order: every share holds in every window
PATTERNS: dict[str, tuple[str, ...]] = {
    "80-20": ("education", "question", "education", "education", "promo", "education", "education",
              "question", "education", "education", "promo", "education", "education", "education"),
    "rule-of-thirds": ("ideas", "interaction", "promotion", "ideas", "interaction", "promotion", "ideas",
                       "interaction", "promotion", "ideas", "interaction", "promotion", "ideas", "interaction"),
    "5-3-2": ("curated", "personal", "own", "curated", "question", "curated", "personal",
              "curated", "own", "curated", "personal", "curated", "question", "curated"),
    "4-1-1": ("education", "education", "question", "education", "soft-sell", "education", "education",
              "education", "education", "question", "education", "hard-sell", "education", "education"),
}
#: types a preset lacks that the rules need, declared by the starting plan
EXTRA_TYPES: dict[str, dict[str, dict[str, object]]] = {
    "80-20": {"education": {}, "question": {"interactive": True}},
    "rule-of-thirds": {"interaction": {"interactive": True}},
    "5-3-2": {"question": {"interactive": True}},
    "4-1-1": {"question": {"interactive": True}},
}
TIMES = ("09:00", "19:00")
#: where each platform lives, for an account given without an address
DEFAULT_URLS = {"sandbox": "http://127.0.0.1:8700", "instagram": "https://www.instagram.com",
                "facebook": "https://www.facebook.com", "tiktok": "https://www.tiktok.com"}


@dataclass(frozen=True, slots=True)
class AccountSpec:
    id: str
    platform: str = "sandbox"
    url: str = ""
    handle: str = ""


@dataclass(frozen=True, slots=True)
class Starter:
    name: str
    goal: str
    timezone: str
    start: date
    days: int
    preset: str
    accounts: tuple[AccountSpec, ...]
    owner: str

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)

    @property
    def posts(self) -> int:
        return self.days * len(TIMES) * len(self.accounts)


def parse_account(spec: str) -> AccountSpec:
    """`ig`, or `id=ig,platform=sandbox,handle=kopisenja,url=http://127.0.0.1:8700` (ValueError when wrong)."""
    if "=" not in spec:
        return AccountSpec(spec.strip(), handle=spec.strip())
    parts: dict[str, str] = {}
    for item in spec.split(","):
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or key not in ("id", "platform", "url", "handle"):
            raise ValueError(_("{item!r} is not id=..., platform=..., url=... or handle=...").format(item=item))
        parts[key] = value.strip()
    if not parts.get("id"):
        raise ValueError(_("an account needs an id, e.g. id=ig"))
    return AccountSpec(parts["id"], parts.get("platform") or "sandbox", parts.get("url", ""),
                       parts.get("handle") or parts["id"])


def render(starter: Starter, path: str) -> str:
    """The plan's TOML text, to be written at `path` (named in its comments)."""
    q = json.dumps
    lines = [
        "# " + _("A starting plan written by `jadwal init`."),
        "# " + _("Every post's text is a draft: write each one before `jadwal daemon` publishes it."),
        "# " + _("Check it with: jadwal validate {path}").format(path=path),
        "",
        "[plan]",
        f"name = {q(starter.name, ensure_ascii=False)}",
        f"goal = {q(starter.goal, ensure_ascii=False)}",
        f"timezone = {q(starter.timezone)}",
        f"start = {starter.start.isoformat()}",
        f"end = {starter.end.isoformat()}",
        f"preset = {q(starter.preset)}",
    ]
    for account in starter.accounts:
        url = account.url or DEFAULT_URLS.get(account.platform, "https://www.example.com")
        lines += ["", "[[account]]", f"id = {q(account.id, ensure_ascii=False)}",
                  f"platform = {q(account.platform)}", f"url = {q(url)}",
                  f"handle = {q(account.handle or account.id, ensure_ascii=False)}",
                  f"session = {q('sessions/' + account.id + '.json', ensure_ascii=False)}"
                  f"   # {_('written by `jadwal login`; keep it out of git')}"]
    for name, keys in EXTRA_TYPES[starter.preset].items():
        lines += ["", f"[types.{name}]"] + [f"{key} = {str(value).lower()}" for key, value in keys.items()]
    lines += ["", "[engagement]", f"owner = {q(starter.owner, ensure_ascii=False)}   # {_('who answers comments')}",
              'check_every = "30m"', 'reply_within = "4h"',
              "", "[[target]]", 'metric = "followers"',
              f"baseline = 1000   # {_('change to the number today')}",
              f"goal = 1100       # {_('and the number to reach')}",
              f"by = {starter.end.isoformat()}"]
    ids = [account.id for account in starter.accounts]
    to = q(ids[0], ensure_ascii=False) if len(ids) == 1 else q(ids, ensure_ascii=False)
    pattern = PATTERNS[starter.preset]
    slot = 0
    for offset in range(starter.days):
        day = starter.start + timedelta(days=offset)
        for clock in TIMES:
            kind = pattern[slot % len(pattern)]
            slot += 1
            text = _("Draft {type} post for {day} {time}: write it here.").format(
                type=kind, day=day.isoformat(), time=clock)
            lines += ["", "[[post]]", f"id = {q(f'{day:%m%d}-{clock[:2]}', ensure_ascii=False)}",
                      f"account = {to}", f"at = {day.isoformat()}T{clock}:00", f"type = {q(kind)}",
                      f"text = {q(text, ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"
