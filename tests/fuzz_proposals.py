"""Hypothesis strategies for proposal files: valid, edge-valued and malformed, with the field the error must name."""

from __future__ import annotations

import functools
import typing
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from advisor.base.errors import shown
from advisor.base.yamlio import MAX_DEPTH
from advisor.law.proposal import Activity, Award, Board, Dates, Functions, Money, Ownership, Pensions, Proposal, Staff
from advisor.law.vocabulary import FactSpec
from tests.fuzz_answers import AS_AT, NAMES, NOT_TEXT, WORDS, bad_value, bomb_value, edge_value, valid_value
from tests.fuzzing import BOOK

PAIRS = [(adm.id, form) for adm in BOOK.catalogue.adms for form in adm.forms]


def _spec(kind: str, **extra: Any) -> FactSpec:
    return FactSpec(type=kind, description="A proposal field", question="?", **extra)  # type: ignore[arg-type]


def _literals(model: type[BaseModel], name: str) -> tuple[str, ...]:
    """The values a Literal field of the proposal allows (read from the model, so new values are fuzzed too)."""
    found: list[str] = []

    def walk(annotation: object) -> None:
        if typing.get_origin(annotation) is typing.Literal:
            found.extend(typing.get_args(annotation))
        for arg in typing.get_args(annotation):
            walk(arg)

    walk(model.model_fields[name].annotation)
    return tuple(found)


PCT, AMOUNT, YEARS = _spec("number", minimum=0, maximum=100), _spec("number", minimum=0), _spec("number", minimum=0, maximum=50)
FLAG, TEXT, DATE = _spec("yes_no"), _spec("text"), _spec("date")


def _choice(model: type[BaseModel], name: str) -> FactSpec:
    return _spec("choice", choices=_literals(model, name))


PARTS: dict[str, tuple[type[BaseModel], dict[str, FactSpec]]] = {
    "ownership": (Ownership, {name: PCT for name in Ownership.model_fields}),
    "board": (Board, {"appointed_by": _choice(Board, "appointed_by"), "council_can_remove_majority": FLAG}),
    "activity": (Activity, {"for_controlling_authorities_pct": PCT, "calculated_from": _choice(Activity, "calculated_from")}),
    "award": (Award, {"route": _choice(Award, "route"), "direct_award_ground": TEXT, "date": DATE,
                      "annual_value_gbp": AMOUNT, "total_value_gbp": AMOUNT, "term_years": YEARS}),
    "staff": (Staff, {name: FLAG for name in Staff.model_fields}),
    "pensions": (Pensions, {"route": _choice(Pensions, "route")}),
    "money": (Money, {"vat_group_with_council": FLAG, "surplus_distributed": FLAG, "dividend_pct_of_profits": PCT,
                      "asset_lock_clauses": FLAG}),
    "functions": (Functions, {name: FLAG for name in Functions.model_fields}),
    "dates": (Dates, {name: DATE for name in Dates.model_fields}),
}
TOP_FIELDS = set(Proposal.model_fields)


def _part(fields: dict[str, FactSpec], value: Any) -> st.SearchStrategy[dict[str, Any]]:
    unknown = st.sampled_from([None, "unknown"])
    return st.fixed_dictionaries({}, optional={name: unknown | value(spec) for name, spec in fields.items()})


@functools.cache
def proposals(value: Any = valid_value) -> st.SearchStrategy[dict[str, Any]]:
    """A proposal: a model and form that fit, and any of the parts, each value from `value(spec)`."""
    optional: dict[str, st.SearchStrategy[Any]] = {part: _part(fields, value) for part, (_, fields) in PARTS.items()}
    optional.update(name=value(TEXT), as_at=value(DATE))
    return st.tuples(st.sampled_from(PAIRS), st.fixed_dictionaries({}, optional=optional)).map(
        lambda p: {"adm": p[0][0], "form": p[0][1], **p[1]})


def edge_proposals() -> st.SearchStrategy[dict[str, Any]]:
    """Proposals with values at the edges: each side of thresholds, 0 and 100%, holdings not adding up."""
    return proposals(edge_value)


