"""The law diff between two dates (`advisor diff` for the appraisal's answers) and the memo read in the page (the
HTML memo's body, `advisor memo`), with its downloads as at the same date."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

import advisor
from advisor.web.answers import MEMO_FORMATS
from advisor.web.appraisal_pages import as_at_field, dated_page
from advisor.web.dates import DateField, date_field, query
from advisor.web.law import law_diff, memo_body
from advisor.web.pages import store
from advisor.web.views import page

router = APIRouter()
NEEDED = "Enter the date of the law to compare"


def _needed(field: DateField, other: DateField) -> DateField:
    """A date the comparison cannot go without: refused when the other date was given but this one was not."""
    if field.typed or not other.typed:
        return field
    return DateField(field.name, field.label, "", None, f"{field.label}: {NEEDED}")


@router.get("/appraisals/{appraisal_id}/diff", response_class=HTMLResponse)
def diff(request: Request, appraisal_id: int) -> HTMLResponse:
    """What differs for the appraisal between the law on two dates, and why (the form alone until both are given)."""
    found = store(request).get(appraisal_id)
    first, second = date_field(request, "from", "From"), date_field(request, "to", "To")
    first, second = _needed(first, second), _needed(second, first)
    record = None
    if first.day and second.day:
        record = law_diff(found.answers, first.day, second.day)
    status = 422 if first.error or second.error else 200
    return page(request, "diff.html.j2", {"appraisal": found, "fields": [first, second], "record": record,
                                          "titles": rule_titles(), "date_forms": advisor.DATE_FORMS}, status)


def rule_titles() -> dict[str, str]:
    """Each rule's title by its id (the diff names rules by id; the page says what each one is)."""
    return {rule_id: rule.title for rule_id, rule in advisor.load_book().rules.items()}


@router.get("/appraisals/{appraisal_id}/memo", response_class=HTMLResponse)
def memo_preview(request: Request, appraisal_id: int) -> HTMLResponse:
    """The memo for cabinet in the page, as the HTML memo has it, and its four downloads as at the same date."""
    found, when = store(request).get(appraisal_id), as_at_field(request)
    context: dict[str, Any] = {"appraisal": found, "formats": list(MEMO_FORMATS), "body": None}
    if when.error is None:
        src, timetable = (f"/appraisals/{appraisal_id}/{name}.svg{query(when.day)}" for name in ("matrix", "timetable"))
        # markdown-it renders the memo's Markdown with raw HTML turned off: every text from the answers is escaped
        context["body"] = Markup(memo_body(found.answers, when.day, src, timetable))  # noqa: S704
    return dated_page(request, "memo_preview.html.j2", context, when)
