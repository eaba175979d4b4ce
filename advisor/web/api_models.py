"""What the JSON API's answers look like, for its OpenAPI document: appraisals, refusals (404, 409, 422), and the
answers that are the CLI's JSON outputs, by reference to their schemas.

The answers file's schema is the one `advisor schema answers` prints, published as the component `Answers`; the
assessment's, next questions', diff's, check's and plan's are those `advisor schema assessment|next|diff|check|plan`
prints, published under their models' names (AssessmentOutput...) with the parts they name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

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


# `advisor schema WHAT`: the name of the component that carries its schema
OUTPUTS: dict[str, str] = {what: model.__name__ for what, model in advisor.OUTPUT_SCHEMAS.items()}


def output(what: str, description: str) -> dict[int | str, dict[str, Any]]:
    """The 200 answer of a route that gives a JSON output of the CLI, by reference to the schema
    `advisor schema WHAT` prints (a component of the document)."""
    reference = {"$ref": f"#/components/schemas/{OUTPUTS[what]}"}
    return {200: {"description": description, "content": {"application/json": {"schema": reference}}}}


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
    return output("assessment", "the assessment, as `advise --format json` gives it")


def with_body(responses: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """The answers of a route that takes a body: its own, and 413 for a body over the limit."""
    return {**responses, **TOO_LARGE}


def output_components() -> dict[str, dict[str, Any]]:
    """The schemas `advisor schema assessment|next|diff|check` prints, as components: each output's own and the parts
    it names (its `$defs`, each a component of the same name, referred to as one)."""
    components: dict[str, dict[str, Any]] = {}
    for what, name in OUTPUTS.items():
        schema = advisor.OUTPUT_SCHEMAS[what].model_json_schema(ref_template="#/components/schemas/{model}")
        for part, definition in {**schema.pop("$defs", {}), name: schema}.items():
            if components.setdefault(part, definition) != definition:
                raise ValueError(f"two schemas named {part}")  # pragma: no cover - a clash of names is a defect
    return components


def publish(app: FastAPI) -> None:
    """Make the app's OpenAPI document carry the answers file's schema (as `advisor schema answers`) as `Answers`,
    and the JSON outputs' schemas (as `advisor schema assessment|next|diff|check`) as their models' names."""
    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            made = get_openapi(title=app.title, version=app.version, routes=app.routes, description=app.description)
            schemas = made.setdefault("components", {}).setdefault("schemas", {})
            schemas["Answers"] = advisor.answers_model().model_json_schema()
            for name, schema in output_components().items():
                if schemas.setdefault(name, schema) != schema:
                    raise ValueError(f"two schemas named {name}")  # pragma: no cover - a clash of names is a defect
            app.openapi_schema = made
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]
