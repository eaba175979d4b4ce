"""What a durable session produced, case by case, and the actions that record it as durable's matches arrive.

Matches come back as the JSON text advisor.engine.durable_facts wrote; only the case, and for rules
that read derived facts the ADM, are read from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import reduce
from operator import or_

from advisor.engine.durable_facts import FactWriter
from advisor.law.active import Firing

Key = tuple[str, str, str]  # a derived fact: (name, ADM, value)
Action = Callable[[str, "Run"], None]  # (durable's action message, run): records firings, queues derived facts


def fixed_action(fired: list[Firing], derived: list[tuple[Key, list[str]]], weights: Mapping[Firing, int]) -> Action:
    """A rule that reads only answers: each match, one case's answers, fires the same firings and derives the same facts."""
    bits = reduce(or_, [weights[firing] for firing in fired], 0)

    def run(message: str, current: Run) -> None:
        for case in current.cases_in(message):
            current.firings[case].update(fired)
            current.bits[case] |= bits
            for key, heads in derived:
                current.derive(case, key, heads)

    return run


def reader_action(firing: Mapping[str, Firing], derived: Mapping[str, tuple[Key, list[str]]],
                  weights: Mapping[Firing, int]) -> Action:
    """A rule that reads derived facts: each match fires for the ADM and case its derived facts carry."""
    bits = {adm: weights[fired] for adm, fired in firing.items()}

    def run(message: str, current: Run) -> None:
        for adm, case in dict.fromkeys(ADM_CASE.findall(message)):  # each match's derived facts: one ADM, one case
            current.firings[case].add(firing[adm])
            current.bits[case] |= bits[adm]
            if adm in derived:
                current.derive(case, *derived[adm])

    return run


class Run:
    """What one session produced, case by case: firings, and the derived facts asserted (each once)."""

    def __init__(self, cases: int, sid: str, writer: FactWriter) -> None:
        names = [str(case) for case in range(cases)]  # cases as durable's matches write them
        self.firings: dict[str, set[Firing]] = {case: set() for case in names}
        self.bits: dict[str, int] = dict.fromkeys(names, 0)  # the union of each case's firings' verdict bits
        self.derived: dict[str, set[Key]] = {case: set() for case in names}
        self.pending: list[str] = []  # derived facts to assert when the current wave of activations ends
        self.cases_in: Callable[[str], Sequence[str]] = _CASE.findall if cases > 1 else _only_case
        self._tails = {case: writer.derived_tail(case, sid) for case in names}

    def derive(self, case: str, key: Key, heads: list[str]) -> None:
        """Queue a derived fact (its copies' heads from FactWriter), unless already asserted for this case."""
        if key not in self.derived[case]:
            self.derived[case].add(key)
            tail = self._tails[case]
            self.pending += [head + tail for head in heads]


_CASE = re.compile(r'"case":(\d+)')  # each match of a rule reading only answers: one case's answers fact


def _only_case(message: str) -> tuple[str, ...]:
    return _FIRST_CASE


_FIRST_CASE = ("0",)


ADM_CASE = re.compile(r'"adm":"([^"]*)","case":(\d+)')  # as FactWriter writes derived facts; durable returns them as written
