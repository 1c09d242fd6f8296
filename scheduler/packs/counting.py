"""How jadwal counts what a platform limits in a post's text, the same way at plan time (R1) and in
the sandbox: characters are Unicode code points (as Python and most sites count them), a hashtag
is `#` and word characters not glued to a word before it, a mention `@` and word characters or dots.
"""

from __future__ import annotations

import re

HASHTAG = re.compile(r"(?<![\w#&])#\w+")
MENTION = re.compile(r"(?<![\w@])@[\w.]*\w")


def hashtags(text: str) -> list[str]:
    """The hashtags in `text`, in order (`#kopi` in "Ngopi #kopi"; not the `#` of "no#1" or "&#39;")."""
    return HASHTAG.findall(text) if "#" in text else []


def mentions(text: str) -> list[str]:
    """The @mentions in `text`, in order (`@kopisenja`; not an e-mail address's `@`)."""
    return MENTION.findall(text) if "@" in text else []
