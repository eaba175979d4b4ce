"""What a scenario case may say: its keys, and expectations naming only rules, options, verdicts and facts that exist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.law.rules import Rulebook

CHECKS = ("expect", "fired", "fired_for", "not_fired", "not_fired_for", "cites", "not_cites", "asks", "says", "provided")
KEYS = frozenset({"name", "as_at", "example", "answers", "proposal", "engine", *CHECKS})
VERDICT_NAMES = ("viable", "viable_with_conditions", "undetermined", "not_viable")
ENGINES = ("durable", "reference")


def shape_problems(case: Mapping[str, Any], book: Rulebook) -> list[str]:
    """Why a case cannot be run as written (an unknown key, no check, a name the rule base lacks), or nothing."""
    unknown = sorted(set(case) - KEYS)
    problems = [f"unknown keys {unknown} (allowed: {', '.join(sorted(KEYS))})"] if unknown else []
    if not set(case) & set(CHECKS):
        problems.append(f"no check given (one of {', '.join(CHECKS)})")
    if case.get("engine", "durable") not in ENGINES:
        problems.append(f"engine {case.get('engine')!r} is not one of {', '.join(ENGINES)}")
    return (problems + _expect_problems(case, book) + _rule_problems(case, book) + _text_problems(case, book)
            + _provided_problems(case, book))


def _target_problem(target: object, book: Rulebook) -> str | None:
    adm_id, _, form_id = str(target).partition("/")
    adms = {adm.id: adm for adm in book.catalogue.adms}
    if adm_id not in adms:
        return f"{target}: no such delivery model"
    if form_id and form_id not in adms[adm_id].forms:
        return f"{target}: {adm_id} cannot take the form {form_id!r} (forms: {', '.join(adms[adm_id].forms)})"
    return None


def _mapping(case: Mapping[str, Any], key: str) -> tuple[dict[Any, Any], list[str]]:
    value = case.get(key) or {}
    return (value, []) if isinstance(value, dict) else ({}, [f"{key}: expected a mapping"])


def _listing(value: object, key: str) -> tuple[list[Any], list[str]]:
    if isinstance(value, list):
        return value, []
    return [], [f"{key}: expected a list"]


def _expect_problems(case: Mapping[str, Any], book: Rulebook) -> list[str]:
    expect, problems = _mapping(case, "expect")
    for target, verdict in expect.items():
        problems += [p for p in [_target_problem(target, book)] if p]
        if verdict not in VERDICT_NAMES:
            problems.append(f"{target}: verdict {verdict!r} is not one of {', '.join(VERDICT_NAMES)}")
    return problems


def _rule_problems(case: Mapping[str, Any], book: Rulebook) -> list[str]:
    problems: list[str] = []
    named: list[Any] = []
    for key in ("fired", "not_fired"):
        found, bad = _listing(case.get(key, []), key)
        named, problems = named + found, problems + bad
    for key in ("fired_for", "not_fired_for"):
        targets, bad = _mapping(case, key)
        problems += bad
        for target, rules in targets.items():
            problems += [p for p in [_target_problem(target, book)] if p]
            found, bad = _listing(rules, f"{key}.{target}")
            named, problems = named + found, problems + bad
    return problems + [f"no rule {rule!r} in the rule base" for rule in named if rule not in book.rules]


def _text_problems(case: Mapping[str, Any], book: Rulebook) -> list[str]:
    problems: list[str] = []
    for key in ("cites", "not_cites"):
        found, bad = _listing(case.get(key, []), key)
        problems += bad + [f"{key}: {item!r} is not text" for item in found if not isinstance(item, str)]
    asks, bad = _listing(case.get("asks", []), "asks")
    problems += bad + [f"asks: {fact!r} is not an answer fact" for fact in asks if fact not in book.vocabulary]
    says, bad = _mapping(case, "says")
    for rule, texts in says.items():
        found, wrong = _listing(texts, f"says.{rule}")
        problems += [f"says: no rule {rule!r} in the rule base"] if rule not in book.rules else []
        problems += wrong + [f"says.{rule}: {item!r} is not text" for item in found if not isinstance(item, str)]
    return problems + bad


def _provided_problems(case: Mapping[str, Any], book: Rulebook) -> list[str]:
    """`provided`: per option (ADM/form), the council choices and values its proviso must be."""
    provided, problems = _mapping(case, "provided")
    for target, choices in provided.items():
        problems += [p for p in [_target_problem(target, book)] if p]
        problems += [f"provided.{target}: name a form (ADM/form)"] if "/" not in str(target) else []
        if not isinstance(choices, dict):
            problems.append(f"provided.{target}: expected a mapping of answer facts to values")
            continue
        problems += [f"provided.{target}: {fact!r} is not a council choice" for fact in choices
                     if fact not in book.vocabulary or not book.vocabulary[fact].council_choice]
    return problems
