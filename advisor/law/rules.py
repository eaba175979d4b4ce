"""The rule format: pydantic models of a topic file, its rules, authorities and dated parameters, and the Rulebook."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from advisor.law.catalogue import Catalogue
from advisor.law.citations import Grade, citation_problem
from advisor.law.conditions import Condition, parse_condition
from advisor.law.timing import Timing
from advisor.law.vocabulary import Vocabulary

AREAS = ("tupe", "pensions", "equal_pay", "control", "procurement", "asset_lock", "vat", "tax",
         "childrens_social_care", "powers", "subsidy")
Effect = Literal["exclude", "condition", "risk", "duty", "note", "derive"]
EFFECT_ORDER = ("exclude", "condition", "duty", "risk", "note", "derive")  # how findings are listed
DateBasis = Literal["as_at", "procurement_start_date", "transfer_date"]
Level = Literal["low", "medium", "high"]
Tag = Literal["consultation"]  # a finding the memo also lists under its own heading
_ID = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+$")
END_OF_TIME = dt.date(9999, 12, 31)


class InForce(BaseModel):
    """A window of days, both ends included; no `to` means still in force."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: dt.date = Field(alias="from")
    to: dt.date | None = None

    @property
    def end(self) -> dt.date:
        """The last day in force (far future when open-ended)."""
        return self.to or END_OF_TIME

    def covers(self, day: dt.date) -> bool:
        """True when the window includes `day`."""
        return self.start <= day <= self.end

    @model_validator(mode="after")
    def _ordered(self) -> InForce:
        if self.to is not None and self.to < self.start:
            raise ValueError("`to` is before `from`")
        return self


class Authority(BaseModel):
    """A provision or case relied on, with a pinpoint citation and its URI."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cite: str = Field(min_length=5)
    uri: str
    grade: Grade
    in_force: InForce
    quote: str | None = None

    @model_validator(mode="after")
    def _has_authority(self) -> Authority:
        problem = citation_problem(self.cite, self.uri, self.grade)
        if problem:
            raise ValueError(problem)
        return self


class ParamValue(BaseModel):
    """A parameter's value from a date, with the authority that set it."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: dt.date = Field(alias="from")
    value: float | int
    authority: str


class Parameter(BaseModel):
    """A dated number the rules compare answers with (threshold, cap, limit)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    unit: str
    values: tuple[ParamValue, ...] = Field(min_length=1)

    def value_on(self, day: dt.date) -> float | int | None:
        """The value in force on `day`, or None before the first value."""
        current = None
        for entry in sorted(self.values, key=lambda v: v.start):
            if entry.start <= day:
                current = entry.value
        return current


class Touches(BaseModel):
    """The delivery models and forms a rule speaks about."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    adms: Literal["all"] | tuple[str, ...]
    forms: Literal["all"] | tuple[str, ...] = "all"


class Rule(BaseModel):
    """One rule: a legal consequence for named delivery models, with its authority."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    id: str
    title: str
    area: str
    effect: Effect
    derives: str | None = None
    touches: Touches
    in_force: InForce
    date_basis: DateBasis = "as_at"
    when: Any = None
    authorities: tuple[str, ...] = Field(min_length=1)
    confidence: Literal["settled", "practice", "uncertain"]
    explanation: str = Field(min_length=10)
    remedy: str | None = None
    action: str | None = None
    likelihood: Level | None = None  # risks only: how likely the risk is to arise where the rule applies
    impact: Level | None = None  # risks only: how serious it would be for the council
    tags: tuple[Tag, ...] = ()
    scope: Literal["any", "proposal"] = "any"  # proposal: applied only when checking a proposed structure
    timing: Timing | None = None  # duties and conditions only: the step's date in the timetable (`advisor plan`)
    topic: str = ""
    file: str = ""
    _condition: Condition | None = PrivateAttr(default=None)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id {value!r} is not topic.subject.finding in lower_snake_case")
        return value

    @field_validator("area")
    @classmethod
    def _known_area(cls, value: str) -> str:
        if value not in AREAS:
            raise ValueError(f"area {value!r} is not one of {', '.join(AREAS)}")
        return value

    @model_validator(mode="after")
    def _effect_fits(self) -> Rule:
        if (self.effect == "derive") != (self.derives is not None):
            raise ValueError("`derives` is required with effect derive, and only then")
        if self.confidence == "uncertain" and self.effect not in ("risk", "note"):
            raise ValueError("an uncertain rule may only be a risk or a note")
        if self.effect != "risk" and (self.likelihood or self.impact):
            raise ValueError("`likelihood` and `impact` grade risks only")
        if self.timing is not None and self.effect not in ("duty", "condition"):
            raise ValueError("`timing` dates duties and conditions only")
        return self

    @property
    def condition(self) -> Condition | None:
        """The parsed condition (None: always holds)."""
        return self._condition

    def with_origin(self, topic: str, file: str) -> Rule:
        """A copy stamped with its topic and file, its condition parsed."""
        rule = self.model_copy(update={"topic": topic, "file": file})
        if self.when is not None:
            rule._condition = parse_condition(self.when, f"{file}: {self.id}")
        return rule


class TopicFile(BaseModel):
    """One rules/<topic>.yaml file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    topic: str
    title: str
    authorities: dict[str, Authority] = Field(min_length=1)
    parameters: dict[str, Parameter] = {}
    rules: tuple[Rule, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Rulebook:
    """The whole rule base: catalogue, vocabulary, topic files and rules by id."""

    catalogue: Catalogue
    vocabulary: Vocabulary
    derived: dict[str, str]
    files: dict[str, TopicFile]
    rules: dict[str, Rule]
    digest: str
    derived_labels: dict[str, str] = field(default_factory=dict)  # each derived fact's short name in documents
    parties: dict[str, str] = field(default_factory=dict)  # who does a timed step, in words (parties.yaml)
    touched: dict[str, tuple[tuple[str, ...], frozenset[tuple[str, str]]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ids = tuple(adm.id for adm in self.catalogue.adms)
        options = self.catalogue.options()
        for rule in self.rules.values():
            adms = ids if rule.touches.adms == "all" else tuple(a for a in ids if a in rule.touches.adms)
            forms = rule.touches.forms
            pairs = frozenset((a, f) for a, f in options if a in adms and (forms == "all" or f in forms))
            self.touched[rule.id] = (adms, pairs)

    def file_of(self, rule: Rule) -> TopicFile:
        """The topic file a rule was read from."""
        return self.files[rule.file]

    def adms_of(self, rule: Rule) -> tuple[str, ...]:
        """The ADM ids a rule touches, in catalogue order."""
        return self.touched[rule.id][0]

    def options_of(self, rule: Rule) -> frozenset[tuple[str, str]]:
        """The (ADM, form) pairs a rule speaks about."""
        return self.touched[rule.id][1]

    def touches_option(self, rule: Rule, adm: str, form: str) -> bool:
        """True when the rule speaks about this ADM in this form."""
        return (adm, form) in self.touched[rule.id][1]
