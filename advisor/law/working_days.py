"""Date arithmetic for timed duties: calendar days, months and working days.

Working days leave out Saturdays, Sundays and bank holidays: in England and Wales (`working_days`), or in any
part of the United Kingdom (`working_days_uk`, where an Act defines a working day that way). The bank holidays
come from the `holidays` package, which ships them (special ones such as 19 September 2022 included); none is
typed here.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from advisor.law.timing import Side, Timing, Unit

_ONE_DAY = dt.timedelta(days=1)
_NATIONS = {"working_days": ("ENG",), "working_days_uk": ("ENG", "SCT", "NIR")}


@lru_cache(maxsize=512)
def _bank_holidays(unit: str, year: int) -> frozenset[dt.date]:
    days: set[dt.date] = set()
    for nation in _NATIONS[unit]:
        days.update(holidays.country_holidays("GB", subdiv=nation, years=year))
    return frozenset(days)


def is_working_day(day: dt.date, unit: Unit = "working_days") -> bool:
    """True unless `day` is a Saturday, a Sunday or a bank holiday where `unit` counts them."""
    return day.weekday() < 5 and day not in _bank_holidays(unit, day.year)


def bank_holiday_name(day: dt.date, unit: Unit = "working_days") -> str | None:
    """The bank holiday's name on `day` (England and Wales), or None."""
    names = holidays.country_holidays("GB", subdiv=_NATIONS.get(unit, ("ENG",))[0], years=day.year)
    return names.get(day)


def _step_working(day: dt.date, count: int, step: dt.timedelta, unit: Unit) -> dt.date:
    """The `count`th working day from `day`, not counting `day` itself, moving by `step`."""
    while count > 0:
        day += step
        if is_working_day(day, unit):
            count -= 1
    return day


def move(anchor: dt.date, amount: int, unit: Unit, side: Side) -> dt.date:
    """`anchor` moved `amount` units to `side`, the anchor day not counted."""
    sign = -1 if side == "before" else 1
    if unit == "calendar_days":
        return anchor + sign * amount * _ONE_DAY
    if unit == "months":
        return anchor + relativedelta(months=sign * amount)
    return _step_working(anchor, amount, sign * _ONE_DAY, unit)


def _last_day_from_anchor(anchor: dt.date, amount: int, unit: Unit) -> dt.date:
    """The last day of a period of `amount` units beginning with `anchor` (day one)."""
    if amount == 0:
        return anchor - _ONE_DAY
    if unit == "months":  # the day before the corresponding date; where there is none, that month's last day
        corresponding = move(anchor, amount, unit, "after")
        return corresponding if corresponding.day < anchor.day else corresponding - _ONE_DAY
    if unit == "calendar_days":
        return move(anchor, amount, unit, "after") - _ONE_DAY
    first = anchor if is_working_day(anchor, unit) else _step_working(anchor, 1, _ONE_DAY, unit)
    return _step_working(first, amount - 1, _ONE_DAY, unit)


def step_date(timing: Timing, anchor: dt.date, amount: int) -> dt.date:
    """The day a timed step falls on: its deadline (`due: by`) or the first day it may be done (`due: from`).

    Before the anchor: the anchor moved back by the period (one day more for clear days). After it: the
    period's last day, counted from the day after the anchor or from the anchor itself (carried on to the next
    working day, England and Wales, where `ends_on_working_day` says so); a step that may be done only once the
    period has passed falls on the day after that last day."""
    unit = timing.period.unit
    if timing.side == "before":
        return move(anchor, amount + (1 if timing.clear else 0), unit, "before")
    if timing.counting == "from_anchor":
        last = _last_day_from_anchor(anchor, amount, unit)
    else:
        last = move(anchor, amount, unit, "after")
    while timing.ends_on_working_day and not is_working_day(last):
        last += _ONE_DAY
    return last + _ONE_DAY if timing.due == "from" else last
