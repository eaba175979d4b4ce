"""The history: every change in words (when, the question, old → new, the verdicts it changed), each version viewable
read only, and restorable (a new version recorded as a restore, assessed as the version was; refused when stale)."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

import advisor
from tests.web.conftest import hidden, token


def _text(page: str) -> str:
    """The page's text as a person reads it."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _answer(client: TestClient, url: str, fact: str, answer: str) -> None:
    page = client.get(f"{url}/question?fact={fact}").text
    data = {"csrf_token": token(client), "version": hidden(page, "version"), "fact": fact, "answer": answer}
    assert client.post(f"{url}/question", data=data, follow_redirects=False).status_code == 303


def _advise(client: TestClient, url: str, folder: Path) -> dict[str, object]:
    """`advisor advise --format json` of the appraisal's answers file as downloaded now."""
    folder.mkdir()
    (folder / "answers.yaml").write_bytes(client.get(url + "/answers.yaml").content)
    printed = subprocess.run([sys.executable, "-m", "advisor", "advise", "answers.yaml", "--format", "json"],
                             cwd=folder, capture_output=True, check=True, text=True).stdout
    return dict(json.loads(printed))


def _blank(client: TestClient) -> str:
    reply = client.post("/appraisals", data={"csrf_token": token(client), "name": "Leisure 2026"}, follow_redirects=False)
    return str(reply.headers["location"]).removesuffix("/question")


def test_the_history_says_each_change_in_words_with_the_verdicts_it_changed(client: TestClient) -> None:
    url = _blank(client)
    _answer(client, url, "distribute_surplus", "yes")
    _answer(client, url, "distribute_surplus", "no")
    text = _text(client.get(url + "/history").text)
    question = advisor.load_book().vocabulary.facts["distribute_surplus"].question
    assert re.search(rf"3 \(current\) \d+ \w+ 20\d\d at \d\d:\d\d UTC {re.escape(question)} yes → no .*Charity: "
                     r"Not viable → [\w ]+", text)
    assert re.search(rf"2 : view this version \d+ \w+ 20\d\d at \d\d:\d\d UTC {re.escape(question)} not answered → yes "
                     r".*Charity: [\w ]+ → Not viable", text)
    assert re.search(r"1 : view this version \d+ \w+ 20\d\d at \d\d:\d\d UTC Started None", text)
    assert "Who" not in text  # no one is named where the record names no one


def test_an_earlier_version_is_shown_read_only_as_it_was(client: TestClient) -> None:
    url = _blank(client)
    _answer(client, url, "council_name", "First Council")
    _answer(client, url, "council_name", "Second Council")
    old = client.get(url + "/versions/2").text
    assert "First Council" in old and "Second Council" not in old and "Change" not in _text(old)
    assert "Restore these answers" in old and "Version 2," in old
    assert "This is the current version" in client.get(url + "/versions/3").text
    assert client.get(url + "/versions/9").status_code == 404


def test_restoring_a_version_assesses_as_that_version_did(client: TestClient, tmp_path: Path) -> None:
    reply = client.post("/appraisals", data={"csrf_token": token(client), "name": "Worcs", "example": "worcestershire-2018"},
                        follow_redirects=False)
    url = reply.headers["location"]
    then = _advise(client, url, tmp_path / "then")
    _answer(client, url, "keep_control", "no")
    _answer(client, url, "distribute_surplus", "yes")
    assert _advise(client, url, tmp_path / "changed")["adms"] != then["adms"]
    page = client.get(url + "/versions/1").text
    restored = client.post(url + "/versions/1/restore", data={"csrf_token": token(client),
                                                              "version": hidden(page, "version")}, follow_redirects=False)
    assert restored.status_code == 303
    assert _advise(client, url, tmp_path / "restored") == then
    text = _text(client.get(url + "/history").text)
    row = text[text.index("4 (current)"):text.index("3 : view this version")]
    keep_control = advisor.load_book().vocabulary.facts["keep_control"].question
    assert re.search(r"UTC Restored the answers of version 1 ", row) and f"{keep_control} no → yes" in row
    assert re.search(r"\w+: Not viable → (Viable|Viable with conditions|Undetermined)", row)  # the verdicts it changed
    assert "version 4" in client.get(url).text  # the audit stamp


def test_a_restore_from_a_stale_page_is_refused_and_writes_nothing(client: TestClient) -> None:
    url = _blank(client)
    _answer(client, url, "council_name", "First Council")
    page = client.get(url + "/versions/1").text
    _answer(client, url, "council_name", "Second Council")
    stale = client.post(url + "/versions/1/restore", data={"csrf_token": token(client), "version": hidden(page, "version")})
    assert stale.status_code == 409 and "changed since you opened it" in stale.text and "Restore version 1" in stale.text
    assert "council_name: Second Council" in client.get(url + "/answers.yaml").text
    assert client.post(url + "/versions/1/restore", data={"version": "3"}).status_code == 403
