"""Fuzzing proposal files (`advisor check`): valid ones get a complete, repeatable checklist; bad ones exit 2 naming the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from advisor.assessment.verdicts import VERDICTS
from advisor.base.errors import AnswersError
from advisor.cli.main import main
from advisor.documents.check_report import check_text
from advisor.law.proposal_map import read_proposal
from tests.fuzz_answers import as_json, as_yaml
from tests.fuzz_proposals import (
    PARTS,
    TOP_FIELDS,
    edge_proposals,
    malformed_proposal,
    malformed_proposal_file,
    proposals,
)
from tests.fuzzing import BOOK, count, fuzz, one_line_error, scratch, time_limit

SCRATCH = scratch("advisor-fuzz-proposals-")
STATUSES = {"fail", "unknown", "applies", "risk", "note", "pass"}
WHOLLY_OWNED = {"adm": "wholly_owned_company", "form": "company_limited_by_shares"}


def _write(data: object, name: str = "proposal.yaml") -> Path:
    path = SCRATCH / name
    path.write_text(as_json(data) if name.endswith(".json") else as_yaml(data), encoding="utf-8")  # type: ignore[arg-type]
    return path


def _check_record(text: str, passed: bool) -> None:
    record = json.loads(text)
    assert record["verdict"] in VERDICTS
    assert {item["status"] for item in record["items"]} <= STATUSES
    assert record["counts"] == {s: sum(1 for i in record["items"] if i["status"] == s) for s in record["counts"]}
    assert passed == record["passed"] == (record["counts"]["fail"] == 0)


def _checked_twice(data: dict[str, Any], kind: str) -> None:
    path = _write(data)
    count(kind, "proposal-library-durable")
    with time_limit():
        first, second = check_text(str(path), None, None, "json"), check_text(str(path), None, None, "json")
    assert first == second
    _check_record(*first)


@fuzz(150)
@given(proposals())
@example({**WHOLLY_OWNED, "ownership": {"staff_pct": 100, "private_pct": 100}})  # was exit 2 on outside_shareholding_pct
@example({**WHOLLY_OWNED, "ownership": None, "award": "unknown"})  # a part left empty was refused
def test_valid_proposals_get_a_complete_repeatable_checklist(data: dict[str, Any]) -> None:
    _checked_twice(data, "valid")


@fuzz(120)
@given(edge_proposals())
def test_edge_proposals_get_a_complete_repeatable_checklist(data: dict[str, Any]) -> None:
    _checked_twice(data, "edge")


@fuzz(1200)
@given(malformed_proposal())
@example(({**WHOLLY_OWNED, "answers": "answers\x00.yaml"}, "field 'answers'"))  # was ValueError: embedded null byte
@example(({**WHOLLY_OWNED, "award": {"annual_value_gbp": 10**23}}, "field 'award.annual_value_gbp'"))  # was TypeError
@example(({**WHOLLY_OWNED, "award": {"total_value_gbp": float("inf")}}, "field 'award.total_value_gbp'"))  # accepted
@example(({**WHOLLY_OWNED, "ownership": {"council_pct": "50"}}, "field 'ownership.council_pct': must be a number"))
@example(({**WHOLLY_OWNED, "name": "\x1b[2J"}, "field 'name'"))
@example(({**WHOLLY_OWNED, "name": "\x85"}, "field 'name'"))  # PyYAML wrote U+0085 raw; it read back as a space
def test_malformed_proposals_are_refused_naming_the_field(case: tuple[object, str]) -> None:
    count("malformed", "proposal-library-file")
    data, expected = case
    path = _write(data, "bad.yaml")
    with time_limit(), pytest.raises(AnswersError) as refused:
        read_proposal(str(path), "bad.yaml", BOOK.catalogue)
    one_line_error(refused.value.message, expected)
    assert refused.value.message.startswith("bad.yaml: ")


def _check(path: Path) -> Any:
    with time_limit():
        result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@fuzz(50)
@given(proposals() | edge_proposals())
def test_cli_check_valid_proposals(data: dict[str, Any]) -> None:
    path = _write(data, "cli.json")
    count("valid", "cli-check")
    result = _check(path)
    assert result.exit_code in (0, 1), result.output
    record = json.loads(result.output)
    _check_record(result.output, record["passed"])
    assert result.exit_code == (0 if record["passed"] else 1)


@fuzz(400)
@given(malformed_proposal_file())
def test_malformed_proposal_files_are_refused(case: tuple[str, str]) -> None:
    count("malformed", "proposal-library-file")
    text, expected = case
    path = SCRATCH / "bad-file.yaml"
    path.write_text(text, encoding="utf-8")
    with time_limit(), pytest.raises(AnswersError) as refused:
        read_proposal(str(path), "bad-file.yaml", BOOK.catalogue)
    one_line_error(refused.value.message, expected)


@fuzz(300)
@given(malformed_proposal().map(lambda case: (as_yaml(case[0]), case[1])) | malformed_proposal_file())
def test_cli_check_refuses_malformed_proposals_with_exit_2(case: tuple[str, str]) -> None:
    count("malformed", "cli-check")
    text, expected = case
    path = SCRATCH / "cli-bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = _check(path)
    assert result.exit_code == 2, result.output
    one_line_error(result.output, expected)


def test_the_fuzzed_fields_are_every_field_of_a_proposal() -> None:
    for part, (model, fields) in PARTS.items():
        assert set(fields) == set(model.model_fields), part
    assert {"name", "adm", "form", "as_at", "answers", *PARTS} == TOP_FIELDS


SEGMENT = st.text(st.sampled_from("abcxyz._-"), min_size=1, max_size=8).filter(lambda s: s not in (".", ".."))


@st.composite
def _escaping_path(draw: st.DrawFn) -> str:
    """A path that leads out of the proposal's folder: absolute, drive or share, up with `..`, or through a link."""
    tail = "/".join(draw(st.lists(SEGMENT, min_size=1, max_size=3)))
    down = draw(st.lists(SEGMENT, max_size=2))
    kind = draw(st.sampled_from(["absolute", "windows", "share", "up", "link"]))
    if kind == "absolute":
        return "/" + tail
    if kind == "windows":
        return draw(st.sampled_from("CDZ")) + draw(st.sampled_from([":\\", ":/"])) + tail.replace("/", "\\")
    if kind == "share":
        return "\\\\server\\share\\" + tail
    if kind == "up":
        return "/".join([*down, *[".."] * (len(down) + draw(st.integers(1, 4))), tail])
    return "outside/" + tail  # `outside` is a link in the proposal's folder to the folder above it


@fuzz(150)
@given(_escaping_path())
@example("/etc/shadow")  # its first line was shown in the refusal
@example("outside/secret")
def test_a_proposal_never_reads_answers_outside_its_folder(named: str) -> None:
    count("malformed", "cli-check-path")
    folder = SCRATCH / "paths" / "proposals"
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "outside").is_symlink():
        (folder / "outside").symlink_to(folder.parent)
    path = folder / "proposal.yaml"
    path.write_text(as_yaml({**WHOLLY_OWNED, "answers": named}), encoding="utf-8")
    with time_limit():
        result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2, result.output
    one_line_error(result.output, "field 'answers': ")
    assert "is not allowed" in result.output
