"""Scenario cases (tests/scenarios/*.yaml): loaded, run to an Assessment, and checked against what they expect."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from advisor.assessment.assess import assess
from advisor.assessment.records import Assessment, FormAssessment
from advisor.base.errors import AnswersError, ScenarioError
from advisor.base.resources import data_dir
from advisor.base.yamlio import load_yaml
from advisor.engine.evaluation import EngineName
from advisor.law.answers import build_answers_model, validate_answers
from advisor.law.proposal import Proposal
from advisor.law.proposal_map import proposal_answers
from advisor.law.rules import Rulebook
from advisor.law.shipped import example_text, proposal_map
from advisor.law.vocabulary import Vocabulary
from advisor.quality.scenario_shape import CHECKS, shape_problems

__all__ = ["CHECKS", "Case", "Outcome", "case_answers", "check_case", "load_cases", "prepare", "read_cases",
           "run", "run_case", "run_cases", "scenarios_dir"]


@dataclass(frozen=True)
class Case:
    """One scenario: a sentence in the council's terms, its answers, and what the advisor must say."""

    name: str
    file: str
    as_at: dt.date
    data: Mapping[str, Any]

    @property
    def proposal(self) -> bool:
        """True when the case checks a proposed structure (proposal-only rules apply)."""
        return "proposal" in self.data


CaseT = TypeVar("CaseT")


@dataclass(frozen=True)
class CaseOutcome(Generic[CaseT]):
    """A case run (a scenario case, or a timetable case): its assessment (None when it could not run) and every
    expectation that failed."""

    case: CaseT
    result: Assessment | None
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """True when the case ran and every expectation held."""
        return self.result is not None and not self.problems


Outcome = CaseOutcome[Case]


def scenarios_dir() -> Path:
    """The scenario cases shipped with the advisor (tests/scenarios in a checkout)."""
    return data_dir("scenario_cases", checkout="tests/scenarios")


def load_cases(directory: Path | None = None) -> list[Case]:
    """Every case of every *.yaml file in the directory, file by file; a malformed file raises ScenarioError."""
    directory = directory or scenarios_dir()
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise ScenarioError(f"{directory}: no scenario files (*.yaml) there")
    return [case for path in paths for case in read_cases(path)]


