"""The `rules check` and `rules coverage` reports: what the scenario and timetable cases prove about the rule base."""

from __future__ import annotations

import json
from pathlib import Path

from advisor.documents.templates import render_template
from advisor.law.loader import load_rulebook
from advisor.law.rules import Rulebook
from advisor.law.shipped import load_book
from advisor.quality.coverage import coverage_record
from advisor.quality.scenarios import Outcome, load_cases, run_cases
from advisor.quality.timetable_cases import load_timetable_cases, run_timetable_cases, timetable_dir, timetable_problems
from advisor.quality.unproven import scenario_problems


def _book(rules_dir: Path | None) -> Rulebook:
    if rules_dir is None:
        return load_book()
    return load_rulebook(rules_dir)


def _outcomes(book: Rulebook, scenarios: Path | None) -> list[Outcome]:
    return run_cases(load_cases(scenarios), book, engine="reference")


def check_report(rules_dir: Path | None, scenarios: Path | None) -> tuple[str, bool]:
    """Load and check the rule base, then run every scenario and timetable case; the report and whether nothing is
    wrong."""
    book = _book(rules_dir)
    outcomes = _outcomes(book, scenarios)
    timed = run_timetable_cases(load_timetable_cases(timetable_dir(scenarios)), book)
    problems = scenario_problems(book, outcomes) + timetable_problems(book, timed)
    loaded = (f"{len(book.rules)} rules in {len(book.files)} files, {len(book.vocabulary.facts)} answer facts, "
              f"digest {book.digest}")
    if not problems:
        return (f"rule base OK: {loaded}\n"
                f"scenarios OK: {len(outcomes)} cases pass; every rule fires in some case (or, if it never holds, is "
                f"seen in force); every delivery model and form is expected viable in one case and not viable in "
                f"another\n"
                f"timetables OK: {len(timed)} cases pass; every timed rule's step is expected in one\n"), True
    lines = [f"rule base loads: {loaded}", f"{len(problems)} problem(s) with the scenarios that test it:"]
    return "\n".join([*lines, *(f"  - {p}" for p in problems)]) + "\n", False


def coverage_report(rules_dir: Path | None, scenarios: Path | None, fmt: str,
                    fail_under: float | None) -> tuple[str, bool]:
    """The coverage report (text or JSON), and whether both ways reach `fail_under` per cent (if given)."""
    book = _book(rules_dir)
    record = coverage_record(book, _outcomes(book, scenarios))
    reached = fail_under is None or min(record["fired"]["pct"], record["not_fired"]["pct"]) >= fail_under
    record["fail_under"] = fail_under
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n", reached
    return render_template("coverage.txt.j2", record), reached
