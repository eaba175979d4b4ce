"""The scenario tests probe every threshold below, at and above, and every change of law on both sides."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest

from advisor.law.conditions import FactLeaf, leaves
from advisor.law.rules import Rulebook
from advisor.law.shipped import load_book
from advisor.quality.scenarios import case_answers, load_cases

EARLIEST_CHANGE = dt.date(2014, 1, 1)  # older commencements predate every council decision in view


def _cases() -> list[dict[str, Any]]:
    return [{"as_at": case.as_at, "answers": case_answers(case)} for case in load_cases()]


def _numbers_given(cases: list[dict[str, Any]]) -> dict[str, set[float]]:
    given: dict[str, set[float]] = defaultdict(set)
    for case in cases:
        for fact, value in case["answers"].items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                given[fact].add(value)
    return given


def _thresholds(book: Rulebook) -> set[tuple[str, str, float]]:
    out = set()
    for rule in book.rules.values():
        topic = book.file_of(rule)
        for leaf in leaves(rule.condition):
            if isinstance(leaf, FactLeaf) and leaf.param is not None:
                for entry in topic.parameters[leaf.param].values:
                    out.add((leaf.fact, leaf.param, float(entry.value)))
    return out


@pytest.mark.parametrize("threshold", sorted(_thresholds(load_book())), ids=lambda t: f"{t[1]}={t[2]:g}")
def test_every_threshold_is_tested_below_at_and_above(threshold: tuple[str, str, float]) -> None:
    fact, _, value = threshold
    given = _numbers_given(_cases())[fact]
    assert value in given, f"no scenario gives {fact} = {value:g}"
    floor = load_book().vocabulary[fact].minimum
    assert any(v < value for v in given) or value == floor, f"no scenario gives {fact} below {value:g}"
    assert any(v > value for v in given), f"no scenario gives {fact} above {value:g}"


def _changes(book: Rulebook) -> set[tuple[str, dt.date]]:
    out = set()
    for rule in book.rules.values():
        for day in (rule.in_force.start, rule.in_force.to and rule.in_force.to + dt.timedelta(days=1)):
            if day is not None and day >= EARLIEST_CHANGE:
                out.add((rule.date_basis, day))
    return out


def _basis_days(case: dict[str, Any], basis: str) -> dt.date:
    given = case["answers"].get(basis, case["as_at"])
    return given if isinstance(given, dt.date) else dt.date.fromisoformat(str(given))


@pytest.mark.parametrize("change", sorted(_changes(load_book())), ids=lambda c: f"{c[0]}:{c[1]}")
def test_every_change_of_law_is_tested_on_both_sides(change: tuple[str, dt.date]) -> None:
    basis, day = change
    days = {_basis_days(case, basis) for case in _cases()}
    assert any(d < day for d in days), f"no scenario with {basis} before {day}"
    assert any(d >= day for d in days), f"no scenario with {basis} on or after {day}"
    assert any(day - dt.timedelta(days=366) <= d < day for d in days), f"no scenario with {basis} in the year before {day}"
    assert any(day <= d < day + dt.timedelta(days=366) for d in days), f"no scenario with {basis} in the year from {day}"
