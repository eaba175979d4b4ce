"""Threshold mutants: each parameter value nudged by one in its unit, either way."""

from __future__ import annotations

from collections.abc import Iterator

from advisor.law.rules import Rulebook, TopicFile
from advisor.quality.mutant import Baseline, Mutant, entry_on, number, rule_ids, unused, users_of, uses_on, with_param


def _threshold_mutant(topic: TopicFile, name: str, index: int, delta: int) -> Mutant:
    param = topic.parameters[name]
    entry = param.values[index]
    ident = f"{topic.topic}.{name} from {entry.start}: {number(entry.value)} -> {number(entry.value + delta)}"
    users = users_of(topic, name)

    def apply(book: Rulebook) -> Rulebook:
        values = tuple(v.model_copy(update={"value": v.value + delta}) if i == index else v
                       for i, v in enumerate(param.values))
        return with_param(book, topic, name, param.model_copy(update={"values": values}), ident)

    def touches(base: Baseline) -> bool:
        return uses_on(base, users, param, lambda day: entry_on(param, day) == index)

    return Mutant(ident, "threshold", rule_ids(users), apply, touches, unused(users))


def threshold_mutants(book: Rulebook) -> Iterator[Mutant]:
    """Two mutants per parameter value: one more and one less (in the parameter's unit)."""
    for topic in book.files.values():
        for name, param in topic.parameters.items():
            for index in range(len(param.values)):
                for delta in (1, -1):
                    yield _threshold_mutant(topic, name, index, delta)
