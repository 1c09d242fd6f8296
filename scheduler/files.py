"""Private files and folders: what holds sessions, traces, journals and logs is readable by its owner only.

The one helper for it (folders 0700, files 0600, whatever the umask). Folders
that already exist are left as they are: they may be shared, like /tmp.
"""

from __future__ import annotations

import os
from pathlib import Path


def private_dir(path: Path) -> Path:
    """Create `path` and its missing parents as 0700; returns it absolute."""
    path = path.absolute()
    for folder in [*reversed(path.parents), path]:
        if not folder.exists():
            new_private_dir(folder)
    return path


def new_private_dir(path: Path) -> bool:
    """Create the folder `path` (its parent exists) as 0700; False when it is there already."""
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        return False
    os.chmod(path, 0o700)  # mkdir's mode is masked by the umask
    return True


def private_file(path: Path) -> None:
    """Create `path` (and missing parent folders) private: file 0600; an existing file is made 0600."""
    path = path.absolute()
    private_dir(path.parent)
    if path.exists():
        # never open+close an existing database: closing *any* descriptor of a file drops every
        # POSIX lock this process holds on it, including those of an open SQLite connection (a
        # second Journal in the daemon, e.g. the comment checker's, would blind the first one)
        os.chmod(path, 0o600)
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
