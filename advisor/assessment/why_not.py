"""For each option not viable or undetermined, the smallest sets of changes to the council's own choices that open it."""

from __future__ import annotations

import datetime as dt
from itertools import combinations, product
from typing import Any

from pydantic import BaseModel

from advisor.assessment.assess import assess
from advisor.assessment.candidates import candidate_values
from advisor.assessment.open_questions import unknown_facts
from advisor.assessment.records import AdmAssessment, Assessment
from advisor.law.active import ActiveRule
from advisor.law.answers import json_value
from advisor.law.conditions import DerivedLeaf, FactLeaf
from advisor.law.in_force import Law
from advisor.law.rules import Rulebook

_OPEN = ("viable", "viable_with_conditions")


def rule_facts(law: Law, active: ActiveRule, adm: str, depth: int = 0) -> frozenset[str]:
    """Every answer a rule's outcome for this ADM can depend on: its own, and those of every rule
    in force that derives a fact it reads for this ADM (whichever of them fires)."""
    out: set[str] = set()
    for leaf in active.leaves:
        if isinstance(leaf, FactLeaf):
            out.add(leaf.fact)
        elif isinstance(leaf, DerivedLeaf) and depth < 8:
            for deriver in law.rules:
                if deriver.rule.derives == leaf.name and adm in deriver.adms:
                    out |= rule_facts(law, deriver, adm, depth + 1)
    return frozenset(out)


def _closers(assessment: Assessment, adm: AdmAssessment) -> list[list[frozenset[str]]]:
    """For each form, the answers read by each exclusion that closes it (or may, unless an unmade council
    choice it waits on could avoid it: the option is then open provided that choice is made)."""
    context = assessment.context
    vocabulary = context.book.vocabulary
    return [[rule_facts(context.law, active, adm.adm.id) for active in (*form.applying, *form.pending)
             if active.rule.effect == "exclude" and not (active in form.pending and any(
                 vocabulary[fact].settled_by_choice for fact in unknown_facts(context, active, adm.adm.id)))]
            for form in adm.forms]


def candidate_facts(assessment: Assessment, adm: AdmAssessment, book: Rulebook) -> list[str]:
    """The council's own choices read by the exclusions that close (or may close) this ADM's forms."""
    facts = {fact for closers in _closers(assessment, adm) for read in closers for fact in read}
    vocabulary = book.vocabulary
    return sorted((f for f in facts if f in vocabulary and vocabulary[f].choosable), key=vocabulary.order)


def _may_open(chosen: tuple[str, ...], closers: list[list[frozenset[str]]]) -> bool:
    """Whether changing these answers could open some form: it must touch every exclusion closing it."""
    return any(all(read.intersection(chosen) for read in form) for form in closers)


def _values(book: Rulebook, assessment: Assessment, fact: str, current: object) -> list[object]:
    return [v for v in candidate_values(book, assessment.context.law, book.vocabulary[fact]) if v != current]


class _Verdicts:
    """Each changed answer set assessed once, whichever option asks."""

    def __init__(self, answers: BaseModel, book: Rulebook, as_at: dt.date | None) -> None:
        self.answers, self.book, self.as_at = answers, book, as_at
        self.seen: dict[frozenset[tuple[str, object]], Assessment] = {}

    def opens(self, change: dict[str, object], adm_id: str) -> bool:
        key = frozenset((fact, repr(value)) for fact, value in change.items())
        if key not in self.seen:
            self.seen[key] = assess(self.answers.model_copy(update=change), self.book, self.as_at)
        return self.seen[key].adm(adm_id).verdict in _OPEN


def smallest_changes(answers: BaseModel, book: Rulebook, as_at: dt.date | None, adm_id: str,
                     now: Assessment, max_size: int = 3, verdicts: _Verdicts | None = None) -> list[dict[str, object]]:
    """Every smallest set of changes (one value per answer) after which the ADM is viable or viable with conditions.

    A set is tried only if, for some form, it changes an answer read by every exclusion closing
    that form: any other set leaves each form closed, so the search stays exhaustive.
    """
    verdicts = verdicts or _Verdicts(answers, book, as_at)
    adm = now.adm(adm_id)
    facts, closers = candidate_facts(now, adm, book), _closers(now, adm)
    for size in range(1, max_size + 1):
        found = []
        for chosen in (c for c in combinations(facts, size) if _may_open(c, closers)):
            options = [_values(book, now, fact, getattr(answers, fact)) for fact in chosen]
            for values in product(*options):
                change = dict(zip(chosen, values, strict=True))
                if verdicts.opens(change, adm_id):
                    found.append(change)
        if found:
            return found
    return []


def why_not(answers: BaseModel, book: Rulebook, as_at: dt.date | None) -> list[dict[str, Any]]:
    """Each ADM that is not viable or undetermined, with the smallest changes that would open it."""
    now, verdicts = assess(answers, book, as_at), _Verdicts(answers, book, as_at)
    out = []
    for adm in now.adms:
        if adm.verdict in _OPEN:
            continue
        changes = smallest_changes(answers, book, as_at, adm.adm.id, now, verdicts=verdicts)
        out.append({"adm": adm.adm.id, "name": adm.adm.name, "verdict": adm.verdict, "changes": [
            [{"fact": f, "question": book.vocabulary[f].question, "from": json_value(getattr(answers, f)), "to": json_value(v)}
             for f, v in change.items()] for change in changes]})
    return out

