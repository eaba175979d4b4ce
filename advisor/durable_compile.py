"""Compiles a Law into durable-rules JSON rule definitions with three-valued patterns (no durable import)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from advisor.conditions import Condition, DerivedLeaf, FactLeaf, Node, leaves, split_top_level
from advisor.law import ActiveRule, Law

Expr = dict[str, Any]
MAX_PER_SHARD = 16  # durable fails (error 303, or worse) past ~60 sibling tests matched by one fact
BIG = 10**15  # the bounds of an unknown fact's interval
ALWAYS: Expr = {"$ex": {"kind": 1}}
NEVER: Expr = {"kind": "__never__"}
_FLIP = {"$lt": "$gte", "$gte": "$lt", "$lte": "$gt", "$gt": "$lte", "$neq": "$eq", "$eq": "$neq"}


def encode(value: object) -> int | float:
    """A known value as a number: yes/no as 1/0, dates as day ordinals."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.toordinal()
    return value  # type: ignore[return-value]


def interval(value: object) -> tuple[int | float, int | float]:
    """The (lo, hi) bounds of a fact's possible values: one point when known, everything when not."""
    if value is None:
        return -BIG, BIG
    number = encode(value)
    return number, number


def _and(parts: list[Expr]) -> Expr:
    flat = [p for part in parts for p in (part["$and"] if set(part) == {"$and"} else [part]) if p != ALWAYS]
    if not flat:
        return ALWAYS
    return flat[0] if len(flat) == 1 else {"$and": flat}


def _or(parts: list[Expr]) -> Expr:
    flat = [p for part in parts for p in (part["$or"] if set(part) == {"$or"} else [part]) if p != NEVER]
    if not flat:
        return NEVER
    return flat[0] if len(flat) == 1 else {"$or": flat}


def _test(op: str, key: str, value: float) -> Expr:
    return {key: value} if op == "$eq" else {op: {key: value}}


def _negate(expr: Expr) -> Expr:
    """The complement of a test; keys are always present, so a flipped comparison suffices."""
    if expr == ALWAYS:
        return NEVER
    if expr == NEVER:
        return ALWAYS
    if "$and" in expr:
        return _or([_negate(part) for part in expr["$and"]])
    if "$or" in expr:
        return _and([_negate(part) for part in expr["$or"]])
    op, body = next(iter(expr.items()))
    if not op.startswith("$"):
        return {"$neq": {op: body}}
    key, value = next(iter(body.items()))
    return _test(_FLIP[op], key, value)


def _atom(key: str, op: str, value: float, want: str) -> Expr:
    """Certainly (T) or possibly (P) `key op value`, over the key's lo/hi bounds."""
    lo, hi = f"{key}__lo", f"{key}__hi"
    certain = want == "T"
    if op in ("<", "<="):
        return _test("$lt" if op == "<" else "$lte", hi if certain else lo, value)
    if op in (">", ">="):
        return _test("$gt" if op == ">" else "$gte", lo if certain else hi, value)
    if op == "==":
        return _and([{lo: value}, {hi: value}]) if certain else _and([_test("$lte", lo, value), _test("$gte", hi, value)])
    if op == "!=":
        return _negate(_atom(key, "==", value, "P" if certain else "T"))
    raise ValueError(f"unknown comparison {op}")


def _leaf(leaf: FactLeaf, rule: ActiveRule, want: str) -> Expr:
    """T or P of one leaf; yes/no and choices compare 1/0 flags per choice."""
    value = rule.threshold(leaf)
    if leaf.op == "is":
        return _atom(leaf.fact, "==", int(bool(value)), want)
    if leaf.op in ("contains", "lacks"):
        return _atom(leaf.key(), "==", int(leaf.op == "contains"), want)
    if isinstance(value, tuple):  # choice in / not_in
        flag = 1 if leaf.op == "in" else 0
        parts = [_atom(f"{leaf.fact}__{item}", "==", flag, want) for item in value]
        return _or(parts) if leaf.op == "in" else _and(parts)
    if isinstance(value, str):  # choice == / !=
        return _atom(f"{leaf.fact}__{value}", "==", int(leaf.op == "=="), want)
    return _atom(leaf.fact, leaf.op, encode(value), want)


