"""Date mutants: each rule's in-force start and end, and each parameter value's start, moved a day either way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

from advisor.law.rules import InForce, Parameter, Rule, Rulebook, TopicFile
from advisor.quality.mutant import (
    DAY,
    Baseline,
    Mutant,
    Users,
    entry_on,
    number,
    rule_ids,
    unused,
    users_of,
    uses_on,
    with_param,
    with_rule,
)


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
    users = users_of(topic, name)

    def apply(book: Rulebook) -> Rulebook:
        values = tuple(v.model_copy(update={"start": new}) if i == index else v for i, v in enumerate(param.values))
        return with_param(book, topic, name, param.model_copy(update={"values": values}), ident)

    def touches(base: Baseline) -> bool:
        return uses_on(base, users, param, lambda day: day == changed_day)

    why = unused(users) or _same_either_side(param, index, shift, users)
    return Mutant(ident, "date", rule_ids(users), apply, touches, why)


def _same_either_side(param: Parameter, index: int, shift: int,
                      users: Users) -> str | None:
    """Why moving this value's start a day cannot matter, when it cannot."""
    entry = param.values[index]
    before = entry_on(param, entry.start - DAY)
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
