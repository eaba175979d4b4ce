"""Evaluates assessments' facts: a compiled evaluator per law version, and batches grouped by law."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Literal, Protocol

from pydantic import BaseModel

from advisor.engine.durable import DurableEngine
from advisor.engine.reference import ReferenceEvaluator
from advisor.law.active import Firing
from advisor.law.answers import FactValue, flatten
from advisor.law.in_force import Law, basis_dates, law_in_force
from advisor.law.rules import Rulebook

EngineName = Literal["durable", "reference"]


class Evaluator(Protocol):
    """What an engine offers: firings for flat facts, and release of its resources."""

    def evaluate(self, facts: Mapping[str, FactValue]) -> AbstractSet[Firing]: ...

    def evaluate_many(self, cases: Sequence[Mapping[str, FactValue]]) -> list[AbstractSet[Firing]]: ...

    def close(self) -> None: ...


_ENGINES: OrderedDict[tuple[str, int], Evaluator] = OrderedDict()
_ENGINE_CACHE_SIZE = 64  # law versions in the rule base are far fewer


def evaluator_for(law: Law, engine: EngineName = "durable") -> Evaluator:
    """A compiled evaluator for this law, reused while it stays among the recent ones (threads asking for one not
    yet compiled wait for the first to compile it, rather than each compiling it)."""
    key = (engine, law.key)
    with _BUILDING:
        if key in _ENGINES:
            _ENGINES.move_to_end(key)
            return _ENGINES[key]
        made: Evaluator = DurableEngine(law) if engine == "durable" else ReferenceEvaluator(law)
        _ENGINES[key] = made
        while len(_ENGINES) > _ENGINE_CACHE_SIZE:
            _ENGINES.popitem(last=False)[1].close()
        return made


_BUILDING = threading.RLock()


_Prepared = tuple[BaseModel, dt.date, Mapping[str, FactValue], Law]


def prepare(answers: BaseModel, as_at: dt.date | None, book: Rulebook, proposal: bool) -> _Prepared:
    """The date, the flat facts and the law in force for one council's answers."""
    day = as_at or getattr(answers, "as_at", None) or dt.date.today()
    facts = flatten(answers, book.vocabulary)
    return answers, day, facts, law_in_force(book, basis_dates(day, facts), proposal)


def evaluate_by_law(prepared: Sequence[_Prepared], engine: EngineName) -> list[AbstractSet[Firing]]:
    """Each case's firings, the cases under one law evaluated in one call."""
    by_law: dict[int, list[int]] = {}
    for index, (_, _, _, law) in enumerate(prepared):
        by_law.setdefault(law.key, []).append(index)
    fired: list[AbstractSet[Firing]] = [frozenset()] * len(prepared)
    for indices in by_law.values():
        law = prepared[indices[0]][3]
        for index, firings in zip(indices, evaluator_for(law, engine).evaluate_many(
                [prepared[i][2] for i in indices]), strict=True):
            fired[index] = firings
    return fired
