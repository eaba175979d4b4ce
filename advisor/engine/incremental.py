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

from advisor.engine.reference import derivation_order, evaluate3, rule_firings
from advisor.law.active import ActiveRule, Firing
from advisor.law.answers import FactValue
from advisor.law.conditions import FactLeaf, Status
from advisor.law.in_force import Law


@dataclass(frozen=True)
class _Reads:
    """What each rule of a law reads, indexed both ways, and its derive rules in order."""

    derive: tuple[ActiveRule, ...]
    derive_ids: frozenset[str]
    by_key: Mapping[str, frozenset[str]]  # a flat fact key -> the ids of the non-derive rules reading it
    by_name: Mapping[str, frozenset[str]]  # a derived fact -> the ids of the non-derive rules reading it
    by_id: Mapping[str, tuple[ActiveRule, ...]]  # a non-derive rule's id -> each of its copies (a folded law has several)
    derive_reads: tuple[tuple[frozenset[str], frozenset[str]], ...]  # each derive rule's fact keys and derived facts


def _leaf_reads(active: ActiveRule) -> tuple[frozenset[str], frozenset[str]]:
    """The flat fact keys and the derived facts a rule's condition reads."""
    return (frozenset(leaf.key() for leaf in active.leaves if isinstance(leaf, FactLeaf)),
            frozenset(leaf.name for leaf in active.leaves if not isinstance(leaf, FactLeaf)))


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
                       {k: frozenset(v) for k, v in by_name.items()}, {k: tuple(v) for k, v in by_id.items()},
                       tuple(_leaf_reads(a) for a in derive))
        with _LOCK:
            _READS[law.key] = found
    return found


def changed_rules(before: Law, law: Law) -> frozenset[str]:
    """The ids of the rules (derive rules too) that one law has and the other lacks, or has in another form
    (condition, parameters, the models they touch): what a date answer choosing other versions of rules changes."""
    key = (before.key, law.key)
    found = _CHANGED.get(key)
    if found is None:
        was, now = _forms(before), _forms(law)
        found = frozenset(rule for rule in was.keys() | now.keys() if was.get(rule) != now.get(rule))
        with _LOCK:
            if len(_CHANGED) >= _MOST_PAIRS:
                _CHANGED.clear()
            _CHANGED[key] = found
    return found


def _forms(law: Law) -> dict[str, list[tuple[object, ...]]]:
    forms: dict[str, list[tuple[object, ...]]] = {}
    for active in law.rules:
        forms.setdefault(active.rule.id, []).append(rule_form(active))
    return forms


def rule_form(active: ActiveRule) -> tuple[object, ...]:
    """What a rule's outcomes depend on besides the facts: its condition, parameter values and the models it
    touches (equal under two laws: the rule is the same there)."""
    return repr(active.condition), tuple(sorted(active.params.items())), active.adms, active.per_adm


def derive_rules(law: Law) -> tuple[ActiveRule, ...]:
    """The law's derive rules, each after those deciding what it reads (worked out once per law)."""
    return _reads(law).derive


_MOST_PAIRS = 4096  # pairs of laws compared (an interview's date what-ifs make some dozens)
_CHANGED: dict[tuple[int, int], frozenset[str]] = {}


def _rederive(reads: _Reads, facts: Mapping[str, FactValue], keys: AbstractSet[str], before: AbstractSet[Firing],
              moved: AbstractSet[str]) -> tuple[dict[str, dict[str, Status]], set[Firing]]:
    """What `derive_all` gives for the facts, a derive rule evaluated again only when it reads a fact key that
    differs or a derived fact whose value changed, or took another form; otherwise its outcome before is kept."""
    old = {(firing.rule, firing.adm): firing.status for firing in before}
    derived: dict[str, dict[str, Status]] = {}
    changed: dict[str, set[str]] = {}
    firings: set[Firing] = set()
    for active, (read_keys, read_names) in zip(reads.derive, reads.derive_reads, strict=True):
        name, fresh = active.rule.derives or "", active.rule.id in moved or not keys.isdisjoint(read_keys)
        for adm in active.adms:
            was = old.get((active.rule.id, adm))
            again = fresh or not read_names.isdisjoint(changed.get(adm, ()))
            status = evaluate3(active.condition, active, facts, derived.get(adm, {})) if again else was
            if status is not None:
                derived.setdefault(adm, {})[name] = status
                firings.add(Firing(active.rule.id, adm, status))
            if status != was:
                changed.setdefault(adm, set()).add(name)
    return derived, firings


