"""`advisor ask` and its answers file: one session at a time, a change made underneath never overwritten (the
session's answers kept beside it), the file's mode and links kept, no temporary or lock file left behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from advisor.base.errors import AnswersError
from advisor.cli.main import main
from advisor.law.answers_file import open_answers_file, save_answers
from advisor.law.shipped import answers_model, load_book

SAMPLE = "# Testshire's answers\ncouncil_name: Testshire County Council\n"


def _file(tmp_path: Path, text: str = SAMPLE) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _start(path: Path) -> subprocess.Popen[str]:
    """A real `advisor ask` session, once it has read the file and waits at its first question."""
    process = subprocess.Popen([sys.executable, "-m", "advisor", "ask", str(path), "--edit", "council_name"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    shown, deadline = b"", time.monotonic() + 60
    while not shown.endswith(b"> ") and time.monotonic() < deadline:
        piece = os.read(process.stdout.fileno(), 1)
        assert piece, process.communicate()
        shown += piece
    assert path.with_name(f".{path.name}.lock").exists()
    return process


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_second_session_on_the_same_file_is_refused_and_the_first_loses_nothing(tmp_path: Path) -> None:
    path = _file(tmp_path)
    first = _start(path)
    link = tmp_path / "same.yaml"
    link.symlink_to(path)  # the same file by another name is the same session's file
    for name in (path, link):
        second = subprocess.run([sys.executable, "-m", "advisor", "ask", str(name)], input="Other Council\nq\n",
                                capture_output=True, text=True, timeout=120, check=False)
        assert second.returncode == 2, second.stdout + second.stderr
        assert second.stderr.count("\n") == 1 and "Traceback" not in second.stderr
        assert f"is open in another `advisor ask` session (pid {first.pid})" in second.stderr
    out, err = first.communicate("First Council\nq\n", timeout=120)
    assert first.returncode == 0, out + err
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["council_name"] == "First Council"
    assert _names(tmp_path) == ["answers.yaml", "same.yaml"]  # the lock file removed at the end
    third = subprocess.run([sys.executable, "-m", "advisor", "ask", str(path)], input="q\n", capture_output=True,
                           text=True, timeout=120, check=False)
    assert third.returncode == 0, third.stderr  # free again


def test_a_change_made_underneath_is_not_overwritten_and_the_answer_is_kept_beside_it(tmp_path: Path) -> None:
    path = _file(tmp_path)
    session = _start(path)
    path.write_text(SAMPLE.replace("Testshire County", "Changed Elsewhere") + "keep_control: true\n", encoding="utf-8")
    out, err = session.communicate("Mine County Council\nq\n", timeout=120)
    assert session.returncode == 2, out + err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "was changed by another program" in err and "answers.unsaved.yaml" in err
    kept = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert kept == {"council_name": "Changed Elsewhere Council", "keep_control": True}
    aside = yaml.safe_load((tmp_path / "answers.unsaved.yaml").read_text(encoding="utf-8"))
    assert aside == {"council_name": "Mine County Council"}
    assert _names(tmp_path) == ["answers.unsaved.yaml", "answers.yaml"]


def test_without_locks_the_later_save_still_cannot_drop_the_earlier_ones_answers(tmp_path: Path) -> None:
    path, book = _file(tmp_path), load_book()
    one = open_answers_file(path, answers_model(), book.vocabulary)
    two = open_answers_file(path, answers_model(), book.vocabulary)
    one.values["keep_control"] = True
    save_answers(one, set())
    two.values["keep_njc_agreement"] = False
    with pytest.raises(AnswersError, match="was changed by another program") as refused:
        save_answers(two, set())
    assert "answers.unsaved.yaml" in refused.value.message
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["keep_control"] is True
    assert yaml.safe_load((tmp_path / "answers.unsaved.yaml").read_text(encoding="utf-8"))["keep_njc_agreement"] is False
    with pytest.raises(AnswersError, match="answers.unsaved-2.yaml"):
        save_answers(two, set())  # a second refusal does not overwrite the first file set aside
    one.values["staff_keep_lgps"] = True
    save_answers(one, set())  # its own saves are not mistaken for a change underneath


def test_a_session_keeps_the_files_mode_and_writes_through_a_link(runner: CliRunner, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    real = _file(shared)
    real.chmod(0o640)
    link = tmp_path / "answers.yaml"
    link.symlink_to(real)
    result = runner.invoke(main, ["ask", str(link), "--edit", "keep_control"], input="y\nq\n")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert yaml.safe_load(real.read_text(encoding="utf-8"))["keep_control"] is True
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert _names(shared) == ["answers.yaml"] and _names(tmp_path) == ["answers.yaml", "shared"]


def test_a_new_answers_file_gets_the_mode_the_umask_allows(runner: CliRunner, tmp_path: Path) -> None:
    before = os.umask(0o022)
    try:
        result = runner.invoke(main, ["ask", str(tmp_path / "new.yaml")], input="Testshire\nq\n")
    finally:
        os.umask(before)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o644


def test_a_temporary_file_left_by_a_killed_session_is_removed_by_the_next(runner: CliRunner, tmp_path: Path) -> None:
    path = _file(tmp_path)
    (tmp_path / ".answers.yaml.k3x9_q2z.tmp").write_text("council_name: Half", encoding="utf-8")
    (tmp_path / ".answers.yaml.lock").write_text("999999\n", encoding="utf-8")  # its lock file, no longer held
    result = runner.invoke(main, ["ask", str(path), "--edit", "keep_control"], input="y\nq\n")
    assert result.exit_code == 0, result.output
    assert _names(tmp_path) == ["answers.yaml"]
