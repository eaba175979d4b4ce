"""The memo's record: every section's content drawn from one assessment (templates only lay it out)."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel

from advisor.assessment.contract import adm_dict, assessment_dict
from advisor.assessment.records import Assessment
from advisor.assessment.verdicts import VERDICTS
from advisor.assessment.why_not import why_not
from advisor.documents.facts import answer_text
from advisor.documents.reasons import best_form, decisive_reason, ordered_findings
from advisor.law.citations import Grade
from advisor.law.rules import AREAS, EFFECT_ORDER, Rulebook

_GRADES = get_args(Grade)


def _answered(book: Rulebook, answers: BaseModel, section: str) -> list[dict[str, str]]:
    """The council's own answers in one questionnaire section, as question and answer."""
    out = []
    for name, spec in book.vocabulary.facts.items():
        value = getattr(answers, name)
        if spec.section == section and value is not None:
            out.append({"fact": name, "question": spec.question, "answer": answer_text(spec, value)})
    return out


def _weight(form: dict[str, Any]) -> tuple[int, int, int]:
    effects = [f["effect"] for f in form["findings"]]
    conditions = effects.count("condition") + effects.count("duty") + len(form["provided"])
    return (conditions, effects.count("risk"), len(form["open_questions"]))


def _option(adm: dict[str, Any], order: int) -> dict[str, Any]:
    """One ADM for the memo: its best form, and that form's findings and open questions."""
    best = best_form(adm)
    findings = ordered_findings(best)
    return {"id": adm["id"], "name": adm["name"], "verdict": adm["verdict"], "form": best["form"],
            "form_name": best["name"], "findings": findings, "open_questions": best["open_questions"],
            "provided": best["provided"], "forms": [{"name": f["name"], "verdict": f["verdict"]} for f in adm["forms"]],
            "reason": decisive_reason(adm), "order": order,
            "weight": _weight(best)}


def options(assessment: Assessment, book: Rulebook, numbers: dict[str, int]) -> list[dict[str, Any]]:
    """Every ADM, best verdict first; within a verdict, fewest conditions and risks first."""
    made = []
    for order, adm in enumerate(assessment.adms):
        data = adm_dict(adm)
        _add_titles(data, book, numbers)
        made.append(_option(data, order))
    made.sort(key=lambda o: (VERDICTS.index(o["verdict"]), o["weight"], o["order"]))
    return made


def _add_titles(adm: dict[str, Any], book: Rulebook, numbers: dict[str, int]) -> None:
    """Each finding's rule title, grading and number in the appendix; each proviso's avoided rules' numbers too."""
    for form in adm["forms"]:
        for finding in form["findings"]:
            rule = book.rules[finding["rule"]]
            finding.update(title=rule.title, likelihood=rule.likelihood, impact=rule.impact, tags=list(rule.tags),
                           remedy=finding.get("remedy"), action=finding.get("action"), number=numbers[rule.id])
        for proviso in form["provided"]:
            for avoided in proviso["avoids"]:
                avoided["number"] = numbers[avoided["rule"]]


