"""A proposed structure (pydantic, strict): who owns and runs the body, how the work is awarded, staff, pensions, money."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    model_validator,
)

from advisor.law.answers import IsoDate, Number, Text
from advisor.law.answers import unknown_to_none as _unknown

Pct = Annotated[Annotated[Number, Field(ge=0, le=100)] | None, BeforeValidator(_unknown)]
Amount = Annotated[Annotated[Number, Field(ge=0)] | None, BeforeValidator(_unknown)]
Years = Annotated[Annotated[Number, Field(ge=0, le=50)] | None, BeforeValidator(_unknown)]
Flag = Annotated[StrictBool | None, BeforeValidator(_unknown)]
Day = Annotated[IsoDate | None, BeforeValidator(_unknown)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ownership(_Part):
    """Votes and shares, in per cent of the whole; they should add up to 100."""

    council_pct: Pct = None
    other_public_pct: Pct = Field(default=None, description="Other councils and public bodies.")
    staff_pct: Pct = Field(default=None, description="Staff directly or through an employee trust.")
    not_for_profit_pct: Pct = Field(default=None, description="A charity or other not-for-profit partner.")
    private_pct: Pct = Field(default=None, description="A private investor or commercial partner.")

    @model_validator(mode="before")
    @classmethod
    def _absent_holder_holds_nothing(cls, data: Any) -> Any:
        """Once any holding is given, a holder left out holds nothing (`unknown` stays unknown)."""
        if isinstance(data, dict) and any(isinstance(v, int | float) for v in data.values()):
            return {name: data.get(name, 0) for name in cls.model_fields} | data
        return data


class Board(_Part):
    """Who appoints and removes the board."""

    appointed_by: Annotated[Literal["council", "public_bodies", "staff", "partners_jointly", "others"] | None,
                            BeforeValidator(_unknown)] = None
    council_can_remove_majority: Flag = None


class Activity(_Part):
    """The share of the body's activity carried out for its controlling authorities, and how it was worked out."""

    for_controlling_authorities_pct: Pct = None
    calculated_from: Annotated[Literal["turnover", "costs", "forecast", "other"] | None, BeforeValidator(_unknown)] = None


Route = Literal["vertical_exemption", "horizontal_cooperation", "reserved_mutual", "competitive", "direct_award", "grant"]


class Award(_Part):
    """How the work reaches the body: the route, its ground, date, value and term."""

    route: Annotated[Route | None, BeforeValidator(_unknown)] = None
    direct_award_ground: Text | None = None
    date: Day = None
    annual_value_gbp: Amount = None
    total_value_gbp: Amount = None
    term_years: Years = None


class Staff(_Part):
    """The staff plan."""

    transfer: Flag = None
    terms_changed: Flag = None
    new_recruits_different_pay: Flag = None
    collective_agreement_kept: Flag = None


class Pensions(_Part):
    """How transferring staff keep a pension."""

    route: Annotated[Literal["designation", "admission_with_guarantee", "admission_with_bond", "broadly_comparable",
                             "none"] | None, BeforeValidator(_unknown)] = None


class Money(_Part):
    """VAT grouping, distributions and asset-lock clauses."""

    vat_group_with_council: Flag = None
    surplus_distributed: Flag = None
    dividend_pct_of_profits: Pct = None
    asset_lock_clauses: Flag = None


class Functions(_Part):
    """Which statutory functions would be delegated to the body."""

    statutory_csc: Flag = None
    wider_csc: Flag = None
    iro: Flag = None
    adoption: Flag = None


class Dates(_Part):
    """The dates set (or planned) for the route, which the timetable (`advisor plan`) counts its steps from."""

    decision: Day = Field(default=None, description="The council's decision to adopt the model.")
    contract_award: Day = Field(default=None, description="The day the council announces its award decision "
                                "(the answer contract_award_date says which notice that is).")
    transfer: Day = Field(default=None, description="The day staff move to the new employer.")
    go_live: Day = Field(default=None, description="The day the new body or provider starts delivering the service.")


class Proposal(_Part):
    """A proposed structure to check against the rules. Any value may be left out or `unknown`."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="ADM Advisor proposal")

    name: Text | None = None
    adm: Text = Field(description="The delivery model (see `advisor adms`).")
    form: Text = Field(description="The legal form, one the delivery model can take.")
    as_at: Day = None
    answers: Text | None = Field(default=None, description="The council's answers file this relates to (path).")
    ownership: Ownership = Ownership()
    board: Board = Board()
    activity: Activity = Activity()
    award: Award = Award()
    staff: Staff = Staff()
    pensions: Pensions = Pensions()
    money: Money = Money()
    functions: Functions = Functions()
    dates: Dates = Dates()

    @model_validator(mode="before")
    @classmethod
    def _unknown_part_is_empty(cls, data: Any) -> Any:
        """A part left empty (`ownership:` with every line commented out) or `unknown` settles nothing."""
        if not isinstance(data, dict):
            return data
        parts = {name for name, field in cls.model_fields.items() if isinstance(field.default, _Part)}
        return {key: {} if key in parts and _unknown(value) is None else value for key, value in data.items()}


def field_value(proposal: Proposal, dotted: str) -> Any:
    """A proposal value by its dotted name (`ownership.council_pct`)."""
    value: Any = proposal
    for part in dotted.split("."):
        value = getattr(value, part)
    return value
