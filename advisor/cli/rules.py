"""The `advisor rules` commands: list, show and check the rule base, and how far the scenario cases cover it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

import advisor

_AS_AT = click.option("--as-at", "as_at", type=click.DateTime(formats=["%Y-%m-%d"]),
                      help="Read conditions and texts with the parameters in force on this date (default: today).")


@click.group(invoke_without_command=True)
@click.option("--area", help="Only rules of this area (e.g. tupe, procurement, vat).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_AS_AT
@click.pass_context
def rules(ctx: click.Context, area: str | None, fmt: str, as_at: dt.datetime | None) -> None:
    """List the rule base with citations and in-force windows.

    Example:

    \b
        advisor rules --area procurement --as-at 2024-06-01
        advisor rules show procurement.vertical.activity_share_too_low
    """
    if ctx.invoked_subcommand is None:
        click.echo(advisor.rules_text(area, fmt, as_at.date() if as_at else None), nl=False)


@rules.command("show")
@click.argument("rule_id")
@_AS_AT
def rules_show(rule_id: str, as_at: dt.datetime | None) -> None:
    """Show one rule in full: when it applies (in words), effect, window, authorities and explanation.

    The explanation is shown with the rule's parameters as in force on the --as-at date.

    Example:

    \b
        advisor rules show tupe.eli.notify_28_days
        advisor rules show tupe.eli.notify_28_days --as-at 2014-01-01
    """

    click.echo(advisor.rule_text(rule_id, as_at.date() if as_at else None), nl=False)


_RULES_DIR = click.option("--rules-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
                          help="Check this rule base instead of the shipped one (a copy being edited).")
_SCENARIOS = click.option("--scenarios", type=click.Path(exists=True, file_okay=False, path_type=Path),
                          help="Scenario cases to run instead of the shipped ones (a directory of *.yaml, its timetable "
                               "cases in timetable/*.yaml).")


@rules.command("check")
@_RULES_DIR
@_SCENARIOS
def rules_check(rules_dir: Path | None, scenarios: Path | None) -> None:
    """Load and check the whole rule base, then run every scenario and timetable case; exit 1 on any problem.

    Besides the checks made on loading, a problem is: a scenario or timetable case that fails, a
    rule no passing case sees fire, a delivery model or form no passing case expects viable (or
    viable with conditions) or none expects not viable, and a rule with a timing whose step no
    passing timetable case expects.

    Example:

    \b
        advisor rules check
    """

    text, ok = advisor.check_report(rules_dir, scenarios)
    click.echo(text, nl=False)
    if not ok:
        raise SystemExit(1)


@rules.command("coverage")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fail-under", type=click.FloatRange(0, 100),
              help="Exit 1 when either way (firing, not firing) is below this percentage.")
@_RULES_DIR
@_SCENARIOS
def rules_coverage(fmt: str, fail_under: float | None, rules_dir: Path | None, scenarios: Path | None) -> None:
    """For every rule, whether the scenario cases see it fire and see it not fire.

    A rule is seen firing when it applies to some option in a passing case; seen not firing when
    it is in force, touches an option the case assesses, and is found not to apply to it (an
    answer it waits on being unknown is neither). Rules with no condition hold wherever they are
    in force and are listed apart. Also: which delivery models and forms some case expects
    viable and some expects not viable.

    Example:

    \b
        advisor rules coverage
        advisor rules coverage --format json --fail-under 100
    """

    text, reached = advisor.coverage_report(rules_dir, scenarios, fmt, fail_under)
    click.echo(text, nl=False)
    if not reached:
        raise SystemExit(1)
