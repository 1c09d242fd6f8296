"""Processes as /proc shows them: the one process-tree walker, and who holds a claim.

The publisher kills a hung browser by walking the tree below its Playwright
driver; the journal tells a live claimant from a dead one by its PID and start
time (a PID alone is reused by the kernel).
"""

from __future__ import annotations

import os
from collections.abc import Callable


def _stat_fields(pid: int) -> list[bytes] | None:
    """The fields of /proc/PID/stat after the command name (which may hold spaces and parentheses)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rpartition(b")")[2].split()
    except OSError:
        return None


def children() -> dict[int, list[int]]:
    """parent PID -> child PIDs, read from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat_fields(int(entry))
        if not fields or len(fields) < 2:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def descendants(root: int, *, tree: dict[int, list[int]] | None = None,
                skip: Callable[[int], bool] | None = None) -> list[int]:
    """Every process below `root` (not `root` itself); `skip` prunes a process and what is below it."""
    tree = children() if tree is None else tree
    found: list[int] = []
    todo = list(tree.get(root, []))
    while todo:
        pid = todo.pop()
        if skip is not None and skip(pid):
            continue
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def cmdline(pid: int) -> list[bytes]:
    """The arguments a process was started with ([] when it is gone)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [a for a in f.read().split(b"\0") if a]
    except OSError:
        return []


def is_playwright_driver(pid: int) -> bool:
    return any(b"run-driver" in arg for arg in cmdline(pid))


def drivers(root: int | None = None) -> set[int]:
    """Playwright driver processes below `root` (this process by default)."""
    return {pid for pid in descendants(os.getpid() if root is None else root) if is_playwright_driver(pid)}


def identity(pid: int | None = None) -> str:
    """"PID:START" for a process (this one by default): names it even after its PID is reused."""
    pid = os.getpid() if pid is None else pid
    fields = _stat_fields(pid)
    start = fields[19].decode() if fields and len(fields) > 19 else "0"  # field 22, starttime
    return f"{pid}:{start}"


def alive(ident: str | None) -> bool:
    """Whether the process named by `identity()` still runs (False for None or garbage)."""
    if not ident:
        return False
    pid_text, _, start = ident.partition(":")
    if not pid_text.isdigit():
        return False
    fields = _stat_fields(int(pid_text))
    if not fields or len(fields) < 20 or fields[0] in (b"Z", b"X"):  # gone, or a zombie nobody reaped
        return False
    return fields[19].decode() == start
