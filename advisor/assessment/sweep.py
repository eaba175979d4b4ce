"""Sweeps: every combination of chosen answers assessed, each option's verdict counts, and what it is most sensitive to."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

from pydantic import BaseModel

from advisor.assessment.assess import assess, assess_many
from advisor.assessment.candidates import candidate_values
from advisor.assessment.relevance import Option, option_verdicts
from advisor.assessment.verdicts import VERDICTS
from advisor.base.errors import AnswersError
from advisor.law.answers import flatten, json_value, validate_answers
from advisor.law.conditions import FactLeaf
from advisor.law.in_force import Law, basis_dates, law_in_force
from advisor.law.rules import Rulebook
from advisor.law.typed_answers import NotAnAnswer, parse_answer

MAX_COMBINATIONS = 65_536  # a sweep beyond this is a mistake more often than a plan (about five minutes)


@dataclass(frozen=True)
class Axis:
    """One answer varied, and the values it takes."""

    fact: str
    values: tuple[object, ...]


def parse_axis(text: str, book: Rulebook, law: Law, model: type[BaseModel]) -> Axis:
    """`FIELD` (each value worth trying) or `FIELD=v1,v2,...` (each typed as at the questionnaire)."""
    fact, _, typed = text.partition("=")
    fact = fact.strip()
    vocabulary = book.vocabulary
    if fact not in vocabulary.facts:
        near = difflib.get_close_matches(fact, list(vocabulary.facts), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else "; see `advisor schema answers`"
        raise AnswersError(f"--vary {fact}: no such answer{hint}")
    spec = vocabulary[fact]
    if spec.type == "text":
        raise AnswersError(f"--vary {fact}: free text cannot be varied; vary a yes/no, choice, number or date answer")
    values = [_typed(spec, item, fact) for item in typed.split(",")] if typed else candidate_values(book, law, spec)
    if not values:
        raise AnswersError(f"--vary {fact}: no rule compares it with a value; give the points, e.g. --vary {fact}=10,20")
    for value in values:
        validate_answers({fact: json_value(value)}, model, vocabulary, f"--vary {fact}")
    return Axis(fact, tuple(dict.fromkeys(_hashable(v) for v in values)))


def _typed(spec: Any, item: str, fact: str) -> object:
    text = item.strip()
    if text.lower() in ("unknown", "u", "?"):
        return None
    try:
        if spec.type == "choices":
            return [parse_answer(spec, part)[0] for part in text.split("+")] if text != "none" else []  # type: ignore[index]
        return parse_answer(spec, text)
    except NotAnAnswer as exc:
        raise AnswersError(f"--vary {fact}: {text!r} is not an answer: {exc}") from None


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def most_influential(answers: BaseModel, book: Rulebook, as_at: dt.date, limit: int, skip: set[str]) -> list[Axis]:
    """The yes/no answers the council can choose, most influential first (verdicts changed by each alone)."""
    base = option_verdicts(assess(answers, book, as_at))
    flips = [(spec.name, value) for spec in book.vocabulary.facts.values()
             if spec.type == "yes_no" and spec.choosable and spec.name not in skip
             for value in (True, False) if value != getattr(answers, spec.name)]
    flipped = assess_many([(answers.model_copy(update={name: value}), as_at) for name, value in flips], book)
    changed: dict[str, int] = {}
    for (name, _), assessment in zip(flips, flipped, strict=True):
        changed[name] = changed.get(name, 0) + _differences(base, option_verdicts(assessment))
    scored = sorted((-count, book.vocabulary.order(name), name) for name, count in changed.items())
    return [Axis(name, (True, False)) for _, _, name in scored[:limit]]


def _differences(first: Mapping[Option, str], second: Mapping[Option, str]) -> int:
    return sum(first[key] != second[key] for key in first)


def combinations_of(axes: Sequence[Axis]) -> int:
    """How many assessments the sweep needs."""
    return math.prod(len(axis.values) for axis in axes)


class _Verdicts:
    """Each ADM's verdict for a set of answers; answer sets the law in force reads alike are assessed once."""

    def __init__(self, book: Rulebook, as_at: dt.date) -> None:
        self.book, self.as_at = book, as_at
        self.seen: dict[tuple[object, ...], tuple[str, ...]] = {}
        self.assessed = 0

    def of(self, many: Sequence[BaseModel]) -> list[tuple[str, ...]]:
        """Each answer set's verdicts; the answer sets not yet seen are assessed together."""
        keys = [self._key(answers) for answers in many]
        new = {key: answers for key, answers in zip(keys, many, strict=True) if key not in self.seen}
        for key, done in zip(new, assess_many([(answers, self.as_at) for answers in new.values()], self.book),
                             strict=True):
            self.seen[key] = tuple(adm.verdict for adm in done.adms)
        self.assessed += len(new)
        return [self.seen[key] for key in keys]

    def _key(self, answers: BaseModel) -> tuple[object, ...]:
        law = sweep_base(answers, self.book, self.as_at)
        return (law.key, *(_hashable(getattr(answers, fact)) for fact in _read(law)))


_READ: dict[int, tuple[str, ...]] = {}


def _read(law: Law) -> tuple[str, ...]:
    """The answers any rule of this law reads (those that date the law are in its signature)."""
    if law.key not in _READ:
        _READ[law.key] = tuple(sorted({leaf.fact for active in law.rules for leaf in active.leaves
                                             if isinstance(leaf, FactLeaf)}))
    return _READ[law.key]


