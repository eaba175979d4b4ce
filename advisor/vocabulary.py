"""The answers vocabulary: the facts a council can give, read from rules/answers/*.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from advisor.errors import RulebookError
from advisor.yamlio import load_yaml

FactType = Literal["yes_no", "number", "date", "choice", "choices", "text"]


class FactSpec(BaseModel):
    """One answerable fact: its type, allowed values, meaning and the question asking it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""
    section: str = ""
    type: FactType
    description: str
    question: str
    choices: tuple[str, ...] = ()
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None

    @model_validator(mode="after")
    def _choices_fit_type(self) -> FactSpec:
        wants_choices = self.type in ("choice", "choices")
        if wants_choices != bool(self.choices):
            raise ValueError("`choices` is required for choice/choices facts and only for them")
        return self


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section: str
    title: str
    fields: dict[str, FactSpec]


class Vocabulary:
    """All facts by name, in the order the answers files list them."""

    def __init__(self, facts: list[FactSpec], titles: dict[str, str]) -> None:
        self.facts = {fact.name: fact for fact in facts}
        self.section_titles = titles
        self._order = {name: index for index, name in enumerate(self.facts)}

    def __contains__(self, name: object) -> bool:
        return name in self.facts

    def __getitem__(self, name: str) -> FactSpec:
        return self.facts[name]

    def order(self, name: str) -> int:
        """Position of a fact in the questionnaire order (for stable sorting)."""
        return self._order[name]


def _read_section(path: Path) -> _Section:
    try:
        return _Section.model_validate(load_yaml(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RulebookError(f"{path.name}: invalid answers vocabulary: {exc}") from exc


def load_vocabulary(directory: Path) -> Vocabulary:
    """Load every answers section file; a fact defined twice is an error."""
    facts: list[FactSpec] = []
    titles: dict[str, str] = {}
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        section = _read_section(path)
        titles[section.section] = section.title
        for name, spec in section.fields.items():
            if name in seen:
                raise RulebookError(f"{path.name}: fact {name!r} is already defined in {seen[name]}")
            seen[name] = path.name
            facts.append(spec.model_copy(update={"name": name, "section": section.section}))
    return Vocabulary(facts, titles)


def fact_field_description(spec: FactSpec) -> str:
    """The JSON-Schema description of a fact: meaning, unit and the unknown convention."""
    unit = f" Unit: {spec.unit}." if spec.unit else ""
    return f"{spec.description}{unit} Leave out or answer `unknown` if not known."


__all__ = ["FactSpec", "Vocabulary", "fact_field_description", "load_vocabulary"]
