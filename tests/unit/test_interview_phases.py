"""The interview as officers use it: by officer, in two phases, with the date of the law, the changes each answer
makes, and a short appraisal that says what would settle each undetermined model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from advisor.cli.main import main
from advisor.law.shipped import load_book

WORKFORCE = ("hr",)
BOOK = load_book()


def _run(*args: str, typed: str = "") -> Result:
    return CliRunner().invoke(main, list(args), input=typed)


def _copy(tmp_path: Path, example: str, drop: tuple[str, ...] = ()) -> Path:
    """An embedded example's answers, less some answers (the questions an officer must then be asked)."""
    text = _run("examples", example).output
    kept = [line for line in text.splitlines() if line.split(":")[0] not in drop]
    path = tmp_path / "answers.yaml"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def _asked(output: str) -> list[str]:
    """The questions' wording, in the order the interview asked them."""
    return re.findall(r"^Question \d+[^\n]*\n  (.+)$", output, flags=re.M)


def _fact_of(question: str) -> str:
    return next(name for name, spec in BOOK.vocabulary.facts.items() if spec.question == question)


HR_FACTS = tuple(name for name, spec in BOOK.vocabulary.facts.items() if spec.officer == "hr")
PENSION_FACTS = tuple(name for name, spec in BOOK.vocabulary.facts.items() if spec.topic == "Pensions")


def test_every_question_names_its_officer_and_topic() -> None:
    facts = BOOK.vocabulary.facts.values()
    assert all(spec.officer in ("hr", "legal", "procurement", "finance", "service") and spec.topic for spec in facts)
    assert {"staff_keep_lgps", "staff_in_scope_count", "transfer_date", "staff_reductions_planned"} <= set(HR_FACTS)
    assert {"vat_group_with_council", "council_assistance_gbp"} <= {n for n, s in BOOK.vocabulary.facts.items()
                                                                   if s.officer == "finance"}


def test_an_hr_officer_is_asked_the_workforce_and_pension_questions_only(tmp_path: Path) -> None:
    path = _copy(tmp_path, "worcestershire-2018", drop=HR_FACTS)
    result = _run("ask", str(path), "--for", "hr", typed="u\n" * 60)
    assert result.exit_code == 0, result.output
    asked = [_fact_of(q) for q in _asked(result.output)]
    assert asked and all(BOOK.vocabulary[fact].officer == "hr" for fact in asked), asked
    assert set(PENSION_FACTS) & set(asked) and {"staff_reductions_planned", "staff_keep_lgps"} & set(asked)
    assert "Only the questions for HR are asked." in result.output
    assert "Every question for HR that can change a verdict or firm up an open model is answered." in result.output


def test_the_second_phase_firms_up_what_is_open_and_says_so(tmp_path: Path) -> None:
    path = _copy(tmp_path, "tri-county-children-2021")
    plan = json.loads(_run("ask", str(path), "--next", "--format", "json").output)
    assert plan["firm_up"], "the example leaves conditions, duties or risks waiting on answers"
    result = _run("ask", str(path), typed="u\n" * (len(plan["questions"]) + len(plan["firm_up"]) + 5))
    said = re.search(r"(Verdicts are settled|The questions for \S+ that can change a verdict are answered)\. "
                     r"(\d+) questions? would firm up the conditions, duties and risks of the (\d+) models? still open"
                     r"(: .*)?\.", result.output)
    assert said, result.output[-3000:]
    assert int(said.group(2)) == len(plan["firm_up"])  # "I don't know" to the first phase leaves the second as listed
    asked = [_fact_of(q) for q in _asked(result.output)]
    assert set(q["fact"] for q in plan["firm_up"]) <= set(asked)


