"""Remembers the proviso search's answer for an option, keyed by exactly what that search reads.

The search for one option (in `choices`) reads only: the law in force (its rules, conditions and
parameter values, which `Law.key` stands for), the rule book (the vocabulary's choices, their values
and order), which of the option's exclusions are still open, and for each of those the flat facts
and derived facts its condition reads, directly or through the derive rules behind those derived
facts still unknown, which the search derives again (each derived fact as the engine left it: value
and deciding rule), with the ADM where the rule
reads derived facts. Two options that agree on all of these (in one assessment or in two) get the
same proviso, so the search is run once per process for each.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from advisor.assessment.book_memory import PerBook
from advisor.assessment.context import Context
from advisor.law.active import ActiveRule
from advisor.law.conditions import DerivedLeaf, FactLeaf
from advisor.law.in_force import Law
from advisor.law.rules import Rulebook

Option = tuple[str, str]
Reads = tuple[tuple[str, ...], tuple[str, ...]]  # the flat fact keys and the derived fact names a rule reads
_MOST = 100_000  # provisos and ways kept per rule book (an interview needs some thousands)
_BOOKS = 4  # rule books whose provisos are kept per process
_MISSING = object()


class _Memory:
    """What one process has found for one rule book: provisos by key, and what each rule reads."""

    def __init__(self, book: Rulebook) -> None:
        self.book = book
        self.found: dict[Hashable, object] = {}  # provisos by option, ways by exclusion
        self.reads: dict[tuple[int, str], Reads] = {}
        self.derivers: dict[int, dict[str, tuple[ActiveRule, ...]]] = {}


_MEMORIES = PerBook(_Memory, _BOOKS)


def rule_key(context: Context, active: ActiveRule, adm: str) -> Hashable:
    """What the search reads for one open exclusion of one ADM: the values of the facts and derived facts it reads.

    A rule evaluated once for all ADMs reads no derived fact (`ActiveRule.per_adm`), so its key names no ADM.
    """
    memory = _MEMORIES.of(context.book)
    if not active.per_adm:
        return active.rule.id, "", _values(context.facts, _direct(memory, context.law, active)[0])
    keys, names = _searched(memory, context, active, adm)
    derived = context.derived.get(adm, {})
    return active.rule.id, adm, _values(context.facts, keys), tuple(map(derived.get, names))


def _values(facts: Mapping[str, object], keys: tuple[str, ...]) -> tuple[object, ...]:
    values = tuple(map(facts.get, keys))
    try:
        hash(values)
    except TypeError:  # a multi-choice answer read whole
        values = tuple(_plain(value) for value in values)
    return values


def _searched(memory: _Memory, context: Context, active: ActiveRule, adm: str) -> Reads:
    """The flat fact keys and derived facts the search reads for one rule of one ADM: a derived fact still unknown is
    derived again in the search, so the rules deriving it are followed; a known one is read as it stands."""
    derived, derivers = context.derived.get(adm, {}), _derivers(memory, context.law)
    keys: set[str] = set()
    names: set[str] = set()
    todo = [active]
    while todo:
        direct_keys, direct_names = _direct(memory, context.law, todo.pop())
        keys.update(direct_keys)
        for name in direct_names:
            if name not in names:
                names.add(name)
                if derived.get(name, _KNOWN)[0] == "unknown":
                    todo += derivers.get(name, ())
    return tuple(sorted(keys)), tuple(sorted(names))


_KNOWN = ("", "")  # a derived fact the engine did not report: the search does not derive it again


def recalled(book: Rulebook, key: Hashable) -> object:
    """What the search found before for this key, or `MISSING` when not kept."""
    return _MEMORIES.of(book).found.get(key, _MISSING)


def keep(book: Rulebook, key: Hashable, found: object) -> None:
    """Remember what the search found for this key (forgetting all once too many are kept)."""
    table = _MEMORIES.of(book).found
    if len(table) >= _MOST:
        table.clear()
    table[key] = found


def _direct(memory: _Memory, law: Law, active: ActiveRule) -> Reads:
    """The flat fact keys and derived fact names a rule's own condition reads."""
    key = (law.key, active.rule.id)
    found = memory.reads.get(key)
    if found is None:
        keys = {leaf.key() for leaf in active.leaves if isinstance(leaf, FactLeaf)}
        names = {leaf.name for leaf in active.leaves if isinstance(leaf, DerivedLeaf)}
        found = memory.reads[key] = (tuple(sorted(keys)), tuple(sorted(names)))
    return found


def _derivers(memory: _Memory, law: Law) -> dict[str, tuple[ActiveRule, ...]]:
    """Every rule in force deriving each derived fact."""
    found = memory.derivers.get(law.key)
    if found is None:
        by_name: dict[str, list[ActiveRule]] = {}
        for active in law.rules:
            if active.rule.derives:
                by_name.setdefault(active.rule.derives, []).append(active)
        found = memory.derivers[law.key] = {name: tuple(rules) for name, rules in by_name.items()}
    return found


def _plain(value: object) -> object:
    """A fact's value in hashable form (a multi-choice answer's list as a tuple)."""
    return tuple(value) if isinstance(value, list) else value


MISSING = _MISSING
