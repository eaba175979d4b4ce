"""Questions as records for display and JSON: wording, help, terms, and the options and rules that depend on them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from advisor.assessment.records import Assessment
from advisor.assessment.relevance import Option, Plan, Question
from advisor.assessment.verdicts import VERDICTS, Verdict
from advisor.documents.facts import answer_text
from advisor.law.in_force import Law
from advisor.law.rules import Rulebook
from advisor.law.typed_answers import answer_hint
from advisor.law.vocabulary import OFFICERS, FactSpec


def fact_record(book: Rulebook, spec: FactSpec, current: object = None, answered: bool = False) -> dict[str, Any]:
    """What to show when asking for a fact: wording, help, allowed answers and defined terms."""
    vocabulary = book.vocabulary
    terms = [dict(vocabulary.terms[t].model_dump(), id=t) for t in spec.terms]
    return {
        "fact": spec.name, "section": spec.section, "section_title": vocabulary.section_titles[spec.section],
        "question": spec.question, "description": spec.description, "help": spec.help, "type": spec.type,
        "choices": list(spec.choices), "choice_words": [spec.choice_words(choice) for choice in spec.choices],
        "unit": spec.unit, "minimum": spec.minimum, "maximum": spec.maximum,
        "hint": answer_hint(spec), "terms": terms, "officer": spec.officer, "officer_name": OFFICERS.get(spec.officer or "", ""),
        "topic": spec.topic,
        "current": answer_text(spec, current) if answered else None,
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


def changed_models(before: Assessment, after: Assessment) -> list[dict[str, Any]]:
    """The models whose verdict, or a form's verdict, differs between two assessments, with those forms."""
    was = {(adm.adm.id, form.form.id): form.verdict for adm in before.adms for form in adm.forms}
    was_adm = {adm.adm.id: adm.verdict for adm in before.adms}
    out = []
    for adm in after.adms:
        forms = [{"name": form.form.name, "before": was[(adm.adm.id, form.form.id)], "after": form.verdict}
                 for form in adm.forms if was[(adm.adm.id, form.form.id)] != form.verdict]
        if forms or was_adm[adm.adm.id] != adm.verdict:
            out.append({"name": adm.adm.name, "before": was_adm[adm.adm.id], "after": adm.verdict,
                        "forms": forms if len(adm.forms) > 1 else []})
    return out


def settling_summary(book: Rulebook, questions: tuple[Question, ...]) -> dict[str, Any]:
    """The second phase in numbers: its questions, the open models they firm up, and how many are each officer's."""
    by_officer = Counter(book.vocabulary[q.fact].officer or "" for q in questions)
    return {"questions": len(questions), "models": len({adm for q in questions for adm, _ in q.options}),
            "by_officer": [{"officer": officer, "name": OFFICERS[officer], "questions": by_officer[officer]}
                           for officer in sorted(by_officer, key=lambda o: (-by_officer[o], o))]}


def tally(verdicts: Mapping[Any, Verdict]) -> dict[str, int]:
    """How many options (or models) have each verdict (every verdict listed, in order)."""
    counts = Counter(verdicts.values())
    return {verdict: counts.get(verdict, 0) for verdict in VERDICTS}


def plan_record(book: Rulebook, plan: Plan, answered: int, irrelevant: list[str],
                settling: tuple[Question, ...] = ()) -> dict[str, Any]:
    """The state of an interview: verdict counts, the questions still worth asking in each phase and why, stale answers.

    `questions` can change a verdict (asked first); `firm_up` settle the conditions, duties and risks of the models
    still open (asked next); each names its officer, and `by_officer` counts both phases per officer.
    """
    law = plan.assessment.context.law
    both = [*plan.questions, *settling]
    counts: Counter[tuple[str, bool]] = Counter((book.vocabulary[q.fact].officer or "", q in settling) for q in both)
    return {
        "as_at": plan.assessment.as_at.isoformat(),
        "answered": answered,
        "available": len(book.vocabulary.facts),
        "phase": 1 if plan.questions else 2 if settling else None,
        "models": tally({adm.adm.id: adm.verdict for adm in plan.assessment.adms}),
        "options": tally(plan.verdicts),
        "questions": [question_record(book, law, q) for q in plan.questions],
        "firm_up": [question_record(book, law, q) for q in settling],
        "by_officer": [{"officer": o, "name": OFFICERS[o], "can_change_a_verdict": counts[(o, False)],
                        "firm_up": counts[(o, True)]} for o in OFFICERS if counts[(o, False)] or counts[(o, True)]],
        "irrelevant_answers": irrelevant,
    }
