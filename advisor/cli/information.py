"""The commands that show what the advisor knows: the embedded examples, the catalogue of models and forms, the schemas."""

from __future__ import annotations

import json

import click

import advisor


@click.command()
@click.argument("name", required=False)
def examples(name: str | None) -> None:
    """List the embedded example councils, or print one example's answers file.

    Example:

    \b
        advisor examples
        advisor examples bnes-2015 > answers.yaml
    """

    click.echo(advisor.example_text(name) if name else advisor.example_listing(), nl=False)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def adms(fmt: str) -> None:
    """Show the delivery models and the legal forms each can take.

    Example:

    \b
        advisor adms --format json
    """

    click.echo(advisor.catalogue_text(fmt), nl=False)


_OUTPUTS = ("assessment", "next", "diff", "check", "plan")  # advisor.OUTPUT_SCHEMAS's keys: --help loads no layer


@click.command()
@click.argument("what", type=click.Choice(["answers", "proposal", *_OUTPUTS]))
def schema(what: str) -> None:
    """Print a JSON Schema: of the answers file or a proposal file, or of a JSON output (assessment:
    `advise --format json`; next: `ask --next --format json`; diff: `diff --format json`; check:
    `check --format json`; plan: `plan --format json`).

    Example:

    \b
        advisor schema answers > answers.schema.json
        advisor schema proposal > proposal.schema.json
        advisor schema assessment > assessment.schema.json
    """
    if what == "proposal":

        click.echo(json.dumps(advisor.Proposal.model_json_schema(), indent=2))
        return
    if what in _OUTPUTS:
        click.echo(json.dumps(advisor.OUTPUT_SCHEMAS[what].model_json_schema(), indent=2))
        return

    click.echo(json.dumps(advisor.answers_model().model_json_schema(), indent=2))
