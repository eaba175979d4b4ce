"""The interview at the terminal: ask the most useful relevant question, save after every answer, show what changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import click
from pydantic import BaseModel

import advisor

Outcome = Literal["answered", "back", "quit"]
_COMMANDS = {"q": "quit", "b": "back"}
Reader = Callable[[str], str]  # asked for a fact's answer, returns what the officer typed


def prompt_reader(name: str) -> str:
    """Read one line at the terminal; the end of input stops the interview as `q` does (Ctrl-C raises)."""
    try:
        return str(click.prompt("", prompt_suffix="> ", default="", show_default=False))
    except click.Abort as stop:
        if isinstance(stop.__context__, KeyboardInterrupt):
            raise
        return "q"


class Interview:
    """One officer's session over one answers file, at the terminal."""

    def __init__(self, questionnaire: advisor.Questionnaire, read: Reader = prompt_reader) -> None:
        self.questionnaire = questionnaire
        self.read = read

    @property
    def file(self) -> advisor.AnswersFile:
        """The answers file being written."""
        return self.questionnaire.file

    @property
    def planner(self) -> advisor.Planner:
        """The question planner."""
        return self.questionnaire.planner

    @property
    def answers(self) -> BaseModel:
        """The answers as they stand."""
        return self.questionnaire.answers

    def run(self, edit: str | None = None) -> bool:
        """Interview until every relevant question is answered (True) or the officer stops (False)."""
        if edit is not None:
            click.echo(self.questionnaire.replan(), nl=False)  # so that what the edit changes is shown
            if self._step(edit) == "quit":
                return False
        while True:
            click.echo(self.questionnaire.replan(), nl=False)
            name = self.questionnaire.next_fact()
            if name is None:
                return True
            if self._step(name) == "quit":
                return False

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
        click.echo(self.questionnaire.question_text(name, answered), nl=False)
        while True:
            typed = self.read(name).strip()
            if typed.lower() in _COMMANDS:
                return _COMMANDS[typed.lower()]  # type: ignore[return-value]
            if typed == "?":
                click.echo(self.questionnaire.why_text(name), nl=False)
                continue
            if not typed and answered:
                return "answered"
            problem = self.questionnaire.accept(name, typed)
            if problem is None:
                return "answered"
            click.echo(f"  Not saved: {problem}. Please answer again.")
