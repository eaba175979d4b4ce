"""`advisor sweep`: every combination assessed, counts and sensitivity checked against individual runs, bad input refused."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

import advisor.assessment.sweep as sweep_module
from advisor.assessment.assess import assess
from advisor.assessment.verdicts import VERDICTS
from advisor.cli.main import main
from advisor.law.shipped import load_answers, load_book

VARY = ["--vary", "keep_control", "--vary", "award_without_competition", "--vary", "external_activity_share_pct=19,20,21"]


def _sweep(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(main, ["sweep", "--example", "bnes-2015", "--format", "json", "--jobs", "1", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def _individually(row: dict) -> dict[str, str]:  # type: ignore[type-arg]
    answers = load_answers(None, "bnes-2015").model_copy(update=row["values"])
    return {adm.adm.id: adm.verdict for adm in assess(answers, load_book()).adms}


def test_every_combination_matches_its_own_assessment_and_the_counts_add_up(runner: CliRunner) -> None:
    record = _sweep(runner, *VARY)
    assert record["combinations"] == 12 == len(record["rows"])
    assert {tuple(sorted(row["values"].items())) for row in record["rows"]} == {
        tuple(sorted({"keep_control": k, "award_without_competition": a, "external_activity_share_pct": p}.items()))
        for k in (True, False) for a in (True, False) for p in (19, 20, 21)}
    for row in record["rows"]:
        assert row["verdicts"] == _individually(row)
    for option in record["options"]:
        counted = {v: sum(row["verdicts"][option["adm"]] == v for row in record["rows"]) for v in VERDICTS}
        assert option["counts"] == counted
        assert option["open"] == counted["viable"] + counted["viable_with_conditions"]


def test_sensitivity_is_the_share_of_one_answer_flips_that_change_the_verdict(runner: CliRunner) -> None:
    record = _sweep(runner, "--vary", "keep_control", "--vary", "avoid_irrecoverable_vat")
    rows = {(r["values"]["keep_control"], r["values"]["avoid_irrecoverable_vat"]): r["verdicts"] for r in record["rows"]}
    moved_somewhere = False
    for option in record["options"]:
        adm = option["adm"]
        expected = sum(rows[(True, v)][adm] != rows[(False, v)][adm] for v in (True, False)) / 2
        share = {s["fact"]: s["share"] for s in option["sensitivity"]}
        assert share["keep_control"] == expected
        moved_somewhere |= expected > 0
    assert moved_somewhere


def test_vary_all_takes_the_most_influential_yes_no_choices_first(runner: CliRunner) -> None:
    record = _sweep(runner, "--vary-all", "--limit", "3")
    facts = [v["fact"] for v in record["vary"]]
    book, answers = load_book(), load_answers(None, "bnes-2015")
    assert len(facts) == 3 and all(book.vocabulary[f].choosable and book.vocabulary[f].type == "yes_no" for f in facts)
    base = {(a.adm.id, f.form.id): f.verdict for a in assess(answers, book).adms for f in a.forms}

    def moved(fact: str) -> int:
        total = 0
        for value in (True, False):
            if value != getattr(answers, fact):
                after = assess(answers.model_copy(update={fact: value}), book)
                total += sum(base[(a.adm.id, f.form.id)] != f.verdict for a in after.adms for f in a.forms)
        return total

    scores = [moved(f) for f in facts]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    others = [f.name for f in book.vocabulary.facts.values() if f.choosable and f.type == "yes_no" and f.name not in facts]
    assert all(moved(f) <= scores[-1] for f in others)


def test_csv_has_a_row_per_combination_and_workers_give_the_same_answer(runner: CliRunner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sweep_module, "_PER_JOB", 2)
    one = runner.invoke(main, ["sweep", "--example", "bnes-2015", *VARY, "--format", "csv", "--jobs", "1"])
    two = runner.invoke(main, ["sweep", "--example", "bnes-2015", *VARY, "--format", "csv", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0 and one.output == two.output
    rows = list(csv.reader(io.StringIO(one.output)))
    assert rows[0][:3] == ["keep_control", "award_without_competition", "external_activity_share_pct"]
    assert len(rows) == 13 and rows[1][:3] == ["yes", "yes", "19"]


def test_unknown_is_a_value_and_answers_no_rule_reads_are_assessed_once(runner: CliRunner) -> None:
    from advisor.law.conditions import FactLeaf, leaves

    assert not any(isinstance(leaf, FactLeaf) and leaf.fact == "setup_budget_gbp"
                   for rule in load_book().rules.values() for leaf in leaves(rule.condition))
    record = _sweep(runner, "--vary", "keep_control=yes,unknown", "--vary", "setup_budget_gbp=100000,900000")
    assert [r["values"]["keep_control"] for r in record["rows"]] == [True, True, "unknown", "unknown"]
    assert record["combinations"] == 4 and record["assessed"] == 2
    assert record["rows"][0]["verdicts"] == record["rows"][1]["verdicts"] == _individually(record["rows"][1])


@pytest.mark.parametrize(("args", "message"), [
    (["--vary", "keep_controll"], "--vary keep_controll: no such answer; did you mean keep_control"),
    (["--vary", "external_activity_share_pct=ten"], "--vary external_activity_share_pct: 'ten' is not an answer"),
    (["--vary", "external_activity_share_pct=120"], "external_activity_share_pct"),
    (["--vary", "council_name"], "--vary council_name: free text cannot be varied"),
    ([], "give at least one --vary FIELD, or --vary-all"),
])
def test_bad_sweeps_exit_2_naming_the_field(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["sweep", "--example", "bnes-2015", *args])
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output


def test_a_sweep_too_large_is_refused_before_it_starts(runner: CliRunner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sweep_module, "MAX_COMBINATIONS", 8)
    result = runner.invoke(main, ["sweep", "--example", "bnes-2015", "--vary-all", "--limit", "4"])
    assert result.exit_code == 2 and "16 combinations is more than 8" in result.output
