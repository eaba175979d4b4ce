"""The proposal form: its fields, read from the proposal's own schema (`advisor schema proposal`), grouped as the file
is; what a person typed turned into a proposal file's values (blank: not stated), and a kept proposal back into the
form's text. The wording of each field is the form's; the values and what they allow are the proposal model's."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import advisor

TOP = ("name", "adm", "form", "as_at")
PARTS = {  # each part of a proposal: the fieldset's heading
    "ownership": "Holdings", "board": "Board", "activity": "Activity share", "award": "Award route and dates",
    "staff": "Staff plan", "pensions": "Pensions plan", "money": "VAT grouping, distributions and asset lock",
    "functions": "Functions delegated", "dates": "Dates set for the route"}
WORDS = {  # each field's label on the form, and what to type when the schema's own description says no more
    "name": ("Name of the proposal", "Any name that tells this proposal from others"),
    "adm": ("Delivery model", "The model proposed"),
    "form": ("Legal form", "One the delivery model can take"),
    "as_at": ("Date of the law to apply", "Leave blank for the appraisal's date, or today"),
    "ownership.council_pct": ("The council", "Per cent of votes and shares"),
    "ownership.other_public_pct": ("Other public bodies", ""),
    "ownership.staff_pct": ("Staff", ""),
    "ownership.not_for_profit_pct": ("A not-for-profit partner", ""),
    "ownership.private_pct": ("A private partner", ""),
    "board.appointed_by": ("Who appoints the board", ""),
    "board.council_can_remove_majority": ("Can the council remove a majority of the board?", ""),
    "activity.for_controlling_authorities_pct": ("Share of activity for the controlling authorities",
                                                 "Per cent of the body's activity"),
    "activity.calculated_from": ("How the share was worked out", ""),
    "award.route": ("Route of award", ""),
    "award.direct_award_ground": ("Ground for a direct award", "The ground relied on, in words"),
    "award.date": ("Date of award", ""),
    "award.annual_value_gbp": ("Annual value", "Pounds a year"),
    "award.total_value_gbp": ("Total value", "Pounds over the whole term"),
    "award.term_years": ("Term", "Years"),
    "staff.transfer": ("Do staff transfer to the body?", ""),
    "staff.terms_changed": ("Do their terms change?", ""),
    "staff.new_recruits_different_pay": ("Are new recruits paid differently?", ""),
    "staff.collective_agreement_kept": ("Is the collective agreement kept?", ""),
    "pensions.route": ("How transferring staff keep a pension", ""),
    "money.vat_group_with_council": ("Is the body in a VAT group with the council?", ""),
    "money.surplus_distributed": ("Is a surplus distributed?", ""),
    "money.dividend_pct_of_profits": ("Dividend", "Per cent of profits"),
    "money.asset_lock_clauses": ("Are there asset-lock clauses?", ""),
    "functions.statutory_csc": ("Statutory children's social care functions", "Delegated to the body?"),
    "functions.wider_csc": ("Wider children's social care functions", "Delegated to the body?"),
    "functions.iro": ("Independent reviewing officer functions", "Delegated to the body?"),
    "functions.adoption": ("Adoption agency functions", "Delegated to the body?"),
    "dates.decision": ("Date of the council's decision", ""),
    "dates.contract_award": ("Contract award date", ""),
    "dates.transfer": ("Transfer date", ""),
    "dates.go_live": ("Go-live date", ""),
}
FLAGS = (("yes", "Yes"), ("no", "No"), ("", "Not stated"))


@dataclass(frozen=True)
class Field:
    """One field of the form: its dotted name in the proposal file, its kind, label, hint and choices."""

    name: str
    kind: str  # text, number, date, flag, choice or select
    label: str
    hint: str
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        """The HTML id (no dot, so a link to it works as a fragment and a selector)."""
        return self.name.replace(".", "-")


def _kind(schema: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The kind of a field from its JSON schema (and its allowed values, for a choice)."""
    flat = str(schema)
    for option in schema.get("anyOf", [schema]):
        if "enum" in option:
            return "choice", tuple(option["enum"])
    if "'boolean'" in flat:
        return "flag", ()
    if "'number'" in flat or "'integer'" in flat:
        return "number", ()
    return ("date", ()) if "'date'" in flat else ("text", ())


def words_of(value: str) -> str:
    """A choice's value as words (`admission_with_bond` -> Admission with bond)."""
    return value.replace("_", " ").capitalize()