def leaf_keys(leaf: FactLeaf, rule: ActiveRule) -> list[str]:
    """The fact keys a leaf's tests read (choice leaves read one flag per choice named)."""
    value = rule.threshold(leaf)
    if leaf.op in ("contains", "lacks"):
        return [leaf.key()]
    if isinstance(value, tuple):
        return [f"{leaf.fact}__{item}" for item in value]
    if isinstance(value, str):
        return [f"{leaf.fact}__{value}"]
    return [leaf.fact]


def tree(cond: Condition, rule: ActiveRule, want: str) -> Expr:
    """Durable test for `cond` being T(rue), P(ossibly true), F(alse), N(ot certainly true) or U(nknown)."""
    if want == "U":
        return _and([tree(cond, rule, "P"), tree(cond, rule, "N")])
    if want in ("F", "N"):
        return _negate(tree(cond, rule, "P" if want == "F" else "T"))
    if isinstance(cond, FactLeaf):
        return _leaf(cond, rule, want)
    assert isinstance(cond, Node), "derived leaves are compiled as joins, not tests"
    if cond.kind == "not":
        return tree(cond.items[0], rule, "N" if want == "P" else "F")
    parts = [tree(item, rule, want) for item in cond.items]
    return _and(parts) if cond.kind == "all" else _or(parts)


_DERIVED_VALUES: dict[str, Callable[[bool], list[bool | None]]] = {
    "T": lambda b: [b], "F": lambda b: [not b], "U": lambda b: [None],
    "P": lambda b: [b, None], "*": lambda b: [True, False, None],
}


def _status_name(value: bool | None) -> str:
    return "unknown" if value is None else ("true" if value else "false")


@dataclass
class Variant:
    """One durable rule: a rule's outcome (status) under one combination of part states."""

    rule: ActiveRule
    status: str
    answers_state: str | None  # T/F/U/P/* for the answers part, None when the rule has none
    derived_states: tuple[tuple[DerivedLeaf, str], ...]


def variants(active: ActiveRule) -> list[Variant]:
    """The durable rules a rule compiles to: true and unknown, and false for derive rules."""
    answers, derived = split_top_level(active.rule.condition)
    parts: list[str | DerivedLeaf] = (["A"] if answers is not None else []) + list(derived)
    if not parts:
        return [Variant(active, "true", None, ())]
    out = [_variant(active, parts, ["T"] * len(parts), "true")]
    for j in range(len(parts)):  # first unknown part is j: earlier ones true, later possible
        out.append(_variant(active, parts, ["T"] * j + ["U"] + ["P"] * (len(parts) - j - 1), "unknown"))
    if active.rule.effect == "derive":
        for j in range(len(parts)):
            out.append(_variant(active, parts, ["*"] * j + ["F"] + ["*"] * (len(parts) - j - 1), "false"))
    return out


def _variant(active: ActiveRule, parts: list[str | DerivedLeaf], states: list[str], status: str) -> Variant:
    answers_state = next((s for p, s in zip(parts, states, strict=True) if p == "A"), None)
    derived = tuple((p, s) for p, s in zip(parts, states, strict=True) if isinstance(p, DerivedLeaf))
    return Variant(active, status, answers_state, derived)


@dataclass
class Shard:
    """A group of rules matched against their own small copy of the answers (fan-out limit)."""

    number: int
    per_adm: bool
    variants: list[Variant] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    adms: set[str] = field(default_factory=set)
    rule_ids: list[str] = field(default_factory=list)

    def touch_flags(self, adm: str) -> dict[str, bool]:
        """The flags of the rules in this shard that touch `adm` (per-ADM shards)."""
        touched = {v.rule.rule.id for v in self.variants if adm in v.rule.adms}
        return {f"t{i}": True for i, rule_id in enumerate(self.rule_ids) if rule_id in touched}


