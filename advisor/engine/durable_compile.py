"""Compiles conditions into durable-rules JSON tests over interval-encoded answers (T, P, F, N, U)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from itertools import islice
from typing import Any

from advisor.law.active import ActiveRule
from advisor.law.conditions import Condition, FactLeaf, Node

Expr = dict[str, Any]
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


def and_(parts: list[Expr]) -> Expr:
    """All of the tests (flattened; ALWAYS parts dropped)."""
    flat = [p for part in parts for p in (part["$and"] if set(part) == {"$and"} else [part]) if p != ALWAYS]
    if not flat:
        return ALWAYS
    return flat[0] if len(flat) == 1 else {"$and": flat}


def or_(parts: list[Expr]) -> Expr:
    """Any of the tests (flattened; NEVER parts dropped)."""
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
        return or_([_negate(part) for part in expr["$and"]])
    if "$or" in expr:
        return and_([_negate(part) for part in expr["$or"]])
    op, body = next(iter(expr.items()))
    if not op.startswith("$"):
        return {"$neq": {op: body}}
    key, value = next(iter(body.items()))
    return _test(_FLIP[op], key, value)


_FIELDS: dict[str, tuple[str, str]] = {}
_FIELDS_LOCK = threading.Lock()


def bound_fields(key: str) -> tuple[str, str]:
    """The fields holding a fact key's lower and upper bounds: short names (durable parses, hashes
    and copies every name of every fact), the same for every law compiled in this process."""
    with _FIELDS_LOCK:
        if key not in _FIELDS:
            _FIELDS[key] = (f"b{len(_FIELDS)}l", f"b{len(_FIELDS)}h")
        return _FIELDS[key]


def _atom(key: str, op: str, value: float, want: str) -> Expr:
    """Certainly (T) or possibly (P) `key op value`, over the key's lo/hi bounds."""
    lo, hi = bound_fields(key)
    certain = want == "T"
    if op in ("<", "<="):
        return _test("$lt" if op == "<" else "$lte", hi if certain else lo, value)
    if op in (">", ">="):
        return _test("$gt" if op == ">" else "$gte", lo if certain else hi, value)
    if op == "==":
        return and_([{lo: value}, {hi: value}]) if certain else and_([_test("$lte", lo, value), _test("$gte", hi, value)])
    if op == "!=":
        return _negate(_atom(key, "==", value, "P" if certain else "T"))
    raise ValueError(f"unknown comparison {op}")


def _flag(key: str, flag: int, want: str) -> Expr:
    """Certainly (T) or possibly (P) a yes/no key is `flag`: one test, as the values are only 0 and 1."""
    lo, hi = bound_fields(key)
    bound = lo if (want == "T") == (flag == 1) else hi
    return _test("$gte", bound, 1) if flag == 1 else _test("$lte", bound, 0)


def _leaf(leaf: FactLeaf, rule: ActiveRule, want: str) -> Expr:
    """T or P of one leaf; yes/no answers and choices compare 1/0 flags (one flag per choice)."""
    value = rule.threshold(leaf)
    if leaf.op == "is":
        return _flag(leaf.fact, int(bool(value)), want)
    if leaf.op in ("contains", "lacks"):
        return _flag(leaf.key(), int(leaf.op == "contains"), want)
    if isinstance(value, tuple):  # choice in / not_in
        flag = 1 if leaf.op == "in" else 0
        parts = [_flag(f"{leaf.fact}__{item}", flag, want) for item in value]
        return or_(parts) if leaf.op == "in" else and_(parts)
    if isinstance(value, str):  # choice == / !=
        return _flag(f"{leaf.fact}__{value}", int(leaf.op == "=="), want)
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
        return and_([tree(cond, rule, "P"), tree(cond, rule, "N")])
    if want in ("F", "N"):
        return _negate(tree(cond, rule, "P" if want == "F" else "T"))
    if isinstance(cond, FactLeaf):
        return _leaf(cond, rule, want)
    assert isinstance(cond, Node), "derived leaves are compiled as joins, not tests"
    if cond.kind == "not":
        return tree(cond.items[0], rule, "N" if want == "P" else "F")
    parts = [tree(item, rule, want) for item in cond.items]
    return and_(parts) if cond.kind == "all" else or_(parts)


EXPRESSION_BUDGET = 24  # durable allows 31 expression slots per pattern (ERR_EXPRESSION_LIMIT_EXCEEDED)


def size(expr: Expr) -> int:
    """Expression slots durable uses for a test: one per comparison, two per $and/$or."""
    for op in ("$and", "$or"):
        if op in expr:
            return 2 + sum(size(part) for part in expr[op])
    return 1


class ConditionTooLarge(ValueError):
    """A condition cannot be matched by durable within its limits."""


def split_to_fit(expr: Expr, limit: int = 48) -> list[Expr]:
    """Split a test into at most `limit` alternatives that each fit durable's expression limit."""
    pieces = list(islice(_split(expr), limit + 1))
    if len(pieces) > limit:
        raise ConditionTooLarge(f"its condition needs more than {limit} separate patterns")
    return pieces


def _split(expr: Expr) -> Iterator[Expr]:
    """Alternatives of a test, distributing its first $or, until each fits (lazily: pieces on demand)."""
    if size(expr) <= EXPRESSION_BUDGET:
        yield expr
        return
    if "$or" in expr:
        for branch in expr["$or"]:
            yield from _split(branch)
        return
    parts = expr.get("$and", [expr])
    index = next((i for i, part in enumerate(parts) if "$or" in part or "$and" in part), None)
    if index is None:
        raise ConditionTooLarge(f"one pattern of its condition needs {size(expr)} tests (durable allows 31)")
    inner = _split(parts[index]) if "$and" in parts[index] else iter(parts[index]["$or"])
    for branch in inner:
        yield from _split(and_([*parts[:index], branch, *parts[index + 1:]]))

