"""The questions and the answer fields stay in step: every field has its question, every term its authority."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.base.errors import RulebookError
from advisor.law.answers import build_answers_model, validate_answers
from advisor.law.rules import Rulebook
from advisor.law.vocabulary import load_vocabulary
from tests.conftest import REPO


def test_every_field_has_a_question_and_every_question_a_field(book: Rulebook) -> None:
    raw_fields = {}
    for path in sorted((REPO / "rules" / "answers").glob("*.yaml")):
        raw_fields.update(yaml.safe_load(path.read_text(encoding="utf-8"))["fields"])
    schema = {name for name in book.vocabulary.facts}
    assert set(raw_fields) == schema
    for name, spec in book.vocabulary.facts.items():
        assert spec.question.strip().endswith("?"), name
        assert spec.description.strip(), name


def test_every_term_a_question_uses_is_defined_with_a_legislation_link(book: Rulebook) -> None:
    used = {term for spec in book.vocabulary.facts.values() for term in spec.terms}
    assert used and used == set(book.vocabulary.terms)
    for term in book.vocabulary.terms.values():
        assert term.uri.startswith("https://") and term.meaning.strip()


def _section(tmp_path: Path, fields: dict, terms: dict | None = None) -> Path:  # type: ignore[type-arg]
    directory = tmp_path / "answers"
    directory.mkdir()
    body = {"section": "test", "title": "Test", "officer": "service", "fields": fields}
    if terms is not None:
        body["terms"] = terms
    (directory / "10_test.yaml").write_text(yaml.safe_dump(body), encoding="utf-8")
    return directory


TERM = {"term": "relevant transfer", "meaning": "A transfer TUPE applies to.", "cite": "TUPE 2006, reg 3(1)",
        "uri": "https://www.legislation.gov.uk/uksi/2006/246/regulation/3", "grade": "statutory_instrument"}
FIELD = {"type": "yes_no", "description": "Staff move.", "question": "Do staff move?"}


@pytest.mark.parametrize(("fields", "terms", "message"), [
    ({"moves": {"type": "yes_no", "description": "Staff move."}}, None, "question"),
    ({"moves": dict(FIELD, terms=["relevant_transfer"])}, None, "undefined term 'relevant_transfer'"),
    ({"moves": FIELD}, {"relevant_transfer": TERM}, "defined but no question uses it"),
    ({"moves": dict(FIELD, terms=["t"])}, {"t": dict(TERM, uri="https://example.com/tupe")}, "is not an https URI"),
    ({"moves": dict(FIELD, terms=["t"])}, {"t": dict(TERM, cite="TUPE 2006")}, "no pinpoint"),
    ({"moves": dict(FIELD, officer="payroll")}, None, "officer"),
])
def test_the_loader_refuses_questions_out_of_step(tmp_path: Path, fields: dict, terms: dict | None,  # type: ignore[type-arg]
                                                  message: str) -> None:
    with pytest.raises(RulebookError, match=message):
        load_vocabulary(_section(tmp_path, fields, terms))


def test_a_well_formed_term_loads(tmp_path: Path) -> None:
    vocabulary = load_vocabulary(_section(tmp_path, {"moves": dict(FIELD, terms=["t"])}, {"t": TERM}))
    assert vocabulary.terms["t"].term == "relevant transfer" and vocabulary["moves"].terms == ("t",)


def _answers(book: Rulebook, data: dict) -> dict:  # type: ignore[type-arg]
    model = build_answers_model(book.vocabulary)
    return validate_answers(data, model, book.vocabulary, "test").model_dump()


@pytest.mark.parametrize(("old", "new", "expected"), [
    (True, None, "operational_independence"),
    (False, None, "no_separate_body"),
    (True, "body_outside_council_ownership", "body_outside_council_ownership"),
    (True, "named_body", "named_body"),
    (False, "no_separate_body", "no_separate_body"),
    ("unknown", None, None),
    ("unknown", "named_body", "named_body"),
])
def test_an_old_direction_answer_is_read_as_what_the_direction_requires(book: Rulebook, old: object, new: object,
                                                                        expected: object) -> None:
    data = {"direction_requires_independent_body": old}
    if new is not None:
        data["intervention_requires"] = new
    answers = _answers(book, data)
    assert answers["intervention_requires"] == expected
    assert "direction_requires_independent_body" not in answers


@pytest.mark.parametrize(("old", "new", "message"), [
    (True, "no_separate_body", "contradicts intervention_requires: no_separate_body"),
    (False, "operational_independence", "contradicts intervention_requires: operational_independence"),
    ("yes please", None, "is replaced by intervention_requires"),
])
def test_an_old_direction_answer_that_contradicts_or_cannot_be_read_is_refused(book: Rulebook, old: object,
                                                                               new: object, message: str) -> None:
    from advisor.base.errors import AnswersError

    data = {"direction_requires_independent_body": old}
    if new is not None:
        data["intervention_requires"] = new
    with pytest.raises(AnswersError, match=message):
        _answers(book, data)


@pytest.mark.parametrize(("replaced", "problem"), [
    ({"old_field": {"by": "missing", "meanings": [{"old": True, "new": ["a"]}]}}, "must name a choice field"),
    ({"old_field": {"by": "pick", "meanings": [{"old": True, "new": ["z"]}]}}, "are not choices of 'pick'"),
    ({"pick": {"by": "pick", "meanings": [{"old": True, "new": ["a"]}]}}, "already defined"),
])
def test_the_loader_refuses_a_replaced_field_it_cannot_map(tmp_path: Path, replaced: dict,  # type: ignore[type-arg]
                                                           problem: str) -> None:
    directory = tmp_path / "answers"
    directory.mkdir()
    body = {"section": "test", "title": "Test", "officer": "service", "replaced": replaced,
            "fields": {"pick": {"type": "choice", "choices": ["a", "b"], "description": "d", "question": "Q?"}}}
    (directory / "10_test.yaml").write_text(yaml.safe_dump(body), encoding="utf-8")
    with pytest.raises(RulebookError, match=problem):
        load_vocabulary(directory)


def test_each_question_takes_its_sections_officer_and_title_unless_it_names_its_own(tmp_path: Path) -> None:
    vocabulary = load_vocabulary(_section(tmp_path, {"moves": FIELD, "pension": dict(FIELD, officer="hr",
                                                                                       topic="Pensions")}))
    assert (vocabulary["moves"].officer, vocabulary["moves"].topic) == ("service", "Test")
    assert (vocabulary["pension"].officer, vocabulary["pension"].topic) == ("hr", "Pensions")


def test_a_section_must_name_the_officer_who_answers_it(tmp_path: Path) -> None:
    directory = _section(tmp_path, {"moves": FIELD})
    path = directory / "10_test.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("officer: service\n", ""), encoding="utf-8")
    with pytest.raises(RulebookError, match="officer"):
        load_vocabulary(directory)
