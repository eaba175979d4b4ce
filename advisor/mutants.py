"""The mutations tried on the rule base: each threshold nudged, each comparison flipped, each in-force date moved a day."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from advisor.answers import FactValue
from advisor.conditions import Condition, DerivedLeaf, FactLeaf, Node, leaves
from advisor.law import Law, basis_dates
from advisor.rulebook import InForce, Parameter, Rule, Rulebook, TopicFile

Kind = Literal["threshold", "operator", "date"]
FLIPS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==",
         "in": "not_in", "not_in": "in", "contains": "lacks", "lacks": "contains"}
DAY = dt.timedelta(days=1)


def number(value: float) -> str:
    """A parameter value as the rule file writes it (no exponent, no trailing .0)."""
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class Baseline:
    """What an unmutated run of one case shows: its facts, the law applied, and whether it checks a proposal."""

    facts: Mapping[str, FactValue]
    law: Law
    as_at: dt.date
    proposal: bool

    def day(self, rule: Rule) -> dt.date:
        """The date the rule's version of the law is chosen by for this case."""
        return basis_dates(self.as_at, self.facts)[rule.date_basis]


@dataclass(frozen=True)
class Mutant:
    """One small change to the rule base, the cases it could affect, and (if recognised) why it changes nothing."""

    id: str
    kind: Kind
    rules: tuple[str, ...]
    apply: Callable[[Rulebook], Rulebook]
    touches: Callable[[Baseline], bool]
    equivalent: str | None = None


def all_mutants(book: Rulebook, dates_from: dt.date) -> list[Mutant]:
    """Every mutation: thresholds, then operators, then in-force dates on or after `dates_from`."""
    return [*threshold_mutants(book), *operator_mutants(book), *date_mutants(book, dates_from)]


def mutated_book(book: Rulebook, tag: str, files: Mapping[str, TopicFile] = {},
                 rules: Mapping[str, Rule] = {}) -> Rulebook:
    """The rule base with some topic files and rules replaced (its digest marked, so no cached law is reused)."""
    return Rulebook(book.catalogue, book.vocabulary, book.derived, {**book.files, **files},
                    {**book.rules, **rules}, f"{book.digest}~{tag}")


def with_rule(book: Rulebook, rule: Rule, tag: str) -> Rulebook:
    """The rule base with one rule replaced, in its file too."""
    topic = book.files[rule.file]
    swapped = tuple(rule if r.id == rule.id else r for r in topic.rules)
    return mutated_book(book, tag, {rule.file: topic.model_copy(update={"rules": swapped})}, {rule.id: rule})


def _known(base: Baseline, leaf: FactLeaf | DerivedLeaf) -> bool:
    """False when the leaf reads an unanswered fact: it is unknown whatever its operator or threshold."""
    return isinstance(leaf, DerivedLeaf) or base.facts.get(leaf.key()) is not None


# -- operators ------------------------------------------------------------------------------------------------------

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
        return rule.id in base.law.by_id and _known(base, leaf)

    return Mutant(ident, "operator", (rule.id,), apply, touches)


def operator_mutants(book: Rulebook) -> Iterator[Mutant]:
    """One mutant per condition leaf: its comparison flipped."""
    for rule in book.rules.values():
        for index, leaf in enumerate(leaves(rule.condition)):
            yield _operator_mutant(rule, index, leaf)


# -- thresholds -----------------------------------------------------------------------------------------------------

def readers(topic: TopicFile, name: str) -> list[tuple[Rule, FactLeaf]]:
    """The rules of a topic that compare an answer with this parameter, and the leaves that do."""
    return [(rule, leaf) for rule in topic.rules for leaf in leaves(rule.condition)
            if isinstance(leaf, FactLeaf) and leaf.param == name]


def tellers(topic: TopicFile, name: str) -> list[Rule]:
    """The rules of a topic whose explanation, remedy or action states this parameter's value."""
    used = re.compile(rf"params\.{re.escape(name)}\b")
    return [rule for rule in topic.rules if any(used.search(t or "") for t in (rule.explanation, rule.remedy, rule.action))]


def _users(topic: TopicFile, name: str) -> tuple[list[tuple[Rule, FactLeaf]], list[Rule]]:
    return readers(topic, name), tellers(topic, name)


def _unused(users: tuple[list[tuple[Rule, FactLeaf]], list[Rule]]) -> str | None:
    return None if users[0] or users[1] else "no rule compares with this parameter or states it"


def _entry_on(param: Parameter, day: dt.date) -> int | None:
    """The index (in file order) of the parameter value in force on `day`."""
    started = [(v.start, i) for i, v in enumerate(param.values) if v.start <= day]
    return max(started)[1] if started else None


def with_param(book: Rulebook, topic: TopicFile, name: str, param: Parameter, tag: str) -> Rulebook:
    """The rule base with one parameter replaced."""
    return mutated_book(book, tag, {topic.rules[0].file: topic.model_copy(
        update={"parameters": {**topic.parameters, name: param}})})


