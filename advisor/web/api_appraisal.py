"""The JSON API over one stored appraisal's answers, each route giving what the CLI gives for that answers file:
the next questions (`advisor ask --next --format json`), one answer given (as `advisor ask` takes it, kept in the
history as the question page keeps it), the law diff (`advisor diff --format json`), the assessment
(`advise --format json`) and the memo (`advisor memo`)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

import advisor
from advisor.web.answers import answers_file, assessment, memo, refusal
from advisor.web.api import LARGEST, AppraisalId, conflict, out, refused, written_values
from advisor.web.api_models import ERRORS, Answered, Conflict, assessment_response, output, with_body
from advisor.web.interview import UNKNOWN, answer
from advisor.web.pages import MEDIA, store
from advisor.web.security import account_of

router = APIRouter(prefix="/api/v1/appraisals/{appraisal_id}", tags=["one appraisal"], responses=ERRORS)
Value = bool | int | float | Annotated[str, StringConstraints(max_length=100_000)] | list[str] | None
OFFICER = Query(None, alias="for", description="only this officer's questions, as `advisor ask --for`",
                json_schema_extra={"enum": list(advisor.OFFICERS)})
AS_AT = Query(None, max_length=40, description="the date of the law to apply (such as 1/4/2026 or 2026-04-01)")


class GivenAnswer(BaseModel):
    """One answer: its value (null or "unknown" for "I don't know"), given from the version the client read."""

    model_config = ConfigDict(extra="forbid")
    value: Value = Field(description="the answer as `advisor ask` takes it; null or \"unknown\" for I don't know")
    version: int = Field(ge=1, le=LARGEST, description="the version the answer was given from")


class Refused(Exception):
    """A query's value refused: its place and the message."""

    def __init__(self, place: str, error: advisor.AdvisorError) -> None:
        super().__init__(error.message)
        self.response = refused(error, "query", place)


def day(place: str, text: str | None) -> dt.date | None:
    """A date given in the query (as officers write it), or None; Refused naming the place when it is not one."""
    if text is None or not text.strip():
        return None
    try:
        return advisor.parse_date(text)
    except advisor.NotADate as error:
        raise Refused(place, advisor.AnswersError(f"{place}: {error.sentence}")) from None


@router.get("/next", responses=output("next", "the questions still worth asking, as `ask --next --format json` gives them"),
            response_model=None)
def next_questions(request: Request, appraisal_id: AppraisalId, officer: str | None = OFFICER) -> Any:
    """The questions still worth asking, most useful first, and why: `advisor ask ANSWERS --next --format json`."""
    if officer is not None and officer not in advisor.OFFICERS:
        return refused(advisor.AnswersError(f"--for {officer[:20]!r}: choose one of {', '.join(advisor.OFFICERS)}"),
                       "query", "for")
    found = store(request).get(appraisal_id)
    with answers_file(found.answers) as path:
        record = json.loads(advisor.next_questions_text(path, None, "json", officer))
    record["answers_file"] = path.name
    return record


def typed(value: Value) -> str:
    """The answer as it would be typed at `advisor ask`'s prompt."""
    if value is None or value == "unknown":
        return UNKNOWN
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


@router.post("/answers/{fact}", response_model=Answered,
             responses=with_body({409: {"model": Conflict, "description": "the appraisal changed since that version: "
                                                                          "nothing saved"}}))
def give_answer(request: Request, appraisal_id: AppraisalId, fact: Annotated[str, Field(max_length=200)],
                given: GivenAnswer) -> Any:
    """Answer one question as `advisor ask` takes it (refused with its message), kept in the history; the verdicts
    it changed."""
    found = store(request).get(appraisal_id)
    if fact not in advisor.load_book().vocabulary.facts:
        return refused(advisor.AnswersError(f"{fact[:60]!r} is not a question the advisor asks"), "path", "fact")
    if given.version != found.version:
        return conflict(found, {fact: given.value}, {fact: written_values(found.answers).get(fact)})
    outcome = answer(found.answers, None, fact, typed(given.value))
    if outcome.problem is not None:
        return refused(advisor.AnswersError(outcome.problem), "body", "value")
    try:
        saved = store(request).save(appraisal_id, found.version, outcome.text, outcome.as_at,
                                    [advisor.Edit(fact, outcome.old, outcome.new)], outcome.changed,
                                    by=account_of(request))
    except advisor.StaleVersion as stale:
        return conflict(stale.current, {fact: given.value}, {fact: written_values(stale.current.answers).get(fact)})
    return Answered(appraisal=out(saved, answers=True), changed=outcome.changed)  # type: ignore[arg-type]


@router.get("/diff", responses=output("diff", "what differs between the two dates, as `diff --format json` gives it"),
            response_model=None)
def law_diff(request: Request, appraisal_id: AppraisalId,
             first: Annotated[str, Query(alias="from", max_length=40, description="the first date of the law")],
             second: Annotated[str, Query(alias="to", max_length=40, description="the second date of the law")]) -> Any:
    """What differs for the appraisal's council between the law on two dates, and why: `advisor diff --format json`."""
    found = store(request).get(appraisal_id)
    try:
        days = (day("from", first), day("to", second))
    except Refused as error:
        return error.response
    start, end = days
    if start is None or end is None:
        return refused(advisor.AnswersError("give both dates to compare, from= and to="), "query")
    return _json(found.answers, lambda path: advisor.diff_text(str(path), None, (start, end), "json"))


@router.get("/assessment", responses=assessment_response(), response_model=None)
def assessed(request: Request, appraisal_id: AppraisalId, as_at: str | None = AS_AT) -> Any:
    """The appraisal assessed as `advise ANSWERS --format json [--as-at DAY]` does."""
    found = store(request).get(appraisal_id)
    try:
        return assessment(found.answers, day("as_at", as_at))
    except Refused as error:
        return error.response
    except advisor.AdvisorError as error:
        return refused(error, "body", "answers")


MEMO_CONTENT: dict[str, dict[str, Any]] = {media.split(";")[0]: {} for media in MEDIA.values()}


@router.get("/memo.{fmt}", response_class=Response,
            responses={200: {"content": MEMO_CONTENT, "description": "the memo, as `advisor memo -o memo.FMT` writes it"}})
def memo_download(request: Request, appraisal_id: AppraisalId, fmt: Literal["docx", "md", "html", "pdf"],
                  as_at: str | None = AS_AT) -> Response:
    """The memo exactly as `advisor memo ANSWERS [--as-at DAY] -o memo.FMT` writes it (Markdown: as it prints it)."""
    found = store(request).get(appraisal_id)
    try:
        content = memo(found.answers, fmt, day("as_at", as_at))
    except Refused as error:
        return error.response
    except advisor.AdvisorError as error:
        return refused(error, "body", "answers")
    return Response(content, media_type=MEDIA[fmt],
                    headers={"content-disposition": f'attachment; filename="appraisal-{found.id}-memo.{fmt}"'})


def _json(text: str, make: Callable[[Path], str]) -> Any:
    """The JSON a CLI command prints for the answers text (its refusal as 422, the field named)."""
    with answers_file(text) as path:
        try:
            return json.loads(make(path))
        except advisor.AdvisorError as error:
            return refused(refusal(error, path), "body", "answers")
