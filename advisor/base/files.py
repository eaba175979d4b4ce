"""Writing the advisor's files: whole or not at all, never onto a file the command reads, not through a link unless asked.

Every file the advisor writes (a command's `-o` output, a memo and its matrix, the questionnaire's answers)
goes through `write_file`. The content goes to a temporary file in the same folder, named `.NAME.XXXXXXXX.tmp`,
which is flushed to disk, given the mode of the file it replaces (a new file gets the mode the umask allows),
and renamed over the file in one step: a kill, a full disk or Ctrl-C leaves the old file or the new one, never
a truncated or mixed one, and the temporary file is removed on any failure. A process killed outright cannot
remove its own: the next write of the same file does, once no live process holds it (each writer keeps its
temporary file locked, see `advisor.base.locks`).

An output that is a symbolic link is refused, naming the link (`follow_symlinks` writes to its target
instead, as the questionnaire does for its answers file), and so is one that is the same file as an input of
the command. A device or pipe (`-o /dev/null`) is written to directly: there is nothing to replace.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from advisor.base.errors import AnswersError, shown
from advisor.base.locks import LOCKING, NOFOLLOW, still_named, try_lock

_STALE = r"[a-z0-9_]{8}\.tmp"  # the temporary names written here (hex) and by earlier versions (tempfile's)


def check_output(path: Path, name: str | None = None, inputs: Iterable[str | Path | None] = (),
                 follow_symlinks: bool = False) -> Path:
    """The file a write to `path` would replace, after refusing a link (unless followed) or an input (AnswersError)."""
    label = name or str(path)
    target = path
    if path.is_symlink():
        if not follow_symlinks:
            raise AnswersError(f"{label}: is a symbolic link (to {shown(os.readlink(path), 300)}); the advisor does not "
                               "write through links: give the path of the file itself")
        target = Path(os.path.realpath(path))
        if target.is_symlink():
            raise AnswersError(f"{label}: is a loop of symbolic links; give the path of a file")
    for given in inputs:
        if given is not None and str(given) != "-" and _same_file(target, Path(given)):
            raise AnswersError(f"{label}: is {given}, which this command reads; write the output to another file")
    return target


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except (OSError, ValueError):
        return False


def write_file(path: Path, content: bytes, name: str | None = None, inputs: Iterable[str | Path | None] = (),
               follow_symlinks: bool = False) -> None:
    """Replace `path` with `content` atomically (see the module's docstring); AnswersError if it cannot be done."""
    label = name or str(path)
    target = check_output(path, label, inputs, follow_symlinks)
    existed = target.exists()
    try:
        if existed and not target.is_dir() and not stat.S_ISREG(target.stat().st_mode):
            target.write_bytes(content)  # a device or a pipe: nothing to replace, nothing to truncate
            return
        remove_stale_temporaries(target)
        _replace(target, content)
    except OSError as exc:
        kept = "the file was left as it was" if existed else "nothing was written"
        raise AnswersError(f"{label}: cannot be written ({exc.strerror or exc.__class__.__name__}); {kept}") from None


def _replace(target: Path, content: bytes) -> None:
    """Write a locked temporary file beside `target`, flush it to disk, and rename it over `target`."""
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    fd, temporary = _temporary(target)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view):]
        if mode is not None:
            os.fchmod(fd, mode)
        os.fsync(fd)
        os.replace(temporary, target)
    except BaseException:  # Ctrl-C included: never leave the temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    finally:
        os.close(fd)
    _sync_folder(target.parent)


def _temporary(target: Path) -> tuple[int, str]:
    """A new temporary file beside `target`, open and locked (so no other process takes it for abandoned)."""
    while True:
        temporary = str(target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp"))
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o666)
        except FileExistsError:
            continue
        try_lock(fd, wait=True)
        if still_named(temporary, fd):  # not removed as abandoned in the moment before it was locked
            return fd, temporary
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Flush the rename to disk too (where the system allows a folder to be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_stale_temporaries(target: Path) -> list[str]:
    """Remove the temporary files of `target` that writers killed mid-write left behind; the names removed.

    A temporary file still locked belongs to a live writer and is kept; without `fcntl` none is removed."""
    if not LOCKING:
        return []
    pattern = re.compile(re.escape(f".{target.name}.") + _STALE)
    try:
        names = sorted(os.listdir(target.parent))
    except OSError:
        return []
    return [name for name in names if pattern.fullmatch(name) and _remove_if_abandoned(target.parent / name)]


def _remove_if_abandoned(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW)
    except OSError:
        return False
    try:
        if try_lock(fd) and still_named(path, fd):
            os.unlink(path)
            return True
    except OSError:
        pass
    finally:
        os.close(fd)
    return False
