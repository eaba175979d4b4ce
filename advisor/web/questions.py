"""The questionnaire's pages: one question per page, its answer saved (or refused with the CLI's message), a stale
page's save refused as a conflict, and the verdicts the last answer changed shown on the next page."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import advisor
from advisor.web.interview import UNKNOWN, answer, current
from advisor.web.pages import fields, store
from advisor.web.proposals import is_proposal_change
from advisor.web.security import account_of, check_csrf
from advisor.web.views import page, problem_page

router = APIRouter()


def officer_of(request: Request) -> str | None:
    """The officer whose questions are asked (?for=hr), checked as `advisor ask --for` checks it."""
    officer = request.query_params.get("for") or None
    if officer is not None and officer not in advisor.OFFICERS:
        raise advisor.AnswersError(f"for={officer[:20]!r}: choose one of {', '.join(advisor.OFFICERS)}")
    return officer


def verdicts_changed(appraisal_id: int, request: Request, version: str | None) -> list[dict[str, Any]]:
    """The verdicts changed by the answer that made this version (shown once, after answering; a proposal's change,
    numbered by the proposal's own versions, is never taken for it)."""
    if version is None or not version.isdigit():
        return []
    rows = [c for c in store(request).history(appraisal_id) if c.version == int(version) and not is_proposal_change(c)]
    return list(json.loads(rows[0].changed_verdicts)) if rows else []


def _to_answers(request: Request) -> bool:
    """Whether the question was opened from "Check your answers" (?return=answers), to go back there after it."""
    return request.query_params.get("return") == "answers"


def _question_page(request: Request, found: Any, question: dict[str, Any], officer: str | None, status: int = 200,
                   error: str | None = None, typed: str = "") -> HTMLResponse:
    changed = verdicts_changed(found.id, request, request.query_params.get("changed"))
    return page(request, "question.html.j2", {"appraisal": found, "q": question, "officer": officer, "error": error,
                                              "changed": changed, "typed": typed, "to_answers": _to_answers(request),
                                              "officer_name": advisor.OFFICERS.get(officer or "")}, status)


@router.get("/appraisals/{appraisal_id}/question", response_class=HTMLResponse)
def question(request: Request, appraisal_id: int) -> Response:
    """The question asked for (?fact=), else the most useful one left; when none is left, the appraisal (or, for one
    officer's questions, the task list of every officer's part)."""
    officer = officer_of(request)
    found = store(request).get(appraisal_id)
    shown = current(found.answers, officer, request.query_params.get("fact"))
    if shown is None:
        done = f"/tasks?finished={officer}" if officer else "?finished=1"
        return RedirectResponse(f"/appraisals/{appraisal_id}{done}", status_code=303)
    return _question_page(request, found, shown, officer)


@router.post("/appraisals/{appraisal_id}/question", dependencies=[Depends(check_csrf)])
async def give(request: Request, appraisal_id: int) -> Response:
    """Save one answer from the version the page showed; refused when stale or invalid."""
    officer, given = officer_of(request), await fields(request)
    found, name = store(request).get(appraisal_id), given.get("fact", "")
    typed = UNKNOWN if "unknown" in given else given.get("answer", "")
    if given.get("version") != str(found.version):
        return _conflict(request, found, name, typed, officer)
    outcome = answer(found.answers, officer, name, typed)
    if outcome.problem is not None:
        shown = current(found.answers, officer, name)
        if shown is None:
            return problem_page(request, 422, "There is a problem", outcome.problem)
        return _question_page(request, found, shown, officer, 422, outcome.problem, given.get("answer", ""))
    try:
        saved = store(request).save(appraisal_id, found.version, outcome.text, outcome.as_at,
                                    [advisor.Edit(name, outcome.old, outcome.new)], outcome.changed,
                                    by=account_of(request))
    except advisor.StaleVersion:
        return _conflict(request, store(request).get(appraisal_id), name, typed, officer)
    if _to_answers(request):
        return RedirectResponse(f"/appraisals/{appraisal_id}/answers?changed={saved.version}", status_code=303)
    suffix = f"&for={officer}" if officer else ""
    return RedirectResponse(f"/appraisals/{appraisal_id}/question?changed={saved.version}{suffix}", status_code=303)


def _conflict(request: Request, found: Any, name: str, typed: str, officer: str | None) -> HTMLResponse:
    """The page a stale save gets: both values, nothing overwritten."""
    shown = current(found.answers, officer, name)
    theirs = shown["saved"] if shown and shown["fact"] == name else None
    yours = "I don't know" if typed == UNKNOWN else typed
    return page(request, "conflict.html.j2", {"appraisal": found, "fact": name, "theirs": theirs, "yours": yours,
                                              "question": shown["question"] if shown else name, "officer": officer}, 409)
