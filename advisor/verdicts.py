"""Turns firings into verdicts per form, the best form's verdict per ADM, and open questions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from advisor.assessment import VERDICTS, AdmAssessment, Context, FormAssessment, OpenQuestion, Verdict
from advisor.catalogue import DeliveryModel
from advisor.conditions import DerivedLeaf, FactLeaf
from advisor.law import ActiveRule, Law

_MATERIAL = ("condition", "duty", "risk")


def assess_adm(context: Context, adm: DeliveryModel) -> AdmAssessment:
    """Assess every form of one ADM; the ADM takes its best form's verdict."""
    verdicts = context.verdicts
    catalogue = context.book.catalogue
    forms = tuple(FormAssessment(catalogue.form(form), verdicts[(adm.id, form)], adm, context) for form in adm.forms)
    best = min(forms, key=lambda f: VERDICTS.index(f.verdict))
    return AdmAssessment(adm, best.verdict, forms)


@dataclass(frozen=True)
class VerdictMasks:
    """A law's rules as bits: one per (rule, ADM) firing key, and each option's exclusion and material bits."""

    bits: Mapping[tuple[str, str | None], int]
    options: Mapping[tuple[str, str], tuple[int, int]]  # (exclusions, conditions, duties and risks)


def verdict_masks(law: Law) -> VerdictMasks:
    """The bit masks from which an assessment's verdicts follow (built once per law)."""
    bits: dict[tuple[str, str | None], int] = {}
    options: dict[tuple[str, str], tuple[int, int]] = {}
    for (adm, form), rules in law.by_option.items():
        exclude = material = 0
        for active in rules:
            bit = bits.setdefault((active.rule.id, adm if active.per_adm else None), 1 << len(bits))
            exclude |= bit if active.rule.effect == "exclude" else 0
            material |= bit if active.rule.effect in _MATERIAL else 0
        options[(adm, form)] = (exclude, material)
    return VerdictMasks(bits, options)


def form_verdicts(context: Context) -> dict[tuple[str, str], Verdict]:
    """Every option's verdict: not viable if an exclusion holds, undetermined if one might, and so on."""
    masks, holding, possible = context.law.masks, 0, 0
    for key, status in context.firings.items():
        bit = masks.bits.get(key, 0)
        if status == "true":
            holding |= bit
        elif status == "unknown":
            possible |= bit
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
