"""The timetable page of a route (a model and form, or the kept proposal's) and its downloads: every timed step as
`advisor plan` gives it for the appraisal's answers, the law as at a chosen date and lateness judged on a chosen day
(default, as `advisor plan` and `advisor check` judge it: the date of the law applied); the .ics, .csv and .json files
byte for byte as `advisor plan -o` writes them."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

import advisor
from advisor.web.appraisal_pages import as_at_field
from advisor.web.dates import DateField, date_field, in_words
from advisor.web.pages import store
from advisor.web.plans import PLAN_MEDIA, Route, plan_bytes, plan_record, route_problem
from advisor.web.proposals import shelf
from advisor.web.views import page

router = APIRouter()


def today_field(request: Request) -> DateField:
    """The day lateness is judged on (`?today=`), read as `--today` is; blank: the date of the law applied."""
    return date_field(request, "today", "Late judged on", "; blank for the date of the law applied")


def route_of(request: Request, appraisal_id: int) -> Route:
    """The route asked for: the kept proposal's (`?proposal=yes`; 404 when there is none) or `?adm=&form=`, refused
    naming the field and what is allowed."""
    if request.query_params.get("proposal") == "yes":
        kept = shelf(request).get(appraisal_id)
        if not kept.text:
            raise advisor.NoSuchAppraisal(f"appraisal {appraisal_id} has no proposal yet")
        return Route(proposal=kept.text)
    adm, form = request.query_params.get("adm"), request.query_params.get("form")
    problem = route_problem(adm, form)
    if problem is not None:
        raise problem
    return Route(adm=adm, form=form)


def route_query(route: Route, *fields: DateField) -> str:
    """The query that asks for the same route and the dates chosen (in words, as their fields show them)."""
    pairs = {"proposal": "yes"} if route.proposal is not None else {"adm": str(route.adm), "form": str(route.form)}
    pairs.update((f.name, in_words(f.day)) for f in fields if f.day is not None)
    return urlencode(pairs)


@router.get("/appraisals/{appraisal_id}/timetable", response_class=HTMLResponse)
def timetable(request: Request, appraisal_id: int) -> HTMLResponse:
    """The route's timed steps in date order, late ones flagged, undated ones with the question that would date them."""
    found, route = store(request).get(appraisal_id), route_of(request, appraisal_id)
    when, judged = as_at_field(request), today_field(request)
    context: dict[str, Any] = {"appraisal": found, "when": when, "judged": judged, "plan": None, "route": route,
                               "query": route_query(route, when, judged), "formats": list(PLAN_MEDIA),
                               "date_forms": advisor.DATE_FORMS,
                               "hidden": dict(_hidden(route))}
    if not (when.error or judged.error):
        plan = plan_record(found.answers, route, when.day, judged.day)
        context.update(plan=plan, law_day=dt.date.fromisoformat(plan["as_at"]), dated=[s for s in plan["steps"] if s["date"]],
                       undated=[s for s in plan["steps"] if not s["date"]])
    return page(request, "timetable.html.j2", context, 422 if when.error or judged.error else 200)


def _hidden(route: Route) -> list[tuple[str, str]]:
    """The route as the date form's hidden fields, so that choosing a date keeps it."""
    if route.proposal is not None:
        return [("proposal", "yes")]
    return [("adm", str(route.adm)), ("form", str(route.form))]


@router.get("/appraisals/{appraisal_id}/timetable.{fmt}")
def timetable_download(request: Request, appraisal_id: int, fmt: str) -> Response:
    """The plan as `advisor plan -o timetable.FMT` writes it for the same answers, route and dates."""
    found = store(request).get(appraisal_id)
    if fmt not in PLAN_MEDIA:
        raise advisor.AnswersError(f"there is no timetable as .{fmt[:10]}: choose .ics, .csv or .json")
    route, when, judged = route_of(request, appraisal_id), as_at_field(request), today_field(request)
    for field in (when, judged):
        if field.error:
            raise advisor.AnswersError(field.error)
    content = plan_bytes(found.answers, route, when.day, judged.day, fmt)
    name = f"appraisal-{found.id}-timetable.{fmt}"
    return Response(content, media_type=PLAN_MEDIA[fmt], headers={"content-disposition": f'attachment; filename="{name}"'})
