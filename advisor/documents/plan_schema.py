"""The JSON contract of `advisor plan --format json` as an exact pydantic model (`advisor schema plan` prints its
JSON Schema): the route's timetable (advisor.assessment.timetable) with the council, the rule base's digest and the
disclaimer. It describes the JSON the plan gives; it builds nothing."""

from __future__ import annotations

from pydantic import ConfigDict

from advisor.assessment.contract_schema import RuleBase
from advisor.assessment.timetable import Timetable


class PlanOutput(Timetable):
    """`advisor plan --format json`: every timed duty and condition of the chosen route (model and form), dated
    from the council's answers on the law of `as_at`, late ones flagged against `today`; undated steps last, each
    with the question that would date it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    council_name: str | None
    advisor_version: str
    rule_base: RuleBase
    disclaimer: str
