"""Timetable cases (tests/scenarios/timetable/*.yaml, shipped as scenario_cases/timetable): a council's answers, a
route and a day, and the steps `advisor plan` must give - each expected rule's date, due, period, lateness, status
and questions; rules that must not be steps; the order; the steps `advisor check` must call impossible. Read, run
and checked here for `advisor rules check`, mutation testing and the pytest plugin; which timed rules no passing
case takes as its subject."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from advisor.assessment.assess import assess
from advisor.assessment.records import Assessment
from advisor.assessment.timetable import TimetableStep, build_timetable, impossible_steps
from advisor.base.errors import AdvisorError, ScenarioError
from advisor.base.yamlio import load_yaml
from advisor.engine.evaluation import EngineName
from advisor.law.answers import build_answers_model, validate_answers
from advisor.law.rules import Rulebook
from advisor.law.vocabulary import Vocabulary
from advisor.quality.scenarios import CaseOutcome, scenarios_dir

CASE_KEYS = {"name", "as_at", "today", "answers", "route", "steps", "not_steps", "order", "impossible"}
REQUIRED = ("name", "answers", "route", "today")
STEP_KEYS = {"date", "due", "status", "late", "days_late", "period", "who", "confidence", "clear", "unit",
             "question", "open_questions", "cites", "read_on"}


@dataclass(frozen=True)
class TimetableCase:
    """One case: what the council says, the route and the day, and what the timetable must show."""

    name: str
    file: str
    raw: dict[str, Any]

    @property
    def subjects(self) -> frozenset[str]:
        """The rules whose steps the case expects (and so tests)."""
        return frozenset(self.raw.get("steps") or {})

    @property
    def named(self) -> frozenset[str]:
        """Every rule the case names, as a step, as no step, in its order or among the impossible."""
        raw = self.raw
        return frozenset([*self.subjects, *raw.get("not_steps", []), *raw.get("order", []),
                          *raw.get("impossible", [])])


TimetableOutcome = CaseOutcome[TimetableCase]  # a timetable case run: its assessment and failed expectations


def timetable_dir(scenarios: Path | None = None) -> Path:
    """The timetable cases beside the scenario cases (their `timetable` folder)."""
    return (scenarios or scenarios_dir()) / "timetable"


def load_timetable_cases(directory: Path | None = None) -> list[TimetableCase]:
    """Every case of every *.yaml file in the directory (none when it does not exist), file by file."""
    directory = directory or timetable_dir()
    return [case for path in sorted(directory.glob("*.yaml")) for case in read_timetable_cases(path)]


def read_timetable_cases(path: Path) -> list[TimetableCase]:
    """The cases of one file; a malformed file or case raises ScenarioError naming it and the key."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ScenarioError(f"{path.name}: cannot be read as YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(data, list) or not data or not all(isinstance(item, dict) for item in data):
        raise ScenarioError(f"{path.name}: expected a list of timetable cases, each a mapping")
    return [_case(raw, path.name, index) for index, raw in enumerate(data, 1)]


def _case(raw: dict[str, Any], file: str, index: int) -> TimetableCase:
    label = f"{file}: case {raw.get('name') or index}"
    if unknown := sorted(set(raw) - CASE_KEYS):
        raise ScenarioError(f"{label}: unknown keys {unknown} (allowed: {sorted(CASE_KEYS)})")
    if missing := [key for key in REQUIRED if key not in raw]:
        raise ScenarioError(f"{label}: missing {missing} (each case needs {list(REQUIRED)})")
    for key in ("today", "as_at"):
        if key in raw and (not isinstance(raw[key], dt.date) or isinstance(raw[key], dt.datetime)):
            raise ScenarioError(f"{label}: {key} must be a date in YYYY-MM-DD form, not {raw[key]!r}")
    if not isinstance(raw["route"], str) or raw["route"].count("/") != 1:
        raise ScenarioError(f"{label}: route must be ADM/FORM (two identifiers), not {raw['route']!r}")
    for rule, expected in (raw.get("steps") or {}).items():
        if not isinstance(expected, dict) or set(expected) - STEP_KEYS:
            raise ScenarioError(f"{label}: step {rule}: a mapping of {sorted(STEP_KEYS)} expected")
    return TimetableCase(str(raw["name"]), file, raw)


def timetable_answers(case: TimetableCase, book: Rulebook) -> BaseModel:
    """The case's validated answers (AnswersError names the case and the field when one is wrong)."""
    return validate_answers(case.raw["answers"], _answers_model(book.vocabulary), book.vocabulary, case.name)


@lru_cache(maxsize=4)
def _answers_model(vocabulary: Vocabulary) -> type[BaseModel]:
    return build_answers_model(vocabulary)


def run_timetable_case(case: TimetableCase, book: Rulebook, engine: EngineName = "durable") -> TimetableOutcome:
    """Check the case's rules exist, assess its answers and check the route's timetable against it."""
    if missing := sorted(rule for rule in case.named if rule not in book.rules):
        return TimetableOutcome(case, None, (f"names rules not in the rule base: {missing}",))
    try:
        answers = timetable_answers(case, book)
        result = assess(answers, book, case.raw.get("as_at"), engine=engine)
        return TimetableOutcome(case, result, tuple(check_timetable_case(case, result)))
    except AdvisorError as exc:
        return TimetableOutcome(case, None, (exc.message,))


def run_timetable_cases(cases: Iterable[TimetableCase], book: Rulebook,
                        engine: EngineName = "reference") -> list[TimetableOutcome]:
    """Run every case (on the plain-Python evaluator unless told otherwise)."""
    return [run_timetable_case(case, book, engine) for case in cases]


def check_timetable_case(case: TimetableCase, result: Assessment) -> list[str]:
    """Every expectation of the case that the route's timetable in this assessment does not meet."""
    raw = case.raw
    adm, form = raw["route"].split("/")
    timetable = build_timetable(result, adm, form, raw["today"])
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


def timetable_problems(book: Rulebook, outcomes: list[TimetableOutcome]) -> list[str]:
    """Failing timetable cases, names used twice, and every timed rule no passing case has as a subject."""
    problems = [f"timetable {o.case.file}: {o.case.name}: {p}" for o in outcomes for p in o.problems]
    names = [o.case.name for o in outcomes]
    problems += [f"timetable case name used twice: {name}" for name in sorted({n for n in names if names.count(n) > 1})]
    tested = {rule for o in outcomes if o.passed for rule in o.case.subjects}
    problems += [f"rule {rule.id} ({rule.file}): has a timing, but no passing timetable case expects its step "
                 f"(add one under tests/scenarios/timetable/)" for rule in book.rules.values()
                 if rule.timing is not None and rule.id not in tested]
    return problems
