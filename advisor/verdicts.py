"""Turns firings into verdicts per form, the best form's verdict per ADM, and open questions."""

from __future__ import annotations

from advisor.assessment import VERDICTS, AdmAssessment, Context, FormAssessment, OpenQuestion, Verdict
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
    applying: list[ActiveRule] = []
    pending: list[ActiveRule] = []
    for active in context.law.by_option[(adm.id, form_id)]:
        status = context.firings.get((active.rule.id, adm.id if active.per_adm else None))
        if status == "true":
            applying.append(active)
        elif status == "unknown" and active.rule.effect != "derive":
            pending.append(active)
    verdict = _verdict(applying, pending)
    return FormAssessment(context.book.catalogue.form(form_id), verdict, adm, context, tuple(applying), tuple(pending))


def _verdict(applying: list[ActiveRule], pending: list[ActiveRule]) -> Verdict:
    if any(a.rule.effect == "exclude" for a in applying):
        return "not_viable"
    if any(a.rule.effect == "exclude" for a in pending):
        return "undetermined"
    if any(a.rule.effect in _MATERIAL for a in applying):
        return "viable_with_conditions"
    return "viable"


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
