"""Compiles a Law into durable-rules JSON rule definitions with three-valued patterns (no durable import)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from advisor.conditions import Condition, DerivedLeaf, FactLeaf, Node, split_top_level
from advisor.law import ActiveRule, Law

Expr = dict[str, Any]
MAX_PER_SHARD = 16  # durable fails (error 303, or worse) past ~60 sibling tests matched by one fact
_NEGATE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<",
           "in": "not_in", "not_in": "in", "contains": "lacks", "lacks": "contains"}
_DURABLE_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}


def encode(value: object) -> object:
    """A value as durable stores it: dates become day ordinals."""
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, tuple):
        return tuple(encode(item) for item in value)
    return value


def _and(parts: list[Expr]) -> Expr:
    flat = [p for part in parts for p in (part["$and"] if set(part) == {"$and"} else [part])]
    return flat[0] if len(flat) == 1 else {"$and": flat}


def _or(parts: list[Expr]) -> Expr:
    flat = [p for part in parts for p in (part["$or"] if set(part) == {"$or"} else [part])]
    return flat[0] if len(flat) == 1 else {"$or": flat}


def _exists(key: str) -> Expr:
    return {"$ex": {key: 1}}


def _holds(key: str, op: str, value: Any) -> Expr:
    """The durable test that `key op value` holds for a known key."""
    if op == "is":
        return {key: value}
    if op in ("contains", "lacks"):
        return {key: op == "contains"}
    if op == "==":
        return {key: value}
    if op == "!=":
        return _and([_exists(key), {"$neq": {key: value}}])
    if op == "in":
        return _or([{key: item} for item in value])
    if op == "not_in":
        return _and([_exists(key)] + [{"$neq": {key: item}} for item in value])
    return _and([_exists(key), {_DURABLE_OP[op]: {key: value}}])


def _leaf(leaf: FactLeaf, rule: ActiveRule, want: str) -> Expr:
    key, value = leaf.key(), encode(rule.threshold(leaf))
    if want == "U":
        return {"$nex": {key: 1}}
    if leaf.op == "is":
        return {key: value if want == "T" else not value}
    op = leaf.op if want == "T" else _NEGATE[leaf.op]
    return _holds(key, op, value)


def tree(cond: Condition, rule: ActiveRule, want: str) -> Expr:
    """Durable test for `cond` being T(rue), F(alse), U(nknown), P (T or U) or N (F or U)."""
    if want in ("P", "N"):
        return _or([tree(cond, rule, "T" if want == "P" else "F"), tree(cond, rule, "U")])
    if isinstance(cond, FactLeaf):
        return _leaf(cond, rule, want)
    assert isinstance(cond, Node), "derived leaves are compiled as joins, not tests"
    if cond.kind == "not":
        return tree(cond.items[0], rule, {"T": "F", "F": "T"}.get(want, want))
    strong, weak = ("T", "F") if cond.kind == "all" else ("F", "T")
    if want == strong:  # every part must be it
        return _and([tree(item, rule, want) for item in cond.items])
    if want == weak:  # one part suffices
        return _or([tree(item, rule, want) for item in cond.items])
    not_weak = "P" if cond.kind == "all" else "N"
    return _and([_and([tree(item, rule, not_weak) for item in cond.items]),
                 _or([tree(item, rule, "U") for item in cond.items])])


_DERIVED_VALUES = {"T": lambda b: [b], "F": lambda b: [not b], "U": lambda b: [None],
                   "P": lambda b: [b, None], "*": lambda b: [True, False, None]}


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
        current.keys |= set(active.fact_keys())
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


def patterns(variant: Variant, shard: Shard) -> list[dict[str, Expr]]:
    """The durable `all` list of one variant: the answers copy, then one join per derived leaf."""
    tests: list[Expr] = [{"kind": "answers"}, {"shard": shard.number}]
    if shard.per_adm:
        tests.append(_or([{"adm": adm} for adm in variant.rule.adms]))
    answers, _ = split_top_level(variant.rule.rule.condition)
    if answers is not None and variant.answers_state not in (None, "*"):
        tests.append(tree(answers, variant.rule, variant.answers_state))
    out: list[dict[str, Expr]] = [{"a": _and(tests)}]
    for index, (leaf, state) in enumerate(variant.derived_states):
        values = [_status_name(v) for v in _DERIVED_VALUES[state](leaf.value)]
        # the join comes before any $or: durable drops a join that follows an $or in the same pattern
        out.append({f"d{index}": _and([{"kind": "derived"}, {"adm": {"a": "adm"}}, {"shard": shard.number},
                                       {"name": leaf.name}, _or([{"value": v} for v in values])])})
    return out
