"""The HR and legal timetable of a route through the public API, exactly as `advisor plan` gives it: the appraisal's
answers file (and, for the proposal's route, the kept proposal beside it) in a private folder, planned there for a
model and form, or for the proposal, as text, JSON, CSV or iCalendar bytes."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import advisor
from advisor.web.answers import answers_file, refusal
from advisor.web.dates import in_words
from advisor.web.proposals import PROPOSAL_FILE, file_text

PLAN_MEDIA = {"ics": "text/calendar; charset=utf-8", "csv": "text/csv; charset=utf-8",
              "json": "application/json; charset=utf-8"}


@dataclass(frozen=True)
class Route:
    """The route planned: a model and form, or the kept proposal's text (its model, form, dates and answers)."""

    adm: str | None = None
    form: str | None = None
    proposal: str | None = None


class BadRoute(advisor.AnswersError):
    """A route refused: the query field named (`adm` or `form`) and what is allowed."""


def route_problem(adm: str | None, form: str | None) -> BadRoute | None:
    """Why the model and form named cannot be planned (`advisor plan`'s own check, naming the query field and what is
    allowed), or None."""
    problem = advisor.route_problem(advisor.load_book().catalogue, adm, form)
    return None if problem is None else BadRoute(f"{problem[0]}: {problem[1]}", field=problem[0])


def plan_bytes(answers: str, route: Route, as_at: dt.date | None, today: dt.date | None, fmt: str,
               suffix: str = ".yaml") -> bytes:
    """`advisor plan answers.yaml (--adm A --form F | --proposal proposal.yaml) [--as-at] [--today] --format FMT` as
    it writes the plan to a file (its refusal with the CLI's message, the private folder left out)."""
    with answers_file(answers, suffix) as path:
        proposal = None
        if route.proposal is not None:
            proposal = path.with_name(PROPOSAL_FILE)
            proposal.write_text(file_text(route.proposal, path.name), encoding="utf-8")
        chosen = (None, None) if proposal else (route.adm, route.form)
        try:
            return bytes(advisor.plan_output(str(path), None, str(proposal) if proposal else None, chosen, as_at,
                                             today, fmt))
        except advisor.AdvisorError as error:
            raise refusal(error, path) from None


def plan_record(answers: str, route: Route, as_at: dt.date | None, today: dt.date | None,
                suffix: str = ".yaml") -> dict[str, Any]:
    """The plan as `advisor plan --format json` prints it (the contract PlanOutput)."""
    record: dict[str, Any] = json.loads(plan_bytes(answers, route, as_at, today, "json", suffix))
    return record


def timetable_link(appraisal_id: int, adm: str, form: str, as_at: dt.date | None) -> str:
    """The address of the timetable page of a model and form, the law's date kept (in words)."""
    pairs = {"adm": adm, "form": form, **({"as_at": in_words(as_at)} if as_at else {})}
    return f"/appraisals/{appraisal_id}/timetable?{urlencode(pairs)}"
