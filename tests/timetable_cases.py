"""Timetable cases (tests/scenarios/timetable/*.yaml): a council's answers, a route and a day, and the steps
`advisor plan` must give: each expected rule's date, due, period, lateness, status and questions; rules that must
not be steps; the order; the steps `advisor check` must call impossible. Read, run and checked here; the
scenario plugin collects them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.assessment.assess import assess
from advisor.assessment.timetable import TimetableStep, build_timetable, impossible_steps
from advisor.base.yamlio import load_yaml
from advisor.law.answers import validate_answers
from advisor.law.rules import Rulebook
from advisor.law.shipped import answers_model

CASE_KEYS = {"name", "as_at", "today", "answers", "route", "steps", "not_steps", "order", "impossible"}
STEP_KEYS = {"date", "due", "status", "late", "days_late", "period", "who", "confidence", "clear", "unit",
             "question", "open_questions", "cites", "read_on"}


@dataclass(frozen=True)
class TimetableCase:
    """One case: what the council says, the route and the day, and what the timetable must show."""

    name: str
    raw: dict[str, Any]


def read_timetable_cases(path: Path) -> list[TimetableCase]:
    """The cases of one file; a malformed case raises ValueError naming it and the key."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not data:
        raise ValueError(f"{path}: must be a list of timetable cases")
    cases = []
    for raw in data:
        unknown = set(raw) - CASE_KEYS
        if unknown or not {"name", "answers", "route", "today"} <= set(raw):
            raise ValueError(f"{path}: case {raw.get('name')!r}: keys {sorted(unknown)} unknown, or one of name, "
                             "answers, route, today missing")
        for rule, expected in (raw.get("steps") or {}).items():
            if set(expected) - STEP_KEYS:
                raise ValueError(f"{path}: case {raw['name']!r}: step {rule}: unknown keys {sorted(set(expected) - STEP_KEYS)}")
        cases.append(TimetableCase(raw["name"], raw))
    return cases


def run_timetable_case(case: TimetableCase, book: Rulebook) -> list[str]:
    """The problems found (none when the case holds)."""
    raw = case.raw
    named = [*(raw.get("steps") or {}), *raw.get("not_steps", []), *raw.get("order", []), *raw.get("impossible", [])]
    if missing := [rule for rule in named if rule not in book.rules]:
        return [f"names rules not in the rule base: {missing}"]
    answers = validate_answers(raw["answers"], answers_model(), book.vocabulary, case.name)
    adm, form = raw["route"].split("/")
    timetable = build_timetable(assess(answers, book, raw.get("as_at")), adm, form, raw["today"])
    found = {step.rule: step for step in timetable.steps}
    problems = []
    for rule, expected in (raw.get("steps") or {}).items():
        problems += [f"{rule}: {p}" for p in _step_problems(found.get(rule), expected)]
    problems += [f"{rule}: is a step, and must not be" for rule in raw.get("not_steps", []) if rule in found]
    order = [step.rule for step in timetable.steps if step.rule in raw.get("order", [])]
    if "order" in raw and order != raw["order"]:
        problems.append(f"steps in the order {order}, not {raw['order']}")
    impossible = sorted(step.rule for step in impossible_steps(timetable))
    if "impossible" in raw and impossible != sorted(raw["impossible"]):
        problems.append(f"impossible steps {impossible}, not {sorted(raw['impossible'])}")
    return problems


def _step_problems(step: TimetableStep | None, expected: dict[str, Any]) -> list[str]:
    if step is None:
        return ["is not a step of the timetable"]
    seen = _observed(step)
    out = [f"{key} is {seen[key]!r}, not {value!r}" for key, value in expected.items()
           if key != "cites" and seen[key] != value]
    cited = [c.cite for c in step.citations]
    out += [f"cites nothing containing {text!r} (cites {cited})" for text in expected.get("cites", [])
            if not any(text in cite for cite in cited)]
    return out


def _observed(step: TimetableStep) -> dict[str, Any]:
    asked = step.dating_question.fact if step.dating_question else None
    return {"date": step.date, "due": step.due, "status": step.status, "late": step.late, "days_late": step.days_late,
            "period": step.period.amount, "who": step.who, "confidence": step.confidence, "clear": step.period.clear,
            "unit": step.period.unit, "question": asked, "open_questions": [q.fact for q in step.open_questions],
            "read_on": step.period.on}