@dataclass(frozen=True)
class Reevaluated:
    """The firings for the new facts, and what differs from before: the facts, the rules in another form, the
    firings replaced."""

    fired: frozenset[Firing]
    keys: frozenset[str]  # the flat fact keys whose values differ
    moved: frozenset[str]  # the rules one law has and the other lacks, or has in another form (`changed_rules`)
    dropped: frozenset[Firing]  # the firings before that are not kept (their rules were evaluated again)
    added: frozenset[Firing]  # the firings of the rules evaluated again

    @property
    def changed(self) -> frozenset[tuple[str, str | None]]:
        """The (rule, ADM) pairs whose outcome differs from before."""
        return frozenset((firing.rule, firing.adm) for firing in self.dropped ^ self.added)


@dataclass(frozen=True)
class FiredIndex:
    """An evaluation's firings as one set and by rule, so that a what-if replaces a few rules' firings without going
    through them all (built once for the assessment its what-ifs come from)."""

    all: frozenset[Firing]
    by_rule: Mapping[str, tuple[Firing, ...]]


def index_firings(fired: AbstractSet[Firing]) -> FiredIndex:
    """The firings indexed by rule."""
    by_rule: dict[str, list[Firing]] = {}
    for firing in fired:
        by_rule.setdefault(firing.rule, []).append(firing)
    return FiredIndex(frozenset(fired), {rule: tuple(found) for rule, found in by_rule.items()})


def reevaluate(law: Law, before: AbstractSet[Firing], before_facts: Mapping[str, FactValue],
               facts: Mapping[str, FactValue], before_law: Law | None = None) -> frozenset[Firing]:
    """The firings for `facts` under `law`, given the firings `before` for `before_facts` under `before_law` (the
    same law when not given): the rules whose form differs between the two laws are evaluated again too."""
    return reevaluated(law, index_firings(before), before_facts, facts, before_law).fired


def reevaluated(law: Law, before: FiredIndex, before_facts: Mapping[str, FactValue],
                facts: Mapping[str, FactValue], before_law: Law | None = None) -> Reevaluated:
    """As `reevaluate`, from the firings before indexed, with which outcomes changed."""
    reads, was = _reads(law), before_law or law
    moved: frozenset[str] = changed_rules(was, law) if was.key != law.key else frozenset()
    was_derive = _reads(was).derive_ids
    old_derive = _of_rules(before, was_derive)
    keys = frozenset(key for key in facts.keys() | before_facts.keys() if facts.get(key) != before_facts.get(key))
    derived, derive_firings = _rederive(reads, facts, keys, old_derive, moved)
    names = {(law.by_id.get(f.rule) or was.by_id[f.rule]).rule.derives or "" for f in old_derive ^ derive_firings}
    again = set().union(*(reads.by_key.get(key, ()) for key in keys), *(reads.by_name.get(n, ()) for n in names))
    again |= moved & reads.by_id.keys()
    replaced = _of_rules(before, again | was_derive | moved)  # derive rules, and rules no longer in force, included
    found = set(derive_firings)
    for rule in again:
        for active in reads.by_id[rule]:
            found |= rule_firings(active, facts, derived)
    return Reevaluated((before.all - replaced) | found, keys, moved, frozenset(replaced), frozenset(found))


def _of_rules(index: FiredIndex, rules: AbstractSet[str]) -> set[Firing]:
    """The indexed firings of these rules."""
    return {firing for rule in rules for firing in index.by_rule.get(rule, ())}
