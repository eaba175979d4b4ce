"""Fuzzing `advisor verify` with crafted memos: corrupt, truncated, edited, wrong-typed records and bombs each exit 2
with one line saying what is wrong, never a traceback, within the time limit; through the library and the command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given

from advisor.base.errors import AnswersError
from advisor.base.version import __version__
from advisor.cli.main import main
from advisor.documents.verify import verify_memo
from tests.fuzz_memos import GENUINE, MAY_HOLD, crafted_memos, edited, place, token_of
from tests.fuzzing import BOOK, count, fuzz, one_line_error, scratch, time_limit

SCRATCH = scratch("advisor-fuzz-memos-")
TODAY = dt.date(2018, 3, 1)


def _write(fmt: str, data: bytes) -> str:
    path = SCRATCH / f"memo.{fmt}"
    path.write_bytes(data)
    return str(path)


@fuzz(300)
@given(crafted_memos())
@example(("md", place("md", token_of(b"[" * 100_000)), "Invalid JSON"))  # nesting past the parser's limit
@example(("docx", edited("docx", 0.0, "Viable"), "edited"))
def test_crafted_memos_are_refused_through_the_library(case: tuple[str, bytes, str]) -> None:
    fmt, data, expected = case
    count("crafted memo", f"verify-library-{fmt}")
    path = _write(fmt, data)
    try:
        with time_limit():
            verify_memo(Path(path), BOOK, __version__, TODAY)
    except AnswersError as refused:
        one_line_error(refused.message, "" if expected == MAY_HOLD else expected)
        assert refused.message.startswith(path)
    else:
        assert expected == MAY_HOLD, "a crafted memo was verified"


@fuzz(150)
@given(crafted_memos())
def test_crafted_memos_exit_2_with_one_line(case: tuple[str, bytes, str]) -> None:
    fmt, data, expected = case
    count("crafted memo", f"verify-cli-{fmt}")
    with time_limit():
        result = CliRunner().invoke(main, ["verify", _write(fmt, data), "--as-at", "2018-03-01"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if expected == MAY_HOLD and result.exit_code == 0:
        return
    assert result.exit_code == 2, result.output
    one_line_error(result.output, "" if expected == MAY_HOLD else expected)


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_fuzzed_memos_start_from_memos_that_verify(fmt: str) -> None:
    """The crafted memos are made from genuine ones: unchanged, those verify (so a refusal is the crafting's doing)."""
    result = verify_memo(Path(_write(fmt, GENUINE[fmt])), BOOK, __version__, TODAY)
    assert result["holds"]