def _catalogue(name: str) -> tuple[tuple[str, str], ...]:
    """The rule base's delivery models, or every legal form, as (id, name)."""
    catalogue = advisor.load_book().catalogue
    return tuple((item.id, item.name) for item in (catalogue.adms if name == "adm" else catalogue.forms))


def _bound(schema: dict[str, Any]) -> str:
    """The most a number field allows, as the proposal model bounds it (", up to 50"), when it is not a share."""
    highest = _most(schema)
    return f", up to {highest:g}" if highest is not None and highest != 100 else ""


def _most(schema: dict[str, Any]) -> float | None:
    """The upper bound a schema (or one of its alternatives) sets on a number: `maximum`, or `le` as pydantic writes
    a bound on a union."""
    for key in ("maximum", "le"):
        if isinstance(schema.get(key), (int, float)):
            return float(schema[key])
    found = [_most(option) for option in schema.get("anyOf", [])]
    return next((bound for bound in found if bound is not None), None)


def _field(name: str, schema: dict[str, Any]) -> Field:
    kind, values = _kind(schema)
    label, hint = WORDS[name]
    hint = (hint or str(schema.get("description", "")).rstrip(".")) + _bound(schema)
    if name in ("adm", "form"):
        return Field(name, "select", label, hint, _catalogue(name))
    choices = FLAGS if kind == "flag" else tuple((v, words_of(v)) for v in values)
    return Field(name, kind, label, hint, choices)


@cache
def groups() -> tuple[tuple[str, str, tuple[Field, ...]], ...]:
    """The form's parts: (part, heading, fields) in the proposal file's order; the first part is the top."""
    schema = advisor.Proposal.model_json_schema()
    top = tuple(_field(name, schema["properties"][name]) for name in TOP)
    out = [("", "The proposal", top)]
    for part, heading in PARTS.items():
        defined = schema["$defs"][schema["properties"][part]["$ref"].rsplit("/", 1)[-1]]
        fields = tuple(_field(f"{part}.{name}", spec) for name, spec in defined["properties"].items())
        out.append((part, heading, fields))
    return tuple(out)


def part_hint(part: str, heading: str, group: tuple[Field, ...]) -> str:
    """What a part is, as the proposal model describes it (nothing when that only repeats its heading or field)."""
    schema = advisor.Proposal.model_json_schema()
    name = schema["properties"][part]["$ref"].rsplit("/", 1)[-1]
    hint = str(schema["$defs"][name].get("description", ""))
    said = {heading.lower(), *(field.label.lower() for field in group)}
    return "" if hint.rstrip(".").lower().removeprefix("the ") in said else hint


def fields() -> list[Field]:
    """Every field of the form."""
    return [field for _part, _heading, found in groups() for field in found]


def _number(text: str) -> object:
    """A typed number (commas, spaces, £ and % left out); the text itself when it is not one (refused later)."""
    plain = re.sub(r"[,\s£%]", "", text)
    for kind in (int, float):
        try:
            return kind(plain)
        except ValueError:
            continue
    return text


def _typed(field: Field, text: str) -> object:
    if field.kind == "flag":
        return {"yes": True, "no": False}.get(text, text)
    return _number(text) if field.kind == "number" else text


def proposal_data(given: dict[str, str]) -> dict[str, Any]:
    """A proposal file's content from what was typed: a blank field is not stated (a blank holding beside a stated
    one is `unknown`, as a holder left out of the file would hold nothing)."""
    data: dict[str, Any] = {}
    for field in fields():
        text = given.get(field.name, "").strip()
        if text:
            _put(data, field.name, _typed(field, text))
    if data.get("ownership"):
        holders = [f.name.split(".")[1] for f in fields() if f.name.startswith("ownership.")]
        data["ownership"] = {holder: data["ownership"].get(holder, "unknown") for holder in holders}
    return data


def _put(data: dict[str, Any], dotted: str, value: object) -> None:
    part, _, name = dotted.rpartition(".")
    (data.setdefault(part, {}) if part else data)[name] = value


def form_values(proposal: Any) -> dict[str, str]:
    """What the form shows for a proposal the CLI read (None: blank)."""
    values: dict[str, str] = {}
    for field in fields():
        value: Any = proposal
        for part in field.name.split("."):
            value = getattr(value, part)
        values[field.name] = _text(value)
    return values


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.isoformat() if isinstance(value, dt.date) else str(value)
