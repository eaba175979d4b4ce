"""Mutation testing of the rule base: each mutant is rerun on the scenario and timetable cases it could affect, to see
one fail."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from advisor.base.errors import AdvisorError, RulebookError, ScenarioError
from advisor.base.yamlio import load_yaml
from advisor.law.check import check_rulebook
from advisor.law.rules import Rulebook
from advisor.quality.mutant import Baseline, Mutant
from advisor.quality.mutants import all_mutants
from advisor.quality.mutate_dates import boundaries_before
from advisor.quality.mutation_timetable import Rerun, prepare_timetable_cases
from advisor.quality.scenarios import Case, check_case, prepare, run, run_case
from advisor.quality.timetable_cases import TimetableCase

Status = Literal["caught", "refused", "equivalent", "listed", "survived"]


@dataclass(frozen=True)
class Prepared:
    """A passing case ready to rerun: its answers, its unmutated run, and the rules its expectations name."""

    case: Case
    answers: BaseModel
    baseline: Baseline
    named: frozenset[str]
    timetable = False

    @property
    def label(self) -> str:
        """The case as a result names it: file and name."""
        return f"{self.case.file}: {self.case.name}"

    def fails(self, book: Rulebook) -> bool:
        """True when the case, rerun on this rule base, no longer holds (or cannot run)."""
        try:
            result = run(self.case, self.answers, book, engine="reference")
            return bool(check_case(self.case.data, result))
        except (AdvisorError, KeyError, ValueError, TypeError):
            return True  # the case errors: a test run would report it


@dataclass(frozen=True)
class Result:
    """What became of one mutant, and by what: the case that failed, the check that refused it, or the reason."""

    mutant: Mutant
    status: Status
    by: str


@dataclass(frozen=True)
class Listing:
    """bench/mutation_equivalents.yaml: the first in-force date moved, and mutants listed as equivalent, with why."""

    dates_from: dt.date
    dates_reason: str
    equivalent: Mapping[str, str]


def read_listing(path: Path) -> Listing:
    """Read the equivalents file; a malformed one raises ScenarioError naming it."""
    shape = "dates_from: DATE, dates_reason: TEXT, equivalent: [{mutation: ID, reason: TEXT}]"
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or not isinstance(raw.get("dates_from"), dt.date):
            raise TypeError("dates_from is not a date")
        listed = {str(item["mutation"]): str(item["reason"]) for item in raw.get("equivalent") or []}
        return Listing(raw["dates_from"], str(raw["dates_reason"]), listed)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ScenarioError(f"{path}: not an equivalents file ({shape}): {exc}") from None


def _named(case: Case) -> frozenset[str]:
    data = case.data
    named = set(data.get("fired", [])) | set(data.get("not_fired", []))
    for key in ("fired_for", "not_fired_for"):
        named |= {rule for rules in (data.get(key) or {}).values() for rule in rules}
    return frozenset(named)


def prepare_cases(book: Rulebook, cases: list[Case]) -> list[Prepared]:
    """Run every case once unmutated; mutation testing needs them all to pass first."""
    prepared = []
    for case in cases:
        outcome = run_case(case, book, engine="reference")
        if outcome.result is None or outcome.problems:
            raise ScenarioError(f"{case.file}: {case.name}: fails before any mutation: {'; '.join(outcome.problems)}")
        context = outcome.result.context
        base = Baseline(context.facts, context.law, case.as_at, case.proposal)
        prepared.append(Prepared(case, prepare(case, book), base, _named(case)))
    return prepared


def _refusal(book: Rulebook) -> str | None:
    try:
        check_rulebook(book)
    except RulebookError as exc:
        return exc.message
    return None


def try_mutant(book: Rulebook, prepared: Sequence[Rerun], mutant: Mutant) -> Result:
    """Apply one mutant and rerun the cases (scenario or timetable) it could affect, those naming its rules first,
    until one fails."""
    if mutant.equivalent:
        return Result(mutant, "equivalent", mutant.equivalent)
    mutated = mutant.apply(book)
    refused = _refusal(mutated) if mutant.kind == "date" else None
    if refused:
        return Result(mutant, "refused", refused)
    seen_by = [item for item in prepared if item.timetable or mutant.kind != "timing"]  # only a plan shows a timing
    relevant = [item for item in seen_by if mutant.touches(item.baseline)]
    relevant.sort(key=lambda item: not (item.named & set(mutant.rules)))
    for item in relevant:  # compiled evaluators are kept by conditions too (Law.signature): no stale reuse
        if item.fails(mutated):
            return Result(mutant, "caught", item.label)
    return Result(mutant, "survived", f"rerun on {len(relevant)} case(s) that could be affected; none failed")


def run_mutation(book: Rulebook, cases: list[Case], listing: Listing,
                 timetable: Sequence[TimetableCase] = ()) -> list[Result]:
    """Every mutant's result, tried on the scenario cases and the timetable cases; survivors the listing names as
    equivalent are marked listed."""
    prepared: list[Rerun] = [*prepare_cases(book, cases), *prepare_timetable_cases(book, timetable)]
    results = []
    for mutant in all_mutants(book, listing.dates_from):
        result = try_mutant(book, prepared, mutant)
        if result.status == "survived" and mutant.id in listing.equivalent:
            result = Result(mutant, "listed", listing.equivalent[mutant.id])
        results.append(result)
    return results


def mutation_record(book: Rulebook, results: list[Result], listing: Listing) -> dict[str, Any]:
    """The report: counts by kind and outcome, every survivor, every equivalent, and stale listing entries."""
    ids = {r.mutant.id: r.status for r in results}
    stale = [{"mutation": m, "why": "no such mutation" if m not in ids else f"it is {ids[m]}, not a survivor"}
             for m in listing.equivalent if ids.get(m) != "listed"]
    counts = Counter((r.mutant.kind, r.status) for r in results)
    kinds = sorted({r.mutant.kind for r in results})
    return {
        "rule_base": book.digest,
        "total": len(results),
        "by_kind": {k: {s: counts[(k, s)] for s in ("caught", "refused", "equivalent", "listed", "survived")}
                    for k in kinds},
        "caught": sum(r.status in ("caught", "refused") for r in results),
        "survivors": [{"mutation": r.mutant.id, "kind": r.mutant.kind, "rules": list(r.mutant.rules), "why": r.by}
                      for r in results if r.status == "survived"],
        "equivalent": [{"mutation": r.mutant.id, "reason": r.by, "listed": r.status == "listed"}
                       for r in results if r.status in ("equivalent", "listed")],
        "stale": stale,
        "dates": {"from": listing.dates_from.isoformat(), "not_moved": boundaries_before(book, listing.dates_from),
                  "reason": listing.dates_reason},
    }
