"""Choices reported as conditions: the loader's check of `provided`, the same provisos from both engines, what outputs say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from advisor.assessment.assess import assess
from advisor.base.errors import RulebookError
from advisor.cli.main import main
from advisor.law.rules import Rulebook
from advisor.law.shipped import example_names, load_answers
from advisor.law.vocabulary import load_vocabulary

CHOICE = {"type": "yes_no", "description": "Pays dividends.", "question": "Will the body pay dividends?"}
COMPANY = """as_at: 2026-11-22
services: [childrens_social_care]
delegates_statutory_csc_functions: true
delegates_wider_csc_functions: true
includes_iro_functions: false
includes_adoption_agency_functions: false
award_without_competition: true
external_activity_share_pct: 0
keep_control: true
avoid_irrecoverable_vat: false
bring_in_private_investment: false
bring_in_not_for_profit_partner: false
staff_keep_lgps: true
delegation_power_relied_on: contracting_out_order_2014
sos_direction_in_force: false
intervention_without_direction: false
stakeholder_ownership_required: false
staff_must_own_or_lead: false
no_staff_ownership: false
no_private_owner: false
"""


def _choices_section(tmp_path: Path, field: dict) -> Path:  # type: ignore[type-arg]
    directory = tmp_path / "answers"
    directory.mkdir(parents=True)
    body = {"section": "objectives", "title": "Objectives", "choosable": True, "officer": "legal", "fields": {"pays": field}}
    (directory / "20_objectives.yaml").write_text(yaml.safe_dump(body), encoding="utf-8")
    return directory


@pytest.mark.parametrize(("provided", "message"), [
    (None, r"missing \['False', 'True'\]"),
    ({True: "it pays dividends"}, r"missing \['False'\]"),
    ({True: "pays", False: "pays none", "maybe": "?"}, r"not allowed \['maybe'\]"),
])
def test_a_council_choice_must_say_the_condition_each_answer_sets(tmp_path: Path, provided: dict | None,  # type: ignore[type-arg]
                                                                  message: str) -> None:
    field = dict(CHOICE, provided=provided) if provided is not None else CHOICE
    with pytest.raises(RulebookError, match=message):
        load_vocabulary(_choices_section(tmp_path, field))


def test_a_fact_of_the_world_in_the_choices_section_sets_no_condition(tmp_path: Path) -> None:
    vocabulary = load_vocabulary(_choices_section(tmp_path, dict(CHOICE, council_choice=False)))
    assert vocabulary["pays"].choosable and not vocabulary["pays"].council_choice
    with pytest.raises(RulebookError, match=r"not allowed \['True'\]"):
        load_vocabulary(_choices_section(tmp_path / "again", dict(CHOICE, council_choice=False, provided={True: "x"})))


def test_every_council_choice_in_the_rule_base_says_its_conditions(book: Rulebook) -> None:
    choices = [spec for spec in book.vocabulary.facts.values() if spec.settled_by_choice]
    assert {"distribute_surplus", "keep_control", "includes_adoption_agency_functions"} <= {c.name for c in choices}
    for spec in choices:
        assert all(spec.provided_text(value).strip() for value in spec.answer_values)
    assert not book.vocabulary["partner_councils_available"].council_choice  # a fact, though in the red-lines section


@pytest.mark.parametrize("example", example_names())
def test_both_engines_find_the_same_provisos(book: Rulebook, example: str) -> None:
    answers = load_answers(None, example)
    durable = assess(answers, book, engine="durable").context
    reference = assess(answers, book, engine="reference").context
    assert durable.provisos == reference.provisos and durable.verdicts == reference.verdicts
    for option, proviso in durable.provisos.items():
        assert durable.plain_verdicts[option] == "undetermined" and durable.verdicts[option] == "viable_with_conditions"
        assert all(getattr(answers, choice.fact) is None for choice in proviso.choices)  # never overrides an answer


def test_the_outputs_say_what_the_council_must_choose_and_why(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "company.yaml"
    path.write_text(COMPANY, encoding="utf-8")
    data = json.loads(runner.invoke(main, ["advise", str(path), "--format", "json"]).output)
    (company,) = [adm for adm in data["adms"] if adm["id"] == "wholly_owned_company"]
    form = company["forms"][0]
    assert form["verdict"] == "viable_with_conditions"
    (condition,) = form["provided"]
    assert condition["fact"] == "distribute_surplus" and condition["value"] is False
    assert condition["text"] == "the body distributes no surplus to its owners or members"
    (avoided,) = condition["avoids"]
    assert avoided["rule"] == "childrens_social_care.not_for_profit.surplus_distributed"
    assert any("SI 2014/2407), reg. 5" in c["cite"] for c in avoided["citations"])
    summary = runner.invoke(main, ["advise", str(path)]).output
    assert "provided the body distributes no surplus to its owners or members" in summary
    text = runner.invoke(main, ["advise", str(path), "--detail"]).output
    assert "PROVIDED: the body distributes no surplus to its owners or members" in text
    memo = runner.invoke(main, ["memo", str(path), "--format", "markdown"]).output
    assert "Provided the body distributes no surplus to its owners or members" in memo
    path.write_text(COMPANY + "distribute_surplus: true\n", encoding="utf-8")
    data = json.loads(runner.invoke(main, ["advise", str(path), "--format", "json"]).output)
    (company,) = [adm for adm in data["adms"] if adm["id"] == "wholly_owned_company"]
    assert company["forms"][0]["verdict"] == "not_viable" and company["forms"][0]["provided"] == []
