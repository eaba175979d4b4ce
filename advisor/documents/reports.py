"""The assessment report (`advisor advise`: text, Markdown or JSON, with why-not) and the diff between two dates."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from advisor.assessment.assess import assess
from advisor.assessment.contract import assessment_dict, disclaimer
from advisor.assessment.diff import diff_record
from advisor.assessment.why_not import why_not
from advisor.base.version import __version__
from advisor.documents.templates import render_template
from advisor.law.shipped import load_answers, load_book


def advise_data(path: str | None, example: str | None, as_at: dt.date | None,
                omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """Assess the answers and return the JSON contract (findings of the `omit` effects left out)."""
    answers = load_answers(path, example)
    book = load_book()
    return assessment_dict(assess(answers, book, as_at), book, __version__, omit)


def advise_text(path: str | None, example: str | None, as_at: dt.date | None, fmt: str, why: bool = False) -> str:
    """The assessment in the requested format (with the smallest changes that would open each closed option)."""
    data = advise_data(path, example, as_at, omit=("note", "derive") if fmt == "text" else ())
    if why:
        data["why_not"] = why_not(load_answers(path, example), load_book(), as_at)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    template = "advise.md.j2" if fmt == "markdown" else "advise.txt.j2"
    text = render_template(template, data)
    return text + render_template("why_not.txt.j2", data) if why else text


def diff_text(path: str | None, example: str | None, days: tuple[dt.date, dt.date], fmt: str) -> str:
    """What differs for a council between the law on two dates, and why."""
    answers = load_answers(path, example)
    record = diff_record(answers, load_book(), *days)
    record.update(council_name=getattr(answers, "council_name", None), disclaimer=disclaimer())
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return render_template("diff.txt.j2", record)
