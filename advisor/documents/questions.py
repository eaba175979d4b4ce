"""Questions as records for display and JSON: wording, help, terms, and the options and rules that depend on them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from advisor.assessment.relevance import Option, Plan, Question
from advisor.assessment.verdicts import VERDICTS, Verdict
from advisor.law.in_force import Law
from advisor.law.rules import Rulebook
from advisor.law.typed_answers import answer_hint, shown_value
from advisor.law.vocabulary import FactSpec


def fact_record(book: Rulebook, spec: FactSpec, current: object = None, answered: bool = False) -> dict[str, Any]:
    """What to show when asking for a fact: wording, help, allowed answers and defined terms."""
    vocabulary = book.vocabulary
    terms = [dict(vocabulary.terms[t].model_dump(), id=t) for t in spec.terms]
    return {
        "fact": spec.name, "section": spec.section, "section_title": vocabulary.section_titles[spec.section],
        "question": spec.question, "description": spec.description, "help": spec.help, "type": spec.type,
        "choices": list(spec.choices), "unit": spec.unit, "minimum": spec.minimum, "maximum": spec.maximum,
        "hint": answer_hint(spec), "terms": terms,
        "current": shown_value(spec, current) if answered else None,
    }


def _option_record(book: Rulebook, option: Option) -> dict[str, str]:
    adm, form = option
    return {"adm": adm, "adm_name": book.catalogue.adm(adm).name, "form": form,
            "form_name": book.catalogue.form(form).name}


def _rule_record(law: Law, rule_id: str) -> dict[str, Any]:
    active = law.by_id[rule_id]
    return {"id": rule_id, "title": active.rule.title, "effect": active.rule.effect,
            "citations": [{"cite": a.cite, "uri": a.uri} for a in active.authorities]}


def question_record(book: Rulebook, law: Law, question: Question) -> dict[str, Any]:
    """A relevant question with why it is asked: the options and rules that depend on the answer."""
    record = fact_record(book, book.vocabulary[question.fact])
    record.update(
        score=question.score,
        options=[_option_record(book, option) for option in question.options],
        rules=[_rule_record(law, rule_id) for rule_id in question.rules],
    )
    return record


def tally(verdicts: Mapping[Option, Verdict]) -> dict[str, int]:
    """How many options have each verdict (every verdict listed, in order)."""
    counts = Counter(verdicts.values())
    return {verdict: counts.get(verdict, 0) for verdict in VERDICTS}


def plan_record(book: Rulebook, plan: Plan, answered: int, irrelevant: list[str]) -> dict[str, Any]:
    """The state of an interview: verdict counts, the questions still worth asking and why, stale answers."""
    law = plan.assessment.context.law
    return {
        "as_at": plan.assessment.as_at.isoformat(),
        "answered": answered,
        "available": len(book.vocabulary.facts),
        "options": tally(plan.verdicts),
        "questions": [question_record(book, law, q) for q in plan.questions],
        "irrelevant_answers": irrelevant,
    }
