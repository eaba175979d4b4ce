"""Prints what the rule-base cache saves: cold `advisor advise --example ...` and the rule-base load, with and without it.

Each figure is the median of N fresh processes: the whole command, and the first rule-base load of a process
(from rules/: YAML read, validated, checked; from a cache hit: the sealed JSON read back through its models). Run:
python bench/cache.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

COMMAND = [sys.executable, "-m", "advisor", "advise", "--example", "worcestershire-2018"]
LOAD = [sys.executable, "-c", "import time; from advisor.base.resources import data_dir; "
        "from advisor.law.cache import cached_rulebook; start = time.perf_counter(); "
        "cached_rulebook(data_dir('rules')); print(time.perf_counter() - start)"]


def _wall(env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(COMMAND, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _load(env: dict[str, str], runs: int) -> float:
    return statistics.median(float(subprocess.run(LOAD, check=True, capture_output=True, text=True, env=env).stdout)
                             for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (the median is shown)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as cache:
        os.chmod(cache, 0o700)
        env = dict(os.environ, ADM_ADVISOR_CACHE_DIR=cache)
        subprocess.run(COMMAND, check=True, capture_output=True, env=env)  # writes the cache
        warm, cold = _wall(env, runs), _wall(dict(env, ADM_ADVISOR_NO_CACHE="1"), runs)
        hit, fresh = _load(env, runs), _load(dict(env, ADM_ADVISOR_NO_CACHE="1"), runs)
    print(f"cold `{' '.join(COMMAND[3:])}` (median of {runs}): {warm:.3f} s with the cache, {cold:.3f} s without")
    print(f"rule-base load (median of {runs}): {hit * 1000:.1f} ms from the cache, {fresh * 1000:.1f} ms from rules/")


if __name__ == "__main__":
    main()
