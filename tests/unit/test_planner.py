"""The question planner's shortcuts change nothing an officer sees: planning only as far as the first question finds
the same first question, and lists the same questions, as scoring them all; a new appraisal's first plan, worked out
when the server starts, is not worked out again for a council."""

from __future__ import annotations

import pytest

import advisor
from advisor.assessment.planner_memory import memory_of
from advisor.assessment.relevance import Planner
from advisor.law.rules import Rulebook


@pytest.mark.parametrize("example", ["bnes-2017", "sandwell-schools-2013", "tri-county-children-2021"])
def test_planning_to_the_first_question_finds_the_one_scoring_them_all_does(book: Rulebook, example: str) -> None:
    full = advisor.load_answers(None, example)
    given = [fact for fact in book.vocabulary.facts if getattr(full, fact, None) is not None]
    for kept in (0, len(given) // 4, len(given) // 2):
        answers = full.model_copy(update=dict.fromkeys(given[kept:]))
        asked = set(given[:kept])
        quick, whole = Planner(book, None).plan(answers, asked, rank_all=False), Planner(book, None).plan(answers, asked)
        assert quick.questions and quick.questions[0] == whole.questions[0], (example, kept)
        assert {q.fact for q in quick.questions} == {q.fact for q in whole.questions}
        assert any(q.score is None for q in quick.questions)  # some were left unscored


def test_a_new_appraisal_s_first_plan_is_worked_out_once_per_process(book: Rulebook) -> None:
    advisor.prepare_new_appraisals()
    memory = memory_of(book)
    kept = len(memory.verdicts)
    named = advisor.validate_answers({"council_name": "Harwick Vale Council"}, advisor.answers_model(),
                                     book.vocabulary, "answer")
    plan = Planner(book, None).plan(named, {"council_name"}, rank_all=False)
    assert plan.questions
    assert len(memory.verdicts) == kept  # every what-if's verdicts were already kept
