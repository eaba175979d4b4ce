"""Collects tests/scenarios/*.yaml as pytest items; advisor.quality.scenarios loads, runs and checks each case.
The timetable cases under tests/scenarios/timetable/ have their own format, run by advisor.quality.timetable_cases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor.law.shipped import load_book
from advisor.quality.scenarios import Case, read_cases, run_case
from advisor.quality.timetable_cases import TimetableCase, read_timetable_cases, run_timetable_case


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Collect YAML files under tests/scenarios as scenario tests."""
    if file_path.suffix == ".yaml" and "scenarios" in file_path.parts:
        if "timetable" in file_path.parts:
            return TimetableFile.from_parent(parent, path=file_path)
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    """One scenario file: a list of cases."""

    def collect(self) -> Iterator[pytest.Item]:
        for case in read_cases(self.path):
            yield ScenarioItem.from_parent(self, name=case.name, case=case)


class ScenarioFailure(Exception):
    """A scenario expectation that did not hold."""


class ScenarioItem(pytest.Item):
    """One scenario case, run on the engine it names (durable unless it says otherwise)."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        outcome = run_case(self.case, load_book(), engine=None)
        if outcome.problems:
            raise ScenarioFailure("\n".join(outcome.problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailure):
            return f"scenario failed: {self.name}\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"


class TimetableFile(pytest.File):
    """One file of timetable cases."""

    def collect(self) -> Iterator[pytest.Item]:
        for case in read_timetable_cases(self.path):
            yield TimetableItem.from_parent(self, name=case.name, case=case)


class TimetableItem(ScenarioItem):
    """One timetable case: the plan of its route must show what it expects."""

    def __init__(self, *, case: TimetableCase, **kwargs: Any) -> None:  # type: ignore[override]
        pytest.Item.__init__(self, **kwargs)
        self.timetable_case = case

    def runtest(self) -> None:
        outcome = run_timetable_case(self.timetable_case, load_book())
        if outcome.problems:
            raise ScenarioFailure("\n".join(outcome.problems))
