"""The timetable of a chosen route: each timed duty or condition of one delivery model in one form, dated.

For an assessment and a route (model, form), every `duty` or `condition` finding whose rule has a `timing:`
block becomes a step: its date worked out from the anchor answer and the period in force on the rule's date
basis (none when the anchor is unknown, with the question that would date it), whether it is a deadline
(`by`) or an earliest day (`from`), who does it, the rule and the timing's own citations, confidence and note,
and whether it is late against `today` (only from the day after a deadline). A finding that only may apply,
waiting on unknown answers, is listed as such with those questions. Pure data: the words are the rule base's.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.assessment.open_questions import unknown_facts
from advisor.assessment.records import Assessment, Finding, FormAssessment
from advisor.assessment.verdicts import Verdict
from advisor.base.errors import AnswersError
from advisor.law.rules import Rulebook
from advisor.law.timing import Counting, Due, Side, Timing, Unit, Who
from advisor.law.working_days import step_date

_TIMED_EFFECTS = ("duty", "condition")


class _Exact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StepCitation(_Exact):
    """An authority for a step's period: its pinpoint citation and where to read it."""

    cite: str
    uri: str


class StepQuestion(_Exact):
    """An unanswered question: the answer's field and the question the questionnaire asks."""

    fact: str
    question: str


class StepPeriod(_Exact):
    """The period a step's date is counted by, with the value in force on the rule's date basis."""

    amount: int = Field(description="the period's length in its unit, as in force on `on`")
    unit: Unit
    side: Side
    clear: bool = Field(description="clear days: neither the step's day nor the anchor day counts")
    counting: Counting
    param: str | None = Field(description="the dated parameter the amount comes from, if any")
    on: dt.date = Field(description="the day the parameter's value was read on (the rule's date basis)")


class TimetableStep(_Exact):
    """One step of the timetable: what, who, by (or from) when, counted from which date, on what authority."""

    rule: str
    title: str
    effect: Literal["duty", "condition"]
    status: Literal["applies", "may_apply"] = Field(description="may_apply: waits on the answers in `open_questions`")
    step: str
    who: Who
    who_words: str
    due: Due = Field(description="by: a deadline, the step done no later than `date`; from: not before `date`")
    date: dt.date | None = Field(description="null while the anchor date is unknown (see `dating_question`)")
    anchor: str
    anchor_label: str
    anchor_date: dt.date | None
    dating_question: StepQuestion | None = Field(description="the question whose answer would date the step")
    period: StepPeriod
    precedes: str | None = Field(description="a date answer the step must fall before, if the rule says so")
    precedes_label: str | None
    precedes_date: dt.date | None
    confidence: Literal["settled", "practice", "uncertain"]
    note: str | None
    citations: list[StepCitation]
    late: bool = Field(description="a deadline already past on `today` (from the day after it)")
    days_late: int | None = Field(description="days since a missed deadline; null unless late")
    open_questions: list[StepQuestion]


class ImpossibleStep(TimetableStep):
    """A step the dates already make impossible: its deadline past on `today` (`deadline_past`), or its date after
    the date answer it must precede (`after_precedes`)."""

    why: Literal["deadline_past", "after_precedes"]


class Timetable(_Exact):
    """Every timed step of one route, dated steps in date order, undated ones after them."""

    adm: str
    adm_name: str
    form: str
    form_name: str
    verdict: Verdict
    as_at: dt.date
    today: dt.date
    steps: list[TimetableStep]


def judged_on(assessment: Assessment, today: dt.date | None) -> dt.date:
    """The day a timed step's lateness is judged on, the one rule every output keeps (`advisor plan`, `advisor
    check`, the memo, the pages): the day given, else the date of the law applied."""
    return today or assessment.as_at


def build_timetable(assessment: Assessment, adm: str, form: str, today: dt.date | None = None) -> Timetable:
    """The timetable of the route (adm, form) in an assessment, lateness judged on `today` (not given: the date of
    the law applied)."""
    option = next((f for f in assessment.adm(adm).forms if f.form.id == form), None)
    if option is None:
        raise AnswersError(f"{adm} cannot take the form {form!r}")
    today = judged_on(assessment, today)
    steps = [_step(finding, today) for finding in _timed(option)]
    steps.sort(key=lambda s: (s.date is None, s.date or dt.date.max, s.rule))
    return Timetable(adm=adm, adm_name=option.adm.name, form=form, form_name=option.form.name,
                     verdict=option.verdict, as_at=assessment.as_at, today=today, steps=steps)


