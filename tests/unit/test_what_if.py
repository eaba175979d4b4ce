"""A what-if assessment (the planner's: one answer changed) equals a whole one: the firings the incremental
evaluator takes over and works out again equal the durable engine's, on random councils and on every example
part-answered, for every question and the answers the planner tries; and the verdicts and provisos equal `assess`'s."""

from __future__ import annotations

import dataclasses
import random

import advisor
from advisor.assessment.assess import assess
from advisor.assessment.candidates import candidate_values
from advisor.assessment.relevance import option_verdicts
from advisor.assessment.what_if import assess_what_if
from advisor.engine.evaluation import evaluate_by_law, prepare
from advisor.engine.incremental import reevaluate
from advisor.engine.reference import ReferenceEvaluator
from advisor.law.active import ActiveRule
from advisor.law.in_force import Law
from advisor.law.rules import Rulebook
from advisor.law.shipped import answers_model
from advisor.quality.sampling import random_answers


def _what_ifs(book: Rulebook, answers: object, law: object, tries: int) -> list[object]:
    """The answers with one question answered (or changed) in each way the planner would try, up to `tries` each."""
    out = []
    for name, spec in book.vocabulary.facts.items():
        for value in candidate_values(book, law, spec)[:tries]:  # type: ignore[arg-type]
            out.append(answers.model_copy(update={name: value}))  # type: ignore[attr-defined]
    return out


def _check_firings(book: Rulebook, answers: object, tries: int) -> tuple[int, int]:
    """How many what-ifs were checked, and how many of them under another law (a date answer choosing other rules)."""
    base = prepare(answers, None, book, False)  # type: ignore[arg-type]
    before = evaluate_by_law([base], "durable")[0]
    checked = other_law = 0
    for what_if in _what_ifs(book, answers, base[3], tries):
        prepared = prepare(what_if, None, book, False)  # type: ignore[arg-type]
        if prepared[1] != base[1]:
            continue  # another as-at date: assessed afresh, never incrementally
        whole = set(evaluate_by_law([prepared], "durable")[0])
        assert set(reevaluate(prepared[3], before, base[2], prepared[2], base[3])) == whole, what_if
        checked, other_law = checked + 1, other_law + (prepared[3].key != base[3].key)
    return checked, other_law


def test_incremental_firings_equal_the_engine_s_on_part_answered_examples(book: Rulebook) -> None:
    checked = other_law = 0
    for name in advisor.example_names():
        full = advisor.load_answers(None, name)
        given = [fact for fact in book.vocabulary.facts if getattr(full, fact, None) is not None]
        for kept in (0, len(given) // 3, len(given)):
            counts = _check_firings(book, full.model_copy(update=dict.fromkeys(given[kept:])), 2)
            checked, other_law = checked + counts[0], other_law + counts[1]
    assert checked > 1000
    assert other_law > 20


def test_incremental_firings_equal_the_engine_s_on_random_councils(book: Rulebook) -> None:
    rng, model = random.Random(7), answers_model()
    assert sum(_check_firings(book, model.model_validate(random_answers(book, rng)), 1)[0] for _ in range(6)) > 200


def test_what_if_verdicts_and_provisos_equal_a_whole_assessment(book: Rulebook) -> None:
    answers = advisor.load_answers(None, "harwick-vale-care-2025")
    answers = answers.model_copy(update={"keep_control": None, "distribute_surplus": None, "staff_must_own_or_lead": None})
    base = assess(answers, book)
    for what_if in _what_ifs(book, answers, base.context.law, 3):
        fast, whole = assess_what_if(base, what_if), assess(what_if, book)  # type: ignore[arg-type]
        assert option_verdicts(fast) == option_verdicts(whole)
        assert fast.context.provisos == whole.context.provisos


def _with_rule(law: Law, old: ActiveRule, new: ActiveRule) -> Law:
    """The law with one rule in another form (as a date answer choosing another version of it would give)."""
    def swap(rules: tuple[ActiveRule, ...]) -> tuple[ActiveRule, ...]:
        return tuple(new if active is old else active for active in rules)
    return Law(swap(law.rules), {option: swap(rules) for option, rules in law.by_option.items()},
               {**law.by_id, old.rule.id: new})


def test_a_rule_in_another_form_is_evaluated_again_under_the_other_law(book: Rulebook) -> None:
    answers = advisor.load_answers(None, "harwick-vale-care-2025")
    _, _, facts, law = prepare(answers.model_copy(update={"keep_control": None}), None, book, False)
    before = ReferenceEvaluator(law).evaluate(facts)
    checked = 0
    for kind in ("derive", "exclude"):
        for old in [active for active in law.rules if active.rule.effect == kind and active.condition is not None][:8]:
            other = _with_rule(law, old, dataclasses.replace(old, condition=None, leaves=()))  # now always holds
            assert other.key != law.key
            assert set(reevaluate(other, before, facts, facts, law)) == set(ReferenceEvaluator(other).evaluate(facts))
            checked += set(ReferenceEvaluator(other).evaluate(facts)) != set(before)
    assert checked > 8  # most of the changes changed some outcome