def plan_shards(law: Law) -> list[Shard]:
    """Group rules into shards of at most MAX_PER_SHARD durable rules each."""
    shards: list[Shard] = []
    ordered = sorted(law.rules, key=lambda a: (a.per_adm, a.adms, a.rule.id))
    for active in ordered:
        compiled = variants(active)
        current = shards[-1] if shards else None
        if current is None or current.per_adm != active.per_adm or len(current.variants) + len(compiled) > MAX_PER_SHARD:
            current = Shard(len(shards), active.per_adm)
            shards.append(current)
        current.variants += compiled
        current.rule_ids.append(active.rule.id)
        current.keys |= {key for leaf in leaves(active.rule.condition) if isinstance(leaf, FactLeaf)
                         for key in leaf_keys(leaf, active)}
        if active.per_adm:
            current.adms |= set(active.adms)
    return shards


def derived_consumers(shards: list[Shard]) -> dict[str, list[int]]:
    """For each derived fact name, the shards whose rules read it."""
    readers: dict[str, set[int]] = defaultdict(set)
    for shard in shards:
        for variant in shard.variants:
            for leaf, _ in variant.derived_states:
                readers[leaf.name].add(shard.number)
    return {name: sorted(numbers) for name, numbers in readers.items()}


def patterns(variant: Variant, shard: Shard) -> list[list[dict[str, Expr]]]:
    """The durable `all` lists of one variant (more than one when split to fit durable's limit)."""
    tests: list[Expr] = [{"kind": "answers"}, {"shard": shard.number}]
    if shard.per_adm:
        tests.append({touch_flag(shard, variant): True})
    answers, _ = split_top_level(variant.rule.rule.condition)
    if answers is not None and variant.answers_state not in (None, "*"):
        tests.append(tree(answers, variant.rule, variant.answers_state))
    return [_joins(variant, shard, {"a": piece}) for piece in split_to_fit(_and(tests))]


def touch_flag(shard: Shard, variant: Variant) -> str:
    """The answers-copy key marking that this variant's rule touches the copy's ADM."""
    return f"t{shard.rule_ids.index(variant.rule.rule.id)}"


def _joins(variant: Variant, shard: Shard, first: dict[str, Expr]) -> list[dict[str, Expr]]:
    out: list[dict[str, Expr]] = [first]
    for index, (leaf, state) in enumerate(variant.derived_states):
        values = [_status_name(v) for v in _DERIVED_VALUES[state](leaf.value)]
        # order matters to durable: plain tests first (a join before them defeats its alpha network
        # and trips the fan-out limit), then the join, then any $or (a join after an $or is dropped)
        out.append({f"d{index}": _and([{"kind": "derived"}, {"shard": shard.number}, {"name": leaf.name},
                                       {"adm": {"a": "adm"}}, _or([{"value": v} for v in values])])})
    return out


EXPRESSION_BUDGET = 24  # durable allows 31 expression slots per pattern (ERR_EXPRESSION_LIMIT_EXCEEDED)


def size(expr: Expr) -> int:
    """Expression slots durable uses for a test: one per comparison, two per $and/$or."""
    for op in ("$and", "$or"):
        if op in expr:
            return 2 + sum(size(part) for part in expr[op])
    return 1


def split_to_fit(expr: Expr) -> list[Expr]:
    """Split a test into alternatives (distributing its first $or) until each fits durable's limit."""
    if size(expr) <= EXPRESSION_BUDGET:
        return [expr]
    if "$or" in expr:
        return [piece for branch in expr["$or"] for piece in split_to_fit(branch)]
    parts = expr.get("$and", [expr])
    index = next((i for i, part in enumerate(parts) if "$or" in part or "$and" in part), None)
    if index is None:
        raise ValueError(f"a condition has too many tests for the rule engine ({size(expr)})")
    inner = split_to_fit(parts[index]) if "$and" in parts[index] else parts[index]["$or"]
    return [piece for branch in inner for piece in split_to_fit(_and([*parts[:index], branch, *parts[index + 1:]]))]
