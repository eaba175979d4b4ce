"""The `advisor plan` command: the HR and legal timetable of a chosen route, dated from the council's answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

import advisor
from advisor.cli.dates import DATE

_FORMATS = ("text", "json", "csv", "ics")  # advisor.PLAN_FORMATS, named here so that --help loads no layer


@click.command()
@click.argument("answers", required=False)
@click.option("--example", help="Use an embedded example council's answers instead of a file.")
@click.option("--proposal", type=click.Path(dir_okay=False),
              help="Plan the route of this proposal file (its model and form; its dates and answers over the answers "
                   "file's; with no ANSWERS, the answers file the proposal names).")
@click.option("--adm", help="The delivery model to plan (with --form; see `advisor adms`).")
@click.option("--form", help="The legal form of that model.")
@click.option("--as-at", "as_at", type=DATE,
              help="Apply the law in force on this date (default: the answers' as_at, else today).")
@click.option("--today", type=DATE,
              help="Judge the timed steps' deadlines on this day (default: the date of the law applied).")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output (whole, or not at all; never over an input nor "
                   "through a symbolic link).")
def plan(answers: str | None, example: str | None, proposal: str | None, adm: str | None, form: str | None,
         as_at: dt.date | None, today: dt.date | None, fmt: str, output: Path | None) -> None:
    """The HR and legal timetable of a route: every timed duty and condition, dated from the council's answers.

    ANSWERS is a YAML or JSON answers file (`-` reads standard input). The route is the proposal's, or the
    model and form named. Steps whose starting date is not known are listed last with the question that would
    date them; a deadline already past on --today (by default the date of the law applied, as `advisor check`
    judges it) is flagged from the day after it.

    Example:

    \b
        advisor plan answers.yaml --adm wholly_owned_company --form company_limited_by_shares
        advisor plan answers.yaml --proposal proposal.yaml --format ics -o timetable.ics
        advisor plan answers.yaml --proposal proposal.yaml --format csv -o timetable.csv
    """

    inputs = [name for name in (answers, proposal) if name and name != "-"]
    if output is not None:
        advisor.check_output(output, f"--output {output}", inputs)
    data = advisor.plan_output(answers, example, proposal, (adm, form), as_at, today, fmt)
    if output is None:
        click.echo(data, nl=False)
        return
    advisor.write_file(output, data, f"--output {output}", inputs)
