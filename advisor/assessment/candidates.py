"""The answers worth trying for a question: each choice, and each side of every threshold or date the rules use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping

from advisor.engine.reference import evaluate3
from advisor.law.conditions import FactLeaf
from advisor.law.in_force import DATED_BY, Law, basis_dates, law_in_force
from advisor.law.rules import Rulebook
from advisor.law.vocabulary import FactSpec


def candidate_values(book: Rulebook, law: Law, spec: FactSpec) -> list[object]:
    """Answers that between them take every rule reading this fact to each side it can fall."""
    if spec.type == "yes_no":
        return [True, False]
    if spec.type == "choice":
        return list(spec.choices)
    if spec.type == "choices":
        return [[], *([choice] for choice in spec.choices), list(spec.choices)]
    if spec.type == "number":
        return list(_numbers(law, spec))
    if spec.type == "date":
        return list(_dates(book, law, spec))
    return []


def _thresholds(law: Law, name: str) -> set[object]:
    return {active.threshold(leaf) for active in law.rules for leaf in active.leaves
            if isinstance(leaf, FactLeaf) and leaf.fact == name}


def _numbers(law: Law, spec: FactSpec) -> list[int | float]:
    low = spec.minimum if spec.minimum is not None else float("-inf")
    high = spec.maximum if spec.maximum is not None else float("inf")
    points = {point for value in _thresholds(law, spec.name) if isinstance(value, int | float)
              for point in (value - 1, value, value + 1)}
    return sorted(point for point in points if low <= point <= high)


def _dates(book: Rulebook, law: Law, spec: FactSpec) -> list[dt.date]:
    """Each side of every date compared with, and of every window of rules and values dated by this answer."""
    edges = {value for value in _thresholds(law, spec.name) if isinstance(value, dt.date)}
    for rule in book.rules.values():
        if rule.date_basis != spec.name:
            continue
        edges.add(rule.in_force.start)
        if rule.in_force.to is not None:
            edges.add(rule.in_force.to + dt.timedelta(days=1))
        for param in book.file_of(rule).parameters.values():
            edges.update(entry.start for entry in param.values)
    one = dt.timedelta(days=1)
    return sorted({day for edge in edges for day in (edge - one, edge)})


def distinct_values(book: Rulebook, as_at: dt.date, facts: Mapping[str, object], spec: FactSpec,
                    values: list[object]) -> list[object]:
    """One value for each different outcome: same law in force and same result on every leaf reading it.

    Remembered per process by all it reads: the rule book, the date, the answers dating rules, the question, the values.
    """
    key = (id(book), as_at, tuple(facts.get(name) for name in DATED_BY), spec.name, tuple(values))
    try:
        found = _DISTINCT.get(key)
    except TypeError:  # values that cannot be remembered
        return _distinct_values(book, as_at, facts, spec, values)
    if found is None or found[0] is not book:
        if len(_DISTINCT) >= _DISTINCT_MOST:
            _DISTINCT.clear()
        found = _DISTINCT[key] = (book, _distinct_values(book, as_at, facts, spec, values))
    return list(found[1])


_DISTINCT: dict[Hashable, tuple[Rulebook, list[object]]] = {}
_DISTINCT_MOST = 4096  # an interview asks of a few dates and numbers on a few dates


def _distinct_values(book: Rulebook, as_at: dt.date, facts: Mapping[str, object], spec: FactSpec,
                     values: list[object]) -> list[object]:
    seen: dict[object, object] = {}
    for value in values:
        law = law_in_force(book, basis_dates(as_at, {**facts, spec.name: value}))
        outcome = tuple(evaluate3(leaf, active, {spec.name: value}, {}) for active in law.rules  # type: ignore[dict-item]
                        for leaf in active.leaves if isinstance(leaf, FactLeaf) and leaf.fact == spec.name)
        seen.setdefault((law.signature, outcome), value)
    return list(seen.values())
