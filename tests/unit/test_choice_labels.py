"""Choices in words: `choice_labels` in rules/answers give each choice the words an officer reads, checked when the
vocabulary loads, and the memo, `advisor ask` and the answers file use them (the file keeps the choice ids)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import advisor
from advisor.base.errors import RulebookError
from advisor.cli.main import main
from advisor.law.vocabulary import load_vocabulary

POWER = "delegation_power_relied_on"
ORDER = "Contracting Out (Local Authorities Social Services Functions) (England) Order 2014"
FIELD = {"type": "choice", "choices": ["cypa_2008_part1", "not_decided"], "description": "The power relied on.",
         "question": "Which power?"}


def _section(tmp_path: Path, field: dict) -> Path:  # type: ignore[type-arg]
    directory = tmp_path / "answers"
    directory.mkdir()
    body = {"section": "test", "title": "Test", "officer": "legal", "fields": {"power": field}}
    (directory / "10_test.yaml").write_text(yaml.safe_dump(body), encoding="utf-8")
    return directory


@pytest.mark.parametrize(("labels", "message"), [
    ({"cypa_2008": "Children and Young Persons Act 2008"},
     r"fact 'power': `choice_labels` names \['cypa_2008'\], which are not its choices"),
    ({"not_decided": "Not\ndecided"}, "fact 'power': the label of choice 'not_decided' must be one line"),
    ({"not_decided": "x" * 121}, "fact 'power': the label of choice 'not_decided' must be one line of 1 to 120"),
    ({"not_decided": " "}, "fact 'power': the label of choice 'not_decided' must be one line"),
    ({"not_decided": "Not decided, yet"}, "fact 'power': the label of choice 'not_decided' must hold no comma"),
])
def test_the_loader_refuses_labels_for_choices_the_fact_lacks_or_not_one_short_line(
        tmp_path: Path, labels: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(RulebookError, match=message):
        load_vocabulary(_section(tmp_path, dict(FIELD, type="choices", choice_labels=labels)))


def test_a_label_may_be_left_out_and_the_choice_is_then_its_id_in_words(tmp_path: Path) -> None:
    vocabulary = load_vocabulary(_section(tmp_path, dict(FIELD, choice_labels={"cypa_2008_part1": "CYPA 2008, Part 1"})))
    spec = vocabulary["power"]
    assert [spec.choice_words(choice) for choice in spec.choices] == ["CYPA 2008, Part 1", "Not decided"]


def test_every_shipped_choice_has_words_and_the_power_relied_on_reads_as_the_law_names_it() -> None:
    book = advisor.load_book()
    for spec in book.vocabulary.facts.values():
        assert dict(spec.choice_labels).keys() == set(spec.choices), spec.name  # every choice fact fully labelled
    assert [words for _, words in advisor.choice_words(book, POWER)] == [
        "Children and Young Persons Act 2008, Part 1", ORDER, "General power of competence (Localism Act 2011 s.1)",
        "Arrangements with another council", "Not decided yet"]


def test_the_memo_gives_the_power_relied_on_in_words(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(advisor.example_text("worcestershire-2018").replace(
        f"{POWER}: cypa_2008_part1", f"{POWER}: contracting_out_order_2014"), encoding="utf-8")
    proposal = advisor.proposal_example_files()["worcestershire-wocc-2019"]
    result = CliRunner().invoke(main, ["memo", str(path), "--proposal", str(proposal)])
    assert result.exit_code == 0, result.output
    assert f"| Services: Children's social care; Delegation power relied on: {ORDER} |" in result.output
    assert "contracting out order 2014" not in result.output.lower()


def test_ask_numbers_the_choices_in_words_takes_a_number_or_id_and_saves_the_id(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    with advisor.open_questionnaire(path, None, session=True) as questionnaire:
        questionnaire.replan()
        menu = questionnaire.question_text(POWER, False)
        assert f"    2. {ORDER}\n" in menu and "    5. Not decided yet\n" in menu
        assert questionnaire.accept(POWER, "2") is None
        assert f"Current answer: {ORDER} (press Enter" in questionnaire.question_text(POWER, True)
        assert questionnaire.accept(POWER, "general_power_of_competence") is None
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert saved[POWER] == "general_power_of_competence"


def test_the_several_choices_answer_reads_each_label_and_keeps_the_ids(tmp_path: Path) -> None:
    book = advisor.load_book()
    assert advisor.fact_value(book, "services", ["childrens_social_care", "early_help"]) == \
        "Children's social care, Early help (including children's centres)"
    assert advisor.fact_value(book, "services", "childrens_social_care, early_help") == \
        "Children's social care, Early help (including children's centres)"  # as the history keeps it
    assert advisor.fact_value(book, "services", []) == "none"