def run_sweep(answers: BaseModel, axes: Sequence[Axis], book: Rulebook, as_at: dt.date,
              tick: Callable[[], None] = lambda: None, jobs: int = 1) -> dict[str, Any]:
    """Assess every combination of the axes' values; per option, verdict counts and sensitivity."""
    total = combinations_of(axes)
    if total > MAX_COMBINATIONS:
        raise AnswersError(f"--vary: {total} combinations is more than {MAX_COMBINATIONS}; vary fewer answers or points")
    verdicts, changes = _Verdicts(book, as_at), _changes(axes)
    rows = _assess_all(answers, changes, verdicts, jobs, tick)
    adms = book.catalogue.adms
    return {
        "as_at": as_at.isoformat(), "council_name": getattr(answers, "council_name", None),
        "rule_base": {"digest": book.digest, "rules": len(book.rules)},
        "vary": [{"fact": a.fact, "question": book.vocabulary[a.fact].question, "values": [_shown(v) for v in a.values]}
                 for a in axes],
        "combinations": total, "assessed": verdicts.assessed,
        "rows": [{"values": {fact: json_value(value) for fact, value in change.items()},
                  "verdicts": {adm.id: row[i] for i, adm in enumerate(adms)}}
                 for change, row in zip(changes, rows, strict=True)],
        "options": [_option_summary(adm.id, adm.name, i, axes, rows) for i, adm in enumerate(adms)],
    }


def _changes(axes: Sequence[Axis]) -> list[dict[str, object]]:
    """Every combination of the axes' values, as answer updates (several choices as a list)."""
    return [{axis.fact: list(v) if isinstance(v, tuple) else v for axis, v in zip(axes, values, strict=True)}
            for values in product(*(axis.values for axis in axes))]


def _assess_all(answers: BaseModel, changes: list[dict[str, object]], verdicts: _Verdicts, jobs: int,
                tick: Callable[[], None]) -> list[tuple[str, ...]]:
    """Each combination's verdicts, in order; with jobs > 1, chunks go to forked worker processes."""
    if jobs <= 1 or len(changes) < _PER_JOB * 2:
        rows: list[tuple[str, ...]] = []
        for start in range(0, len(changes), _PER_CALL):
            done = verdicts.of([answers.model_copy(update=change) for change in changes[start:start + _PER_CALL]])
            rows += done
            for _ in done:
                tick()
        return rows
    return _in_workers(answers, changes, verdicts, jobs, tick)


_PER_JOB = 256  # combinations per chunk handed to a worker
_PER_CALL = 64  # combinations assessed together (the progress bar moves between calls)


def _in_workers(answers: BaseModel, changes: list[dict[str, object]], verdicts: _Verdicts, jobs: int,
                tick: Callable[[], None]) -> list[tuple[str, ...]]:
    global _WORK
    _WORK = (answers, verdicts)
    chunks = [changes[i:i + _PER_JOB] for i in range(0, len(changes), _PER_JOB)]
    rows: list[tuple[str, ...]] = []
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for done, assessed in pool.imap(_chunk, chunks):
            rows += done
            verdicts.assessed += assessed
            for _ in done:
                tick()
    return rows


_WORK: tuple[BaseModel, _Verdicts] | None = None  # set in the parent before forking; read by the workers


def _chunk(changes: list[dict[str, object]]) -> tuple[list[tuple[str, ...]], int]:
    """In a worker: the chunk's verdicts, and how many assessments it took (answer sets read alike run once)."""
    assert _WORK is not None
    answers, verdicts = _WORK
    before = verdicts.assessed
    return verdicts.of([answers.model_copy(update=change) for change in changes]), verdicts.assessed - before


def _shown(value: object) -> object:
    return json_value(list(value) if isinstance(value, tuple) else value)


def _option_summary(adm: str, name: str, index: int, axes: Sequence[Axis], rows: list[tuple[str, ...]]) -> dict[str, Any]:
    counts = {verdict: sum(row[index] == verdict for row in rows) for verdict in VERDICTS}
    sensitivity = sorted(({"fact": axis.fact, "share": round(share, 4)}
                          for axis, share in zip(axes, _sensitivity(index, axes, rows), strict=True)),
                         key=lambda s: -float(s["share"]))  # type: ignore[arg-type]
    return {"adm": adm, "name": name, "open": counts["viable"] + counts["viable_with_conditions"],
            "counts": counts, "sensitivity": sensitivity}


def _sensitivity(index: int, axes: Sequence[Axis], rows: list[tuple[str, ...]]) -> list[float]:
    """For each axis: of the pairs of combinations differing only in it, the share where this option's verdict differs."""
    sizes = [len(axis.values) for axis in axes]
    strides = [combinations_of(axes[i + 1:]) for i in range(len(axes))]
    shares = []
    for size, stride in zip(sizes, strides, strict=True):
        changed = pairs = 0
        for position, row in enumerate(rows):
            digit = (position // stride) % size
            for other in range(digit + 1, size):
                pairs += 1
                changed += row[index] != rows[position + (other - digit) * stride][index]
        shares.append(changed / pairs if pairs else 0.0)
    return shares


def sweep_base(answers: BaseModel, book: Rulebook, as_at: dt.date) -> Law:
    """The law in force for these answers on the sweep's date (it dates some rules by the answers themselves)."""
    return law_in_force(book, basis_dates(as_at, flatten(answers, book.vocabulary)))