def test_ask_next_groups_the_questions_by_phase_and_officer(tmp_path: Path) -> None:
    path = _copy(tmp_path, "birmingham-2016")
    plan = json.loads(_run("ask", str(path), "--next", "--format", "json").output)
    both = plan["questions"] + plan["firm_up"]
    assert plan["phase"] == (1 if plan["questions"] else 2)
    assert all(q["officer"] and q["topic"] for q in both)
    for group in plan["by_officer"]:
        assert group["can_change_a_verdict"] == sum(q["officer"] == group["officer"] for q in plan["questions"])
        assert group["firm_up"] == sum(q["officer"] == group["officer"] for q in plan["firm_up"])
    hr = json.loads(_run("ask", str(path), "--next", "--for", "hr", "--format", "json").output)
    assert {q["officer"] for q in hr["questions"] + hr["firm_up"]} <= {"hr"}
    assert {q["fact"] for q in hr["firm_up"]} == {q["fact"] for q in plan["firm_up"] if q["officer"] == "hr"}


def test_the_date_of_the_law_is_shown_and_kept_when_given(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    first = _run("ask", str(path), "--as-at", "1/4/2024", typed="Testshire\nq\n")
    assert "Law applied as at 1 April 2024 (kept in the file); to appraise another date: advisor ask" in first.output
    assert "as_at: 2024-04-01" in path.read_text(encoding="utf-8")
    again = _run("ask", str(path), typed="q\n")
    assert "Law applied as at 1 April 2024 (from the file)" in again.output


def test_an_edit_shows_what_it_changed_in_models(tmp_path: Path) -> None:
    path = _copy(tmp_path, "worcestershire-2018")
    result = _run("ask", str(path), "--edit", "keep_control", typed="n\nq\n")
    changed = re.findall(r"^  Changed: (.+?): (.+?) -> (.+?)(?: \(as .*\))?$", result.output, flags=re.M)
    assert changed, result.output[-2000:]
    counts = re.findall(r"Models now: (\d+) viable, (\d+) viable with conditions, (\d+) not viable, (\d+) undetermined "
                        r"\(of 20 models; \d+ model-and-form options\)", result.output)
    assert len(counts) >= 2 and counts[0] != counts[1]  # the line before and after the edit


@pytest.mark.parametrize("typed", ["", "q\n"])
def test_stopping_before_any_answer_writes_nothing_and_says_so(tmp_path: Path, typed: str) -> None:
    path = tmp_path / "answers.yaml"
    result = _run("ask", str(path), typed=typed)
    assert result.exit_code == 0 and not path.exists()
    ending = result.output.rsplit("> ", 1)[-1]
    assert ending.strip().removeprefix("q").strip() == "No answer was given, so nothing was written.", ending


def test_advise_leads_with_one_line_per_model_and_details_on_request() -> None:
    short = _run("advise", "--example", "kensington-youth-2013").output
    full = _run("advise", "--example", "kensington-youth-2013", "--detail").output
    advice = json.loads(_run("advise", "--example", "kensington-youth-2013", "--format", "json").output)
    assert len(short.splitlines()) < 60 < len(full.splitlines())
    assert "--detail" in short and "[tupe." not in short and "[tupe." in full
    for adm in advice["adms"]:
        assert re.search(rf"^  {re.escape(adm['name'][:50])}\s+", short, flags=re.M), adm["name"]


def test_each_undetermined_model_says_what_would_settle_it() -> None:
    advice = json.loads(_run("advise", "--example", "bnes-2015", "--format", "json").output)
    undetermined = [adm for adm in advice["adms"] if adm["verdict"] == "undetermined"]
    assert undetermined and all("settled_by" in adm for adm in undetermined)
    assert all("settled_by" not in adm for adm in advice["adms"] if adm["verdict"] != "undetermined")
    for adm in undetermined:
        settled = adm["settled_by"]
        for outcome in settled["outcomes"]:  # answering so decides the model as said
            answers = _run("examples", "bnes-2015").output + "".join(
                f"{fact}: {json.dumps(value)}\n" for fact, value in outcome["answers"].items())
            again = json.loads(_run("advise", "-", "--format", "json", typed=answers).output)
            assert next(a for a in again["adms"] if a["id"] == adm["id"])["verdict"] == outcome["verdict"]
    text = _run("advise", "--example", "bnes-2015").output
    assert "would settle it: not viable if yes; viable with conditions if no" in text
