"""Folding a law before it is compiled: settled derived facts substituted, small ones inlined, firings unchanged."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from advisor.engine.durable import DurableEngine
from advisor.engine.durable_plan import kind_of
from advisor.engine.folding import fold, fold_law
from advisor.engine.reference import ReferenceEvaluator
from advisor.law.active import Firing
from advisor.law.answers import build_answers_model, flatten
from advisor.law.conditions import DerivedLeaf, FactLeaf, Node
from advisor.law.in_force import Law, basis_dates, law_in_force
from advisor.law.rules import Rulebook
from advisor.quality.sampling import random_answers

SHARE = FactLeaf("council_share_pct", ">", 50)
CONTROLS = DerivedLeaf("council_controls_body", True)
LAW_DATES = [dt.date(2013, 6, 1), dt.date(2018, 3, 1), dt.date(2024, 6, 1), dt.date(2025, 6, 1)]


@pytest.mark.parametrize(("condition", "known", "folded"), [
    (Node("all", (SHARE, CONTROLS)), {"council_controls_body": "true"}, SHARE),
    (Node("all", (SHARE, CONTROLS)), {"council_controls_body": "false"}, False),
    (Node("any", (SHARE, CONTROLS)), {"council_controls_body": "true"}, True),
    (Node("any", (SHARE, CONTROLS)), {"council_controls_body": "false"}, SHARE),
    (Node("not", (CONTROLS,)), {"council_controls_body": "true"}, False),
    (Node("all", (SHARE, DerivedLeaf("council_controls_body", False))), {"council_controls_body": "false"}, SHARE),
    (Node("all", (SHARE, CONTROLS)), {}, Node("all", (SHARE, CONTROLS))),  # decided by the answers: left alone
    (Node("any", (SHARE, CONTROLS)), {"council_controls_body": "absent"}, None),  # never derived: never fires
    (Node("all", (SHARE, CONTROLS)), {"council_controls_body": SHARE}, Node("all", (SHARE, SHARE))),
    (Node("all", (DerivedLeaf("council_controls_body", False),)), {"council_controls_body": SHARE},
     Node("not", (SHARE,))),
    (None, {}, True),
])
def test_fold_substitutes_what_is_known(condition: object, known: dict[str, object], folded: object) -> None:
    assert fold(condition, known) == folded  # type: ignore[arg-type]


def _law(book: Rulebook, day: dt.date = dt.date(2020, 1, 1)) -> Law:
    return law_in_force(book, basis_dates(day, {}))


def test_a_model_that_always_controls_its_body_is_settled_once(sample_book: Rulebook) -> None:
    folded = fold_law(_law(sample_book))
    assert Firing("sample.control.owned", "wholly_owned_company", "true") in folded.settled
    assert Firing("sample.vat.note", None, "true") in folded.settled
    left = [active for active in folded.rules if active.rule.id == "sample.control.lost"]
    assert [active.adms for active in left] == [("part_owned_company", "community_interest_company")]


def test_a_derived_fact_resting_on_one_answer_is_inlined_with_its_parameter_value(sample_book: Rulebook) -> None:
    [lost] = [a for a in fold_law(_law(sample_book), inline=1).rules if a.rule.id == "sample.control.lost"]
    assert kind_of(lost) == "source"  # reads answers only: no derived fact, no join
    assert FactLeaf("council_share_pct", ">", 50) in lost.leaves
    [joined] = [a for a in fold_law(_law(sample_book), inline=0).rules if a.rule.id == "sample.control.lost"]
    assert kind_of(joined) == "reader"


def test_large_derived_facts_stay_joins_in_the_shipped_rule_base(book: Rulebook) -> None:
    rules = fold_law(_law(book, dt.date(2025, 6, 1))).rules
    readers = {a.rule.id for a in rules if kind_of(a) == "reader"}
    assert "vat.cost.irrecoverable_vat_to_budget" in readers  # irrecoverable VAT rests on six answer tests
    assert "equal_pay.tupe.accrued_claims_move" not in readers  # a relevant transfer rests on one, or none


@pytest.mark.parametrize("day", LAW_DATES)
@pytest.mark.parametrize("inline", [0, 1, 2])
def test_folded_rules_fire_as_the_whole_law_does(book: Rulebook, day: dt.date, inline: int) -> None:
    law = _law(book, day)
    folded = fold_law(law, inline)
    rest = ReferenceEvaluator(Law(folded.rules, {}, {}))
    whole = ReferenceEvaluator(law)
    model, rng = build_answers_model(book.vocabulary), random.Random(day.toordinal() + inline)
    for _ in range(150):
        facts = flatten(model.model_validate(random_answers(book, rng)), book.vocabulary)
        assert folded.settled | rest.evaluate(facts) == whole.evaluate(facts)


@pytest.mark.parametrize("inline", [0, 1, 2])
def test_durable_agrees_with_the_reference_whatever_is_inlined(book: Rulebook, inline: int) -> None:
    law = _law(book, dt.date(2025, 6, 1))
    durable, reference = DurableEngine(law, inline), ReferenceEvaluator(law)
    model, rng = build_answers_model(book.vocabulary), random.Random(11 + inline)
    for _ in range(150):
        facts = flatten(model.model_validate(random_answers(book, rng)), book.vocabulary)
        assert durable.evaluate(facts) == reference.evaluate(facts)
    durable.close()
