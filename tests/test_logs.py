"""The CLI's log set-up: every log file private, rotated ones too."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from loguru import logger

from scheduler.logs import configure


def test_log_files_are_private_after_rotation_too(tmp_path: Path) -> None:
    log = tmp_path / "jadwal.log"
    umask = os.umask(0o022)
    try:
        configure(log_file=log)
        for _ in range(2):  # 10 MB rotation: the second line starts a new file
            logger.info("{}", "x" * 6_000_000)
    finally:
        os.umask(umask)
        logger.remove()
        logger.add(sys.stderr)  # loguru's default sink back, for the tests that follow
    files = sorted(tmp_path.glob("jadwal*.log"))
    assert len(files) == 2
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
