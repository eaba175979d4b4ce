"""The command line: every command works, bad input exits 2 with the field named and no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from advisor.cli.main import main
from advisor.law.shipped import load_book


def _advise(runner: CliRunner, *args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(main, ["advise", *args], input=stdin)


def test_advise_example_prints_every_adm_and_the_as_at_date(runner: CliRunner) -> None:
    result = _advise(runner, "--example", "worcestershire-2018")
    assert result.exit_code == 0, result.output
    assert "Law applied as at 2018-03-01" in result.output
    assert "not, legal advice" in result.output
    for adm in load_book().catalogue.adms:
        assert adm.name in result.output


def test_advise_json_follows_the_contract(runner: CliRunner) -> None:
    data = json.loads(_advise(runner, "--example", "bnes-2015", "--format", "json").output)
    assert set(data) >= {"as_at", "advisor_version", "rule_base", "answers_digest", "adms"}
    assert {"digest", "rules"} <= set(data["rule_base"])
    assert len(data["adms"]) == 20
    form = data["adms"][0]["forms"][0]
    assert {"form", "verdict", "findings", "open_questions"} <= set(form)
    finding = form["findings"][0]
    assert {"rule", "area", "effect", "text", "facts", "citations", "confidence"} <= set(finding)
    assert {"cite", "uri", "in_force_from", "in_force_to"} <= set(finding["citations"][0])


def test_json_is_byte_identical_across_runs(runner: CliRunner) -> None:
    first = _advise(runner, "--example", "worcestershire-2018", "--format", "json").output
    second = _advise(runner, "--example", "worcestershire-2018", "--format", "json").output
    assert first == second


def test_as_at_option_overrides_the_answers(runner: CliRunner) -> None:
    data = json.loads(_advise(runner, "--example", "bnes-2015", "--as-at", "2025-03-01", "--format", "json").output)
    assert data["as_at"] == "2025-03-01"


def test_markdown_and_output_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    result = _advise(runner, "--example", "bnes-2017", "--format", "markdown", "-o", str(target))
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Options appraisal") and "| Delivery model | Verdict |" in text


def test_answers_from_standard_input(runner: CliRunner) -> None:
    result = _advise(runner, "-", "--format", "json", stdin="services: [youth_services]\nas_at: 2024-01-01\n")
    assert result.exit_code == 0
    assert json.loads(result.output)["as_at"] == "2024-01-01"


BAD_INPUT = {
    "unknown field": ("colour: red\n", "colour"),
    "wrong type": ("keep_control: maybe\n", "keep_control"),
    "share above 100%": ("council_share_pct: 120\n", "council_share_pct"),
    "date in the wrong form": ("as_at: 03/01/2018 10:00\n", "as_at"),
    "choice not on the list": ("services: [libraries]\n", "services"),
    "unreadable YAML": ("keep_control: [\n", "not valid YAML"),
    "not a mapping": ("- a\n- b\n", "mapping"),
}


@pytest.mark.parametrize("case", BAD_INPUT, ids=list(BAD_INPUT))
def test_bad_answers_exit_2_naming_the_field(runner: CliRunner, tmp_path: Path, case: str) -> None:
    text, named = BAD_INPUT[case]
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    result = _advise(runner, str(path))
    assert result.exit_code == 2, result.output
    assert named in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [["--as-at", "2018-13-01", "--example", "bnes-2015"],
                                  ["--example", "nowhere"], [], ["missing-file.yaml"],
                                  ["--format", "pdf", "--example", "bnes-2015"]])
def test_bad_options_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = _advise(runner, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_examples_list_and_print(runner: CliRunner) -> None:
    listing = runner.invoke(main, ["examples"]).output
    for name in ("bnes-2015", "bnes-2017", "birmingham-2016", "worcestershire-2018",
                 "kensington-youth-2013", "sandwell-schools-2013"):
        assert name in listing
        assert runner.invoke(main, ["examples", name]).output.startswith("# ")


def test_adms_lists_every_model_and_its_forms(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(main, ["adms", "--format", "json"]).output)
    assert len(data["adms"]) == 20
    assert "company_limited_by_shares" in runner.invoke(main, ["adms"]).output


def test_rules_listing_filter_show_and_check(runner: CliRunner) -> None:
    listed = json.loads(runner.invoke(main, ["rules", "--area", "procurement", "--format", "json"]).output)
    assert listed and all(rule["area"] == "procurement" for rule in listed)
    rule_id = listed[0]["id"]
    shown = runner.invoke(main, ["rules", "show", rule_id]).output
    assert rule_id in shown and "legislation.gov.uk" in shown
    assert runner.invoke(main, ["rules", "show", "no.such.rule"]).exit_code == 2
    assert runner.invoke(main, ["rules", "--area", "astrology"]).exit_code == 2
    checked = runner.invoke(main, ["rules", "check"])
    assert checked.exit_code == 0 and "rule base OK" in checked.output


def test_schema_answers_is_json_schema(runner: CliRunner) -> None:
    schema = json.loads(runner.invoke(main, ["schema", "answers"]).output)
    assert schema["additionalProperties"] is False
    assert "keep_control" in schema["properties"]
    assert "unknown" in schema["properties"]["keep_control"]["description"]
