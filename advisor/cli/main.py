"""The command line's entry point: the `advisor` group and its commands (thin: parse, call the public API, print)."""

from __future__ import annotations

import click

from advisor.cli.appraisal import advise, ask, check, diff, memo, sweep, verify
from advisor.cli.information import adms, examples, schema
from advisor.cli.plan import plan
from advisor.cli.rules import rules
from advisor.cli.serve import serve
from advisor.cli.users import users


@click.group()
@click.version_option(package_name="adm-advisor", prog_name="advisor")
def main() -> None:
    """ADM Advisor: which alternative delivery models a council can use for a service, and why.

    Advice support, not legal advice: every output shows the date of the law applied.
    """


for command in (advise, ask, memo, verify, check, plan, diff, sweep, serve, users, examples, adms, rules, schema):
    main.add_command(command)
