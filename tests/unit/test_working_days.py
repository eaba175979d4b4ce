"""The timetable's date arithmetic (advisor.law.working_days): calendar days, clear days, months at month ends
(the corresponding date, or the month's last day where there is none), and working days without weekends and
bank holidays from the holidays package (Easter, Christmas and its substitute days, the State Funeral on
19 September 2022; Scotland's St Andrew's Day only where a working day is UK-wide)."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor.law.timing import Timing
from advisor.law.working_days import bank_holiday_name, is_working_day, move, step_date

D = dt.date


def timing(unit: str, side: str, *, due: str = "by", counting: str = "from_next_day", clear: bool = False) -> Timing:
    """A timing block as a rule file gives it, with the period by a parameter (its amount passed to step_date)."""
    return Timing.model_validate({
        "step": "Do the thing", "who": "council", "anchor": "transfer_date", "side": side, "due": due,
        "counting": counting, "clear": clear, "period": {"param": "p", "unit": unit}, "authorities": ["a.b"],
        "confidence": "settled"})


@pytest.mark.parametrize(("transfer", "deadline", "why"), [
    (D(2014, 5, 1), D(2014, 4, 2), "28 clear days: 3 April to 30 April between the two"),
    (D(2026, 6, 1), D(2026, 5, 3), "a Sunday: calendar days, so the weekend does not move it"),
    (D(2026, 5, 6), D(2026, 4, 7), "the day after Easter Monday 2026"),
    (D(2026, 6, 2), D(2026, 5, 4), "the early May bank holiday itself"),
    (D(2027, 1, 23), D(2026, 12, 25), "Christmas Day"),
])
def test_eli_28_clear_days_before_a_transfer_falls_where_the_calendar_puts_it(transfer: dt.date, deadline: dt.date,
                                                                             why: str) -> None:
    eli = timing("calendar_days", "before", clear=True)
    assert step_date(eli, transfer, 28) == deadline, why
    assert (transfer - deadline).days - 1 == 28  # the clear days between the two


def test_without_clear_days_the_deadline_is_one_day_later() -> None:
    assert step_date(timing("calendar_days", "before"), D(2014, 5, 1), 28) == D(2014, 4, 3)


@pytest.mark.parametrize(("day", "name"), [
    (D(2022, 9, 19), "State Funeral"), (D(2026, 4, 3), "Good Friday"), (D(2026, 4, 6), "Easter Monday"),
    (D(2026, 12, 25), "Christmas Day"), (D(2026, 12, 28), "Boxing Day"), (D(2023, 5, 8), "Coronation"),
])
def test_bank_holidays_come_from_the_package_special_ones_included(day: dt.date, name: str) -> None:
    assert not is_working_day(day)
    assert name.lower() in (bank_holiday_name(day) or "").lower()


@pytest.mark.parametrize(("start", "count", "side", "expected"), [
    (D(2022, 9, 16), 1, "after", D(2022, 9, 20)),   # Friday, then the State Funeral on Monday 19 September 2022
    (D(2022, 9, 20), 1, "before", D(2022, 9, 16)),
    (D(2026, 4, 2), 5, "after", D(2026, 4, 13)),    # across Good Friday and Easter Monday 2026
    (D(2026, 4, 7), 5, "before", D(2026, 3, 27)),
    (D(2026, 12, 24), 1, "after", D(2026, 12, 29)),  # Christmas on a Friday; Boxing Day's substitute Monday 28th
    (D(2026, 12, 23), 3, "after", D(2026, 12, 30)),
    (D(2026, 11, 27), 1, "after", D(2026, 11, 30)),  # St Andrew's Day is not an England and Wales bank holiday
])
def test_working_days_leave_out_weekends_and_england_and_wales_bank_holidays(start: dt.date, count: int, side: str,
                                                                           expected: dt.date) -> None:
    assert move(start, count, "working_days", side) == expected  # type: ignore[arg-type]


def test_working_days_across_the_uk_leave_out_st_andrews_day_too() -> None:
    assert move(D(2026, 11, 27), 1, "working_days_uk", "after") == D(2026, 12, 1)
    assert is_working_day(D(2026, 11, 30)) and not is_working_day(D(2026, 11, 30), "working_days_uk")


@pytest.mark.parametrize(("anchor", "months", "side", "expected"), [
    (D(2026, 1, 31), 1, "after", D(2026, 2, 28)),   # no 31 February: the month's last day
    (D(2024, 1, 31), 1, "after", D(2024, 2, 29)),   # a leap year
    (D(2026, 3, 31), 1, "before", D(2026, 2, 28)),
    (D(2026, 8, 31), 3, "after", D(2026, 11, 30)),
    (D(2026, 1, 15), 1, "after", D(2026, 2, 15)),
])
def test_months_go_to_the_corresponding_date_or_the_month_s_last_day(anchor: dt.date, months: int, side: str,
                                                                     expected: dt.date) -> None:
    assert move(anchor, months, "months", side) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("anchor", "months", "last"), [
    (D(2026, 3, 1), 3, D(2026, 5, 31)),    # the day before the corresponding date, 1 June
    (D(2026, 1, 31), 1, D(2026, 2, 28)),   # no 31 February: the last day of February
    (D(2026, 8, 31), 3, D(2026, 11, 30)),  # no 31 November
    (D(2026, 1, 15), 1, D(2026, 2, 14)),
])
def test_a_period_of_months_beginning_with_a_day_ends_the_day_before_its_corresponding_date(
        anchor: dt.date, months: int, last: dt.date) -> None:
    assert step_date(timing("months", "after", counting="from_anchor"), anchor, months) == last


def test_a_step_allowed_only_once_a_period_has_passed_falls_the_day_after_its_last_day() -> None:
    standstill = timing("working_days", "after", due="from")
    assert step_date(standstill, D(2026, 4, 1), 8) == D(2026, 4, 16)  # 8 working days across Easter end on the 15th
    beginning = timing("working_days", "after", counting="from_anchor")
    assert step_date(beginning, D(2026, 4, 3), 1) == D(2026, 4, 7)  # a period beginning on Good Friday starts on the 7th
