"""The advisor's exceptions, each carrying the process exit code it maps to.

Exception hierarchy:
* AdvisorError            - base; a clear message, never a traceback
  x RulebookError         - a rule file is malformed or inconsistent (exit 1)
  x AnswersError          - the council's answers are invalid (exit 2)
  x EvaluationError       - the rule engine misbehaved during an assessment (exit 1)
  x ScenarioError         - a scenario file cannot be read as scenario cases (exit 2)
"""

from __future__ import annotations

import click


class AdvisorError(click.ClickException):
    """Base of every error the advisor reports to its user."""

    exit_code = 1


class RulebookError(AdvisorError):
    """The rule base cannot be loaded: names the file and rule at fault."""

    exit_code = 1


class AnswersError(AdvisorError):
    """An answers file (or option) is invalid: names the field and what is allowed. `field` is the field at fault
    (its name, or a dotted path within a proposal) when the message names one, for a caller placing the refusal."""

    exit_code = 2

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class EvaluationError(AdvisorError):
    """The engine reported an error or lost a conclusion during an assessment."""

    exit_code = 1


class ScenarioError(AdvisorError):
    """A scenario file (tests/scenarios/*.yaml) is unreadable or not a list of named, dated cases."""

    exit_code = 2


def shown(name: object, limit: int = 40) -> str:
    """A name or value as a message quotes it: repr (so control characters show escaped), cut short if long."""
    text = repr(name)
    return text if len(text) <= limit else text[: limit - 1] + "…"
