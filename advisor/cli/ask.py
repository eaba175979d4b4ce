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


def interview(path: Path, as_at: dt.date | None, edit: str | None) -> int:
    """Run the interview; the exit code (0 finished or stopped with q, 130 interrupted)."""
    _check_field(edit)
    with _ctrl_c_stops(), advisor.open_questionnaire(path, as_at, session=True) as questionnaire:
        session = Interview(questionnaire)
        click.echo(f"ADM Advisor interview: answers are saved to {path} after every answer.\n{advisor.disclaimer()}")
        if session.file.asked:
            click.echo(f"Continuing: {len(session.file.asked)} answers already given.")
        try:
            finished = session.run(edit)
        except (click.Abort, KeyboardInterrupt):
            click.echo(f"\nStopped. Your answers are saved in {path}; run the same command to continue.")
            return 130
    if not finished:
        click.echo(f"Saved in {path}. Run the same command to continue where you left off.")
        return 0
    click.echo("\nEvery question that can change a verdict is answered.\n")
    click.echo(advisor.advise_text(str(path), None, as_at, "text"), nl=False)
    click.echo(f"\nFor the memo to put before cabinet: advisor memo {path} -o options-appraisal.docx")
    return 0
