"""The commands that appraise a council's options: advise, memo, check, diff, sweep, verify, ask."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

import advisor
from advisor.cli.ask import interview
from advisor.cli.dates import DATE

_EXAMPLE = click.option("--example", help="Use an embedded example council instead of a file (see `advisor examples`).")
_AS_AT = click.option("--as-at", "as_at", type=DATE,
                      help="Apply the law in force on this date (default: the answers' as_at, else today).")

def _check(output: Path | None, answers: str | None) -> None:
    """Refuse at once an output that could not be written: a symbolic link, or the answers file itself."""
    if output is not None:
        advisor.check_output(output, f"--output {output}", [answers])


def _emit(text: str, output: Path | None, answers: str | None) -> None:
    """Print the text, or write it to the output file whole (never onto the answers file)."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    advisor.write_file(output, text.encode("utf-8"), f"--output {output}", [answers])


@click.command()
@click.argument("answers", required=False)
@_EXAMPLE
@_AS_AT
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output (whole, or not at all; never over the answers file "
                   "nor through a symbolic link).")
@click.option("--why-not", "why", is_flag=True,
              help="For each option not viable or undetermined, the smallest changes to the council's choices that open it.")
@click.option("--detail", is_flag=True,
              help="After the one-line summary per model, every finding, condition, citation and open question, form "
                   "by form (JSON is always complete).")
def advise(answers: str | None, example: str | None, as_at: dt.date | None, fmt: str, output: Path | None,
           why: bool, detail: bool) -> None:
    """Assess every delivery model and legal form for a council's answers.

    ANSWERS is a YAML or JSON answers file (`-` reads standard input).

    Example:

    \b
        advisor advise --example worcestershire-2018
        advisor advise answers.yaml --detail
        advisor advise answers.yaml --as-at 2024-06-01 --format json -o assessment.json
    """

    _check(output, answers)
    _emit(advisor.advise_text(answers, example, as_at, fmt, why, detail), output, answers)


@click.command()
@click.argument("answers", required=False)
@_EXAMPLE
@_AS_AT
@click.option("--format", "fmt", type=click.Choice(["markdown", "html", "docx", "pdf"]),
              help="Memo format (default: from the -o file's suffix, else markdown).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (.md, .html, .docx or .pdf); a Markdown memo gets its matrix as NAME-matrix.svg "
                   "and its timetable picture as NAME-timetable.svg (an existing one is replaced only if the advisor "
                   "wrote it).")
@click.option("--template-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A directory of the council's own copies of the templates (any not there come from the advisor).")
@click.option("--proposal", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Add a section checking this proposed structure (see `advisor check`); the Timetable section "
                   "then times its route.")
def memo(answers: str | None, example: str | None, as_at: dt.date | None, fmt: str | None,
         output: Path | None, template_dir: Path | None, proposal: Path | None) -> None:
    """Write the options-appraisal memo for a cabinet report: Markdown, HTML, Word or PDF.

    ANSWERS is a YAML or JSON answers file (`-` reads standard input).

    Example:

    \b
        advisor memo answers.yaml -o options-appraisal.docx
        advisor memo --example bnes-2017 -o appraisal.html
        advisor memo answers.yaml -o appraisal.pdf
        advisor memo answers.yaml --template-dir our-templates/ -o appraisal.md
        advisor memo answers.yaml --proposal proposal.yaml -o appraisal.docx
    """

    day = as_at
    text = advisor.memo_text(answers, example, day, fmt, output, template_dir, proposal)
    if output is None:
        click.echo(text, nl=False)
    else:  # the memo went to the file; say so where it cannot mix with piped output
        click.echo(text, err=True)


@click.command()
@click.argument("proposal", required=False)
@click.option("--example", help="Check an embedded example proposal (see `advisor examples`).")
@click.option("--as-at", "as_at", type=DATE,
              help="Apply the law in force on this date (default: the proposal's as_at, else today).")
