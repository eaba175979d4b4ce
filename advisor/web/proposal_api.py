"""The JSON API of an appraisal's proposal, /api/v1/appraisals/{id}/proposal: read, replace (from the version the
client read: 409 with both when stale), delete, and check (the record of `advisor check --format json` for the
proposal beside the appraisal's answers). Bad input: 422 with the field's path and the CLI's message."""

from __future__ import annotations

import json
from typing import Any

import yaml
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

import advisor
from advisor.web.api import LARGEST, AppraisalId, utc
from advisor.web.api_models import ERRORS, ProposalConflict, ProposalOut, output, with_body
from advisor.web.pages import store
from advisor.web.proposals import check_record, data_of, edits, field_of, kept_text, read, shelf
from advisor.web.security import account_of

router = APIRouter(prefix="/api/v1/appraisals/{appraisal_id}/proposal", tags=["a proposal"], responses=ERRORS)
STALE: dict[int | str, dict[str, Any]] = {
    409: {"model": ProposalConflict, "description": "the proposal changed since that version: nothing saved"}}
PROPOSAL_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "description": "a proposal, as `advisor schema proposal`"}},
    "application/yaml": {"schema": {"type": "string", "description": "a proposal file in YAML"}}}}}
VERSION = Query(ge=0, le=LARGEST, description="The proposal's version the change is based on (0: there was none)")


def _kept(request: Request, appraisal_id: int) -> advisor.KeptProposal:
    """The appraisal's proposal; NoSuchAppraisal (404) when the appraisal has none."""
    kept = shelf(request).get(appraisal_id)
    if not kept.text:
        raise advisor.NoSuchAppraisal(f"appraisal {appraisal_id} has no proposal")
    return kept


def _out(kept: advisor.KeptProposal) -> dict[str, Any]:
    return {"appraisal_id": kept.appraisal_id, "version": kept.version, "updated": utc(kept.updated) if kept.updated else None,
            "proposal": json.loads(json.dumps(data_of(kept.text), default=str))}


def _refused(error: advisor.AdvisorError) -> JSONResponse:
    """422 with the path of the field the refusal names and the CLI's message."""
    name = field_of(error)
    location = ["body", *name.split(".")] if name else ["body"]
    return JSONResponse({"detail": [{"loc": location, "msg": error.message, "type": "proposal"}]}, status_code=422)


def _stale(current: Any, yours: dict[str, Any] | None) -> JSONResponse:
    """409: the proposal as it is now and the one sent, nothing written."""
    now = data_of(current.text)
    return JSONResponse({"detail": f"the proposal of appraisal {current.appraisal_id} changed since you read it "
                                   f"(it is now at version {current.version}); nothing was saved",
                         "current": {"version": current.version, "proposal": json.loads(json.dumps(now, default=str))},
                         "yours": yours}, status_code=409)


def _body_data(body: bytes, json_body: bool) -> dict[str, Any]:
    """The proposal sent, read by the CLI's reader (AnswersError if refused), without `answers:`."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise advisor.AnswersError("proposal.yaml: is not UTF-8 text") from None
    read(text, ".json" if json_body else ".yaml")
    data = yaml.safe_load(text)  # as the CLI's reader read it: a proposal.json file is read as YAML too
    data.pop("answers", None)
    return dict(data)


@router.get("", responses={200: {"model": ProposalOut, "description": "the proposal and its version"}})
def get_proposal(request: Request, appraisal_id: AppraisalId) -> dict[str, Any]:
    """The appraisal's proposal (its values, as a proposal file gives them) and its version."""
    return _out(_kept(request, appraisal_id))


@router.put("", openapi_extra=PROPOSAL_BODY, response_model=None,
            responses=with_body({200: {"model": ProposalOut, "description": "the proposal as kept now"}, **STALE}))
async def put_proposal(request: Request, appraisal_id: AppraisalId, version: int = VERSION) -> dict[str, Any] | JSONResponse:
    """Replace the proposal (JSON or YAML, as a proposal file) made from `version`; its `answers:` is the appraisal's."""
    store(request).get(appraisal_id)
    json_body = request.headers.get("content-type", "").startswith("application/json")
    try:
        data = _body_data(await request.body(), json_body)
    except advisor.AdvisorError as error:
        return _refused(error)
    kept = shelf(request).get(appraisal_id)
    try:
        if version != kept.version:
            raise advisor.StaleProposal(kept)
        saved = shelf(request).save(appraisal_id, version, kept_text(data), edits(data_of(kept.text), data),
                                    account_of(request))
    except advisor.StaleProposal as stale:
        return _stale(stale.current, json.loads(json.dumps(data, default=str)))
    return _out(saved)


@router.delete("", status_code=204, response_model=None, responses=STALE)
def delete_proposal(request: Request, appraisal_id: AppraisalId, version: int = VERSION) -> Response:
    """Remove the proposal made from `version` (its removal kept in the history)."""
    kept = _kept(request, appraisal_id)
    try:
        if version != kept.version:
            raise advisor.StaleProposal(kept)
        shelf(request).delete(appraisal_id, version, edits(data_of(kept.text), {}),
                              account_of(request))
    except advisor.StaleProposal as stale:
        return _stale(stale.current, None)
    return Response(status_code=204)


@router.get("/check", response_model=None,
            responses=output("check", "the record `advisor check --format json` prints"))
def check_proposal(request: Request, appraisal_id: AppraisalId, as_at: str = "",
                   today: str = "") -> dict[str, Any] | JSONResponse:
    """The checklist, exactly the record `advisor check proposal.yaml --format json [--as-at DATE] [--today DAY]`
    prints for the proposal beside the appraisal's answers."""
    found, kept = store(request).get(appraisal_id), _kept(request, appraisal_id)
    days = {}
    for name, text in (("as_at", as_at), ("today", today)):
        try:
            days[name] = advisor.parse_date(text.strip()) if text.strip() else None
        except advisor.NotADate as error:
            return JSONResponse({"detail": [{"loc": ["query", name], "msg": f"{name}: {error}", "type": "date"}]},
                                status_code=422)
    return check_record(kept.text, found.answers, days["as_at"], days["today"])
