"""Content-mix presets: ready-made `[types]` and `[mix]` defaults for well-known rules of thumb.

A plan names one with `plan.preset`; its own `[types.*]` and `[mix]` keys
override the preset's key by key, so a marketer can start from a known mix and
adjust one number. Shares are upper (`max`) or lower (`min`) bounds per rolling
window; a bound such as "a third" is written 0.34 so that exactly a third passes.

- ``80-20``: the 80/20 rule. At most 20% of posts sell (`max_selling` 0.2);
  the other 80% inform, entertain or ask. Declares a selling `promo` type.
- ``rule-of-thirds``: a third promotes the business (`promotion`, selling),
  a third shares ideas and stories from others in the field (`ideas`), a third
  is personal interaction with followers (`interaction`, interactive).
- ``5-3-2``: of every 10 posts, 5 are curated from others (`curated`), 3 are
  your own content (`own`, selling), 2 are personal, humanising posts
  (`personal`).
- ``4-1-1``: of every 6 posts, 4 educate or entertain (`education`), 1 is a
  soft sell (`soft-sell`, e.g. an event or a testimonial) and 1 a hard sell
  (`hard-sell`, e.g. a discount).
"""

from __future__ import annotations

from typing import Any, TypedDict


class Preset(TypedDict):
    types: dict[str, dict[str, Any]]
    mix: dict[str, Any]


PRESETS: dict[str, Preset] = {
    "80-20": {
        "types": {"promo": {"selling": True, "max": 0.2}},
        "mix": {"max_selling": 0.2},
    },
    "rule-of-thirds": {
        "types": {
            "promotion": {"selling": True, "max": 0.34},
            "ideas": {"min": 0.3},
            "interaction": {"interactive": True, "min": 0.3},
        },
        "mix": {"max_selling": 0.34},
    },
    "5-3-2": {
        "types": {
            "curated": {"min": 0.5},
            "own": {"selling": True, "max": 0.3},
            "personal": {"min": 0.2},
        },
        "mix": {"max_selling": 0.3},
    },
    "4-1-1": {
        "types": {
            "education": {"min": 0.66},
            "soft-sell": {"selling": True, "max": 0.17},
            "hard-sell": {"selling": True, "max": 0.17},
        },
        "mix": {"max_selling": 0.34},
    },
}


def apply_preset(
    name: str, types: dict[str, dict[str, Any]], mix: dict[str, Any]
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Merge a preset under the plan's own tables: the plan's keys win, type by type.

    Raises KeyError for an unknown name (the loader turns it into a load finding).
    """
    preset = PRESETS[name]
    merged_types = {type_name: dict(spec) for type_name, spec in preset["types"].items()}
    for type_name, spec in types.items():
        merged_types.setdefault(type_name, {}).update(spec)
    return merged_types, {**preset["mix"], **mix}
