"""Keeps the loaded and checked rule base on disk, keyed by the rule files' digest and the advisor version."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from advisor.base.version import __version__
from advisor.law.loader import load_rulebook, rules_digest
from advisor.law.rules import Rulebook


def cache_dir() -> Path:
    """ADM_ADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/adm-advisor, else ~/.cache/adm-advisor."""
    explicit = os.environ.get("ADM_ADVISOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "adm-advisor"


def _key(rules_dir: Path) -> str:
    code = hashlib.sha256()
    package = Path(__file__).parents[1]
    for module in sorted(package.rglob("*.py")):
        code.update(module.relative_to(package).as_posix().encode())
        code.update(module.read_bytes())
    parts = (rules_digest(rules_dir), __version__, sys.version, code.hexdigest())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def cached_rulebook(rules_dir: Path) -> Rulebook:
    """The rule base from the cache when its files and the code are unchanged; else load, check and store it."""
    if os.environ.get("ADM_ADVISOR_NO_CACHE"):
        return load_rulebook(rules_dir)
    path = cache_dir() / f"rulebook-{_key(rules_dir)}.pickle"
    try:
        book = pickle.loads(path.read_bytes())
        if isinstance(book, Rulebook):
            return book
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    book = load_rulebook(rules_dir)
    _store(path, book)
    return book


def _store(path: Path, book: Rulebook) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump(book, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        pass  # an unwritable cache only costs speed
