"""Mutation testing: a flipped comparison or nudged threshold is caught by a case at the boundary, and only then."""

from __future__ import annotations

import datetime as dt
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.assessment.assess import assess
from advisor.base.errors import ScenarioError
from advisor.law.loader import load_rulebook
from advisor.law.rules import Rulebook
from advisor.law.shipped import load_book
from advisor.quality.mutants import all_mutants
from advisor.quality.mutation import Listing, mutation_record, read_listing, run_mutation, try_mutant
from advisor.quality.mutation_timetable import prepare_timetable_cases
from advisor.quality.scenarios import load_cases, prepare
from advisor.quality.timetable_cases import load_timetable_cases, read_timetable_cases
from tests.conftest import SAMPLE_TOPIC, make_rules_dir

LISTING = Listing(dt.date(2000, 1, 1), "nothing before the sample's law", {})


def _case(share: float, verdict: str) -> dict[str, Any]:
    return {"name": f"A council keeping control with {share:g}%", "as_at": "2020-01-01",
            "answers": {"keep_control": True, "council_share_pct": share}, "expect": {"part_owned_company": verdict}}


def _results(tmp: Path, book: Rulebook, cases: list[dict[str, Any]], listing: Listing = LISTING) -> dict[str, str]:
    directory = tmp / "scenarios"
    directory.mkdir(exist_ok=True)
    (directory / "cases.yaml").write_text(yaml.safe_dump(cases, sort_keys=False), encoding="utf-8")
    results = run_mutation(book, load_cases(directory), listing)
    return {r.mutant.id: r.status for r in results}


FLIP = "sample.control.share leaf 1: council_share_pct > majority_pct -> council_share_pct >= majority_pct"
UP = "sample.majority_pct from 2000-01-01: 50 -> 51"
DOWN = "sample.majority_pct from 2000-01-01: 50 -> 49"


def test_cases_away_from_the_threshold_let_the_mutants_survive(tmp_path: Path, sample_book: Rulebook) -> None:
    got = _results(tmp_path, sample_book, [_case(40, "not_viable"), _case(60, "viable")])
    assert got[FLIP] == got[UP] == got[DOWN] == "survived"


def test_cases_at_and_beside_the_threshold_catch_them(tmp_path: Path, sample_book: Rulebook) -> None:
    cases = [_case(50, "not_viable"), _case(51, "viable"), _case(49.5, "not_viable")]
    got = _results(tmp_path, sample_book, cases)
    assert got[FLIP] == "caught"  # at 50: > does not hold, >= would
    assert got[UP] == "caught"  # at 51: more than 50, not more than 51
    assert got[DOWN] == "caught"  # at 49.5: not more than 50, more than 49


def test_an_unknown_answer_is_never_rerun(tmp_path: Path, sample_book: Rulebook) -> None:
    unknown = {"name": "Share not known", "as_at": "2020-01-01", "answers": {"keep_control": True},
               "expect": {"part_owned_company": "undetermined"}}
    results = run_mutation(sample_book, load_cases(_dir(tmp_path, [unknown])), LISTING)
    flip = next(r for r in results if r.mutant.id == FLIP)
    assert flip.status == "survived" and "rerun on 0 case(s)" in flip.by


def _dir(tmp: Path, cases: list[dict[str, Any]]) -> Path:
    directory = tmp / "scenarios"
    directory.mkdir(exist_ok=True)
    (directory / "cases.yaml").write_text(yaml.safe_dump(cases, sort_keys=False), encoding="utf-8")
    return directory


def test_a_window_moved_across_its_authority_is_refused_by_the_check(tmp_path: Path, sample_book: Rulebook) -> None:
    got = _results(tmp_path, sample_book, [_case(40, "not_viable")])
    assert got["sample.services.csc in force to 2024-12-31 -> 2025-01-01"] == "refused"  # act.s2 ends on the 31st


def test_a_parameter_only_explanations_state_is_caught_by_what_a_case_says(tmp_path: Path) -> None:
    topic = deepcopy(SAMPLE_TOPIC)
    topic["parameters"]["notice_days"] = {"description": "Days of notice", "unit": "days",
                                          "values": [{"from": "2000-01-01", "value": 28, "authority": "act.s1"}]}
    topic["parameters"]["unused_days"] = dict(topic["parameters"]["notice_days"], description="Used by no rule")
    topic["rules"][4]["explanation"] = "Give {{ params.notice_days }} days' notice."
    book = load_rulebook(make_rules_dir(tmp_path, topic))
    mutants = {m.id: m for m in all_mutants(book, LISTING.dates_from)}
    unused = mutants["sample.unused_days from 2000-01-01: 28 -> 29"]
    assert unused.equivalent == "no rule compares with this parameter, states it or times a step by it"
    assert mutants["sample.notice_days from 2000-01-01: 28 -> 29"].equivalent is None
    told = {"name": "The in-house note gives the notice period", "as_at": "2020-01-01", "answers": {},
            "says": {"sample.vat.note": ["28 days"]}}
    got = _results(tmp_path, book, [told])
    assert got["sample.notice_days from 2000-01-01: 28 -> 29"] == "caught"


