"""The timetable (advisor.assessment.timetable) and `advisor plan`: steps dated from the answers and ordered, undated
ones last with the question that would date them, may-apply steps with their open questions, late only from the
day after a deadline, the steps `advisor check` calls impossible; the command's formats (the .ics parsed back gives
the same events, the CSV a header row), its refusals (exit 2, naming what is allowed)."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from icalendar import Calendar

import advisor
from advisor.assessment.timetable import build_timetable, impossible_steps
from advisor.cli.main import main
from advisor.cli.plan import _FORMATS as plan_formats
from advisor.documents.plan_report import CSV_COLUMNS
from advisor.law.loader import load_rulebook
from advisor.law.rules import Rulebook
from tests.conftest import SAMPLE_TOPIC, make_rules_dir

D = dt.date
ROUTE = ["--adm", "wholly_owned_company", "--form", "company_limited_by_shares"]
COMPANY = ("wholly_owned_company", "company_limited_by_shares")


def _timed(rule_id: str, effect: str, timing: dict[str, Any], when: dict[str, Any] | None = None) -> dict[str, Any]:
    rule = {"id": rule_id, "title": f"Timed {rule_id}", "area": "tupe", "effect": effect,
            "touches": {"adms": ["wholly_owned_company"]}, "in_force": {"from": "2000-01-01"},
            "authorities": ["act.s1"], "confidence": "settled", "explanation": "A timed step of the sample."}
    base = {"who": "council", "authorities": ["act.s1"], "confidence": "practice", "step": f"Do {rule_id}"}
    return {**rule, "timing": {**base, **timing}, **({"when": when} if when else {})}


@pytest.fixture(scope="module")
def timed_book(tmp_path_factory: pytest.TempPathFactory) -> Rulebook:
    """The sample rule base with three timed rules on a council company: consultation 45 days before the transfer,
    a standstill of 8 working days after the procurement starts that must end before the transfer, and a duty of
    one month before the transfer that applies only to an award without competition."""
    topic = copy.deepcopy(SAMPLE_TOPIC)
    topic["parameters"].update({
        "consult_days": {"description": "Days", "unit": "days", "values": [
            {"from": "2000-01-01", "value": 30, "authority": "act.s1"},
            {"from": "2020-01-01", "value": 45, "authority": "act.s1"}]},
        "standstill_days": {"description": "Working days", "unit": "days",
                            "values": [{"from": "2000-01-01", "value": 8, "authority": "act.s1"}]},
        "notice_months": {"description": "Months", "unit": "months",
                          "values": [{"from": "2000-01-01", "value": 1, "authority": "act.s1"}]}})
    topic["rules"] += [
        _timed("sample.timing.consult", "duty", {"anchor": "transfer_date", "side": "before",
                                                 "period": {"param": "consult_days"}}),
        _timed("sample.timing.standstill", "condition", {
            "anchor": "procurement_start_date", "side": "after", "due": "from", "precedes": "transfer_date",
            "period": {"param": "standstill_days", "unit": "working_days"}}),
        _timed("sample.timing.maybe", "duty", {"anchor": "transfer_date", "side": "before",
                                               "period": {"param": "notice_months", "unit": "months"}},
               when={"fact": "award_without_competition", "is": True}),
    ]
    return load_rulebook(make_rules_dir(tmp_path_factory.mktemp("timed"), topic))


JUNE_2026 = D(2026, 6, 1)


def _plan(book: Rulebook, answers: dict[str, Any], today: dt.date, as_at: dt.date = JUNE_2026) -> Any:
    model = advisor.validate_answers(answers, advisor.answers_model(), book.vocabulary, "test")
    return build_timetable(advisor.assess(model, book, as_at), *COMPANY, today)


def test_steps_are_dated_in_order_and_a_step_whose_date_is_unknown_comes_last_with_its_question(
        timed_book: Rulebook) -> None:
    plan = _plan(timed_book, {"transfer_date": "2026-06-01", "award_without_competition": True}, D(2026, 1, 1))
    assert [(s.rule, s.date) for s in plan.steps] == [
        ("sample.timing.consult", D(2026, 4, 17)), ("sample.timing.maybe", D(2026, 5, 1)),
        ("sample.timing.standstill", None)]
    undated = plan.steps[-1]
    assert undated.dating_question is not None and undated.dating_question.fact == "procurement_start_date"
    assert undated.anchor_label and undated.precedes == "transfer_date" and undated.precedes_date == D(2026, 6, 1)
    consult = plan.steps[0]
    assert (consult.period.amount, consult.period.on, consult.confidence) == (45, D(2026, 6, 1), "practice")
    assert consult.citations[0].cite.startswith("Example Act 2000") and not consult.late


def test_the_period_is_the_parameter_in_force_on_the_rules_date_basis(timed_book: Rulebook) -> None:
    plan = _plan(timed_book, {"transfer_date": "2019-06-01"}, D(2019, 1, 1), as_at=D(2019, 6, 1))
    consult = next(s for s in plan.steps if s.rule == "sample.timing.consult")
    assert (consult.period.amount, consult.date) == (30, D(2019, 5, 2))


def test_a_step_that_may_apply_is_listed_as_such_with_the_questions_it_waits_on(timed_book: Rulebook) -> None:
    plan = _plan(timed_book, {"transfer_date": "2026-06-01"}, D(2026, 1, 1))
    maybe = next(s for s in plan.steps if s.rule == "sample.timing.maybe")
    assert maybe.status == "may_apply" and [q.fact for q in maybe.open_questions] == ["award_without_competition"]
    assert next(s for s in plan.steps if s.rule == "sample.timing.consult").status == "applies"
    plan = _plan(timed_book, {"transfer_date": "2026-06-01", "award_without_competition": False}, D(2026, 1, 1))
    assert "sample.timing.maybe" not in [s.rule for s in plan.steps]


def test_a_deadline_is_late_only_from_the_day_after_it(timed_book: Rulebook) -> None:
    answers = {"transfer_date": "2026-06-01"}
    on_the_day = _plan(timed_book, answers, D(2026, 4, 17)).steps[0]
    assert (on_the_day.late, on_the_day.days_late) == (False, None)
    day_after = _plan(timed_book, answers, D(2026, 4, 18)).steps[0]
    assert (day_after.late, day_after.days_late) == (True, 1)
    assert [s.rule for s in impossible_steps(_plan(timed_book, answers, D(2026, 4, 20)))] == ["sample.timing.consult"]


def test_a_step_from_a_day_after_the_date_it_must_precede_is_impossible(timed_book: Rulebook) -> None:
    before = {"transfer_date": "2026-06-01", "procurement_start_date": "2026-05-18"}  # ends 29 May, past 25 May's holiday
    plan = _plan(timed_book, before, D(2026, 1, 1))
    standstill = next(s for s in plan.steps if s.rule == "sample.timing.standstill")
    assert standstill.date == D(2026, 5, 30) and standstill.due == "from" and not standstill.late
    assert impossible_steps(plan) == []
    plan = _plan(timed_book, {**before, "procurement_start_date": "2026-05-19"}, D(2026, 1, 1))
    found = impossible_steps(plan)
    assert [(s.rule, s.why, s.date) for s in found] == [("sample.timing.standstill", "after_precedes", D(2026, 6, 2))]


# ---- the command ----

def _answers(tmp_path: Path, **answers: Any) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump({"council_name": "Ashcombe Borough Council", "services": ["youth_services"],
                                    **answers}), encoding="utf-8")
    return path


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, ["plan", *args])


def test_plan_text_gives_each_step_in_words_the_disclaimer_once_and_the_dates_applied(tmp_path: Path) -> None:
    result = _run(str(_answers(tmp_path, transfer_date="2014-05-01")), *ROUTE, "--today", "5/4/2014")
    assert result.exit_code == 0, result.output
    assert "2 April 2014: by this day: Give the new employer the employee liability information" in result.output
    assert "LATE: was due on 2 April 2014, 3 days ago" in result.output
    assert "28 clear calendar days before Transfer date (1 May 2014)" in result.output
    assert result.output.count(advisor.disclaimer()) == 1 and "late judged on 5 April 2014" in result.output
    on_time = _run(str(_answers(tmp_path, transfer_date="2014-05-01")), *ROUTE, "--today", "2014-04-02")
    assert "was due on 2 April 2014" not in on_time.output and "LATE: was due on 1 April 2014" in on_time.output


def test_plan_lists_an_undated_step_with_the_question_that_would_date_it(tmp_path: Path) -> None:
    result = _run(str(_answers(tmp_path)), *ROUTE, "--as-at", "2026-04-01", "--today", "2026-04-01")
    assert result.exit_code == 0, result.output
    assert "Not yet dated" in result.output and "To date it: On what date would staff transfer?" in result.output


def test_plan_ics_parsed_back_gives_the_same_events_as_the_json(tmp_path: Path) -> None:
    answers = str(_answers(tmp_path, transfer_date="2014-05-01"))
    data = json.loads(_run(answers, *ROUTE, "--today", "2014-04-05", "--format", "json").output)
    out = tmp_path / "timetable.ics"
    assert _run(answers, *ROUTE, "--today", "2014-04-05", "--format", "ics", "-o", str(out)).exit_code == 0
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    dated = [s for s in data["steps"] if s["date"]]
    assert [(e.decoded("dtstart"), str(e["summary"])) for e in events] == [
        (D.fromisoformat(s["date"]), f"By this day: {s['step']}") for s in dated]
    assert all(s["rule"] in str(e["description"]) and s["citations"][0]["cite"] in str(e["description"])
               for e, s in zip(events, dated, strict=True))
    again = tmp_path / "again.ics"
    _run(answers, *ROUTE, "--today", "2014-04-05", "--format", "ics", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()  # the same plan, byte for byte: stable UIDs and stamp


def test_plan_csv_has_a_header_row_and_a_row_per_step(tmp_path: Path) -> None:
    result = _run(str(_answers(tmp_path, transfer_date="2014-05-01")), *ROUTE, "--today", "2014-04-05",
                  "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["date"], r["rule"], r["late"], r["who"]) for r in rows if r["rule"].startswith("tupe.eli")] == [
        ("2014-04-02", "tupe.eli.notify_28_days", "yes", "the outgoing employer (the council, or the current provider)")]
    assert list(rows[0]) == list(CSV_COLUMNS)
    steps = json.loads(_run(str(_answers(tmp_path, transfer_date="2014-05-01")), *ROUTE, "--today", "2014-04-05",
                            "--format", "json").output)["steps"]
    assert [r["rule"] for r in rows] == [s["rule"] for s in steps]  # a row per step, in the plan's order


@pytest.mark.parametrize(("args", "said"), [
    ([], "give the route to plan: --proposal FILE, or --adm ID --form ID; models (--adm): in_house"),
    (["--adm", "wholly_owned_company"], "give the route to plan"),
    (["--adm", "council_company", "--form", "company_limited_by_shares"], "is not a delivery model; allowed: in_house"),
    (["--adm", "wholly_owned_company", "--form", "cio"],
     "wholly_owned_company cannot take the form 'cio'; allowed: company_limited_by_shares"),
    ([*ROUTE, "--today", "2014-13-01"], "'--today': 2014-13-01 is not a day in the calendar"),
    ([*ROUTE, "--today", "01-04-2014"], "is not a date such as 1/4/2026"),
    ([*ROUTE, "--format", "pdf"], "'pdf' is not one of"),
])
def test_plan_refuses_a_bad_route_or_option_naming_what_is_allowed(tmp_path: Path, args: list[str], said: str) -> None:
    result = _run(str(_answers(tmp_path)), *args)
    assert result.exit_code == 2 and said in result.output, result.output
    assert "Traceback" not in result.output


def test_plan_refuses_a_bad_answer_and_both_kinds_of_route(tmp_path: Path) -> None:
    bad = _run(str(_answers(tmp_path, transfer_date="31/2/2014")), *ROUTE)
    assert bad.exit_code == 2 and "transfer_date" in bad.output and "calendar" in bad.output, bad.output
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(yaml.safe_dump({"adm": "charity", "form": "cio"}), encoding="utf-8")
    both = _run(str(_answers(tmp_path)), "--proposal", str(proposal), *ROUTE)
    assert both.exit_code == 2 and "not both" in both.output


def test_plan_takes_the_route_and_answers_from_a_proposal(tmp_path: Path) -> None:
    _answers(tmp_path, transfer_date="2014-05-01")
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(yaml.safe_dump({"adm": "charity", "form": "cio", "answers": "answers.yaml"}), encoding="utf-8")
    result = _run("--proposal", str(proposal), "--today", "2014-04-01", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["adm"], data["form"], data["council_name"]) == ("charity", "cio", "Ashcombe Borough Council")
    assert [(s["rule"], s["date"]) for s in data["steps"] if s["rule"].startswith("tupe.eli")] == [
        ("tupe.eli.notify_28_days", "2014-04-02")]


def test_check_lists_the_steps_the_proposal_s_dates_already_make_impossible(tmp_path: Path) -> None:
    _answers(tmp_path, transfer_date="2027-01-01")  # the proposal's own date wins over the answers file's
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(yaml.safe_dump({"adm": "charity", "form": "cio", "answers": "answers.yaml",
                                        "as_at": "2026-05-01", "dates": {"transfer": "2026-06-01"}}), encoding="utf-8")
    runner = CliRunner()
    on_time = json.loads(runner.invoke(main, ["check", str(proposal), "--format", "json", "--today", "2026-05-03"]).output)
    assert not _eli(on_time["impossible"]) and on_time["today"] == "2026-05-03"
    late = runner.invoke(main, ["check", str(proposal), "--format", "json", "--today", "2026-05-04"])
    record = json.loads(late.output)
    assert [(s["rule"], s["why"], s["days_late"]) for s in _eli(record["impossible"])] == [
        ("tupe.eli.notify_28_days", "deadline_past", 1)]
    advisor.CheckOutput.model_validate(record)
    text = runner.invoke(main, ["check", str(proposal), "--today", "2026-05-04"]).output
    assert "IMPOSSIBLE Give the new employer the employee liability information" in text
    assert "by 3 May 2026, 1 day ago" in text
    default = json.loads(runner.invoke(main, ["check", str(proposal), "--format", "json"]).output)
    assert default["today"] == "2026-05-01" and default["impossible"] == []  # judged on the as-at date by default


@pytest.mark.parametrize(("as_at", "days_late"), [([], None), (["--as-at", "2026-05-10"], 7)])
def test_plan_and_check_judge_lateness_on_the_same_day_by_default(tmp_path: Path, as_at: list[str],
                                                                   days_late: int | None) -> None:
    """With no --today both judge on the date of the law applied (the proposal's as_at, or --as-at over it): the
    deadline of 3 May 2026 is on time as at 1 May 2026 and 7 days late as at 10 May, in the plan and in the check."""
    _answers(tmp_path, transfer_date="2027-01-01")
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(yaml.safe_dump({"adm": "charity", "form": "cio", "answers": "answers.yaml",
                                        "as_at": "2026-05-01", "dates": {"transfer": "2026-06-01"}}), encoding="utf-8")
    planned = _run("--proposal", str(proposal), *as_at, "--format", "json")
    checked = CliRunner().invoke(main, ["check", str(proposal), *as_at, "--format", "json"])
    assert planned.exit_code == 0 and checked.exit_code == 0, planned.output + checked.output
    plan, check = json.loads(planned.output), json.loads(checked.output)
    judged = as_at[1] if as_at else "2026-05-01"
    assert plan["today"] == check["today"] == plan["as_at"] == check["as_at"] == judged
    assert [s["days_late"] for s in _eli(plan["steps"])] == [days_late]
    assert [s["days_late"] for s in _eli(check["impossible"])] == ([days_late] if days_late else [])
    text = _run("--proposal", str(proposal), *as_at).output
    assert f"late judged on {advisor.date_words(dt.date.fromisoformat(judged))}" in text


def test_a_timing_must_precede_a_date_answer_and_the_command_offers_the_formats_the_documents_give(
        tmp_path: Path) -> None:
    topic = copy.deepcopy(SAMPLE_TOPIC)
    topic["parameters"]["days"] = {"description": "Days", "unit": "days",
                                   "values": [{"from": "2000-01-01", "value": 8, "authority": "act.s1"}]}
    topic["rules"].append(_timed("sample.timing.bad", "condition", {
        "anchor": "procurement_start_date", "side": "after", "due": "from", "precedes": "council_name",
        "period": {"param": "days"}}))
    with pytest.raises(advisor.RulebookError, match="timing must precede 'council_name', which is not a date answer"):
        load_rulebook(make_rules_dir(tmp_path, topic))
    assert plan_formats == advisor.PLAN_FORMATS


def _eli(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The employee liability information steps among a plan's or a check's."""
    return [step for step in steps if step["rule"].startswith("tupe.eli.")]


def test_a_timing_names_a_party_of_parties_yaml_and_every_party_there_does_a_step(tmp_path: Path) -> None:
    topic = copy.deepcopy(SAMPLE_TOPIC)
    topic["rules"].append(_timed("sample.timing.who", "condition", {
        "anchor": "transfer_date", "side": "before", "period": {"value": 0}, "who": "the_mayor"}))
    (tmp_path / "unknown").mkdir()
    rules = make_rules_dir(tmp_path / "unknown", topic)
    (rules / "parties.yaml").write_text("parties: {council: the council}\n", encoding="utf-8")
    with pytest.raises(advisor.RulebookError, match="timing's who 'the_mayor' is not a party of parties.yaml"):
        load_rulebook(rules)
    topic["rules"][-1]["timing"]["who"] = "council"
    (tmp_path / "unused").mkdir()
    rules = make_rules_dir(tmp_path / "unused", topic)
    (rules / "parties.yaml").write_text("parties: {council: the council, fund: the fund}\n", encoding="utf-8")
    with pytest.raises(advisor.RulebookError, match=r"no rule's timing names \['fund'\]"):
        load_rulebook(rules)
