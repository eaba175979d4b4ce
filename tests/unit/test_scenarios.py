"""The scenario runner: cases load, run and check; a malformed file or an expectation naming nothing real is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from advisor.base.errors import ScenarioError
from advisor.cli.main import main
from advisor.law.rules import Rulebook
from advisor.quality.scenarios import load_cases, read_cases, run_case, scenarios_dir


def _write(tmp: Path, cases: list[dict[str, object]], name: str = "sample.yaml") -> Path:
    directory = tmp / "scenarios"
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(yaml.safe_dump(cases, sort_keys=False), encoding="utf-8")
    return directory


LOST = {"name": "A council keeping control cannot hold 40%", "as_at": "2020-01-01",
        "answers": {"keep_control": True, "council_share_pct": 40},
        "expect": {"part_owned_company": "not_viable"}, "fired_for": {"part_owned_company": ["sample.control.lost"]}}


def test_a_case_runs_and_passes(tmp_path: Path, sample_book: Rulebook) -> None:
    (case,) = load_cases(_write(tmp_path, [LOST]))
    outcome = run_case(case, sample_book, engine="reference")
    assert outcome.passed and outcome.result is not None
    assert outcome.result.adm("part_owned_company").verdict == "not_viable"


def test_a_failing_expectation_is_described(tmp_path: Path, sample_book: Rulebook) -> None:
    wrong = dict(LOST, expect={"part_owned_company": "viable"}, not_fired=["sample.control.lost"])
    (case,) = load_cases(_write(tmp_path, [wrong]))
    problems = run_case(case, sample_book, engine="reference").problems
    assert any("part_owned_company: expected viable, got not_viable" in p for p in problems)
    assert "sample.control.lost fired but should not have" in problems


@pytest.mark.parametrize(("change", "message"), [
    ({"not_fired": ["sample.control.lsot"]}, "no rule 'sample.control.lsot'"),
    ({"fired_for": {"castle": ["sample.control.lost"]}}, "castle: no such delivery model"),
    ({"expect": {"charity/llp": "not_viable"}}, "cannot take the form 'llp'"),
    ({"expect": {"charity": "fine"}}, "verdict 'fine' is not one of"),
    ({"asks": ["colour"]}, "'colour' is not an answer fact"),
    ({"colour": "red"}, "unknown keys ['colour']"),
    ({"engine": "magic"}, "engine 'magic'"),
])
def test_an_expectation_naming_nothing_real_fails_the_case(tmp_path: Path, sample_book: Rulebook,
                                                            change: dict[str, object], message: str) -> None:
    (case,) = load_cases(_write(tmp_path, [dict(LOST, **change)]))
    outcome = run_case(case, sample_book)
    assert outcome.result is None and any(message in p for p in outcome.problems), outcome.problems


def test_a_case_with_no_check_fails(tmp_path: Path, sample_book: Rulebook) -> None:
    bare = {"name": "Nothing checked", "as_at": "2020-01-01", "answers": {}}
    (case,) = load_cases(_write(tmp_path, [bare]))
    assert any("no check given" in p for p in run_case(case, sample_book).problems)


def test_a_bad_answer_fails_the_case_naming_the_field(tmp_path: Path, sample_book: Rulebook) -> None:
    (case,) = load_cases(_write(tmp_path, [dict(LOST, answers={"council_share_pct": 140})]))
    outcome = run_case(case, sample_book)
    assert outcome.result is None and "council_share_pct" in outcome.problems[0]


@pytest.mark.parametrize(("text", "message"), [
    ("- name: x\n  as_at: 2020-01-01\n  expect: {charity: viable}\n  expect: {charity: not_viable}\n", "'expect' is given more"),
    ("- name: x\n  as_at: 1 March 2020\n  expect: {charity: viable}\n", "as_at must be a date"),
    ("- as_at: 2020-01-01\n  expect: {charity: viable}\n", "case 1 has no name"),
    ("name: x\n", "expected a list of cases"),
    ("- [unclosed\n", "cannot be read as YAML"),
])
def test_a_malformed_scenario_file_is_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=message):
        read_cases(path)


def test_a_malformed_scenarios_directory_exits_2_without_a_traceback(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "bad.yaml").write_text("- name: x\n  as_at: soon\n  fired: []\n", encoding="utf-8")
    result = runner.invoke(main, ["rules", "check", "--scenarios", str(tmp_path)])
    assert result.exit_code == 2 and "as_at must be a date" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(main, ["rules", "coverage", "--scenarios", str(empty)]).exit_code == 2


def test_the_shipped_scenarios_are_found_and_all_load() -> None:
    cases = load_cases()
    assert scenarios_dir().name in ("scenarios", "scenario_cases")
    assert len(cases) > 300 and len({c.name for c in cases}) == len(cases)
