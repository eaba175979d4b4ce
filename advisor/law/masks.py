"""A law's rules as bits: which (rule, ADM) firings can sway a verdict, and each option's exclusion and material bits.

Verdicts (advisor.assessment.verdicts) are read from these masks; the engine keeps each
assessment's union of bits as it records firings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from advisor.law.active import ActiveRule, Firing

MATERIAL = ("condition", "duty", "risk")  # effects that make an option viable only with conditions


@dataclass(frozen=True)
class VerdictMasks:
    """A law's rules as bits: one per (rule, ADM) firing key that can sway a verdict, and each option's
    exclusion and material bits."""

    bits: Mapping[tuple[str, str | None], int]
    options: Mapping[tuple[str, str], tuple[int, int]]  # (exclusions, conditions, duties and risks)
    weights: Mapping[Firing, int]  # every firing the law can produce -> its bit if it holds, shifted if it might
    shift: int  # the number of bits: weights below it say what holds, above it what might
    unions: dict[int, tuple[frozenset[Firing], int]] = field(default_factory=dict)  # id -> (settled firings, bits)

    def union(self, settled: frozenset[Firing]) -> int:
        """The union of some settled firings' bits (remembered: each engine settles one set, shared by its assessments)."""
        if id(settled) not in self.unions:
            if len(self.unions) >= 8:  # engines compiled again for this law: forget the old ones' sets
                self.unions.clear()
            self.unions[id(settled)] = (settled, reduce(or_, map(self.weights.__getitem__, settled), 0))
        return self.unions[id(settled)][1]


def verdict_masks(in_force: tuple[ActiveRule, ...], by_option: Mapping[tuple[str, str], tuple[ActiveRule, ...]]) -> VerdictMasks:
    """The bit masks from which an assessment's verdicts follow (built once per law)."""
    bits: dict[tuple[str, str | None], int] = {}
    options: dict[tuple[str, str], tuple[int, int]] = {}
    for (adm, form), rules in by_option.items():
        exclude = material = 0
        for active in rules:
            if active.rule.effect != "exclude" and active.rule.effect not in MATERIAL:
                continue  # notes and derivations weigh nothing in a verdict: no bit, so no work per firing
            bit = bits.setdefault((active.rule.id, adm if active.per_adm else None), 1 << len(bits))
            exclude |= bit if active.rule.effect == "exclude" else 0
            material |= bit if active.rule.effect in MATERIAL else 0
        options[(adm, form)] = (exclude, material)
    weights, shift = {}, len(bits)
    for active in in_force:
        for target in active.adms if active.per_adm else (None,):
            bit = bits.get((active.rule.id, target), 0)
            for status, weight in (("true", bit), ("false", 0), ("unknown", bit << shift)):
                weights[Firing(active.rule.id, target, status)] = weight  # type: ignore[arg-type]
    return VerdictMasks(bits, options, weights, shift)
