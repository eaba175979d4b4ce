"""`advise --why-not`: the smallest changes to the council's own choices that open each closed option, verified."""

from __future__ import annotations

from itertools import combinations

import pytest
from click.testing import CliRunner

from advisor.assessment.assess import assess
from advisor.assessment.why_not import why_not
from advisor.cli.main import main
from advisor.law.shipped import load_answers, load_book

OPEN = ("viable", "viable_with_conditions")


@pytest.mark.parametrize("example", ["bnes-2015", "worcestershire-2018"])
def test_each_change_opens_the_option_and_no_strict_subset_does(example: str) -> None:
    book, answers = load_book(), load_answers(None, example)
    results = why_not(answers, book, None)
    assert any(r["changes"] for r in results)
    for result in results:
        for change in result["changes"]:
            values = {c["fact"]: c["to"] for c in change}
            assert all(book.vocabulary[fact].choosable for fact in values)  # never a fact of the world
            assert assess(answers.model_copy(update=values), book).adm(result["adm"]).verdict in OPEN
            for size in range(len(values)):
                for subset in combinations(values, size):
                    smaller = {fact: values[fact] for fact in subset}
                    assert assess(answers.model_copy(update=smaller), book).adm(result["adm"]).verdict not in OPEN


def test_an_option_closed_by_a_fact_of_the_world_has_no_change_to_offer() -> None:
    results = {r["adm"]: r for r in why_not(load_answers(None, "worcestershire-2018"), load_book(), None)}
    assert results["in_house"]["changes"] == []  # the direction requires an independent body


def test_bnes_mutual_opens_only_with_the_vat_red_line_or_funding(runner: CliRunner) -> None:
    """Competition need not change: left unmade, it becomes the proviso that the contract is competed."""
    results = {r["adm"]: r for r in why_not(load_answers(None, "bnes-2015"), load_book(), None)}
    sets = [{c["fact"] for c in change} for change in results["employee_mutual"]["changes"]]
    assert sets == [{"avoid_irrecoverable_vat"}, {"vat_cost_funded_externally"}]
    output = runner.invoke(main, ["advise", "--example", "bnes-2015", "--why-not"]).output
    assert "WHAT WOULD HAVE TO CHANGE" in output and "avoid_irrecoverable_vat" in output


@pytest.mark.parametrize("example", ["bnes-2015", "kensington-youth-2013", "sandwell-schools-2013", "worcestershire-2018"])
def test_the_pruned_search_finds_exactly_what_trying_every_combination_finds(example: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import advisor.assessment.why_not as counterfactual

    book, answers = load_book(), load_answers(None, example)
    pruned = why_not(answers, book, None)
    monkeypatch.setattr(counterfactual, "_may_open", lambda chosen, closers: True)
    assert why_not(answers, book, None) == pruned
