"""What the appraisal pages show beyond the verdicts, each through the public API exactly as the CLI gets it: what
would have to change (`advise --why-not`), the law diff (`advisor diff`), the viability matrix and the memo's body
and the timetable pictures (`advisor memo`), for an appraisal's answers text as at a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import advisor
from advisor.web.answers import answers_file, message


def _answers(text: str) -> Any:
    """The answers read by the CLI's strict loader (its refusal as an AnswersError, the temporary folder left out)."""
    with answers_file(text) as path:
        try:
            return advisor.load_answers(str(path), None)
        except advisor.AdvisorError as error:
            raise advisor.AnswersError(message(error, path)) from None


def why_not(text: str, as_at: dt.date | None, adm_id: str) -> dict[str, Any] | None:
    """The smallest changes to the council's own choices that open a model, as `advise --why-not` lists them for
    it (None when the model is already open)."""
    found = advisor.why_not(_answers(text), advisor.load_book(), as_at)
    return next((entry for entry in found if entry["adm"] == adm_id), None)


def law_diff(text: str, first: dt.date, second: dt.date) -> dict[str, Any]:
    """The record `advisor diff --format json` prints for the answers and the two dates."""
    answers = _answers(text)
    record = advisor.diff_record(answers, advisor.load_book(), first, second)
    record.update(council_name=getattr(answers, "council_name", None), disclaimer=advisor.disclaimer())
    return record


def _writer(text: str, as_at: dt.date | None) -> Any:
    """The memo writer `advisor memo` uses, over the answers as at the date."""
    book = advisor.load_book()
    return advisor.MemoWriter(advisor.assess(_answers(text), book, as_at), book, advisor.__version__)


def matrix_svg(text: str, as_at: dt.date | None) -> str:
    """The viability matrix picture the memo carries."""
    return str(_writer(text, as_at).svg())


def timetable_svg(text: str, as_at: dt.date | None) -> str | None:
    """The timetable picture the memo carries (none when no step of its route is dated)."""
    drawn = _writer(text, as_at).timetable_svg()
    return None if drawn is None else str(drawn)


def memo_body(text: str, as_at: dt.date | None, matrix_src: str, timetable_src: str) -> str:
    """The HTML memo's body (Markdown rendered with raw HTML escaped), its matrix picture at `matrix_src` and its
    timetable picture at `timetable_src`."""
    return str(_writer(text, as_at).body_html(matrix_src, timetable_src))
