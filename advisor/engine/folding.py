"""Partial evaluation of a Law before it is compiled: what no answer can change is settled once.

Many derived facts are fixed by the delivery model alone (a wholly owned company is controlled
by the council whatever the answers say). Substituting them into the rules that read them,
model by model, leaves each such rule either settled outright or a test of answers only, for
the group of models that share the same remaining condition. A derived fact that rests on a
single answer test is copied into its readers as that test, so they need no join. The engine
then matches only what the answers can change. Firings are the same as evaluating the whole Law.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from advisor.engine.reference import derivation_order, derived_leaves
from advisor.law.active import ActiveRule, Firing
from advisor.law.conditions import Condition, DerivedLeaf, FactLeaf, Node, Status, leaves
from advisor.law.in_force import Law

INLINE_LEAVES = 2  # a derived fact resting on at most this many answer tests is inlined; larger ones stay joins (pattern limits)
_ABSENT = "absent"  # no rule derives the fact for the model: a rule reading it never fires there
Known = dict[str, dict[str, "str | Condition"]]  # per model: derived fact -> true, false, absent or its condition
Folded = Condition | bool | None  # None: reads an absent derived fact


@dataclass(frozen=True)
class FoldedLaw:
    """A Law split into firings settled whatever the answers, and the rules left to match."""

    settled: frozenset[Firing]
    rules: tuple[ActiveRule, ...]


def fold_law(law: Law, inline: int = INLINE_LEAVES) -> FoldedLaw:
    """Settle every derived fact, and every rule, that the answers cannot change (and inline the rest)."""
    known = _absent(law)
    settled: set[Firing] = set()
    rules: list[ActiveRule] = []
    for active in derivation_order(law) + [a for a in law.rules if a.rule.effect != "derive"]:
        for residual, adms in _residuals(active, known).items():
            rules += _settle(active, residual, adms, known, settled, inline)
    return FoldedLaw(frozenset(settled), tuple(rules))


def _residuals(active: ActiveRule, known: Known) -> dict[Folded, tuple[str, ...]]:
    """The rule's condition with known derived facts substituted, grouped by what is left."""
    if not active.per_adm:
        return {fold(active.condition, {}): ()}
    groups: dict[Folded, list[str]] = defaultdict(list)
    for adm in active.adms:
        groups[fold(active.condition, known[adm])].append(adm)
    return {residual: tuple(adms) for residual, adms in groups.items()}


def _settle(active: ActiveRule, residual: Folded, adms: tuple[str, ...], known: Known,
            settled: set[Firing], inline: int) -> list[ActiveRule]:
    """Record a settled outcome (firings, derived facts), or return the rule left to match."""
    derives = active.rule.derives
    if residual is None:  # reads a fact never derived for these models: no firing, nothing derived
        return []
    if not isinstance(residual, bool):
        if derives is not None and _inlinable(residual, inline):  # readers test the fact's own condition
            resolved = _with_values(residual, active)
            for model in adms:
                known[model][derives] = resolved
        if residual == active.condition and adms in ((), active.adms):
            return [active]
        return [replace(active, adms=adms, leaves=tuple(leaves(residual)), condition=residual)]
    status: Status = "true" if residual else "false"
    for adm in adms or (None,):
        if derives is not None and adm is not None:
            known[adm][derives] = status
        if residual or derives is not None:
            settled.add(Firing(active.rule.id, adm, status))
    return []


def fold(cond: Condition | None, known: dict[str, str | Condition]) -> Folded:
    """Substitute known derived facts: True or False when settled, None when one read is absent."""
    if cond is None:
        return True
    if isinstance(cond, DerivedLeaf):
        value = known.get(cond.name)
        if value is None:
            return cond
        if not isinstance(value, str):  # inlined: the condition the fact was derived from
            return value if cond.value else Node("not", (value,))
        return None if value == _ABSENT else (value == "true") == cond.value
    if not isinstance(cond, Node):
        return cond
    parts = [fold(item, known) for item in cond.items]
    if None in parts:
        return None  # as evaluation does: an absent derived fact anywhere means no outcome
    if cond.kind == "not":
        return (not parts[0]) if isinstance(parts[0], bool) else Node("not", (parts[0],))  # type: ignore[arg-type]
    return _junction(cond.kind, parts)  # type: ignore[arg-type]


def _inlinable(cond: Condition, limit: int) -> bool:
    """Small enough to be copied into the rules that read it, and resting on answers alone."""
    found = leaves(cond)
    return len(found) <= limit and not any(isinstance(leaf, DerivedLeaf) for leaf in found)


def _with_values(cond: Condition, active: ActiveRule) -> Condition:
    """A condition with its parameters replaced by their values (it is about to be read in other rules)."""
    if isinstance(cond, FactLeaf):
        return cond if cond.param is None else FactLeaf(cond.fact, cond.op, active.threshold(cond))  # type: ignore[arg-type]
    if isinstance(cond, Node):
        return Node(cond.kind, tuple(_with_values(item, active) for item in cond.items))
    return cond


def _junction(kind: str, parts: list[Condition | bool]) -> Condition | bool:
    decisive = kind == "any"  # True decides an `any`, False an `all`
    if decisive in parts:
        return decisive
    rest = tuple(part for part in parts if not isinstance(part, bool))
    if not rest:
        return not decisive
    return rest[0] if len(rest) == 1 else Node(kind, rest)  # type: ignore[arg-type]


def _absent(law: Law) -> Known:
    """Per model, the derived facts no rule in force can derive there (marked absent)."""
    exists: set[tuple[str, str]] = set()
    for active in derivation_order(law):
        for adm in active.adms:
            if all((leaf.name, adm) in exists for leaf in derived_leaves(active)):
                exists.add((active.rule.derives or "", adm))
    names = {a.rule.derives for a in law.rules if a.rule.derives} | {
        leaf.name for a in law.rules for leaf in derived_leaves(a)}
    adms = {adm for a in law.rules for adm in a.adms}
    return {adm: {name: _ABSENT for name in names if (name, adm) not in exists} for adm in adms}
