"""Firings for answers that differ a little from answers already evaluated: only the rules that read what differs
are evaluated again, in plain Python (the reference evaluator's logic), the rest taken over.

The question planner tries each possible answer to each open question (a what-if) against the answers so far,
whose firings the engine has already given. One answer changes few rules' outcomes: the derive rules are run again
in full (they are few and their order matters), then a rule is evaluated again only when it reads a fact that
differs or a derived fact whose value changed for its ADM. A date answer can put other versions of some rules in
force: those rules are evaluated again too, and the firings of rules no longer in force dropped. The result equals a
whole evaluation (tested against the durable engine over every example, question and answer).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from advisor.engine.reference import derivation_order, derive_all, rule_firings
from advisor.law.active import ActiveRule, Firing
from advisor.law.answers import FactValue
from advisor.law.conditions import FactLeaf
from advisor.law.in_force import Law


@dataclass(frozen=True)
class _Reads:
    """What each rule of a law reads, indexed both ways, and its derive rules in order."""

    derive: tuple[ActiveRule, ...]
    derive_ids: frozenset[str]
    by_key: Mapping[str, frozenset[str]]  # a flat fact key -> the ids of the non-derive rules reading it
    by_name: Mapping[str, frozenset[str]]  # a derived fact -> the ids of the non-derive rules reading it
    by_id: Mapping[str, tuple[ActiveRule, ...]]  # a non-derive rule's id -> each of its copies (a folded law has several)


_READS: dict[int, _Reads] = {}
_LOCK = threading.Lock()


def _reads(law: Law) -> _Reads:
    found = _READS.get(law.key)
    if found is None:
        by_key: dict[str, set[str]] = {}
        by_name: dict[str, set[str]] = {}
        by_id: dict[str, list[ActiveRule]] = {}
        for active in (a for a in law.rules if a.rule.effect != "derive"):
            by_id.setdefault(active.rule.id, []).append(active)
            for leaf in active.leaves:
                table, name = (by_key, leaf.key()) if isinstance(leaf, FactLeaf) else (by_name, leaf.name)
                table.setdefault(name, set()).add(active.rule.id)
        derive = tuple(derivation_order(law))
        found = _Reads(derive, frozenset(a.rule.id for a in derive), {k: frozenset(v) for k, v in by_key.items()},
                       {k: frozenset(v) for k, v in by_name.items()}, {k: tuple(v) for k, v in by_id.items()})
        with _LOCK:
            _READS[law.key] = found
    return found


def _changed_rules(before: Law, law: Law) -> frozenset[str]:
    """The ids of `law`'s non-derive rules that `before` lacks or has in another form (condition, parameters, the
    models they touch): a date answer choosing other versions of some rules."""
    key = (before.key, law.key)
    found = _CHANGED.get(key)
    if found is None:
        was, now = _reads(before).by_id, _reads(law).by_id
        found = frozenset(rule for rule, copies in now.items()
                          if rule not in was or list(map(_form, was[rule])) != list(map(_form, copies)))
        with _LOCK:
            _CHANGED[key] = found
    return found


def _form(active: ActiveRule) -> tuple[object, ...]:
    """What a rule's firings depend on besides the facts."""
    return repr(active.condition), sorted(active.params.items()), active.adms, active.per_adm


_CHANGED: dict[tuple[int, int], frozenset[str]] = {}


def reevaluate(law: Law, before: AbstractSet[Firing], before_facts: Mapping[str, FactValue],
               facts: Mapping[str, FactValue], before_law: Law | None = None) -> frozenset[Firing]:
    """The firings for `facts` under `law`, given the firings `before` for `before_facts` under `before_law` (the
    same law when not given): the rules whose form differs between the two laws are evaluated again too."""
    reads = _reads(law)
    derived, derive_firings = derive_all(reads.derive, facts)
    was = before_law or law
    was_derive = _reads(was).derive_ids
    old_derive = {f for f in before if f.rule in was_derive}
    names = {(law.by_id.get(f.rule) or was.by_id[f.rule]).rule.derives or "" for f in old_derive ^ derive_firings}
    keys = {key for key in facts.keys() | before_facts.keys() if facts.get(key) != before_facts.get(key)}
    again = set().union(*(reads.by_key.get(key, ()) for key in keys), *(reads.by_name.get(n, ()) for n in names))
    if before_law is not None and before_law.key != law.key:
        again |= _changed_rules(before_law, law)
    kept = {f for f in before if f.rule in reads.by_id and f.rule not in again}
    for rule in again:
        for active in reads.by_id[rule]:
            kept |= rule_firings(active, facts, derived)
    return frozenset(kept | derive_firings)
