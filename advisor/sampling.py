"""Random answer sets drawn from the vocabulary, near every threshold (for differential tests and benchmarks)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from advisor.vocabulary import FactSpec, Vocabulary

NUMBERS = (0, 1, 3, 5, 9, 10, 11, 19, 20, 21, 34, 35, 36, 49, 50, 51, 79, 80, 81, 99, 100,
           29_999, 30_000, 100_000, 207_720, 214_904, 315_000, 663_540, 663_541, 725_000, 5_000_000, 25_000_001)
FIRST_DAY, DAYS = dt.date(2013, 1, 1), 365 * 14


def _value(spec: FactSpec, rng: random.Random) -> Any:
    if rng.random() < 0.3:
        return None
    if spec.type == "yes_no":
        return rng.random() < 0.5
    if spec.type == "number":
        low, high = spec.minimum or 0, spec.maximum if spec.maximum is not None else 10**9
        return rng.choice([n for n in NUMBERS if low <= n <= high])
    if spec.type == "choice":
        return rng.choice(spec.choices)
    if spec.type == "choices":
        return rng.sample(spec.choices, rng.randint(0, len(spec.choices)))
    return FIRST_DAY + dt.timedelta(days=rng.randint(0, DAYS))


def random_answers(vocabulary: Vocabulary, rng: random.Random) -> dict[str, Any]:
    """Every non-text fact drawn at random, about a third left unknown."""
    return {name: _value(spec, rng) for name, spec in vocabulary.facts.items() if spec.type != "text"}


def random_day(rng: random.Random) -> dt.date:
    """An as-at date between 2013 and 2026."""
    return FIRST_DAY + dt.timedelta(days=rng.randint(365, DAYS))
