"""Mutation testing of the rule base: one mutation at a time, every threshold nudged by one, every comparison
flipped (< and <=, > and >=, == and !=, in and not_in, contains and lacks, is true and is false) and every in-force
date moved a day either way, and every timed rule's way of counting its period changed (clear days, the anchor day
counted, the last day carried to a working day, which bank holidays count); the scenario cases and the timetable
cases (tests/scenarios/timetable) that could notice are rerun on the plain-Python evaluator - a period used only to
date a step, and a timing, are caught by a timetable case.

Prints each mutation no case catches; exit status 1 when one is not listed, with its reason, in
bench/mutation_equivalents.yaml (or a listed one is caught after all), 2 when the cases cannot run.
Run: python bench/mutation.py [--format json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from advisor.base.errors import AdvisorError
from advisor.documents.templates import render_template
from advisor.law.shipped import load_book
from advisor.quality.mutation import mutation_record, read_listing, run_mutation
from advisor.quality.scenarios import load_cases
from advisor.quality.timetable_cases import load_timetable_cases

LISTING = Path(__file__).resolve().parent / "mutation_equivalents.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    start = time.perf_counter()
    try:
        book, listing = load_book(), read_listing(LISTING)
        record = mutation_record(book, run_mutation(book, load_cases(), listing, load_timetable_cases()), listing)
    except AdvisorError as exc:
        print(f"mutation testing cannot run: {exc.message}", file=sys.stderr)
        return 2
    record["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(record, indent=2) if args.format == "json" else render_template("mutation.txt.j2", record), end="")
    return 1 if record["survivors"] or record["stale"] else 0


if __name__ == "__main__":
    sys.exit(main())
