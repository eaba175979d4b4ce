"""Selects the law in force: the rules, parameter values and authorities for the dates given."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple

from advisor.conditions import Condition, DerivedLeaf, FactLeaf, Status, leaves
from advisor.rulebook import EFFECT_ORDER, Authority, Rule, Rulebook

if TYPE_CHECKING:
    from advisor.verdicts import VerdictMasks


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


@dataclass(frozen=True)
class Law:
    """The rules in force for one assessment; its signature keys compiled engines."""

    rules: tuple[ActiveRule, ...]
    by_option: Mapping[tuple[str, str], tuple[ActiveRule, ...]]  # in the order findings are listed
    by_id: Mapping[str, ActiveRule]

    @cached_property
    def masks(self) -> VerdictMasks:
        """The bit masks verdicts are read from (advisor.verdicts), built on first use."""
        from advisor.verdicts import verdict_masks

        return verdict_masks(self)

    @cached_property
    def signature(self) -> tuple[object, ...]:
        """Identifies the compiled form: which rules, with which conditions and parameter values."""
        return tuple((a.rule.id, repr(a.condition), tuple(sorted(a.params.items()))) for a in self.rules)

    @cached_property
    def key(self) -> int:
        """A small number standing for the signature (equal signatures, equal keys), cheap to hash."""
        with _SIGNATURES_LOCK:
            return _SIGNATURES.setdefault(self.signature, len(_SIGNATURES))


_SIGNATURES: dict[tuple[object, ...], int] = {}  # every signature seen in this process: law versions are few
_SIGNATURES_LOCK = threading.Lock()


def basis_dates(as_at: dt.date, answers: Mapping[str, object]) -> dict[str, dt.date]:
    """The date each `date_basis` names: the answer if given, else the as-at date."""
    dates = {"as_at": as_at}
    for basis in ("procurement_start_date", "transfer_date"):
        given = answers.get(basis)
        dates[basis] = given if isinstance(given, dt.date) else as_at
    return dates


_LAWS: dict[tuple[str, tuple[tuple[str, dt.date], ...], bool], Law] = {}
_LAW_CACHE_SIZE = 256


def law_in_force(book: Rulebook, dates: Mapping[str, dt.date], proposal: bool = False) -> Law:
    """The rules whose windows cover their basis date, in rule-base order (remembered per dates)."""
    key = (book.digest, tuple(sorted(dates.items())), proposal)
    if key not in _LAWS:
        if len(_LAWS) >= _LAW_CACHE_SIZE:
            _LAWS.pop(next(iter(_LAWS)))
        _LAWS[key] = _select(book, dates, proposal)
    return _LAWS[key]


def _select(book: Rulebook, dates: Mapping[str, dt.date], proposal: bool) -> Law:
    active = []
    for rule in book.rules.values():
        if rule.scope == "proposal" and not proposal:
            continue  # checks of a proposed structure only
        day = dates[rule.date_basis]
        if rule.in_force.covers(day):
            active.append(_activate(book, rule, day))
    listed = sorted(active, key=lambda a: (EFFECT_ORDER.index(a.rule.effect), a.rule.area, a.rule.id))
    by_option = {pair: tuple(a for a in listed if book.touches_option(a.rule, *pair)) for pair in book.catalogue.options()}
    return Law(tuple(active), by_option, {a.rule.id: a for a in active})


def _activate(book: Rulebook, rule: Rule, day: dt.date) -> ActiveRule:
    topic = book.file_of(rule)
    params = {}
    for name, param in topic.parameters.items():
        value = param.value_on(day)
        if value is not None:  # the loader ensures every parameter a rule uses has one
            params[name] = value
    cited = tuple(topic.authorities[k] for k in rule.authorities if topic.authorities[k].in_force.covers(day))
    found = tuple(leaves(rule.condition))
    per_adm = rule.effect == "derive" or any(isinstance(leaf, DerivedLeaf) for leaf in found)
    return ActiveRule(rule, day, params, cited, book.adms_of(rule), per_adm, found, rule.condition)
