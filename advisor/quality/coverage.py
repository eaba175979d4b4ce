"""Which rules the scenario cases see firing and held off, and which verdicts they show for every option."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from advisor.assessment.context import Context
from advisor.assessment.records import Assessment
from advisor.law.active import ActiveRule
from advisor.law.conditions import Condition, DerivedLeaf, Node, Status, leaves
from advisor.law.rules import Rule, Rulebook
from advisor.quality.scenarios import Outcome

OPEN = ("viable", "viable_with_conditions")


@dataclass(frozen=True)
class Seen:
    """What one assessment shows: rules that fired for some option, and rules decided not to apply to one."""

    fired: frozenset[str]
    held_off: frozenset[str]


def seen_in(result: Assessment) -> Seen:
    """The rules in force that fire for some option they touch, and those found false for one (unknown is neither)."""
    fired: set[str] = set()
    held_off: set[str] = set()
    for active in result.context.law.rules:
        targets = active.adms if active.per_adm else (None,)
        statuses = {_status(result.context, active, target) for target in targets}
        if "true" in statuses:
            fired.add(active.rule.id)
        if "false" in statuses:
            held_off.add(active.rule.id)
    return Seen(frozenset(fired), frozenset(held_off))


def _status(context: Context, active: ActiveRule, target: str | None) -> Status | None:
    """The rule's status for one ADM (or for all it touches); no firing means false once its derived facts are decided."""
    status = context.firings.get((active.rule.id, target))
    if status is not None:
        return status
    derived = context.derived.get(target or "", {})
    decided = all(leaf.name in derived for leaf in active.leaves if isinstance(leaf, DerivedLeaf))
    return "false" if decided else None


def constant(rule: Rule) -> bool | None:
    """True for a rule that holds wherever it is in force (no condition, `all: []`), False for one that never
    holds (`any: []`, deciding a derived fact false outright), None for one that reads answers or derived facts."""
    return None if leaves(rule.condition) else _holds(rule.condition)


def _holds(cond: Condition | None) -> bool:
    if cond is None:
        return True
    assert isinstance(cond, Node)  # a condition without leaves is all/any/not nodes only
    parts = [_holds(item) for item in cond.items]
    return not parts[0] if cond.kind == "not" else all(parts) if cond.kind == "all" else any(parts)


@dataclass(frozen=True)
class RuleCoverage:
    """The passing cases that see one rule fire, and those that see it held off."""

    rule: Rule
    fired_in: tuple[str, ...]
    held_off_in: tuple[str, ...]

    @property
    def exercised(self) -> bool:
        """Seen firing; for a rule that never holds, seen in force and found not to apply."""
        return bool(self.fired_in) or (constant(self.rule) is False and bool(self.held_off_in))

    def row(self) -> dict[str, Any]:
        """The rule's line of the report."""
        fixed = constant(self.rule)
        return {"id": self.rule.id, "effect": self.rule.effect, "scope": self.rule.scope,
                "fired": bool(self.fired_in) if fixed is not False else None, "fired_cases": len(self.fired_in),
                "not_fired": bool(self.held_off_in) if fixed is not True else None, "not_fired_cases": len(self.held_off_in),
                "first_fired_in": self.fired_in[0] if self.fired_in else None,
                "first_not_fired_in": self.held_off_in[0] if self.held_off_in else None}


def rule_coverage(book: Rulebook, outcomes: Iterable[Outcome]) -> list[RuleCoverage]:
    """For every rule, the passing cases that see it fire and those that see it held off."""
    fired: dict[str, list[str]] = defaultdict(list)
    held: dict[str, list[str]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.passed and outcome.result is not None:
            seen = seen_in(outcome.result)
            for rule_id in seen.fired:
                fired[rule_id].append(outcome.case.name)
            for rule_id in seen.held_off:
                held[rule_id].append(outcome.case.name)
    return [RuleCoverage(rule, tuple(fired[rid]), tuple(held[rid])) for rid, rule in book.rules.items()]


def _implied(book: Rulebook, target: str, verdict: str) -> list[tuple[str, str]]:
    """The options (ADM or ADM/form) an expected verdict shows open or closed, and which."""
    adm_id, _, form_id = target.partition("/")
    forms = book.catalogue.adm(adm_id).forms
    if verdict in OPEN:  # a form open opens its ADM; an ADM of one form is that form
        also = [adm_id] if form_id else [f"{adm_id}/{f}" for f in forms if len(forms) == 1]
        return [(t, "open") for t in [target, *also]]
    if verdict == "not_viable":  # an ADM closed has every form closed
        return [(t, "closed") for t in [target, *([] if form_id else [f"{adm_id}/{f}" for f in forms])]]
    return []


def verdict_evidence(book: Rulebook, outcomes: Iterable[Outcome]) -> dict[str, dict[str, list[str]]]:
    """For every ADM and ADM/form, the passing cases whose expectations show it open, and closed."""
    targets = [adm.id for adm in book.catalogue.adms] + [f"{a}/{f}" for a, f in book.catalogue.options()]
    evidence: dict[str, dict[str, list[str]]] = {t: {"open": [], "closed": []} for t in targets}
    for outcome in outcomes:
        if not outcome.passed:
            continue
        for target, verdict in (outcome.case.data.get("expect") or {}).items():
            for implied, side in _implied(book, target, verdict):
                evidence[implied][side].append(outcome.case.name)
    return evidence


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 100.0


def coverage_record(book: Rulebook, outcomes: list[Outcome]) -> dict[str, Any]:
    """The coverage report: per rule and overall, both ways, and the options' verdict evidence."""
    rows = [cover.row() for cover in rule_coverage(book, outcomes)]
    evidence = verdict_evidence(book, outcomes)
    return {
        "rule_base": {"digest": book.digest, "rules": len(rows)},
        "cases": len(outcomes),
        "failing": [{"case": o.case.name, "file": o.case.file, "problems": list(o.problems)}
                    for o in outcomes if not o.passed],
        "rules": rows,
        "fired": _way(rows, "fired", "never_hold"),
        "not_fired": _way(rows, "not_fired", "always_hold"),
        "options": [{"option": target, "open": len(sides["open"]), "closed": len(sides["closed"])}
                    for target, sides in evidence.items()],
    }


def _way(rows: list[dict[str, Any]], key: str, constant_name: str) -> dict[str, Any]:
    """One way's total: rules seen so, of those that can be; the constant rules that cannot are listed apart."""
    counted = [row for row in rows if row[key] is not None]
    seen = sum(bool(row[key]) for row in counted)
    return {"rules": seen, "of": len(counted), "pct": _pct(seen, len(counted)),
            constant_name: [row["id"] for row in rows if row[key] is None]}
