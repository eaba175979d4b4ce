"""Dates on the pages: the law-as-at date read from a form field as the CLI reads `--as-at` (`advisor.parse_date`),
and every date shown in words ("1 April 2026"), never as ISO."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote_plus

from fastapi import Request

import advisor


@dataclass(frozen=True)
class DateField:
    """A date field of a GET form: its name, label, what was typed, the day it names, the refusal if any, and what
    its hint adds to the forms of date (what a blank means)."""

    name: str
    label: str
    typed: str
    day: dt.date | None
    error: str | None
    hint: str = ""


def in_words(value: object) -> str:
    """A date (or an ISO date string) as people write it: 1 April 2026; anything else as it is."""
    if isinstance(value, str):
        try:
            return in_words(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return advisor.date_words(value)
    return "" if value is None else str(value)


def date_field(request: Request, name: str, label: str, hint: str = "") -> DateField:
    """The query field `name` read as `--as-at` is read; empty means not given (the answers' own date, else today)."""
    typed = request.query_params.get(name, "").strip()
    if not typed:
        return DateField(name, label, "", None, None, hint)
    try:
        return DateField(name, label, typed, advisor.parse_date(typed), None, hint)
    except advisor.NotADate as exc:
        return DateField(name, label, typed[:40], None, f"{label}: {exc.sentence}", hint)


def query(day: dt.date | None) -> str:
    """The `?as_at=` suffix that keeps a chosen date on the next page, in words as its date field shows it (empty when
    none was chosen)."""
    return f"?as_at={quote_plus(in_words(day))}" if day else ""
