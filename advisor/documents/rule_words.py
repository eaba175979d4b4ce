"""A rule read as law: its condition as a sentence in the vocabulary's words, its texts with their parameters filled in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from advisor.documents.facts import answer_text, choices_text, fact_label
from advisor.law.conditions import Condition, DerivedLeaf, FactLeaf, Node
from advisor.law.explain import render_text
from advisor.law.rules import Rule, Rulebook

_OPERATORS = {"==": "is", "!=": "is not", "<": "is less than", "<=": "is at most", ">": "is more than",
              ">=": "is at least", "in": "is one of", "not_in": "is none of", "contains": "includes",
              "lacks": "does not include"}
_JOINS = {"all": " and ", "any": " or "}


class _Blank(str):
    """An answer not given, in a rule's text shown without a council: "[Council share]"; tests as no answer."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __contains__(self, item: object) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return other is self

    def __hash__(self) -> int:
        return str.__hash__(self)


@dataclass(frozen=True)
class _Placeholder:
    """The delivery model or legal form a rule's text names, when it is read for none in particular."""

    name: str
    id: str = ""


def parameters_on(book: Rulebook, rule: Rule, day: dt.date) -> dict[str, float | int]:
    """The values of the rule's topic parameters in force on `day` (those without one left out)."""
    values = {name: param.value_on(day) for name, param in book.file_of(rule).parameters.items()}
    return {name: value for name, value in values.items() if value is not None}


def _phrase(text: str) -> str:
    """A label inside a sentence: first letter in lower case, unless it starts an abbreviation (TUPE, VAT)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _value(book: Rulebook, leaf: FactLeaf, params: Mapping[str, float | int]) -> str:
    spec = book.vocabulary.facts[leaf.fact]
    if leaf.param is not None:
        return answer_text(spec, params[leaf.param]) if leaf.param in params else "(no value on this date)"
    if isinstance(leaf.value, tuple):
        return choices_text(spec, leaf.value)
    return answer_text(spec, leaf.value)


def _leaf(book: Rulebook, leaf: FactLeaf | DerivedLeaf, params: Mapping[str, float | int]) -> str:
    if isinstance(leaf, DerivedLeaf):
        return f"{_phrase(fact_label(book, 'derived.' + leaf.name))}: {'yes' if leaf.value else 'no'}"
    label = _phrase(fact_label(book, leaf.fact))
    if leaf.op == "is":
        return f"{label}: {'yes' if leaf.value else 'no'}"
    if leaf.op in ("contains", "lacks"):
        spec = book.vocabulary.facts[leaf.fact]
        return f"{label} {_OPERATORS[leaf.op]} {spec.choice_words(str(leaf.value))}"
    return f"{label} {_OPERATORS[leaf.op]} {_value(book, leaf, params)}"


def _clause(book: Rulebook, condition: Condition, params: Mapping[str, float | int], nested: bool) -> str:
    if not isinstance(condition, Node):
        return _leaf(book, condition, params)
    if condition.kind == "not":
        return f"not ({_clause(book, condition.items[0], params, False)})"
    if not condition.items:
        return "always" if condition.kind == "all" else "never"
    text = _JOINS[condition.kind].join(_clause(book, item, params, True) for item in condition.items)
    return f"({text})" if nested and len(condition.items) > 1 else text


def condition_sentence(book: Rulebook, rule: Rule, params: Mapping[str, float | int]) -> str:
    """When the rule applies, as a sentence: "The move is a TUPE transfer of the staff: yes and keep control: yes"."""
    if rule.condition is None:
        return "Always (wherever the rule is in force)."
    text = _clause(book, rule.condition, params, False)
    return text[:1].upper() + text[1:] + "."


def rule_texts(book: Rulebook, rule: Rule, params: Mapping[str, float | int]) -> dict[str, str | None]:
    """The rule's explanation, remedy and action with its parameters filled in; answers, model and form as blanks."""
    context = {
        "facts": {name: _Blank(f"[{spec.shown_label}]") for name, spec in book.vocabulary.facts.items()},
        "params": params,
        "derived": {name: None for name in book.derived},
        "adm": _Placeholder("[the delivery model]"),
        "form": _Placeholder("[the legal form]"),
    }
    where = f"{rule.file}: rule {rule.id}"
    return {key: render_text(text, context, where) if text else None
            for key, text in (("explanation", rule.explanation), ("remedy", rule.remedy), ("action", rule.action))}