def _threshold_mutant(topic: TopicFile, name: str, index: int, delta: int) -> Mutant:
    param = topic.parameters[name]
    entry = param.values[index]
    ident = f"{topic.topic}.{name} from {entry.start}: {number(entry.value)} -> {number(entry.value + delta)}"
    users = _users(topic, name)

    def apply(book: Rulebook) -> Rulebook:
        values = tuple(v.model_copy(update={"value": v.value + delta}) if i == index else v
                       for i, v in enumerate(param.values))
        return with_param(book, topic, name, param.model_copy(update={"values": values}), ident)

    def touches(base: Baseline) -> bool:
        return _uses_on(base, users, param, lambda day: _entry_on(param, day) == index)

    return Mutant(ident, "threshold", _rule_ids(users), apply, touches, _unused(users))


def _rule_ids(users: tuple[list[tuple[Rule, FactLeaf]], list[Rule]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([rule.id for rule, _ in users[0]] + [rule.id for rule in users[1]]))


def _uses_on(base: Baseline, users: tuple[list[tuple[Rule, FactLeaf]], list[Rule]], param: Parameter,
             on: Callable[[dt.date], bool]) -> bool:
    """True when a rule in force for the case compares a known answer with the parameter, or states it, on a day `on` picks."""
    compared = any(rule.id in base.law.by_id and _known(base, leaf) and on(base.day(rule)) for rule, leaf in users[0])
    return compared or any(rule.id in base.law.by_id and on(base.day(rule)) for rule in users[1])


def threshold_mutants(book: Rulebook) -> Iterator[Mutant]:
    """Two mutants per parameter value: one more and one less (in the parameter's unit)."""
    for topic in book.files.values():
        for name, param in topic.parameters.items():
            for index in range(len(param.values)):
                for delta in (1, -1):
                    yield _threshold_mutant(topic, name, index, delta)


# -- in-force dates -------------------------------------------------------------------------------------------------

def _window_mutant(rule: Rule, end: Literal["from", "to"], shift: int) -> Mutant:
    old = rule.in_force.start if end == "from" else rule.in_force.to
    assert old is not None
    new = old + shift * DAY
    ident = f"{rule.id} in force {end} {old} -> {new}"
    changed_day = (old if shift > 0 else new) if end == "from" else (new if shift > 0 else old)

    def apply(book: Rulebook) -> Rulebook:
        window = {"from": rule.in_force.start, "to": rule.in_force.to, end: new}
        return with_rule(book, rule.model_copy(update={"in_force": InForce.model_construct(
            start=window["from"], to=window["to"])}), ident)

    def touches(base: Baseline) -> bool:
        return base.day(rule) == changed_day and (rule.scope != "proposal" or base.proposal)

    return Mutant(ident, "date", (rule.id,), apply, touches)


def _value_date_mutant(topic: TopicFile, name: str, index: int, shift: int) -> Mutant:
    param = topic.parameters[name]
    entry = param.values[index]
    new = entry.start + shift * DAY
    ident = f"{topic.topic}.{name} value {number(entry.value)} from {entry.start} -> {new}"
    changed_day = entry.start if shift > 0 else new
    users = _users(topic, name)

    def apply(book: Rulebook) -> Rulebook:
        values = tuple(v.model_copy(update={"start": new}) if i == index else v for i, v in enumerate(param.values))
        return with_param(book, topic, name, param.model_copy(update={"values": values}), ident)

    def touches(base: Baseline) -> bool:
        return _uses_on(base, users, param, lambda day: day == changed_day)

    why = _unused(users) or _same_either_side(param, index, shift, users)
    return Mutant(ident, "date", _rule_ids(users), apply, touches, why)


def _same_either_side(param: Parameter, index: int, shift: int,
                      users: tuple[list[tuple[Rule, FactLeaf]], list[Rule]]) -> str | None:
    """Why moving this value's start a day cannot matter, when it cannot."""
    entry = param.values[index]
    before = _entry_on(param, entry.start - DAY)
    if before is not None and param.values[before].value == entry.value:
        return "the parameter has the same value on both sides of the date"
    rules = [rule for rule, _ in users[0]] + users[1]
    if before is None and shift < 0 and not any(rule.in_force.covers(entry.start - DAY) for rule in rules):
        return "the parameter's first value, and no rule using it is in force the day before"
    return None


def date_mutants(book: Rulebook, dates_from: dt.date) -> Iterator[Mutant]:
    """Each rule window end and parameter value start on or after `dates_from`, moved a day either way."""
    for rule in book.rules.values():
        ends: list[tuple[Literal["from", "to"], dt.date]] = [("from", rule.in_force.start)]
        ends += [("to", rule.in_force.to + DAY)] if rule.in_force.to else []
        for end, first_day in ends:
            if first_day >= dates_from:
                yield from (_window_mutant(rule, end, shift) for shift in (1, -1))
    for topic in book.files.values():
        for name, param in topic.parameters.items():
            for index, entry in enumerate(param.values):
                if entry.start >= dates_from:
                    yield from (_value_date_mutant(topic, name, index, shift) for shift in (1, -1))


def boundaries_before(book: Rulebook, dates_from: dt.date) -> int:
    """How many rule window ends and parameter value starts fall before `dates_from` (not moved)."""
    ends = [r.in_force.start for r in book.rules.values()]
    ends += [r.in_force.to + DAY for r in book.rules.values() if r.in_force.to]
    ends += [v.start for t in book.files.values() for p in t.parameters.values() for v in p.values]
    return sum(day < dates_from for day in ends)
