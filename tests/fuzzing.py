"""Fuzzing harness: hypothesis profiles (ADVISOR_FUZZ_PROFILE), case budgets, a hard time limit, case counts."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings

from advisor.assessment.records import Assessment
from advisor.assessment.verdicts import VERDICTS
from advisor.law.shipped import load_book

# Profiles: `ci` (the default) keeps the fuzz tests near a minute; `long` runs 25 times the cases
# (ADVISOR_FUZZ_PROFILE=long pytest tests/unit/test_fuzz.py); `quick` a tenth, for editing the tests.
SCALE = {"quick": 0.1, "ci": 1.0, "long": 25.0}
PROFILE = os.environ.get("ADVISOR_FUZZ_PROFILE", "ci")
if PROFILE not in SCALE:
    raise RuntimeError(f"ADVISOR_FUZZ_PROFILE={PROFILE!r}: choose one of {', '.join(SCALE)}")
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
         HealthCheck.function_scoped_fixture]
for _name in SCALE:
    # no deadline: a timing assertion fails on a busy machine; CASE_SECONDS still stops a case that hangs
    settings.register_profile(f"advisor-{_name}", deadline=None,
                              suppress_health_check=_SLOW, print_blob=True)
CASE_SECONDS = 30  # a hard limit per case: a hang fails the test instead of stalling the run
COUNTS: Counter[tuple[str, str]] = Counter()  # (kind of input, path through the advisor) -> cases run
BOOK = load_book()
T = TypeVar("T")


def fuzz(cases: int) -> Callable[[T], T]:
    """Hypothesis settings for a test: `cases` examples in CI, scaled by the profile."""
    return settings(settings.get_profile(f"advisor-{PROFILE}"), max_examples=max(1, round(cases * SCALE[PROFILE])))


def scratch(prefix: str) -> Path:
    """A directory for the files a test writes, removed when the run ends."""
    directory = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return Path(directory)


def count(kind: str, via: str) -> None:
    """Record one case run (kind: valid, edge, malformed; via: library-reference, cli, ...)."""
    COUNTS[(kind, via)] += 1


class CaseTooSlow(Exception):
    """A case ran past CASE_SECONDS: a hang, reported as a failure."""


@contextmanager
def time_limit(seconds: float = CASE_SECONDS) -> Iterator[None]:
    """Interrupt the block after `seconds` (the timer signal reaches Python between C calls)."""
    def _expired(signum: int, frame: object) -> None:
        raise CaseTooSlow(f"case took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_complete(assessment: Assessment) -> None:
    """Every ADM and every form it can take has one of the four verdicts; each ADM its best form's."""
    assert [a.adm.id for a in assessment.adms] == [a.id for a in BOOK.catalogue.adms]
    for adm, spec in zip(assessment.adms, BOOK.catalogue.adms, strict=True):
        assert [f.form.id for f in adm.forms] == list(spec.forms)
        assert all(f.verdict in VERDICTS for f in adm.forms)
        assert adm.verdict == min((f.verdict for f in adm.forms), key=VERDICTS.index)


def check_complete_json(data: Mapping[str, Any]) -> None:
    """The same check on the JSON contract (`advise --format json`)."""
    assert [a["id"] for a in data["adms"]] == [a.id for a in BOOK.catalogue.adms]
    for adm, spec in zip(data["adms"], BOOK.catalogue.adms, strict=True):
        assert [f["form"] for f in adm["forms"]] == list(spec.forms)
        assert all(f["verdict"] in VERDICTS for f in adm["forms"])
        assert adm["verdict"] == min((f["verdict"] for f in adm["forms"]), key=VERDICTS.index)


def signature(assessment: Assessment) -> tuple[object, ...]:
    """What must be the same when an assessment is repeated: date, verdicts and the rules behind them."""
    return (assessment.as_at, tuple((a.adm.id, a.verdict, tuple(
        (f.form.id, f.verdict, tuple(r.rule.id for r in f.applying), tuple(r.rule.id for r in f.pending))
        for f in a.forms)) for a in assessment.adms))


def one_line_error(message: str, expected: str) -> None:
    """An error message is one line and says what it should (the field, for a field-level error)."""
    assert "\n" not in message.strip(), message
    assert "Traceback" not in message, message
    assert expected in message, f"{expected!r} not in {message!r}"


def summary() -> list[str]:
    """The cases run, by kind and by path, for the end of the test run."""
    if not COUNTS:
        return []
    lines = [f"fuzz cases run (profile {PROFILE}): {sum(COUNTS.values())}"]
    for kind in sorted({k for k, _ in COUNTS}):
        parts = ", ".join(f"{via} {n}" for (k, via), n in sorted(COUNTS.items()) if k == kind)
        lines.append(f"  {kind}: {sum(n for (k, _), n in COUNTS.items() if k == kind)} ({parts})")
    return lines
