"""The JSON API, /api/v1: assess posted answers without saving them (the contract of `advise --format json`), and
list, create, read, update and delete appraisals. Bad input: 422 naming the field's path, with the CLI's message; a
save based on a version that is no longer the latest: 409 with both values, nothing overwritten."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

import advisor
from advisor.web.answers import answers_file, assessment, changed_verdicts, checked, edits_between
from advisor.web.api_models import ERRORS, TOO_LARGE, AppraisalOut, Conflict, assessment_response, with_body
from advisor.web.pages import store
from advisor.web.security import account_of

router = APIRouter(prefix="/api/v1", tags=["appraisals"], responses=ERRORS)
LARGEST = 2_147_483_647  # the largest id or version a database integer column holds
AppraisalId = Annotated[int, Path(ge=1, le=LARGEST, description="the appraisal's id")]
ANSWERS_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/Answers"}},
    "application/yaml": {"schema": {"type": "string", "description": "an answers file in YAML"}}}}}


class NewAppraisal(BaseModel):
    """An appraisal to create: its name and its answers file's text (YAML, as the CLI reads it)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=300)
    answers: str = Field(default="", max_length=1_000_000)


class AppraisalUpdate(BaseModel):
    """A change to an appraisal: a new name, new answers file text, or both, made from the version the client read."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1, le=LARGEST, description="the version the change was made from")
    name: str | None = Field(default=None, min_length=1, max_length=300)
    answers: str | None = Field(default=None, max_length=1_000_000)


def refused(error: advisor.AdvisorError, *where: str | int) -> JSONResponse:
    """422 in FastAPI's own shape: the place of the field the refusal names, and the CLI's message."""
    field = getattr(error, "field", None)
    location = [*where, field] if field else list(where)
    return JSONResponse({"detail": [{"loc": location, "msg": error.message, "type": "answers"}]}, status_code=422)


def out(found: Any, answers: bool = False) -> AppraisalOut:
    """An appraisal as the API gives it (with its answers file's text when asked)."""
    return AppraisalOut(id=found.id, name=found.name, as_at=found.as_at, created=utc(found.created),
                        updated=utc(found.updated), version=found.version, answers=found.answers if answers else None)


def utc(stamp: dt.datetime) -> dt.datetime:
    """A time the store recorded, in UTC (a database without time zones gives it back without one)."""
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=dt.UTC)


@router.post("/assess", openapi_extra=ANSWERS_BODY, response_model=None, responses=with_body(assessment_response()))
async def assess(request: Request) -> dict[str, Any] | JSONResponse:
    """Assess the answers posted (JSON or YAML, as an answers file) as `advise --format json` does; nothing is kept."""
    body = await request.body()
    suffix = ".json" if request.headers.get("content-type", "").startswith("application/json") else ".yaml"
    try:
        return assessment(body.decode("utf-8"), None, suffix)
    except UnicodeDecodeError:
        return refused(advisor.AnswersError("answers.yaml: is not UTF-8 text"), "body")
    except advisor.AdvisorError as error:
        return refused(error, "body")


@router.get("/appraisals")
def list_appraisals(request: Request) -> list[AppraisalOut]:
    """Every appraisal, the most recently changed first (without their answers)."""
    return [out(found) for found in store(request).appraisals()]


@router.post("/appraisals", status_code=201, response_model=AppraisalOut, responses=TOO_LARGE)
def create_appraisal(request: Request, new: NewAppraisal) -> AppraisalOut | JSONResponse:
    """Create an appraisal from an answers file's text, checked by the CLI's strict loader."""
    text = new.answers or "# ADM Advisor answers.\n"
    try:
        as_at = checked(text)
    except advisor.AdvisorError as error:
        return refused(error, "body", "answers")
    return out(store(request).create(new.name, text, as_at, by=account_of(request)), answers=True)


@router.get("/appraisals/{appraisal_id}")
def read_appraisal(request: Request, appraisal_id: AppraisalId) -> AppraisalOut:
    """One appraisal with its answers file."""
    return out(store(request).get(appraisal_id), answers=True)


@router.put("/appraisals/{appraisal_id}", response_model=AppraisalOut,
            responses=with_body({409: {"model": Conflict, "description": "the appraisal changed since that version: "
                                                                         "nothing saved"}}))
def update_appraisal(request: Request, appraisal_id: AppraisalId, change: AppraisalUpdate) -> AppraisalOut | JSONResponse:
    """Rename an appraisal or replace its answers (checked by the CLI's strict loader), from the version the client
    read; refused with both values when another save came first."""
    found = store(request).get(appraisal_id)
    if change.version != found.version:
        return conflict(found, change.model_dump(exclude_none=True))
    text = found.answers if change.answers is None else change.answers
    try:
        as_at = checked(text)
    except advisor.AdvisorError as error:
        return refused(error, "body", "answers")
    edits = answer_edits(found.answers, text)
    try:
        saved = store(request).save(appraisal_id, found.version, text, as_at, edits, changed_verdicts(found.answers, text),
                                    by=account_of(request), name=change.name)
    except advisor.StaleVersion as stale:
        return conflict(stale.current, change.model_dump(exclude_none=True))
    return out(saved, answers=True)


@router.delete("/appraisals/{appraisal_id}", status_code=204, response_class=Response)
def delete_appraisal(request: Request, appraisal_id: AppraisalId) -> Response:
    """Delete an appraisal and its history."""
    store(request).delete(appraisal_id)
    return Response(status_code=204)


def conflict(current: Any, yours: dict[str, Any], theirs: dict[str, Any] | None = None) -> JSONResponse:
    """409: the appraisal changed since the client's version; its current values (by default its name and answers)
    beside the client's."""
    theirs = {"name": current.name, "answers": current.answers} if theirs is None else theirs
    body = Conflict(detail=f"this appraisal changed since you opened it (it is now at version {current.version}); "
                           "nothing was saved", version=current.version, theirs=theirs,
                    yours={key: value for key, value in yours.items() if key != "version"})
    return JSONResponse(body.model_dump(), status_code=409)


def answer_edits(old: str, new: str) -> list[advisor.Edit]:
    """The answers that differ between two answers files, as history rows (as the file writes each value)."""
    before, after = written_values(old), written_values(new)
    return edits_between(before, after, sorted(before.keys() | after.keys()))


def written_values(text: str) -> dict[str, str]:
    """Each answer given in an answers file, as the file writes it."""
    with answers_file(text) as path:
        given = advisor.load_answers(str(path), None).model_dump(mode="json", exclude_none=True)
    return {name: str(value).lower() if isinstance(value, bool) else str(value) for name, value in given.items()}
