"""For each option not viable or undetermined, the smallest sets of changes to the council's own choices that open it."""

from __future__ import annotations

import datetime as dt
from itertools import combinations, product
from typing import Any

from pydantic import BaseModel

from advisor.assessment import AdmAssessment, Assessment, assess
from advisor.candidates import candidate_values
from advisor.conditions import DerivedLeaf, FactLeaf
from advisor.law import ActiveRule
from advisor.report import json_value
from advisor.rulebook import Rulebook

_OPEN = ("viable", "viable_with_conditions")


def _rule_facts(active: ActiveRule, assessment: Assessment, adm: str, depth: int = 0) -> set[str]:
    """The answers a rule reads, following derived facts to the rules that derive them for this ADM."""
    out: set[str] = set()
    for leaf in active.leaves:
        if isinstance(leaf, FactLeaf):
            out.add(leaf.fact)
        elif isinstance(leaf, DerivedLeaf) and depth < 8:
            entry = assessment.context.derived.get(adm, {}).get(leaf.name)
            if entry is not None:
                out |= _rule_facts(assessment.context.law.by_id[entry[1]], assessment, adm, depth + 1)
    return out


def candidate_facts(assessment: Assessment, adm: AdmAssessment, book: Rulebook) -> list[str]:
    """The council's own choices read by the exclusions that close (or may close) this ADM's forms."""
    facts: set[str] = set()
    for form in adm.forms:
        for active in (*form.applying, *form.pending):
            if active.rule.effect == "exclude":
                facts |= _rule_facts(active, assessment, adm.adm.id)
    vocabulary = book.vocabulary
    return sorted((f for f in facts if f in vocabulary and vocabulary[f].choosable), key=vocabulary.order)


def _values(book: Rulebook, assessment: Assessment, fact: str, current: object) -> list[object]:
    return [v for v in candidate_values(book, assessment.context.law, book.vocabulary[fact]) if v != current]


def smallest_changes(answers: BaseModel, book: Rulebook, as_at: dt.date | None, adm_id: str,
                     now: Assessment, max_size: int = 3) -> list[dict[str, object]]:
    """Every smallest set of changes (one value per answer) after which the ADM is viable or viable with conditions."""
    adm = now.adm(adm_id)
    facts = candidate_facts(now, adm, book)
    for size in range(1, max_size + 1):
        found = []
        for chosen in combinations(facts, size):
            options = [_values(book, now, fact, getattr(answers, fact)) for fact in chosen]
            for values in product(*options):
                change = dict(zip(chosen, values, strict=True))
                if assess(answers.model_copy(update=change), book, as_at).adm(adm_id).verdict in _OPEN:
                    found.append(change)
        if found:
            return found
    return []


def why_not(answers: BaseModel, book: Rulebook, as_at: dt.date | None) -> list[dict[str, Any]]:
    """Each ADM that is not viable or undetermined, with the smallest changes that would open it."""
    now = assess(answers, book, as_at)
    out = []
    for adm in now.adms:
        if adm.verdict in _OPEN:
            continue
        changes = smallest_changes(answers, book, as_at, adm.adm.id, now)
        out.append({"adm": adm.adm.id, "name": adm.adm.name, "verdict": adm.verdict, "changes": [
            [{"fact": f, "question": book.vocabulary[f].question, "from": json_value(getattr(answers, f)), "to": json_value(v)}
             for f, v in change.items()] for change in changes]})
    return out

