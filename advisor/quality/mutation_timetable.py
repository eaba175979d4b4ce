"""The timetable cases in mutation testing: each run once unmutated, then rerun on a mutated rule base to see its
timetable change (a period's length, the date a parameter's value starts, a rule's window, a condition)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel

from advisor.assessment.assess import assess
from advisor.base.errors import AdvisorError, ScenarioError
from advisor.law.rules import Rulebook
from advisor.quality.mutant import Baseline
from advisor.quality.timetable_cases import TimetableCase, check_timetable_case, run_timetable_case, timetable_answers


class Rerun(Protocol):
    """A case ready to rerun on a mutated rule base: its unmutated run, the rules it names, how results name it."""

    @property
    def baseline(self) -> Baseline: ...

    @property
    def named(self) -> frozenset[str]: ...

    @property
    def label(self) -> str: ...

    @property
    def timetable(self) -> bool: ...

    def fails(self, book: Rulebook) -> bool: ...


@dataclass(frozen=True)
class PreparedTimetable:
    """A passing timetable case ready to rerun: its answers, its unmutated run, and the rules it names."""

    case: TimetableCase
    answers: BaseModel
    baseline: Baseline
    named: frozenset[str]
    timetable = True

    @property
    def label(self) -> str:
        """The case as a result names it: timetable/file and name."""
        return f"timetable/{self.case.file}: {self.case.name}"

    def fails(self, book: Rulebook) -> bool:
        """True when the route's timetable, on this rule base, no longer shows what the case expects (or cannot be
        made)."""
        try:
            result = assess(self.answers, book, self.baseline.as_at, engine="reference")
            return bool(check_timetable_case(self.case, result))
        except (AdvisorError, KeyError, ValueError, TypeError):
            return True  # the case errors: a test run would report it


def prepare_timetable_cases(book: Rulebook, cases: Iterable[TimetableCase]) -> list[PreparedTimetable]:
    """Run every timetable case once unmutated; mutation testing needs them all to pass first."""
    prepared = []
    for case in cases:
        outcome = run_timetable_case(case, book, engine="reference")
        if outcome.result is None or outcome.problems:
            raise ScenarioError(f"timetable/{case.file}: {case.name}: fails before any mutation: "
                                f"{'; '.join(outcome.problems)}")
        context = outcome.result.context
        base = Baseline(context.facts, context.law, outcome.result.as_at, proposal=False)
        prepared.append(PreparedTimetable(case, timetable_answers(case, book), base, case.named))
    return prepared
