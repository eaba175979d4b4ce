"""The JSON outputs keep to the schemas `advisor schema assessment|next|diff|check|plan` prints: for every embedded example
and a blank answers file, on dates either side of changes of law, the real output of `advise`, `ask --next` (with
and without --for), `diff`, `check` and `plan` validates against its exact model and against the printed JSON Schema; a
document with a key too many, a key missing or a verdict not in the list is refused."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ValidationError

import advisor
from advisor.cli.main import main

# before the Public Contracts Regulations 2015; the day before the Procurement Act 2023 came in; just after it
DATES = ("2014-06-01", "2025-02-23", "2025-03-01")
COUNCILS = [*advisor.example_names(), "blank"]
OFFICERS = list(advisor.OFFICERS)


def run(*args: str) -> Any:
    """The JSON a command prints (it must succeed, or exit 1 for a check that fails)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def printed_schema(what: str) -> dict[str, Any]:
    """The JSON Schema `advisor schema WHAT` prints."""
    return run("schema", what)  # type: ignore[no-any-return]


def keeps_to(model: type[BaseModel], what: str, document: Any) -> None:
    """The document is valid for the model and for the schema the command prints (which is the model's)."""
    schema = printed_schema(what)
    assert schema == model.model_json_schema()
    model.model_validate(document)
    jsonschema_rs.validator_for(schema).validate(document)


def test_advisor_schema_prints_each_output_s_model_and_the_answers_and_proposal_as_before() -> None:
    assert set(advisor.OUTPUT_SCHEMAS) == {"assessment", "next", "diff", "check", "plan"}
    for what, model in advisor.OUTPUT_SCHEMAS.items():
        schema = printed_schema(what)
        assert schema == model.model_json_schema()
        assert schema["additionalProperties"] is False and all(
            part.get("additionalProperties") is False for part in schema["$defs"].values() if part.get("type") == "object")
    assert printed_schema("answers") == advisor.answers_model().model_json_schema()
    assert printed_schema("proposal") == advisor.Proposal.model_json_schema()