@click.option("--today", type=DATE,
              help="Judge the timed steps' deadlines on this day (default: the date of the law applied).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def check(proposal: str | None, example: str | None, as_at: dt.date | None, today: dt.date | None, fmt: str) -> None:
    """Check a proposed structure against the rules: pass, fail or unknown per rule, with the fix.

    PROPOSAL is a YAML or JSON proposal file (see `advisor schema proposal`). Exit status 0 when
    nothing fails, 1 when a rule fails, 2 for a malformed file. Timed steps the proposal's dates already make
    impossible (a deadline past on --today, a step after the date it must precede) are listed.

    Example:

    \b
        advisor check --example 3bm-2013
        advisor check proposal.yaml --format json
    """

    day = as_at
    text, passed = advisor.check_text(proposal, example, day, fmt, today)
    click.echo(text, nl=False)
    if not passed:
        raise SystemExit(1)


@click.command()
@click.argument("answers", required=False)
@click.option("--example", help="Use an embedded example council instead of a file.")
@click.option("--as-at", "as_at", type=DATE, multiple=True, required=True,
              help="A date of the law to compare; give it twice.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(answers: str | None, example: str | None, as_at: tuple[dt.date, ...], fmt: str) -> None:
    """Compare the law on two dates for one council: the verdicts and findings that differ, and why.

    Example:

    \b
        advisor diff --as-at 2024-06-01 --as-at 2025-03-01 answers.yaml
    """

    if len(as_at) != 2:
        raise advisor.AnswersError(f"--as-at: give exactly two dates to compare, not {len(as_at)}")
    click.echo(advisor.diff_text(answers, example, (as_at[0], as_at[1]), fmt), nl=False)


@click.command()
@click.argument("answers", required=False)
@click.option("--example", help="Use an embedded example council instead of a file.")
@click.option("--vary", multiple=True, metavar="FIELD[=V1,V2,...]",
              help="An answer to vary: over the given values, or each value worth trying (each choice, each side "
                   "of every threshold). Repeat it; 'unknown' is a value.")
@click.option("--vary-all", is_flag=True, help="Vary the yes/no answers the council can choose, most influential first.")
@click.option("--limit", type=click.IntRange(1, 16), default=12, show_default=True,
              help="With --vary-all: how many of them.")
@click.option("--as-at", "as_at", type=DATE, help="Date of the law to apply.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to a file (whole, or not at all; never over the answers file nor through a symbolic link).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: one per processor).")
def sweep(answers: str | None, example: str | None, vary: tuple[str, ...], vary_all: bool, limit: int,
          as_at: dt.date | None, fmt: str, output: Path | None, jobs: int | None) -> None:
    """Assess every combination of some answers: how often each option is open, and what it turns on.

    Example:

    \b
        advisor sweep answers.yaml --vary keep_control --vary external_activity_share_pct=10,20,21
        advisor sweep --example bnes-2015 --vary-all --limit 12 --format csv -o sweep.csv
    """

    _check(output, answers)
    day = as_at
    workers = jobs or len(os.sched_getaffinity(0))
    progress = _progress_bar if sys.stderr.isatty() else None
    _emit(advisor.sweep_text(answers, example, day, vary, vary_all, limit, fmt, progress, workers), output, answers)


@contextlib.contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[], None]]:
    """A bar on standard error counting the combinations assessed."""
    with click.progressbar(length=total, label="assessing", file=sys.stderr) as bar:
        yield lambda: bar.update(1)


@click.command()
@click.argument("memo_file", metavar="MEMO", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-at", "as_at", type=DATE,
              help="Check against the law on this date instead of today.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def verify(memo_file: Path, as_at: dt.date | None, fmt: str) -> None:
    """Re-run the assessment recorded in a memo: do its conclusions still hold under today's rules and law?

    Exit status 0 when every verdict still holds, 1 when any has changed, 2 for a file that is not a memo as
    written (no audit record, a damaged one, or a memo edited since).

    Example:

    \b
        advisor verify options-appraisal.docx
    """

    day = as_at or dt.date.today()
    text, holds = advisor.verify_text(memo_file, day, fmt)
    click.echo(text, nl=False)
    if not holds:
        raise SystemExit(1)


@click.command()
@click.argument("answers", type=click.Path(dir_okay=False, path_type=Path))
@_AS_AT
@click.option("--edit", metavar="FIELD", help="Change one answer first, then carry on with the questions that follow from it.")
@click.option("--next", "show_next", is_flag=True, help="Print the questions still worth asking, and why, without prompting.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output of --next.")
@click.option("--for", "officer", type=click.Choice(list(advisor.OFFICERS)),
              help="Ask only this officer's questions (hr, legal, procurement, finance, service), so that several "
                   "officers can complete one answers file in turn.")
def ask(answers: Path, as_at: dt.date | None, edit: str | None, show_next: bool, fmt: str, officer: str | None) -> None:
    """Interview: first the questions that can still change a verdict, then those that firm up the conditions,
    duties and risks of the models still open; saving after every answer.

    ANSWERS is the YAML answers file to write (created if missing, continued if not; a symbolic link is
    written through). It is locked while the session runs: a second session on it is refused. With --as-at,
    that date of the law is kept in the file.
    At the prompt: u = don't know, ? = why this question, b = back, q = save and stop.

    Example:

    \b
        advisor ask answers.yaml
        advisor ask answers.yaml --for hr
        advisor ask answers.yaml --edit keep_control
        advisor ask answers.yaml --next --format json
    """

    if show_next:
        click.echo(advisor.next_questions_text(answers, as_at, fmt, officer), nl=False)
        return
    code = interview(answers, as_at, edit, officer)
    if code:
        raise SystemExit(code)
