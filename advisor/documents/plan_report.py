"""The HR and legal timetable of a chosen route (`advisor plan`): read the answers and the route, build the
timetable, and give it as text, JSON, CSV (a project plan's rows) or iCalendar (one all-day event per dated step)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from advisor.assessment.assess import assess
from advisor.assessment.check import proposal_inputs
from advisor.assessment.contract import disclaimer
from advisor.assessment.timetable import Timetable, TimetableStep, build_timetable
from advisor.base.errors import AnswersError
from advisor.base.version import __version__
from advisor.documents.plan_calendar import calendar_bytes
from advisor.documents.templates import render_template
from advisor.law.answers import read_answers_data, validate_answers
from advisor.law.catalogue import Catalogue
from advisor.law.proposal import Proposal
from advisor.law.proposal_map import proposal_answers, read_proposal
from advisor.law.rules import Rulebook
from advisor.law.shipped import answers_model, example_path, load_book, proposal_map

PLAN_FORMATS = ("text", "json", "csv", "ics")
CSV_COLUMNS = ("date", "due", "step", "who", "status", "late", "anchor", "anchor_date", "period", "rule", "title",
               "confidence", "citations", "question")


def plan_data(answers: str | None, example: str | None, proposal: str | None, route: tuple[str | None, str | None],
              as_at: dt.date | None, today: dt.date | None = None) -> dict[str, Any]:
    """The plan as the JSON contract (PlanOutput): the route's timed steps dated from the answers, lateness judged
    on `today` (not given: the date of the law applied, as `advisor check` judges it)."""
    book = load_book()
    read = read_proposal(proposal, proposal, book.catalogue) if proposal else None
    adm, form = plan_route(book.catalogue, read, route)
    given = _inputs(answers, example, read, proposal)
    return planned(given, _source(answers, example, proposal), read is not None, (adm, form), as_at, today)


def planned(given: dict[str, Any], source: str, proposed: bool, route: tuple[str, str], as_at: dt.date | None,
            today: dt.date | None) -> dict[str, Any]:
    """The plan of a route for answers given as a mapping (a proposal's merged in when `proposed`)."""
    book = load_book()
    model = validate_answers(given, answers_model(), book.vocabulary, source)
    assessment = assess(model, book, as_at, proposal=proposed)
    return plan_record(build_timetable(assessment, *route, today), model, book)


def plan_record(timetable: Timetable, answers: BaseModel, book: Rulebook) -> dict[str, Any]:
    """The timetable as the JSON contract gives it (PlanOutput), with the council, version and rule base."""
    return {**timetable.model_dump(mode="json"), "council_name": getattr(answers, "council_name", None),
            "advisor_version": __version__, "rule_base": {"digest": book.digest, "rules": len(book.rules)},
            "disclaimer": disclaimer()}


def plan_route(catalogue: Catalogue, proposal: Proposal | None, route: tuple[str | None, str | None]) -> tuple[str, str]:
    """The route planned: the proposal's model and form, or those named; refused naming what is allowed."""
    adm, form = route
    if proposal is not None:
        if adm or form:
            raise AnswersError("give the route by --proposal FILE or by --adm ID --form ID, not both")
        return proposal.adm, proposal.form
    if not adm or not form:
        raise AnswersError("give the route to plan: --proposal FILE, or --adm ID --form ID; models (--adm): "
                           f"{', '.join(model.id for model in catalogue.adms)} (`advisor adms` lists each one's forms)")
    problem = route_problem(catalogue, adm, form)
    if problem is not None:
        raise AnswersError(f"--{problem[0]}: {problem[1]}")
    return adm, form


def route_problem(catalogue: Catalogue, adm: str | None, form: str | None) -> tuple[str, str] | None:
    """Why a model and form cannot be planned: the field at fault (`adm` or `form`) and what is wrong with it, naming
    what is allowed; None when the catalogue has that route."""
    models = {model.id: model for model in catalogue.adms}
    if not adm:
        return "adm", f"give the delivery model to plan; allowed: {', '.join(models)}"
    if adm not in models:
        return "adm", f"{adm[:40]!r} is not a delivery model; allowed: {', '.join(models)}"
    forms = models[adm].forms
    if not form:
        return "form", f"give the legal form of {adm} to plan; allowed: {', '.join(forms)}"
    if form not in forms:
        return "form", f"{adm} cannot take the form {form[:40]!r}; allowed: {', '.join(forms)}"
    return None


def _inputs(answers: str | None, example: str | None, proposal: Proposal | None, path: str | None) -> dict[str, Any]:
    """The answers file (or example), else the proposal's own `answers:`, with the proposal's answers over them."""
    if answers is not None and example is not None:
        raise AnswersError("give an answers file or --example NAME, not both")
    if answers is None and example is None:
        if proposal is None:
            raise AnswersError("give an answers file (- reads standard input) or --example NAME, and the route")
        return proposal_inputs(proposal, Path(str(path)).parent, proposal_map(), str(path))
    data = read_answers_data(str(example_path(example)) if example else str(answers))
    data = {} if data is None else data  # an empty file gives no answers
    if not isinstance(data, dict):
        raise AnswersError(f"{example or answers}: must be a mapping of answer fields to values")
    if proposal is not None:
        data.update(proposal_answers(proposal, proposal_map()))
        if proposal.as_at is not None:
            data["as_at"] = proposal.as_at
    return data


def _source(answers: str | None, example: str | None, proposal: str | None) -> str:
    return example or answers or f"the proposal {proposal} with its answers"


def plan_output(answers: str | None, example: str | None, proposal: str | None,
                route: tuple[str | None, str | None], as_at: dt.date | None, today: dt.date | None, fmt: str) -> bytes:
    """The plan in the format asked for, as the bytes to print or write."""
    data = plan_data(answers, example, proposal, route, as_at, today)
    if fmt == "json":
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "csv":
        return plan_csv(data).encode("utf-8")
    if fmt == "ics":
        return calendar_bytes(data)
    return render_template("plan.txt.j2", data).encode("utf-8")


def plan_csv(data: dict[str, Any]) -> str:
    """One row per step under a header row, for a project plan (dates ISO, so a spreadsheet sorts them)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for step in data["steps"]:
        writer.writerow(_csv_row(TimetableStep.model_validate(step)))
    return out.getvalue()


def _csv_row(step: TimetableStep) -> list[str]:
    asked = step.dating_question or (step.open_questions[0] if step.open_questions else None)
    return [step.date.isoformat() if step.date else "", step.due, step.step, step.who_words, step.status,
            "yes" if step.late else "no", step.anchor_label, step.anchor_date.isoformat() if step.anchor_date else "",
            period_words(step), step.rule, step.title, step.confidence,
            "; ".join(c.cite for c in step.citations), asked.question if asked else ""]


def period_words(step: TimetableStep) -> str:
    """The period as a phrase: "28 clear calendar days before Transfer date"."""
    period = step.period
    unit = period.unit.replace("_", " ")
    clear = "clear " if period.clear else ""
    return f"{period.amount} {clear}{unit} {period.side} {step.anchor_label}"

