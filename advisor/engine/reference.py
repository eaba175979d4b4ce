"""A plain-Python evaluator of the same rule data: the differential-test oracle and speed baseline."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, cast

from advisor.engine.collector import collector_paused
from advisor.law.active import ActiveRule, Firing
from advisor.law.answers import FactValue
from advisor.law.conditions import Condition, DerivedLeaf, FactLeaf, Node, Status
from advisor.law.in_force import Law

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
    "in": lambda a, b: a in b,
    "not_in": lambda a, b: a not in b,
    "is": operator.eq, "contains": lambda a, b: a is True, "lacks": lambda a, b: a is False,
}
Derived = Mapping[str, Status]


def _leaf(leaf: FactLeaf, rule: ActiveRule, facts: Mapping[str, FactValue]) -> Status:
    value = facts.get(leaf.key())
    if value is None:
        return "unknown"
    return "true" if _COMPARE[leaf.op](value, rule.threshold(leaf)) else "false"


def evaluate3(cond: Condition | None, rule: ActiveRule, facts: Mapping[str, FactValue], derived: Derived) -> Status | None:
    """Kleene three-valued truth of a condition; None when a derived fact it reads is absent."""
    if cond is None:
        return "true"
    if isinstance(cond, FactLeaf):
        return _leaf(cond, rule, facts)
    if isinstance(cond, DerivedLeaf):
        status = derived.get(cond.name)
        if status is None or status == "unknown":
            return status
        return "true" if (status == "true") == cond.value else "false"
    return _combine(cond, rule, facts, derived)


def _combine(cond: Node, rule: ActiveRule, facts: Mapping[str, FactValue], derived: Derived) -> Status | None:
    parts = [evaluate3(item, rule, facts, derived) for item in cond.items]
    if None in parts:
        return None
    if cond.kind == "not":
        return _NOT[cast(Status, parts[0])]
    decisive, other = _DECISIVE[cond.kind]
    if decisive in parts:
        return decisive
    return other if all(part == other for part in parts) else "unknown"


_NOT: dict[Status, Status] = {"true": "false", "false": "true", "unknown": "unknown"}
_DECISIVE: dict[str, tuple[Status, Status]] = {"all": ("false", "true"), "any": ("true", "false")}


def derivation_order(law: Law) -> list[ActiveRule]:
    """Derive rules ordered so that every derived fact is decided before it is read."""
    pending = [a for a in law.rules if a.rule.effect == "derive"]
    ordered: list[ActiveRule] = []
    while pending:
        names = {a.rule.derives or "" for a in pending}
        ready = [a for a in pending if not ({leaf.name for leaf in derived_leaves(a)} & names)]
        ready = ready or pending  # a cycle cannot load; keep going regardless
        ordered += ready
        done = {id(a) for a in ready}  # by identity: a folded law may hold one rule twice, for different ADMs
        pending = [a for a in pending if id(a) not in done]
    return ordered


def derive_all(derivers: Sequence[ActiveRule], facts: Mapping[str, FactValue]
               ) -> tuple[dict[str, dict[str, Status]], set[Firing]]:
    """Every derived fact per ADM (derive rules in derivation order) and the derive rules' firings, false included."""
    derived: dict[str, dict[str, Status]] = {}
    firings: set[Firing] = set()
    for active in derivers:
        for adm in active.adms:
            status = evaluate3(active.condition, active, facts, derived.get(adm, {}))
            if status is not None:
                derived.setdefault(adm, {})[active.rule.derives or ""] = status
                firings.add(Firing(active.rule.id, adm, status))
    return derived, firings


def rule_firings(active: ActiveRule, facts: Mapping[str, FactValue],
                 derived: Mapping[str, Mapping[str, Status]]) -> set[Firing]:
    """A non-derive rule's firings that hold or might (true or unknown), for each ADM or once for all."""
    out = set()
    for target in (list(active.adms) if active.per_adm else [None]):
        status = evaluate3(active.condition, active, facts, derived.get(target or "", {}))
        if status == "true" or status == "unknown":
            out.add(Firing(active.rule.id, target, status))
    return out


def derived_leaves(active: ActiveRule) -> list[DerivedLeaf]:
    """The derived facts a rule reads."""
    return [leaf for leaf in active.leaves if isinstance(leaf, DerivedLeaf)]


class ReferenceEvaluator:
    """Evaluates a Law over flat facts in plain Python; same firings as the durable engine."""

    def __init__(self, law: Law) -> None:
        self.law = law
        self._derive = derivation_order(law)
        self._others = [a for a in law.rules if a.rule.effect != "derive"]

    def evaluate_many(self, cases: Sequence[Mapping[str, FactValue]]) -> list[AbstractSet[Firing]]:
        """Each case's firings, one after another."""
        with collector_paused():
            return [self.evaluate(facts) for facts in cases]

    def evaluate(self, facts: Mapping[str, FactValue]) -> frozenset[Firing]:
        """All firings: true/unknown for every rule, and false too for derive rules."""
        derived, firings = derive_all(self._derive, facts)
        for active in self._others:
            firings |= rule_firings(active, facts, derived)
        return frozenset(firings)

    def close(self) -> None:
        """Nothing to release (the durable engine needs this; kept for one interface)."""
