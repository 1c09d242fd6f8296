"""Logging set-up, done once by the CLI; library modules only `from loguru import logger`.

Human lines go to stderr; optionally a rotating file and/or JSON lines. User
text is always passed as data (`logger.info("posted {}", text)`), never as the
format string, so a brace in a post cannot break a log line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HUMAN_FORMAT = "<green>{time:YYYY-MM-DD HH:mm:ss Z}</green> <level>{level: <7}</level> {message}"


def _private(path: str, flags: int) -> int:
    """Open a log file 0600 whatever the umask: the first one and every one rotation starts."""
    return os.open(path, flags, 0o600)


def configure(verbose: int = 0, *, log_file: Path | None = None, json_lines: bool = False) -> None:
    """Replace loguru's default sink: INFO (or DEBUG with -v) to stderr, plus an optional file."""
    from loguru import logger

    level = "DEBUG" if verbose else "INFO"
    logger.remove()
    logger.add(sys.stderr, level=level, format=HUMAN_FORMAT, serialize=json_lines, backtrace=False, diagnose=False)
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        logger.add(log_file, level=level, rotation="10 MB", retention=5, serialize=json_lines,
                   backtrace=False, diagnose=False, opener=_private)
