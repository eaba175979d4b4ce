"""Prints the advisor's speed: cold start, assessments per second on durable and on the reference evaluator, RSS.

The workload: N generated councils (every answer drawn near a threshold, a third unknown),
assessed as at six dates either side of the big changes of law. Each law version is compiled
once, before timing. Run: python bench/bench.py [--count N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from advisor.assessment.assess import assess, assess_many
from advisor.assessment.records import Assessment
from advisor.assessment.relevance import option_verdicts
from advisor.engine.evaluation import EngineName, evaluator_for
from advisor.law.answers import FactValue, flatten
from advisor.law.in_force import Law, basis_dates, law_in_force
from advisor.law.shipped import answers_model, load_book
from advisor.quality.sampling import random_answers

DATES = [dt.date(2016, 7, 1), dt.date(2018, 3, 1), dt.date(2023, 6, 1), dt.date(2024, 6, 1),
         dt.date(2025, 6, 1), dt.date(2026, 6, 1)]
ENGINES: tuple[EngineName, ...] = ("durable", "reference")
BATCH = 192  # councils per assess_many call, as a batch run hands them over: about 32 per law version
_Case = tuple[BaseModel, dt.date]
T = TypeVar("T")


def _wall(command: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _timed(label: str, jobs: Sequence[Callable[[], object]]) -> float:
    samples = []
    for job in jobs:
        start = time.perf_counter()
        job()
        samples.append(time.perf_counter() - start)
    median, p95 = statistics.median(samples), sorted(samples)[int(0.95 * (len(samples) - 1))]
    print(f"{label:<46} median {median * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms   "
          f"{1 / statistics.fmean(samples):7.0f} per second")
    return median


def _every_verdict(assessment: Assessment) -> tuple[object, ...]:
    """What a full assessment yields: every ADM's verdict and every ADM x form's (findings are built when read)."""
    return tuple(adm.verdict for adm in assessment.adms), option_verdicts(assessment)


def _timed_batches(label: str, jobs: Sequence[tuple[Callable[[], object], int]]) -> float:
    """Like _timed, per council, for jobs that each assess several councils (how many given) in one call."""
    samples = []
    for job, size in jobs:
        start = time.perf_counter()
        job()
        samples.append((time.perf_counter() - start) / size)
    median, p95 = statistics.median(samples), sorted(samples)[int(0.95 * (len(samples) - 1))]
    print(f"{label:<46} median {median * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms   "
          f"{1 / statistics.fmean(samples):7.0f} per second")
    return median


def _chunks(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[start:start + size]) for start in range(0, len(items), size)]


def _councils(count: int) -> list[_Case]:
    book, model, rng = load_book(), answers_model(), random.Random(1)
    out = []
    for index in range(count):
        answers = random_answers(book, rng)
        answers.update(procurement_start_date=None, transfer_date=None)  # dated by the as-at date
        out.append((model.model_validate(answers), DATES[index % len(DATES)]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000, help="generated councils to assess")
    parser.add_argument("--flat", type=int, default=10_000, help="further durable evaluations watched for RSS growth")
    args = parser.parse_args()
    count = args.count
    bare = _wall([sys.executable, "-c", "import pydantic, jinja2, click"])
    cold = _wall([sys.executable, "-m", "advisor", "advise", "--example", "worcestershire-2018"])
    print(f"cold `advisor advise --example worcestershire-2018`: {cold:.3f} s (median of 7; "
          f"bare import of pydantic, jinja2 and click: {bare:.3f} s)")
    book = load_book()
    cases = _councils(count)
    facts = [flatten(answers, book.vocabulary) for answers, _ in cases]
    laws = [law_in_force(book, basis_dates(day, f)) for (_, day), f in zip(cases, facts, strict=True)]
    start = time.perf_counter()
    for law in {law.signature: law for law in laws}.values():
        for engine in ENGINES:
            evaluator_for(law, engine)
    print(f"{count} generated councils at {len(DATES)} dates, {len({law.signature for law in laws})} law versions, "
          f"{len(book.rules)} rules; compiled in {time.perf_counter() - start:.2f} s")
    rss_before = _rss_mb()
    medians = {engine: _timed(f"engine only ({engine})",
                              [_bind(lambda law, f, e=engine: evaluator_for(law, e).evaluate(f), law, f)
                               for law, f in zip(laws, facts, strict=True)])
               for engine in ENGINES}
    by_law: dict[tuple[object, ...], tuple[Law, list[dict[str, FactValue]]]] = {}
    for law, f in zip(laws, facts, strict=True):
        by_law.setdefault(law.signature, (law, []))[1].append(f)
    for engine in ENGINES:
        _timed_batches(f"  the same, {BATCH} councils under one law a call ({engine})",
                       [(_bind(lambda law, chunk, e=engine: evaluator_for(law, e).evaluate_many(chunk), law, chunk),
                         len(chunk)) for law, group in by_law.values() for chunk in _chunks(group, BATCH)])
    full = {engine: _timed(f"full assessment, all ADMs x forms ({engine})",
                           [_bind(lambda a, d, e=engine: _every_verdict(assess(a, book, d, engine=e)), answers, day)
                            for answers, day in cases])
            for engine in ENGINES}
    batched = {engine: _timed_batches(f"  the same, {BATCH} councils a call ({engine})",
                                      [(_bind(lambda chunk, e=engine: [_every_verdict(a) for a in
                                                                       assess_many(chunk, book, engine=e)], chunk),
                                        len(chunk)) for chunk in _chunks(cases, BATCH)])
               for engine in ENGINES}
    rss_after = _rss_mb()
    print(f"durable / reference, full assessment (median): {full['durable'] / full['reference']:.1f}x one by one, "
          f"{batched['durable'] / batched['reference']:.1f}x batched; engine only: "
          f"{medians['durable'] / medians['reference']:.1f}x")
    print(f"RSS {rss_before:.0f} MB before the timed runs, {rss_after:.0f} MB after "
          f"{count * 2 * len(ENGINES)} assessments ({(rss_after - rss_before) / rss_before * 100:+.1f}%)")
    _flatness(laws, facts, args.flat)
    _counterfactuals()
    _sweep()


def _flatness(laws: Sequence[Law], facts: Sequence[dict[str, FactValue]], total: int) -> None:
    """RSS across many more durable evaluations after warm-up, one by one and batched: no engine
    state may be left behind. RSS is sampled after each pass over the councils, as the C heap
    gives memory back and takes it again; a leak shows as the second half's peak above the first's."""
    evaluator = evaluator_for(laws[0], "durable")
    for label, run in (("one by one", lambda chunk: [evaluator.evaluate(f) for f in chunk]),
                       (f"{BATCH} a call", evaluator.evaluate_many)):
        for chunk in _chunks(facts, BATCH):
            run(chunk)
        samples, done = [_rss_mb()], 0
        while done < total:
            for chunk in _chunks(facts[:total - done], BATCH):
                run(chunk)
            done += min(len(facts), total - done)
            samples.append(_rss_mb())
        half = len(samples) // 2
        first, second = max(samples[:half]), max(samples[half:])
        print(f"RSS across {total} further durable evaluations, {label}: {samples[0]:.1f} MB -> {samples[-1]:.1f} MB, "
              f"{min(samples):.1f}-{max(samples):.1f} MB over {len(samples)} samples; peak of the second half "
              f"against the first {(second - first) / first * 100:+.1f}%")


def _counterfactuals() -> None:
    """`advise --why-not` for every embedded example: all options of one council each."""
    from advisor.assessment.why_not import why_not
    from advisor.law.shipped import example_names, load_answers

    for name in example_names():
        answers = load_answers(None, name)
        start = time.perf_counter()
        found = why_not(answers, load_book(), None)
        print(f"why-not, every option of {name:<24} {time.perf_counter() - start:6.2f} s "
              f"({sum(len(r['changes']) for r in found)} smallest change sets)")


def _sweep() -> None:
    """A sweep over the 12 most influential yes/no choices (4,096 assessments), on one process and on all."""
    import os

    from advisor.assessment.sweep import most_influential, run_sweep
    from advisor.law.shipped import load_answers

    answers, book = load_answers(None, "bnes-2015"), load_book()
    axes = most_influential(answers, book, dt.date(2015, 11, 5), 12, set())
    for jobs in sorted({1, len(os.sched_getaffinity(0))}):
        start = time.perf_counter()
        record = run_sweep(answers, axes, book, dt.date(2015, 11, 5), jobs=jobs)
        print(f"sweep of 12 yes/no answers for bnes-2015 ({record['combinations']} combinations, "
              f"{record['assessed']} assessed), {jobs} process(es): {time.perf_counter() - start:.1f} s")


def _bind(function: Callable[..., object], *args: object) -> Callable[[], object]:
    return lambda: function(*args)


if __name__ == "__main__":
    main()
