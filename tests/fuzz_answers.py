"""Hypothesis strategies for answers: valid (from rules/answers/), edge-valued, and malformed with the field to name."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

from hypothesis import strategies as st

from advisor.base.dates import NotADate, parse_date
from advisor.base.errors import shown
from advisor.base.reading import MAX_INPUT_BYTES
from advisor.base.yamlio import MAX_DEPTH, dump_yaml
from advisor.law.answers import LARGEST, TEXT_MAX_CHARS
from advisor.law.vocabulary import FactSpec
from advisor.quality.sampling import boundary_numbers
from tests.fuzzing import BOOK

FACTS = BOOK.vocabulary.facts
UNKNOWN = st.sampled_from([None, "unknown"])
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"),
               max_size=80)
INVISIBLE = st.sampled_from(["\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200d", "\u2060", "\ufeff",
                             "\u00ad", "\u061c"]) | st.characters(whitelist_categories=("Cf",))
LINE_BREAKS = st.sampled_from(["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\x0b", "\x0c"])
IMPOSSIBLE_DATES = st.sampled_from(["2025-02-30", "2023-02-29", "2100-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
                                    "0000-01-01", "2024-01-00", "2024-12-32"])
OTHER_DATE_FORMS = st.sampled_from(["2017-W11-2", "20170314", "2017-3-14", "2017-03-14T00:00", "14/03/17", "14.03.2017",
                                    "2017-03-14 ", " 2017-03-14", "２０１７-03-14", "2017-074", "+2017-03-14",
                                    "March 14, 2017", "14 Marchy 2017", "14-03-2017", "2017/03/14"])
UK_DATES = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).flatmap(lambda d: st.sampled_from([
    f"{d.day}/{d.month}/{d.year}", f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day} {d:%B} {d.year}",
    f"{d.day} {d:%b} {d.year}", d.isoformat()]).map(lambda text: (text, d)))
LAW_DATES = st.dates(dt.date(2010, 1, 1), dt.date(2030, 12, 31))
ANY_DATE = st.one_of(LAW_DATES, LAW_DATES, st.dates())


def _range(spec: FactSpec) -> tuple[float, float]:
    return spec.minimum if spec.minimum is not None else -LARGEST, spec.maximum if spec.maximum is not None else LARGEST


@functools.cache
def valid_value(spec: FactSpec) -> st.SearchStrategy[Any]:
    """Any value the vocabulary allows for this fact (not unknown)."""
    low, high = _range(spec)
    return {
        "yes_no": st.booleans(),
        "number": st.integers(int(low), int(high)) | st.floats(low, high, allow_nan=False, allow_infinity=False),
        "date": ANY_DATE,
        "choice": st.sampled_from(spec.choices),
        "choices": st.lists(st.sampled_from(spec.choices), unique=True, max_size=len(spec.choices)),
        "text": TEXT.filter(lambda s: s != "unknown"),
    }[spec.type]


def _window_dates() -> list[dt.date]:
    """Every day a rule or a parameter value starts or ends, with the days either side, and the ends of time."""
    days = {r.in_force.start for r in BOOK.rules.values()} | {r.in_force.to for r in BOOK.rules.values() if r.in_force.to}
    days |= {e.start for topic in BOOK.files.values() for p in topic.parameters.values() for e in p.values}
    near = {d + dt.timedelta(days=k) for d in days for k in (-1, 0, 1)}
    return sorted(near | {dt.date.min, dt.date.max})


EDGE_DATES = _window_dates()
EDGE_DAY = st.sampled_from(EDGE_DATES)
EDGE_TEXT = ["", " ", "x" * 300, "Ünïcödé — 議会 🏛", "Ynys Môn / Bro Morgannwg", "e\u0301\u0301", "&lt;b&gt; &amp; &#60;",
             "<script>alert(1)</script> | *x* {{ facts }}", "1e6", "yes", "2018-03-01", "null", "~"]


@functools.cache
def edge_value(spec: FactSpec) -> st.SearchStrategy[Any]:
    """Values at the edges: each side of every threshold, 0, the allowed extremes, the days laws change."""
    low, high = _range(spec)
    if spec.type == "number":
        near = {n + d for n in boundary_numbers(BOOK) for d in (-0.5, 0, 0.5)} | {low, high, 0}
        return st.sampled_from(sorted(n for n in near if low <= n <= high))
    if spec.type == "date":
        return st.sampled_from(EDGE_DATES)
    if spec.type == "choices":
        return st.sampled_from([[], list(spec.choices)]) | valid_value(spec)
    if spec.type == "text":
        return st.sampled_from(EDGE_TEXT)
    return valid_value(spec)


@functools.cache
def answers(value: Any = valid_value, dates: st.SearchStrategy[dt.date] = ANY_DATE) -> st.SearchStrategy[dict[str, Any]]:
    """An answers mapping: each fact left out, unknown, or given a value from `value(spec)`."""
    optional = {name: UNKNOWN | value(spec) for name, spec in FACTS.items()}
    optional["as_at"] = UNKNOWN | dates
    return st.fixed_dictionaries({}, optional=optional)


# --- malformed -------------------------------------------------------------------------------

JUNK = st.one_of(st.lists(st.integers(), min_size=1, max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                 min_size=1, max_size=3), st.binary(min_size=1, max_size=8), st.sets(st.integers(), min_size=1))
NOT_TEXT = st.one_of(st.integers(), st.floats(), st.booleans(), st.dates(), JUNK)
WORDS = st.text(min_size=1, max_size=30).filter(lambda s: s != "unknown")
NAMES = st.text(min_size=1, max_size=200)


def _not_date(text: str) -> bool:
    try:
        parse_date(text)
    except NotADate:
        return text != "unknown"
    return False


def _with(inserted: st.SearchStrategy[str]) -> Any:
    """Text with one of `inserted` placed somewhere in it."""
    return lambda text: st.tuples(st.integers(0, len(text)), inserted).map(lambda p: text[: p[0]] + p[1] + text[p[0]:])


CONTROL = st.sampled_from([chr(c) for c in (*range(0, 10), *range(14, 28), *range(127, 133), *range(134, 160))]
                          + ["\ufffe"])
TOO_LONG = st.integers(TEXT_MAX_CHARS + 1, TEXT_MAX_CHARS * 4).map(lambda n: "Borough " * (n // 8) + "x" * (n % 8 or 1))
BAD_TEXT = st.one_of(TEXT.flatmap(_with(CONTROL)), TEXT.flatmap(_with(INVISIBLE)), TEXT.flatmap(_with(LINE_BREAKS)),
                     TOO_LONG)


@functools.cache
def bad_value(spec: FactSpec) -> st.SearchStrategy[Any]:
    """Values the vocabulary refuses for this fact: wrong type, out of range, not finite, too big."""
    low, high = _range(spec)
    if spec.type == "number":
        outside = st.one_of(st.integers(max_value=int(low) - 1), st.floats(max_value=low, exclude_max=True, allow_nan=False),
                            st.integers(min_value=int(high) + 1), st.floats(min_value=high, exclude_min=True, allow_nan=False))
        return st.one_of(outside, st.sampled_from([float("nan"), 10**400, 2**64]), st.booleans(), WORDS,
                         st.dates(), st.datetimes(), JUNK)
    if spec.type == "yes_no":
        return st.one_of(st.integers(), st.floats(), WORDS, st.dates(), JUNK)
    if spec.type == "date":
        return st.one_of(st.integers(), st.floats(), st.booleans(), WORDS.filter(_not_date), st.datetimes(), JUNK,
                         IMPOSSIBLE_DATES, OTHER_DATE_FORMS)
    if spec.type == "choice":
        return st.one_of(WORDS.filter(lambda s: s not in spec.choices), st.integers(), st.booleans(), st.dates(), JUNK)
    if spec.type == "choices":
        item = st.sampled_from(spec.choices)
        return st.one_of(WORDS, st.integers(), st.lists(item, min_size=len(spec.choices) + 1, max_size=20),
                         st.lists(item, max_size=3).flatmap(lambda xs: st.just(xs + ["libraries"])),
                         st.lists(NOT_TEXT, min_size=1, max_size=3))
    return st.one_of(NOT_TEXT, BAD_TEXT)


AS_AT = FactSpec(type="date", description="The as-at date", question="As at?")


@st.composite
def malformed(draw: st.DrawFn) -> tuple[object, str]:
    """Answers data the advisor must refuse, with the text the message must contain."""
    base = draw(answers())
    kind = draw(st.sampled_from(["value", "value", "value", "unknown_field", "key_type", "top_level"]))
    if kind == "value":
        name = draw(st.sampled_from([*FACTS, "as_at"]))
        base[name] = draw(bad_value(FACTS.get(name, AS_AT)))
        return base, f"field {shown(name)}"
    if kind == "unknown_field":
        name = draw(NAMES.filter(lambda s: s not in FACTS and s != "as_at"))
        return {**base, name: draw(st.none() | NOT_TEXT)}, f"field {shown(name)} is not an answer"
    if kind == "key_type":
        key = draw(st.one_of(st.integers(), st.booleans(), st.none(), st.dates(), st.floats(allow_nan=False)))
        return {**base, key: draw(st.booleans())}, f"field {shown(key)}"
    return draw(st.one_of(st.lists(st.integers()), st.integers(), WORDS, st.booleans(), st.dates())), "must be a mapping"


# --- files -----------------------------------------------------------------------------------

def as_json(data: dict[str, Any]) -> str:
    """The answers as JSON (dates in ISO form)."""
    return json.dumps(data, default=lambda v: v.isoformat(), ensure_ascii=False)


def as_yaml(data: dict[str, Any]) -> str:
    """The answers as YAML that reads back as the same data."""
    return dump_yaml(data, allow_unicode=True, sort_keys=False)


def bomb_value(levels: int, width: int, mapping: bool = False) -> str:
    """A billion-laughs value: each level a list (or mapping) of `width` references to the level before."""
    if mapping:
        def level(i: int) -> str:
            item = f"*a{i - 1}" if i else "lol"
            return f"l{i}: &a{i} {{" + ", ".join(f"k{j}: {item}" for j in range(width)) + "}"
        return "{" + ", ".join(level(i) for i in range(levels)) + "}"
    parts = [f"&a0 [{', '.join(['lol'] * width)}]"]
    parts += [f"&a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


@st.composite
def malformed_file(draw: st.DrawFn) -> tuple[str, str]:
    """A file's text (YAML or JSON) the advisor must refuse, with the text the message must contain."""
    kind = draw(st.sampled_from(["duplicate", "deep", "bomb", "bomb_unknown", "loop", "json_token", "documents",
                                 "python_tag", "binary_tag", "timestamp", "calendar", "date_form", "giant_int",
                                 "oversized", "invisible"]))
    name = draw(st.sampled_from(sorted(FACTS)))
    if kind in ("calendar", "date_form", "giant_int", "oversized", "invisible"):
        return draw(_hostile_file(kind))
    if kind == "duplicate":
        given = draw(answers())
        text = (as_yaml(given) if given else "") + f"{name}: unknown\n{name}: unknown\n"
        return draw(st.sampled_from([text, text.replace(f"{name}: unknown\n", "", 1) + f"{name}: unknown\n"])), \
            "is given more than once"
    if kind == "deep":
        depth = draw(st.integers(MAX_DEPTH + 1, 3000))
        opener, closer = draw(st.sampled_from([("[", "]"), ("{a: ", "}")]))
        return f"{name}: {opener * depth}1{closer * depth}\n", f"nested more than {MAX_DEPTH} levels deep"
    if kind in ("bomb", "bomb_unknown"):
        bomb = bomb_value(draw(st.integers(2, 40)), draw(st.integers(2, 12)), draw(st.booleans()))
        if kind == "bomb_unknown":
            return f"lol_bomb: {bomb}\n", "field 'lol_bomb' is not an answer"
        return f"{name}: {bomb}\n", f"field {shown(name)}"
    if kind == "loop":
        return f"{name}: &x [*x, *x]\n", f"field {shown(name)}"
    if kind == "json_token":  # JSON's NaN is not JSON: YAML reads it as the text "NaN", which a text answer may be
        name = draw(st.sampled_from(sorted(n for n, spec in FACTS.items() if spec.type != "text")))
        return f'{{"{name}": {draw(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400"]))}}}', f"field {shown(name)}"
    if kind == "documents":
        return f"{name}: unknown\n---\n{name}: unknown\n", "not valid YAML or JSON"
    if kind == "python_tag":
        return f"{name}: !!python/object/apply:os.system ['true']\n", "not valid YAML or JSON"
    if kind == "binary_tag":
        return "council_name: !!binary aGVsbG8=\n", "field 'council_name'"
    return "as_at: 2018-03-01 10:00:00\n", "field 'as_at'"


