"""What a process remembers of assessments between interviews: the same verdicts as assessing afresh, kept for the
very rule book they came from (a book changed in memory is another), and a forgotten entry simply worked out again."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from pydantic import BaseModel

from advisor.assessment import planner_memory
from advisor.assessment.records import Assessment
from advisor.assessment.relevance import Planner, option_verdicts
from advisor.documents.questionnaire import Questionnaire
from advisor.law.answers_file import open_answers_file
from advisor.law.shipped import answers_model, example_names, load_answers, load_book

BOOK = load_book()
DAY = dt.date(2016, 6, 1)


def _some_answers() -> BaseModel:
    """An embedded example's answers with two of them unknown (so some what-if answers change verdicts)."""
    full = load_answers(None, "birmingham-2016")
    return full.model_copy(update={"health_care_bundled": None, "current_delivery": None})


class Counting(Planner):
    """A planner that counts the assessments it runs."""

    runs = 0

    def assess(self, answers: BaseModel) -> Assessment:
        """The assessment, counted."""
        Counting.runs += 1
        return super().assess(answers)


def test_a_second_planner_takes_the_verdicts_a_first_worked_out() -> None:
    answers = _some_answers()
    first = dict(Counting(BOOK, DAY).verdicts(answers))
    runs = Counting.runs
    assert dict(Counting(BOOK, DAY).verdicts(answers)) == first
    assert Counting.runs == runs
    assert first == option_verdicts(Planner(BOOK, DAY).assess(answers))


def test_a_forgotten_entry_is_worked_out_again_the_same() -> None:
    answers = _some_answers()
    remembered = dict(Counting(BOOK, DAY).verdicts(answers))
    planner_memory._BY_BOOK.kept.clear()
    runs = Counting.runs
    assert dict(Counting(BOOK, DAY).verdicts(answers)) == remembered
    assert Counting.runs == runs + 1


def test_answers_no_rule_reads_do_not_split_the_verdicts() -> None:
    answers = _some_answers()
    Counting(BOOK, DAY).verdicts(answers)
    runs = Counting.runs
    renamed = answers.model_copy(update={"council_name": "Another Borough Council"})
    Counting(BOOK, DAY).verdicts(renamed)
    assert Counting.runs == runs
    Counting(BOOK, DAY).verdicts(renamed.model_copy(update={"health_care_bundled": True}))
    assert Counting.runs == runs + 1


def test_the_verdicts_depend_only_on_the_answers_they_are_kept_by() -> None:
    read = planner_memory.verdict_fields(BOOK)
    assert "council_name" not in read and {"procurement_start_date", "transfer_date"} <= read
    for name in example_names():
        full = load_answers(None, name)
        unread = {field: None for field in type(full).model_fields if field not in read and field != "as_at"}
        assert unread, name
        planner = Planner(BOOK, None)
        assert option_verdicts(planner.assess(full.model_copy(update=unread))) == option_verdicts(planner.assess(full))


def test_another_date_or_rule_book_is_assessed_afresh() -> None:
    answers = _some_answers()
    Counting(BOOK, DAY).verdicts(answers)
    runs = Counting.runs
    Counting(BOOK, DAY + dt.timedelta(days=1)).verdicts(answers)
    other = dataclasses.replace(BOOK)  # equal rules, another object: it could have been changed in memory
    Counting(other, DAY).verdicts(answers)
    assert Counting.runs == runs + 2


def test_the_models_verdicts_are_those_of_the_plan(tmp_path: Path) -> None:
    model = answers_model()
    file = open_answers_file(tmp_path / "answers.yaml", model, BOOK.vocabulary)
    questionnaire = Questionnaire(file, BOOK, model, DAY)
    questionnaire.accept("health_care_bundled", "n")
    questionnaire.replan()
    assert questionnaire.plan is not None
    assert questionnaire.model_verdicts() == {adm.adm.id: (adm.adm.name, adm.verdict)
                                              for adm in questionnaire.plan.assessment.adms}
