"""Many assessments at once: several councils share a durable session and none sees another's facts."""

from __future__ import annotations

import datetime as dt
import gc
import random

import pytest

from advisor.assessment.assess import assess, assess_many
from advisor.assessment.relevance import option_verdicts
from advisor.base.errors import EvaluationError
from advisor.engine import durable as seam
from advisor.engine.collector import collector_paused
from advisor.engine.durable import CASES_PER_SESSION, DurableEngine
from advisor.engine.durable_facts import number_text
from advisor.engine.evaluation import evaluator_for
from advisor.engine.reference import ReferenceEvaluator
from advisor.law.active import Fired, Firing
from advisor.law.answers import build_answers_model, flatten
from advisor.law.in_force import basis_dates, law_in_force
from advisor.law.rules import Rulebook
from advisor.law.shipped import answers_model
from advisor.quality.sampling import random_answers, random_day

DAY = dt.date(2025, 6, 1)


def _facts(book: Rulebook, **answers: object) -> dict[str, object]:
    return flatten(build_answers_model(book.vocabulary).model_validate(answers), book.vocabulary)


def test_councils_sharing_sessions_each_get_their_own_firings(book: Rulebook) -> None:
    rng, model = random.Random(404), answers_model()
    law = law_in_force(book, basis_dates(DAY, {}))
    cases = [flatten(model.model_validate(random_answers(book, rng)), book.vocabulary)
             for _ in range(2 * CASES_PER_SESSION + 5)]  # three sessions, the last part full
    durable, reference = evaluator_for(law, "durable"), evaluator_for(law, "reference")
    for index, (together, alone) in enumerate(zip(durable.evaluate_many(cases), map(reference.evaluate, cases),
                                                  strict=True)):
        assert together == alone, (index, sorted(together ^ alone))


def test_one_council_in_a_session_does_not_see_anothers_derived_facts(sample_book: Rulebook) -> None:
    engine = DurableEngine(law_in_force(sample_book, basis_dates(DAY, {})))
    minority = _facts(sample_book, keep_control=True, council_share_pct=10)  # control lost: excluded
    majority = _facts(sample_book, keep_control=True, council_share_pct=90)
    unknown = _facts(sample_book, keep_control=True)
    batch = engine.evaluate_many([minority, majority, unknown, minority])
    lost = Firing("sample.control.lost", "part_owned_company", "true")
    assert [lost in firings for firings in batch] == [True, False, False, True]
    assert Firing("sample.control.lost", "part_owned_company", "unknown") in batch[2]
    assert batch == [engine.evaluate(f) for f in (minority, majority, unknown, minority)]
    engine.close()


def test_identical_councils_in_one_session_are_all_assessed(sample_book: Rulebook) -> None:
    engine = DurableEngine(law_in_force(sample_book, basis_dates(DAY, {})))
    facts = _facts(sample_book, keep_control=True, council_share_pct=49)
    batch = engine.evaluate_many([facts] * CASES_PER_SESSION)
    assert all(firings == engine.evaluate(facts) for firings in batch)
    engine.close()


def test_an_empty_batch_is_no_work(sample_book: Rulebook) -> None:
    engine = DurableEngine(law_in_force(sample_book, basis_dates(DAY, {})))
    assert engine.evaluate_many([]) == []
    assert assess_many([], sample_book) == []
    engine.close()


def test_assessing_together_equals_assessing_one_by_one(book: Rulebook) -> None:
    rng, model = random.Random(77), answers_model()
    cases = [(model.model_validate(random_answers(book, rng)), random_day(rng)) for _ in range(40)]  # many laws
    for engine in ("durable", "reference"):
        together = assess_many(cases, book, engine=engine)
        for (answers, day), batched in zip(cases, together, strict=True):
            alone = assess(answers, book, day, engine=engine)
            assert batched.as_at == alone.as_at == day
            assert batched.context.fired == alone.context.fired
            assert option_verdicts(batched) == option_verdicts(alone)
            assert [a.verdict for a in batched.adms] == [a.verdict for a in alone.adms]