DATE_FIELDS = sorted(["as_at", *(n for n, spec in FACTS.items() if spec.type == "date")])
NUMBER_FIELDS = sorted(n for n, spec in FACTS.items() if spec.type == "number")
TEXT_FIELDS = sorted(n for n, spec in FACTS.items() if spec.type == "text")


@st.composite
def _hostile_file(draw: st.DrawFn, kind: str) -> tuple[str, str]:
    """Impossible dates, dates in other forms, giant integers, files over the size limit, invisible characters."""
    if kind == "calendar":
        name = draw(st.sampled_from(DATE_FIELDS))
        return f"{name}: {draw(IMPOSSIBLE_DATES)}\n", f"field {shown(name)}"
    if kind == "date_form":
        name = draw(st.sampled_from(DATE_FIELDS))
        return f"{name}: {json.dumps(draw(OTHER_DATE_FORMS))}\n", f"field {shown(name)}: must be a date such as"
    if kind == "giant_int":
        name = draw(st.sampled_from(NUMBER_FIELDS))
        digits = draw(st.integers(4_000, 60_000))
        return f"{name}: {draw(st.sampled_from(['', '-']))}{'9' * digits}\n", f"field {shown(name)}: must be"
    if kind == "oversized":
        filler = draw(st.sampled_from(["# a comment line\n", "council_name: x\n", "lol_unknown_key_x: 1\n"]))
        return filler * (MAX_INPUT_BYTES // len(filler) + draw(st.integers(1, 5000))), "is larger than 1,000,000 bytes"
    name = draw(st.sampled_from(TEXT_FIELDS))
    return dump_yaml({name: draw(TEXT.flatmap(_with(INVISIBLE)))}), f"field {shown(name)}"  # escaped: \\u202e
