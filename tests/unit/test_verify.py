"""`advisor verify` on crafted memos: one line and exit 2 for anything but a memo as written, within bounded memory."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from advisor.cli.main import main
from advisor.documents.memo_reader import MAX_MEMO_BYTES, MAX_PART_BYTES
from tests.conftest import REPO
from tests.fuzz_memos import FORMATS, GENUINE, RECORDS, edited, oversized, place, token_of
from tests.fuzzing import one_line_error


def _verify(tmp_path: Path, fmt: str, data: bytes, *args: str) -> Result:
    path = tmp_path / f"memo.{fmt}"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["verify", str(path), "--as-at", "2018-03-01", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _refused(tmp_path: Path, fmt: str, data: bytes, expected: str) -> None:
    result = _verify(tmp_path, fmt, data)
    assert result.exit_code == 2, result.output
    one_line_error(result.output, expected)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_memo_as_written_still_holds(tmp_path: Path, fmt: str) -> None:
    result = _verify(tmp_path, fmt, GENUINE[fmt])
    assert result.exit_code == 0, result.output
    assert "The memo's conclusions still hold." in result.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_edited_prose_is_reported_as_edited(tmp_path: Path, fmt: str) -> None:
    """'Not viable' made 'Viable' in the memo's text: exit 2, never 'still hold'."""
    data = GENUINE[fmt]
    if fmt == "docx":
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
        assert b">Not viable<" in xml
        source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                part = source.read(info.filename)
                target.writestr(info, part.replace(b">Not viable<", b">Viable<", 1) if info.filename.endswith("document.xml")
                                else part)
        changed = out.getvalue()
    else:
        assert b"Not viable" in data
        changed = data.replace(b"Not viable", b"Viable", 1)
    _refused(tmp_path, fmt, changed, "edited")
    _refused(tmp_path, fmt, edited(fmt, 0.5, "abc"), "edited")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_token_in_the_council_name_is_never_read_as_the_record(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    """A council's name cannot carry another memo's record (it is refused as text), and a memo whose name is edited
    afterwards to hold one is reported as edited: verify checks only the memo's own record."""
    bnes = tmp_path / "bnes.md"
    assert runner.invoke(main, ["memo", "--example", "bnes-2015", "-o", str(bnes)]).exit_code == 0
    other = bnes.read_text(encoding="utf-8").rstrip().rsplit("\n", 1)[1]
    answers = yaml.safe_load((REPO / "advisor" / "examples" / "worcestershire-2018.yaml").read_text(encoding="utf-8"))
    crafted = dict(answers, council_name=other + " " + other.removeprefix("<!-- ").removesuffix(" -->"))
    (tmp_path / "crafted.yaml").write_text(yaml.safe_dump(crafted), encoding="utf-8")
    refused = runner.invoke(main, ["memo", str(tmp_path / "crafted.yaml"), "-o", str(tmp_path / "x.md")])
    assert refused.exit_code == 2 and "field 'council_name': must be at most 300 characters" in refused.output
    (tmp_path / "answers.yaml").write_text(yaml.safe_dump(answers), encoding="utf-8")
    memo = tmp_path / f"m.{fmt}"
    written = runner.invoke(main, ["memo", str(tmp_path / "answers.yaml"), "-o", str(memo)])
    assert written.exit_code == 0, written.output
    result = _verify(tmp_path, fmt, memo.read_bytes(), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["as_at"] == "2018-03-01"  # bnes-2015's record says 2015-11-05
    injected = memo.read_bytes().replace(b"Worcestershire", other.encode(), 1) if fmt != "docx" else None
    if injected is not None:  # a name edited afterwards to hold a record is an edit
        _refused(tmp_path, fmt, injected, "edited")


def _wrong(fmt: str, field: str, value: object) -> str:
    return token_of(json.dumps(dict(RECORDS[fmt], **{field: value})).encode())


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("field", "value"), [
    ("as_at", "2018-02-30"), ("as_at", 20180301), ("as_at", "20180301"), ("verdicts", {"x": {"y": "maybe"}}),
    ("verdicts", []), ("answers", []), ("answers", {"setup_budget_gbp": "lots"}), ("findings", "x"),
    ("rule_base_digest", None), ("body_digest", "sha256:0"), ("extra", 1), ("advisor_version", ["0.1"]),
])
def test_a_record_of_the_wrong_shape_is_refused_naming_the_field(tmp_path: Path, fmt: str, field: str, value: object) -> None:
    expected = "setup_budget_gbp" if field == "answers" and isinstance(value, dict) else f"'{field}"
    _refused(tmp_path, fmt, place(fmt, _wrong(fmt, field, value)), expected)


@pytest.mark.parametrize("fmt", FORMATS)
def test_corrupt_truncated_and_old_records_are_refused(tmp_path: Path, fmt: str) -> None:
    _refused(tmp_path, fmt, place(fmt, "adm-advisor-record:v2:!!!!"), "not base64")
    _refused(tmp_path, fmt, place(fmt, "adm-advisor-record:v2:QUFBQQ=="), "not compressed data")
    _refused(tmp_path, fmt, place(fmt, token_of(b'{"as_at": ')), "damaged: Invalid JSON")
    whole = token_of(json.dumps(RECORDS[fmt]).encode())
    _refused(tmp_path, fmt, place(fmt, whole[:len(whole) // 2]), "audit record")
    _refused(tmp_path, fmt, place(fmt, "adm-advisor-record:v1:" + whole.split(":")[-1]), "format")
    _refused(tmp_path, fmt, GENUINE[fmt][:len(GENUINE[fmt]) // 2], "")
    _refused(tmp_path, fmt, GENUINE[fmt][:-2], "")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_oversized_memo_or_record_is_refused(tmp_path: Path, fmt: str) -> None:
    _refused(tmp_path, fmt, oversized(fmt, 1), f"larger than {MAX_MEMO_BYTES >> 20} MB")
    _refused(tmp_path, fmt, place(fmt, token_of(b"\0" * (64 << 20))), "inflates to more than 1024 KB")
    _refused(tmp_path, fmt, place(fmt, "adm-advisor-record:v2:" + "A" * (600 << 10)),
             "inflates to more than 513 KB" if fmt == "docx" else "longer than 512 KB")


_BODY = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'


def _word_bomb(megabytes: int, paragraph: bytes = b" ") -> bytes:
    """A Word memo whose document part inflates to `megabytes` of paragraphs (a few hundred KB on disk)."""
    source, out = zipfile.ZipFile(io.BytesIO(GENUINE["docx"])), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info.filename))
                continue
            with target.open(info.filename, "w", force_zip64=True) as part:
                part.write(_BODY)
                for _ in range(megabytes):
                    part.write(paragraph * ((1 << 20) // len(paragraph)))
                part.write(b"</w:body></w:document>")
    return out.getvalue()


def test_a_word_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    _refused(tmp_path, "docx", _word_bomb(2048), f"inflates to more than {MAX_PART_BYTES >> 20} MB")


def _many_parts(count: int) -> bytes:
    """The genuine Word memo with `count` empty parts more (just under the size cap)."""
    source, out = zipfile.ZipFile(io.BytesIO(GENUINE["docx"])), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        for index in range(count):
            target.writestr(f"extra/{index}", b"")
    assert len(out.getvalue()) < MAX_MEMO_BYTES
    return out.getvalue()


_PEAK = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "advisor", "verify", sys.argv[1], "--as-at", "2018-03-01"],
                      capture_output=True, text=True)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, done.stderr.strip())
"""


def _peak_mb(path: Path) -> tuple[int, int, str]:
    code, peak, *message = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True,
                                          env=dict(os.environ), timeout=300, check=True).stdout.strip().split(" ", 2)
    return int(code), int(peak), "".join(message)


BOUND_MB = 64  # above the peak of verifying a genuine memo


def test_crafted_memos_stay_within_bounded_memory(tmp_path: Path) -> None:
    """Peak RSS of `advisor verify` on bombs (record, Word part) and memos at the size caps, against a genuine memo's."""
    near = (MAX_PART_BYTES >> 20) - 1
    paths = {"genuine.md": GENUINE["md"], "record-bomb.md": place("md", token_of(b"\0" * (400 << 20))),
             "word-bomb.docx": _word_bomb(4096), "at-the-cap.md": oversized("md", -(1 << 20)),
             "paragraphs-at-the-cap.docx": _word_bomb(near, b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"),
             "empty-paragraphs-at-the-cap.docx": _word_bomb(near, b"<w:p/>"),
             "runs-at-the-cap.docx": _word_bomb(near, b"<w:r/>"), "genuine-with-78000-more-parts.docx": _many_parts(78_000)}
    peaks = {}
    for name, data in paths.items():
        path = tmp_path / name
        path.write_bytes(data)
        code, peaks[name], message = _peak_mb(path)
        assert code == (0 if name.startswith("genuine") else 2), message  # parts beyond the text are not its text
        assert "\n" not in message and "Traceback" not in message
    print("peak RSS of advisor verify, MB:", peaks)
    assert all(peak <= peaks["genuine.md"] + BOUND_MB for peak in peaks.values()), peaks
