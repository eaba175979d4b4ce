"""Managing appraisals: start one from an uploaded answers file (checked by the CLI's strict loader), duplicate one,
rename one (a new version, refused when the page was stale)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

import advisor
from advisor.web.answers import checked
from advisor.web.audit import unstamped
from advisor.web.pages import name_problem, store
from advisor.web.security import account_of, check_csrf
from advisor.web.views import page

router = APIRouter()
UPLOAD_NAME, UPLOAD_FILE = "upload-name", "file"  # the upload form's fields (and their ids, for the error summary)


def _list_page(request: Request, errors: dict[str, str], upload_name: str) -> HTMLResponse:
    """The list of appraisals again, the upload refused with why."""
    return page(request, "appraisals.html.j2", {"appraisals": store(request).appraisals(), "errors": errors, "name": "",
                                                "examples": advisor.example_names(), "upload_name": upload_name}, 422)


async def _uploaded(form: Any) -> tuple[str, str]:
    """The uploaded file's text, or why it cannot be read (one of the two empty)."""
    upload = form.get(UPLOAD_FILE)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return "", "Choose an answers file (.yaml) to upload"
    try:
        return (await upload.read()).decode("utf-8"), ""
    except UnicodeDecodeError:
        return "", f"{upload.filename[:100]} is not UTF-8 text: save the answers file as UTF-8 and upload it again"


@router.post("/appraisals/upload", dependencies=[Depends(check_csrf)])
async def upload(request: Request) -> Response:
    """Start an appraisal from an answers file, checked as `advisor advise` checks it; nothing saved when refused."""
    form = await request.form()
    try:
        name = str(form.get(UPLOAD_NAME) or "").strip()
        text, problem = await _uploaded(form)
    finally:
        await form.close()  # the uploaded file's temporary copy
    errors = {UPLOAD_NAME: name_problem(name)} if name_problem(name) else {}
    try:
        as_at = checked(unstamped(text)) if not problem else None
    except advisor.AnswersError as error:
        problem = error.message
    if problem:
        errors[UPLOAD_FILE] = problem
    if errors:
        return _list_page(request, errors, name)
    created = store(request).create(name, unstamped(text), as_at, by=account_of(request))
    return RedirectResponse(f"/appraisals/{created.id}", status_code=303)


@router.post("/appraisals/{appraisal_id}/duplicate", dependencies=[Depends(check_csrf)])
def duplicate(request: Request, appraisal_id: int) -> Response:
    """A new appraisal, "Copy of NAME", with the same answers."""
    found = store(request).get(appraisal_id)
    copy = store(request).create(f"Copy of {found.name}"[:300], found.answers, found.as_at, by=account_of(request))
    return RedirectResponse(f"/appraisals/{copy.id}", status_code=303)


def _rename_page(request: Request, found: Any, name: str, error: str, status: int = 200,
                 version: int | None = None) -> HTMLResponse:
    return page(request, "rename.html.j2", {"appraisal": found, "name": name, "error": error,
                                            "based_on": found.version if version is None else version}, status)


@router.get("/appraisals/{appraisal_id}/rename", response_class=HTMLResponse)
def rename_form(request: Request, appraisal_id: int) -> HTMLResponse:
    """The form to rename the appraisal."""
    found = store(request).get(appraisal_id)
    return _rename_page(request, found, found.name, "")


@router.post("/appraisals/{appraisal_id}/rename", dependencies=[Depends(check_csrf)])
async def rename(request: Request, appraisal_id: int) -> Response:
    """Rename from the version the form showed; a bad name or a stale form refused, nothing saved."""
    form = await request.form()
    name, based_on = str(form.get("name") or "").strip(), str(form.get("version") or "")
    found = store(request).get(appraisal_id)
    if name_problem(name):
        return _rename_page(request, found, name, name_problem(name), 422, int(based_on) if based_on.isdigit() else None)
    try:
        store(request).rename(appraisal_id, int(based_on) if based_on.isdigit() else -1, name, by=account_of(request))
    except advisor.StaleVersion:
        now = store(request).get(appraisal_id)
        return page(request, "stale.html.j2", {"appraisal": now, "yours": name, "theirs": now.name,
                                               "again": "/rename"}, 409)
    return RedirectResponse(f"/appraisals/{appraisal_id}", status_code=303)
