"""The proposal's pages: the form (filled from the kept proposal or an embedded example's; saved from the version it
showed, refused with the CLI's message per field or as a conflict when stale), the checklist as `advisor check`
gives it for the proposal beside the appraisal's answers, and the proposal file to download."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

import advisor
from advisor.web.dates import in_words
from advisor.web.pages import fields, store
from advisor.web.proposal_form import fields as fields_of_form
from advisor.web.proposal_form import form_values, groups, part_hint, proposal_data
from advisor.web.proposals import PROPOSAL_FILE, check_record, data_of, edits, file_text, kept_text, problems, read, shelf
from advisor.web.security import account_of, check_csrf
from advisor.web.views import page

router = APIRouter()
MARKS = {"fail": ("Fail", "govuk-tag--red"), "unknown": ("Unknown", "govuk-tag--grey"),
         "applies": ("Must do", "govuk-tag--yellow"), "risk": ("Risk", "govuk-tag--orange"),
         "note": ("Note", "govuk-tag--blue"), "pass": ("Pass", "govuk-tag--green")}


def _example_values(name: str) -> dict[str, str]:
    """The form filled from an embedded example proposal (its `answers:` left out: the appraisal's are used)."""
    if name not in advisor.proposal_example_files():
        choices = ", ".join(advisor.proposal_example_files())
        raise advisor.AnswersError(f"example={name[:40]!r} is not an embedded proposal; choose one of: {choices}")
    data = data_of(advisor.example_text(name))
    data.pop("answers", None)
    return form_values(read(kept_text(data)))


def _worded(errors: dict[str, str]) -> dict[str, str]:
    """Each refusal as the form shows it, in the form's order: the field's label, then the CLI's message (its file
    name left out)."""
    labels = {field.name: field.label for field in fields_of_form()}
    order = ["", *labels]
    return {name: (f"{labels[name]}: " if name in labels else "") + errors[name].removeprefix(f"{PROPOSAL_FILE}: ")
            for name in sorted(errors, key=lambda name: order.index(name) if name in order else 0)}


def _form_page(request: Request, found: Any, values: dict[str, str], version: int, status: int = 200,
               errors: dict[str, str] | None = None, example: str = "") -> HTMLResponse:
    parts = [(part, heading, part_hint(part, heading, group) if part else "", group) for part, heading, group in groups()]
    return page(request, "proposal.html.j2", {
        "appraisal": found, "parts": parts, "values": values, "based_on": version, "errors": _worded(errors or {}),
        "examples": list(advisor.proposal_example_files()), "example": example,
        "date_forms": advisor.DATE_FORMS}, status)


@router.get("/appraisals/{appraisal_id}/proposal", response_class=HTMLResponse)
def proposal_form(request: Request, appraisal_id: int) -> HTMLResponse:
    """The form with the kept proposal (or, with ?example=NAME, an embedded example's, not yet saved)."""
    found, kept = store(request).get(appraisal_id), shelf(request).get(appraisal_id)
    example = request.query_params.get("example", "")
    kept_values = form_values(read(kept.text)) if kept.text and not example else {}
    values = _example_values(example) if example else kept_values
    return _form_page(request, found, values, kept.version, example=example)


@router.post("/appraisals/{appraisal_id}/proposal", dependencies=[Depends(check_csrf)])
async def proposal_save(request: Request, appraisal_id: int) -> Response:
    """Keep the proposal typed, from the version the form showed; its checklist next."""
    given = await fields(request)
    found, kept = store(request).get(appraisal_id), shelf(request).get(appraisal_id)
    data = proposal_data(given)
    errors = problems(data)
    if errors:
        return _form_page(request, found, given, int(kept.version), 422, errors)
    based_on = given.get("version", "")
    try:
        if based_on != str(kept.version):
            raise advisor.StaleProposal(kept)
        shelf(request).save(appraisal_id, kept.version, kept_text(data), edits(data_of(kept.text), data),
                            account_of(request))
    except advisor.StaleProposal as stale:
        return _conflict(request, found, stale.current, data)
    return RedirectResponse(f"/appraisals/{appraisal_id}/proposal/check", status_code=303)


async def _uploaded(request: Request) -> dict[str, str]:
    """The form's values from the proposal file sent, read by the CLI's reader (AnswersError with its message)."""
    upload = (await request.form()).get("proposal")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise advisor.AnswersError(f"{PROPOSAL_FILE}: choose a proposal file (.yaml or .json) to upload")
    try:
        text = (await upload.read()).decode("utf-8")
    except UnicodeDecodeError:
        raise advisor.AnswersError(f"{PROPOSAL_FILE}: is not UTF-8 text") from None
    finally:
        await upload.close()
    return form_values(read(text, ".json" if upload.filename.endswith(".json") else ".yaml"))


@router.post("/appraisals/{appraisal_id}/proposal/upload", dependencies=[Depends(check_csrf)])
async def proposal_upload(request: Request, appraisal_id: int) -> HTMLResponse:
    """The form filled from an uploaded proposal file (its `answers:` aside), not saved until the form is."""
    found, kept = store(request).get(appraisal_id), shelf(request).get(appraisal_id)
    try:
        values = await _uploaded(request)
    except advisor.AdvisorError as error:
        return _form_page(request, found, {}, kept.version, 422, {"upload": error.message})
    return _form_page(request, found, values, kept.version)


def _conflict(request: Request, found: Any, current: Any, yours: dict[str, Any]) -> HTMLResponse:
    """The page a stale save gets: each field that differs, the kept value and the one typed; nothing overwritten."""
    differ = edits(data_of(current.text), yours)
    return page(request, "proposal_conflict.html.j2", {"appraisal": found, "differ": differ}, 409)


def _day(request: Request, name: str) -> Any:
    """The date asked for (?as_at=, the law's; ?today=, the day deadlines are judged on) in a form the CLI accepts;
    None: the CLI's default."""
    text = request.query_params.get(name, "").strip()
    if not text:
        return None
    try:
        return advisor.parse_date(text)
    except advisor.NotADate as error:
        raise advisor.AnswersError(f"{name}: {error}") from None


@router.get("/appraisals/{appraisal_id}/proposal/check", response_class=HTMLResponse)
def proposal_check(request: Request, appraisal_id: int) -> HTMLResponse:
    """The checklist of the kept proposal against the appraisal's answers, as `advisor check` gives it."""
    found, kept = store(request).get(appraisal_id), shelf(request).get(appraisal_id)
    if not kept.text:
        return page(request, "proposal_check.html.j2", {"appraisal": found, "record": None})
    record = check_record(kept.text, found.answers, _day(request, "as_at"), _day(request, "today"))
    book = advisor.load_book()
    for item in record["items"]:
        item["facts_in_words"] = advisor.facts_in_words(book, item["facts"])
    for threshold in record["thresholds"]:  # in words and units as `advisor check` prints them
        threshold["shown"] = {key: advisor.figure(threshold[key], threshold["unit"])
                              for key in ("value", "margin", "threshold")}
    chosen = {name: in_words(_day(request, name)) for name in ("as_at", "today") if _day(request, name)}
    timetable = f"/appraisals/{appraisal_id}/timetable?" + urlencode({"proposal": "yes", **chosen})
    return page(request, "proposal_check.html.j2", {"appraisal": found, "record": record, "marks": MARKS,
                                                    "as_at": request.query_params.get("as_at", ""), "timetable": timetable,
                                                    "today": request.query_params.get("today", ""),
                                                    "date_forms": advisor.DATE_FORMS})


@router.get("/appraisals/{appraisal_id}/proposal.yaml")
def proposal_download(request: Request, appraisal_id: int) -> Response:
    """The proposal file, naming the appraisal's answers file as downloaded (appraisal-ID.yaml) beside it."""
    found, kept = store(request).get(appraisal_id), shelf(request).get(appraisal_id)
    if not kept.text:
        raise advisor.NoSuchAppraisal(f"appraisal {appraisal_id} has no proposal yet")
    text = file_text(kept.text, f"appraisal-{found.id}.yaml")
    return Response(text.encode("utf-8"), media_type="application/yaml",
                    headers={"content-disposition": f'attachment; filename="appraisal-{found.id}-proposal.yaml"'})
