"""Files the commands write with -o: whole or not at all, never onto an input, never through a link, never over a
file the advisor did not write; the file's mode kept; temporary files of killed writers cleaned up."""

from __future__ import annotations

import fcntl
import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from advisor.base.errors import AnswersError
from advisor.base.files import remove_stale_temporaries, write_file
from advisor.cli.main import main
from advisor.documents.memo import MATRIX_MARK
from advisor.law.shipped import example_text

CHECKOUT = Path(__file__).resolve().parents[2]


def _answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(example_text("bnes-2015"), encoding="utf-8")
    return path


def _refused(result, *words: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    for word in words:
        assert word in lines[0], lines[0]


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("command", [["advise"], ["advise", "--format", "json"], ["memo"], ["sweep", "--vary", "keep_control"]])
def test_an_output_onto_the_answers_file_is_refused_and_the_answers_kept(runner: CliRunner, tmp_path: Path,
                                                                          command: list[str]) -> None:
    answers = _answers(tmp_path)
    before = answers.read_bytes()
    os.link(answers, tmp_path / "hard.yaml")
    for output in ("answers.yaml", str(tmp_path / "sub" / ".." / "answers.yaml"), "hard.yaml"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        given = output if os.path.isabs(output) else str(tmp_path / output)
        if command[0] == "memo":
            given = given.removesuffix(".yaml") + ".md"  # a memo's suffix: only a link could make it the answers
            os.symlink(answers, given)
        result = runner.invoke(main, [*command, str(answers), "-o", given])
        _refused(result, "-o" if command[0] != "memo" else "--output")
        assert answers.read_bytes() == before
        if command[0] == "memo":
            os.unlink(given)


def test_the_same_file_as_the_input_is_named_in_the_refusal(runner: CliRunner, tmp_path: Path) -> None:
    answers = _answers(tmp_path)
    result = runner.invoke(main, ["advise", str(answers), "-o", str(answers)])
    _refused(result, f"--output {answers}", "which this command reads", "another file")


def test_a_memo_onto_its_proposal_or_a_template_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    answers = _answers(tmp_path)
    templates = tmp_path / "ours"
    templates.mkdir()
    reference = templates / "memo-reference.docx"
    reference.write_bytes(b"the council's own styles")
    result = runner.invoke(main, ["memo", str(answers), "--template-dir", str(templates), "-o", str(reference)])
    _refused(result, "which this command reads")
    assert reference.read_bytes() == b"the council's own styles"
    proposal = tmp_path / "proposal.md"
    proposal.write_text("name: x\n", encoding="utf-8")
    result = runner.invoke(main, ["memo", str(answers), "--proposal", str(proposal), "-o", str(proposal)])
    _refused(result, "which this command reads")
    assert proposal.read_text(encoding="utf-8") == "name: x\n"


@pytest.mark.parametrize("output", ["report.md", "report.docx", "report.json"])
def test_a_symbolic_link_is_not_written_through(runner: CliRunner, tmp_path: Path, output: str) -> None:
    answers = _answers(tmp_path)
    target = tmp_path / "elsewhere.txt"
    target.write_text("someone else's file", encoding="utf-8")
    command = ["advise", str(answers), "--format", "json"] if output.endswith(".json") else ["memo", str(answers)]
    for link_to in (target, tmp_path / "missing.txt"):  # to a file, and dangling
        link = tmp_path / output
        link.symlink_to(link_to)
        result = runner.invoke(main, [*command, "-o", str(link)])
        _refused(result, str(link), "symbolic link", str(link_to), "the file itself")
        assert target.read_text(encoding="utf-8") == "someone else's file"
        assert not (tmp_path / "missing.txt").exists() and link.is_symlink()
        link.unlink()
    assert _names(tmp_path) == ["answers.yaml", "elsewhere.txt"]


def test_a_markdown_memo_never_overwrites_a_matrix_it_did_not_write(runner: CliRunner, tmp_path: Path) -> None:
    answers = _answers(tmp_path)
    theirs = tmp_path / "appraisal-matrix.svg"
    theirs.write_text("<svg>the council's own drawing</svg>", encoding="utf-8")
    result = runner.invoke(main, ["memo", str(answers), "-o", str(tmp_path / "appraisal.md")])
    _refused(result, "appraisal-matrix.svg", "not written by the advisor", "another name")
    assert theirs.read_text(encoding="utf-8") == "<svg>the council's own drawing</svg>"
    assert not (tmp_path / "appraisal.md").exists()  # nothing written: the memo would point at the wrong picture
    theirs.unlink()
    for _ in range(2):  # its own matrix (marked as the advisor's) is rewritten with the memo
        result = runner.invoke(main, ["memo", str(answers), "-o", str(tmp_path / "appraisal.md")])
        assert result.exit_code == 0, result.output
        assert theirs.read_text(encoding="utf-8").endswith(MATRIX_MARK + "\n")
    assert _names(tmp_path) == ["answers.yaml", "appraisal-matrix.svg", "appraisal.md"]


def test_a_rewritten_output_keeps_its_mode_and_a_new_one_follows_the_umask(runner: CliRunner, tmp_path: Path) -> None:
    answers, output = _answers(tmp_path), tmp_path / "memo.docx"
    output.write_bytes(b"an old memo")
    output.chmod(0o640)
    assert runner.invoke(main, ["memo", str(answers), "-o", str(output)]).exit_code == 0
    assert stat.S_IMODE(output.stat().st_mode) == 0o640
    docx.Document(str(output))  # a complete Word document
    before = os.umask(0o027)
    try:
        assert runner.invoke(main, ["advise", str(answers), "-o", str(tmp_path / "new.txt")]).exit_code == 0
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    assert _names(tmp_path) == ["answers.yaml", "memo.docx", "new.txt"]


def _full_disk() -> None:
    """In the child: files may not grow past 64 KB, and a write past it fails (as on a full disk) instead of killing."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.parametrize("output", ["memo.docx", "memo.md", "advice.json"])
def test_a_full_disk_leaves_the_old_file_whole_and_exits_2(tmp_path: Path, output: str) -> None:
    answers, path = _answers(tmp_path), tmp_path / output
    path.write_bytes(b"the old file")
    command = ["advise", str(answers), "--format", "json"] if output.endswith(".json") else ["memo", str(answers)]
    result = subprocess.run([sys.executable, "-m", "advisor", *command, "-o", str(path)], capture_output=True,
                            text=True, timeout=120, preexec_fn=_full_disk, check=False)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "cannot be written (File too large)" in result.stderr and "left as it was" in result.stderr
    assert path.read_bytes() == b"the old file"
    matrix = ["memo-matrix.svg"] if output == "memo.md" else []  # the matrix (under 64 KB) is written first
    assert _names(tmp_path) == sorted(["answers.yaml", output, *matrix])  # the partial temporary file removed


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.txt"
    path.write_bytes(b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_file(path, b"new" * 100_000)
    assert path.read_bytes() == b"old" and _names(tmp_path) == ["out.txt"]


def test_a_device_is_written_to_directly(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["advise", str(_answers(tmp_path)), "-o", os.devnull])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_an_unwritable_folder_is_one_line_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(AnswersError, match=r"^--output .*/no/such/folder/x.md: cannot be written \(No such file"):
        write_file(tmp_path / "no" / "such" / "folder" / "x.md", b"x", f"--output {tmp_path}/no/such/folder/x.md")


def test_temporary_files_left_by_killed_writers_are_removed_by_the_next_write(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    abandoned = tmp_path / ".out.json.0badf00d.tmp"
    abandoned.write_bytes(b"half a fi")
    older = tmp_path / ".out.json.a_b9xyzq.tmp"  # named as earlier versions named theirs
    older.write_bytes(b"")
    live = tmp_path / ".out.json.1234abcd.tmp"
    live.write_bytes(b"being written")
    others = [".out.json.notours.tmp", "out.json.0badf00d.tmp", ".other.json.0badf00d.tmp"]
    for name in others:
        (tmp_path / name).write_bytes(b"not ours")
    with live.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a writer still at work holds its temporary file locked
        write_file(path, b"{}")
        assert sorted(_names(tmp_path)) == sorted([live.name, "out.json", *others])
    assert remove_stale_temporaries(path) == [live.name]
    assert sorted(_names(tmp_path)) == sorted(["out.json", *others])
