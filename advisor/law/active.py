"""A rule in force on a date (its parameters resolved) and the firings an evaluation reports for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

from advisor.law.conditions import Condition, DerivedLeaf, FactLeaf, Status
from advisor.law.rules import Authority, Rule


class Firing(NamedTuple):
    """One rule's outcome: for an ADM (per-ADM rules) or for all it touches (adm None)."""

    rule: str
    adm: str | None
    status: Status


class Fired(AbstractSet[Firing]):
    """An assessment's firings: those settled once for its law (shared by all its assessments) and its own.

    A read-only set over the two parts, which never overlap (the engine checks), so neither is copied.
    `own_bits` is the union of the own firings' verdict bits (Law.masks.weights), kept by the engine
    as it records them, one union per rule outcome rather than per firing.
    """

    __slots__ = ("settled", "own", "own_bits")

    def __init__(self, settled: frozenset[Firing], own: AbstractSet[Firing], own_bits: int) -> None:
        self.settled, self.own, self.own_bits = settled, own, own_bits

    def __contains__(self, item: object) -> bool:
        return item in self.own or item in self.settled

    def __iter__(self) -> Iterator[Firing]:
        return chain(self.settled, self.own)

    def __len__(self) -> int:
        return len(self.settled) + len(self.own)

    def __hash__(self) -> int:
        return self._hash()

    @classmethod
    def _from_iterable(cls, it: Iterable[Firing]) -> frozenset[Firing]:  # type: ignore[override]
        return frozenset(it)


@dataclass(frozen=True)
class ActiveRule:
    """A rule in force on its basis date, with its parameters resolved for that date."""

    rule: Rule
    on: dt.date
    params: Mapping[str, float | int]
    authorities: tuple[Authority, ...]
    adms: tuple[str, ...]
    per_adm: bool  # evaluated for each ADM: it derives, or reads derived facts
    leaves: tuple[FactLeaf | DerivedLeaf, ...]  # the condition's leaves, in order
    condition: Condition | None  # the rule's parsed condition (None: always holds)

    def threshold(self, leaf: FactLeaf) -> object:
        """The value a leaf compares with: its literal value or the resolved parameter."""
        return self.params[leaf.param] if leaf.param is not None else leaf.value
