"""The condition language of the rules: all/any/not trees over fact and derived-fact leaves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from advisor.base.errors import RulebookError

Status = Literal["true", "false", "unknown"]
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
SET_OPS = ("in", "not_in")
MEMBER_OPS = ("contains", "lacks")
OPERATORS = (*COMPARISONS, *SET_OPS, *MEMBER_OPS, "is")
LeafValue = bool | int | float | str | dt.date | tuple[str, ...]


@dataclass(frozen=True)
class FactLeaf:
    """A test of one answer: `fact op value` or `fact op param`."""

    fact: str
    op: str
    value: LeafValue | None = None
    param: str | None = None

    def key(self) -> str:
        """The flat fact key the leaf reads (a choice key for contains/lacks)."""
        if self.op in MEMBER_OPS:
            return f"{self.fact}__{self.value}"
        return self.fact


@dataclass(frozen=True)
class DerivedLeaf:
    """A test of a fact derived per delivery model."""

    name: str
    value: bool


@dataclass(frozen=True)
class Node:
    """An `all`, `any` or `not` combination of conditions."""

    kind: Literal["all", "any", "not"]
    items: tuple[Condition, ...]


Condition = FactLeaf | DerivedLeaf | Node


def parse_condition(raw: object, where: str) -> Condition:
    """Parse a YAML condition tree; errors name the rule (`where`)."""
    if not isinstance(raw, dict) or not raw:
        raise RulebookError(f"{where}: a condition must be a mapping, got {raw!r}")
    if "derived" in raw:
        return _parse_derived(raw, where)
    if "fact" in raw:
        return _parse_fact(raw, where)
    if len(raw) != 1 or next(iter(raw)) not in ("all", "any", "not"):
        raise RulebookError(f"{where}: expected one of all/any/not/fact/derived, got {sorted(raw)}")
    kind, body = next(iter(raw.items()))
    if kind == "not":
        return Node("not", (parse_condition(body, where),))
    if not isinstance(body, list):
        raise RulebookError(f"{where}: `{kind}` needs a list (an empty `any` never holds, an empty `all` always)")
    return Node(kind, tuple(parse_condition(item, where) for item in body))


def _parse_derived(raw: dict[str, object], where: str) -> DerivedLeaf:
    if set(raw) != {"derived", "is"} or not isinstance(raw["is"], bool):
        raise RulebookError(f"{where}: a derived leaf is {{derived: NAME, is: true|false}}, got {raw}")
    return DerivedLeaf(str(raw["derived"]), raw["is"])


def _parse_fact(raw: dict[str, object], where: str) -> FactLeaf:
    fact = str(raw["fact"])
    if "is" in raw:
        if set(raw) != {"fact", "is"} or not isinstance(raw["is"], bool):
            raise RulebookError(f"{where}: {{fact: {fact}, is: ...}} takes true or false only")
        return FactLeaf(fact, "is", raw["is"])
    if set(raw) - {"fact", "op", "value", "param"} or "op" not in raw:
        raise RulebookError(f"{where}: leaf on {fact} needs `op` and `value` or `param`, got {sorted(raw)}")
    if ("value" in raw) == ("param" in raw):
        raise RulebookError(f"{where}: leaf on {fact} needs exactly one of `value` and `param`")
    op = str(raw["op"])
    if op not in OPERATORS:
        raise RulebookError(f"{where}: unknown operator {op!r} (allowed: {', '.join(OPERATORS)})")
    if "param" in raw:
        return FactLeaf(fact, op, param=str(raw["param"]))
    value = raw["value"]
    if isinstance(value, list):
        value = tuple(str(item) for item in value)
    return FactLeaf(fact, op, value)  # type: ignore[arg-type]


def leaves(condition: Condition | None) -> list[FactLeaf | DerivedLeaf]:
    """Every leaf of a condition, in order."""
    if condition is None:
        return []
    if isinstance(condition, Node):
        return [leaf for item in condition.items for leaf in leaves(item)]
    return [condition]


def split_top_level(condition: Condition | None) -> tuple[Condition | None, tuple[DerivedLeaf, ...]]:
    """Split a condition into its answers part and its top-level derived leaves."""
    if condition is None:
        return None, ()
    if isinstance(condition, DerivedLeaf):
        return None, (condition,)
    if isinstance(condition, Node) and condition.kind == "all":
        derived = tuple(item for item in condition.items if isinstance(item, DerivedLeaf))
        rest = tuple(item for item in condition.items if not isinstance(item, DerivedLeaf))
        if not rest:
            return None, derived
        return (rest[0] if len(rest) == 1 else Node("all", rest)), derived
    return condition, ()
