"""The checklist of a proposed structure (`advisor check`): text, Markdown or JSON, and whether nothing failed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from advisor.assessment.check import proposal_inputs, run_check
from advisor.assessment.contract import disclaimer
from advisor.base.errors import AnswersError
from advisor.documents.facts import facts_in_words
from advisor.documents.templates import render_template
from advisor.law.proposal_map import read_proposal
from advisor.law.shipped import answers_model, example_folder, load_book, proposal_example_files, proposal_map


def check_text(path: str | None, example: str | None, as_at: dt.date | None, fmt: str,
               today: dt.date | None = None) -> tuple[str, bool]:
    """The checklist for a proposal file or embedded example proposal, and whether nothing failed; timed steps'
    deadlines are judged on `today` (default: the as-at date)."""
    if path is not None and example is not None:
        raise AnswersError("give a proposal file or --example NAME, not both")
    if path is None and example is None:
        raise AnswersError("give a proposal file or --example NAME; to start one, copy an example proposal: "
                           "`advisor examples 3bm-2013 > proposal.yaml` (see `advisor examples`)")
    known = proposal_example_files()
    if example is not None and example not in known:
        raise AnswersError(f"--example {example!r} is not an embedded proposal; choose one of: {', '.join(known)}")
    source = known[example] if example else Path(str(path))
    book = load_book()
    proposal = read_proposal(str(source), example or str(path), book.catalogue)
    folder = example_folder() if example else source.parent
    given = proposal_inputs(proposal, folder, proposal_map(), example or str(path))
    record = run_check(proposal, given, book, answers_model(), proposal_map(), as_at, today)
    record["disclaimer"] = disclaimer()
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False, default=str) + "\n", record["passed"]
    for item in record["items"]:
        item["facts_in_words"] = facts_in_words(book, item["facts"])
    template = "check.md.j2" if fmt == "markdown" else "check.txt.j2"
    return render_template(template, record), record["passed"]
