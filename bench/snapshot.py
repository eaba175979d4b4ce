"""Snapshots everything the `advisor` command line prints, so two versions of the code can be proved to behave alike.

The advisor is driven only through subprocesses (this script never imports `advisor`), so the same
script runs against the code before and after a restructuring. Usage:

    python bench/snapshot.py OUTDIR [--advisor PATH_TO_advisor] [--jobs N] [--scenarios DIR]

Compare two runs (one per version of the code, each installed with its own `advisor` executable):

    python bench/snapshot.py /tmp/snap-old --advisor old-venv/bin/advisor
    python bench/snapshot.py /tmp/snap-new --advisor new-venv/bin/advisor
    diff -r /tmp/snap-old /tmp/snap-new        # no output: byte-identical behaviour

OUTDIR (which must be empty or absent) gets, for each command run, a file NAME holding its standard
output byte for byte (e.g. `example-bnes-2015.advise.json`, `scenario-procurement-017.advise.txt`)
and NAME.meta, a small JSON record of the arguments, exit code and standard error (in which the
advisor's virtual environment is shown as <venv> and a traceback's frames, which name the modules, are
left out: only the exception is compared). Files a command
writes (memos, their matrix SVG) land beside them; the inputs built for the commands (example answers,
scenario answers and proposals, malformed files) are kept under OUTDIR/_inputs. Every command runs
with OUTDIR as its working directory and relative paths, so paths in messages are the same in every
run; every date is explicit (never today); the rule-base cache is a fresh temporary directory.

Captured: the help of every command; `adms`, `rules` (list, show for every rule, check, coverage),
`schema`, `examples`; for each example council advise (text, JSON, Markdown, --why-not), memo (.md
with its SVG, .html, .docx) and verify of each memo, diff between two dates, sweep, ask --next; for
each example proposal check (text, JSON, Markdown) and a memo with the proposal for its council; for
each scenario case of tests/scenarios advise (JSON, text), ask --next (JSON) and, for a case with a
proposal, check (JSON, text); and a set of malformed inputs, for their messages and exit codes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FIRST_DAY, SECOND_DAY = "2014-06-01", "2025-03-01"  # diff compares these; verify re-runs memos on SECOND_DAY
PROPOSAL_DAY = "2026-06-01"  # for an example proposal without its own as_at (else the CLI would use today)
SWEEP_LIMIT = "12"
TIMEOUT_SECONDS = 900
SUBCOMMANDS = ("adms", "advise", "ask", "check", "diff", "examples", "memo", "rules", "schema", "sweep", "verify")
RULES_SUBCOMMANDS = ("show", "check", "coverage")
PROPOSAL_COUNCILS = {"epic-cic-2013": "kensington-youth-2013", "sips-2013": "sandwell-schools-2013",
                     "worcestershire-wocc-2019": "worcestershire-2018"}
INPUTS = "_inputs"
# YAML 1.1 reads 1e6 as text; the advisor's loader (like JSON) reads it as a number: do the same, both ways.
_EXPONENT = re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")


class _Loader(yaml.SafeLoader):
    """The safe loader, reading JSON-style exponent numbers as numbers (as the advisor does)."""


class _Dumper(yaml.SafeDumper):
    """The safe dumper, quoting text the advisor would read back as a number."""


for _side in (_Loader, _Dumper):
    _side.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT, list("-+0123456789"))


@dataclass(frozen=True)
class Job:
    """One command: NAME (its standard output's file in OUTDIR) and the arguments after `advisor`."""

    name: str
    args: tuple[str, ...]
    stdin: bytes = b""
    watch: str | None = None  # an input file whose digest after the run is recorded (ask --next must not write)


@dataclass
class Runner:
    """Runs jobs with a fixed environment in OUTDIR, writing NAME and NAME.meta for each."""

    advisor: str
    outdir: Path
    env: dict[str, str]
    failures: list[str] = field(default_factory=list)

    def run(self, job: Job) -> int:
        """Run one job and store what it printed; return its exit code."""
        rc, out, err = self._execute(job)
        (self.outdir / job.name).write_bytes(out)
        meta: dict[str, Any] = {"argv": ["advisor", *job.args], "rc": rc, "stderr": self.stderr_text(err)}
        if job.watch is not None:
            meta["watched"] = {job.watch: _digest(self.outdir / job.watch)}
        text = json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (self.outdir / f"{job.name}.meta").write_text(text, encoding="utf-8")
        if rc != 0:
            self.failures.append(job.name)
        return rc

    def _execute(self, job: Job) -> tuple[int, bytes, bytes]:
        try:
            done = subprocess.run([self.advisor, *job.args], input=job.stdin, capture_output=True, cwd=self.outdir,
                                  env=self.env, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            note = f"\n[snapshot: timed out after {TIMEOUT_SECONDS} s]\n".encode()
            return 124, _bytes(exc.stdout), _bytes(exc.stderr) + note
        return done.returncode, done.stdout, done.stderr

    def stderr_text(self, err: bytes) -> str:
        """Standard error as text, the advisor's environment shown as <venv> and the frames of a traceback left out."""
        text = err.decode("utf-8", "backslashreplace")
        venv = Path(self.advisor).parent.parent
        text = text.replace(str(venv), "<venv>") if (venv / "pyvenv.cfg").is_file() else text
        lines, in_traceback = [], False
        for line in text.splitlines(keepends=True):
            if in_traceback and line.startswith(" "):
                continue
            in_traceback = line.startswith("Traceback (most recent call last):")
            lines.append(line + "  [frames left out by bench/snapshot.py]\n" if in_traceback else line)
        return "".join(lines)

    def stdout(self, job: Job) -> bytes:
        """Run one job and return the standard output it stored."""
        self.run(job)
        return (self.outdir / job.name).read_bytes()


def _bytes(value: bytes | str | None) -> bytes:
    if isinstance(value, str):
        return value.encode()
    return value or b""


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        return f"unreadable: {exc.__class__.__name__}"


def run_all(runner: Runner, jobs: Sequence[Job], workers: int, phase: str) -> None:
    """Run the jobs on a pool of threads (each a subprocess), reporting the phase on standard error."""
    print(f"snapshot: {phase}: {len(jobs)} commands", file=sys.stderr, flush=True)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(runner.run, jobs))


def child_env(cache_dir: Path) -> dict[str, str]:
    """The environment of every command: a fresh rule-base cache, fixed hash seed, locale, zone and width."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "ADM_ADVISOR_")) and k not in ("LINES",)}
    env.update(ADM_ADVISOR_CACHE_DIR=str(cache_dir), PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8", COLUMNS="80",
               LC_ALL="C.UTF-8", LANG="C.UTF-8", TZ="UTC")
    return env


# ---- what is known only by asking the advisor: the examples and the rules


def parse_examples(listing: str) -> tuple[list[str], list[str]]:
    """The example councils and example proposals named in `advisor examples`."""
    sections: dict[str, list[str]] = {"councils": [], "proposals": []}
    current: str | None = None
    for line in listing.splitlines():
        if line.startswith("Example councils"):
            current = "councils"
        elif line.startswith("Example proposals"):
            current = "proposals"
        elif current and line.startswith("  ") and line.strip():
            sections[current].append(line.split()[0])
    return sections["councils"], sections["proposals"]


def parse_rule_ids(text: bytes) -> list[str]:
    """The rule ids in `advisor rules --format json` (none when it is not the expected list)."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    return [str(item["id"]) for item in data if isinstance(item, dict) and "id" in item]


def load_mapping(text: bytes | str) -> dict[str, Any]:
    """A YAML mapping read as the advisor reads it (an empty mapping for anything else)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def dump_yaml(data: object, comment: str = "") -> str:
    """YAML the advisor reads back as the same data, with an optional comment line first."""
    head = f"# {' '.join(comment.split())}\n" if comment else ""
    return head + str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False))


# ---- the commands


def cli_jobs(rule_ids: Iterable[str]) -> list[Job]:
    """Help, listings, schemas and the rule base."""
    jobs = [Job("cli.help.txt", ("--help",)), Job("cli.adms.txt", ("adms",)), Job("cli.adms.json", ("adms", "--format", "json")),
            Job("cli.schema-answers.json", ("schema", "answers")), Job("cli.schema-proposal.json", ("schema", "proposal")),
            Job("cli.rules.txt", ("rules",)), Job("cli.rules-area-procurement.txt", ("rules", "--area", "procurement")),
            Job("cli.rules-area-tupe.json", ("rules", "--area", "tupe", "--format", "json")),
            Job("cli.rules-check.txt", ("rules", "check")), Job("cli.rules-coverage.txt", ("rules", "coverage")),
            Job("cli.rules-coverage.json", ("rules", "coverage", "--format", "json"))]
    jobs += [Job(f"cli.{name}-help.txt", (name, "--help")) for name in SUBCOMMANDS]
    jobs += [Job(f"cli.rules-{name}-help.txt", ("rules", name, "--help")) for name in RULES_SUBCOMMANDS]
    return jobs + [Job(f"rule-{rule_id}.show.txt", ("rules", "show", rule_id)) for rule_id in rule_ids]


def example_jobs(name: str) -> list[Job]:
    """Every command on one example council (verify, which reads the memos written here, comes later)."""
    ex, given = f"example-{name}", ("--example", name)
    jobs = [Job(f"{ex}.advise.txt", ("advise", *given)), Job(f"{ex}.advise.json", ("advise", *given, "--format", "json")),
            Job(f"{ex}.advise.md", ("advise", *given, "--format", "markdown")),
            Job(f"{ex}.advise-why-not.txt", ("advise", *given, "--why-not")),
            Job(f"{ex}.advise-why-not.json", ("advise", *given, "--why-not", "--format", "json")),
            Job(f"{ex}.advise-as-at-{SECOND_DAY}.txt", ("advise", *given, "--as-at", SECOND_DAY)),
            Job(f"{ex}.advise-file.json", ("advise", f"{INPUTS}/examples/{name}.yaml", "--format", "json"))]
    jobs += [Job(f"{ex}.memo-{fmt}.txt", ("memo", *given, "-o", f"{ex}.memo.{fmt}")) for fmt in ("md", "html", "docx")]
    dates = ("--as-at", FIRST_DAY, "--as-at", SECOND_DAY)
    jobs += [Job(f"{ex}.diff.txt", ("diff", *dates, *given)),
             Job(f"{ex}.diff.json", ("diff", *dates, *given, "--format", "json"))]
    sweep = ("sweep", *given, "--vary-all", "--limit", SWEEP_LIMIT, "-j", "1")
    jobs += [Job(f"{ex}.sweep.txt", sweep), Job(f"{ex}.sweep.json", (*sweep, "--format", "json"))]
    return jobs + [_ask(ex, f"{INPUTS}/ask/{ex}.{fmt}.yaml", fmt) for fmt in ("txt", "json")]


def _ask(base: str, path: str, fmt: str) -> Job:
    return Job(f"{base}.ask-next.{fmt}", ("ask", path, "--next", "--format", "json" if fmt == "json" else "text"), watch=path)


def verify_jobs(name: str) -> list[Job]:
    """Verify the memos written for one example council, on a fixed date."""
    ex = f"example-{name}"
    day = ("--as-at", SECOND_DAY)
    jobs = [Job(f"{ex}.verify-{fmt}.txt", ("verify", f"{ex}.memo.{fmt}", *day)) for fmt in ("md", "html", "docx")]
    return [*jobs, Job(f"{ex}.verify-md.json", ("verify", f"{ex}.memo.md", *day, "--format", "json"))]


def proposal_jobs(name: str, proposal: Mapping[str, Any], councils: Sequence[str]) -> list[Job]:
    """Check one example proposal (on a fixed date when it has none), and a memo with it for its council."""
    pr, dated = f"proposal-{name}", () if proposal.get("as_at") else ("--as-at", PROPOSAL_DAY)
    given, path = ("check", "--example", name, *dated), f"{INPUTS}/examples/proposals/{name}.yaml"
    jobs = [Job(f"{pr}.check.txt", given), Job(f"{pr}.check.json", (*given, "--format", "json")),
            Job(f"{pr}.check.md", (*given, "--format", "markdown")),
            Job(f"{pr}.check-file.json", ("check", path, *dated, "--format", "json"))]
    council = PROPOSAL_COUNCILS.get(name)
    if council in councils:
        memo = ("memo", "--example", str(council), "--proposal", path, "-o", f"{pr}.memo.md")
        jobs.append(Job(f"{pr}.memo-md.txt", memo))
    return jobs


@dataclass(frozen=True)
class Scenario:
    """A scenario case: its id (file stem and 1-based number), where its inputs are, and the case."""

    ident: str
    data: Mapping[str, Any]

    @property
    def answers(self) -> str:
        return f"{INPUTS}/scenarios/{self.ident}.yaml"

    @property
    def proposal(self) -> str | None:
        return f"{INPUTS}/scenarios/{self.ident}.proposal.yaml" if "proposal" in self.data else None


def read_scenarios(directory: Path) -> list[Scenario]:
    """Every case of every tests/scenarios/*.yaml file, in file order."""
    cases = []
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader
        items = raw if isinstance(raw, list) else []
        cases += [Scenario(f"{path.stem}-{index:03d}", item) for index, item in enumerate(items, 1) if isinstance(item, dict)]
    return cases


def scenario_jobs(case: Scenario) -> list[Job]:
    """advise (JSON, text) and ask --next on a case's answers; check (JSON, text) on its proposal if it has one."""
    sc = f"scenario-{case.ident}"
    jobs = [Job(f"{sc}.advise.json", ("advise", case.answers, "--format", "json")),
            Job(f"{sc}.advise.txt", ("advise", case.answers)), _ask(sc, f"{INPUTS}/ask/{sc}.json.yaml", "json")]
    if case.proposal:
        jobs += [Job(f"{sc}.check.json", ("check", case.proposal, "--format", "json")),
                 Job(f"{sc}.check.txt", ("check", case.proposal))]
    return jobs


BAD_FILES = {
    "unknown-field.yaml": "as_at: 2025-03-01\nnot_a_field: true\n",
    "bad-date.yaml": "as_at: 2025-13-45\nkeep_control: true\n",
    "bad-value.yaml": "as_at: 2025-03-01\nkeep_control: maybe\n",
    "bad-number.yaml": "as_at: 2025-03-01\nexternal_activity_share_pct: 140\n",
    "duplicate-key.yaml": "as_at: 2025-03-01\nkeep_control: true\nkeep_control: false\n",
    "not-mapping.yaml": "- keep_control\n- true\n",
    "not-yaml.yaml": "as_at: [2025-03-01\nkeep_control: true\n",
    "empty.yaml": "",
    "proposal-unknown-adm.yaml": "adm: no_such_model\nform: company_limited_by_shares\nas_at: 2025-03-01\n",
    "proposal-extra-field.yaml": "adm: wholly_owned_company\nform: company_limited_by_shares\nas_at: 2025-03-01\n"
                                 "ownership: {council_pct: 100, bogus_pct: 1}\n",
    "proposal-missing-answers.yaml": "adm: wholly_owned_company\nform: company_limited_by_shares\nas_at: 2025-03-01\n"
                                     "answers: no-such-answers.yaml\n",
}


def error_jobs(council: str) -> list[Job]:
    """Malformed inputs and misuse, for the messages and exit codes."""
    bad = f"{INPUTS}/bad"
    day = ("--as-at", SECOND_DAY)  # an empty answers file is accepted: without a date it would be assessed as at today
    answers = [name for name in BAD_FILES if not name.startswith("proposal")]
    jobs = [Job(f"error.advise-{Path(n).stem}.txt", ("advise", f"{bad}/{n}", *day)) for n in answers]
    jobs += [Job(f"error.check-{Path(n).stem}.txt", ("check", f"{bad}/{n}")) for n in BAD_FILES if n.startswith("proposal")]
    ex = ("--example", council)
    misuse = {"ask-unknown-field": ("ask", f"{bad}/unknown-field.yaml", "--next"),
              "advise-missing-file": ("advise", "missing.yaml"), "check-missing-file": ("check", "missing.yaml"),
              "verify-missing-file": ("verify", "missing.md"),
              "memo-missing-file": ("memo", "missing.yaml", "-o", "error.missing.md"),
              "advise-no-answers": ("advise",), "advise-unknown-example": ("advise", "--example", "no-such-council"),
              "check-unknown-example": ("check", "--example", "nope"), "examples-unknown": ("examples", "no-such-example"),
              "advise-impossible-date": ("advise", *ex, "--as-at", "2025-02-30"),
              "advise-unknown-format": ("advise", *ex, "--format", "yaml"), "diff-one-date": ("diff", *ex, "--as-at", SECOND_DAY),
              "sweep-nothing-varied": ("sweep", *ex), "sweep-unknown-field": ("sweep", *ex, "--vary", "no_such_field"),
              "sweep-limit-too-high": ("sweep", *ex, "--vary-all", "--limit", "17"),
              "rules-show-unknown": ("rules", "show", "no.such"), "schema-unknown": ("schema", "bogus"),
              "unknown-command": ("no-such-command",), "memo-unknown-suffix": ("memo", *ex, "-o", "error.memo.pdf"),
              "verify-not-a-memo": ("verify", f"{bad}/bad-value.yaml")}
    return jobs + [Job(f"error.{name}.txt", args) for name, args in misuse.items()]


def extra_jobs(council: str, answers: bytes) -> list[Job]:
    """Answers on standard input, and a sweep over given values in CSV."""
    vary = ("--vary", "external_activity_share_pct=10,20,21", "--vary", "keep_control", "--vary", "award_without_competition")
    return [Job(f"stdin.example-{council}.advise.json", ("advise", "-", "--format", "json"), stdin=answers),
            Job(f"example-{council}.sweep-vary.csv", ("sweep", "--example", council, *vary, "--format", "csv", "-j", "1"))]


# ---- the inputs


def write_file(outdir: Path, relative: str, data: bytes | str) -> None:
    """Write one input file under OUTDIR."""
    path = outdir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def case_answers(case: Scenario, examples: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """The case's example's answers, overridden by its own, with as_at set to the case's date (as the scenario runner does)."""
    example = case.data.get("example")
    given = dict(examples.get(str(example), {})) if example is not None else {}
    own = case.data.get("answers")
    given.update(own if isinstance(own, dict) else {})
    given["as_at"] = _day(case.data.get("as_at"))
    return given


def _day(value: object) -> object:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def case_proposal(case: Scenario) -> object:
    """The case's proposal with the answers file it relates to and the case's date (a malformed one as it is)."""
    proposal = case.data.get("proposal")
    if not isinstance(proposal, dict):
        return proposal
    return {**proposal, "answers": Path(case.answers).name, "as_at": _day(case.data.get("as_at"))}


def write_scenario(outdir: Path, case: Scenario, examples: Mapping[str, dict[str, Any]]) -> None:
    """The case's answers file, its copy for ask, and its proposal file."""
    title = f"scenario-{case.ident}: {case.data.get('name', '')}"
    text = dump_yaml(case_answers(case, examples), title)
    write_file(outdir, case.answers, text)
    write_file(outdir, f"{INPUTS}/ask/scenario-{case.ident}.json.yaml", text)
    if case.proposal:
        write_file(outdir, case.proposal, dump_yaml(case_proposal(case), title))


def write_example_inputs(outdir: Path, councils: Mapping[str, bytes], proposals: Mapping[str, bytes]) -> None:
    """Each example's answers as printed (and copies for ask), each example proposal, and the malformed files."""
    for name, text in councils.items():
        write_file(outdir, f"{INPUTS}/examples/{name}.yaml", text)
        for fmt in ("txt", "json"):
            write_file(outdir, f"{INPUTS}/ask/example-{name}.{fmt}.yaml", text)
    for name, text in proposals.items():
        write_file(outdir, f"{INPUTS}/examples/proposals/{name}.yaml", text)
    for name, content in BAD_FILES.items():
        write_file(outdir, f"{INPUTS}/bad/{name}", content)


def write_index(outdir: Path, cases: Sequence[Scenario]) -> None:
    """scenarios.index.txt: each scenario id and the case's name."""
    lines = [f"scenario-{case.ident}\t{' '.join(str(case.data.get('name', '')).split())}\n" for case in cases]
    write_file(outdir, "scenarios.index.txt", "".join(lines))


# ---- the run


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("outdir", type=Path, help="where to write the snapshot (empty or absent)")
    parser.add_argument("--advisor", default=shutil.which("advisor"), help="the advisor executable (default: the one on PATH)")
    parser.add_argument("--jobs", type=int, default=2, help="commands run at once (default: 2)")
    parser.add_argument("--scenarios", type=Path, default=Path(__file__).resolve().parent.parent / "tests" / "scenarios",
                        help="the directory of scenario case files (default: tests/scenarios of this checkout)")
    args = parser.parse_args(argv)
    if not args.advisor or not Path(args.advisor).is_file():
        parser.error(f"no advisor executable at {args.advisor!r}; give --advisor PATH")
    if args.outdir.exists() and any(args.outdir.iterdir()):
        parser.error(f"{args.outdir} is not empty: remove it first")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    return args


def discover(runner: Runner, workers: int) -> tuple[dict[str, bytes], dict[str, bytes], list[str]]:
    """Run the listings (sequentially, which also fills the cache) and print each example: councils, proposals, rule ids."""
    runner.run(Job("cli.version.txt", ("--version",)))
    rule_ids = parse_rule_ids(runner.stdout(Job("cli.rules.json", ("rules", "--format", "json"))))
    councils, proposals = parse_examples(runner.stdout(Job("cli.examples.txt", ("examples",))).decode("utf-8", "replace"))
    if not councils or not rule_ids:
        raise SystemExit("snapshot: `advisor examples` or `advisor rules --format json` gave nothing to work on")
    named = {f"example-{n}.answers.yaml": n for n in councils} | {f"proposal-{n}.yaml": n for n in proposals}
    run_all(runner, [Job(file, ("examples", name)) for file, name in named.items()], workers, "examples")
    printed = {file: (runner.outdir / file).read_bytes() for file in named}
    return ({n: printed[f"example-{n}.answers.yaml"] for n in councils}, {n: printed[f"proposal-{n}.yaml"] for n in proposals},
            rule_ids)


def plan(councils: Mapping[str, bytes], proposals: Mapping[str, bytes], rule_ids: Sequence[str],
         cases: Sequence[Scenario]) -> list[Job]:
    """Every command but the listings and verify, in a fixed order; names are checked to be unique."""
    first = next(iter(councils))
    jobs = cli_jobs(rule_ids) + [job for name in councils for job in example_jobs(name)]
    jobs += [job for name, text in proposals.items() for job in proposal_jobs(name, load_mapping(text), list(councils))]
    jobs += error_jobs(first) + extra_jobs(first, councils[first]) + [job for case in cases for job in scenario_jobs(case)]
    names = [job.name for job in jobs]
    if len(set(names)) != len(names):
        raise SystemExit(f"snapshot: two commands would write {next(name for name in names if names.count(name) > 1)}")
    return jobs


def snapshot(args: argparse.Namespace, cache_dir: Path) -> Runner:
    """Discover, write the inputs, run every command, then verify the memos written."""
    outdir: Path = args.outdir.resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    runner = Runner(str(Path(args.advisor).absolute()), outdir, child_env(cache_dir))
    councils, proposals, rule_ids = discover(runner, args.jobs)
    write_example_inputs(outdir, councils, proposals)
    examples = {name: load_mapping(text) for name, text in councils.items()}
    cases = read_scenarios(args.scenarios)
    for case in cases:
        write_scenario(outdir, case, examples)
    write_index(outdir, cases)
    run_all(runner, plan(councils, proposals, rule_ids, cases), args.jobs, f"commands ({len(cases)} scenario cases)")
    run_all(runner, [job for name in councils for job in verify_jobs(name)], args.jobs, "verify")
    return runner


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    cache_dir = Path(tempfile.mkdtemp(prefix="adm-snapshot-cache-"))
    try:
        runner = snapshot(args, cache_dir)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    files = sum(1 for path in runner.outdir.rglob("*") if path.is_file())
    commands = sum(1 for path in runner.outdir.glob("*.meta"))
    print(f"snapshot: {files} files written to {runner.outdir} ({commands} commands), {len(runner.failures)} non-zero exits, "
          f"{time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
