"""What the commands do: load the rule base and answers once, assess, and format the results."""

from __future__ import annotations

import datetime as dt
import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from advisor.answers import build_answers_model, read_answers_data, validate_answers
from advisor.assessment import assess
from advisor.errors import AnswersError
from advisor.output import render_template
from advisor.proposal_facts import ProposalMap, load_proposal_map
from advisor.report import assessment_dict, disclaimer
from advisor.resources import data_dir
from advisor.rulebook import Rulebook


@lru_cache(maxsize=1)
def load_book() -> Rulebook:
    """The shipped rule base, loaded and checked once per process (and cached on disk)."""
    from advisor.cache import cached_rulebook

    return cached_rulebook(data_dir("rules"))


@lru_cache(maxsize=1)
def answers_model() -> type[BaseModel]:
    """The Answers model built from the shipped vocabulary."""
    return build_answers_model(load_book().vocabulary)


def _examples() -> dict[str, Path]:
    return {path.stem: path for path in sorted(data_dir("examples").glob("*.yaml"))}


def _proposal_examples() -> dict[str, Path]:
    return {path.stem: path for path in sorted((data_dir("examples") / "proposals").glob("*.yaml"))}


@lru_cache(maxsize=1)
def proposal_map() -> ProposalMap:
    """How proposals set answers (rules/proposal_map.yaml), loaded and checked once."""
    return load_proposal_map(data_dir("rules"), load_book().vocabulary)


def check_text(path: str | None, example: str | None, as_at: dt.date | None, fmt: str) -> tuple[str, bool]:
    """The checklist for a proposal file or embedded example proposal, and whether nothing failed."""
    from advisor.check import proposal_inputs, run_check
    from advisor.proposal_facts import read_proposal

    if (path is None) == (example is None):
        raise AnswersError("give a proposal file or --example NAME, not both")
    known = _proposal_examples()
    if example is not None and example not in known:
        raise AnswersError(f"--example {example!r} is not an embedded proposal; choose one of: {', '.join(known)}")
    source = known[example] if example else Path(str(path))
    book = load_book()
    proposal = read_proposal(str(source), example or str(path), book.catalogue)
    given = proposal_inputs(proposal, source, proposal_map())
    record = run_check(proposal, given, book, answers_model(), proposal_map(), as_at)
    record["disclaimer"] = disclaimer()
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False, default=str) + "\n", record["passed"]
    template = "check.md.j2" if fmt == "markdown" else "check.txt.j2"
    return render_template(template, record), record["passed"]


def example_names() -> list[str]:
    """The names of the embedded examples, sorted."""
    return list(_examples())


def example_path(name: str) -> Path:
    """The file of an embedded example; an unknown name lists the known ones."""
    known = _examples()
    if name not in known:
        raise AnswersError(f"--example {name!r} is not an embedded example; choose one of: {', '.join(known)}")
    return known[name]


def load_answers(path: str | None, example: str | None) -> BaseModel:
    """Read and validate answers from a file, standard input or an embedded example."""
    if (path is None) == (example is None):
        raise AnswersError("give an answers file (or - for standard input) or --example NAME, not both")
    source = str(example_path(example)) if example else str(path)
    data = read_answers_data(source)
    return validate_answers(data, answers_model(), load_book().vocabulary, example or source)


