"""Reads rules/ into a Rulebook: the topic files, the catalogue, the vocabulary and the derived facts, checked as they load."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import yaml
from pydantic import ValidationError

from advisor.base.errors import RulebookError
from advisor.base.resources import data_dir
from advisor.base.yamlio import load_yaml
from advisor.law.catalogue import load_catalogue
from advisor.law.check import check_rulebook
from advisor.law.rules import Rule, Rulebook, TopicFile
from advisor.law.vocabulary import load_vocabulary


def _read_topic(path: Path) -> TopicFile:
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulebookError(f"{path.name}: cannot be read as YAML: {exc}") from exc
    try:
        topic = TopicFile.model_validate(raw)
    except ValidationError as exc:
        raise RulebookError(f"{path.name}: {_first_error(exc, raw)}") from None
    rules = tuple(rule.with_origin(topic.topic, path.name) for rule in topic.rules)
    return topic.model_copy(update={"rules": rules})


def _first_error(exc: ValidationError, raw: object) -> str:
    error = exc.errors()[0]
    loc = list(error["loc"])
    where = ".".join(str(part) for part in loc)
    if loc[:1] == ["rules"] and len(loc) > 1 and isinstance(raw, dict):
        with contextlib.suppress(IndexError, KeyError, AttributeError, TypeError):
            where = f"rule {raw['rules'][loc[1]].get('id', loc[1])}: " + ".".join(str(p) for p in loc[2:])
    return f"{where}: {error['msg']}"


def _load_derived(rules_dir: Path) -> dict[str, dict[str, str]]:
    """Each derived fact's entry in derived.yaml: its topic, description and (optionally) label."""
    try:
        raw = load_yaml((rules_dir / "derived.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulebookError(f"derived.yaml: cannot be read as YAML: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("derived"), dict):
        raise RulebookError("derived.yaml: expected a mapping `derived:` of name to description")
    for name, spec in raw["derived"].items():
        if not isinstance(spec, dict) or not isinstance(spec.get("description"), str):
            raise RulebookError(f"derived.yaml: {name}: expected a mapping with a `description`")
    return {str(name): spec for name, spec in raw["derived"].items()}


def _load_parties(rules_dir: Path) -> dict[str, str]:
    """Who does a timed step, in words, by the id a rule's `timing.who` names (parties.yaml)."""
    try:
        raw = load_yaml((rules_dir / "parties.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulebookError(f"parties.yaml: cannot be read as YAML: {exc}") from exc
    parties = raw.get("parties") if isinstance(raw, dict) else None
    if not isinstance(parties, dict) or not all(isinstance(words, str) and words for words in parties.values()):
        raise RulebookError("parties.yaml: expected a mapping `parties:` of id to the party in words")
    return {str(name): words for name, words in parties.items()}


def rules_digest(rules_dir: Path) -> str:
    """The sha256 of every YAML file in the rule base, with its path."""
    sha = hashlib.sha256()
    for path in sorted(rules_dir.rglob("*.yaml")):
        sha.update(path.relative_to(rules_dir).as_posix().encode())
        sha.update(path.read_bytes())
    return "sha256:" + sha.hexdigest()


def topic_paths(rules_dir: Path) -> list[Path]:
    """The topic files: every YAML file in rules/ except the catalogue and vocabulary."""
    reserved = {"adms.yaml", "forms.yaml", "derived.yaml", "proposal_map.yaml", "parties.yaml"}
    return [path for path in sorted(rules_dir.glob("*.yaml")) if path.name not in reserved]


def load_rulebook(rules_dir: Path | None = None) -> Rulebook:
    """Load and check the whole rule base; any problem raises RulebookError naming file and rule."""
    rules_dir = rules_dir or data_dir("rules")
    files = {path.name: _read_topic(path) for path in topic_paths(rules_dir)}
    rules: dict[str, Rule] = {}
    for name, topic in files.items():
        for rule in topic.rules:
            if rule.id in rules:
                raise RulebookError(f"{name}: rule id {rule.id} is already used in {rules[rule.id].file}")
            rules[rule.id] = rule
    derived = _load_derived(rules_dir)
    book = Rulebook(load_catalogue(rules_dir), load_vocabulary(rules_dir / "answers"),
                    {name: spec["description"] for name, spec in derived.items()}, files, rules, rules_digest(rules_dir),
                    derived_labels={name: str(spec.get("label") or spec["description"]) for name, spec in derived.items()},
                    parties=_load_parties(rules_dir))
    check_rulebook(book)
    return book
