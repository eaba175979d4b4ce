"""A mutation of the rule base and what it needs: the mutant, the baseline run of a case it is tried on, the rule
base with a rule or parameter replaced, and which rules use a parameter."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from advisor.law.answers import FactValue
from advisor.law.conditions import DerivedLeaf, FactLeaf, leaves
from advisor.law.in_force import Law, basis_dates
from advisor.law.rules import Parameter, Rule, Rulebook, TopicFile

Kind = Literal["threshold", "operator", "date", "timing"]
DAY = dt.timedelta(days=1)
Users = tuple[list[tuple[Rule, FactLeaf]], list[Rule]]  # the rules comparing with a parameter, those stating or timing by it


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


def mutated_book(book: Rulebook, tag: str, files: Mapping[str, TopicFile] = {},
                 rules: Mapping[str, Rule] = {}) -> Rulebook:
    """The rule base with some topic files and rules replaced (its digest marked, so no cached law is reused)."""
    return Rulebook(book.catalogue, book.vocabulary, book.derived, {**book.files, **files},
                    {**book.rules, **rules}, f"{book.digest}~{tag}", book.derived_labels, parties=book.parties)


def with_rule(book: Rulebook, rule: Rule, tag: str) -> Rulebook:
    """The rule base with one rule replaced, in its file too."""
    topic = book.files[rule.file]
    swapped = tuple(rule if r.id == rule.id else r for r in topic.rules)
    return mutated_book(book, tag, {rule.file: topic.model_copy(update={"rules": swapped})}, {rule.id: rule})


def known(base: Baseline, leaf: FactLeaf | DerivedLeaf) -> bool:
    """False when the leaf reads an unanswered fact: it is unknown whatever its operator or threshold."""
    return isinstance(leaf, DerivedLeaf) or base.facts.get(leaf.key()) is not None


def readers(topic: TopicFile, name: str) -> list[tuple[Rule, FactLeaf]]:
    """The rules of a topic that compare an answer with this parameter, and the leaves that do."""
    return [(rule, leaf) for rule in topic.rules for leaf in leaves(rule.condition)
            if isinstance(leaf, FactLeaf) and leaf.param == name]


def tellers(topic: TopicFile, name: str) -> list[Rule]:
    """The rules of a topic whose explanation, remedy or action states this parameter's value, or whose timed step
    is counted by it (the timetable shows the period and the date it gives)."""
    used = re.compile(rf"params\.{re.escape(name)}\b")
    return [rule for rule in topic.rules if any(used.search(t or "") for t in (rule.explanation, rule.remedy, rule.action))
            or (rule.timing is not None and rule.timing.period.param == name)]


def users_of(topic: TopicFile, name: str) -> Users:
    return readers(topic, name), tellers(topic, name)


def unused(users: Users) -> str | None:
    return None if users[0] or users[1] else "no rule compares with this parameter, states it or times a step by it"


def entry_on(param: Parameter, day: dt.date) -> int | None:
    """The index (in file order) of the parameter value in force on `day`."""
    started = [(v.start, i) for i, v in enumerate(param.values) if v.start <= day]
    return max(started)[1] if started else None


def with_param(book: Rulebook, topic: TopicFile, name: str, param: Parameter, tag: str) -> Rulebook:
    """The rule base with one parameter replaced."""
    return mutated_book(book, tag, {topic.rules[0].file: topic.model_copy(
        update={"parameters": {**topic.parameters, name: param}})})


def rule_ids(users: Users) -> tuple[str, ...]:
    return tuple(dict.fromkeys([rule.id for rule, _ in users[0]] + [rule.id for rule in users[1]]))


def uses_on(base: Baseline, users: Users, param: Parameter,
             on: Callable[[dt.date], bool]) -> bool:
    """True when a rule in force for the case compares a known answer with the parameter, or states it, on a day `on` picks."""
    compared = any(rule.id in base.law.by_id and known(base, leaf) and on(base.day(rule)) for rule, leaf in users[0])
    return compared or any(rule.id in base.law.by_id and on(base.day(rule)) for rule in users[1])
