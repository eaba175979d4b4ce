"""The interview end to end: embedded examples reach the same verdicts with far fewer questions; a real terminal; kills."""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
import yaml
from pydantic import BaseModel

from advisor.assessment.relevance import option_verdicts
from advisor.cli.interview import Interview
from advisor.documents.questionnaire import Questionnaire
from advisor.law.answers import validate_answers
from advisor.law.answers_file import open_answers_file
from advisor.law.rules import Rulebook
from advisor.law.shipped import answers_model, example_names, load_answers, load_book
from advisor.law.typed_answers import typed_form

EXAMPLES = example_names()


def _typed_from(book: Rulebook, answers: BaseModel):  # type: ignore[no-untyped-def]
    """An officer who answers every question as the example's answers file does (u where it is silent)."""
    return lambda name: typed_form(book.vocabulary[name], getattr(answers, name))


@pytest.mark.parametrize("example", EXAMPLES)
def test_interview_reaches_the_examples_verdicts_asking_far_fewer_questions(example: str, tmp_path: Path) -> None:
    book, model = load_book(), answers_model()
    full = load_answers(None, example)
    file = open_answers_file(tmp_path / "a.yaml", model, book.vocabulary)
    questionnaire = Questionnaire(file, book, model, full.as_at)
    answer, phases = _typed_from(book, full), []
    interview = Interview(questionnaire, lambda name: phases.append(questionnaire.phase) or answer(name))
    with contextlib.redirect_stdout(io.StringIO()):
        assert interview.run() is True
    assert phases.count(1) < len(book.vocabulary.facts) / 2  # the first phase asks only what can change a verdict
    assert 2 in phases  # then the second: what firms up what is open
    assert questionnaire.phase is None and not questionnaire.settling  # nothing left the interview could ask
    reloaded = load_answers(str(tmp_path / "a.yaml"), None)
    assert option_verdicts(interview.planner.assess(reloaded)) == option_verdicts(interview.planner.assess(full))


def _interrupts(handling: signal.Handlers) -> Callable[[], None]:
    """For the child, before it starts: Ctrl-C's handling as given (the default, or ignored as under some runners)."""
    return lambda: signal.signal(signal.SIGINT, handling)  # type: ignore[func-returns-value]


def _spawn(path: Path, interrupts: signal.Handlers = signal.SIG_DFL) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "advisor", "ask", str(path)], encoding="utf-8", timeout=60,
                          env=dict(os.environ, COLUMNS="120"), preexec_fn=_interrupts(interrupts))
    child.expect("> ")
    return child


def test_a_real_terminal_interview_survives_being_killed(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    child = _spawn(path)
    child.sendline("Testshire County Council")
    child.expect("Models now")
    child.expect("> ")
    child.sendline("?")
    child.expect("The answer can change the verdict")
    child.expect("> ")
    child.sendline("1")  # the first question on a fresh file: which services are in scope
    child.expect("Models now")
    child.expect("> ")
    child.kill(signal.SIGKILL)
    child.close()
    answers = load_answers(str(path), None)
    assert answers.council_name == "Testshire County Council"  # type: ignore[attr-defined]
    assert len(path.read_text(encoding="utf-8").splitlines()) >= 4  # header, name and the services


@pytest.mark.parametrize("interrupts", [signal.SIG_DFL, signal.SIG_IGN], ids=["default", "started-ignoring-ctrl-c"])
def test_ctrl_c_stops_with_answers_saved(tmp_path: Path, interrupts: signal.Handlers) -> None:
    path = tmp_path / "answers.yaml"
    child = _spawn(path, interrupts)
    child.sendline("Testshire")
    child.expect("> ")
    child.sendintr()
    child.expect("Your answers are saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert load_answers(str(path), None).council_name == "Testshire"  # type: ignore[attr-defined]


def test_killed_at_random_moments_the_file_is_always_loadable(tmp_path: Path) -> None:
    path, rng = tmp_path / "answers.yaml", random.Random(7)
    for _ in range(4):
        process = subprocess.Popen([sys.executable, "-m", "advisor", "ask", str(path)], stdin=subprocess.PIPE,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert process.stdin is not None
        process.stdin.write(b"Testshire\n" + b"u\n" * 80)
        process.stdin.close()
        deadline = time.monotonic() + 60
        while not path.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the first save (however slow the start), then a kill at a random later moment
        time.sleep(rng.uniform(0.0, 1.5))
        process.kill()
        process.wait()
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            validate_answers(data, answers_model(), load_book().vocabulary, str(path))
    assert path.exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "answers.yaml"]
    assert all(name.startswith(".answers.yaml.") for name in leftovers)  # at worst an unfinished temporary file
