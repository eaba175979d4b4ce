"""Answers as officers type and read them: the forms each kind of question accepts, how to say so, and how a value is shown."""

from __future__ import annotations

import datetime as dt
import re

from advisor.base.dates import DATE_FORMS, NotADate, parse_date
from advisor.law.vocabulary import FactSpec

_YES = ("y", "yes", "true")
_NO = ("n", "no", "false")
_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


class NotAnAnswer(ValueError):
    """What was typed is not an answer to this question; the message says what is."""


def answer_hint(spec: FactSpec) -> str:
    """How to answer, in a few words."""
    if spec.type == "yes_no":
        return "y(es) or n(o)"
    if spec.type == "number":
        low = "" if spec.minimum is None else f" from {spec.minimum:g}"
        high = "" if spec.maximum is None else f" to {spec.maximum:g}"
        unit = f" ({spec.unit})" if spec.unit else ""
        return f"a number{low}{high}{unit}"
    if spec.type == "date":
        return DATE_FORMS
    if spec.type == "choice":
        return "the number or name of one choice"
    if spec.type == "choices":
        return "the numbers or names of every choice that applies, separated by commas (or none)"
    return "text"


def parse_answer(spec: FactSpec, typed: str) -> object:
    """The value typed, in the fact's type; NotAnAnswer says what is allowed."""
    text = typed.strip()
    if not text:
        raise NotAnAnswer(f"please answer with {answer_hint(spec)}, or u if you don't know")
    if spec.type == "yes_no":
        return _yes_no(text)
    if spec.type == "number":
        return _number(text)
    if spec.type == "date":
        return _date(text)
    if spec.type == "choice":
        return _choice(spec, text)
    if spec.type == "choices":
        return _choices(spec, text)
    return text


def _yes_no(text: str) -> bool:
    word = text.lower()
    if word in _YES or word in _NO:
        return word in _YES
    raise NotAnAnswer(f"{text!r} is not yes or no: type y or n")


def _number(text: str) -> int | float:
    cleaned = text.replace("£", "").replace("%", "").strip()
    if "," in cleaned:
        if not _GROUPED.match(cleaned):
            raise NotAnAnswer(f"{text!r} is not a number (use commas only between thousands, e.g. 1,250,000)")
        cleaned = cleaned.replace(",", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise NotAnAnswer(f"{text!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise NotAnAnswer(f"{text!r} is not a number")
    return int(number) if number.is_integer() and "." not in cleaned and "e" not in cleaned.lower() else number


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except NotADate as exc:
        raise NotAnAnswer(exc.sentence) from None


def _choice(spec: FactSpec, text: str) -> str:
    word = text.lower().replace(" ", "_")
    if word.isdigit() and 1 <= int(word) <= len(spec.choices):
        return spec.choices[int(word) - 1]
    if word in spec.choices:
        return word
    raise NotAnAnswer(f"{text!r} is not one of the choices: give its number (1-{len(spec.choices)}) or name")


def _choices(spec: FactSpec, text: str) -> list[str]:
    if text.lower() == "none":
        return []
    picked: list[str] = []
    for part in text.replace(";", ",").split(","):
        if part.strip():
            choice = _choice(spec, part.strip())
            if choice not in picked:
                picked.append(choice)
    return picked


def shown_value(spec: FactSpec, value: object) -> str:
    """An answer as the prompt shows it."""
    if value is None:
        return "unknown"
    if spec.type == "yes_no":
        return "yes" if value else "no"
    if spec.type == "choices" and isinstance(value, list):
        return ", ".join(value) if value else "none"
    return str(value)


def typed_form(spec: FactSpec, value: object) -> str:
    """What an officer would type at the prompt to give this answer (`u` for unknown): parse_answer's inverse."""
    if value is None:
        return "u"
    if spec.type == "yes_no":
        return "y" if value else "n"
    if spec.type == "choices" and isinstance(value, list):
        return ",".join(value) or "none"
    return str(value)
