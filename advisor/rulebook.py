"""The rule format (pydantic models) and the loader that reads and checks rules/*.yaml."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from advisor.catalogue import Catalogue, load_catalogue
from advisor.citations import Grade, citation_problem
from advisor.conditions import Condition, parse_condition
from advisor.errors import RulebookError
from advisor.resources import data_dir
from advisor.vocabulary import Vocabulary, load_vocabulary
from advisor.yamlio import load_yaml

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

    def touches_option(self, rule: Rule, adm: str, form: str) -> bool:
        """True when the rule speaks about this ADM in this form."""
        return (adm, form) in self.touched[rule.id][1]


def _read_topic(path: Path) -> TopicFile:
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulebookError(f"{path.name}: cannot be read as YAML: {exc}") from exc
    try:
        topic = TopicFile.model_validate(raw)
    except ValidationError as exc:
        raise RulebookError(f"{path.name}: {_first_error(exc, raw)}") from None
    rules = tuple(rule.with_origin(topic.topic, path.name) for rule in topic.rules)
    return topic.model_copy(update={"rules": rules})


def _first_error(exc: ValidationError, raw: object) -> str:
    error = exc.errors()[0]
    loc = list(error["loc"])
    where = ".".join(str(part) for part in loc)
    if loc[:1] == ["rules"] and len(loc) > 1 and isinstance(raw, dict):
        with contextlib.suppress(IndexError, KeyError, AttributeError, TypeError):
            where = f"rule {raw['rules'][loc[1]].get('id', loc[1])}: " + ".".join(str(p) for p in loc[2:])
    return f"{where}: {error['msg']}"


def _load_derived(rules_dir: Path) -> dict[str, str]:
    try:
        raw = load_yaml((rules_dir / "derived.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulebookError(f"derived.yaml: cannot be read as YAML: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("derived"), dict):
        raise RulebookError("derived.yaml: expected a mapping `derived:` of name to description")
    return {name: spec["description"] for name, spec in raw["derived"].items()}


def rules_digest(rules_dir: Path) -> str:
    """The sha256 of every YAML file in the rule base, with its path."""
    sha = hashlib.sha256()
    for path in sorted(rules_dir.rglob("*.yaml")):
        sha.update(path.relative_to(rules_dir).as_posix().encode())
        sha.update(path.read_bytes())
    return "sha256:" + sha.hexdigest()


def topic_paths(rules_dir: Path) -> list[Path]:
    """The topic files: every YAML file in rules/ except the catalogue and vocabulary."""
    reserved = {"adms.yaml", "forms.yaml", "derived.yaml", "proposal_map.yaml"}
    return [path for path in sorted(rules_dir.glob("*.yaml")) if path.name not in reserved]


def load_rulebook(rules_dir: Path | None = None) -> Rulebook:
    """Load and check the whole rule base; any problem raises RulebookError naming file and rule."""
    from advisor.rulecheck import check_rulebook

    rules_dir = rules_dir or data_dir("rules")
    files = {path.name: _read_topic(path) for path in topic_paths(rules_dir)}
    rules: dict[str, Rule] = {}
    for name, topic in files.items():
        for rule in topic.rules:
            if rule.id in rules:
                raise RulebookError(f"{name}: rule id {rule.id} is already used in {rules[rule.id].file}")
            rules[rule.id] = rule
    book = Rulebook(load_catalogue(rules_dir), load_vocabulary(rules_dir / "answers"),
                    _load_derived(rules_dir), files, rules, rules_digest(rules_dir))
    check_rulebook(book)
    return book
