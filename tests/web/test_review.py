"""The review pages: the officers' task list counts what `advisor ask --next --for OFFICER` counts, and "Check your
answers" groups every answer by topic with a Change link, says "I don't know", and marks (keeps) an answer that an
answer given later made irrelevant."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import advisor
from advisor.law.answers_file import IRRELEVANT_MARK
from tests.web.conftest import hidden, token


def _start(client: TestClient, example: str) -> str:
    reply = client.post("/appraisals", data={"csrf_token": token(client), "name": "Care 2025", "example": example},
                        follow_redirects=False)
    return str(reply.headers["location"])


def _answer(client: TestClient, url: str, fact: str, answer: str | None) -> None:
    page = client.get(f"{url}/question?fact={fact}").text
    data = {"csrf_token": token(client), "version": hidden(page, "version"), "fact": fact}
    data.update({"answer": answer} if answer is not None else {"unknown": "1"})
    assert client.post(f"{url}/question", data=data, follow_redirects=False).status_code == 303


def _rows(page: str) -> dict[str, str]:
    """Each summary-list row of the page: its fact id and its text as a person reads it."""
    rows = re.findall(r'<div class="govuk-summary-list__row[^"]*" id="fact-(\w+)">(.*?)</div>', page, re.S)
    return {fact: " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split()) for fact, body in rows}


@pytest.mark.parametrize("example", ["harwick-vale-care-2025", "bnes-2017"])
def test_the_task_list_counts_what_ask_next_for_each_officer_counts(client: TestClient, tmp_path: Path,
                                                                     example: str) -> None:
    url = _start(client, example)
    tasks = client.get(url + "/tasks").text
    path = tmp_path / "answers.yaml"
    path.write_bytes(client.get(url + "/answers.yaml").content)
    book = advisor.load_book()
    asked = advisor.open_answers_file(path, advisor.answers_model(), book.vocabulary).asked  # as `ask` reads them
    officers = {name: spec.officer for name, spec in book.vocabulary.facts.items()}
    for officer, name in advisor.OFFICERS.items():
        printed = subprocess.run([sys.executable, "-m", "advisor", "ask", str(path), "--next", "--for", officer,
                                  "--format", "json"], capture_output=True, check=True, text=True).stdout
        counts = [row for row in json.loads(printed)["by_officer"] if row["officer"] == officer]
        left = counts[0]["can_change_a_verdict"] + counts[0]["firm_up"] if counts else 0
        answered = sum(1 for fact in asked if officers.get(fact) == officer)
        row = re.search(rf'href="{url}/question\?for={officer}"[^>]*>Questions for {name}</a>\s*'
                        rf'<div [^>]*>Answered: (\d+) · Still worth asking: (\d+)</div>', tasks)
        assert row, officer
        assert (int(row.group(1)), int(row.group(2))) == (answered, left), officer
        status = re.search(rf'id="task-{officer}-status">\s*(?:<strong[^>]*>)?([\w ]+)', tasks)
        assert status and status.group(1) == ("Completed" if left == 0 else "In progress" if answered else "Not started")


def test_a_blank_appraisal_has_every_officer_not_started_and_answering_moves_one_on(client: TestClient) -> None:
    reply = client.post("/appraisals", data={"csrf_token": token(client), "name": "Blank"}, follow_redirects=False)
    url = reply.headers["location"].removesuffix("/question")
    assert client.get(url + "/tasks").text.count(">Not started<") == len(advisor.OFFICERS)
    _answer(client, url, "keep_control", "yes")
    tasks = client.get(url + "/tasks").text
    officer = advisor.load_book().vocabulary.facts["keep_control"].officer
    assert re.search(rf'id="task-{officer}-status">\s*<strong[^>]*>In progress<', tasks)
    assert 'href="/appraisals/1/tasks"' in client.get(url + "/question").text  # linked from the question page
    assert 'href="/appraisals/1/tasks"' in client.get(url).text  # and from the appraisal page


def test_check_your_answers_groups_by_topic_with_change_links_and_i_dont_know(client: TestClient) -> None:
    url = _start(client, "harwick-vale-care-2025")
    _answer(client, url, "keep_control", None)
    page = client.get(url + "/answers").text
    book = advisor.load_book()
    facts = book.vocabulary.facts
    headings = re.findall(r'<h2 class="govuk-heading-m">([^<]*)</h2>', page)
    assert len(headings) == len(set(headings)) > 3
    sections = re.split(r'<h2 class="govuk-heading-m">', page)[1:]
    for section in sections:
        title = section.split("</h2>")[0]
        for fact in _rows(section):
            assert facts[fact].topic == title.replace("&#39;", "'"), fact
    rows = _rows(page)
    assert rows["keep_control"].startswith(f"{facts['keep_control'].shown_label} I don't know")
    assert rows["council_name"].startswith("Council name Harwick Vale Council")
    question = facts["keep_control"].question.replace("'", "&#39;")
    assert (f'href="{url}/question?fact=keep_control&amp;return=answers">Change'
            f'<span class="govuk-visually-hidden"> the answer to: {question}</span>') in page


def test_an_answer_that_makes_another_irrelevant_marks_it_and_keeps_it(client: TestClient) -> None:
    text = "".join(line for line in advisor.example_text("worcestershire-2018").splitlines(keepends=True)
                   if not line.startswith("vat_cost_funded_externally:"))
    reply = client.post("/appraisals/upload", data={"csrf_token": token(client), "upload-name": "Worcs"},
                        files={"file": ("answers.yaml", text.encode())}, follow_redirects=False)
    url = reply.headers["location"]
    mark = "No longer affects the advice"
    before = _rows(client.get(url + "/answers").text)
    assert mark not in before["avoid_irrecoverable_vat"] and "vat_cost_funded_externally" not in before
    _answer(client, url, "vat_cost_funded_externally", "yes")
    after = _rows(client.get(url + "/answers").text)
    assert mark in after["avoid_irrecoverable_vat"] and mark not in after["vat_cost_funded_externally"]
    assert after["avoid_irrecoverable_vat"].replace(f" {mark}", "").split(" Change")[0] == \
        before["avoid_irrecoverable_vat"].split(" Change")[0]  # kept with its answer, not lost
    marked = _marked(client.get(url + "/answers.yaml").text)  # marked on the way out, as `advisor ask` saves it
    assert "avoid_irrecoverable_vat" in marked and "vat_cost_funded_externally" not in marked
    _answer(client, url, "vat_cost_funded_externally", "no")
    assert "avoid_irrecoverable_vat" not in _marked(client.get(url + "/answers.yaml").text)


def _marked(text: str) -> set[str]:
    """The answers an answers file marks as no longer affecting any verdict."""
    return {line.split(":")[0] for line in text.splitlines() if line.endswith(IRRELEVANT_MARK)}


def test_a_change_made_from_check_your_answers_comes_back_there_with_the_verdicts_it_changed(client: TestClient) -> None:
    reply = client.post("/appraisals", data={"csrf_token": token(client), "name": "Blank"}, follow_redirects=False)
    url = reply.headers["location"].removesuffix("/question")
    _answer(client, url, "distribute_surplus", "no")
    question = client.get(f"{url}/question?fact=distribute_surplus&return=answers").text
    assert f'href="{url}/answers" class="govuk-back-link"' in question
    assert f'action="{url}/question?return=answers"' in question
    data = {"csrf_token": token(client), "version": hidden(question, "version"), "fact": "distribute_surplus",
            "answer": "yes"}
    changed = client.post(f"{url}/question?return=answers", data=data, follow_redirects=False)
    assert changed.headers["location"] == f"{url}/answers?changed=3"
    page = client.get(changed.headers["location"]).text
    assert "Your change changed these verdicts" in page
    assert re.search(r"Charity: [\w ]+ → <strong>Not viable</strong>", page)
    assert _rows(page)["distribute_surplus"].startswith("Distribute surplus Yes")
    assert "Your change changed these verdicts" not in client.get(url + "/answers").text  # shown once


def test_an_officer_with_nothing_left_to_answer_is_sent_back_to_the_task_list(client: TestClient) -> None:
    url = _start(client, "bnes-2017")  # procurement's part is complete in this example; the others are not
    for officer in advisor.OFFICERS:
        reply = client.get(f"{url}/question?for={officer}", follow_redirects=False)
        assert reply.status_code == (303 if officer == "procurement" else 200), officer
    reply = client.get(f"{url}/question?for=procurement")
    assert str(reply.url).endswith(f"{url}/tasks?finished=procurement")
    assert "All the questions for procurement worth asking are answered" in reply.text
