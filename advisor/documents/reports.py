"""The commands' outputs: an assessment, a why-not, a memo, a proposal check, a diff, a verification or a
sweep, read from a file or an embedded example and written as text, Markdown, JSON or CSV."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from advisor.assessment.assess import assess
from advisor.assessment.check import proposal_inputs, run_check
from advisor.assessment.contract import assessment_dict, disclaimer
from advisor.assessment.diff import diff_record
from advisor.assessment.sweep import combinations_of, most_influential, parse_axis, run_sweep, sweep_base
from advisor.assessment.why_not import why_not
from advisor.base.errors import AnswersError
from advisor.base.version import __version__
from advisor.documents.memo import MemoWriter, format_for, write_memo
from advisor.documents.templates import cell, render_template
from advisor.documents.verify import verify_memo
from advisor.law.proposal_map import proposal_answers, read_proposal
from advisor.law.shipped import answers_model, load_answers, load_book, proposal_example_files, proposal_map

Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]


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


def memo_text(path: str | None, example: str | None, as_at: dt.date | None, fmt: str | None,
              output: Path | None, template_dir: Path | None, proposal: Path | None = None) -> str | None:
    """Write the memo (or return it when no output file is given); a proposal adds its checklist."""
    chosen = format_for(output, fmt)
    answers = load_answers(path, example)
    book = load_book()
    writer = MemoWriter(assess(answers, book, as_at), book, __version__, template_dir)
    if proposal is not None:
        writer.record["proposal"] = _proposal_check(proposal, answers, as_at)
    return write_memo(writer, chosen, output)


def _proposal_check(path: Path, answers: BaseModel, as_at: dt.date | None) -> dict[str, Any]:
    """The checklist of a proposal, on the memo's answers (the proposal's own settings override them)."""
    book = load_book()
    proposal = read_proposal(str(path), str(path), book.catalogue)
    given = dict(answers.model_dump(exclude_none=True), **proposal_answers(proposal, proposal_map()))
    return run_check(proposal, given, book, answers_model(), proposal_map(), as_at or getattr(answers, "as_at", None))


def check_text(path: str | None, example: str | None, as_at: dt.date | None, fmt: str) -> tuple[str, bool]:
    """The checklist for a proposal file or embedded example proposal, and whether nothing failed."""
    if (path is None) == (example is None):
        raise AnswersError("give a proposal file or --example NAME, not both")
    known = proposal_example_files()
    if example is not None and example not in known:
        raise AnswersError(f"--example {example!r} is not an embedded proposal; choose one of: {', '.join(known)}")
    source = known[example] if example else Path(str(path))
    book = load_book()
    proposal = read_proposal(str(source), example or str(path), book.catalogue)
    given = proposal_inputs(proposal, source, proposal_map())
    record = run_check(proposal, given, book, answers_model(), proposal_map(), as_at)
    record["disclaimer"] = disclaimer()
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False, default=str) + "\n", record["passed"]
    template = "check.md.j2" if fmt == "markdown" else "check.txt.j2"
    return render_template(template, record), record["passed"]


def diff_text(path: str | None, example: str | None, days: tuple[dt.date, dt.date], fmt: str) -> str:
    """What differs for a council between the law on two dates, and why."""
    answers = load_answers(path, example)
    record = diff_record(answers, load_book(), *days)
    record.update(council_name=getattr(answers, "council_name", None), disclaimer=disclaimer())
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return render_template("diff.txt.j2", record)


def verify_text(memo: Path, today: dt.date, fmt: str) -> tuple[str, bool]:
    """The verification report for a memo, and whether its conclusions hold."""
    if not memo.exists():
        raise AnswersError(f"{memo}: no such file")
    result = verify_memo(memo, load_book(), __version__, today)
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n", result["holds"]
    return render_template("verify.txt.j2", result), result["holds"]


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