@st.composite
def malformed_proposal(draw: st.DrawFn) -> tuple[object, str]:
    """Proposal data the advisor must refuse, with the text the message must contain."""
    base = draw(proposals())
    kind = draw(st.sampled_from(["value", "value", "value", "part", "top", "unknown_field", "key_type", "missing",
                                 "no_such_adm", "wrong_form", "top_level"]))
    part = draw(st.sampled_from(sorted(PARTS)))
    if kind == "value":
        name, spec = draw(st.sampled_from(sorted(PARTS[part][1].items())))
        base[part] = {**base.get(part, {}), name: draw(bad_value(spec))}
        return base, f"field {shown(f'{part}.{name}')}"
    if kind == "part":
        base[part] = draw(st.one_of(st.integers(), WORDS, st.booleans(), st.lists(st.integers(), min_size=1)))
        return base, f"field {shown(part)}"
    if kind == "top":
        name, spec = draw(st.sampled_from([("name", TEXT), ("as_at", AS_AT), ("answers", TEXT)]))
        return {**base, name: draw(bad_value(spec))}, f"field {shown(name)}"
    if kind == "unknown_field":
        key = draw(NAMES)
        inside = draw(st.booleans())
        if inside and key not in PARTS[part][1]:
            base[part] = {**base.get(part, {}), key: 1}
            return base, f"field {shown(f'{part}.{key}')} is not part of a proposal"
        if key in TOP_FIELDS:
            key += "_x"
        return {**base, key: 1}, f"field {shown(key)} is not part of a proposal"
    if kind == "key_type":
        key = draw(st.one_of(st.integers(), st.booleans(), st.none()))
        base[part] = {**base.get(part, {}), key: 1}
        return base, f"field {shown(f'{part}.{key}')}"
    if kind == "missing":
        gone = draw(st.sampled_from(["adm", "form"]))
        del base[gone]
        return base, f"field {shown(gone)}: Field required"
    if kind == "no_such_adm":
        base["adm"] = draw(st.one_of(NOT_TEXT, WORDS.filter(lambda s: s not in {a for a, _ in PAIRS})))
        return base, "field 'adm'"
    if kind == "wrong_form":
        adm = base["adm"]
        base["form"] = draw(WORDS.filter(lambda s: (adm, s) not in PAIRS))
        return base, "field 'form'"
    return draw(st.one_of(st.lists(st.integers()), st.integers(), WORDS, st.booleans())), "must be a mapping describing"


@st.composite
def malformed_proposal_file(draw: st.DrawFn) -> tuple[str, str]:
    """A proposal file's text the advisor must refuse: a key twice, nesting too deep, an alias bomb."""
    adm, form = draw(st.sampled_from(PAIRS))
    part = draw(st.sampled_from(sorted(PARTS)))
    name = draw(st.sampled_from(sorted(PARTS[part][1])))
    head = f"adm: {adm}\nform: {form}\n"
    kind = draw(st.sampled_from(["duplicate_top", "duplicate_part", "deep", "bomb"]))
    if kind == "duplicate_top":
        return head + f"{draw(st.sampled_from(['adm', 'form']))}: x\n", "is given more than once"
    if kind == "duplicate_part":
        return head + f"{part}:\n  {name}: unknown\n  {name}: unknown\n", f"field {shown(name)} is given more than once"
    if kind == "deep":
        depth = draw(st.integers(MAX_DEPTH, 3000))
        return head + f"{part}: {{{name}: {'[' * depth}1{']' * depth}}}\n", f"nested more than {MAX_DEPTH} levels deep"
    bomb = bomb_value(draw(st.integers(2, 40)), draw(st.integers(2, 12)), mapping := draw(st.booleans()))
    if mapping and draw(st.booleans()):  # the whole part a bomb: its keys are not the part's fields
        return head + f"{part}: {bomb}\n", f"field {shown(f'{part}.l0')} is not part of a proposal"
    return head + f"{part}:\n  {name}: {bomb}\n", f"field {shown(f'{part}.{name}')}"
