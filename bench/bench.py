"""Prints the advisor's speed: cold start, assessments per second on durable and on the reference evaluator, RSS.

Run: python bench/bench.py [--count N]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from advisor.answers import flatten
from advisor.assessment import assess, evaluator_for
from advisor.law import basis_dates, law_in_force
from advisor.sampling import random_answers, random_day
from advisor.session import answers_model, load_book


def _wall(command: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(label: str, work: Callable[[], object], count: int) -> float:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    median, p95 = statistics.median(samples), sorted(samples)[int(0.95 * (count - 1))]
    print(f"{label:<44} median {median * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms   {1 / statistics.fmean(samples):8.0f} per second")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000, help="generated answer sets to assess")
    count = parser.parse_args().count
    bare = _wall([sys.executable, "-c", "import pydantic, jinja2, click"])
    cold = _wall([sys.executable, "-m", "advisor", "advise", "--example", "worcestershire-2018"])
    print(f"cold `advisor advise --example worcestershire-2018`: {cold:.3f} s   (bare import of pydantic, jinja2, click: {bare:.3f} s)")

    book, model, rng = load_book(), answers_model(), random.Random(1)
    cases = [(model.model_validate(random_answers(book.vocabulary, rng)), random_day(rng)) for _ in range(count)]
    prepared = [(flatten(a, book.vocabulary), day) for a, day in cases]
    laws = [law_in_force(book, basis_dates(day, facts)) for facts, day in prepared]
    for law in laws:  # compile every law version first: measure evaluation, not compilation
        evaluator_for(law, "durable")
        evaluator_for(law, "reference")
    print(f"{count} generated councils, {len({law.signature for law in laws})} distinct law versions, {len(book.rules)} rules")
    rss_before = _rss_mb()
    medians = {}
    for engine in ("durable", "reference"):
        pick = iter(range(10**9))
        medians[engine] = _timed(f"engine only ({engine})", lambda: _evaluate(engine, prepared, laws, next(pick) % count), count)
    for engine in ("durable", "reference"):
        pick = iter(range(10**9))
        _timed(f"full assessment, all ADMs x forms ({engine})",
               lambda: _assess(cases[next(pick) % count], book, engine), count)
    print(f"durable / reference (engine only, median): {medians['durable'] / medians['reference']:.1f}x")
    print(f"peak RSS: {rss_before:.0f} MB before the timed runs, {_rss_mb():.0f} MB after")


def _assess(case: tuple, book: object, engine: str) -> object:  # type: ignore[type-arg]
    answers, day = case
    return assess(answers, book, day, engine=engine)  # type: ignore[arg-type]


def _evaluate(engine: str, prepared: list, laws: list, index: int) -> object:  # type: ignore[type-arg]
    facts, _ = prepared[index]
    return evaluator_for(laws[index], engine).evaluate(facts)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
