"""The mutations tried on the rule base: each threshold nudged, each comparison flipped, each in-force date moved a day,
each timed rule's way of counting its period changed."""

from __future__ import annotations

import datetime as dt

from advisor.law.rules import Rulebook
from advisor.quality.mutant import Mutant
from advisor.quality.mutate_dates import date_mutants
from advisor.quality.mutate_operators import operator_mutants
from advisor.quality.mutate_thresholds import threshold_mutants
from advisor.quality.mutate_timings import timing_mutants


def all_mutants(book: Rulebook, dates_from: dt.date) -> list[Mutant]:
    """Every mutation: thresholds, then operators, then in-force dates on or after `dates_from`, then timings."""
    return [*threshold_mutants(book), *operator_mutants(book), *date_mutants(book, dates_from), *timing_mutants(book)]
