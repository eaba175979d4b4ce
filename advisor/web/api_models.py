"""What the JSON API's answers look like, for its OpenAPI document: appraisals, refusals (404, 409, 422), and the
outlines of the assessment, next questions and diff contracts (the CLI's JSON; every key it gives is kept).

The answers file's schema is the one `advisor schema answers` prints, published as the component `Answers`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict, Field

import advisor


class AppraisalOut(BaseModel):
    """An appraisal as the API gives it (its answers file's text when one appraisal is read or saved)."""

    id: int
    name: str
    as_at: dt.date | None
    created: dt.datetime
    updated: dt.datetime
    version: int
    answers: str | None = None


class Problem(BaseModel):
    """One refusal, as FastAPI gives its own: where (body, query or path, then the field), the message, its kind."""

    loc: list[str | int]
    msg: str
    type: str


class Problems(BaseModel):
    """A 404 or 422 answer: what was refused and why (the CLI's message for a refused answer)."""

    detail: list[Problem]


class Conflict(BaseModel):
    """A 409 answer: the appraisal changed since the version the client read; nothing was saved."""

    detail: str
    version: int = Field(description="the appraisal's current version")
    theirs: dict[str, Any] = Field(description="the values saved now")
    yours: dict[str, Any] = Field(description="the values the refused save gave")


class ProposalOut(BaseModel):
    """An appraisal's proposal as the API gives it: its values (as a proposal file gives them) and its version."""

    appraisal_id: int
    version: int
    updated: dt.datetime | None
    proposal: dict[str, Any]


class ProposalConflict(BaseModel):
    """A 409 answer about a proposal: it changed since the version the client read; nothing was saved."""

    detail: str
    current: dict[str, Any] = Field(description="the proposal's version and values kept now")
    yours: dict[str, Any] | None = Field(description="the values the refused change gave (none for a removal)")


class Changed(BaseModel):
    """A model whose verdict an answer changed."""

    name: str
    before: str
    after: str


class Answered(BaseModel):
    """An answer saved: the appraisal as it now is, and the verdicts the answer changed."""

    appraisal: AppraisalOut
    changed: list[Changed]


class _Open(BaseModel):
    """A contract of the CLI's JSON: the keys named are always there; any others are kept as the CLI gives them."""

    model_config = ConfigDict(extra="allow")


class AdmOutline(_Open):
    """One delivery model in an assessment."""

    id: str
    name: str
    verdict: str = Field(json_schema_extra={"enum": list(advisor.VERDICTS)})
    forms: list[dict[str, Any]]


class AssessmentOut(_Open):
    """`advise --format json`: every model's verdict, form by form, with findings, citations and open questions."""

    as_at: dt.date
    council_name: str | None
    advisor_version: str
    rule_base: dict[str, Any]
    answers_digest: str
    disclaimer: str
    adms: list[AdmOutline]


class NextQuestions(_Open):
    """`advisor ask ANSWERS --next --format json`: the questions still worth asking, most useful first, and why."""

    as_at: dt.date
    answered: int
    phase: int
    questions: list[dict[str, Any]]
    firm_up: list[dict[str, Any]]
    answers_file: str
    disclaimer: str
    officer: str | None


class LawDiff(_Open):
    """`advisor diff --format json`: what differs for the council between the law on two dates, and why."""

    first: dt.date
    second: dt.date
    law: list[dict[str, Any]]
    verdicts: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    disclaimer: str


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Problems, "description": "no appraisal has that id (or it was deleted)"},
    422: {"model": Problems, "description": "bad input: the field's place and the CLI's message"},
}


TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"description": "a body over 1,000,000 bytes (the limit on an answers file)",
          "content": {"text/plain": {"schema": {"type": "string"}}}},
}


def assessment_response() -> dict[int | str, dict[str, Any]]:
    """The 200 answer of the routes that give an assessment."""
    return {200: {"model": AssessmentOut, "description": "the assessment, as `advise --format json` gives it"}}


def with_body(responses: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """The answers of a route that takes a body: its own, and 413 for a body over the limit."""
    return {**responses, **TOO_LARGE}


def publish(app: FastAPI) -> None:
    """Make the app's OpenAPI document carry the answers file's schema (as `advisor schema answers`) as `Answers`."""
    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            made = get_openapi(title=app.title, version=app.version, routes=app.routes, description=app.description)
            made.setdefault("components", {}).setdefault("schemas", {})["Answers"] = \
                advisor.answers_model().model_json_schema()
            app.openapi_schema = made
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]
