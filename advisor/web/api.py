"""The JSON API, /api/v1: assess posted answers without saving them (the contract of `advise --format json`), and
list, create and read appraisals. Bad input: 422 naming the field, with the CLI's message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

import advisor
from advisor.web.answers import assessment, checked, field_of
from advisor.web.pages import store

router = APIRouter(prefix="/api/v1")
ANSWERS_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "description": "an answers file, as `advisor schema answers`"}},
    "application/yaml": {"schema": {"type": "string", "description": "an answers file in YAML"}}}}}


class NewAppraisal(BaseModel):
    """An appraisal to create: its name and its answers file's text (YAML, as the CLI reads it)."""

    name: str = Field(min_length=1, max_length=300)
    answers: str = Field(default="", max_length=1_000_000)


class AppraisalOut(BaseModel):
    """An appraisal as the API gives it."""

    id: int
    name: str
    as_at: dt.date | None
    created: dt.datetime
    updated: dt.datetime
    version: int
    answers: str | None = None


def refused(error: advisor.AdvisorError) -> JSONResponse:
    """422 with the field the refusal names and the CLI's message."""
    field = field_of(error.message)
    location = ["body", field] if field else ["body"]
    return JSONResponse({"detail": [{"loc": location, "msg": error.message, "type": "answers"}]}, status_code=422)


def _out(found: Any, answers: bool = False) -> AppraisalOut:
    return AppraisalOut(id=found.id, name=found.name, as_at=found.as_at, created=found.created, updated=found.updated,
                        version=found.version, answers=found.answers if answers else None)


@router.post("/assess", openapi_extra=ANSWERS_BODY, response_model=None)
async def assess(request: Request) -> dict[str, Any] | JSONResponse:
    """Assess the answers posted (JSON or YAML, as an answers file) as `advise --format json` does; nothing is kept."""
    body = await request.body()
    suffix = ".json" if request.headers.get("content-type", "").startswith("application/json") else ".yaml"
    try:
        return assessment(body.decode("utf-8"), None, suffix)
    except UnicodeDecodeError:
        return refused(advisor.AnswersError("answers.yaml: is not UTF-8 text"))
    except advisor.AdvisorError as error:
        return refused(error)


@router.get("/appraisals")
def list_appraisals(request: Request) -> list[AppraisalOut]:
    """Every appraisal, the most recently changed first (without their answers)."""
    return [_out(found) for found in store(request).appraisals()]


@router.post("/appraisals", status_code=201, response_model=None)
def create_appraisal(request: Request, new: NewAppraisal) -> AppraisalOut | JSONResponse:
    """Create an appraisal from an answers file's text, checked by the CLI's strict loader."""
    text = new.answers or "# ADM Advisor answers.\n"
    try:
        as_at = checked(text)
    except advisor.AdvisorError as error:
        return refused(error)
    return _out(store(request).create(new.name, text, as_at), answers=True)


@router.get("/appraisals/{appraisal_id}")
def read_appraisal(request: Request, appraisal_id: int) -> AppraisalOut:
    """One appraisal with its answers file."""
    return _out(store(request).get(appraisal_id), answers=True)
