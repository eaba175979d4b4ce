"""When a duty or condition must be done: the `timing:` block of a rule, as data.

A timed rule names the date its period counts from (its anchor: an answer of type date, such as
`transfer_date`), the period (a number of days, working days or months, given outright or by a
dated parameter), which side of the anchor it falls and whether the date found is a deadline
(`by`: done no later than) or an earliest day (`from`: not before), who does the step, and the
authority for the period itself with its own confidence grade. `advisor.law.working_days` does
the arithmetic; `advisor.assessment.timetable` turns an option's timed findings into a dated plan.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Unit = Literal["calendar_days", "working_days", "working_days_uk", "months"]
Side = Literal["before", "after"]
Due = Literal["by", "from"]
Counting = Literal["from_anchor", "from_next_day"]
Who = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]  # a party of rules/parties.yaml, which words it


class Period(BaseModel):
    """A length of time: a number given outright (`value`) or a dated parameter of the topic file (`param`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: int | None = Field(default=None, ge=0, le=3660)
    param: str | None = None
    unit: Unit = "calendar_days"

    @model_validator(mode="after")
    def _one_source(self) -> Period:
        if (self.value is None) == (self.param is None):
            raise ValueError("a period gives exactly one of `value` and `param`")
        return self


class Timing(BaseModel):
    """A rule's step in the timetable: what, who, counted from which date, by or from when, on what authority.

    The date is the anchor moved by the period to the `side` given. `counting: from_anchor` counts the
    anchor day as the period's first day ("beginning with the day on which"); `from_next_day` (the default)
    starts the count the day after ("at least 28 days before"). `due: by` makes the date a deadline; `due:
    from` an earliest day (a contract entered only after the standstill has ended)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: str = Field(min_length=5)
    who: Who
    anchor: str
    side: Side
    period: Period
    due: Due = "by"
    counting: Counting = "from_next_day"
    clear: bool = False  # "clear days": neither the step's day nor the anchor counts, so one more day back
    ends_on_working_day: bool = False  # a period after its anchor whose last day is not a working day runs on to the next
    authorities: tuple[str, ...] = Field(min_length=1)
    confidence: Literal["settled", "practice", "uncertain"]
    note: str | None = None  # why the period is what it is, where it is practice rather than statute
    precedes: str | None = None  # a date answer the step must fall before (a standstill's end before go-live)

    @model_validator(mode="after")
    def _counting_fits(self) -> Timing:
        if self.side == "before" and self.counting == "from_anchor":
            raise ValueError("a period before its anchor counts back from the day before it (`from_next_day`)")
        if self.clear and self.side != "before":
            raise ValueError("`clear` days apply to a period before its anchor only")
        if self.ends_on_working_day and self.side != "after":
            raise ValueError("`ends_on_working_day` applies to a period after its anchor only")
        return self
