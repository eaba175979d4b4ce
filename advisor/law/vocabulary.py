"""The answers vocabulary: the facts a council can give, read from rules/answers/*.yaml."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from advisor.base.errors import RulebookError
from advisor.base.officers import OFFICERS, Officer
from advisor.base.yamlio import load_yaml
from advisor.law.citations import Grade, citation_problem

LABEL_LIMIT = 120  # the longest a choice's label may be, in characters
FactType = Literal["yes_no", "number", "date", "choice", "choices", "text"]


class DefinedTerm(BaseModel):
    """A legal term a question uses, in plain words, with the provision that defines it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str
    meaning: str
    cite: str
    uri: str
    grade: Grade = "statute"

    @model_validator(mode="after")
    def _has_authority(self) -> DefinedTerm:
        problem = citation_problem(self.cite, self.uri, self.grade)
        if problem:
            raise ValueError(problem)
        return self


class FactSpec(BaseModel):
    """One answerable fact: its type, allowed values, meaning and the question asking it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""
    section: str = ""
    type: FactType
    description: str
    question: str
    label: str | None = None  # a short name for the fact in documents ("Award without competition"); see `shown_label`
    help: str | None = None  # plain-words guidance shown under the question
    terms: tuple[str, ...] = ()  # defined terms the question uses
    always_ask: bool = False  # asked even when no verdict depends on it (names for the report)
    choosable: bool = False  # set from the section: what-if analysis may vary it
    officer: Officer | None = None  # who usually answers (default: the section's officer)
    topic: str | None = None  # what the question is about (default: the section's title)
    council_choice: bool | None = None  # the council's own choice about the route (default: the section's `choosable`)
    provided: tuple[tuple[bool | str, str], ...] = ()  # a council choice: per answer, the condition it sets (a mapping in YAML)
    choices: tuple[str, ...] = ()
    choice_labels: tuple[tuple[str, str], ...] = ()  # each choice's words for an officer (a mapping in YAML)
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None

    @model_validator(mode="after")
    def _choices_fit_type(self) -> FactSpec:
        wants_choices = self.type in ("choice", "choices")
        if wants_choices != bool(self.choices):
            raise ValueError("`choices` is required for choice/choices facts and only for them")
        return self

    @field_validator("provided", "choice_labels", mode="before")
    @classmethod
    def _pairs(cls, value: object) -> object:
        return tuple(value.items()) if isinstance(value, dict) else value

    def provided_text(self, value: bool | str) -> str:
        """The condition this answer to a council choice sets, in words."""
        return dict(self.provided)[value]

    def choice_words(self, choice: str) -> str:
        """A choice as an officer reads it: its label from `choice_labels`, else its id in words."""
        words = dict(self.choice_labels).get(choice) or choice.replace("_", " ")
        return words[:1].upper() + words[1:]

    @property
    def shown_label(self) -> str:
        """The fact's short name in documents: its `label`, else its name in words without the unit's suffix."""
        if self.label:
            return self.label
        words = re.sub(r"_(gbp|pct|count)$", "", self.name).replace("_", " ")
        return words[:1].upper() + words[1:]

    @property
    def answer_values(self) -> tuple[bool | str, ...]:
        """Every answer a yes/no or single-choice fact can take (none for other types)."""
        return {"yes_no": (False, True), "choice": self.choices}.get(self.type, ())

    @property
    def settled_by_choice(self) -> bool:
        """A council choice whose answers can be tried, so that leaving it unmade can become a condition."""
        return bool(self.council_choice and self.answer_values)


class OldMeaning(BaseModel):
    """One answer to a replaced field and the values of its replacement that say the same."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    old: bool | str
    new: tuple[str, ...]  # the first is written when the replacement is not answered


