"""The council's answers: a strict pydantic model built from the vocabulary, read from YAML or JSON."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    ValidationError,
    create_model,
)
from pydantic_core import PydanticCustomError

from advisor.base.dates import DATE_FORMS, NotADate, parse_date
from advisor.base.errors import AnswersError, shown
from advisor.base.reading import ANSWERS_HINT, STANDARD_INPUT, quoted_path, read_bounded_text
from advisor.base.yamlio import Refused, load_yaml
from advisor.law.vocabulary import FactSpec, Vocabulary, fact_field_description

UNKNOWN = "unknown"
FactValue = bool | float | int | str | dt.date | None
LARGEST = 10**12  # no council figure comes near; the engine reads an unknown number as anything within +-10**15
TEXT_MAX_CHARS = 300  # a council's name, a list of partner councils or a ground of award fits easily
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_INVISIBLE = frozenset({"Cf"})  # format characters: bidirectional overrides, zero-width spaces and joiners, BOM


def _date_error(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message.replace("{", "{{").replace("}", "}}"))


def _iso_date(value: object) -> object:
    """Accept a date, or text naming a day in the calendar in an accepted form (parse_date); refuse anything else."""
    if isinstance(value, dt.datetime):
        raise _date_error("date_with_time", f"must be {DATE_FORMS}, without a time")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _date_error("date_form", f"must be {DATE_FORMS}")
    try:
        return parse_date(value)
    except NotADate as exc:
        raise _date_error("date_form", str(exc)) from None


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def _kind_in_words(value: object) -> str:
    """What a value is, as an officer would say it (text, yes or no, a list...)."""
    kinds = {bool: "yes or no", str: "text", list: "a list", dict: "a set of fields", type(None): "empty"}
    return kinds.get(type(value), type(value).__name__)


def _finite_number(value: object) -> object:
    """Accept an int or float (not yes/no) that is finite and at most LARGEST in size."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("number_type", "must be a number, not {kind}", {"kind": _kind_in_words(value)})
    if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > LARGEST:
        raise PydanticCustomError("number_size", "must be a finite number no larger than {largest}",
                                  {"largest": f"{LARGEST:,}"})
    return value


def _plain_text(value: str) -> str:
    """One line of text a document can hold: no control, line-break or invisible formatting characters, not too long."""
    if len(value) > TEXT_MAX_CHARS:
        raise PydanticCustomError("text_length", "must be at most {most} characters (this is {length})",
                                  {"most": TEXT_MAX_CHARS, "length": f"{len(value):,}"})
    for char in value:
        if char in _LINE_BREAKS:
            raise PydanticCustomError("line_break", "must be one line of text (found a line break, {code})",
                                      {"code": f"U+{ord(char):04X}"})
        if _CONTROL.match(char) or unicodedata.category(char) in _INVISIBLE:
            raise PydanticCustomError("control_character", "must be text without control characters or invisible "
                                      "formatting characters (found {code})", {"code": f"U+{ord(char):04X}"})
    return value


Number = Annotated[int | float, BeforeValidator(_finite_number)]
Text = Annotated[StrictStr, AfterValidator(_plain_text)]


def unknown_to_none(value: object) -> object:
    """The `unknown` answer read as None (not known); any other value as given."""
    return None if value == UNKNOWN else value


def _one_of(values: tuple[str, ...]) -> Any:
    """Literal[values] for values known only at run time."""
    return Literal.__getitem__(values)


def _annotation(spec: FactSpec) -> Any:
    if spec.type == "yes_no":
        return StrictBool
    if spec.type == "number":
        return Annotated[Number, Field(ge=spec.minimum, le=spec.maximum)]
    if spec.type == "date":
        return IsoDate
    if spec.type == "choice":
        return _one_of(spec.choices)
    if spec.type == "choices":
        return Annotated[list[_one_of(spec.choices)], Field(max_length=len(spec.choices))]  # type: ignore[misc]
    return Text


def build_answers_model(vocabulary: Vocabulary) -> type[BaseModel]:
    """Create the Answers model: one optional field per fact, None meaning not known."""
    fields: dict[str, Any] = {
        "as_at": (
            Annotated[IsoDate | None, BeforeValidator(unknown_to_none)],
            Field(None, description="Date of the law to apply (such as 1/4/2026 or 2026-04-01); default today."),
        )
    }
    for spec in vocabulary.facts.values():
        annotation = Annotated[_annotation(spec) | None, BeforeValidator(unknown_to_none)]  # type: ignore[valid-type]
        fields[spec.name] = (annotation, Field(None, description=fact_field_description(spec)))
    return create_model(
        "Answers",
        __config__=ConfigDict(extra="forbid", frozen=True, title="ADM Advisor answers"),
        __doc__="What a council tells the advisor. Every answer may be left out or `unknown`.",
        **fields,
    )


def _parse_text(text: str, source: str) -> object:
    try:
        return load_yaml(text)
    except Refused as exc:
        raise AnswersError(f"{source}: {exc}", field=exc.field) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None)
        raise AnswersError(f"{source}: not valid YAML or JSON{where}" + (f": {problem}" if problem else "")) from None


