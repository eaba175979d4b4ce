"""The JSON contracts of the advisor's outputs as exact pydantic models, whose JSON Schemas `advisor schema` prints:
`advise --format json` (AssessmentOutput), `ask --next --format json` (NextQuestionsOutput), `diff --format json`
(LawDiffOutput), `check --format json` (CheckOutput) and `plan --format json` (PlanOutput, in plan_schema). They
describe the JSON the dict builders give; they build nothing."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from advisor.assessment.contract_schema import (
    Exact,
    FactValue,
    FormVerdict,
    HeldItem,
    LawChange,
    OptionChange,
    Provided,
    RuleBase,
    ShortCitation,
    StatusCounts,
    Threshold,
    UnheldItem,
    absent,
)
from advisor.assessment.timetable import ImpossibleStep
from advisor.assessment.verdicts import Verdict
from advisor.base.officers import Officer
from advisor.documents.plan_schema import PlanOutput
from advisor.law.citations import Grade
from advisor.law.rules import Effect
from advisor.law.vocabulary import FactType


class DecidingQuestion(Exact):
    """A question whose answer would decide an undetermined model."""

    fact: str
    question: str
    label: str


class Outcome(Exact):
    """One way of answering the deciding questions (by fact) and the model's verdict then."""

    answers: dict[str, FactValue]
    verdict: Verdict


class VerdictGroup(Exact):
    """The ways of answering (values in the order of the questions) that give one verdict."""

    verdict: Verdict
    answers: list[list[FactValue]]


class SettledBy(Exact):
    """The fewest answers that would decide an undetermined model, and what each way of giving them decides."""

    questions: list[DecidingQuestion]
    outcomes: list[Outcome]
    by_verdict: list[VerdictGroup] = Field(description="the outcomes grouped by verdict, smallest group first")


class AdmVerdict(Exact):
    """One delivery model: its verdict (its best form's) and each of its legal forms."""

    id: str
    name: str
    verdict: Verdict
    forms: list[FormVerdict]
    settled_by: SettledBy = absent("given for an undetermined model the fewest answers would decide")


class Change(Exact):
    """One answer changed from what the council gave to what would open the option."""

    fact: str
    question: str
    from_: FactValue = Field(alias="from")
    to: FactValue


class WhyNot(Exact):
    """A model not open: the smallest sets of changes to the council's choices that would open it (none: no choice can)."""

    adm: str
    name: str
    verdict: Verdict
    changes: list[list[Change]]


class AssessmentOutput(Exact):
    """`advisor advise --format json`: every delivery model's verdict, form by form, with findings, citations and
    open questions, on the law of `as_at`."""

    as_at: dt.date
    council_name: str | None
    advisor_version: str
    rule_base: RuleBase
    answers_digest: str
    disclaimer: str
    adms: list[AdmVerdict]
    why_not: list[WhyNot] = absent("given with --why-not")


class DefinedTerm(Exact):
    """A defined term a question uses: its meaning and the authority defining it."""

    term: str
    meaning: str
    cite: str
    uri: str
    grade: Grade
    id: str


class OptionAtStake(Exact):
    """A delivery model and legal form whose verdict depends on a question's answer."""

    adm: str
    adm_name: str
    form: str
    form_name: str


class RuleAtStake(Exact):
    """A rule that reads a question's answer."""

    id: str
    title: str
    effect: Effect
    citations: list[ShortCitation]


class QuestionToAsk(Exact):
    """A question still worth asking: its wording, help and allowed answers, and why it is asked."""

    fact: str
    section: str
    section_title: str
    question: str
    description: str
    help: str | None
    type: FactType
    choices: list[str]
    choice_words: list[str] = Field(description="each choice in words (its label in the rule base), as `choices` orders them")
    unit: str | None
    minimum: float | None
    maximum: float | None
    hint: str
    terms: list[DefinedTerm]
    officer: Officer | None
    officer_name: str
    topic: str | None
    current: str | None
    score: float | None = Field(description="options whose verdict the answer changes, averaged over its answers")
    options: list[OptionAtStake]
    rules: list[RuleAtStake]


class VerdictCounts(Exact):
    """How many options (or models) have each verdict."""

    viable: int
    viable_with_conditions: int
    undetermined: int
    not_viable: int


class OfficerQuestions(Exact):
    """How many of the questions in each phase are one officer's."""

    officer: Officer
    name: str
    can_change_a_verdict: int
    firm_up: int


class NextQuestionsOutput(Exact):
    """`advisor ask ANSWERS --next --format json`: the questions still worth asking, most useful first, and why:
    `questions` can change a verdict (phase 1), `firm_up` settle the open models' conditions (phase 2)."""

    as_at: dt.date
    answered: int
    available: int
    phase: Literal[1, 2] | None = Field(description="the phase the interview is in; null when nothing is left to ask")
    models: VerdictCounts
    options: VerdictCounts
    questions: list[QuestionToAsk]
    firm_up: list[QuestionToAsk]
    by_officer: list[OfficerQuestions]
    irrelevant_answers: list[str]
    answers_file: str
    disclaimer: str
    officer: Officer | None


class LawDiffOutput(Exact):
    """`advisor diff --format json`: the changes of law between two dates, and the options whose verdict
    (`verdicts`) or only findings (`findings`) differ for the council."""

    first: dt.date
    second: dt.date
    law: list[LawChange]
    verdicts: list[OptionChange]
    findings: list[OptionChange]
    council_name: str | None
    disclaimer: str


class CheckOutput(Exact):
    """`advisor check --format json`: each rule touching the proposal's model and form, passing, failing or
    unknown, with the fix; `passed` when none fails."""

    name: str | None
    adm: str
    form: str
    verdict: Verdict
    provided: list[Provided]
    as_at: dt.date
    items: list[HeldItem | UnheldItem]
    counts: StatusCounts
    thresholds: list[Threshold]
    impossible: list[ImpossibleStep] = Field(description="timed steps the proposal's dates already make impossible")
    today: dt.date = Field(description="the day deadlines were judged on (--today, else the as-at date)")
    passed: bool
    disclaimer: str


OUTPUT_SCHEMAS: dict[str, type[BaseModel]] = {"assessment": AssessmentOutput, "next": NextQuestionsOutput,
                                              "diff": LawDiffOutput, "check": CheckOutput, "plan": PlanOutput}
