"""Turns firings into verdicts per form, the best form's verdict per ADM, and open questions."""

from __future__ import annotations

from advisor.assessment import (
    VERDICTS,
    AdmAssessment,
    Context,
    Finding,
    FormAssessment,
    OpenQuestion,
    Verdict,
    scene,
)
from advisor.catalogue import DeliveryModel
from advisor.conditions import DerivedLeaf, FactLeaf
from advisor.law import ActiveRule

_MATERIAL = ("condition", "duty", "risk")


def assess_adm(context: Context, adm: DeliveryModel) -> AdmAssessment:
    """Assess every form of one ADM; the ADM takes its best form's verdict."""
    forms = tuple(_assess_form(context, adm, form) for form in adm.forms)
    best = min(forms, key=lambda f: VERDICTS.index(f.verdict))
    return AdmAssessment(adm, best.verdict, forms)


def _assess_form(context: Context, adm: DeliveryModel, form_id: str) -> FormAssessment:
    book = context.book
    form = book.catalogue.form(form_id)
    findings: list[Finding] = []
    possible: list[Finding] = []
    shared = scene(context, adm, form)
    for active in context.law.by_option[(adm.id, form_id)]:
        status = context.firings.get((active.rule.id, adm.id if active.per_adm else None))
        if status == "true":
            findings.append(Finding(active, adm, form, status, context, shared))
        elif status == "unknown" and active.rule.effect != "derive":
            possible.append(Finding(active, adm, form, status, context, shared))
    questions = _open_questions(context, adm.id, possible)
    return FormAssessment(form, _verdict(findings, possible), tuple(findings), tuple(possible), questions)


def _verdict(findings: list[Finding], possible: list[Finding]) -> Verdict:
    if any(f.active.rule.effect == "exclude" for f in findings):
        return "not_viable"
    if any(f.active.rule.effect == "exclude" for f in possible):
        return "undetermined"
    if any(f.active.rule.effect in _MATERIAL for f in findings):
        return "viable_with_conditions"
    return "viable"


def _open_questions(context: Context, adm: str, possible: list[Finding]) -> tuple[OpenQuestion, ...]:
    asked: dict[str, tuple[list[str], bool]] = {}
    for finding in possible:
        decisive = finding.active.rule.effect == "exclude"
        for fact in sorted(_unknown_facts(context, finding.active, adm)):
            rules, was_decisive = asked.setdefault(fact, ([], False))
            rules.append(finding.rule_id)
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
