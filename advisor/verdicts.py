"""Turns firings into verdicts per form, the best form's verdict per ADM, and open questions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from advisor.assessment import VERDICTS, AdmAssessment, Context, OpenQuestion, Verdict
from advisor.catalogue import DeliveryModel
from advisor.conditions import DerivedLeaf, FactLeaf
from advisor.errors import EvaluationError
from advisor.law import ActiveRule, Fired, Firing, Law

_MATERIAL = ("condition", "duty", "risk")


_RANK = {verdict: rank for rank, verdict in enumerate(VERDICTS)}


def assess_adm(context: Context, adm: DeliveryModel) -> AdmAssessment:
    """Assess one ADM: it takes its best form's verdict (each form's assessment is built when asked for)."""
    verdicts, adm_id = context.verdicts, adm.id
    return AdmAssessment(adm, VERDICTS[min([_RANK[verdicts[(adm_id, form)]] for form in adm.forms])], context)


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


def verdict_masks(law: Law) -> VerdictMasks:
    """The bit masks from which an assessment's verdicts follow (built once per law)."""
    bits: dict[tuple[str, str | None], int] = {}
    options: dict[tuple[str, str], tuple[int, int]] = {}
    for (adm, form), rules in law.by_option.items():
        exclude = material = 0
        for active in rules:
            if active.rule.effect != "exclude" and active.rule.effect not in _MATERIAL:
                continue  # notes and derivations weigh nothing in a verdict: no bit, so no work per firing
            bit = bits.setdefault((active.rule.id, adm if active.per_adm else None), 1 << len(bits))
            exclude |= bit if active.rule.effect == "exclude" else 0
            material |= bit if active.rule.effect in _MATERIAL else 0
        options[(adm, form)] = (exclude, material)
    weights, shift = {}, len(bits)
    for active in law.rules:
        for target in active.adms if active.per_adm else (None,):
            bit = bits.get((active.rule.id, target), 0)
            for status, weight in (("true", bit), ("false", 0), ("unknown", bit << shift)):
                weights[Firing(active.rule.id, target, status)] = weight  # type: ignore[arg-type]
    return VerdictMasks(bits, options, weights, shift)


def form_verdicts(context: Context) -> dict[tuple[str, str], Verdict]:
    """Every option's verdict: not viable if an exclusion holds, undetermined if one might, and so on."""
    masks = context.law.masks
    fired = context.fired
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
    material = any(a.rule.effect in _MATERIAL for a in applying)
    return tuple(a for a in pending if a.rule.effect == "exclude" or (a.rule.effect in _MATERIAL and not material))


def open_questions(context: Context, adm: str, pending: tuple[ActiveRule, ...],
                   deciding: frozenset[str]) -> tuple[OpenQuestion, ...]:
    """Each unknown answer some pending rule waits on, with those rules; decisive if it can change the verdict."""
    asked: dict[str, tuple[list[str], bool]] = {}
    for active in pending:
        decisive = active.rule.id in deciding
        for fact in sorted(_unknown_facts(context, active, adm)):
            rules, was_decisive = asked.setdefault(fact, ([], False))
            rules.append(active.rule.id)
            asked[fact] = (rules, was_decisive or decisive)
    vocabulary = context.book.vocabulary
    ordered = sorted(asked, key=vocabulary.order)
    return tuple(OpenQuestion(fact, vocabulary[fact].question, tuple(asked[fact][0]), asked[fact][1])
                 for fact in ordered)


def _unknown_facts(context: Context, active: ActiveRule, adm: str) -> frozenset[str]:
    key = (active.rule.id, adm)
    if key not in context.memo:
        context.memo[key] = frozenset(unknown_facts(context, active, adm))
    return context.memo[key]


def unknown_facts(context: Context, active: ActiveRule, adm: str, depth: int = 0) -> set[str]:
    """The unanswered facts a rule waits on, following unknown derived facts to their rules."""
    out: set[str] = set()
    for leaf in active.leaves:
        if isinstance(leaf, FactLeaf) and context.facts.get(leaf.key()) is None:
            out.add(leaf.fact)
        elif isinstance(leaf, DerivedLeaf) and depth < 8:
            status, deriver = context.derived.get(adm, {}).get(leaf.name, ("true", ""))
            if status == "unknown":
                out |= unknown_facts(context, context.law.by_id[deriver], adm, depth + 1)
    return out