def test_listed_equivalents_must_survive_and_exist(tmp_path: Path, sample_book: Rulebook) -> None:
    listing = Listing(LISTING.dates_from, LISTING.dates_reason, {UP: "said to change nothing", "no.such mutation": "x"})
    cases = [_case(51, "viable"), _case(60, "viable")]
    directory = _dir(tmp_path, cases)
    results = run_mutation(sample_book, load_cases(directory), listing)
    record = mutation_record(sample_book, results, listing)
    stale = {s["mutation"]: s["why"] for s in record["stale"]}
    assert stale == {UP: "it is caught, not a survivor", "no.such mutation": "no such mutation"}
    listed = Listing(LISTING.dates_from, LISTING.dates_reason, {DOWN: "no case is given a fractional share"})
    record = mutation_record(sample_book, run_mutation(sample_book, load_cases(directory), listed), listed)
    assert DOWN not in {s["mutation"] for s in record["survivors"]}
    assert {"mutation": DOWN, "reason": "no case is given a fractional share", "listed": True} in record["equivalent"]


def test_mutation_leaves_the_real_rule_base_assessing_as_before(tmp_path: Path, sample_book: Rulebook) -> None:
    (case,) = load_cases(_dir(tmp_path, [_case(50, "not_viable")]))
    answers = prepare(case, sample_book)
    before = assess(answers, sample_book, case.as_at, engine="reference").adm("part_owned_company").verdict
    run_mutation(sample_book, [case], LISTING)
    after = assess(answers, sample_book, case.as_at, engine="reference").adm("part_owned_company").verdict
    assert before == after == "not_viable"


def test_every_kind_of_mutant_is_made(sample_book: Rulebook) -> None:
    mutants = all_mutants(sample_book, LISTING.dates_from)
    kinds = {m.kind for m in mutants}
    assert kinds == {"threshold", "operator", "date"}
    ids = {m.id for m in mutants}
    assert "sample.services.csc leaf 1: services contains childrens_social_care -> services lacks childrens_social_care" in ids
    assert "sample.control.lost leaf 2: derived council_controls_body is false -> derived council_controls_body is true" in ids
    assert "sample.control.lost leaf 1: keep_control is true -> keep_control is false" in ids


