"""The timetable pages through FastAPI's TestClient, against `advisor plan` for the same answers, route and dates:
the steps in the CLI's order, lateness judged by default on the CLI's day (the date of the law applied), dates in
words, a late step tagged only from the day after its deadline, may-apply and undated steps linked to their
questions, citations as links, the downloads byte for byte as `advisor plan -o` writes them, the JSON API's record
the CLI's JSON, refusals naming the field; the proposal's checklist with the steps its dates make impossible, and its
route's timetable as `advisor plan --proposal` gives it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from advisor.web import timetable_pages
from tests.web.test_appraisal_pages import answers_file, cli, start, text_of
from tests.web.test_proposal_pages import cli_check, save_example

WOC = {"adm": "wholly_owned_company", "form": "company_limited_by_shares"}
ROUTE = ["--adm", WOC["adm"], "--form", WOC["form"]]
ELI = "tupe.eli.notify_28_days"


def plan(*args: str) -> dict[str, Any]:
    """`advisor plan ... --format json` as the command line prints it."""
    record: dict[str, Any] = json.loads(cli("plan", *args, "--format", "json"))
    return record


def shown_rules(html: str) -> list[str]:
    """The rule of each step card on the page, in its order."""
    return re.findall(r'<div class="govuk-summary-card" id="(?:step|undated)-\d+" data-rule="([^"]+)">', html)


def appraisal_number(appraisal: str) -> str:
    return appraisal.rsplit("/", 1)[1]


def test_the_page_and_the_api_give_the_cli_s_plan(client: TestClient, tmp_path: Path) -> None:
    appraisal = start(client, "worcestershire-2018")
    path = answers_file(client, appraisal, tmp_path)
    for as_at, today in (("", "7/12/2026"), ("1 April 2015", "1 January 2019")):
        dates = [*(["--as-at", as_at] if as_at else []), "--today", today]
        expected = plan(path, *ROUTE, *dates)
        query = {**WOC, "today": today, **({"as_at": as_at} if as_at else {})}
        page = client.get(f"{appraisal}/timetable", params=query)
        assert page.status_code == 200
        assert shown_rules(page.text) == [step["rule"] for step in expected["steps"]] != []
        api = client.get(f"/api/v1/appraisals/{appraisal_number(appraisal)}/plan", params=query)
        assert api.status_code == 200 and api.json() == expected
    assert expected["as_at"] == "2015-04-01" and expected["steps"][0]["late"] is False  # the dates chosen were applied


def test_the_downloads_are_byte_for_byte_what_advisor_plan_writes(client: TestClient, tmp_path: Path) -> None:
    appraisal = start(client, "harwick-vale-care-2025")
    path = answers_file(client, appraisal, tmp_path)
    page = client.get(f"{appraisal}/timetable", params={**WOC, "as_at": "1/10/2025", "today": "2026-03-20"}).text
    links = re.findall(r'href="(/appraisals/\d+/timetable\.(ics|csv|json)\?[^"]+)"', page)
    assert [fmt for _, fmt in links] == ["ics", "csv", "json"]
    for link, fmt in links:
        written = tmp_path / f"timetable.{fmt}"
        cli("plan", path, *ROUTE, "--as-at", "1/10/2025", "--today", "20 March 2026", "--format", fmt, "-o", str(written))
        got = client.get(link.replace("&amp;", "&"))
        assert got.status_code == 200 and got.content == written.read_bytes()
        name = f"appraisal-{appraisal_number(appraisal)}-timetable.{fmt}"
        assert got.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert b"BEGIN:VEVENT" in (tmp_path / "timetable.ics").read_bytes()


@pytest.mark.parametrize(("as_at", "law_day", "days_late"), [("", "2018-03-01", None), ("1 March 2019", "2019-03-01", None),
                                                            ("1 April 2019", "2019-04-01", 29)])
def test_the_page_its_downloads_and_advisor_plan_judge_on_the_law_s_date_by_default(
        client: TestClient, tmp_path: Path, as_at: str, law_day: str, days_late: int | None) -> None:
    """No day chosen: the page, the API, the downloads and `advisor plan` (no --today) all judge lateness on the date
    of the law applied (the answers' 1 March 2018, or the date chosen), and the page says which day that was."""
    appraisal = start(client, "worcestershire-2018")
    path = answers_file(client, appraisal, tmp_path)
    dates = ["--as-at", as_at] if as_at else []
    expected = plan(path, *ROUTE, *dates)
    assert expected["today"] == expected["as_at"] == law_day
    assert [step["days_late"] for step in expected["steps"] if step["rule"] == ELI] == [days_late]
    query = {**WOC, **({"as_at": as_at} if as_at else {})}
    page = client.get(f"{appraisal}/timetable", params=query).text
    assert shown_rules(page) == [step["rule"] for step in expected["steps"]]
    words = text_of(page)
    assert f"Late judged on {as_at or '1 March 2018'} (the date of the law applied)" in words
    assert ("was due on 3 March 2019, 29 days ago" in words) == bool(days_late)
    assert client.get(f"/api/v1/appraisals/{appraisal_number(appraisal)}/plan", params=query).json() == expected
    links = re.findall(r'href="(/appraisals/\d+/timetable\.(ics|csv|json)\?[^"]+)"', page)
    assert len(links) == 3 and not any("today=" in link for link, _ in links)
    for link, fmt in links:
        written = tmp_path / f"timetable.{fmt}"
        cli("plan", path, *ROUTE, *dates, "--format", fmt, "-o", str(written))
        assert client.get(link.replace("&amp;", "&")).content == written.read_bytes()


@pytest.mark.parametrize(("today", "late"), [("2 March 2019", None), ("3 March 2019", None), ("4 March 2019", "1 day ago"),
                                             ("7 December 2026", "2836 days ago")])
def test_a_late_step_is_tagged_red_only_from_the_day_after_its_deadline(client: TestClient, today: str, late: str | None) -> None:
    appraisal = start(client, "worcestershire-2018")
    page = client.get(f"{appraisal}/timetable", params={**WOC, "today": today}).text
    words = text_of(page)
    assert "3 March 2019: by this day: Give the new employer the employee liability information in writing" in words
    assert f"Late judged on {today}" in words and "2026-04-01; blank for the date of the law applied" in words
    assert "(the date of the law applied)" not in words  # a day chosen: the page says that day alone
    assert "No later than 28 clear calendar days before transfer date (1 April 2019)" in words
    if late is None:
        assert "was due on 3 March 2019" not in words
    else:
        assert f'<strong class="govuk-tag govuk-tag--red">Late</strong> was due on 3 March 2019, {late}' in page
    assert not re.search(r"\b\d{4}-\d\d-\d\d\b", words.replace("2026-04-01", ""))  # dates in words (the hint's aside)


def test_undated_and_may_apply_steps_link_to_their_questions(client: TestClient) -> None:
    blank = client.post("/appraisals", data={"csrf_token": client.cookies["advisor_csrf"], "name": "Blank"},
                        follow_redirects=False).headers["location"].removesuffix("/question")
    page = client.get(f"{blank}/timetable", params=WOC).text
    assert ELI in shown_rules(page) and 'id="undated"' in page
    question = f'<a class="govuk-link" href="{blank}/question?fact=transfer_date">On what date would staff transfer?</a>'
    assert f"Answer {question}" in page
    assert "transfer date (not yet known)" in text_of(page)
    number = appraisal_number(blank)
    answers = "services: [youth_services]\ntransfer_date: 2026-06-01\nas_at: 2026-06-01\n"
    client.put(f"/api/v1/appraisals/{number}", json={"version": 1, "answers": answers}).raise_for_status()
    page = client.get(f"{blank}/timetable", params={"adm": "contract", "form": "external_provider", "today": "10/5/2026"}).text
    eli_row = re.search(r'<tr class="govuk-table__row" data-rule="tupe\.eli\.notify_28_days">(.*?)</tr>', page, re.S)
    assert eli_row and '<strong class="govuk-tag govuk-tag--grey">May apply</strong>' in eli_row.group(1)
    assert re.search(rf'<li><a class="govuk-link" href="{blank}/question\?fact=staff_organised_grouping">[^<]+</a></li>', page)
    assert "was due on 3 May 2026, 7 days ago" in text_of(page)


def test_citations_are_links_and_practice_periods_are_said_in_words(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    appraisal = start(client, "worcestershire-2018")
    page = client.get(f"{appraisal}/timetable", params=WOC).text
    assert re.search(r'<a class="govuk-link" href="https://www\.legislation\.gov\.uk/uksi/2006/246/[^"]*" rel="noreferrer">'
                     r"Transfer of Undertakings", page)
    assert "Settled: a period the legislation sets" in text_of(page)
    made = timetable_pages.plan_record

    def graded(*args: Any) -> dict[str, Any]:  # the same plan, its step's period graded as practice, then uncertain
        record = made(*args)
        for step in record["steps"]:
            step["confidence"] = grade
        return record

    monkeypatch.setattr(timetable_pages, "plan_record", graded)
    for grade, words in (("practice", "Practice: a period from practice or guidance, not one the legislation sets"),
                         ("uncertain", "Uncertain: the period is not settled law; take advice on it")):
        page = client.get(f"{appraisal}/timetable", params=WOC).text
        shown = len(shown_rules(page)) + page.count('<tr class="govuk-table__row" data-rule=')  # cards, table rows
        assert words in text_of(page) and page.count(f'govuk-tag--orange">{grade.capitalize()}</strong>') == shown


def test_each_model_page_links_every_form_s_timetable_keeping_the_date(client: TestClient) -> None:
    appraisal = start(client, "worcestershire-2018")
    page = client.get(f"{appraisal}/models/wholly_owned_company", params={"as_at": "2019-01-01"}).text
    links = re.findall(r'class="govuk-link app-timetable-link" href="([^"]+)"', page)
    assert len(links) == 4 and links[0] == (f"{appraisal}/timetable?adm=wholly_owned_company&amp;"
                                            "form=company_limited_by_shares&amp;as_at=1+January+2019")
    shown = client.get(links[0].replace("&amp;", "&")).text
    assert "law applied as at 1 January 2019" in text_of(shown)
    assert f'href="{appraisal}/models/wholly_owned_company?as_at=1%20January%202019"' in shown  # back, date kept


@pytest.mark.parametrize(("query", "message"), [
    ({**WOC, "today": "soon"}, "Late judged on: 'soon' is not a date"),
    ({**WOC, "as_at": "31/2/2026"}, "Law as at: "),
])
def test_a_bad_date_is_a_422_page_with_an_error_summary(client: TestClient, query: dict[str, str], message: str) -> None:
    appraisal = start(client, "worcestershire-2018")
    page = client.get(f"{appraisal}/timetable", params=query)
    assert page.status_code == 422 and "govuk-error-summary" in page.text
    assert message in text_of(page.text) and "<title>Error: " in page.text
    field = "today" if "today" in query and query["today"] == "soon" else "as_at"
    assert f'<a href="#{field}">' in page.text and 'value="wholly_owned_company"' in page.text  # the route kept
    assert client.get(f"{appraisal}/timetable.ics", params=query).status_code == 422


@pytest.mark.parametrize(("query", "field", "message"), [
    ({"form": "council"}, "adm", "adm: give the delivery model to plan; allowed: in_house"),
    ({"adm": "castle", "form": "council"}, "adm", "adm: 'castle' is not a delivery model; allowed: in_house"),
    ({"adm": "wholly_owned_company"}, "form", "form: give the legal form of wholly_owned_company to plan; allowed: company_"),
    ({"adm": "wholly_owned_company", "form": "charity"}, "form", "form: wholly_owned_company cannot take the form 'charity'"),
])
def test_a_bad_route_is_refused_naming_the_field(client: TestClient, query: dict[str, str], field: str, message: str) -> None:
    appraisal = start(client, "worcestershire-2018")
    page = client.get(f"{appraisal}/timetable", params=query)
    assert page.status_code == 422 and message in text_of(page.text)
    api = client.get(f"/api/v1/appraisals/{appraisal_number(appraisal)}/plan", params=query)
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["query", field]
    assert api.json()["detail"][0]["msg"].startswith(message)
    posted = client.post("/api/v1/plan", params=query, content=b"council_name: X\n")
    assert posted.status_code == 422 and posted.json()["detail"][0]["loc"] == ["query", field]


def test_other_refusals(client: TestClient) -> None:
    appraisal = start(client, "worcestershire-2018")
    assert client.get(f"{appraisal}/timetable.pdf", params=WOC).status_code == 422
    assert client.get(f"{appraisal}/timetable", params={"proposal": "yes"}).status_code == 404  # no proposal yet
    assert client.get("/appraisals/999/timetable", params=WOC).status_code == 404
    number = appraisal_number(appraisal)
    bad = client.get(f"/api/v1/appraisals/{number}/plan", params={**WOC, "as_at": "soon"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "as_at"]
    assert client.get(f"/api/v1/appraisals/{number}/plan", params={"proposal": "true"}).status_code == 404


def test_posted_answers_are_planned_as_the_cli_plans_them_and_not_kept(client: TestClient, tmp_path: Path) -> None:
    text = "council_name: Harwick Vale\nservices: [adult_social_care]\ntransfer_date: 2027-01-04\nas_at: 2026-06-01\n"
    (tmp_path / "answers.yaml").write_text(text, encoding="utf-8")
    expected = plan(str(tmp_path / "answers.yaml"), *ROUTE, "--today", "2026-12-07")
    query = {**WOC, "today": "2026-12-07"}
    as_yaml = client.post("/api/v1/plan", params=query, content=text.encode(), headers={"content-type": "application/yaml"})
    assert as_yaml.status_code == 200 and as_yaml.json() == expected
    eli = next(step for step in expected["steps"] if step["rule"] == ELI)
    assert eli["date"] == "2026-12-06" and eli["late"] is True
    as_json = client.post("/api/v1/plan", params=query, json={"council_name": "Harwick Vale", "services": ["adult_social_care"],
                                                             "transfer_date": "2027-01-04", "as_at": "2026-06-01"})
    assert as_json.status_code == 200 and as_json.json() == expected
    bad = client.post("/api/v1/plan", params=query, content=b"transfer_date: soon\n")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "transfer_date"]
    assert client.get("/api/v1/appraisals").json() == []


def test_the_checklist_shows_impossible_steps_and_the_proposal_route_s_timetable(client: TestClient, tmp_path: Path) -> None:
    appraisal = start(client, "worcestershire-2018")
    save_example(client, appraisal, "worcestershire-wocc-2019")
    number = appraisal_number(appraisal)
    (tmp_path / f"appraisal-{number}.yaml").write_bytes(client.get(f"{appraisal}/answers.yaml").content)
    (tmp_path / "proposal.yaml").write_bytes(client.get(f"{appraisal}/proposal.yaml").content)
    checked = cli_check(str(tmp_path / "proposal.yaml"))
    html = client.get(f"{appraisal}/proposal/check").text
    impossible = checked["impossible"]
    assert isinstance(impossible, list) and ELI in [s["rule"] for s in impossible]
    assert re.findall(r'data-impossible="([^"]+)" data-why="([a-z_]+)"', html) == [(s["rule"], s["why"]) for s in impossible]
    assert "Impossible</strong> Give the new employer the employee liability information in writing" in html
    assert "The outgoing employer (the council, or the current provider): by 3 March 2019, 29 days ago." in text_of(html)
    link = re.findall(r'id="timetable-link" href="([^"]+)"', html)
    assert link == [f"{appraisal}/timetable?proposal=yes"]
    followed = text_of(client.get(link[0]).text)  # no day chosen: judged on the check's day, late as the check says
    assert checked["today"] == "2019-04-01" and "Late judged on 1 April 2019 (the date of the law applied)" in followed
    assert "was due on 3 March 2019, 29 days ago" in followed
    expected = plan(str(tmp_path / f"appraisal-{number}.yaml"), "--proposal", str(tmp_path / "proposal.yaml"),
                    "--today", "2019-04-01")
    page = client.get(link[0] + "&today=2019-04-01").text
    assert shown_rules(page) == [s["rule"] for s in expected["steps"]] and "Back to the check of the proposed structure" in page
    assert re.search(r"version \d+, changed [^;]+; law as at 1 April 2019", page)  # the stamp: the proposal's date
    api = client.get(f"/api/v1/appraisals/{number}/plan", params={"proposal": "true", "today": "2019-04-01"})
    assert api.json() == expected
    dated = client.get(f"{appraisal}/proposal/check", params={"as_at": "2019-04-01"}).text
    assert f'href="{appraisal}/timetable?proposal=yes&amp;as_at=1+April+2019"' in dated


@pytest.mark.parametrize(("today", "impossible"), [("3 March 2019", []), ("4 March 2019", [ELI])])
def test_the_checklist_judges_deadlines_on_the_day_chosen_as_advisor_check_does(
        client: TestClient, tmp_path: Path, today: str, impossible: list[str]) -> None:
    appraisal = start(client, "worcestershire-2018")
    save_example(client, appraisal, "worcestershire-wocc-2019")
    number = appraisal_number(appraisal)
    (tmp_path / f"appraisal-{number}.yaml").write_bytes(client.get(f"{appraisal}/answers.yaml").content)
    (tmp_path / "proposal.yaml").write_bytes(client.get(f"{appraisal}/proposal.yaml").content)
    checked = cli_check(str(tmp_path / "proposal.yaml"), "--today", today)
    assert [s["rule"] for s in checked["impossible"] if s["rule"] == ELI] == impossible  # type: ignore[union-attr]
    html = client.get(f"{appraisal}/proposal/check", params={"today": today}).text
    shown = re.findall(r'data-impossible="([^"]+)"', html)
    assert shown == [s["rule"] for s in checked["impossible"]] and [r for r in shown if r == ELI] == impossible  # type: ignore[union-attr]
    assert ("by 3 March 2019, 1 day ago" in text_of(html)) == bool(impossible)
    today_query = today.replace(" ", "+")
    assert f'href="{appraisal}/timetable?proposal=yes&amp;today={today_query}"' in html  # the day kept
    api = client.get(f"/api/v1/appraisals/{number}/proposal/check", params={"today": today}).json()
    assert api == checked
    bad = client.get(f"/api/v1/appraisals/{number}/proposal/check", params={"today": "soon"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "today"]
    assert client.get(f"{appraisal}/proposal/check", params={"today": "soon"}).status_code == 422
