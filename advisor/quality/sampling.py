"""Random answer sets drawn near every threshold the rule base holds (for differential tests and benchmarks)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from advisor.law.rules import Rulebook
from advisor.law.vocabulary import FactSpec

FIRST_DAY, DAYS = dt.date(2013, 1, 1), 365 * 14


def boundary_numbers(book: Rulebook) -> tuple[float, ...]:
    """Every parameter value in the rule base, with the numbers just below and just above it."""
    values = {entry.value for topic in book.files.values() for param in topic.parameters.values()
              for entry in param.values}
    return tuple(sorted({n for v in values for n in (v - 1, v, v + 1)} | {0}))


def _value(spec: FactSpec, numbers: tuple[float, ...], rng: random.Random) -> Any:
    if rng.random() < 0.3:
        return None
    if spec.type == "yes_no":
        return rng.random() < 0.5
    if spec.type == "number":
        low, high = spec.minimum or 0, spec.maximum if spec.maximum is not None else float("inf")
        return rng.choice([n for n in numbers if low <= n <= high])
    if spec.type == "choice":
        return rng.choice(spec.choices)
    if spec.type == "choices":
        return rng.sample(spec.choices, rng.randint(0, len(spec.choices)))
    return FIRST_DAY + dt.timedelta(days=rng.randint(0, DAYS))


def random_answers(book: Rulebook, rng: random.Random) -> dict[str, Any]:
    """Every non-text fact drawn at random near the thresholds, about a third left unknown."""
    numbers = boundary_numbers(book)
    return {name: _value(spec, numbers, rng) for name, spec in book.vocabulary.facts.items() if spec.type != "text"}


def random_day(rng: random.Random) -> dt.date:
    """An as-at date between 2014 and 2026."""
    return FIRST_DAY + dt.timedelta(days=rng.randint(365, DAYS))
