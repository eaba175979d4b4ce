"""What `advisor ask` does: open the answers file, run the interview or list the next questions, and finish."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from advisor.answerfile import AnswersFile, open_answers_file
from advisor.errors import AnswersError
from advisor.interview import Interview
from advisor.output import render_template
from advisor.questions import plan_record
from advisor.report import disclaimer
from advisor.session import advise_text, answers_model, load_book


def _open(path: Path, as_at: dt.date | None) -> Interview:
    book = load_book()
    file: AnswersFile = open_answers_file(path, answers_model(), book.vocabulary)
    return Interview(file, book, answers_model(), as_at)


def _check_field(name: str | None) -> None:
    facts = load_book().vocabulary.facts
    if name is not None and name not in facts:
        raise AnswersError(f"--edit {name!r} is not a question the advisor asks; fields: {', '.join(facts)}")


def interview(path: Path, as_at: dt.date | None, edit: str | None) -> int:
    """Run the interview; the exit code (0 finished or stopped with q, 130 interrupted)."""
    _check_field(edit)
    session = _open(path, as_at)
    click.echo(f"ADM Advisor interview: answers are saved to {path} after every answer.\n{disclaimer()}")
    if session.file.asked:
        click.echo(f"Continuing: {len(session.file.asked)} answers already given.")
    try:
        finished = session.run(edit)
    except click.Abort:
        click.echo(f"\nStopped. Your answers are saved in {path}; run the same command to continue.")
        return 130
    if not finished:
        click.echo(f"Saved in {path}. Run the same command to continue where you left off.")
        return 0
    click.echo("\nEvery question that can change a verdict is answered.\n")
    click.echo(advise_text(str(path), None, as_at, "text"), nl=False)
    click.echo(f"\nFor the memo to put before cabinet: advisor memo {path} -o options-appraisal.docx")
    return 0


def next_questions(path: Path, as_at: dt.date | None, fmt: str) -> str:
    """The questions still worth asking, most useful first, and why; nothing is written."""
    session = _open(path, as_at)
    plan = session.planner.plan(session.answers, set(session.file.asked))
    record = plan_record(session.book, plan, len(session.file.asked), sorted(session.irrelevant()))
    record.update(answers_file=str(path), disclaimer=disclaimer())
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return render_template("ask_next.txt.j2", record)
