"""The rule-base cache: JSON sealed with the user's key, used only from a private folder, any bad file a miss rewritten."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.base.resources import data_dir
from advisor.law.cache import _cached, _key, _name, _seal, cached_rulebook
from advisor.law.loader import load_rulebook, rules_digest
from advisor.law.rules import Rulebook
from advisor.law.snapshot import same_book, snapshot_json
from tests.conftest import make_rules_dir

RULES = data_dir("rules")


class _Runs:
    """A pickle that, if ever unpickled, creates the file named."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


@pytest.fixture(scope="module")
def fresh() -> Rulebook:
    return load_rulebook(RULES)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("ADM_ADVISOR_CACHE_DIR", str(directory))
    monkeypatch.delenv("ADM_ADVISOR_NO_CACHE", raising=False)
    return directory


def _path(directory: Path) -> Path:
    return directory / _name(rules_digest(RULES))


def _is_served(directory: Path) -> bool:
    """True when the cache file holds a sealed rule base that a later command would use."""
    return _cached(_path(directory), _key(directory), rules_digest(RULES)) is not None


def test_a_cache_hit_is_the_rule_base_loaded_fresh(cache: Path, fresh: Rulebook) -> None:
    cached_rulebook(RULES)
    assert _is_served(cache)
    assert same_book(cached_rulebook(RULES), fresh)
    assert oct(cache.stat().st_mode & 0o777) == "0o700" and oct((cache / "key").stat().st_mode & 0o777) == "0o600"


def test_a_crafted_pickle_in_the_cache_never_runs(cache: Path, tmp_path: Path, fresh: Rulebook) -> None:
    marker = tmp_path / "ran"
    cache.mkdir(mode=0o700)
    crafted = pickle.dumps(_Runs(marker))
    for path in (_path(cache), cache / "key", *(cache / f"rulebook-{n}.pickle" for n in range(3))):
        path.write_bytes(crafted)
    assert same_book(cached_rulebook(RULES), fresh)
    assert not marker.exists()
    assert _is_served(cache)


def test_a_crafted_pickle_never_runs_in_a_command(cache: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    cache.mkdir(mode=0o700)
    _path(cache).write_bytes(pickle.dumps(_Runs(marker)))
    done = subprocess.run([sys.executable, "-m", "advisor", "advise", "--example", "worcestershire-2018"],
                          capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()


def _corruptions(key: bytes, good: bytes) -> dict[str, bytes]:
    payload = good.partition(b"\n")[2]
    empty = json.loads(payload) | {"files": {}}
    return {
        "unknown protocol byte": b"\x80\xff" + good[2:],
        "failing reduce": pickle.dumps(ValueError) + b"R.",
        "huge length": b"\x80\x05\x8d" + (2**62).to_bytes(8, "little") + b"x",
        "empty rule base, sealed": _seal(key, json.dumps(empty).encode()),
        "truncated": good[: len(good) // 2],
        "not JSON, sealed": _seal(key, b"\x00\xff{"),
        "wrong types, sealed": _seal(key, json.dumps(json.loads(payload) | {"derived": [1, 2]}).encode()),
        "empty file": b"",
    }


@pytest.mark.parametrize("kind", ["unknown protocol byte", "failing reduce", "huge length", "empty rule base, sealed",
                                  "truncated", "not JSON, sealed", "wrong types, sealed", "empty file"])
def test_a_corrupt_cache_is_a_miss_that_is_rewritten(cache: Path, fresh: Rulebook, kind: str) -> None:
    cached_rulebook(RULES)
    path, key = _path(cache), _key(cache)
    bad = _corruptions(key, path.read_bytes())[kind]
    path.write_bytes(bad)
    assert same_book(cached_rulebook(RULES), fresh)
    assert path.read_bytes() != bad and _is_served(cache)


def test_an_oversized_cache_file_is_not_read(cache: Path, fresh: Rulebook) -> None:
    cached_rulebook(RULES)
    with _path(cache).open("r+b") as handle:
        handle.truncate(1 << 40)  # sparse: a terabyte by its length
    assert same_book(cached_rulebook(RULES), fresh)
    assert _is_served(cache) and _path(cache).stat().st_size < 1 << 24


def _without_exclusions(payload: bytes) -> bytes:
    data = json.loads(payload)
    for topic in data["files"].values():
        topic["rules"] = [rule for rule in topic["rules"] if rule["effect"] != "exclude"] or topic["rules"][:1]
    return json.dumps(data).encode()


def test_a_tampered_cache_is_detected_and_not_used(cache: Path, fresh: Rulebook) -> None:
    """Exclusions removed, the true digest kept: unsealed (or sealed with another key), it is not used."""
    cached_rulebook(RULES)
    path = _path(cache)
    tampered = _without_exclusions(path.read_bytes().partition(b"\n")[2])
    for forged in (path.read_bytes().partition(b"\n")[0] + b"\n" + tampered, _seal(b"k" * 32, tampered)):
        path.write_bytes(forged)
        book = cached_rulebook(RULES)
        assert same_book(book, fresh)
        assert sum(rule.effect == "exclude" for rule in book.rules.values()) > 20
        assert _is_served(cache)


def test_a_sealed_cache_of_other_rules_is_not_used(cache: Path, tmp_path: Path, fresh: Rulebook) -> None:
    """The stamp's digest is recomputed from the shipped files, and what is loaded must carry it."""
    cached_rulebook(RULES)
    other = load_rulebook(make_rules_dir(tmp_path))
    _path(cache).write_bytes(_seal(_key(cache), snapshot_json(other)))
    book = cached_rulebook(RULES)
    assert book.digest == rules_digest(RULES) and same_book(book, fresh)


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722])
def test_a_cache_folder_others_can_write_is_not_used(cache: Path, fresh: Rulebook, mode: int) -> None:
    cached_rulebook(RULES)
    path = _path(cache)
    tampered = _seal(_key(cache), _without_exclusions(path.read_bytes().partition(b"\n")[2]))
    path.write_bytes(tampered)
    cache.chmod(mode)
    assert same_book(cached_rulebook(RULES), fresh)
    assert path.read_bytes() == tampered  # neither read nor written
    cache.chmod(0o700)
    assert not same_book(cached_rulebook(RULES), fresh)  # the planted file was sealed: only the folder check stopped it


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making a folder another's needs root")
def test_a_cache_folder_owned_by_another_user_is_not_used(cache: Path, fresh: Rulebook) -> None:
    cache.mkdir(mode=0o700)
    os.chown(cache, 65534, 65534)
    assert same_book(cached_rulebook(RULES), fresh)
    assert not any(cache.iterdir())


def test_a_shared_key_is_replaced(cache: Path, fresh: Rulebook) -> None:
    cached_rulebook(RULES)
    key = cache / "key"
    old = key.read_bytes()
    key.chmod(0o644)
    assert same_book(cached_rulebook(RULES), fresh)
    assert key.read_bytes() != old and oct(key.stat().st_mode & 0o777) == "0o600"
    assert _is_served(cache)
