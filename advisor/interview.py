"""The interview at the terminal: ask the most useful relevant question, save after every answer, show what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

import click
from pydantic import BaseModel

from advisor.answerfile import AnswersFile, save_answers
from advisor.answers import validate_answers
from advisor.assessment import Assessment
from advisor.errors import AnswersError
from advisor.output import render_template
from advisor.prompts import NotAnAnswer, parse_answer
from advisor.questions import fact_record, question_record, tally
from advisor.relevance import Plan, Planner
from advisor.rulebook import Rulebook

Outcome = Literal["answered", "back", "quit"]
_COMMANDS = {"q": "quit", "b": "back"}
Reader = Callable[[str], str]  # asked for a fact's answer, returns what the officer typed


def prompt_reader(name: str) -> str:
    """Read one line at the terminal (Ctrl-C or end of input raise click.Abort)."""
    return str(click.prompt("", prompt_suffix="> ", default="", show_default=False))


class Interview:
    """One officer's session over one answers file."""

    def __init__(self, file: AnswersFile, book: Rulebook, model: type[BaseModel], as_at: dt.date | None,
                 read: Reader = prompt_reader) -> None:
        self.file = file
        self.read = read
        self.book = book
        self.model = model
        self.planner = Planner(book, as_at)
        self.answers = self._validated(file.raw())
        self.plan: Plan | None = None

    def _validated(self, raw: dict[str, object]) -> BaseModel:
        return validate_answers(raw, self.model, self.book.vocabulary, "answer")

    def irrelevant(self) -> set[str]:
        """Answers given that no verdict depends on now (report-only answers never count)."""
        facts = self.book.vocabulary.facts
        return {name for name in self.file.asked
                if name in facts and not facts[name].always_ask and not self.planner.still_relevant(self.answers, name)}

    def save(self) -> None:
        """Write the file now, with answers that no longer matter marked."""
        save_answers(self.file, self.irrelevant())

    def run(self, edit: str | None = None) -> bool:
        """Interview until every relevant question is answered (True) or the officer stops (False)."""
        if edit is not None and self._step(edit) == "quit":
            return False
        while True:
            before = self.plan.assessment if self.plan else None
            self.plan = self.planner.plan(self.answers, set(self.file.asked), rank_all=False)
            self._status(before, self.plan)
            name = self._next_fact(self.plan)
            if name is None:
                return True
            if self._step(name) == "quit":
                return False

    def _next_fact(self, plan: Plan) -> str | None:
        for name, spec in self.book.vocabulary.facts.items():
            if spec.always_ask and name not in self.file.values:
                return name
        return plan.questions[0].fact if plan.questions else None

    def _step(self, name: str) -> Outcome:
        """Ask one question; `b` walks back through earlier answers, one at a time."""
        outcome = self._ask(name)
        position = len(self.file.asked)
        while outcome == "back":
            asked = self.file.asked
            if name in asked:
                position = min(position, asked.index(name))
            position = max(position - 1, 0)
            if not asked:
                click.echo("  There is no earlier answer to go back to.")
                outcome = self._ask(name)
                continue
            name = asked[position]
            outcome = self._ask(name)
        return outcome

    def _ask(self, name: str) -> Outcome:
        """Ask until a valid answer or a command is typed; save the answer at once."""
        answered = name in self.file.values
        self._show_question(name, answered)
        while True:
            typed = self.read(name).strip()
            if typed.lower() in _COMMANDS:
                return _COMMANDS[typed.lower()]  # type: ignore[return-value]
            if typed == "?":
                self._why(name)
                continue
            if not typed and answered:
                return "answered"
            problem = self._accept(name, typed)
            if problem is None:
                return "answered"
            click.echo(f"  Not saved: {problem}. Please answer again.")

    def _accept(self, name: str, typed: str) -> str | None:
        """Record and save the answer; or say why it cannot be accepted (nothing is lost)."""
        spec = self.book.vocabulary[name]
        try:
            value = None if typed.lower() == "u" else parse_answer(spec, typed)
            answers = self._validated({**self.file.raw(), name: "unknown" if value is None else value})
        except NotAnAnswer as exc:
            return str(exc)
        except AnswersError as exc:
            return exc.message.removeprefix("answer: ")
        self.file.values[name] = value
        self.answers = answers
        self.save()
        return None

    def _show_question(self, name: str, answered: bool) -> None:
        spec = self.book.vocabulary[name]
        remaining = max(len(self.plan.questions) - (0 if answered else 1), 0) if self.plan else 0
        record = fact_record(self.book, spec, self.file.values.get(name), answered)
        number = self.file.asked.index(name) + 1 if answered else len(self.file.asked) + 1
        data = {"question": record, "number": number, "remaining": remaining}
        click.echo(render_template("ask_question.txt.j2", data), nl=False)

    def _why(self, name: str) -> None:
        question, law = self.planner.question_for(self.answers, name)
        record = question_record(self.book, law, question)
        click.echo(render_template("ask_why.txt.j2", {"question": record}), nl=False)

    def _status(self, before: Assessment | None, plan: Plan) -> None:
        changed = []
        if before is not None:
            was = {adm.adm.id: adm.verdict for adm in before.adms}
            changed = [{"name": adm.adm.name, "before": was[adm.adm.id], "after": adm.verdict}
                       for adm in plan.assessment.adms if was[adm.adm.id] != adm.verdict]
        data = {"changed": changed, "options": tally(plan.verdicts)}
        click.echo(render_template("ask_status.txt.j2", data), nl=False)
