"""Random answer sets give identical firings on durable and on the plain-Python reference evaluator."""

from __future__ import annotations

import random
import subprocess
import sys

from advisor.engine.evaluation import evaluator_for
from advisor.law.answers import flatten
from advisor.law.in_force import basis_dates, law_in_force
from advisor.law.rules import Rulebook
from advisor.law.shipped import answers_model
from advisor.quality.sampling import random_answers, random_day


def test_durable_and_reference_agree_on_random_councils(book: Rulebook) -> None:
    rng = random.Random(2026)
    model = answers_model()
    for case in range(60):
        answers = model.model_validate(random_answers(book, rng))
        facts = flatten(answers, book.vocabulary)
        as_at = random_day(rng)
        law = law_in_force(book, basis_dates(as_at, facts))
        durable = evaluator_for(law, "durable").evaluate(facts)
        reference = evaluator_for(law, "reference").evaluate(facts)
        assert durable == reference, (case, as_at, sorted(durable ^ reference))


def test_json_is_identical_across_processes() -> None:
    command = [sys.executable, "-m", "advisor", "advise", "--example", "birmingham-2016", "--format", "json"]
    outputs = {subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout for _ in range(2)}
    assert len(outputs) == 1
