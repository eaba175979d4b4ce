"""Operator mutants: each comparison in a condition flipped (< and <=, == and !=, in and not_in, is true and false)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from advisor.law.conditions import Condition, DerivedLeaf, FactLeaf, Node, leaves
from advisor.law.rules import Rule, Rulebook
from advisor.quality.mutant import Baseline, Mutant, known, with_rule

FLIPS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==",
         "in": "not_in", "not_in": "in", "contains": "lacks", "lacks": "contains"}


def describe(leaf: FactLeaf | DerivedLeaf) -> str:
    """A leaf as the rule file writes it, briefly."""
    if isinstance(leaf, DerivedLeaf):
        return f"derived {leaf.name} is {str(leaf.value).lower()}"
    if leaf.op == "is":
        return f"{leaf.fact} is {str(leaf.value).lower()}"
    return f"{leaf.fact} {leaf.op} {leaf.param or leaf.value}"


def flipped(leaf: FactLeaf | DerivedLeaf) -> FactLeaf | DerivedLeaf:
    """The leaf with its comparison flipped (< and <=, > and >=, == and !=, in and not_in, is true and is false)."""
    if isinstance(leaf, DerivedLeaf):
        return replace(leaf, value=not leaf.value)
    if leaf.op == "is":
        return replace(leaf, value=not leaf.value)
    return replace(leaf, op=FLIPS[leaf.op])


def _swap(cond: Condition, index: int, new: FactLeaf | DerivedLeaf) -> tuple[Condition, int]:
    """The condition with its leaf number `index` (in leaf order) replaced; also the count of leaves still to pass."""
    if isinstance(cond, Node):
        items = []
        for item in cond.items:
            swapped, index = _swap(item, index, new)
            items.append(swapped)
        return Node(cond.kind, tuple(items)), index
    return (new if index == 0 else cond), index - 1


def _operator_mutant(rule: Rule, index: int, leaf: FactLeaf | DerivedLeaf) -> Mutant:
    new = flipped(leaf)
    ident = f"{rule.id} leaf {index + 1}: {describe(leaf)} -> {describe(new)}"

    def apply(book: Rulebook) -> Rulebook:
        assert rule.condition is not None
        changed = rule.model_copy()
        changed._condition = _swap(rule.condition, index, new)[0]
        return with_rule(book, changed, ident)

    def touches(base: Baseline) -> bool:
        return rule.id in base.law.by_id and known(base, leaf)

    return Mutant(ident, "operator", (rule.id,), apply, touches)


def operator_mutants(book: Rulebook) -> Iterator[Mutant]:
    """One mutant per condition leaf: its comparison flipped."""
    for rule in book.rules.values():
        for index, leaf in enumerate(leaves(rule.condition)):
            yield _operator_mutant(rule, index, leaf)
