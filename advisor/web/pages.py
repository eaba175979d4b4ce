"""The appraisal pages: the list, starting one (blank or from an example), deleting with a confirmation page, and
downloading the answers file and the memo (the appraisal itself: appraisal_pages)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import advisor
from advisor.web.answers import MEMO_FORMATS, checked, example_answers, memo
from advisor.web.audit import stamped
from advisor.web.dates import date_field
from advisor.web.interview import marked
from advisor.web.security import account_of, check_csrf
from advisor.web.views import page

router = APIRouter()
BLANK = "# ADM Advisor answers, started in the browser.\n"
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def store(request: Request) -> advisor.AppraisalStore:
    """The application's appraisal store."""
    found: advisor.AppraisalStore = request.app.state.store
    return found


async def fields(request: Request) -> dict[str, str]:
    """The form's text fields (a repeated field's values joined with commas, as the CLI takes several choices)."""
    form = await request.form()
    out: dict[str, str] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def name_problem(name: str) -> str:
    """Why a name cannot be an appraisal's (empty: it can)."""
    if not name or len(name) > 300 or not name.isprintable():
        return "Enter a name for the appraisal, up to 300 characters on one line"
    return ""


@router.get("/", response_class=HTMLResponse)
def appraisals(request: Request) -> HTMLResponse:
    """Every appraisal, and the form to start one."""
    return page(request, "appraisals.html.j2", {"appraisals": store(request).appraisals(), "examples": advisor.example_names(),
                                                "errors": {}, "name": ""})


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """No icon (the GOV.UK one is that brand's): an empty answer rather than a missing page."""
    return Response(status_code=204)


@router.post("/appraisals", dependencies=[Depends(check_csrf)])
async def start(request: Request) -> Response:
    """Start an appraisal, blank or from an embedded example; its first question next."""
    given = await fields(request)
    name, example = given.get("name", "").strip(), given.get("example", "")
    errors = {"name": name_problem(name)} if name_problem(name) else {}
    if example and example not in advisor.example_names():
        errors["example"] = "Choose an example from the list, or none"
    if errors:
        return page(request, "appraisals.html.j2", {"appraisals": store(request).appraisals(), "errors": errors, "name": name,
                                                    "examples": advisor.example_names()}, 422)
    text = example_answers(example) if example else BLANK
    created = store(request).create(name, text, checked(text) if example else None, by=account_of(request))
    return RedirectResponse(f"/appraisals/{created.id}" + ("" if example else "/question"), status_code=303)


@router.get("/appraisals/{appraisal_id}/answers.yaml")
def answers_download(request: Request, appraisal_id: int) -> Response:
    """The answers file the CLI reads, its first line a comment with the audit stamp."""
    found = store(request).get(appraisal_id)
    return Response(stamped(marked(found.answers), found).encode("utf-8"), media_type="application/yaml",
                    headers={"content-disposition": f'attachment; filename="appraisal-{found.id}.yaml"'})


@router.get("/appraisals/{appraisal_id}/memo.{fmt}")
def memo_download(request: Request, appraisal_id: int, fmt: str) -> Response:
    """The memo as `advisor memo` writes it for the same answers (and `--as-at` the chosen date, if any)."""
    found, when = store(request).get(appraisal_id), date_field(request, "as_at", "Law as at")
    if fmt not in MEMO_FORMATS:
        raise advisor.AnswersError(f"there is no memo as .{fmt[:10]}: choose .docx, .md, .html or .pdf")
    if when.error:
        raise advisor.AnswersError(when.error)
    return Response(memo(found.answers, fmt, when.day), media_type=MEDIA[fmt],
                    headers={"content-disposition": f'attachment; filename="appraisal-{found.id}-memo.{fmt}"'})


@router.get("/appraisals/{appraisal_id}/delete", response_class=HTMLResponse)
def delete_confirm(request: Request, appraisal_id: int) -> HTMLResponse:
    """Ask before deleting."""
    return page(request, "delete.html.j2", {"appraisal": store(request).get(appraisal_id)})


@router.post("/appraisals/{appraisal_id}/delete", dependencies=[Depends(check_csrf)])
def delete(request: Request, appraisal_id: int) -> Response:
    """Delete the appraisal and its history; back to the list."""
    store(request).delete(appraisal_id)
    return RedirectResponse("/", status_code=303)
