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
from collections.abc import Callable, Sequence

from advisor.answers import FactValue, flatten
from advisor.assessment import EngineName, assess, evaluator_for
from advisor.law import Law, basis_dates, law_in_force
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


def _timed(label: str, jobs: Sequence[Callable[[], object]]) -> float:
    samples = []
    for job in jobs:
        start = time.perf_counter()
        job()
        samples.append(time.perf_counter() - start)
    median, p95 = statistics.median(samples), sorted(samples)[int(0.95 * (len(samples) - 1))]
    rate = 1 / statistics.fmean(samples)
    print(f"{label:<46} median {median * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms   {rate:7.0f} per second")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000, help="generated answer sets to assess")
    count = parser.parse_args().count
    bare = _wall([sys.executable, "-c", "import pydantic, jinja2, click"])
    cold = _wall([sys.executable, "-m", "advisor", "advise", "--example", "worcestershire-2018"])
    print(f"cold `advisor advise --example worcestershire-2018`: {cold:.3f} s "
          f"(bare import of pydantic, jinja2 and click: {bare:.3f} s)")

    book, model, rng = load_book(), answers_model(), random.Random(1)
    cases = [(model.model_validate(random_answers(book.vocabulary, rng)), random_day(rng)) for _ in range(count)]
    facts = [flatten(answers, book.vocabulary) for answers, _ in cases]
    laws = [law_in_force(book, basis_dates(day, f)) for (_, day), f in zip(cases, facts, strict=True)]
    engines: tuple[EngineName, ...] = ("durable", "reference")
    for law in laws:  # compile every law version first: time evaluation, not compilation
        for engine in engines:
            evaluator_for(law, engine)
    print(f"{count} generated councils, {len({law.signature for law in laws})} law versions, {len(book.rules)} rules")
    rss_before = _rss_mb()
    medians = {}
    for engine in engines:
        jobs = [_bind(_evaluate, law, f, engine) for law, f in zip(laws, facts, strict=True)]
        medians[engine] = _timed(f"engine only ({engine})", jobs)
    for engine in engines:
        _timed(f"full assessment, all ADMs x forms ({engine})",
               [_bind(assess, answers, book, day, engine) for answers, day in cases])
    print(f"durable / reference (engine only, median): {medians['durable'] / medians['reference']:.1f}x")
    print(f"peak RSS: {rss_before:.0f} MB before the timed runs, {_rss_mb():.0f} MB after")


def _evaluate(law: Law, facts: dict[str, FactValue], engine: EngineName) -> object:
    return evaluator_for(law, engine).evaluate(facts)


def _bind(function: Callable[..., object], *args: object) -> Callable[[], object]:
    return lambda: function(*args)


if __name__ == "__main__":
    main()
