"""Checking an uploaded memo as `advisor verify` does: is its text the text the advisor wrote with its audit record,
and do its conclusions still hold under today's rule base, on its own date and today."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

import advisor
from advisor.web.security import check_csrf
from advisor.web.views import page

router = APIRouter()
SUFFIXES = (".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


def shown_name(filename: str) -> str:
    """The uploaded file's own name as the page shows it: no folders, printable, at most 100 characters."""
    name = "".join(c for c in Path(filename.replace("\\", "/")).name if c.isprintable())[:100]
    return name or "the file"


def _refused(request: Request, error: str) -> HTMLResponse:
    """The upload form again (422) with the refusal in an error summary and beside the field."""
    return page(request, "verify.html.j2", {"error": error, "result": None}, 422)


@router.get("/verify", response_class=HTMLResponse)
def verify_form(request: Request) -> HTMLResponse:
    """The form to upload a memo to check."""
    return page(request, "verify.html.j2", {"error": None, "result": None})


@router.post("/verify", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
async def verify(request: Request) -> HTMLResponse:
    """The memo checked as `advisor verify MEMO` checks it, today; a file that is not a memo as written refused."""
    form = await request.form()
    try:
        return await _verified(request, form.get("memo"))
    finally:
        await form.close()  # the uploaded file's spooled copy


async def _verified(request: Request, upload: object) -> HTMLResponse:
    """The result page for the uploaded file, or the form again with the refusal."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _refused(request, "Select a memo file (.docx, .pdf, .html or .md) written by ADM Advisor")
    name, data = shown_name(upload.filename), await upload.read()
    if not data:
        return _refused(request, f"{name}: the file is empty; select the memo as ADM Advisor wrote it")
    try:
        result = checked(data, name)
    except advisor.AdvisorError as error:
        return _refused(request, error.message)
    return page(request, "verify.html.j2", {"error": None, "result": result})


def checked(data: bytes, name: str) -> dict[str, Any]:
    """`advisor verify`'s record for the memo's bytes (kept in a private temporary folder while it is read); its
    refusals name the uploaded file, not the temporary one."""
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in SUFFIXES else ""
    with tempfile.TemporaryDirectory(prefix="adm-advisor-") as folder:
        path = Path(folder) / f"memo{suffix}"
        path.write_bytes(data)
        try:
            result = advisor.verify_memo(path, advisor.load_book(), advisor.__version__, dt.date.today())
        except advisor.AdvisorError as error:
            raise advisor.AnswersError(error.message.replace(str(path), name)) from None
    return dict(result, memo=name)