def read_cases(path: Path) -> list[Case]:
    """The cases of one scenario file (duplicate keys refused: YAML would silently keep the last)."""
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ScenarioError(f"{path.name}: cannot be read as YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise ScenarioError(f"{path.name}: expected a list of cases, each a mapping")
    return [_case(item, path.name, index) for index, item in enumerate(raw, 1)]


def _case(item: dict[str, Any], file: str, index: int) -> Case:
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError(f"{file}: case {index} has no name")
    as_at = item.get("as_at")
    if isinstance(as_at, str):
        with contextlib.suppress(ValueError):
            as_at = dt.date.fromisoformat(as_at)
    if not isinstance(as_at, dt.date) or isinstance(as_at, dt.datetime):
        raise ScenarioError(f"{file}: {name}: as_at must be a date in YYYY-MM-DD form")
    return Case(name, file, as_at, item)


def case_answers(case: Case) -> dict[str, Any]:
    """A case's answers: its example's, then its own, then what its proposed structure sets."""
    given = dict(_example(example_text, case.data["example"]) if "example" in case.data else {})
    given.update(case.data.get("answers") or {})
    if case.proposal:
        proposal = Proposal.model_validate(case.data["proposal"])
        given.update(proposal_answers(proposal, proposal_map()))
    given.pop("as_at", None)
    return given


def _example(read: Any, name: str) -> dict[str, Any]:
    data = load_yaml(read(name))
    if not isinstance(data, dict):
        raise AnswersError(f"example {name!r} is not a mapping of answers")
    return data


@lru_cache(maxsize=4)
def _answers_model(vocabulary: Vocabulary) -> type[BaseModel]:
    return build_answers_model(vocabulary)


def prepare(case: Case, book: Rulebook) -> BaseModel:
    """The case's validated answers (AnswersError names the case and field when one is wrong)."""
    try:
        given = case_answers(case)
    except ValidationError as exc:
        raise AnswersError(f"{case.name}: the proposal is malformed: {exc.errors()[0]['msg']}") from None
    return validate_answers(given, _answers_model(book.vocabulary), book.vocabulary, case.name)


def run(case: Case, answers: BaseModel, book: Rulebook, engine: EngineName | None = None) -> Assessment:
    """Assess a case's answers on its date (the engine it names unless one is given)."""
    chosen: EngineName = engine or case.data.get("engine", "durable")
    return assess(answers, book, case.as_at, engine=chosen, proposal=case.proposal)


def run_case(case: Case, book: Rulebook, engine: EngineName | None = None) -> Outcome:
    """Check a case's shape, run it and check its expectations."""
    problems = shape_problems(case.data, book)
    if problems:
        return Outcome(case, None, tuple(problems))
    try:
        answers = prepare(case, book)
    except AnswersError as exc:
        return Outcome(case, None, (exc.message,))
    result = run(case, answers, book, engine)
    return Outcome(case, result, tuple(check_case(case.data, result)))


def run_cases(cases: list[Case], book: Rulebook, engine: EngineName | None = "reference") -> list[Outcome]:
    """Run every case (on the plain-Python evaluator unless told otherwise)."""
    return [run_case(case, book, engine) for case in cases]


def _targets(result: Assessment, target: str) -> list[FormAssessment]:
    adm_id, _, form_id = target.partition("/")
    return [f for f in result.adm(adm_id).forms if not form_id or f.form.id == form_id]


def _fired(forms: list[FormAssessment]) -> set[str]:
    return {active.rule.id for form in forms for active in form.applying}


def check_case(case: Mapping[str, Any], result: Assessment) -> list[str]:
    """Every expectation of a case that does not hold, described."""
    all_forms = [form for adm in result.adms for form in adm.forms]
    problems = _verdict_problems(case, result) + _firing_problems(case, result, all_forms)
    if "cites" in case or "not_cites" in case:
        cites = {a.cite for form in all_forms for active in form.applying for a in active.authorities}
        problems += [f"no citation contains {want!r}" for want in case.get("cites", []) if not any(want in c for c in cites)]
        problems += [f"a citation contains {bad!r}" for bad in case.get("not_cites", []) if any(bad in c for c in cites)]
    problems += _text_problems(case, all_forms) + _provided_problems(case, result)
    if "asks" in case:
        asked = {q.fact for form in all_forms for q in form.open_questions}
        problems += [f"{fact} is not among the open questions {sorted(asked)}" for fact in case["asks"] if fact not in asked]
    return problems


def _firing_problems(case: Mapping[str, Any], result: Assessment, all_forms: list[FormAssessment]) -> list[str]:
    problems: list[str] = []
    if "fired" in case or "not_fired" in case:
        fired = _fired(all_forms)
        problems += [f"{rule} did not fire for any option" for rule in case.get("fired", []) if rule not in fired]
        problems += [f"{rule} fired but should not have" for rule in case.get("not_fired", []) if rule in fired]
    for target, rules in (case.get("fired_for") or {}).items():
        got_rules = _fired(_targets(result, target))
        problems += [f"{rule} did not fire for {target}" for rule in rules if rule not in got_rules]
    for target, rules in (case.get("not_fired_for") or {}).items():
        got_rules = _fired(_targets(result, target))
        problems += [f"{rule} fired for {target} but should not have" for rule in rules if rule in got_rules]
    return problems


def _text_problems(case: Mapping[str, Any], all_forms: list[FormAssessment]) -> list[str]:
    """`says`: each rule fired for some option, and what the council is told (explanation, remedy, action) contains each text."""
    problems = []
    for rule_id, wanted in (case.get("says") or {}).items():
        findings = [f for form in all_forms for f in form.findings if f.rule_id == rule_id]
        texts = [(f.text, f.render(f.active.rule.remedy), f.render(f.active.rule.action)) for f in findings]
        told = " ".join(t for group in texts for t in group if t)
        problems += [f"{rule_id} did not fire, so says nothing"] if not findings else []
        problems += [f"{rule_id} does not say {text!r}" for text in wanted if findings and text not in told]
    return problems


def _provided_problems(case: Mapping[str, Any], result: Assessment) -> list[str]:
    """`provided`: the choices (and values) under which each named option stays open."""
    problems = []
    for target, wanted in (case.get("provided") or {}).items():
        form = _targets(result, target)[0]
        got = {condition.choice.fact: condition.choice.value for condition in form.provided}
        if got != wanted:
            problems.append(f"{target}: expected provided {wanted}, got {got or 'no proviso'} (verdict {form.verdict})")
    return problems


def _verdict_problems(case: Mapping[str, Any], result: Assessment) -> list[str]:
    problems = []
    for target, verdict in (case.get("expect") or {}).items():
        forms = _targets(result, target)
        got = result.adm(target.partition("/")[0]).verdict if "/" not in target else forms[0].verdict
        if got != verdict:
            problems.append(f"{target}: expected {verdict}, got {got}; {_why(forms)}")
    return problems


def _why(forms: list[FormAssessment]) -> str:
    parts = []
    for form in forms:
        decisive = [f.rule_id for f in form.findings if f.active.rule.effect == "exclude"]
        open_ = [f.rule_id for f in form.possible if f.active.rule.effect == "exclude"]
        parts.append(f"{form.form.id}={form.verdict} excluded by {decisive} open on {open_}")
    return "; ".join(parts)
