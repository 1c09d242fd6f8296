"""Where things are in a TOML file: the line of every table header and key.

`tomllib` returns values without positions (before Python 3.14), yet every
finding must name a line. This module scans the text once more, cheaply:

1. a C-speed regex finds every line that *looks* like a table header
   (`[x]`, `[[x]]`, dotted, quoted); each distinct header text is parsed once;
2. the headers are checked against the parsed document (same tables, same
   number of `[[x]]` elements). A header-like line inside a multi-line string
   or array would break that agreement; then, and only then, a careful
   line-by-line scan that tracks strings and brackets takes over;
3. keys (`name = ...`) are scanned carefully, but only in the few small
   tables; the elements of big arrays (`[[post]]`) are scanned lazily, when a
   finding needs the line of one of their keys.

Paths are dotted strings; elements of arrays of tables carry their index:
"plan.goal", "types.promo.max", "account.0.id". The header line of each element
of a lazy array is in `arrays` ("post" -> [line of 1st [[post]], ...]).
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate, chain, compress, repeat
from operator import not_
from typing import Any

from scheduler.plan.model import nearest_line

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_PART = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_KEY_PATH = rf"{_PART}(?:[ \t]*\.[ \t]*{_PART})*"

_PART_RE = re.compile(_PART)
_HEADER_RE = re.compile(rf"[ \t]*(\[\[?)[ \t]*({_KEY_PATH})[ \t]*(\]\]?)[ \t]*(?:#.*)?")
_KEY_RE = re.compile(rf"[ \t]*({_KEY_PATH})[ \t]*=")
#: a line that may be a header: the fast pass (text is prefixed with "\n")
_CANDIDATE_RE = re.compile(r"\n[ \t]*\[[^\n]*")
#: what matters inside a value: string openers, comments, brackets
_VALUE_TOKEN_RE = re.compile(rf"\"\"\"|'''|{_BASIC}|{_LITERAL}|#|[\[\]{{}}]")
#: anything that may open or close a value spanning lines
_SPECIAL_RE = re.compile(r"\"\"\"|'''|[\[\]{}]")
_BASIC_ML_END = re.compile(r'(?:[^\\"]|\\.|"(?!""))*"""("{0,2})')
_LITERAL_ML_END = re.compile(r"(?:[^']|'(?!''))*'''('{0,2})")


def _unquote(part: str) -> str:
    if part[0] == "'":
        return part[1:-1]
    if part[0] == '"':
        try:
            return str(tomllib.loads(f"k = {part}")["k"])
        except (tomllib.TOMLDecodeError, ValueError):
            return part[1:-1]
    return part


def _split_key(text: str) -> tuple[str, ...]:
    return tuple(_unquote(m.group()) for m in _PART_RE.finditer(text))


@lru_cache(maxsize=256)
def parse_header(line: str) -> tuple[tuple[str, ...], bool] | None:
    """`[a.b]` -> (("a", "b"), False); `[[post]]` -> (("post",), True); None if not a header."""
    match = _HEADER_RE.fullmatch(line.rstrip("\r"))
    if match is None or len(match.group(1)) != len(match.group(3)):
        return None
    return _split_key(match.group(2)), len(match.group(1)) == 2


class _Scanner:
    """Line-by-line state machine: multi-line strings, multi-line arrays, comments."""

    def __init__(self) -> None:
        self.ml: re.Pattern[str] | None = None  # end pattern of an open multi-line string
        self.closing = ""  # its delimiter, for a quick "not on this line" check
        self.depth = 0  # open brackets/braces of a value spanning lines

    def in_value(self) -> bool:
        return self.ml is not None or self.depth > 0

    def feed_value(self, line: str, pos: int) -> None:
        """Consume the value part of a line from `pos`, updating the open string/bracket state."""
        if self.ml is not None:
            match = self.ml.match(line, pos)
            if match is None:
                return
            self.ml = None
            pos = match.end()
        while True:
            token = _VALUE_TOKEN_RE.search(line, pos)
            if token is None:
                return
            text = token.group()
            pos = token.end()
            if text == "#":
                return
            if text in ('"""', "'''"):
                end = (_BASIC_ML_END if text == '"""' else _LITERAL_ML_END).match(line, pos)
                if end is None:
                    self.ml = _BASIC_ML_END if text == '"""' else _LITERAL_ML_END
                    self.closing = text
                    return
                pos = end.end()
            elif text in "[{":
                self.depth += 1
            elif text in "]}":
                self.depth = max(0, self.depth - 1)


class SourceLines:
    """Lines of headers and keys of one TOML text (see the module docstring)."""

    def __init__(self, text: str, data: dict[str, Any], lazy: Iterable[str] = ("post",)) -> None:
        self.text = text
        self.lazy = frozenset(lazy)
        #: dotted path -> line, for tables, keys, arrays (their first element) and
        #: elements of small arrays ("account.0"); not for elements of lazy arrays
        self.keys: dict[str, int] = {}
        #: array-of-tables path ("post") -> line of each element's header, in order
        self.arrays: dict[str, list[int]] = {}
        self._starts: list[int] = []  # offset of every header line, in file order
        self._lines: list[int] = []  # its line
        self._elements: dict[str, list[int]] = {}  # lazy array -> index into _starts per element
        if not self._fast(data):
            self._careful()

    # -- public ---------------------------------------------------------------

    def line_of(self, path: str, default: int | None = None) -> int | None:
        """Line of a dotted path, else of its nearest enclosing table or key, else `default`."""
        return nearest_line(self.keys, path, default)

    def element_key_line(self, array: str, index: int, key: str) -> int | None:
        """Line of `key` inside element `index` of a lazily scanned array of tables."""
        found = self.keys.get(f"{array}.{index}.{key}")
        if found is not None:
            return found
        elements = self._elements.get(array)
        if not elements or index >= len(elements):
            return self.line_of(array)
        header = elements[index]
        start = self._starts[header]
        end = self._starts[header + 1] if header + 1 < len(self._starts) else len(self.text)
        first_line = self._lines[header]
        prefix = (array, str(index))
        for path, line in self._scan_keys(self.text[start:end].split("\n")[1:], first_line + 1, prefix):
            if path is not None and ".".join(path[2:]) == key:
                return line
        return first_line

    # -- fast path --------------------------------------------------------------

    def _fast(self, data: dict[str, Any]) -> bool:
        """Headers by regex, verified against the parsed document; False when they disagree.

        Written with C-level iteration (map, compress, accumulate) because a big
        plan has one `[[post]]` header per post: tens of thousands of them.
        """
        text = self.text
        matches = list(_CANDIDATE_RE.finditer("\n" + text))
        starts = list(map(re.Match.start, matches))  # offset of the header line in `text`
        texts = list(map(re.Match.group, matches))
        lines = list(accumulate(map(text.count, repeat("\n"), chain((0,), starts), starts), initial=1))[1:]
        parsed: dict[str, tuple[tuple[str, ...], bool]] = {}
        for candidate in set(texts):
            header = parse_header(candidate[1:])
            if header is None:
                return False
            parsed[candidate] = header
        lazy_texts: dict[str, set[str]] = {}
        for candidate, (path, is_array) in parsed.items():
            if is_array and len(path) == 1 and path[0] in self.lazy:
                lazy_texts.setdefault(path[0], set()).add(candidate)
        all_lazy = set().union(*lazy_texts.values())
        for name, forms in lazy_texts.items():
            mask = list(map(forms.__contains__, texts))
            self._elements[name] = list(compress(range(len(texts)), mask))
            self.arrays[name] = list(compress(lines, mask))
            self.keys[name] = self.arrays[name][0]
            node = data.get(name)
            if not isinstance(node, list) or len(node) != len(self._elements[name]):
                return False
        counters: dict[tuple[str, ...], int] = {}
        seen_tables: set[tuple[str, ...]] = set()
        headers: list[tuple[int, int, tuple[str, ...], bool]] = []
        for index in compress(range(len(texts)), map(not_, map(all_lazy.__contains__, texts))):
            path, is_array = parsed[texts[index]]
            if path[0] in self._elements:  # a sub-table of a lazy array's element
                counters[path[:1]] = bisect_right(self._elements[path[0]], index)
            resolved = self._resolve(path, is_array, counters)
            if not is_array:
                if resolved in seen_tables:
                    return False
                seen_tables.add(resolved)
            headers.append((index, lines[index], resolved, is_array))
        for path, number in counters.items():
            node = _lookup(data, self._resolve_indices(path, counters))
            if path[0] not in self._elements and (not isinstance(node, list) or len(node) != number):
                return False
        for resolved in seen_tables:
            if not isinstance(_lookup(data, resolved), dict):
                return False
        self._starts, self._lines = starts, lines
        self._record_headers(headers)
        return self._scan_small_regions(headers)

    def _scan_small_regions(self, headers: list[tuple[int, int, tuple[str, ...], bool]]) -> bool:
        """Scan keys of the root table and every table outside the lazy arrays."""
        text, starts = self.text, self._starts
        root_end = starts[0] if starts else len(text)
        regions: list[tuple[int, int, int, tuple[str, ...]]] = [(0, root_end, 1, ())]
        for index, line, path, _ in headers:
            if path[0] not in self.lazy:
                end = starts[index + 1] if index + 1 < len(starts) else len(text)
                regions.append((starts[index], end, line, path))
        for start, end, line, path in regions:
            chunk = text[start:end].split("\n")
            if path:  # skip the header line itself
                chunk, line = chunk[1:], line + 1
            for key_path, key_line in self._scan_keys(chunk, line, path):
                if key_path is None:
                    return False  # a header the fast pass did not see
                self.keys.setdefault(".".join(key_path), key_line)
        return True

    def _record_headers(self, headers: list[tuple[int, int, tuple[str, ...], bool]]) -> None:
        """Remember the lines of tables and of elements of the small arrays."""
        for _, line, path, is_array in headers:
            for end in range(1, len(path) + 1):  # "[types.promo]" also places "types"
                self.keys.setdefault(".".join(path[:end]), line)
            if is_array:
                array = ".".join(path[:-1])
                self.keys.setdefault(array, line)
                self.arrays.setdefault(array, []).append(line)

    # -- careful path -------------------------------------------------------------

    def _careful(self) -> None:
        """Full line-by-line scan; used only when the fast pass cannot be trusted."""
        for state in (self.keys, self.arrays, self._elements):
            state.clear()
        self._starts, self._lines = [], []
        headers: list[tuple[int, int, tuple[str, ...], bool]] = []
        counters: dict[tuple[str, ...], int] = {}
        scanner = _Scanner()
        table: tuple[str, ...] = ()
        offset = 0
        lazy = False  # inside an element of a lazy array: only headers and open values matter
        special = _SPECIAL_RE.search
        for number, raw in enumerate(self.text.split("\n"), start=1):
            start, offset = offset, offset + len(raw) + 1
            line = raw.rstrip("\r")
            if scanner.in_value():
                if scanner.ml is None or scanner.closing in line:
                    scanner.feed_value(line, 0)
                continue
            stripped = line.lstrip(" \t")
            if not stripped or stripped[0] == "#":
                continue
            if lazy and stripped[0] != "[" and special(line) is None:
                continue  # a plain `key = value` line of a post: nothing to record, nothing opens
            if stripped[0] == "[":
                parsed = parse_header(line)
                if parsed is None:
                    continue
                path, is_array = parsed
                table = self._resolve(path, is_array, counters)
                lazy = table[0] in self.lazy
                if is_array and len(path) == 1 and path[0] in self.lazy:
                    self._elements.setdefault(path[0], []).append(len(self._starts))
                    self.arrays.setdefault(path[0], []).append(number)
                    self.keys.setdefault(path[0], number)
                else:
                    headers.append((len(self._starts), number, table, is_array))
                self._starts.append(start)
                self._lines.append(number)
                continue
            match = _KEY_RE.match(line)
            if match is None:
                continue
            if not lazy:
                self.keys.setdefault(".".join(table + _split_key(match.group(1))), number)
            scanner.feed_value(line, match.end())
        self._record_headers(headers)

    # -- helpers ------------------------------------------------------------------

    def _scan_keys(
        self, lines: list[str], first: int, table: tuple[str, ...]
    ) -> Iterable[tuple[tuple[str, ...] | None, int]]:
        """(key path, line) of each key line; (None, line) for a header (should not occur)."""
        scanner = _Scanner()
        for number, raw in enumerate(lines, start=first):
            line = raw.rstrip("\r")
            if scanner.in_value():
                scanner.feed_value(line, 0)
                continue
            stripped = line.lstrip(" \t")
            if not stripped or stripped[0] == "#":
                continue
            if stripped[0] == "[":
                if parse_header(line) is not None:
                    yield None, number
                continue
            match = _KEY_RE.match(line)
            if match is None:
                continue
            yield table + _split_key(match.group(1)), number
            scanner.feed_value(line, match.end())

    def _resolve(
        self, path: tuple[str, ...], is_array: bool, counters: dict[tuple[str, ...], int]
    ) -> tuple[str, ...]:
        """Insert element indices: `[post.x]` after the 3rd `[[post]]` -> ("post", "2", "x")."""
        if is_array:
            counters[path] = counters.get(path, 0) + 1
            return self._resolve_indices(path, counters) + (str(counters[path] - 1),)
        return self._resolve_indices(path, counters)

    @staticmethod
    def _resolve_indices(path: tuple[str, ...], counters: dict[tuple[str, ...], int]) -> tuple[str, ...]:
        out: list[str] = []
        for i, part in enumerate(path):
            out.append(part)
            number = counters.get(path[: i + 1])
            if number and i < len(path) - 1:
                out.append(str(number - 1))
        return tuple(out)


def _lookup(data: Any, path: tuple[str, ...]) -> Any:
    node = data
    for part in path:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node
