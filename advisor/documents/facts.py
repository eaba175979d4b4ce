"""Facts in words: an answer or a derived fact as a reader sees it ("Award without competition: yes")."""

from __future__ import annotations

from collections.abc import Mapping

from advisor.documents.templates import figure
from advisor.law.rules import Rulebook
from advisor.law.typed_answers import shown_value
from advisor.law.vocabulary import FactSpec

_DERIVED = "derived."
_STATUS_WORDS: dict[object, str] = {"true": "yes", "false": "no", "unknown": "unknown", True: "yes", False: "no"}


def answer_text(spec: FactSpec, value: object) -> str:
    """An answer in words: choices without underscores, money in pounds, shares in per cent."""
    if value is None:
        return "unknown"
    if spec.unit in ("gbp", "percent") and isinstance(value, int | float) and not isinstance(value, bool):
        return figure(value, spec.unit)
    text = shown_value(spec, value)
    return text.replace("_", " ") if spec.type in ("choice", "choices") else text


def fact_label(book: Rulebook, key: str) -> str:
    """A fact's short name: an answer's label, or a derived fact's (`derived.NAME`) label from derived.yaml."""
    if key.startswith(_DERIVED):
        name = key.removeprefix(_DERIVED)
        return book.derived_labels.get(name) or book.derived[name]
    return book.vocabulary.facts[key].shown_label


def fact_value(book: Rulebook, key: str, value: object) -> str:
    """A fact's value in words: yes, no, unknown, an amount or a choice (from an answer or its JSON form)."""
    if value == "unknown":  # JSON's unknown answer (json_value); no answer can be the word itself
        return "unknown"
    if key.startswith(_DERIVED):
        return "not assessed" if value is None else _STATUS_WORDS.get(value, str(value))
    return answer_text(book.vocabulary.facts[key], value)


def facts_in_words(book: Rulebook, facts: Mapping[str, object]) -> list[str]:
    """Each fact a rule read, as "Label: value"."""
    return [f"{fact_label(book, key)}: {fact_value(book, key, value)}" for key, value in facts.items()]
