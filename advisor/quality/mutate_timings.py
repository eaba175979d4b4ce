"""Timing mutants: how each timed rule counts its period, changed one way at a time - clear days on or off (a
period before its anchor), the anchor day counted or not and the last day carried to a working day or not (a
period after it), and working days counted in England and Wales instead of the whole United Kingdom (or the
reverse, or calendar days as working days). Only a timetable case can notice one: no scenario expectation reads a
timing, so these are rerun on the timetable cases alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from advisor.law.rules import Rule, Rulebook
from advisor.law.timing import Timing
from advisor.quality.mutant import Baseline, Mutant, with_rule

_OTHER_UNIT = {"working_days_uk": "working_days", "working_days": "working_days_uk", "calendar_days": "working_days"}


def _equivalent(timing: Timing, update: dict[str, Any]) -> str | None:
    """Why a change cannot move the step, when it cannot."""
    counted = timing.period.param is not None or bool(timing.period.value)  # a period of at least one day
    if "ends_on_working_day" in update and counted and timing.period.unit.startswith("working_days"):
        return "a period counted in working days ends on a working day: carrying it to one changes nothing"
    return None


def _changes(timing: Timing) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each single change of how the period is counted that leaves a valid timing, described."""
    if timing.side == "before":
        yield f"clear {timing.clear} -> {not timing.clear}", {"clear": not timing.clear}
    else:
        other = "from_next_day" if timing.counting == "from_anchor" else "from_anchor"
        yield f"counting {timing.counting} -> {other}", {"counting": other}
        flag = timing.ends_on_working_day
        yield f"ends_on_working_day {flag} -> {not flag}", {"ends_on_working_day": not flag}
    unit = timing.period.unit
    if unit in _OTHER_UNIT and (timing.period.param or timing.period.value):
        yield f"unit {unit} -> {_OTHER_UNIT[unit]}", {"period": timing.period.model_copy(update={"unit": _OTHER_UNIT[unit]})}


def _timing_mutant(rule: Rule, timing: Timing, what: str, update: dict[str, Any]) -> Mutant:
    ident = f"{rule.id} timing {what}"

    def apply(book: Rulebook) -> Rulebook:
        return with_rule(book, rule.model_copy(update={"timing": timing.model_copy(update=update)}), ident)

    def touches(base: Baseline) -> bool:
        return rule.id in base.law.by_id

    return Mutant(ident, "timing", (rule.id,), apply, touches, _equivalent(timing, update))


def timing_mutants(book: Rulebook) -> Iterator[Mutant]:
    """For every timed rule, each change of how its period is counted."""
    for rule in book.rules.values():
        if rule.timing is not None:
            for what, update in _changes(rule.timing):
                yield _timing_mutant(rule, rule.timing, what, update)
