"""A sweep's report (`advisor sweep`): every combination of the varied answers assessed, as text, JSON or CSV."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from advisor.assessment.contract import disclaimer
from advisor.assessment.sweep import combinations_of, most_influential, parse_axis, run_sweep, sweep_base
from advisor.base.errors import AnswersError
from advisor.documents.templates import cell, render_template
from advisor.law.shipped import answers_model, load_answers, load_book

Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]


def sweep_text(path: str | None, example: str | None, as_at: dt.date | None, vary: tuple[str, ...],
               vary_all: bool, limit: int, fmt: str, progress: Progress | None = None, jobs: int = 1) -> str:
    """Every combination of the varied answers assessed: CSV rows, the JSON record, or a text summary.

    `progress`, given the number of combinations, opens a context that yields the call to make after each one.
    """
    answers = load_answers(path, example)
    book, day = load_book(), as_at or getattr(answers, "as_at", None) or dt.date.today()
    axes = [parse_axis(text, book, sweep_base(answers, book, day), answers_model()) for text in vary]
    if vary_all:
        axes += most_influential(answers, book, day, limit, {axis.fact for axis in axes})
    if not axes:
        raise AnswersError("give at least one --vary FIELD, or --vary-all")
    with (progress or _no_progress)(combinations_of(axes)) as tick:
        record = run_sweep(answers, axes, book, day, tick, jobs)
    record["disclaimer"] = disclaimer()
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return csv_text(record)
    return render_template("sweep.txt.j2", record)


@contextlib.contextmanager
def _no_progress(total: int) -> Iterator[Callable[[], None]]:
    yield lambda: None


def csv_text(record: dict[str, Any]) -> str:
    """One row per combination: the varied answers, then each ADM's verdict."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    facts = [axis["fact"] for axis in record["vary"]]
    adms = [option["adm"] for option in record["options"]]
    writer.writerow(facts + adms)
    for row in record["rows"]:
        writer.writerow([cell(row["values"][fact]) for fact in facts] + [row["verdicts"][adm] for adm in adms])
    return out.getvalue()