def impossible_steps(timetable: Timetable) -> list[ImpossibleStep]:
    """The steps that apply and can no longer be done in time: a deadline already past, or a step falling after
    the date it must precede (a step that only may apply is not called impossible)."""
    out = []
    for step in (s for s in timetable.steps if s.status == "applies"):
        if step.late:
            out.append(ImpossibleStep(**step.model_dump(), why="deadline_past"))
        elif step.date and step.precedes_date and step.date > step.precedes_date:
            out.append(ImpossibleStep(**step.model_dump(), why="after_precedes"))
    return out


def _timed(option: FormAssessment) -> list[Finding]:
    """The option's duty and condition findings, holding or pending, whose rule is timed."""
    return [f for f in (*option.findings, *option.possible)
            if f.active.rule.timing is not None and f.active.rule.effect in _TIMED_EFFECTS]


def _step(finding: Finding, today: dt.date) -> TimetableStep:
    rule, book = finding.active.rule, finding.context.book
    timing = rule.timing
    assert timing is not None  # _timed keeps only timed rules
    period = _period(finding, timing)
    anchor = _date_answer(finding, timing.anchor)
    date = step_date(timing, anchor, period.amount) if anchor is not None else None
    late = timing.due == "by" and date is not None and today > date
    return TimetableStep(
        rule=rule.id, title=rule.title, effect="duty" if rule.effect == "duty" else "condition",
        status="applies" if finding.status == "true" else "may_apply",
        step=timing.step, who=timing.who, who_words=book.parties[timing.who], due=timing.due, date=date,
        anchor=timing.anchor, anchor_label=book.vocabulary[timing.anchor].shown_label, anchor_date=anchor,
        dating_question=None if anchor is not None else _question(book, timing.anchor), period=period,
        precedes=timing.precedes, precedes_label=_label(book, timing.precedes),
        precedes_date=_date_answer(finding, timing.precedes) if timing.precedes else None,
        confidence=timing.confidence, note=" ".join(timing.note.split()) if timing.note else None,
        citations=_citations(finding, timing), late=late, days_late=(today - date).days if late and date else None,
        open_questions=_open_questions(finding))


def _period(finding: Finding, timing: Timing) -> StepPeriod:
    """The period with its amount: the value given, or the parameter's value on the rule's date basis."""
    period, active = timing.period, finding.active
    amount = period.value if period.param is None else active.params[period.param]
    return StepPeriod(amount=int(amount or 0), unit=period.unit, side=timing.side, clear=timing.clear,
                      counting=timing.counting, param=period.param, on=active.on)


def _date_answer(finding: Finding, fact: str) -> dt.date | None:
    value = getattr(finding.context.answers, fact, None)
    return value if isinstance(value, dt.date) else None


def _question(book: Rulebook, fact: str) -> StepQuestion:
    return StepQuestion(fact=fact, question=book.vocabulary[fact].question)


def _label(book: Rulebook, fact: str | None) -> str | None:
    return book.vocabulary[fact].shown_label if fact else None


def _citations(finding: Finding, timing: Timing) -> list[StepCitation]:
    """The timing's own authorities in force on the rule's date basis."""
    authorities = finding.context.book.file_of(finding.active.rule).authorities
    return [StepCitation(cite=authorities[key].cite, uri=authorities[key].uri) for key in timing.authorities
            if authorities[key].in_force.covers(finding.active.on)]


def _open_questions(finding: Finding) -> list[StepQuestion]:
    """For a step that only may apply, the unknown answers it waits on, in questionnaire order."""
    if finding.status == "true":
        return []
    context = finding.context
    facts = sorted(unknown_facts(context, finding.active, finding.adm.id), key=context.book.vocabulary.order)
    return [_question(context.book, fact) for fact in facts]
