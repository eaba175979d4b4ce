"""Checks a proposed structure: each rule touching its model and form passes, fails or is unknown, with the fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from advisor.assessment.assess import assess
from advisor.assessment.contract import finding_dict, provided_dict
from advisor.assessment.records import Assessment, Finding, FormAssessment
from advisor.assessment.timetable import build_timetable, impossible_steps, judged_on
from advisor.base.errors import AnswersError
from advisor.base.reading import file_within
from advisor.engine.reference import evaluate3
from advisor.law.active import ActiveRule
from advisor.law.answers import json_value, read_answers_data, validate_answers
from advisor.law.conditions import FactLeaf, Status
from advisor.law.proposal import Proposal
from advisor.law.proposal_map import ProposalMap, proposal_answers
from advisor.law.rules import Rulebook

_ORDER = ("fail", "unknown", "applies", "risk", "note", "pass")


def proposal_inputs(proposal: Proposal, folder: Path, proposal_map: ProposalMap, source: str) -> dict[str, object]:
    """The answers to assess: the council's answers file (if named, inside `folder`), overridden by the proposal."""
    given: dict[str, object] = {}
    if proposal.answers:
        path = file_within(folder, proposal.answers, f"{source}: field 'answers'")
        data = read_answers_data(str(path))
        if not isinstance(data, dict):
            raise AnswersError(f"{path}: must be a mapping of answer fields to values")
        given.update(data)
    given.update(proposal_answers(proposal, proposal_map))
    if proposal.as_at is not None:
        given["as_at"] = proposal.as_at
    return given


def run_check(proposal: Proposal, given: dict[str, object], book: Rulebook, model: type[BaseModel],
              proposal_map: ProposalMap, as_at: dt.date | None, today: dt.date | None = None) -> dict[str, Any]:
    """The checklist record for one proposal; its timed steps' deadlines judged on `today` (default: the as-at date)."""
    answers = validate_answers(given, model, book.vocabulary, "the proposal with its answers")
    assessment = assess(answers, book, as_at, proposal=True)
    form = next(f for f in assessment.adm(proposal.adm).forms if f.form.id == proposal.form)
    items = sorted(_items(assessment, form), key=lambda i: (_ORDER.index(i["status"]), i["rule"]))
    counts = {status: sum(1 for i in items if i["status"] == status) for status in _ORDER}
    return {"name": proposal.name, "adm": form.adm.name, "form": form.form.name, "verdict": form.verdict,
            "provided": [provided_dict(c) for c in form.provided],
            "as_at": assessment.as_at.isoformat(), "items": items, "counts": counts,
            "thresholds": _thresholds(assessment, form, book, proposal_map),
            "impossible": _impossible(assessment, form, today),
            "today": judged_on(assessment, today).isoformat(), "passed": counts["fail"] == 0}


def _impossible(assessment: Assessment, form: FormAssessment, today: dt.date | None) -> list[dict[str, Any]]:
    """The option's timed steps its dates already make impossible, as JSON."""
    timetable = build_timetable(assessment, form.adm.id, form.form.id, today)
    return [step.model_dump(mode="json") for step in impossible_steps(timetable)]


def _items(assessment: Assessment, form: FormAssessment) -> list[dict[str, Any]]:
    found = {f.rule_id: f for f in (*form.findings, *form.possible)}
    out = []
    for active in assessment.context.law.by_option[(form.adm.id, form.form.id)]:
        effect = active.rule.effect
        if effect == "derive":
            continue
        finding = found.get(active.rule.id)
        status = _status(effect, finding.status if finding else None)
        if status is not None:
            out.append(_item(active, finding, status, assessment))
    return out


def _status(effect: str, held: str | None) -> str | None:
    """An exclusion fails, passes or is unknown; other rules that hold apply (or are risks or notes)."""
    if effect == "exclude":
        return {"true": "fail", "unknown": "unknown", None: "pass"}[held]
    if held == "true":
        return effect if effect in ("risk", "note") else "applies"
    return "unknown" if held == "unknown" and effect != "note" else None


def _item(active: ActiveRule, finding: Finding | None, status: str, assessment: Assessment) -> dict[str, Any]:
    rule = active.rule
    if finding is not None:
        item = finding_dict(finding)
    else:  # the rule does not hold: only what it read and where it comes from
        facts = {leaf.fact: getattr(assessment.context.answers, leaf.fact) for leaf in active.leaves
                 if isinstance(leaf, FactLeaf)}
        item = {"rule": rule.id, "area": rule.area, "effect": rule.effect, "confidence": rule.confidence,
                "facts": {k: json_value(v) for k, v in facts.items()},
                "citations": [{"cite": a.cite, "uri": a.uri} for a in active.authorities]}
    item.update(status=status, title=rule.title)
    if status != "fail":
        item.pop("remedy", None)
    return item


def _thresholds(assessment: Assessment, form: FormAssessment, book: Rulebook,
                proposal_map: ProposalMap) -> list[dict[str, Any]]:
    """How far each numeric answer sits from each threshold the option's rules compare it with."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for active in assessment.context.law.by_option[(form.adm.id, form.form.id)]:
        for leaf in active.leaves:
            value = getattr(assessment.context.answers, leaf.fact, None) if isinstance(leaf, FactLeaf) else None
            if not isinstance(leaf, FactLeaf) or leaf.param is None or not isinstance(value, int | float):
                continue
            if not _decides(assessment, active, form.adm.id, leaf, value):
                continue  # the rule's other tests settle it whichever side of this threshold the answer falls
            threshold = float(active.params[leaf.param])
            unit = book.file_of(active.rule).parameters[leaf.param].unit
            entry = seen.setdefault((leaf.fact, leaf.param), {
                "fact": leaf.fact, "value": value, "ops": [], "threshold": threshold, "unit": unit,
                "margin": round(abs(value - threshold), 6), "side": _side(value, threshold), "rule": active.rule.id})
            entry["ops"] = sorted({*entry["ops"], leaf.op})
    for entry in seen.values():
        exact = {"<", ">"} <= set(entry["ops"]) or entry["ops"] in (["=="], ["!="])  # must equal it: no edge
        entry["knife_edge"] = not exact and _knife_edge(entry["value"], entry["threshold"], entry["unit"], proposal_map)
    return sorted(seen.values(), key=lambda t: (not t["knife_edge"], t["fact"], t["threshold"]))


def _decides(assessment: Assessment, active: ActiveRule, adm: str, leaf: FactLeaf, value: float) -> bool:
    """Whether moving the answer across this threshold would change the rule's outcome now."""
    context = assessment.context
    derived: dict[str, Status] = {n: e[0] for n, e in context.derived.get(adm, {}).items()} if active.per_adm else {}
    now = evaluate3(active.condition, active, context.facts, derived)
    threshold = float(active.params[leaf.param or ""])
    for other in (threshold - 1, threshold, threshold + 1):
        facts = {**context.facts, leaf.fact: other}
        flipped = evaluate3(leaf, active, facts, {}) != evaluate3(leaf, active, context.facts, {})
        if flipped and evaluate3(active.condition, active, facts, derived) != now:
            return True
    return False


def _side(value: float, threshold: float) -> str:
    return "at" if value == threshold else "above" if value > threshold else "below"


def _knife_edge(value: float, threshold: float, unit: str, proposal_map: ProposalMap) -> bool:
    margins = proposal_map.knife_edge
    if unit == "gbp":
        return abs(value - threshold) <= margins.get("gbp_fraction", 0) * threshold
    return abs(value - threshold) <= margins.get(unit, 0)