def _clash_on_call(number: int, real):  # type: ignore[no-untyped-def]
    """durable's assert_facts, answering 'already observed' on one call: a derived fact lost to a 32-bit clash."""
    calls = {"n": 0}

    def fake(handle, text):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return (2, 0) if calls["n"] == number else real(handle, text)
    return fake


def test_a_derived_fact_lost_to_a_clash_reruns_the_session(sample_book: Rulebook, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    engine = DurableEngine(law_in_force(sample_book, basis_dates(DAY, {})))
    cases = [_facts(sample_book, keep_control=True, council_share_pct=share) for share in (10, 90, 49)]
    expected = engine.evaluate_many(cases)
    monkeypatch.setattr(seam.durable_rules_engine, "assert_facts",
                        _clash_on_call(2, seam.durable_rules_engine.assert_facts))  # call 1: answers; 2: derived
    assert engine.evaluate_many(cases) == expected
    engine.close()


def test_folding_that_both_settles_and_compiles_a_rule_is_refused(sample_book: Rulebook, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = seam.fold_law

    def overlapping(law, inline):  # type: ignore[no-untyped-def]
        folded = real(law, inline)
        active = next(a for a in folded.rules if a.per_adm)
        return folded.__class__(folded.settled | {Firing(active.rule.id, active.adms[0], "true")}, folded.rules)

    monkeypatch.setattr(seam, "fold_law", overlapping)
    with pytest.raises(EvaluationError, match="both settled and compiled"):
        DurableEngine(law_in_force(sample_book, basis_dates(DAY, {})))


def test_fired_is_the_union_of_its_parts() -> None:
    settled = frozenset({Firing("a", None, "true"), Firing("b", "x", "false")})
    own = {Firing("c", "y", "unknown")}
    fired = Fired(settled, own, 0)
    assert fired == settled | own and settled | own == fired
    assert len(fired) == 3 and set(fired) == settled | own
    assert Firing("c", "y", "unknown") in fired and Firing("a", None, "true") in fired
    assert Firing("c", "y", "true") not in fired
    assert hash(fired) == hash(Fired(settled, set(own), 0))
    assert fired | {Firing("d", None, "true")} == settled | own | {Firing("d", None, "true")}
    assert fired != settled


@pytest.mark.parametrize(("value", "text"), [(7, "7"), (-3, "-3"), (2.5, "2.5"), (1e-7, "0.0000001"),
                                             (1e16, "10000000000000000"), (-2.5e-9, "-0.0000000025"),
                                             ('say "no"', '"say \\"no\\""')])
def test_numbers_are_written_out_in_full_for_durable(value: object, text: str) -> None:
    assert number_text(value) == text


@pytest.mark.parametrize("enabled", [True, False])
def test_a_paused_collector_is_left_as_it_was_found(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() == enabled
        with pytest.raises(ValueError), collector_paused():
            raise ValueError
        assert gc.isenabled() == enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_reference_evaluator_batches_one_by_one(sample_book: Rulebook) -> None:
    reference = ReferenceEvaluator(law_in_force(sample_book, basis_dates(DAY, {})))
    cases = [_facts(sample_book, council_share_pct=share) for share in (49, 50, 51)]
    assert reference.evaluate_many(cases) == [reference.evaluate(f) for f in cases]


def test_the_engines_verdict_bits_are_those_of_its_firings(book: Rulebook) -> None:
    from functools import reduce
    from operator import or_

    rng, model = random.Random(31), answers_model()
    cases = [(model.model_validate(random_answers(book, rng)), random_day(rng)) for _ in range(60)]
    durable, reference = assess_many(cases, book), assess_many(cases, book, engine="reference")
    for mine, theirs in zip(durable, reference, strict=True):
        fired, weights = mine.context.fired, mine.context.law.masks.weights
        assert isinstance(fired, Fired)
        assert fired.own_bits == reduce(or_, (weights[firing] for firing in fired.own), 0)
        assert option_verdicts(mine) == option_verdicts(theirs)
