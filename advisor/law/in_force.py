"""Selects the law in force: the rules, parameter values and authorities for the dates given."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from advisor.law.active import ActiveRule
from advisor.law.conditions import DerivedLeaf, leaves
from advisor.law.masks import VerdictMasks, verdict_masks
from advisor.law.rules import EFFECT_ORDER, Rule, Rulebook


@dataclass(frozen=True)
class Law:
    """The rules in force for one assessment; its signature keys compiled engines."""

    rules: tuple[ActiveRule, ...]
    by_option: Mapping[tuple[str, str], tuple[ActiveRule, ...]]  # in the order findings are listed
    by_id: Mapping[str, ActiveRule]

    @cached_property
    def masks(self) -> VerdictMasks:
        """The bit masks verdicts are read from (advisor.law.masks), built on first use."""
        return verdict_masks(self.rules, self.by_option)

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


DATED_BY = ("procurement_start_date", "transfer_date")  # the answers that date rules, besides the as-at date


def basis_dates(as_at: dt.date, answers: Mapping[str, object]) -> dict[str, dt.date]:
    """The date each `date_basis` names: the answer if given, else the as-at date."""
    dates = {"as_at": as_at}
    for basis in DATED_BY:
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
    by_option: dict[tuple[str, str], list[ActiveRule]] = {pair: [] for pair in book.catalogue.options()}
    for each in listed:
        for pair in book.options_of(each.rule):
            by_option[pair].append(each)
    return Law(tuple(active), {pair: tuple(rules) for pair, rules in by_option.items()}, {a.rule.id: a for a in active})


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