class ReplacedField(BaseModel):
    """A field older answers files may still give: each of its answers read as its replacement's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    by: str
    meanings: tuple[OldMeaning, ...]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section: str
    title: str
    choosable: bool = False  # the council chooses these answers (red lines, objectives), not facts of the world
    officer: Officer  # who usually answers this section's questions (a field may name another)
    terms: dict[str, DefinedTerm] = {}
    fields: dict[str, FactSpec]
    replaced: dict[str, ReplacedField] = {}  # old field names still read, mapped onto the fields that replace them


class Vocabulary:
    """All facts by name, in the order the answers files list them."""

    def __init__(self, facts: list[FactSpec], titles: dict[str, str], terms: dict[str, DefinedTerm] | None = None,
                 replaced: dict[str, ReplacedField] | None = None) -> None:
        self.facts = {fact.name: fact for fact in facts}
        self.section_titles = titles
        self.terms = terms or {}
        self.replaced = replaced or {}
        self._order = {name: index for index, name in enumerate(self.facts)}

    def __contains__(self, name: object) -> bool:
        return name in self.facts

    def __getitem__(self, name: str) -> FactSpec:
        return self.facts[name]

    def order(self, name: str) -> int:
        """Position of a fact in the questionnaire order (for stable sorting)."""
        return self._order[name]

    @cached_property
    def flat_plan(self) -> tuple[tuple[str, bool, tuple[tuple[str, str], ...]], ...]:
        """How answers flatten: per fact, (name, kept as itself, its (flag key, choice) pairs)."""
        return tuple((spec.name, spec.type not in ("choices", "text"),
                      tuple((f"{spec.name}__{choice}", choice) for choice in spec.choices or ())
                      if spec.type in ("choice", "choices") else ())
                     for spec in self.facts.values())


def _read_section(path: Path) -> _Section:
    try:
        return _Section.model_validate(load_yaml(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RulebookError(f"{path.name}: invalid answers vocabulary: {exc}") from exc


def load_vocabulary(directory: Path) -> Vocabulary:
    """Load every answers section file; a fact defined twice is an error."""
    facts: list[FactSpec] = []
    titles: dict[str, str] = {}
    terms: dict[str, DefinedTerm] = {}
    replaced: dict[str, ReplacedField] = {}
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        section = _read_section(path)
        titles[section.section] = section.title
        for name, term in section.terms.items():
            if name in seen:
                raise RulebookError(f"{path.name}: term {name!r} is already defined in {seen[name]}")
            seen[name], terms[name] = path.name, term
        for name, spec in section.fields.items():
            if name in seen:
                raise RulebookError(f"{path.name}: fact {name!r} is already defined in {seen[name]}")
            seen[name] = path.name
            facts.append(_checked_labels(path, _checked_choice(path, spec.model_copy(update={
                "name": name, "section": section.section, "choosable": section.choosable,
                "officer": spec.officer or section.officer, "topic": spec.topic or section.title,
                "council_choice": section.choosable if spec.council_choice is None else spec.council_choice}))))
        for name, old in section.replaced.items():
            if name in seen:
                raise RulebookError(f"{path.name}: replaced field {name!r} is already defined in {seen[name]}")
            seen[name], replaced[name] = path.name, old
    _check_terms(facts, terms, seen)
    _check_replaced(facts, replaced, seen)
    return Vocabulary(facts, titles, terms, replaced)


def _check_replaced(facts: list[FactSpec], replaced: dict[str, ReplacedField], origin: dict[str, str]) -> None:
    """Each replaced field names a choice field that replaces it, and maps its answers onto that field's choices."""
    by_name = {fact.name: fact for fact in facts}
    for name, old in replaced.items():
        spec = by_name.get(old.by)
        if spec is None or spec.type != "choice":
            raise RulebookError(f"{origin[name]}: replaced field {name!r} must name a choice field replacing it, "
                                f"not {old.by!r}")
        for meaning in old.meanings:
            if not meaning.new or set(meaning.new) - set(spec.choices):
                raise RulebookError(f"{origin[name]}: replaced field {name!r}: {list(meaning.new)} are not "
                                    f"choices of {old.by!r}")


def _checked_choice(path: Path, spec: FactSpec) -> FactSpec:
    """A council choice of yes/no or one choice says, for every answer, the condition it sets; nothing else does."""
    wanted = set(spec.answer_values) if spec.council_choice else set()
    given = {value for value, _ in spec.provided}
    if given != wanted or len(given) != len(spec.provided):
        missing = sorted(map(str, wanted - given))
        extra = sorted(map(str, given - wanted))
        raise RulebookError(f"{path.name}: fact {spec.name!r}: `provided` must give the condition for each answer of "
                            f"a council choice of type yes_no or choice, and only for those (missing {missing}, not "
                            f"allowed {extra})")
    return spec


def _checked_labels(path: Path, spec: FactSpec) -> FactSpec:
    """`choice_labels` name only the fact's own choices, each in one line of at most 120 characters (and no comma
    for a several-choices fact, whose choices are listed with commas)."""
    named = [choice for choice, _ in spec.choice_labels]
    unknown = sorted(set(named) - set(spec.choices))
    if unknown:
        raise RulebookError(f"{path.name}: fact {spec.name!r}: `choice_labels` names {unknown}, which are not its "
                            f"choices; allowed: {list(spec.choices)}")
    for choice, words in spec.choice_labels:
        if not words.strip() or "\n" in words or len(words) > LABEL_LIMIT:
            raise RulebookError(f"{path.name}: fact {spec.name!r}: the label of choice {choice!r} must be one line of "
                                f"1 to {LABEL_LIMIT} characters, not {words[:40]!r} ({len(words)} characters)")
        if spec.type == "choices" and "," in words:
            raise RulebookError(f"{path.name}: fact {spec.name!r}: the label of choice {choice!r} must hold no comma: "
                                f"the choices of a several-choices answer are listed with commas")
    return spec


def _check_terms(facts: list[FactSpec], terms: dict[str, DefinedTerm], origin: dict[str, str]) -> None:
    """Every term a question uses is defined, and every defined term is used by some question."""
    used = {term for fact in facts for term in fact.terms}
    for fact in facts:
        for term in fact.terms:
            if term not in terms:
                raise RulebookError(f"{origin[fact.name]}: fact {fact.name!r} uses undefined term {term!r}")
    for term in sorted(set(terms) - used):
        raise RulebookError(f"{origin[term]}: term {term!r} is defined but no question uses it")


def fact_field_description(spec: FactSpec) -> str:
    """The JSON-Schema description of a fact: meaning, unit and the unknown convention."""
    unit = f" Unit: {spec.unit}." if spec.unit else ""
    return f"{spec.description}{unit} Leave out or answer `unknown` if not known."


__all__ = ["OFFICERS", "DefinedTerm", "FactSpec", "Officer",
           "OldMeaning", "ReplacedField", "Vocabulary", "fact_field_description", "load_vocabulary"]
