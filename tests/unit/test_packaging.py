"""The installed package works from any directory: rules/, templates/ and examples ship with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _installed(tmp_path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_installed_advisor_runs_outside_the_checkout(tmp_path: Path) -> None:
    """Every delivery model of the installed catalogue gets a verdict: the 19 of the Deloitte list and the independent trust."""
    catalogue = [adm["id"] for adm in _installed(tmp_path, "adms", "--format", "json")["adms"]]
    advice = _installed(tmp_path, "advise", "--example", "worcestershire-2018", "--format", "json")
    assert [adm["id"] for adm in advice["adms"]] == catalogue
    assert len(catalogue) == 20


def test_the_cached_rule_base_equals_a_fresh_load(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from advisor.base.resources import data_dir
    from advisor.law.cache import cached_rulebook
    from advisor.law.loader import load_rulebook

    monkeypatch.setenv("ADM_ADVISOR_CACHE_DIR", str(tmp_path))
    first = cached_rulebook(data_dir("rules"))
    assert list(tmp_path.glob("rulebook-*.json"))
    second = cached_rulebook(data_dir("rules"))
    fresh = load_rulebook()
    assert second.digest == first.digest == fresh.digest
    assert set(second.rules) == set(fresh.rules)
    assert second.rules["tupe.eli.notify_28_days"].condition == fresh.rules["tupe.eli.notify_28_days"].condition


def test_a_changed_rule_file_is_not_served_from_the_cache(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from advisor.law.cache import cached_rulebook
    from tests.conftest import make_rules_dir

    monkeypatch.setenv("ADM_ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    rules = make_rules_dir(tmp_path)
    before = cached_rulebook(rules)
    sample = rules / "sample.yaml"
    sample.write_text(sample.read_text(encoding="utf-8").replace("Control by share", "Control by votes"), encoding="utf-8")
    after = cached_rulebook(rules)
    assert after.digest != before.digest
    assert after.rules["sample.control.share"].title == "Control by votes"
