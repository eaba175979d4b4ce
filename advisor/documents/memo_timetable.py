"""The memo's Timetable section: the HR and legal timetable of the memo's route, from the same record as `advisor
plan` (plan_report's plan_record and planned, over the Timetable of `advisor.assessment.timetable`).

The route is the proposal's when the memo is given one (timed as `advisor plan ANSWERS --proposal FILE` times it),
else the first option the Recommendation lists (best first). A memo is a document as at its as-at date, so lateness
is judged on that date, never on the day the memo is written or read: the same answers and date give the same memo.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from advisor.assessment.records import Assessment
from advisor.assessment.timetable import TimetableStep, build_timetable
from advisor.documents.gantt import FLAGGED, gantt_data
from advisor.documents.plan_report import period_words, plan_record, planned
from advisor.law.proposal import Proposal
from advisor.law.proposal_map import proposal_answers
from advisor.law.rules import Rulebook
from advisor.law.shipped import proposal_map

JUDGED_ON = "Lateness judged on (law as at)"


def recommended_timetable(assessment: Assessment, book: Rulebook, record: dict[str, Any]) -> dict[str, Any]:
    """The section for the first option the Recommendation lists (none open: the section says so)."""
    ranked = record["by_verdict"]["viable"] + record["by_verdict"]["viable_with_conditions"]
    if not ranked:
        return {"chosen": "none", "plan": None, "judged_on": assessment.as_at.isoformat()}
    first = ranked[0]
    timetable = build_timetable(assessment, first["id"], first["form"])  # lateness judged on the law's date
    return timetable_section(plan_record(timetable, assessment.context.answers, book), "recommended")


def proposal_timetable(proposal: Proposal, answers: BaseModel, as_at: dt.date, source: str) -> dict[str, Any]:
    """The section for a proposal's route: its answers and dates over the memo's, the law as at `as_at` (lateness
    judged on that date, as everywhere else)."""
    given = dict(answers.model_dump(exclude_none=True), **proposal_answers(proposal, proposal_map()))
    plan = planned(given, f"the proposal {source} with the memo's answers", True, (proposal.adm, proposal.form),
                   as_at, None)
    return timetable_section(plan, "proposal")


def timetable_section(plan: dict[str, Any], chosen: str) -> dict[str, Any]:
    """What the section shows: the dated steps (numbered, with their period in words), the steps that may apply,
    the undated ones, the periods from practice or uncertain, and the picture's layout (none without a dated step)."""
    steps = [_numbered(step, number) for number, step in enumerate(plan["steps"], start=1)]
    dated = [step for step in steps if step["date"]]
    title = f"{plan['adm_name']}, as {plan['form_name']}"
    return {"chosen": chosen, "plan": plan, "judged_on": plan["today"], "dated": dated,
            "may_apply": [step for step in steps if step["status"] == "may_apply"],
            "undated": [step for step in steps if not step["date"]],
            "flagged": [step for step in steps if step["confidence"] in FLAGGED],
            "gantt": gantt_data(dated, marks(dated, plan["today"]), title) if dated else None}


def _numbered(step: dict[str, Any], number: int) -> dict[str, Any]:
    return dict(step, number=number, when=period_words(TimetableStep.model_validate(step)),
                flag=FLAGGED.get(step["confidence"]))


def marks(dated: list[dict[str, Any]], judged_on: str) -> list[dict[str, Any]]:
    """The dates drawn as vertical lines: each anchor and each date a step must precede, once, in date order; then
    the date lateness is judged on (dashed apart)."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for step in dated:
        for label, day in ((step["anchor_label"], step["anchor_date"]), (step["precedes_label"], step["precedes_date"])):
            if label and day:
                seen.setdefault((day, label), {"label": label, "date": day})
    ordered = [seen[key] for key in sorted(seen)]
    return [*ordered, {"label": JUDGED_ON, "date": judged_on, "dash": "2 3"}]
