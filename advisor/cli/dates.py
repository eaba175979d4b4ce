"""The `--as-at` option's type: a date as officers write it (1/4/2026, 1 April 2026 or 2026-04-01)."""

from __future__ import annotations

import datetime as dt

import click

import advisor


class OfficersDate(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    """A day in the calendar in one of the forms the README names; a refusal says which forms, in words."""

    name = "date"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return advisor.parse_date(str(value))
        except advisor.NotADate as exc:
            self.fail(exc.sentence, param, ctx)



DATE = OfficersDate()
