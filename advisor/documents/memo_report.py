"""The memo for a council's answers, written to a file (or returned), with a proposal's checklist (and its route's
timetable in place of the recommended route's) if one is given."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from advisor.assessment.assess import assess
from advisor.assessment.check import run_check
from advisor.base.version import __version__
from advisor.documents.facts import fact_label, facts_in_words
from advisor.documents.memo import MemoWriter, check_memo_outputs, format_for, write_memo, written_notice
from advisor.documents.memo_timetable import proposal_timetable
from advisor.law.proposal_map import proposal_answers, read_proposal
from advisor.law.shipped import answers_model, load_answers, load_book, proposal_map


def memo_text(path: str | None, example: str | None, as_at: dt.date | None, fmt: str | None,
              output: Path | None, template_dir: Path | None, proposal: Path | None = None) -> str:
    """The memo when no output file is given; else write it and return the line saying what was written where.

    A proposal adds its checklist.
    """
    chosen = format_for(output, fmt)
    inputs = [path, proposal, *_templates(template_dir)]
    check_memo_outputs(chosen, output, inputs)
    answers = load_answers(path, example)
    book = load_book()
    assessment = assess(answers, book, as_at)
    writer = MemoWriter(assessment, book, __version__, template_dir)
    if proposal is not None:
        writer.record["proposal"] = _proposal_check(proposal, answers, as_at)
        read = read_proposal(str(proposal), str(proposal), book.catalogue)
        writer.record["timetable"] = proposal_timetable(read, answers, assessment.as_at, str(proposal))
    text = write_memo(writer, chosen, output, inputs)
    if output is None:
        return text or ""
    return written_notice(chosen, output, writer.record["timetable"].get("gantt") is not None)


def _templates(template_dir: Path | None) -> list[Path]:
    """The files of a council's template directory: inputs of the memo, never to be written over."""
    if template_dir is None or not template_dir.is_dir():
        return []
    return sorted(path for path in template_dir.iterdir() if path.is_file())


def _proposal_check(path: Path, answers: BaseModel, as_at: dt.date | None) -> dict[str, Any]:
    """The checklist of a proposal, on the memo's answers (the proposal's own settings override them)."""
    book = load_book()
    proposal = read_proposal(str(path), str(path), book.catalogue)
    given = dict(answers.model_dump(exclude_none=True), **proposal_answers(proposal, proposal_map()))
    record = run_check(proposal, given, book, answers_model(), proposal_map(), as_at or getattr(answers, "as_at", None))
    for item in record["items"]:
        item["facts_in_words"] = facts_in_words(book, item["facts"])
    for threshold in record["thresholds"]:
        threshold["label"] = fact_label(book, threshold["fact"])
    return record
