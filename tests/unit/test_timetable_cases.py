"""Timetable cases (advisor.quality.timetable_cases): read with clear refusals, run against the route's plan, and
required by `rules check` for every rule with a timing."""

from __future__ import annotations

import datetime as dt
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from advisor.base.errors import ScenarioError
from advisor.cli.main import main
from advisor.law.loader import load_rulebook
from advisor.law.rules import Rulebook
from advisor.quality.timetable_cases import (
    load_timetable_cases,
    read_timetable_cases,
    run_timetable_cases,
    timetable_problems,
)
from tests.conftest import SAMPLE_TOPIC, make_rules_dir

TIMED = "sample.timing.lead"
CASE = {"name": "A transfer on Monday 1 June 2020 has the work start by Saturday 2 May 2020", "as_at": dt.date(2020, 6, 1),
        "today": dt.date(2020, 5, 2), "answers": {"transfer_date": dt.date(2020, 6, 1)},
        "route": "wholly_owned_company/company_limited_by_shares",
        "steps": {TIMED: {"date": dt.date(2020, 5, 2), "period": 30, "late": False}}}


def _timed_rules(tmp: Path) -> Path:
    topic = deepcopy(SAMPLE_TOPIC)
    topic["parameters"]["lead_days"] = {"description": "Days before the transfer", "unit": "days",
                                        "values": [{"from": "2000-01-01", "value": 30, "authority": "act.s1"}]}
    topic["rules"].append({
        "id": TIMED, "title": "Start early", "area": "tupe", "effect": "duty",
        "touches": {"adms": ["wholly_owned_company"]}, "in_force": {"from": "2000-01-01"}, "authorities": ["act.s1"],
        "confidence": "settled", "explanation": "Start before the transfer.",
        "timing": {"step": "Start the work", "who": "council", "anchor": "transfer_date", "side": "before",
                   "period": {"param": "lead_days"}, "authorities": ["act.s1"], "confidence": "practice"}})
    return make_rules_dir(tmp, topic)


@pytest.fixture()
def timed(tmp_path: Path) -> Rulebook:
    return load_rulebook(_timed_rules(tmp_path))


def _write(directory: Path, cases: list[dict[str, Any]], name: str = "lead.yaml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(yaml.safe_dump(cases, sort_keys=False), encoding="utf-8")
    return path


def _problems(book: Rulebook, directory: Path, *cases: dict[str, Any]) -> list[str]:
    _write(directory, list(cases))
    return timetable_problems(book, run_timetable_cases(load_timetable_cases(directory), book))


def test_a_timed_rule_no_case_expects_is_named(timed: Rulebook, tmp_path: Path) -> None:
    problems = timetable_problems(timed, run_timetable_cases([], timed))
    assert problems == [f"rule {TIMED} (sample.yaml): has a timing, but no passing timetable case expects its step "
                        "(add one under tests/scenarios/timetable/)"]
    assert _problems(timed, tmp_path / "t", CASE) == []


def test_a_failing_case_is_reported_and_does_not_count(timed: Rulebook, tmp_path: Path) -> None:
    wrong = dict(CASE, steps={TIMED: {"date": dt.date(2020, 5, 1)}})  # one day off
    problems = _problems(timed, tmp_path / "t", wrong)
    assert f"timetable lead.yaml: {CASE['name']}: {TIMED}: date is datetime.date(2020, 5, 2), not " \
           "datetime.date(2020, 5, 1)" in problems
    assert any(p.startswith(f"rule {TIMED} (sample.yaml): has a timing") for p in problems)


def test_late_only_from_the_day_after(timed: Rulebook, tmp_path: Path) -> None:
    day_after = dict(CASE, name="The day after", today=dt.date(2020, 5, 3),
                     steps={TIMED: {"date": dt.date(2020, 5, 2), "late": True, "days_late": 1}}, impossible=[TIMED])
    assert _problems(timed, tmp_path / "t", CASE, day_after) == []


def test_an_unknown_rule_and_a_name_used_twice_are_problems(timed: Rulebook, tmp_path: Path) -> None:
    ghost = dict(CASE, not_steps=["no.such.rule"])
    problems = _problems(timed, tmp_path / "t", CASE, ghost)
    assert f"timetable lead.yaml: {CASE['name']}: names rules not in the rule base: ['no.such.rule']" in problems
    assert f"timetable case name used twice: {CASE['name']}" in problems


@pytest.mark.parametrize(("change", "message"), [
    ({"when": "soon"}, r"unknown keys \['when'\]"),
    ({"today": None}, "today must be a date"),
    ({"route": "wholly_owned_company"}, "route must be ADM/FORM"),
    ({"steps": {TIMED: {"deadline": "2020-05-02"}}}, f"step {TIMED}: a mapping of"),
])
def test_a_malformed_case_is_refused_naming_the_file_and_what_is_allowed(tmp_path: Path, change: dict[str, Any],
                                                                          message: str) -> None:
    path = _write(tmp_path, [dict(CASE, **change)])
    with pytest.raises(ScenarioError, match=message):
        read_timetable_cases(path)
    missing = {k: v for k, v in CASE.items() if k != "today"}
    with pytest.raises(ScenarioError, match=r"missing \['today'\]"):
        read_timetable_cases(_write(tmp_path, [missing]))


def test_rules_check_runs_the_timetable_cases_of_its_scenarios_directory(tmp_path: Path, runner: CliRunner) -> None:
    rules = _timed_rules(tmp_path)
    scenarios = tmp_path / "scenarios"
    _write(scenarios, [{"name": "Anything", "as_at": "2020-01-01", "answers": {}}], "cases.yaml")
    args = ["rules", "check", "--rules-dir", str(rules), "--scenarios", str(scenarios)]
    checked = runner.invoke(main, args)
    assert checked.exit_code == 1 and f"rule {TIMED} (sample.yaml): has a timing" in checked.output
    _write(scenarios / "timetable", [dict(CASE, steps={TIMED: {"date": "tomorrow"}})])
    checked = runner.invoke(main, args)
    assert checked.exit_code == 1 and f"timetable lead.yaml: {CASE['name']}: {TIMED}: date is" in checked.output
    (scenarios / "timetable" / "lead.yaml").write_text("- name: x\n  today: soon\n", encoding="utf-8")
    refused = runner.invoke(main, args)
    assert refused.exit_code == 2 and "lead.yaml" in refused.output and "Traceback" not in refused.output


def test_every_shipped_timetable_case_passes_and_every_timed_rule_has_one(book: Rulebook) -> None:
    outcomes = run_timetable_cases(load_timetable_cases(), book)
    assert len(outcomes) >= 80
    assert timetable_problems(book, outcomes) == []
