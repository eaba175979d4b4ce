"""What the scenario cases leave unproven: failing cases, rules never seen firing, options never shown both ways."""

from __future__ import annotations

from advisor.law.rules import Rulebook
from advisor.quality.coverage import rule_coverage, verdict_evidence
from advisor.quality.scenarios import Outcome


def scenario_problems(book: Rulebook, outcomes: list[Outcome]) -> list[str]:
    """What the scenario cases leave unproven: failing cases, rules no case sees fire, options never shown both ways."""
    problems = [f"scenario {o.case.file}: {o.case.name}: {p}" for o in outcomes if not o.passed for p in o.problems]
    names = [o.case.name for o in outcomes]
    problems += [f"scenario name used twice: {name}" for name in sorted({n for n in names if names.count(n) > 1})]
    for cover in rule_coverage(book, outcomes):
        if not cover.exercised:
            only = " (a proposal-only rule: only cases with `proposal:` apply it)" if cover.rule.scope == "proposal" else ""
            problems.append(f"rule {cover.rule.id} ({cover.rule.file}): no passing scenario case exercises it "
                            f"(sees it fire, or for a rule that never holds, sees it in force){only}")
    for target, sides in verdict_evidence(book, outcomes).items():
        if not sides["open"]:
            problems.append(f"option {target}: no passing scenario case expects it viable or viable with conditions")
        if not sides["closed"]:
            problems.append(f"option {target}: no passing scenario case expects it not viable")
    return problems
