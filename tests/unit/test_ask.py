"""`advisor ask`: only relevant questions, unknown allowed, back and edit, validation at the prompt, safe saving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from advisor.cli.main import main
from advisor.law.shipped import answers_model, load_answers, load_book

SAMPLE = "# Testshire's answers\ncouncil_name: Testshire County Council\n"


def _ask(runner: CliRunner, path: Path, *args: str, typed: str = ""):  # type: ignore[no-untyped-def]
    return runner.invoke(main, ["ask", str(path), *args], input=typed)


def _next(runner: CliRunner, path: Path) -> dict:  # type: ignore[type-arg]
    result = _ask(runner, path, "--next", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _file(tmp_path: Path, text: str = SAMPLE) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_dont_know_to_everything_finishes_with_undetermined_options(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    result = _ask(runner, path, "--as-at", "2025-06-01", typed="Testshire\n" + "u\n" * 200)
    assert result.exit_code == 0, result.output
    assert "Every question that can change a verdict or firm up an open model is answered" in result.output
    assert "undetermined" in result.output and "Law applied as at 1 June 2025 (kept in the file)" in result.output
    given = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert given["council_name"] == "Testshire"
    unknown = [name for name, value in given.items() if value == "unknown"]
    assert 5 < len(unknown) < len(load_book().vocabulary.facts) - 10  # questions no rule reads are never asked
    advice = json.loads(runner.invoke(main, ["advise", str(path), "--as-at", "2025-06-01", "--format", "json"]).output)
    questions = {q["fact"] for adm in advice["adms"] for form in adm["forms"] for q in form["open_questions"]}
    assert any(adm["verdict"] == "undetermined" for adm in advice["adms"])
    assert questions & set(unknown)


@pytest.mark.parametrize(("field", "typed", "reason", "saved"), [
    ("council_share_pct", "150\nabc\n1,2\n51\nq\n", "less than or equal to 100", 51),
    ("transfer_date", "31/04/2025\n1/4/2025\nq\n", "31/04/2025 is not a day in the calendar", "2025-04-01"),
    ("transfer_date", "April 1st\n1 April 2025\nq\n", "is not a date such as 1/4/2026", "2025-04-01"),
    ("current_delivery", "9\nsomething\nin_house\nq\n", "not one of the choices", "in_house"),
    ("keep_control", "maybe\ny\nq\n", "not yes or no", True),
    ("services", "1, 9\n1,3\nq\n", "not one of the choices", ["childrens_social_care", "youth_services"]),
])
def test_bad_input_is_asked_again_and_nothing_is_lost(runner: CliRunner, tmp_path: Path, field: str, typed: str,
                                                       reason: str, saved: object) -> None:
    path = _file(tmp_path, SAMPLE + "keep_njc_agreement: true\n")
    result = _ask(runner, path, "--edit", field, typed=typed)
    assert result.exit_code == 0, result.output
    assert "Not saved" in result.output and reason in result.output
    given = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert given["keep_njc_agreement"] is True and given["council_name"] == "Testshire County Council"
    assert str(given[field]) == str(saved)


def test_why_names_the_options_rules_and_citations(runner: CliRunner, tmp_path: Path) -> None:
    result = _ask(runner, _file(tmp_path), "--edit", "keep_control", typed="?\nq\n")
    assert result.exit_code == 0, result.output
    assert "The answer can change the verdict for" in result.output
    assert "control.red_line.body_not_controlled" in result.output
    assert "https://www.legislation.gov.uk/" in result.output


def test_going_back_changes_the_answer_and_the_questions_after_it(runner: CliRunner, tmp_path: Path) -> None:
    path = _file(tmp_path, SAMPLE + "services: [youth_services]\n")
    first = _next(runner, path)["questions"][0]["fact"]
    spec = load_book().vocabulary[first]
    assert spec.type == "yes_no"  # once the services are known, the most useful question is a yes/no choice
    result = _ask(runner, path, typed="y\n" + "b\n" + "n\n" + "q\n")
    assert result.exit_code == 0, result.output
    assert "Current answer: yes" in result.output
    assert "Changed:" in result.output  # the verdicts that changed are shown
    given = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert given[first] is False
    after_no = _next(runner, path)["questions"]
    assert after_no != _next(runner, _file(tmp_path, SAMPLE + f"services: [youth_services]\n{first}: true\n"))["questions"]


def test_edit_recomputes_relevance_and_marks_answers_that_no_longer_matter(runner: CliRunner, tmp_path: Path) -> None:
    path = _file(tmp_path, SAMPLE + "services: [childrens_social_care]\nincludes_adoption_agency_functions: true\n")
    assert "includes_adoption_agency_functions" not in _next(runner, path)["irrelevant_answers"]
    result = _ask(runner, path, "--edit", "services", typed="adult_social_care\nq\n")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "includes_adoption_agency_functions: true  # no verdict depends on this answer now" in text
    assert text.startswith("# Testshire's answers\n")
    assert "includes_adoption_agency_functions" in _next(runner, path)["irrelevant_answers"]
    _ask(runner, path, "--edit", "services", typed="childrens_social_care\nq\n")
    assert "# no verdict depends" not in path.read_text(encoding="utf-8").split("includes_adoption")[1]


def test_adoption_question_only_when_childrens_social_care_is_in_scope(runner: CliRunner, tmp_path: Path) -> None:
    def asked(services: str) -> set[str]:
        return {q["fact"] for q in _next(runner, _file(tmp_path, SAMPLE + f"services: [{services}]\n"))["questions"]}

    assert "includes_adoption_agency_functions" in asked("childrens_social_care")
    assert "includes_adoption_agency_functions" not in asked("adult_social_care")


def test_next_lists_questions_with_reasons_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    data = _next(runner, path)
    assert not path.exists()
    assert data["answered"] == 0 and data["available"] == len(load_book().vocabulary.facts)
    assert "not, legal advice" in data["disclaimer"]
    top = data["questions"][0]
    assert {"fact", "question", "help", "type", "options", "rules", "terms", "score", "hint"} <= set(top)
    assert top["options"] and top["rules"][0]["citations"][0]["uri"].startswith("https://")
    scored = [q["score"] for q in data["questions"] if q["score"] is not None]
    assert scored == sorted(scored, reverse=True)
    text = _ask(runner, path, "--next").output
    assert "questions still worth asking" in text and top["question"] in text


@pytest.mark.parametrize("content", ["keep_control: [unclosed\n", "proposal:\n  adm: wholly_owned_company\n",
                                     "- just\n- a list\n", "council_share_pct: 140\n"])
def test_a_corrupt_or_foreign_file_is_refused_and_left_alone(runner: CliRunner, tmp_path: Path, content: str) -> None:
    path = _file(tmp_path, content)
    result = _ask(runner, path, typed="Testshire\ny\n")
    assert result.exit_code == 2
    assert "left unchanged" in result.output and "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == content


def test_bad_options_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    assert _ask(runner, _file(tmp_path), "--edit", "favourite_colour").exit_code == 2
    assert _ask(runner, tmp_path / "answers.json").exit_code == 2
    assert _ask(runner, tmp_path).exit_code == 2


def test_quit_keeps_every_answer_and_resumes_where_it_stopped(runner: CliRunner, tmp_path: Path) -> None:
    path = _file(tmp_path)
    first = _ask(runner, path, typed="1\nq\n")  # the first question on a fresh file: which services are in scope
    assert first.exit_code == 0 and "Run the same command to continue" in first.output
    given = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert len(given) == 2
    resumed = _ask(runner, path, typed="q\n")
    assert "Continuing: 2 answers already given" in resumed.output
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == given


def test_end_of_input_stops_with_everything_saved(runner: CliRunner, tmp_path: Path) -> None:
    path = _file(tmp_path)
    result = _ask(runner, path, typed="y\n")  # the end of input stops the interview as q does
    assert result.exit_code == 0 and "Your answers are saved" in result.output
    load_answers(str(path), None)


def test_saving_leaves_no_temporary_files(runner: CliRunner, tmp_path: Path) -> None:
    path = _file(tmp_path)
    _ask(runner, path, typed="y\nn\nq\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml"]
    answers_model().model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
