"""Turns an assessment's firings into a verdict for every option (ADM, form), and names the rules still deciding one."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from functools import reduce
from operator import or_
from typing import Literal

from advisor.base.errors import EvaluationError
from advisor.law.active import ActiveRule, Fired, Firing
from advisor.law.in_force import Law
from advisor.law.masks import MATERIAL

Verdict = Literal["viable", "viable_with_conditions", "undetermined", "not_viable"]
VERDICTS: tuple[Verdict, ...] = ("viable", "viable_with_conditions", "undetermined", "not_viable")
_RANK = {verdict: rank for rank, verdict in enumerate(VERDICTS)}


def best_verdict(verdicts: list[Verdict]) -> Verdict:
    """The best of some forms' verdicts: an ADM takes its best form's."""
    return VERDICTS[min([_RANK[verdict] for verdict in verdicts])]


def verdict_bits(law: Law, fired: AbstractSet[Firing]) -> int:
    """The union of the firings' bits (`Law.masks`), from which every option's verdict follows."""
    masks = law.masks
    try:  # the engine kept its own part's union, the settled part's is worked out once
        if isinstance(fired, Fired):
            return fired.own_bits | masks.union(fired.settled)
        return reduce(or_, filter(None, map(masks.weights.__getitem__, fired)), 0)
    except KeyError as exc:
        raise EvaluationError(f"rule engine reported a firing the law cannot produce: {exc}") from None


def replaced_bits(law: Law, total: int, dropped: AbstractSet[Firing], added: AbstractSet[Firing]) -> int:
    """The union of the bits once some firings are replaced by others under the same law. Each (rule, ADM) has a bit
    of its own and one outcome in a set of firings, so the union is a sum, and a firing's bit can be taken away."""
    weights = law.masks.weights
    return total - sum(map(weights.__getitem__, dropped)) + sum(map(weights.__getitem__, added))


def bits_verdicts(law: Law, total: int) -> dict[tuple[str, str], Verdict]:
    """Every option's verdict from the union of its law's firings' bits: not viable if an exclusion holds,
    undetermined if one might, and so on."""
    masks = law.masks
    holding, possible = total & ((1 << masks.shift) - 1), total >> masks.shift
    return {option: _verdict(holding, possible, exclude, material) for option, (exclude, material) in masks.options.items()}


def _verdict(holding: int, possible: int, exclude: int, material: int) -> Verdict:
    if holding & exclude:
        return "not_viable"
    if possible & exclude:
        return "undetermined"
    return "viable_with_conditions" if holding & material else "viable"


def deciding_rules(verdict: Verdict, applying: tuple[ActiveRule, ...],
                   pending: tuple[ActiveRule, ...]) -> tuple[ActiveRule, ...]:
    """Pending rules whose outcome can still change an option's verdict."""
    if verdict == "not_viable":
        return ()
    material = any(a.rule.effect in MATERIAL for a in applying)
    return tuple(a for a in pending if a.rule.effect == "exclude" or (a.rule.effect in MATERIAL and not material))