def vat_positions(assessment: Assessment, chosen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each option still open: whether VAT would be irrecoverable (true, false, unknown) and its VAT and tax findings."""
    out = []
    for option in chosen:
        derived = assessment.context.derived.get(option["id"], {}).get("irrecoverable_vat")
        out.append({"name": option["name"], "form_name": option["form_name"],
                    "irrecoverable_vat": derived[0] if derived else None,
                    "findings": [f for f in option["findings"] if f["area"] in ("vat", "tax")]})
    return out


def merged(chosen: list[dict[str, Any]], keep: Any) -> list[dict[str, Any]]:
    """Findings across options, once per rule, with the options each applies to."""
    seen: dict[str, dict[str, Any]] = {}
    for option in chosen:
        for finding in option["findings"]:
            if keep(finding):
                entry = seen.setdefault(finding["rule"], dict(finding, options=[]))
                entry["options"].append(option["name"])
    return sorted(seen.values(), key=lambda f: (EFFECT_ORDER.index(f["effect"]), f["area"], f["rule"]))


def common_findings(chosen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings every option left open shares (stated once in the memo, not under each option)."""
    if len(chosen) < 2:
        return []
    shared = set.intersection(*({(f["rule"], f["text"]) for f in o["findings"]} for o in chosen))
    return [f for f in chosen[0]["findings"] if (f["rule"], f["text"]) in shared]


def open_questions(chosen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Unknown answers that keep options open, once each, with the options they affect."""
    seen: dict[str, dict[str, Any]] = {}
    for option in chosen:
        for question in option["open_questions"]:
            entry = seen.setdefault(question["fact"], {"fact": question["fact"], "question": question["question"],
                                                       "decisive": False, "options": []})
            entry["decisive"] = entry["decisive"] or question["decisive"]
            entry["options"].append(option["name"])
    return sorted(seen.values(), key=lambda q: not q["decisive"])


def authorities(assessment: Assessment, numbers: dict[str, int]) -> list[dict[str, Any]]:
    """Every provision cited by a finding, by grade, with the rules relying on it (by their number in the appendix)."""
    cited: dict[str, dict[str, Any]] = {}
    for adm in assessment.adms:
        for form in adm.forms:
            for finding in form.findings:
                rule = finding.active.rule
                for authority in finding.active.authorities:
                    entry = cited.setdefault(authority.uri + authority.cite, {
                        "cite": authority.cite, "uri": authority.uri, "grade": authority.grade, "rules": {}})
                    entry["rules"][rule.id] = rule.confidence
    groups = []
    for grade in _GRADES:
        items = sorted((e for e in cited.values() if e["grade"] == grade), key=lambda e: e["cite"])
        for item in items:
            item["rules"] = sorted(({"number": numbers[rid], "confidence": conf} for rid, conf in item["rules"].items()),
                                   key=lambda r: r["number"])
        if items:
            groups.append({"grade": grade, "provisions": items})
    return groups


def relied_on(assessment: Assessment) -> list[dict[str, Any]]:
    """Every rule behind a finding of the memo, numbered, with its id and the provisions it cites: the appendix."""
    found = {f.active.rule.id: f.active for adm in assessment.adms for form in adm.forms for f in form.findings}
    found.update({a.rule.id: a for adm in assessment.adms for form in adm.forms for c in form.provided for a in c.rules})
    ordered = sorted(found.values(), key=lambda a: (AREAS.index(a.rule.area), a.rule.id))
    return [{"number": number, "id": active.rule.id, "title": active.rule.title, "confidence": active.rule.confidence,
             "citations": [{"cite": a.cite, "uri": a.uri} for a in active.authorities]}
            for number, active in enumerate(ordered, start=1)]


def memo_record(assessment: Assessment, book: Rulebook, version: str) -> dict[str, Any]:
    """Everything the memo says, in one record."""
    answers = assessment.context.answers
    contract = assessment_dict(assessment, book, version)
    appendix = relied_on(assessment)
    numbers = {rule["id"]: rule["number"] for rule in appendix}
    every = options(assessment, book, numbers)
    chosen = [o for o in every if o["verdict"] != "not_viable"]
    return {
        "contract": contract, "as_at": contract["as_at"], "council_name": contract["council_name"],
        "disclaimer": contract["disclaimer"],
        "stamp": {"advisor_version": version, "rule_base_digest": book.digest, "rules": len(book.rules),
                  "as_at": contract["as_at"], "answers_digest": contract["answers_digest"]},
        "situation": _answered(book, answers, "service"), "objectives": _answered(book, answers, "objectives"),
        "options": every, "open_options": chosen,
        "by_verdict": {v: [o for o in every if o["verdict"] == v] for v in VERDICTS},
        "vat": vat_positions(assessment, chosen),
        "setup_budget_gbp": getattr(answers, "setup_budget_gbp", None),
        "common": common_findings(chosen),
        "exclusions": merged([o for o in every if o["verdict"] == "not_viable"], lambda f: f["effect"] == "exclude"),
        "tax": merged(chosen, lambda f: f["area"] == "tax"),
        "statutory": merged(chosen, lambda f: f["area"] in ("powers", "childrens_social_care")),
        "consultation": merged(chosen, lambda f: "consultation" in f["tags"]),
        "risks": merged(chosen, lambda f: f["effect"] == "risk"),
        "questions": open_questions(chosen),
        "authorities": authorities(assessment, numbers),
        "relied_on": appendix,
        "why_not": why_not(answers, book, assessment.as_at),
    }
