"""Prints, for each embedded example, how many questions the interview asks in each phase and how long each takes.

The officer answers every question as the example's answers file does (`unknown` where it is
silent). Phase 1 asks what can change a verdict; phase 2 what firms up the conditions, duties and
risks of the models still open; the interview stops when neither has a question left. Also checks
that the verdicts reached equal those of the full answers file. Run: python bench/questionnaire.py
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
    """One example's line: questions asked in each phase, seconds per question in each, same verdicts."""
    model, full = answers_model(), load_answers(None, name)
    file = open_answers_file(directory / f"{name}.yaml", model, book.vocabulary)
    questionnaire = Questionnaire(file, book, model, full.as_at)  # type: ignore[attr-defined]
    asked: list[tuple[int, float]] = []  # (phase, seconds since the previous answer) per question

    def answer_as_the_file_does(fact: str) -> str:
        now = time.perf_counter()
        asked.append((questionnaire.phase or 0, now - clock[0]))
        clock[0] = now
        return typed_form(book.vocabulary[fact], getattr(full, fact))

    clock = [time.perf_counter()]
    with contextlib.redirect_stdout(io.StringIO()):
        Interview(questionnaire, answer_as_the_file_does).run()
    same = option_verdicts(questionnaire.planner.assess(questionnaire.answers)) == \
        option_verdicts(questionnaire.planner.assess(full))
    columns = []
    for phase in (1, 2):
        times = [seconds for p, seconds in asked if p == phase]
        columns += [f"{len(times):>7}", f"{sum(times) / max(len(times), 1):>9.2f}"]
    return f"{name:<28} {' '.join(columns)} {len(book.vocabulary.facts):>9} {'yes' if same else 'NO':>14}"


def main() -> None:
    """Interview every embedded example and print the table."""
    book = load_book()
    print(f"{'example':<28} {'phase 1':>7} {'s/quest':>9} {'phase 2':>7} {'s/quest':>9} {'available':>9} "
          f"{'same verdicts':>14}")
    with tempfile.TemporaryDirectory() as directory:
        for name in example_names():
            print(run_example(book, name, Path(directory)))


if __name__ == "__main__":
    main()
