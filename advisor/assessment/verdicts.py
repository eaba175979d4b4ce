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


def form_verdicts(law: Law, fired: AbstractSet[Firing]) -> dict[tuple[str, str], Verdict]:
    """Every option's verdict: not viable if an exclusion holds, undetermined if one might, and so on."""
    masks = law.masks
    try:  # the union of the firings' bits: the engine kept its own part's, the settled part's is worked out once
        if isinstance(fired, Fired):
            total = fired.own_bits | masks.union(fired.settled)
        else:
            total = reduce(or_, filter(None, map(masks.weights.__getitem__, fired)), 0)
    except KeyError as exc:
        raise EvaluationError(f"rule engine reported a firing the law cannot produce: {exc}") from None
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