@pytest.fixture
def answers(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The council's answers file: an embedded example's, or a blank one."""
    path = tmp_path / "answers.yaml"
    name = request.param
    path.write_text("" if name == "blank" else advisor.example_text(name), encoding="utf-8")
    return path


@pytest.mark.parametrize("answers", COUNCILS, indirect=True)
def test_advise_json_keeps_to_the_assessment_schema(answers: Path) -> None:
    keeps_to(advisor.AssessmentOutput, "assessment", run("advise", str(answers), "--format", "json"))
    keeps_to(advisor.AssessmentOutput, "assessment", run("advise", str(answers), "--format", "json", "--why-not"))
    for day in DATES:
        keeps_to(advisor.AssessmentOutput, "assessment", run("advise", str(answers), "--format", "json", "--as-at", day))


@pytest.mark.parametrize("answers", COUNCILS, indirect=True)
def test_plan_json_keeps_to_the_plan_schema(answers: Path) -> None:
    for route in (["--adm", "wholly_owned_company", "--form", "company_limited_by_shares"],
                  ["--adm", "contract", "--form", "external_provider"], ["--adm", "in_house", "--form", "council"]):
        for day in DATES:
            keeps_to(advisor.PlanOutput, "plan", run("plan", str(answers), *route, "--format", "json", "--as-at", day,
                                                     "--today", "2014-04-20"))


@pytest.mark.parametrize("answers", COUNCILS, indirect=True)
def test_ask_next_json_keeps_to_the_next_schema(answers: Path) -> None:
    keeps_to(advisor.NextQuestionsOutput, "next", run("ask", str(answers), "--next", "--format", "json"))
    keeps_to(advisor.NextQuestionsOutput, "next",
             run("ask", str(answers), "--next", "--format", "json", "--as-at", DATES[0]))
    for officer in OFFICERS:
        keeps_to(advisor.NextQuestionsOutput, "next",
                 run("ask", str(answers), "--next", "--format", "json", "--for", officer))


@pytest.mark.parametrize("answers", COUNCILS, indirect=True)
def test_diff_json_keeps_to_the_diff_schema(answers: Path) -> None:
    for first, second in ((DATES[0], DATES[2]), (DATES[1], DATES[2]), (DATES[2], DATES[0])):
        document = run("diff", str(answers), "--as-at", first, "--as-at", second, "--format", "json")
        keeps_to(advisor.LawDiffOutput, "diff", document)
        assert document["law"], "the dates are either side of changes of law"


@pytest.mark.parametrize("example", sorted(advisor.proposal_example_files()))
def test_check_json_keeps_to_the_check_schema(example: str) -> None:
    keeps_to(advisor.CheckOutput, "check", run("check", "--example", example, "--format", "json"))
    for day in DATES[1:]:
        keeps_to(advisor.CheckOutput, "check", run("check", "--example", example, "--format", "json", "--as-at", day))


def test_the_outputs_use_every_kind_of_part_the_schemas_describe(tmp_path: Path) -> None:
    """The examples reach the parts a schema gives only sometimes, so the tests above do check them."""
    path = tmp_path / "answers.yaml"
    path.write_text(advisor.example_text("bnes-2015"), encoding="utf-8")
    assessed = run("advise", str(path), "--format", "json", "--why-not")
    assert any("settled_by" in adm for adm in assessed["adms"]) and assessed["why_not"]
    changes = {change["change"] for name in advisor.example_names()
               for change in run("diff", "--example", name, "--as-at", DATES[0], "--as-at", DATES[2],
                                 "--format", "json")["law"]}
    assert {"starts", "ends"} <= changes
    statuses = {item["status"] for example in advisor.proposal_example_files()
                for item in run("check", "--example", example, "--format", "json")["items"]}
    assert {"fail", "pass"} <= statuses


Breakage = Callable[[dict[str, Any]], None]
BREAKAGES: dict[str, Breakage] = {
    "a key too many": lambda d: d.update(comment="kept"),
    "a key missing": lambda d: d.pop("disclaimer"),
    "null where a value must be": lambda d: d.update(disclaimer=None),
}


def _broken_assessment(document: dict[str, Any]) -> None:
    document["adms"][0]["forms"][0]["verdict"] = "probably"


def _broken_finding(document: dict[str, Any]) -> None:
    finding = next(f for adm in document["adms"] for form in adm["forms"] for f in form["findings"])
    finding["confidence"] = "certain"


def _broken_next(document: dict[str, Any]) -> None:
    document["questions"][0]["officer"] = "mayor"


def _broken_diff(document: dict[str, Any]) -> None:
    document["law"][0]["change"] = "amended"


def _broken_check(document: dict[str, Any]) -> None:
    document["items"][0]["citations"][0]["extra"] = "no such key"


def _documents() -> list[tuple[str, type[BaseModel], list[str], list[Breakage]]]:
    return [
        ("assessment", advisor.AssessmentOutput, ["advise", "--example", "bnes-2015", "--format", "json"],
         [_broken_assessment, _broken_finding]),
        ("diff", advisor.LawDiffOutput,
         ["diff", "--example", "bnes-2015", "--as-at", DATES[0], "--as-at", DATES[2], "--format", "json"], [_broken_diff]),
        ("check", advisor.CheckOutput, ["check", "--example", "3bm-2013", "--format", "json"], [_broken_check]),
    ]


@pytest.mark.parametrize(("what", "model", "command", "own"), _documents(), ids=lambda v: v if isinstance(v, str) else "")
def test_a_broken_document_is_refused(what: str, model: type[BaseModel], command: list[str], own: list[Breakage]) -> None:
    good = run(*command)
    keeps_to(model, what, good)
    validator = jsonschema_rs.validator_for(printed_schema(what))
    for breakage in [*BREAKAGES.values(), *own]:
        broken = copy.deepcopy(good)
        breakage(broken)
        with pytest.raises(ValidationError):
            model.model_validate(broken)
        assert not validator.is_valid(broken)


def test_a_broken_next_questions_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("", encoding="utf-8")
    good = run("ask", str(path), "--next", "--format", "json")
    validator = jsonschema_rs.validator_for(printed_schema("next"))
    assert validator.is_valid(good)
    for breakage in [*BREAKAGES.values(), _broken_next]:
        broken = copy.deepcopy(good)
        breakage(broken)
        with pytest.raises(ValidationError):
            advisor.NextQuestionsOutput.model_validate(broken)
        assert not validator.is_valid(broken)
