"""Facts in words: an answer or a derived fact as a reader sees it ("Award without competition: yes")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from advisor.base.dates import date_words
from advisor.documents.templates import figure
from advisor.law.rules import Rulebook
from advisor.law.typed_answers import shown_value
from advisor.law.vocabulary import FactSpec

_DERIVED = "derived."
_STATUS_WORDS: dict[object, str] = {"true": "yes", "false": "no", "unknown": "unknown", True: "yes", False: "no"}


def answer_text(spec: FactSpec, value: object) -> str:
    """An answer in words: a choice as its label says it, money in pounds, shares in per cent, a date as 1 April
    2026."""
    if value is None:
        return "unknown"
    if spec.unit in ("gbp", "percent") and isinstance(value, int | float) and not isinstance(value, bool):
        return figure(value, spec.unit)
    if spec.type == "choices" and isinstance(value, list | tuple | str):
        chosen = _listed(value) if isinstance(value, str) else [str(choice) for choice in value]
        if set(chosen) <= set(spec.choices):
            return choices_text(spec, chosen) if chosen else "none"
    if spec.type == "choice" and isinstance(value, str):
        return spec.choice_words(value)
    if spec.type == "date":
        return _date_text(value)
    return shown_value(spec, value)


def _date_text(value: object) -> str:
    """A date answer in words (1 April 2026), from the answer or its JSON or history form (ISO text)."""
    if isinstance(value, str):
        try:
            return date_words(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return date_words(value) if isinstance(value, dt.date) else str(value)


def _listed(text: str) -> list[str]:
    """Several choices as a form or the history writes them ("a, b"; "none" for no choice)."""
    return [] if text.strip() == "none" else [part.strip() for part in text.split(",") if part.strip()]


def choices_text(spec: FactSpec, chosen: Sequence[object]) -> str:
    """Several choices in words, separated by commas (the label of one of several choices holds none)."""
    return ", ".join(spec.choice_words(str(choice)) for choice in chosen)


def choice_words(book: Rulebook, name: str) -> list[tuple[str, str]]:
    """A choice fact's choices as (id, words an officer reads), in the vocabulary's order (none for other facts)."""
    spec = book.vocabulary.facts[name]
    return [(choice, spec.choice_words(choice)) for choice in spec.choices]


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
