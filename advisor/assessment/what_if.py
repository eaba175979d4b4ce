"""A what-if assessment: answers that differ a little from an assessment's, as the question planner tries them.

The firings are worked out from the known assessment's (`advisor.engine.incremental`: only the rules reading what
differs, or put in force in another form by a changed date answer, are evaluated again); under another as-at date the
answers are assessed afresh. Either way the result is the assessment `assess` gives for those answers.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from advisor.assessment.assess import assess
from advisor.assessment.choice_memory import Unchanged
from advisor.assessment.choices import with_provisos
from advisor.assessment.context import Context
from advisor.assessment.records import Assessment
from advisor.assessment.verdicts import replaced_bits
from advisor.engine.collector import collector_paused
from advisor.engine.evaluation import prepare
from advisor.engine.incremental import reevaluated


def assess_what_if(base: Assessment, answers: BaseModel, as_at: dt.date | None = None) -> Assessment:
    """The assessment of `answers` on `as_at` (as `assess` makes it), worked out from `base`'s where it can be."""
    book = base.context.book
    with collector_paused():
        _, day, facts, law = prepare(answers, as_at, book, False)
        if day != base.as_at:
            return assess(answers, book, as_at)
        found = reevaluated(law, base.context.fired_index, base.context.facts, facts, base.context.law)
        bits = replaced_bits(law, base.context.verdict_bits, found.dropped, found.added) \
            if law.key == base.context.law.key else None
        context = Context(book, answers, facts, law, found.fired, known_bits=bits)
        return Assessment(day, with_provisos(context, Unchanged(base.context, context, found)))
