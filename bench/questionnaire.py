"""Prints, for each embedded example, how many questions the interview asks and how long each takes.

The officer answers every question as the example's answers file does (`unknown` where it is
silent); the interview stops when no unanswered question can change a verdict. Also checks that
the verdicts reached equal those of the full answers file. Run: python bench/questionnaire.py
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
from pathlib import Path

from advisor.assessment.relevance import option_verdicts
from advisor.cli.interview import Interview
from advisor.documents.questionnaire import Questionnaire
from advisor.law.answers_file import open_answers_file
from advisor.law.rules import Rulebook
from advisor.law.shipped import answers_model, example_names, load_answers, load_book
from advisor.law.typed_answers import typed_form


def run_example(book: Rulebook, name: str, directory: Path) -> str:
    """One example's line: questions asked, answers the file gives, total, time per question, same verdicts."""
    model, full = answers_model(), load_answers(None, name)
    file = open_answers_file(directory / f"{name}.yaml", model, book.vocabulary)
    as_at = full.as_at  # type: ignore[attr-defined]
    answer_as_the_file_does = lambda fact: typed_form(book.vocabulary[fact], getattr(full, fact))  # noqa: E731
    interview = Interview(Questionnaire(file, book, model, as_at), answer_as_the_file_does)
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        interview.run()
    seconds = time.perf_counter() - start
    given = sum(1 for fact in book.vocabulary.facts if getattr(full, fact) is not None)
    same = option_verdicts(interview.planner.assess(interview.answers)) == option_verdicts(interview.planner.assess(full))
    return (f"{name:<24} {len(file.asked):>5} {given:>6} {len(book.vocabulary.facts):>9} "
            f"{seconds / max(len(file.asked), 1):>8.2f} {'yes' if same else 'NO':>14}")


def main() -> None:
    """Interview every embedded example and print the table."""
    book = load_book()
    print(f"{'example':<24} {'asked':>5} {'given':>6} {'available':>9} {'s/quest':>8} {'same verdicts':>14}")
    with tempfile.TemporaryDirectory() as directory:
        for name in example_names():
            print(run_example(book, name, Path(directory)))


if __name__ == "__main__":
    main()
