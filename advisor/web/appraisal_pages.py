"""The appraisal as at a chosen date of the law: every model's verdict, the reason that decides it and the questions
that would settle it; the viability matrix picture and the memo's timetable picture; and a page per model with every
legal form, finding (each folded to its title, kind and confidence), citation, open question and what would have to
change."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

import advisor
from advisor.web.answers import MEMO_FORMATS, assessment
from advisor.web.dates import DateField, date_field, query
from advisor.web.law import matrix_svg, timetable_svg, why_not
from advisor.web.pages import store
from advisor.web.plans import timetable_link
from advisor.web.views import page

router = APIRouter()
OPEN = ("viable", "viable_with_conditions")
EFFECT_WORDS = {"exclude": "Rules it out", "condition": "Condition", "duty": "Duty", "risk": "Risk", "note": "Note"}
EFFECTS = tuple(EFFECT_WORDS)  # the order findings are shown in (derivations left out)
EFFECT_TAGS = {"exclude": "govuk-tag--red", "condition": "govuk-tag--yellow", "duty": "govuk-tag--purple",
               "risk": "govuk-tag--orange", "note": "govuk-tag--grey"}  # the colour repeats the words, never alone


def as_at_field(request: Request) -> DateField:
    """The law-as-at date chosen on the page (`?as_at=`), read as `--as-at` is."""
    return date_field(request, "as_at", "Law as at")


def dated_page(request: Request, template: str, context: dict[str, Any], when: DateField) -> HTMLResponse:
    """The page; refused (422, the date form with its error) when the chosen date is not a date."""
    context = {**context, "when": when, "date_forms": advisor.DATE_FORMS, "dated": query(when.day)}
    return page(request, template, context, 422 if when.error else 200)


@router.get("/appraisals/{appraisal_id}", response_class=HTMLResponse)
def appraisal(request: Request, appraisal_id: int) -> HTMLResponse:
    """Each model's verdict, the reason that decides it and what would settle it, as at the chosen date."""
    found, when = store(request).get(appraisal_id), as_at_field(request)
    context: dict[str, Any] = {"appraisal": found, "formats": list(MEMO_FORMATS), "data": None, "models": []}
    if when.error is None:
        data = assessment(found.answers, when.day)
        context.update(data=data, models=[{**adm, "reason": advisor.decisive_reason(adm)} for adm in data["adms"]],
                       columns=matrix_columns(data))
    return dated_page(request, "appraisal.html.j2", context, when)


def matrix_columns(data: dict[str, Any]) -> list[str]:
    """The names of the matrix picture's numbered columns: the legal forms any model can take, in the catalogue's
    order (as the memo lists them under the picture)."""
    used = {form["form"] for adm in data["adms"] for form in adm["forms"]}
    return [form.name for form in advisor.load_book().catalogue.forms if form.id in used]


@router.get("/appraisals/{appraisal_id}/matrix.svg")
def matrix(request: Request, appraisal_id: int) -> Response:
    """The viability matrix picture `advisor memo` draws, as at the chosen date."""
    found, when = store(request).get(appraisal_id), as_at_field(request)
    if when.error:
        raise advisor.AnswersError(when.error)
    return Response(matrix_svg(found.answers, when.day), media_type="image/svg+xml")


@router.get("/appraisals/{appraisal_id}/timetable.svg")
def timetable(request: Request, appraisal_id: int) -> Response:
    """The timetable picture of the memo's recommended route `advisor memo` draws, as at the chosen date (404 when
    no step of it is dated: the memo has no picture then)."""
    found, when = store(request).get(appraisal_id), as_at_field(request)
    if when.error:
        raise advisor.AnswersError(when.error)
    drawn = timetable_svg(found.answers, when.day)
    if drawn is None:
        raise HTTPException(404)
    return Response(drawn, media_type="image/svg+xml")


@router.get("/appraisals/{appraisal_id}/models/{adm_id}", response_class=HTMLResponse)
def model(request: Request, appraisal_id: int, adm_id: str) -> HTMLResponse:
    """One model: every legal form's verdict, its findings with their citations, its open questions, and (when it
    is not open) what would have to change."""
    found, when = store(request).get(appraisal_id), as_at_field(request)
    if not any(adm.id == adm_id for adm in advisor.load_book().catalogue.adms):
        raise HTTPException(404)
    context: dict[str, Any] = {"appraisal": found, "adm": None, "adm_id": adm_id}
    if when.error is None:
        data = assessment(found.answers, when.day)
        adm = next(a for a in data["adms"] if a["id"] == adm_id)
        context.update(adm=adm, as_at=data["as_at"], decisive=advisor.decisive_reason(adm), effects=EFFECT_WORDS,
                       effect_tags=EFFECT_TAGS,
                       **advisor.model_parts(adm, EFFECTS),
                       changes=None if adm["verdict"] in OPEN else why_not(found.answers, when.day, adm_id),
                       timetables={f["form"]: timetable_link(appraisal_id, adm_id, f["form"], when.day) for f in adm["forms"]})
    return dated_page(request, "model.html.j2", context, when)
