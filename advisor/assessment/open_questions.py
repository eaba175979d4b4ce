"""The unknown answers that keep an option's conclusion open, and the rules waiting on each."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.assessment.context import Context
from advisor.law.active import ActiveRule
from advisor.law.conditions import DerivedLeaf, FactLeaf


@dataclass(frozen=True)
class OpenQuestion:
    """An unknown answer that keeps a conclusion open, and the rules waiting on it."""

    fact: str
    question: str
    rules: tuple[str, ...]
    decisive: bool


def find_open_questions(context: Context, adm: str, pending: tuple[ActiveRule, ...],
                   deciding: frozenset[str]) -> tuple[OpenQuestion, ...]:
    """Each unknown answer some pending rule waits on, with those rules; decisive if it can change the verdict."""
    asked: dict[str, tuple[list[str], bool]] = {}
    for active in pending:
        decisive = active.rule.id in deciding
        for fact in sorted(_unknown_facts(context, active, adm)):
            rules, was_decisive = asked.setdefault(fact, ([], False))
            rules.append(active.rule.id)
            asked[fact] = (rules, was_decisive or decisive)
    vocabulary = context.book.vocabulary
    ordered = sorted(asked, key=vocabulary.order)
    return tuple(OpenQuestion(fact, vocabulary[fact].question, tuple(asked[fact][0]), asked[fact][1])
                 for fact in ordered)


def _unknown_facts(context: Context, active: ActiveRule, adm: str) -> frozenset[str]:
    key = (active.rule.id, adm)
    if key not in context.memo:
        context.memo[key] = frozenset(unknown_facts(context, active, adm))
    return context.memo[key]


def unknown_facts(context: Context, active: ActiveRule, adm: str, depth: int = 0) -> set[str]:
    """The unanswered facts a rule waits on, following unknown derived facts to their rules."""
    out: set[str] = set()
    for leaf in active.leaves:
        if isinstance(leaf, FactLeaf) and context.facts.get(leaf.key()) is None:
            out.add(leaf.fact)
        elif isinstance(leaf, DerivedLeaf) and depth < 8:
            status, deriver = context.derived.get(adm, {}).get(leaf.name, ("true", ""))
            if status == "unknown":
                out |= unknown_facts(context, context.law.by_id[deriver], adm, depth + 1)
    return out
