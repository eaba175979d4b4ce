"""The machine-readable form of an assessment (the JSON contract), and the advice-support statement every output carries."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from advisor.assessment.open_questions import OpenQuestion
from advisor.assessment.records import AdmAssessment, Assessment, ChosenCondition, Finding, FormAssessment
from advisor.base.resources import data_dir
from advisor.law.active import ActiveRule
from advisor.law.answers import answers_digest, json_value
from advisor.law.rules import Rulebook


@lru_cache(maxsize=1)
def disclaimer() -> str:
    """The plain statement that the output supports but is not legal advice."""
    return (data_dir("templates") / "disclaimer.txt").read_text(encoding="utf-8").strip()


def citations(active: ActiveRule) -> list[dict[str, Any]]:
    """The authorities a rule cites on the assessment's date, as JSON."""
    return [{"cite": a.cite, "uri": a.uri, "grade": a.grade, "in_force_from": a.in_force.start.isoformat(),
             "in_force_to": a.in_force.to.isoformat() if a.in_force.to else None}
            for a in active.authorities]


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One finding as JSON: rule, its title, area, effect, text, facts, citations, confidence."""
    rule = finding.active.rule
    out: dict[str, Any] = {
        "rule": rule.id,
        "title": rule.title,
        "area": rule.area,
        "effect": rule.effect,
        "text": finding.text,
        "facts": {name: json_value(value) for name, value in finding.facts.items()},
        "citations": citations(finding.active),
        "confidence": rule.confidence,
    }
    for key in ("remedy", "action"):
        text = finding.render(getattr(rule, key))
        if text:
            out[key] = text
    return out


def question_dict(question: OpenQuestion) -> dict[str, Any]:
    """One open question as JSON."""
    return {"fact": question.fact, "question": question.question, "rules": list(question.rules),
            "decisive": question.decisive}


def provided_dict(condition: ChosenCondition) -> dict[str, Any]:
    """A choice the council must make for an option to stay open, and the exclusions it avoids, as JSON."""
    return {"fact": condition.choice.fact, "value": condition.choice.value, "text": condition.text,
            "avoids": [{"rule": a.rule.id, "title": a.rule.title, "confidence": a.rule.confidence,
                        "citations": citations(a)} for a in condition.rules]}


def form_dict(form: FormAssessment, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """One form of an ADM as JSON (findings of the `omit` effects left out)."""
    return {
        "form": form.form.id,
        "name": form.form.name,
        "verdict": form.verdict,
        "provided": [provided_dict(c) for c in form.provided],
        "findings": [finding_dict(f) for f in form.findings if f.active.rule.effect not in omit],
        "open_questions": [question_dict(q) for q in form.open_questions],
    }


def adm_dict(adm: AdmAssessment, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """One ADM as JSON."""
    return {"id": adm.adm.id, "name": adm.adm.name, "verdict": adm.verdict,
            "forms": [form_dict(f, omit) for f in adm.forms]}


def assessment_dict(assessment: Assessment, book: Rulebook, version: str, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """The whole assessment as the documented JSON contract (a summary may omit some effects)."""
    return {
        "as_at": assessment.as_at.isoformat(),
        "council_name": getattr(assessment.context.answers, "council_name", None),
        "advisor_version": version,
        "rule_base": {"digest": book.digest, "rules": len(book.rules)},
        "answers_digest": answers_digest(assessment.context.answers),
        "disclaimer": disclaimer(),
        "adms": [adm_dict(adm, omit) for adm in assessment.adms],
    }
