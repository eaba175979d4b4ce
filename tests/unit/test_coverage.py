"""`rules coverage` and the scenario checks of `rules check`: what counts as firing, not firing, and shown both ways."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from advisor.cli.main import main
from advisor.law.rules import Rulebook
from advisor.quality.coverage import constant, coverage_record, rule_coverage, verdict_evidence
from advisor.quality.scenarios import load_cases, run_cases
from advisor.quality.unproven import scenario_problems
from tests.conftest import make_rules_dir

FORTY = {"name": "A council keeping control cannot hold 40%", "as_at": "2020-01-01",
         "answers": {"keep_control": True, "council_share_pct": 40},
         "expect": {"part_owned_company": "not_viable"}}
SIXTY = {"name": "A council keeping control may hold 60%", "as_at": "2020-01-01",
         "answers": {"keep_control": True, "council_share_pct": 60},
         "expect": {"part_owned_company/company_limited_by_shares": "viable"},
         "fired_for": {"part_owned_company": ["sample.control.share"]}}
UNKNOWN = {"name": "With the share unknown nothing is decided", "as_at": "2020-01-01",
           "answers": {"keep_control": True}, "asks": ["council_share_pct"]}


def _outcomes(tmp: Path, book: Rulebook, *cases: dict[str, Any]):  # type: ignore[no-untyped-def]
    directory = tmp / "scenarios"
    directory.mkdir(exist_ok=True)
    (directory / "cases.yaml").write_text(yaml.safe_dump(list(cases), sort_keys=False), encoding="utf-8")
    return run_cases(load_cases(directory), book)


def _by_rule(tmp: Path, book: Rulebook, *cases: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {c.rule.id: (len(c.fired_in), len(c.held_off_in)) for c in rule_coverage(book, _outcomes(tmp, book, *cases))}


def test_firing_and_not_firing_are_seen_per_rule(tmp_path: Path, sample_book: Rulebook) -> None:
    seen = _by_rule(tmp_path, sample_book, FORTY, SIXTY)
    assert seen["sample.control.share"] == (1, 1)  # derived true at 60%, false at 40%
    assert seen["sample.control.lost"] == (1, 2)  # excludes at 40%; found not to apply at 60% (and to the wholly owned)



def test_an_unknown_answer_is_neither_firing_nor_not_firing(tmp_path: Path, sample_book: Rulebook) -> None:
    seen = _by_rule(tmp_path, sample_book, UNKNOWN)
    assert seen["sample.control.share"] == (0, 0) and seen["sample.services.csc"] == (0, 0)
    assert seen["sample.control.lost"] == (0, 1)  # unknown for the part-owned company; decided for the wholly owned


def test_a_rule_out_of_force_is_not_seen_either_way(tmp_path: Path, sample_book: Rulebook) -> None:
    late = dict(FORTY, as_at="2025-06-01", answers={"keep_control": True, "council_share_pct": 40,
                                                      "services": ["childrens_social_care"]})
    early = dict(late, name="Before the duty lapsed", as_at="2024-06-01")
    assert _by_rule(tmp_path, sample_book, late)["sample.services.csc"] == (0, 0)
    assert _by_rule(tmp_path, sample_book, early)["sample.services.csc"] == (1, 0)


def test_a_failing_case_counts_for_nothing(tmp_path: Path, sample_book: Rulebook) -> None:
    wrong = dict(SIXTY, expect={"part_owned_company": "not_viable"})
    assert _by_rule(tmp_path, sample_book, wrong)["sample.control.share"] == (0, 0)


def test_constant_rules_are_counted_apart(tmp_path: Path, sample_book: Rulebook) -> None:
    assert constant(sample_book.rules["sample.vat.note"]) is True
    assert constant(sample_book.rules["sample.control.share"]) is None
    record = coverage_record(sample_book, _outcomes(tmp_path, sample_book, FORTY, SIXTY))
    assert set(record["not_fired"]["always_hold"]) == {"sample.vat.note", "sample.control.owned"}
    assert record["fired"] == {"rules": 4, "of": 5, "pct": 80.0, "never_hold": []}
    assert record["not_fired"]["rules"] == 2 and record["not_fired"]["of"] == 3


def test_verdicts_are_shown_open_and_closed_through_adm_and_form(tmp_path: Path, sample_book: Rulebook) -> None:
    evidence = verdict_evidence(sample_book, _outcomes(tmp_path, sample_book, FORTY, SIXTY))
    assert evidence["part_owned_company/company_limited_by_guarantee"]["closed"]  # a closed ADM closes its forms
    assert evidence["part_owned_company"]["open"]  # an open form opens its ADM
    assert not evidence["part_owned_company/company_limited_by_guarantee"]["open"]
    assert not evidence["charity"]["open"] and not evidence["charity"]["closed"]


def test_rules_check_lists_unexercised_rules_and_options_not_shown_both_ways(tmp_path: Path,
                                                                            sample_book: Rulebook) -> None:
    problems = scenario_problems(sample_book, _outcomes(tmp_path, sample_book, FORTY, UNKNOWN))
    assert any(p.startswith("rule sample.control.share (sample.yaml): no passing scenario case exercises it") for p in problems)
    assert "option part_owned_company: no passing scenario case expects it viable or viable with conditions" in problems
    assert "option charity: no passing scenario case expects it not viable" in problems
    assert not any("sample.control.lost" in p for p in problems)
    both = scenario_problems(sample_book, _outcomes(tmp_path, sample_book, FORTY, SIXTY))
    assert not any("sample.control.share" in p or p.startswith("option part_owned_company:") for p in both)


def test_rules_check_lists_failing_cases_and_names_used_twice(tmp_path: Path, sample_book: Rulebook) -> None:
    wrong = dict(SIXTY, name=FORTY["name"], expect={"part_owned_company": "not_viable"})
    problems = scenario_problems(sample_book, _outcomes(tmp_path, sample_book, FORTY, wrong))
    assert any("cases.yaml: A council keeping control cannot hold 40%: part_owned_company: expected not_viable" in p
               for p in problems)
    assert f"scenario name used twice: {FORTY['name']}" in problems


def test_cli_check_and_coverage_on_a_rule_base_and_scenarios_of_ones_own(tmp_path: Path, runner: CliRunner) -> None:
    rules = make_rules_dir(tmp_path)
    _outcomes(tmp_path, _load(rules), FORTY)
    args = ["--rules-dir", str(rules), "--scenarios", str(tmp_path / "scenarios")]
    checked = runner.invoke(main, ["rules", "check", *args])
    assert checked.exit_code == 1 and "no passing scenario case exercises it" in checked.output
    shown = runner.invoke(main, ["rules", "coverage", *args])
    assert shown.exit_code == 0 and "Firing:" in shown.output and "sample.control.share" in shown.output
    data = json.loads(runner.invoke(main, ["rules", "coverage", "--format", "json", *args]).output)
    assert data["fired"]["rules"] == 3 and data["fired"]["of"] == 5
    assert runner.invoke(main, ["rules", "coverage", "--fail-under", "100", *args]).exit_code == 1


def _load(rules: Path) -> Rulebook:
    from advisor.law.loader import load_rulebook

    return load_rulebook(rules)


def test_the_shipped_scenarios_reach_full_coverage_both_ways(book: Rulebook) -> None:
    record = coverage_record(book, run_cases(load_cases(), book))
    assert not record["failing"]
    assert record["fired"]["pct"] == 100.0 and record["not_fired"]["pct"] == 100.0
    assert all(option["open"] and option["closed"] for option in record["options"])


def test_cli_check_of_a_broken_rule_base_exits_1_naming_the_fault(tmp_path: Path, runner: CliRunner) -> None:
    rules = make_rules_dir(tmp_path)
    sample = rules / "sample.yaml"
    sample.write_text(sample.read_text(encoding="utf-8") + "topic: sample\n", encoding="utf-8")
    result = runner.invoke(main, ["rules", "check", "--rules-dir", str(rules)])
    assert result.exit_code == 1 and "sample.yaml" in result.output and "'topic' is given more than once" in result.output
    assert "Traceback" not in result.output
