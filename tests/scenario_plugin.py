"""Collects tests/scenarios/*.yaml: each case is answers in, verdicts, firings and citations out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.answers import validate_answers
from advisor.assessment import Assessment, FormAssessment, assess
from advisor.proposal import Proposal
from advisor.proposal_facts import proposal_answers
from advisor.session import answers_model, example_text, load_book, proposal_map
from advisor.yamlio import load_yaml

CHECKS = ("expect", "fired", "fired_for", "not_fired", "not_fired_for", "cites", "not_cites", "asks")
KEYS = {"name", "as_at", "example", "answers", "proposal", "engine", *CHECKS}


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Collect YAML files under tests/scenarios as scenario tests."""
    if file_path.suffix == ".yaml" and "scenarios" in file_path.parts:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    """One scenario file: a list of cases."""

    def collect(self) -> Iterator[pytest.Item]:
        cases = yaml.safe_load(self.path.read_text(encoding="utf-8")) or []
        for case in cases:
            yield ScenarioItem.from_parent(self, name=str(case.get("name", "unnamed case")), case=case)


class ScenarioFailure(Exception):
    """A scenario expectation that did not hold."""


class ScenarioItem(pytest.Item):
    """One scenario case."""

    def __init__(self, *, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        case = self.case
        unknown = set(case) - KEYS
        if unknown or not set(case) & set(CHECKS):
            raise ScenarioFailure(f"case keys {sorted(unknown)} unknown, or no check given")
        book = load_book()
        given = scenario_answers(case)
        answers = validate_answers(given, answers_model(), book.vocabulary, self.name)
        as_at = case["as_at"] if isinstance(case["as_at"], dt.date) else dt.date.fromisoformat(case["as_at"])
        result = assess(answers, book, as_at, engine=case.get("engine", "durable"), proposal="proposal" in case)
        problems = check_case(case, result)
        if problems:
            raise ScenarioFailure("\n".join(problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailure):
            return f"scenario failed: {self.name}\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"


def scenario_answers(case: dict[str, Any]) -> dict[str, Any]:
    """A case's answers: its example's, then its own, then what its proposed structure sets."""
    given = dict(_example(case["example"]) if "example" in case else {}, **(case.get("answers") or {}))
    if "proposal" in case:
        proposal = Proposal.model_validate(case["proposal"])
        given.update(proposal_answers(proposal, proposal_map()))
    given.pop("as_at", None)
    return given


def _example(name: str) -> dict[str, Any]:
    data = load_yaml(example_text(name))
    assert isinstance(data, dict)
    return data


def _targets(result: Assessment, target: str) -> list[FormAssessment]:
    adm_id, _, form_id = target.partition("/")
    forms = result.adm(adm_id).forms
    return [f for f in forms if not form_id or f.form.id == form_id]


def _fired(forms: list[FormAssessment]) -> set[str]:
    return {finding.rule_id for form in forms for finding in form.findings}


def check_case(case: dict[str, Any], result: Assessment) -> list[str]:
    """Every expectation of a case that does not hold, described."""
    problems: list[str] = []
    all_forms = [form for adm in result.adms for form in adm.forms]
    for target, verdict in (case.get("expect") or {}).items():
        adm_id, _, form_id = target.partition("/")
        got = result.adm(adm_id).verdict if not form_id else _targets(result, target)[0].verdict
        if got != verdict:
            problems.append(f"{target}: expected {verdict}, got {got}; {_why(_targets(result, target))}")
    fired = _fired(all_forms)
    problems += [f"{rule} did not fire for any option" for rule in case.get("fired", []) if rule not in fired]
    problems += [f"{rule} fired but should not have" for rule in case.get("not_fired", []) if rule in fired]
    for target, rules in (case.get("fired_for") or {}).items():
        got_rules = _fired(_targets(result, target))
        problems += [f"{rule} did not fire for {target}" for rule in rules if rule not in got_rules]
    for target, rules in (case.get("not_fired_for") or {}).items():
        got_rules = _fired(_targets(result, target))
        problems += [f"{rule} fired for {target} but should not have" for rule in rules if rule in got_rules]
    cites = {a.cite for form in all_forms for f in form.findings for a in f.active.authorities}
    problems += [f"no citation contains {want!r}" for want in case.get("cites", []) if not any(want in c for c in cites)]
    problems += [f"a citation contains {bad!r}" for bad in case.get("not_cites", []) if any(bad in c for c in cites)]
    asked = {q.fact for form in all_forms for q in form.open_questions}
    problems += [f"{fact} is not among the open questions {sorted(asked)}" for fact in case.get("asks", [])
                 if fact not in asked]
    return problems


def _why(forms: list[FormAssessment]) -> str:
    parts = []
    for form in forms:
        decisive = [f.rule_id for f in form.findings if f.active.rule.effect == "exclude"]
        open_ = [f.rule_id for f in form.possible if f.active.rule.effect == "exclude"]
        parts.append(f"{form.form.id}={form.verdict} excluded by {decisive} open on {open_}")
    return "; ".join(parts)