def read_answers_data(path: str, missing: str = ANSWERS_HINT) -> object:
    """Read an answers file or proposal (YAML or JSON; `-` for standard input), at most MAX_INPUT_BYTES of it."""
    text = read_bounded_text(path, missing=missing)
    return _parse_text(text, "standard input" if path == STANDARD_INPUT else quoted_path(path))


def field_name(error: Any) -> str:
    """The field a validation error is about (answers are flat: the field is the first part of its place)."""
    return str(error["loc"][0]) if error["loc"] else ""


def _describe_error(error: Any, vocabulary: Vocabulary) -> str:
    name = field_name(error)
    if error["type"] == "extra_forbidden":
        hint = did_you_mean(name, ["as_at", *vocabulary.facts])
        return f"field {shown(name)} is not an answer the advisor knows{hint} (see `advisor schema answers`)"
    if name not in vocabulary:
        return f"field {shown(name)}: {error['msg']}"
    spec = vocabulary[name]
    if error["type"] == "literal_error" and isinstance(error.get("input"), str):
        hint = did_you_mean(error["input"], spec.choices)
        return f"field {shown(name)}: {shown(error['input'])} is not one of the choices{hint}; allowed: {_allowed(spec)}"
    return f"field {shown(name)}: {error['msg']}; allowed: {_allowed(spec)}"


def did_you_mean(given: str, known: Iterable[str]) -> str:
    """` (did you mean 'keep_control'?)` when one known name is close to what was given, else nothing."""
    close = difflib.get_close_matches(given.lower(), list(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_keys(data: dict[Any, object], source: str) -> None:
    """Every field name is text (YAML reads `yes:` as true and `1:` as a number)."""
    for key in data:
        if not isinstance(key, str):
            raise AnswersError(f"{source}: field {shown(key)} is not an answer the advisor knows: field names are text "
                               "(see `advisor schema answers`)", field=str(key))


def _allowed(spec: FactSpec) -> str:
    if spec.type in ("choice", "choices"):
        many = "a list of " if spec.type == "choices" else "one of "
        return many + ", ".join(spec.choices) + ", or unknown"
    if spec.type == "number":
        low = "" if spec.minimum is None else f" from {spec.minimum:g}"
        high = "" if spec.maximum is None else f" to {spec.maximum:g}"
        return f"a number{low}{high}, or unknown"
    kinds = {"yes_no": "true or false", "date": DATE_FORMS, "text": "text"}
    return f"{kinds[spec.type]}, or unknown"


def validate_answers(data: object, model: type[BaseModel], vocabulary: Vocabulary, source: str) -> BaseModel:
    """Validate raw data into Answers; the first problem becomes a one-line AnswersError."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise AnswersError(f"{source}: must be a mapping of answer fields to values")
    _check_keys(data, source)
    data = read_replaced_fields(data, vocabulary, source)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise AnswersError(f"{source}: {_describe_error(first, vocabulary)}", field=field_name(first) or None) from None


def read_replaced_fields(data: dict[Any, object], vocabulary: Vocabulary, source: str) -> dict[Any, object]:
    """Answers to replaced fields read as the fields replacing them; a contradiction between the two is refused."""
    if not vocabulary.replaced.keys() & data.keys():
        return data
    data = dict(data)
    for name, old in vocabulary.replaced.items():
        if name not in data:
            continue
        value = data.pop(name)
        if value in (None, UNKNOWN):
            continue
        meaning = next((m for m in old.meanings if m.old == value and type(m.old) is type(value)), None)
        if meaning is None:
            allowed = ", ".join(str(m.old).lower() for m in old.meanings)
            raise AnswersError(f"{source}: field {shown(name)} is replaced by {old.by}; as an old answer it may be "
                               f"{allowed} or unknown (better, answer {old.by})", field=name)
        given = data.get(old.by)
        if given in (None, UNKNOWN):
            data[old.by] = meaning.new[0]
        elif given not in meaning.new:
            raise AnswersError(f"{source}: field {shown(name)} (replaced by {old.by}) answered {str(value).lower()} "
                               f"contradicts {old.by}: {given}; give {old.by} alone", field=name)
    return data


def flatten(answers: BaseModel, vocabulary: Vocabulary) -> dict[str, FactValue]:
    """The answers as flat facts: multi-choice answers become one yes/no key per choice."""
    facts: dict[str, FactValue] = {}
    given = answers.__dict__
    for name, itself, flags in vocabulary.flat_plan:
        value = given[name]
        if flags:  # one yes/no flag per choice, beside the raw value
            chosen = value if isinstance(value, (list, tuple)) else [value]
            for key, choice in flags:
                facts[key] = None if value is None else choice in chosen
        if itself:
            facts[name] = value
    return facts


def answers_digest(answers: BaseModel) -> str:
    """A stable digest of the answers as given (for audit stamps)."""
    canonical = json.dumps(answers.model_dump(mode="json", exclude_none=True), sort_keys=True)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def json_value(value: object) -> object:
    """An answer as JSON shows it: dates in ISO form, None as `unknown`."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "unknown"
    return value
