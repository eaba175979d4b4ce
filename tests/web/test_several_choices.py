"""Several checkboxes ticked on a question page: the form sends the answer field once per box, and the answer saved
is every choice ticked, shown ticked when the question is opened again (and the CLI takes "1, 2" with a space)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

import advisor
from tests.web.conftest import hidden, token


def test_two_ticked_boxes_are_saved_and_shown_ticked(client: TestClient) -> None:
    started = client.post("/appraisals", data={"csrf_token": token(client), "name": "Two services"},
                          follow_redirects=False)
    url = str(started.headers["location"]) + "?fact=services"
    page = client.get(url).text
    form = {"csrf_token": token(client), "version": hidden(page, "version"), "fact": "services",
            "answer": ["youth_services", "early_help"]}  # the field sent twice, as two ticked boxes send it
    reply = client.post(url.split("?")[0], data=form, follow_redirects=False)
    assert reply.status_code == 303, reply.text
    page = client.get(url).text
    ticked = re.findall(r'value="(\w+)"\s+checked', page)
    assert ticked == ["early_help", "youth_services"]
    assert "Saved answer: Youth services, Early help (including children&#39;s centres)" in page
    answers = client.get(url.split("/question")[0] + "/answers.yaml").text
    assert "youth_services" in answers and "early_help" in answers


def test_the_cli_takes_choices_separated_by_a_comma_and_a_space(tmp_path: Path) -> None:
    questionnaire = advisor.open_questionnaire(tmp_path / "answers.yaml", None)
    assert questionnaire.accept("services", "youth_services, 2") is None
    assert questionnaire.file.values["services"] == ["youth_services", "early_help"]


def test_a_stale_save_shows_the_saved_answer_in_words(client: TestClient) -> None:
    started = client.post("/appraisals", data={"csrf_token": token(client), "name": "Two officers"},
                          follow_redirects=False)
    number = started.headers["location"].split("/")[2]
    opened = client.get(f"/appraisals/{number}/question?fact=sos_direction_in_force").text
    version = hidden(opened, "version")
    form = {"csrf_token": token(client), "fact": "sos_direction_in_force", "version": version}
    client.post(f"/appraisals/{number}/question", data={**form, "answer": "yes"}, follow_redirects=False)
    stale = client.post(f"/appraisals/{number}/question", data={**form, "answer": "no"}, follow_redirects=False)
    assert stale.status_code == 409
    saved_now = re.search(r"Saved answer now</dt><dd[^>]*>(.*?)</dd>", stale.text)
    assert saved_now and saved_now.group(1) == "yes"  # in words, not the file's `true`
