"""Assesses councils' answers: each one's facts and law in force, evaluated by the engine, become an Assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel

from advisor.assessment.choices import with_provisos
from advisor.assessment.context import Context
from advisor.assessment.records import Assessment
from advisor.engine.collector import collector_paused
from advisor.engine.evaluation import EngineName, evaluate_by_law, prepare
from advisor.law.rules import Rulebook


def assess(answers: BaseModel, book: Rulebook, as_at: dt.date | None = None,
           engine: EngineName = "durable", proposal: bool = False) -> Assessment:
    """Assess every ADM and form for these answers under the law in force on `as_at` (with proposal checks if asked)."""
    return assess_many([(answers, as_at)], book, engine, proposal)[0]


def assess_many(cases: Sequence[tuple[BaseModel, dt.date | None]], book: Rulebook, engine: EngineName = "durable",
                proposal: bool = False) -> list[Assessment]:
    """Assess many councils' answers, each as at its date; those under one law are evaluated together."""
    with collector_paused():
        prepared = [prepare(answers, as_at, book, proposal) for answers, as_at in cases]
        fired = evaluate_by_law(prepared, engine)
        return [Assessment(as_at, with_provisos(Context(book, answers, facts, law, firings)))
                for (answers, as_at, facts, law), firings in zip(prepared, fired, strict=True)]
