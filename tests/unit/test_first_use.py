"""First use: dates as UK officers write them, did-you-mean, and messages that point the way out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given

from advisor.base.dates import NotADate, parse_date
from advisor.cli.main import main
from tests.fuzz_answers import OTHER_DATE_FORMS, UK_DATES
from tests.fuzzing import fuzz


def _run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


@fuzz(300)
@given(UK_DATES)
def test_every_accepted_form_names_its_day(written: tuple[str, dt.date]) -> None:
    text, day = written
    assert parse_date(text) == day


@fuzz(100)
@given(OTHER_DATE_FORMS)
def test_other_forms_are_refused(text: str) -> None:
    with pytest.raises(NotADate, match="must be a date such as 1/4/2026, 1 April 2026 or 2026-04-01"):
        parse_date(text)


@pytest.mark.parametrize("written", ["1/4/2026", "01/04/2026", "1 April 2026", "1 Apr 2026", "2026-04-01"])
def test_as_at_in_a_file_and_on_the_command_line_in_each_form(tmp_path: Path, written: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(f'as_at: "{written}"\ncouncil_name: Anyshire\n', encoding="utf-8")
    assert "Law applied as at 2026-04-01" in _run("advise", str(path)).output
    assert "Law applied as at 2026-04-01" in _run("advise", "--example", "bnes-2015", "--as-at", written).output


@pytest.mark.parametrize(("written", "said"), [
    ("31/4/2026", "31/4/2026 is not a day in the calendar; give a date such as 1/4/2026"),
    ("29 February 2023", "29 February 2023 is not a day in the calendar"),
    ("01/04/26", "'01/04/26' is not a date such as 1/4/2026, 1 April 2026 or 2026-04-01"),
    ("2026.04.01", "'2026.04.01' is not a date such as"),
])
def test_a_refused_as_at_shows_an_example_in_words_never_a_format_code(written: str, said: str) -> None:
    result = _run("advise", "--example", "bnes-2015", "--as-at", written)
    assert result.exit_code == 2 and said in result.output and "%" not in result.output, result.output


@pytest.mark.parametrize(("answers", "said"), [
    ("keep_contol: true\n", "field 'keep_contol' is not an answer the advisor knows (did you mean 'keep_control'?)"),
    ("current_delivery: inhouse\n", "'inhouse' is not one of the choices (did you mean 'in_house'?)"),
    ("services: [youth_service]\n", "'youth_service' is not one of the choices (did you mean 'youth_services'?)"),
    ("xyzzy: true\n", "field 'xyzzy' is not an answer the advisor knows (see"),
])
def test_unknown_fields_and_choices_get_a_did_you_mean(answers: str, said: str) -> None:
    result = _run("advise", "-", stdin=answers)
    assert result.exit_code == 2 and said in result.output, result.output


@pytest.mark.parametrize(("proposal", "said"), [
    ("adm: in_hose\nform: council\n", "'in_hose' is not a delivery model (did you mean 'in_house'?)"),
    ("adm: in_house\nform: councl\n", "cannot take the form 'councl' (did you mean 'council'?)"),
    ("adm: in_house\nform: council\nawrd: {}\n", "field 'awrd' is not part of a proposal (did you mean 'award'?)"),
    ("adm: in_house\nform: council\nownership: {council_pc: 1}\n", "(did you mean 'council_pct'?)"),
])
def test_a_proposal_gets_a_did_you_mean(tmp_path: Path, proposal: str, said: str) -> None:
    path = tmp_path / "proposal.yaml"
    path.write_text(proposal, encoding="utf-8")
    result = _run("check", str(path))
    assert result.exit_code == 2 and said in result.output, result.output


def test_advise_with_nothing_says_what_to_give() -> None:
    result = _run("advise")
    assert result.exit_code == 2 and "not both" not in result.output
    assert "give an answers file" in result.output and "advisor ask answers.yaml" in result.output


def test_a_missing_answers_file_says_how_to_make_one(tmp_path: Path) -> None:
    missing = tmp_path / "answers.yaml"
    result = _run("advise", str(missing))
    assert result.exit_code == 2 and "FileNotFoundError" not in result.output
    assert f"advisor ask {missing}" in result.output and f"advisor examples bnes-2015 > {missing}" in result.output


def test_a_missing_proposal_says_where_a_proposal_comes_from(tmp_path: Path) -> None:
    result = _run("check", str(tmp_path / "proposal.yaml"))
    assert result.exit_code == 2 and "advisor examples 3bm-2013 >" in result.output
    assert "give a proposal file" in _run("check").output


def test_examples_say_which_are_proposals_and_how_to_copy_one(tmp_path: Path) -> None:
    listing = _run("examples").output
    assert "Example proposals (advisor check --example NAME):" in listing and "advisor examples NAME > FILE" in listing
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(_run("examples", "epic-cic-2013").output, encoding="utf-8")
    (tmp_path / "kensington-youth-2013.yaml").write_text(_run("examples", "kensington-youth-2013").output,
                                                         encoding="utf-8")
    copied, embedded = _run("check", str(proposal), "--format", "json"), _run("check", "--example", "epic-cic-2013",
                                                                               "--format", "json")
    assert copied.exit_code == embedded.exit_code and copied.output == embedded.output
