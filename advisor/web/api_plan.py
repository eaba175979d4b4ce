"""The JSON API of the HR and legal timetable: a stored appraisal's plan for a route (`GET
/api/v1/appraisals/{id}/plan`) and a posted answers file's, nothing kept (`POST /api/v1/plan`), each exactly the
record `advisor plan --format json` prints (PlanOutput, as `advisor schema plan`). Bad input: 422 naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

import advisor
from advisor.web.api import AppraisalId, refused
from advisor.web.api_appraisal import AS_AT, Refused, day
from advisor.web.api_models import ERRORS, output, with_body
from advisor.web.pages import store
from advisor.web.plans import Route, plan_record, route_problem
from advisor.web.proposals import shelf

router = APIRouter(prefix="/api/v1", tags=["timetable"], responses=ERRORS)
PLANNED = output("plan", "the timetable, as `advisor plan --format json` gives it")
ADM = Query(None, max_length=100, description="the delivery model to plan, as `advisor plan --adm` (see `advisor adms`)")
FORM = Query(None, max_length=100, description="its legal form, as `advisor plan --form`")
TODAY = Query(None, max_length=40, description="judge lateness on this day, as `advisor plan --today` "
                                            "(default: the date of the law applied)")
PROPOSAL = Query(False, description="plan the route of the appraisal's kept proposal (its model, form, dates and "
                                    "answers over the appraisal's), as `advisor plan --proposal`, instead of adm and form")
ANSWERS_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/Answers"}},
    "application/yaml": {"schema": {"type": "string", "description": "an answers file in YAML"}}}}}


def _dates(as_at: str | None, today: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The law's date (None: the answers', else today) and the day lateness is judged on (None: the law's date)."""
    return day("as_at", as_at), day("today", today)


def _route(adm: str | None, form: str | None) -> Route:
    problem = route_problem(adm, form)
    if problem is not None:
        raise Refused(str(problem.field), advisor.AnswersError(problem.message))
    return Route(adm=adm, form=form)


@router.get("/appraisals/{appraisal_id}/plan", responses=PLANNED, response_model=None)
def appraisal_plan(request: Request, appraisal_id: AppraisalId, adm: str | None = ADM, form: str | None = FORM,
                   as_at: str | None = AS_AT, today: str | None = TODAY, proposal: bool = PROPOSAL) -> Any:
    """The route's timetable for the appraisal's answers: `advisor plan ANSWERS --adm A --form F --format json
    [--as-at DAY] [--today DAY]` (or `--proposal` the kept proposal)."""
    found = store(request).get(appraisal_id)
    try:
        route = Route(proposal=_kept(request, appraisal_id)) if proposal else _route(adm, form)
        return _planned(found.answers, route, *_dates(as_at, today), "answers")
    except Refused as error:
        return error.response


def _kept(request: Request, appraisal_id: int) -> str:
    kept = shelf(request).get(appraisal_id)
    if not kept.text:
        raise advisor.NoSuchAppraisal(f"appraisal {appraisal_id} has no proposal")
    return kept.text


def _planned(text: str, route: Route, as_at: dt.date | None, today: dt.date | None, place: str | None,
             suffix: str = ".yaml") -> dict[str, Any] | JSONResponse:
    """The plan's record, or 422 naming the answer the CLI refused (under `body`, then `place` if any)."""
    try:
        return plan_record(text, route, as_at, today, suffix)
    except advisor.AdvisorError as error:
        return refused(error, "body", *([place] if place else []))


@router.post("/plan", openapi_extra=ANSWERS_BODY, response_model=None, responses=with_body(PLANNED))
async def posted_plan(request: Request, adm: str | None = ADM, form: str | None = FORM, as_at: str | None = AS_AT,
                      today: str | None = TODAY) -> Any:
    """The route's timetable for the answers posted (JSON or YAML, as an answers file), nothing kept: `advisor plan
    ANSWERS --adm A --form F --format json [--as-at DAY] [--today DAY]`."""
    body = await request.body()
    suffix = ".json" if request.headers.get("content-type", "").startswith("application/json") else ".yaml"
    try:
        route, dates = _route(adm, form), _dates(as_at, today)
        text = body.decode("utf-8")
    except Refused as error:
        return error.response
    except UnicodeDecodeError:
        return refused(advisor.AnswersError("answers.yaml: is not UTF-8 text"), "body")
    return _planned(text, route, *dates, None, suffix)
