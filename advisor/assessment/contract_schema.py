"""The parts of the JSON contracts built in this layer, as exact pydantic models: a finding, its citations, a
form's and a model's verdict, the law diff's changes and a proposal check's items. Each forbids any key it does
not name, so its JSON Schema says exactly what the JSON gives."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.assessment.verdicts import Verdict
from advisor.law.citations import Grade
from advisor.law.rules import Effect

Confidence = Literal["settled", "practice", "uncertain"]
FactValue = bool | int | float | str | list[str]  # an answer as JSON gives it: a date in ISO form, "unknown" if not known
CheckStatus = Literal["fail", "unknown", "applies", "risk", "note", "pass"]


def _no_default(schema: dict[str, Any]) -> None:
    """A key that may be absent is not required; it has no default value to state."""
    schema.pop("default", None)


def absent(description: str) -> Any:
    """A key given only when it applies (never null): not required, no default in the schema."""
    return Field(default=None, description=description, json_schema_extra=_no_default)


class Exact(BaseModel):
    """A part of a JSON contract: every key named, none other allowed."""

    model_config = ConfigDict(extra="forbid")


class Citation(Exact):
    """An authority a rule cites, in force on the assessment's date."""

    cite: str
    uri: str
    grade: Grade
    in_force_from: dt.date
    in_force_to: dt.date | None


class Finding(Exact):
    """A rule that holds (or may hold) for an option: what it says, the facts it read and its authorities."""

    rule: str
    title: str
    area: str
    effect: Effect
    text: str
    facts: dict[str, FactValue]
    citations: list[Citation]
    confidence: Confidence
    remedy: str = absent("what would cure an exclusion, when the rule says")
    action: str = absent("what the council must do, when the rule says")


class OpenQuestion(Exact):
    """An unanswered fact an option's verdict waits on."""

    fact: str
    question: str
    rules: list[str]
    decisive: bool


class Avoided(Exact):
    """An exclusion a council's choice avoids."""

    rule: str
    title: str
    confidence: Confidence
    citations: list[Citation]


class Provided(Exact):
    """A choice the council must make for an option to stay open, and the exclusions it avoids."""

    fact: str
    value: bool | str
    text: str
    avoids: list[Avoided]


class FormVerdict(Exact):
    """One legal form of a delivery model: its verdict, the choices it needs, findings and open questions."""

    form: str
    name: str
    verdict: Verdict
    provided: list[Provided]
    findings: list[Finding]
    open_questions: list[OpenQuestion]


class RuleBase(Exact):
    """The rule base that was applied: its digest and how many rules it holds."""

    digest: str
    rules: int


class LawWindow(Exact):
    """A rule that comes into force (`starts`) or ceases (`ends`) between the two dates."""

    rule: str
    title: str
    change: Literal["starts", "ends"]
    on: dt.date
    citations: list[str]


class ParameterChange(Exact):
    """A threshold, cap or limit a rule reads whose value differs between the two dates (null: none in force)."""

    rule: str
    title: str
    change: Literal["parameter"]
    parameter: str
    before: int | float | None
    after: int | float | None


class CitationChange(Exact):
    """The provisions a rule cites that differ between the two dates: removed (`before`) and added (`after`)."""

    rule: str
    title: str
    change: Literal["citations"]
    before: list[str]
    after: list[str]


LawChange = LawWindow | ParameterChange | CitationChange


class OptionChange(Exact):
    """An option (named) whose verdict or findings differ, the rules added and removed, and the changes of law behind it."""

    adm: str
    form: str
    before: Verdict
    after: Verdict
    added: list[str]
    removed: list[str]
    because: list[str]


class ShortCitation(Exact):
    """An authority a rule cites, by its citation and address."""

    cite: str
    uri: str


class HeldItem(Finding):
    """A proposal check's rule that holds or may hold: the finding, and its status (the remedy only on a fail)."""

    status: CheckStatus


class UnheldItem(Exact):
    """A proposal check's rule that does not hold: what it read and where it comes from, and its status."""

    rule: str
    title: str
    area: str
    effect: Effect
    confidence: Confidence
    facts: dict[str, FactValue]
    citations: list[ShortCitation]
    status: CheckStatus


class StatusCounts(Exact):
    """How many of a proposal check's rules have each status."""

    fail: int
    unknown: int
    applies: int
    risk: int
    note: int
    pass_: int = Field(alias="pass")


class Threshold(Exact):
    """How far a numeric answer sits from a threshold the option's rules compare it with."""

    fact: str
    value: int | float
    ops: list[str]
    threshold: float
    unit: str
    margin: float
    side: Literal["above", "at", "below"]
    rule: str
    knife_edge: bool
