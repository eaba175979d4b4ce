"""Dates as officers write them: YYYY-MM-DD, or the UK day/month/year forms (1/4/2026, 01/04/2026, 1 April 2026)."""

from __future__ import annotations

import datetime as dt
import re

DATE_FORMS = "a date such as 1/4/2026, 1 April 2026 or 2026-04-01"
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_NUMERIC = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_WORDS = re.compile(r"([0-9]{1,2}) ([A-Za-z]{3,9})\.? ([0-9]{4})")


class NotADate(ValueError):
    """Text that is not a date in an accepted form, or names no day in the calendar; the message says which.

    `str(exc)` reads after a field's name ("must be a date such as ..."); `exc.sentence` stands alone.
    """

    def __init__(self, message: str, sentence: str) -> None:
        super().__init__(message)
        self.sentence = sentence


def _month(name: str) -> int | None:
    """A month by its name, its first three letters, or Sept."""
    word = "sep" if name.lower() == "sept" else name.lower()
    return next((number for number, month in enumerate(_MONTHS, start=1) if word in (month, month[:3])), None)


def _parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of text in an accepted form, or None."""
    if found := _ISO.fullmatch(text):
        return int(found[1]), int(found[2]), int(found[3])
    if found := _NUMERIC.fullmatch(text):
        return int(found[3]), int(found[2]), int(found[1])
    if (found := _WORDS.fullmatch(text)) and (month := _month(found[2])):
        return int(found[3]), month, int(found[1])
    return None


def date_words(day: dt.date) -> str:
    """A date as officers write it: 1 April 2026."""
    return f"{day.day} {day:%B %Y}"


def parse_date(text: str) -> dt.date:
    """The day named by text in exactly one of the accepted forms; NotADate otherwise."""
    parts = _parts(text)
    if parts is None:
        raise NotADate(f"must be {DATE_FORMS}", f"{text!r} is not {DATE_FORMS}")
    try:
        return dt.date(*parts)
    except ValueError:
        calendar = f"{text} is not a day in the calendar; give {DATE_FORMS}"
        raise NotADate(calendar, calendar) from None
