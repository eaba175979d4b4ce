"""An appraisal's history: every version with what changed it (who when the record says, when, each answer old →
new, the verdicts it changed), each earlier version viewable and restorable (a restore is a new version)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import advisor
from advisor.web.answers import answers_file, changed_verdicts, edits_between
from advisor.web.audit import when_words
from advisor.web.pages import fields, store
from advisor.web.proposals import is_proposal_change
from advisor.web.security import account_of, check_csrf
from advisor.web.summary import answer_topics, change_words
from advisor.web.views import page

router = APIRouter()


def _change(book: Any, change: Any) -> dict[str, Any]:
    """One answer change in words: the question, old → new, and who made it when the record says."""
    spec = book.vocabulary.facts.get(change.field)
    return {"fact": change.field, "question": spec.question if spec else change.field,
            "old": change_words(book, change.field, change.old), "new": change_words(book, change.field, change.new),
            "by": getattr(change, "by", None)}


def answer_changes(changes: Sequence[Any]) -> list[Any]:
    """The changes of answers (a proposal's changes, numbered by the proposal's own versions, are listed apart)."""
    return [change for change in changes if not is_proposal_change(change)]


def proposal_changes(changes: Sequence[Any]) -> list[dict[str, Any]]:
    """The proposal's changes, the latest first: when, who, the field, old → new."""
    return [{"when": when_words(change.at), "by": getattr(change, "by", None), "field": change.field,
             "old": "not stated" if change.old is None else change.old,
             "new": "not stated" if change.new is None else change.new}
            for change in changes if is_proposal_change(change)]


def history_entries(appraisal_id: int, request: Request) -> list[dict[str, Any]]:
    """Each version, the latest first, with the changes and changed verdicts that made it (and whether its answers
    were kept, to view and restore: a database from before versions were kept has only each appraisal's last)."""
    book, kept = advisor.load_book(), {v.version: v for v in store(request).versions(appraisal_id)}
    changes: dict[int, list[Any]] = {}
    for change in answer_changes(store(request).history(appraisal_id)):
        changes.setdefault(change.version, []).insert(0, change)
    return [_entry(book, number, kept.get(number), changes.get(number, []))
            for number in sorted(set(kept) | set(changes), reverse=True)]


def _entry(book: Any, number: int, version: Any, made: list[Any]) -> dict[str, Any]:
    """One version's line of the history."""
    moment = version.at if version is not None else made[0].at
    return {"version": number, "kept": version is not None, "when": when_words(moment),
            "name": getattr(version, "name", None), "renamed_from": getattr(version, "renamed_from", None),
            "restored_from": getattr(version, "restored_from", None),
            "changes": [_change(book, change) for change in made],
            "by": getattr(version, "by", None) or next((by for by in (getattr(c, "by", None) for c in made) if by), None),
            "verdicts": json.loads(made[0].changed_verdicts) if made else []}


@router.get("/appraisals/{appraisal_id}/history", response_class=HTMLResponse)
def history(request: Request, appraisal_id: int) -> HTMLResponse:
    """Every change of the appraisal, the latest first."""
    found = store(request).get(appraisal_id)
    entries = history_entries(appraisal_id, request)
    proposal = proposal_changes(store(request).history(appraisal_id))
    return page(request, "history.html.j2", {"appraisal": found, "entries": entries, "proposal_changes": proposal,
                                             "show_by": any(e["by"] for e in [*entries, *proposal])})


@router.get("/appraisals/{appraisal_id}/versions/{number}", response_class=HTMLResponse)
def version(request: Request, appraisal_id: int, number: int) -> HTMLResponse:
    """The answers as they were at one version (read only), and the button to restore them."""
    found, kept = store(request).get(appraisal_id), store(request).version(appraisal_id, number)
    return page(request, "version.html.j2", {"appraisal": found, "kept": kept, "when": when_words(kept.at),
                                             "topics": answer_topics(kept.answers, relevance=False)})


def _values(text: str) -> dict[str, str]:
    """The answers of an answers file as the history writes them (unknown spelled out)."""
    with answers_file(text) as path:
        file = advisor.open_answers_file(path, advisor.answers_model(), advisor.load_book().vocabulary)
    return {name: "unknown" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
            for name, value in file.values.items()}


def differences(now: str, then: str) -> tuple[list[advisor.Edit], list[dict[str, str]]]:
    """What bringing back `then` over `now` changes: each answer, and each model's verdict."""
    before, after = _values(now), _values(then)
    names = [*before, *(name for name in after if name not in before)]
    return edits_between(before, after, names), changed_verdicts(now, then)


def _stale(request: Request, current: Any, number: int) -> HTMLResponse:
    theirs = f"Version {current.version}, changed {when_words(current.updated)}"
    return page(request, "stale.html.j2", {"appraisal": current, "theirs": theirs, "again": "/history",
                                           "yours": f"Restore version {number}"}, 409)


@router.post("/appraisals/{appraisal_id}/versions/{number}/restore", dependencies=[Depends(check_csrf)])
async def restore(request: Request, appraisal_id: int, number: int) -> Response:
    """Save an earlier version's answers as a new version (recorded as a restore); refused when the page was stale."""
    given = await fields(request)
    found, kept = store(request).get(appraisal_id), store(request).version(appraisal_id, number)
    if given.get("version") != str(found.version):
        return _stale(request, found, number)
    edits, changed = differences(found.answers, kept.answers)
    try:
        store(request).save(appraisal_id, found.version, kept.answers, kept.as_at, edits, changed,
                            by=account_of(request), restored_from=number)
    except advisor.StaleVersion:
        return _stale(request, store(request).get(appraisal_id), number)
    return RedirectResponse(f"/appraisals/{appraisal_id}/history", status_code=303)
