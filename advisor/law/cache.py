"""Keeps the loaded and checked rule base on disk as JSON data, sealed with a key only its owner can read.

A cached rule base is used only when all of these hold; anything else is a miss, and the rule base is
loaded from rules/ and the cache rewritten (a temporary file in the same folder, fsync, rename):
the cache folder (and its parent, unless sticky) is the user's own and no one else can write to it;
the file is the user's own regular file, no larger than MAX_CACHE_BYTES; its seal (an HMAC-SHA256 under
the folder's key file, 0600) matches; it validates as a Snapshot; and its digest is the one just
recomputed from the rule files, which is the digest every output shows.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
import sys
import tempfile
from pathlib import Path

from advisor.base.errors import AdvisorError
from advisor.base.version import __version__
from advisor.law.loader import load_rulebook, rules_digest
from advisor.law.rules import Rulebook
from advisor.law.snapshot import book_from_json, same_book, snapshot_json

MAX_CACHE_BYTES = 16 * 1024 * 1024  # the shipped rule base is about 0.5 MB of JSON
_KEY_BYTES = 32
_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


def cache_dir() -> Path:
    """ADM_ADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/adm-advisor, else ~/.cache/adm-advisor."""
    explicit = os.environ.get("ADM_ADVISOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "adm-advisor"


def _name(digest: str) -> str:
    code = hashlib.sha256()
    package = Path(__file__).parents[1]
    for module in sorted(package.rglob("*.py")):
        code.update(module.relative_to(package).as_posix().encode())
        code.update(module.read_bytes())
    parts = (digest, __version__, sys.version, code.hexdigest())
    return "rulebook-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + ".json"


def _mine(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    return info.st_uid == os.getuid() and not info.st_mode & _OTHERS_WRITE


def private_dir(directory: Path) -> bool:
    """True when only this user can change what the folder holds (its parent must not let others swap it)."""
    if not hasattr(os, "getuid"):
        return False
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info, parent = os.stat(directory), os.stat(directory.resolve().parent)
    except OSError:
        return False
    parent_safe = _mine(parent) or parent.st_uid == 0 and (not parent.st_mode & _OTHERS_WRITE
                                                            or bool(parent.st_mode & stat.S_ISVTX))
    return stat.S_ISDIR(info.st_mode) and _mine(info) and parent_safe


def _read_own(path: Path, limit: int, unshared: int = _OTHERS_WRITE) -> bytes | None:
    """The bytes of the user's own regular file (not a link, no `unshared` mode bits), at most `limit`; else None."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or not _mine(info) or info.st_mode & unshared or info.st_size > limit:
            return None
        data = file.read(limit + 1)
    return data if len(data) <= limit else None


def _write_atomic(path: Path, data: bytes, replace: bool = True) -> None:
    """Write `data` to a temporary file beside `path`, fsync, then rename it over `path` (or link it, if absent)."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(temp, path)
        else:
            os.link(temp, path)  # fails if another process made it first: theirs is kept
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _key(directory: Path) -> bytes:
    """The folder's sealing key, made on first use; a bad one (not 0600, wrong size) is replaced."""
    path = directory / "key"
    key = _read_own(path, _KEY_BYTES, unshared=0o077)
    if key is not None and len(key) == _KEY_BYTES:
        return key
    with contextlib.suppress(FileExistsError):
        _write_atomic(path, secrets.token_bytes(_KEY_BYTES), replace=os.path.lexists(path))
    key = _read_own(path, _KEY_BYTES, unshared=0o077)
    if key is None or len(key) != _KEY_BYTES:
        raise OSError(f"{path}: the cache key cannot be made")
    return key


def _seal(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).hexdigest().encode() + b"\n" + payload


def _unsealed(key: bytes, data: bytes) -> bytes | None:
    mac, _, payload = data.partition(b"\n")
    expected = hmac.new(key, payload, hashlib.sha256).hexdigest().encode()
    return payload if hmac.compare_digest(mac, expected) else None


def _cached(path: Path, key: bytes, digest: str) -> Rulebook | None:
    data = _read_own(path, MAX_CACHE_BYTES)
    payload = None if data is None else _unsealed(key, data)
    if payload is None:
        return None
    try:
        book = book_from_json(payload)
    except (ValueError, TypeError, KeyError, AdvisorError):
        return None
    return book if book.digest == digest else None


def _store(path: Path, key: bytes, book: Rulebook) -> None:
    payload = snapshot_json(book)
    if same_book(book_from_json(payload), book):  # never store what would read back as other law
        _write_atomic(path, _seal(key, payload))


def cached_rulebook(rules_dir: Path) -> Rulebook:
    """The rule base from the cache when its files and the code are unchanged; else load, check and store it."""
    directory = cache_dir()
    if os.environ.get("ADM_ADVISOR_NO_CACHE") or not private_dir(directory):
        return load_rulebook(rules_dir)
    digest = rules_digest(rules_dir)
    path = directory / _name(digest)
    try:
        key = _key(directory)
    except OSError:
        return load_rulebook(rules_dir)
    book = _cached(path, key, digest)
    if book is not None:
        return book
    book = load_rulebook(rules_dir)
    with contextlib.suppress(OSError):
        _store(path, key, book)  # an unwritable cache only costs speed
    return book
