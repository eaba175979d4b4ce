"""The `advisor rules` commands: list, show and check the rule base."""

from __future__ import annotations

import click


@click.group(invoke_without_command=True)
@click.option("--area", help="Only rules of this area (e.g. tupe, procurement, vat).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def rules(ctx: click.Context, area: str | None, fmt: str) -> None:
    """List the rule base with citations and in-force windows.

    Example:

    \b
        advisor rules --area procurement
        advisor rules show procurement.vertical.activity_share_too_low
    """
    if ctx.invoked_subcommand is None:
        from advisor.session import rules_text

        click.echo(rules_text(area, fmt), nl=False)


@rules.command("show")
@click.argument("rule_id")
def rules_show(rule_id: str) -> None:
    """Show one rule in full: condition, effect, window, authorities and explanation.

    Example:

    \b
        advisor rules show tupe.transfer.employee_liability_information
    """
    from advisor.session import rule_text

    click.echo(rule_text(rule_id), nl=False)


@rules.command("check")
def rules_check() -> None:
    """Load and check the whole rule base; exit 1 on any problem.

    Example:

    \b
        advisor rules check
    """
    from advisor.session import load_book

    book = load_book()
    click.echo(f"rule base OK: {len(book.rules)} rules in {len(book.files)} files, "
               f"{len(book.vocabulary.facts)} answer facts, digest {book.digest}")