def test_a_malformed_equivalents_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "equivalents.yaml"
    path.write_text("dates_from: soon\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="dates_from is not a date"):
        read_listing(path)
    path.write_text("dates_from: 2014-01-01\ndates_reason: r\nequivalent: [{mutation: x}]\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="'reason'"):
        read_listing(path)


def _with_timed_duty(tmp_path: Path, param: tuple[str, str, int], rule: dict[str, Any]) -> Rulebook:
    """The sample rule base with one more parameter (name, description, value from 2000) and a timed duty using it."""
    topic = deepcopy(SAMPLE_TOPIC)
    name, description, value = param
    topic["parameters"][name] = {"description": description, "unit": "days",
                                 "values": [{"from": "2000-01-01", "value": value, "authority": "act.s1"}]}
    topic["rules"].append({"effect": "duty", "touches": {"adms": ["wholly_owned_company"]},
                           "in_force": {"from": "2000-01-01"}, "authorities": ["act.s1"], "confidence": "settled",
                           **rule})
    return load_rulebook(make_rules_dir(tmp_path, topic))


def _case_file(path: Path, cases: list[dict[str, Any]]) -> Path:
    """Timetable cases written as a case file."""
    path.write_text(yaml.safe_dump(cases, sort_keys=False), encoding="utf-8")
    return path


def test_a_period_only_a_timing_uses_is_caught_by_a_timetable_case(tmp_path: Path) -> None:
    book = _with_timed_duty(tmp_path, ("lead_days", "Days before the transfer", 30), {
        "id": "sample.timing.lead", "title": "Start early", "area": "tupe", "explanation": "Start before the transfer.",
        "timing": {"step": "Start the work", "who": "council", "anchor": "transfer_date", "side": "before",
                   "period": {"param": "lead_days"}, "authorities": ["act.s1"], "confidence": "practice"}})
    up = "sample.lead_days from 2000-01-01: 30 -> 31"
    assert {m.id: m for m in all_mutants(book, LISTING.dates_from)}[up].equivalent is None  # a timing uses it
    timed = [{"name": "A transfer on 1 June 2020 has the work start by 2 May 2020", "as_at": dt.date(2020, 6, 1),
              "today": dt.date(2020, 5, 1), "answers": {"transfer_date": dt.date(2020, 6, 1)},
              "route": "wholly_owned_company/company_limited_by_shares",
              "steps": {"sample.timing.lead": {"date": dt.date(2020, 5, 2)}}}]
    (case,) = read_timetable_cases(_case_file(tmp_path / "timed.yaml", timed))
    untimed = {r.mutant.id: r for r in run_mutation(book, [], LISTING)}
    assert untimed[up].status == "survived"  # no scenario case can see a period
    caught = {r.mutant.id: r for r in run_mutation(book, [], LISTING, [case])}
    assert (caught[up].status, caught[up].by) == ("caught", f"timetable/timed.yaml: {case.name}")
    down = caught["sample.lead_days from 2000-01-01: 30 -> 29"]
    assert down.status == "caught"


def test_every_nudge_of_a_shipped_timing_period_is_caught_by_a_timetable_case_alone() -> None:
    book = load_book()
    periods = {(rule.file, rule.timing.period.param) for rule in book.rules.values()
               if rule.timing is not None and rule.timing.period.param}
    topics = {name: topic.topic for name, topic in book.files.items()}
    ids = {f"{topics[file]}.{param} " for file, param in periods}
    mutants = [m for m in all_mutants(book, dt.date(2014, 1, 1)) if m.kind == "threshold" and m.id.startswith(tuple(ids))]
    assert len(mutants) >= 2 * len(periods) >= 12
    prepared = prepare_timetable_cases(book, load_timetable_cases())
    results = [try_mutant(book, prepared, mutant) for mutant in mutants]
    assert [(r.mutant.id, r.status) for r in results if r.status != "caught"] == []
    assert all(r.by.startswith("timetable/") for r in results)


def test_how_a_period_is_counted_is_mutated_and_only_a_timetable_case_sees_it(tmp_path: Path) -> None:
    book = _with_timed_duty(tmp_path, ("wait_days", "Working days after the award", 8), {
        "id": "sample.timing.wait", "title": "Wait after the award", "area": "procurement",
        "explanation": "Wait before signing.",
        "timing": {"step": "The wait has ended", "who": "council", "anchor": "contract_award_date", "side": "after",
                   "due": "from", "counting": "from_anchor", "period": {"param": "wait_days", "unit": "working_days_uk"},
                   "authorities": ["act.s1"], "confidence": "settled"}})
    timings = {m.id: m for m in all_mutants(book, LISTING.dates_from) if m.kind == "timing"}
    assert set(timings) == {"sample.timing.wait timing counting from_anchor -> from_next_day",
                            "sample.timing.wait timing ends_on_working_day False -> True",
                            "sample.timing.wait timing unit working_days_uk -> working_days"}
    assert timings["sample.timing.wait timing ends_on_working_day False -> True"].equivalent
    # Published Wednesday 10 June 2026: days 1-3 to Friday 12, Scotland's 15 June holiday skipped, the eighth working
    # day Monday 22 June; the contract from Tuesday 23 June (from Monday 22 were the holiday a working day).
    timed = [{"name": "An award on 10 June 2026 waits to 23 June", "as_at": dt.date(2026, 6, 10),
              "today": dt.date(2026, 6, 10), "answers": {"contract_award_date": dt.date(2026, 6, 10)},
              "route": "wholly_owned_company/company_limited_by_shares",
              "steps": {"sample.timing.wait": {"date": dt.date(2026, 6, 23)}}}]
    results = {r.mutant.id: r for r in run_mutation(book, [], LISTING,
                                                    read_timetable_cases(_case_file(tmp_path / "wait.yaml", timed)))}
    assert {i: results[i].status for i in timings} == {
        "sample.timing.wait timing counting from_anchor -> from_next_day": "caught",
        "sample.timing.wait timing ends_on_working_day False -> True": "equivalent",
        "sample.timing.wait timing unit working_days_uk -> working_days": "caught"}
    assert {r.status for r in run_mutation(book, [], LISTING) if r.mutant.kind == "timing"} == {"survived", "equivalent"}
