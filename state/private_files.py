"""Owner-only files: the database with its -wal and -shm, the data directory and all it holds.

Case data lives in these files, so nobody but the account running zorgbot may read them, whatever
the umask and whichever command created them. `owner_only_umask` makes every file the process
creates owner-only from the start; `tighten` repairs what an earlier run or another tool left open.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def owner_only_umask() -> int:
    """From now on this process creates files 0600 and directories 0700; returns the old umask."""
    return os.umask(0o077)


def ensure_private_dir(path: str | Path) -> Path:
    """Create the directory (and missing parents) owner-only; an existing one is tightened."""
    path = Path(path)
    old = owner_only_umask()
    try:
        path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    finally:
        os.umask(old)
    os.chmod(path, PRIVATE_DIR)
    return path


def write_private_file(path: str | Path, content: bytes) -> Path:
    """Write `content` to `path`, owner-only from its first byte."""
    path = Path(path)
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)   # an existing file keeps its old mode through O_CREAT
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(content)
    finally:
        if fd >= 0:
            os.close(fd)
    return path


def tighten(path: str | Path) -> None:
    """Make `path` owner-only; a directory with everything below it. Missing paths are left alone."""
    path = Path(path)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        return                       # never follow a link out of the data directory
    if stat.S_ISDIR(info.st_mode):
        os.chmod(path, PRIVATE_DIR)
        for child in path.iterdir():
            tighten(child)
    elif stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700)


def create_private_database_file(path: str | Path) -> None:
    """Create an empty SQLite file owner-only before SQLite does (it would follow the umask); its
    -wal and -shm files take their mode from it. Existing ones are tightened."""
    path = Path(path)
    if not path.exists() and path.parent.is_dir():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    tighten_database_files(path)


def tighten_database_files(path: str | Path) -> None:
    for suffix in SQLITE_COMPANIONS:
        companion = Path(f"{path}{suffix}")
        if companion.is_file():
            tighten(companion)
