"""What `advisor ask` does at the terminal: open (and lock) the answers file, run the interview, and finish."""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import click

import advisor
from advisor.cli.interview import Interview


def _check_field(name: str | None) -> None:
    facts = advisor.load_book().vocabulary.facts
    if name is not None and name not in facts:
        raise advisor.AnswersError(f"--edit {name!r} is not a question the advisor asks; fields: {', '.join(facts)}")


@contextlib.contextmanager
def _ctrl_c_stops() -> Iterator[None]:
    """Ctrl-C stops the interview (answers saved) even in a process started with interrupts ignored, as a job
    started in the background or by some CI runners is; the handling before is restored afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def interview(path: Path, as_at: dt.date | None, edit: str | None, officer: str | None = None) -> int:
    """Run the interview; the exit code (0 finished, or stopped with q or at the end of input; 130 interrupted)."""
    _check_field(edit)
    existed = path.exists()
    with _ctrl_c_stops(), advisor.open_questionnaire(path, as_at, session=True, officer=officer) as questionnaire:
        session = Interview(questionnaire)
        _opening(questionnaire, path, officer)
        try:
            finished = session.run(edit)
        except (click.Abort, KeyboardInterrupt):
            click.echo("\nStopped. " + _where_saved(path, _wrote(existed, questionnaire)))
            return 130
    if not finished:
        written = _wrote(existed, questionnaire)
        click.echo(_where_saved(path, written) + (" Run the same command to continue where you left off." if written else ""))
        return 0
    _closing(path, as_at, officer)
    return 0


def _opening(questionnaire: advisor.Questionnaire, path: Path, officer: str | None) -> None:
    """Where the answers go, the date of the law applied and how to change it, and whose questions are asked."""
    kept = questionnaire.keep_as_at()
    day = questionnaire.as_at
    source = "kept in the file" if kept else "from the file" if "as_at" in questionnaire.file.values else "today"
    whose = f" Only the questions for {advisor.OFFICERS[officer]} are asked." if officer else ""
    click.echo(f"ADM Advisor interview: answers are saved to {path} after every answer.{whose}\n"
               f"Law applied as at {advisor.date_words(day)} ({source}); to appraise another date: "
               f"advisor ask {path} --as-at 1/4/2027\n{advisor.disclaimer()}")
    if questionnaire.file.asked:
        click.echo(f"Continuing: {len(questionnaire.file.asked)} answers already given.")


def _wrote(existed: bool, questionnaire: advisor.Questionnaire) -> bool:
    """Whether a file holds the answers: it was there already, or an answer has been saved to it."""
    return existed or bool(questionnaire.file.values)


def _where_saved(path: Path, written: bool) -> str:
    """Say the answers are saved only when a file holds them."""
    return f"Your answers are saved in {path}." if written else "No answer was given, so nothing was written."


def _closing(path: Path, as_at: dt.date | None, officer: str | None) -> None:
    """The short appraisal: one line per model, what would settle the undetermined, and where to go next."""
    whose = f" for {advisor.OFFICERS[officer]}" if officer else ""
    click.echo(f"\nEvery question{whose} that can change a verdict or firm up an open model is answered.\n")
    click.echo(advisor.advise_text(str(path), None, as_at, "text"), nl=False)
