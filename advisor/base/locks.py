"""Advisory locks on files: held while a process writes a file, or for as long as a session has one open.

Locks are `flock` locks (POSIX `fcntl`): exclusive, and dropped by the operating system when the process
holding them ends, however it ends (a `kill -9` included), so a lock file left behind by a killed session is
simply taken over by the next one. Where there is no `fcntl` (Windows), `LOCKING` is false: nothing is locked,
and a caller falls back to its own checks.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

if sys.platform != "win32":
    import fcntl

LOCKING = sys.platform != "win32"
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # never open a lock or temporary file through a symbolic link


class FileBusy(Exception):
    """Another live process holds the lock; `holder` is what it wrote in the lock file (its process id)."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


def try_lock(fd: int, wait: bool = False) -> bool:
    """Take the exclusive lock on an open file: True if taken (waiting for it when `wait`), False if held elsewhere."""
    if sys.platform == "win32":
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def still_named(path: Path | str, fd: int) -> bool:
    """Whether `path` still names the file open as `fd` (not removed, nor replaced by another file)."""
    try:
        named = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


@dataclass
class SessionLock:
    """The lock a session holds on a file (through `.NAME.lock` beside it) until `release`."""

    path: Path
    fd: int | None

    def release(self) -> None:
        """Remove the lock file (while still holding it, so no other session is misled) and drop the lock."""
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            if still_named(self.path, self.fd):
                os.unlink(self.path)
        os.close(self.fd)
        self.fd = None


def lock_session(path: Path) -> SessionLock:
    """Lock `path` (a link's target, as resolved) for this process; FileBusy if a live process holds it.

    OSError when the lock file cannot be made (a folder the user cannot write to)."""
    real = Path(os.path.realpath(path))
    lock_path = real.with_name(f".{real.name}.lock")
    if not LOCKING:
        return SessionLock(lock_path, None)
    while True:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | NOFOLLOW, 0o666)
        if not try_lock(fd):
            holder = _holder(fd)
            os.close(fd)
            raise FileBusy(holder)
        if still_named(lock_path, fd):  # not a lock file its last holder removed as we opened it
            break
        os.close(fd)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    return SessionLock(lock_path, fd)


def _holder(fd: int) -> str:
    """The process id a lock file names (as written by `lock_session`), or "unknown"."""
    with contextlib.suppress(OSError):
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if text.isdigit():
            return text
    return "unknown"
