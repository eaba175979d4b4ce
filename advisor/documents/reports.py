"""The assessment report (`advisor advise`: text, Markdown or JSON, with why-not) and the diff between two dates."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from advisor.assessment.assess import assess
from advisor.assessment.contract import assessment_dict, disclaimer
from advisor.assessment.diff import diff_record
from advisor.assessment.relevance import Planner
from advisor.assessment.settling import Decider, deciders
from advisor.assessment.why_not import why_not
from advisor.base.version import __version__
from advisor.documents.facts import fact_value
from advisor.documents.reasons import decisive_reason
from advisor.documents.templates import render_template
from advisor.law.answers import json_value
from advisor.law.rules import Rulebook
from advisor.law.shipped import load_answers, load_book


def advise_data(path: str | None, example: str | None, as_at: dt.date | None,
                omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """Assess the answers and return the JSON contract (findings of the `omit` effects left out), each
    undetermined model with the fewest answers that would decide it (`settled_by`)."""
    answers = load_answers(path, example)
    book = load_book()
    now = assess(answers, book, as_at)
    data = assessment_dict(now, book, __version__, omit)
    found = {decider.adm: decider for decider in deciders(Planner(book, now.as_at), answers, now)}
    for adm in data["adms"]:
        if adm["id"] in found:
            adm["settled_by"] = settled_by_dict(found[adm["id"]], book)
    return data


def settled_by_dict(decider: Decider, book: Rulebook) -> dict[str, Any]:
    """The questions that would decide a model and, when worked out, its verdict for each way of answering them
    (`outcomes`), and the same grouped by verdict, smallest group first (`by_verdict`)."""
    groups: dict[str, list[list[object]]] = {}
    for values, verdict in decider.outcomes:
        groups.setdefault(verdict, []).append([json_value(value) for value in values])
    outcomes = [{"answers": {fact: json_value(value) for fact, value in zip(decider.facts, values, strict=True)},
                 "verdict": verdict} for values, verdict in decider.outcomes]
    return {"questions": [{"fact": fact, "question": book.vocabulary[fact].question,
                           "label": book.vocabulary[fact].shown_label} for fact in decider.facts],
            "outcomes": outcomes,
            "by_verdict": sorted(({"verdict": v, "answers": a} for v, a in groups.items()), key=lambda g: len(g["answers"]))}


def _settled_in_words(book: Rulebook, settled: dict[str, Any] | None) -> None:
    """Each way of answering that settles a model, in words ("yes and no"), for the text and Markdown summaries."""
    if not settled:
        return
    facts = [q["fact"] for q in settled["questions"]]
    for group in settled["by_verdict"]:
        group["said"] = [" and ".join(fact_value(book, fact, value) for fact, value in zip(facts, answers, strict=True))
                         for answers in group["answers"]]


def advise_text(path: str | None, example: str | None, as_at: dt.date | None, fmt: str, why: bool = False,
                detail: bool = False) -> str:
    """The assessment in the requested format: text and Markdown lead with one line per model (its verdict, the
    reason that decides it, and what would settle it) and give every finding with `detail`; JSON is complete.
    `why` adds the smallest changes that would open each closed option."""
    data = advise_data(path, example, as_at, omit=("note", "derive") if fmt == "text" else ())
    if why:
        data["why_not"] = why_not(load_answers(path, example), load_book(), as_at)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    book = load_book()
    for adm in data["adms"]:
        adm["reason"] = decisive_reason(adm)
        _settled_in_words(book, adm.get("settled_by"))
    data.update(detail=detail, source=path or f"--example {example}")
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