def advise_data(path: str | None, example: str | None, as_at: dt.date | None,
                omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """Assess the answers and return the JSON contract (findings of the `omit` effects left out)."""
    from advisor import __version__

    answers = load_answers(path, example)
    book = load_book()
    return assessment_dict(assess(answers, book, as_at), book, __version__, omit)


def advise_text(path: str | None, example: str | None, as_at: dt.date | None, fmt: str, why: bool = False) -> str:
    """The assessment in the requested format (with the smallest changes that would open each closed option)."""
    data = advise_data(path, example, as_at, omit=("note", "derive") if fmt == "text" else ())
    if why:
        from advisor.counterfactual import why_not

        data["why_not"] = why_not(load_answers(path, example), load_book(), as_at)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    template = "advise.md.j2" if fmt == "markdown" else "advise.txt.j2"
    text = render_template(template, data)
    return text + render_template("why_not.txt.j2", data) if why else text


def memo_text(path: str | None, example: str | None, as_at: dt.date | None, fmt: str | None,
              output: Path | None, template_dir: Path | None, proposal: Path | None = None) -> str | None:
    """Write the memo (or return it when no output file is given); a proposal adds its checklist."""
    from advisor import __version__
    from advisor.memo import MemoWriter, format_for, write_memo

    chosen = format_for(output, fmt)
    answers = load_answers(path, example)
    book = load_book()
    writer = MemoWriter(assess(answers, book, as_at), book, __version__, template_dir)
    if proposal is not None:
        writer.record["proposal"] = _proposal_check(proposal, answers, as_at)
    return write_memo(writer, chosen, output)


def _proposal_check(path: Path, answers: BaseModel, as_at: dt.date | None) -> dict[str, Any]:
    """The checklist of a proposal, on the memo's answers (the proposal's own settings override them)."""
    from advisor.check import run_check
    from advisor.proposal_facts import proposal_answers, read_proposal

    book = load_book()
    proposal = read_proposal(str(path), str(path), book.catalogue)
    given = dict(answers.model_dump(exclude_none=True), **proposal_answers(proposal, proposal_map()))
    return run_check(proposal, given, book, answers_model(), proposal_map(), as_at or getattr(answers, "as_at", None))


def diff_text(path: str | None, example: str | None, days: tuple[dt.date, dt.date], fmt: str) -> str:
    """What differs for a council between the law on two dates, and why."""
    from advisor.diff import diff_record

    answers = load_answers(path, example)
    record = diff_record(answers, load_book(), *days)
    record.update(council_name=getattr(answers, "council_name", None), disclaimer=disclaimer())
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return render_template("diff.txt.j2", record)


def verify_text(memo: Path, today: dt.date, fmt: str) -> tuple[str, bool]:
    """The verification report for a memo, and whether its conclusions hold."""
    from advisor import __version__
    from advisor.verify import verify_memo

    if not memo.exists():
        raise AnswersError(f"{memo}: no such file")
    result = verify_memo(memo, load_book(), __version__, today)
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n", result["holds"]
    return render_template("verify.txt.j2", result), result["holds"]


def example_listing() -> str:
    """One line per embedded example council and example proposal: name and what it is."""
    lines = ["Example councils (advisor advise --example NAME):"]
    for group, found in (("", _examples()), ("Example proposals (advisor check --example NAME):", _proposal_examples())):
        if group:
            lines += ["", group]
        for name, path in found.items():
            first = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
            lines.append(f"  {name:<26} {first}")
    return "\n".join(lines) + "\n"


def example_text(name: str) -> str:
    """The example's answers (or proposal) file, ready to copy and edit."""
    proposals = _proposal_examples()
    if name in proposals:
        return proposals[name].read_text(encoding="utf-8")
    return example_path(name).read_text(encoding="utf-8")


def catalogue_text(fmt: str) -> str:
    """The ADM x form catalogue as text or JSON."""
    catalogue = load_book().catalogue
    if fmt == "json":
        return json.dumps(catalogue.model_dump(mode="json"), indent=2) + "\n"
    return render_template("adms.txt.j2", catalogue.model_dump(mode="json"))


def _rule_data(rule_id: str) -> dict[str, Any]:
    book = load_book()
    rule = book.rules[rule_id]
    topic = book.file_of(rule)
    data = rule.model_dump(mode="json", by_alias=True)
    data["authorities"] = [dict(topic.authorities[k].model_dump(mode="json", by_alias=True), key=k)
                           for k in rule.authorities]
    data["touches"]["adms"] = list(book.adms_of(rule))
    return data


def rules_text(area: str | None, fmt: str) -> str:
    """The rule base (optionally one area) as text or JSON."""
    book = load_book()
    ids = [rid for rid, rule in book.rules.items() if area is None or rule.area == area]
    if area is not None and not ids:
        raise AnswersError(f"--area {area!r} has no rules; areas: {', '.join(sorted({r.area for r in book.rules.values()}))}")
    data = [_rule_data(rid) for rid in ids]
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return render_template("rules.txt.j2", {"rules": data})


def rule_text(rule_id: str) -> str:
    """One rule in full."""
    if rule_id not in load_book().rules:
        raise AnswersError(f"no rule {rule_id!r}; see `advisor rules` for the ids")
    return render_template("rule.txt.j2", {"rule": _rule_data(rule_id)})


def sweep_text(path: str | None, example: str | None, as_at: dt.date | None, vary: tuple[str, ...],
               vary_all: bool, limit: int, fmt: str, progress: bool, jobs: int = 1) -> str:
    """Every combination of the varied answers assessed: CSV rows, the JSON record, or a text summary."""
    import click

    from advisor.sweep import combinations_of, most_influential, parse_axis, run_sweep, sweep_base

    answers = load_answers(path, example)
    book, day = load_book(), as_at or getattr(answers, "as_at", None) or dt.date.today()
    axes = [parse_axis(text, book, sweep_base(answers, book, day), answers_model()) for text in vary]
    if vary_all:
        axes += most_influential(answers, book, day, limit, {axis.fact for axis in axes})
    if not axes:
        raise AnswersError("give at least one --vary FIELD, or --vary-all")
    with click.progressbar(length=combinations_of(axes), label="assessing", file=sys.stderr,
                           hidden=not progress) as bar:
        record = run_sweep(answers, axes, book, day, lambda: bar.update(1), jobs)
    record["disclaimer"] = disclaimer()
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        from advisor.sweep import csv_text

        return csv_text(record)
    return render_template("sweep.txt.j2", record)
