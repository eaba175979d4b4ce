"""Appraisals managed in the pages: started from an uploaded answers file (a bad one refused with the CLI's message
naming the field, 422, nothing saved), duplicated, renamed (a bad name and a stale form refused), and the audit
stamp on the pages and in the answers file, which the CLI still reads as the same answers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

import advisor
from advisor.law.answers_file import IRRELEVANT_MARK
from tests.web.conftest import hidden, token


def _upload(client: TestClient, name: str, content: bytes, filename: str = "answers.yaml") -> object:
    return client.post("/appraisals/upload", data={"csrf_token": token(client), "upload-name": name},
                       files={"file": (filename, content, "application/yaml")}, follow_redirects=False)


def _start(client: TestClient, example: str) -> str:
    reply = client.post("/appraisals", data={"csrf_token": token(client), "name": "Leisure 2026", "example": example},
                        follow_redirects=False)
    return str(reply.headers["location"])


def _summary(html: str) -> list[str]:
    """The error summary's messages, as a person reads them."""
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert found, "no error summary"
    return [re.sub(r"<[^>]+>", "", item).replace("&#39;", "'").strip()
            for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def test_an_uploaded_answers_file_starts_an_appraisal_with_its_answers(client: TestClient) -> None:
    text = advisor.example_text("bnes-2015")
    reply = _upload(client, "Bath leisure", text.encode())
    assert reply.status_code == 303  # type: ignore[attr-defined]
    page = client.get(reply.headers["location"]).text  # type: ignore[attr-defined]
    assert "Bath leisure" in page and re.search(r"Law applied as at \d{1,2} [A-Z][a-z]+ 2015", page)
    downloaded = client.get(reply.headers["location"] + "/answers.yaml").text  # type: ignore[attr-defined]
    assert downloaded.split("\n", 1)[1].replace(IRRELEVANT_MARK, "") == text  # the same file, answers no verdict
    assert "led: false" + IRRELEVANT_MARK in downloaded  # depends on marked as `advisor ask` marks them


def test_a_bad_answers_file_is_refused_naming_the_field_and_nothing_is_saved(client: TestClient, tmp_path: Path) -> None:
    bad = b"council_name: Bath\nkeep_control: perhaps\n"
    reply = _upload(client, "Bath leisure", bad)
    assert reply.status_code == 422  # type: ignore[attr-defined]
    (tmp_path / "answers.yaml").write_bytes(bad)
    cli = subprocess.run([sys.executable, "-m", "advisor", "advise", "answers.yaml"], cwd=tmp_path, capture_output=True,
                         text=True)
    [message] = _summary(reply.text)  # type: ignore[attr-defined]
    assert "keep_control" in message and message.removeprefix("answers.yaml: ") in cli.stderr
    assert 'href="#file"' in reply.text and 'id="file-error"' in reply.text  # type: ignore[attr-defined]
    assert "Bath leisure" in reply.text and "No appraisals yet" in reply.text  # type: ignore[attr-defined]


def test_an_upload_without_a_file_or_name_or_in_another_encoding_is_refused(client: TestClient) -> None:
    reply = client.post("/appraisals/upload", data={"csrf_token": token(client), "upload-name": ""})
    assert reply.status_code == 422
    assert _summary(reply.text) == ["Enter a name for the appraisal, up to 300 characters on one line",
                                    "Choose an answers file (.yaml) to upload"]
    reply = _upload(client, "Latin", "council_name: Sant Andreu de Palomar\n".encode("utf-16"))  # type: ignore[assignment]
    assert reply.status_code == 422 and "is not UTF-8 text" in _summary(reply.text)[0]  # type: ignore[attr-defined]
    assert "No appraisals yet" in client.get("/").text


def test_an_upload_needs_its_csrf_token(client: TestClient) -> None:
    reply = client.post("/appraisals/upload", data={"upload-name": "x"}, files={"file": ("a.yaml", b"council_name: A\n")})
    assert reply.status_code == 403 and "No appraisals yet" in client.get("/").text


def test_a_duplicate_is_a_new_appraisal_with_the_same_answers(client: TestClient) -> None:
    original = _start(client, "bnes-2017")
    page = client.get(original).text
    reply = client.post(original + "/duplicate", data={"csrf_token": token(client)}, follow_redirects=False)
    copy = reply.headers["location"]
    assert reply.status_code == 303 and copy != original
    assert "Copy of Leisure 2026" in client.get(copy).text and "Duplicate this appraisal" in page
    assert client.get(copy + "/answers.yaml").text.split("\n", 1)[1] == \
        client.get(original + "/answers.yaml").text.split("\n", 1)[1]
    assert client.post(original + "/duplicate").status_code == 403


def test_a_rename_saves_a_good_name_and_refuses_a_bad_or_stale_one(client: TestClient) -> None:
    url = _start(client, "bnes-2017")
    form = client.get(url + "/rename").text
    version = hidden(form, "version")
    bad = client.post(url + "/rename", data={"csrf_token": token(client), "version": version, "name": "a\tb"})
    assert bad.status_code == 422 and _summary(bad.text) == [
        "Enter a name for the appraisal, up to 300 characters on one line"] and 'id="name-error"' in bad.text
    good = client.post(url + "/rename", data={"csrf_token": token(client), "version": version, "name": "Bath 2027"},
                       follow_redirects=False)
    assert good.status_code == 303 and "<h1 class=\"govuk-heading-xl\">Bath 2027</h1>" in client.get(url).text
    stale = client.post(url + "/rename", data={"csrf_token": token(client), "version": version, "name": "Bath 2028"})
    assert stale.status_code == 409 and "changed since you opened it" in stale.text
    assert "Bath 2028" in stale.text and "Bath 2027" in stale.text and "Bath 2028" not in client.get(url).text
    assert "Renamed from ‘Leisure 2026’ to ‘Bath 2027’" in client.get(url + "/history").text


def test_every_page_of_an_appraisal_carries_the_audit_stamp(client: TestClient) -> None:
    url = _start(client, "worcestershire-2018")
    pattern = r"Appraisal &#39;Leisure 2026&#39;, version 1, changed \d{1,2} \w+ 20\d\d at \d\d:\d\d UTC; law as at 1 March 2018"
    for page in ("", "/question", "/tasks", "/answers", "/history", "/versions/1", "/rename", "/delete"):
        assert re.search(pattern, client.get(url + page).text), page
    assert 'id="audit-stamp"' not in client.get("/").text  # the list is no one appraisal's


def test_the_stamped_answers_file_is_read_by_the_cli_as_the_same_answers(client: TestClient, tmp_path: Path) -> None:
    url = _start(client, "worcestershire-2018")
    downloaded = client.get(url + "/answers.yaml").content
    first = downloaded.decode().split("\n", 1)[0]
    assert re.fullmatch(r"# ADM Advisor: Appraisal 'Leisure 2026', version 1, changed .* UTC; law as at 1 March 2018",
                        first)
    (tmp_path / "stamped").mkdir()
    (tmp_path / "plain").mkdir()
    (tmp_path / "stamped" / "answers.yaml").write_bytes(downloaded)
    (tmp_path / "plain" / "answers.yaml").write_text(advisor.example_text("worcestershire-2018"), encoding="utf-8")
    outputs = [subprocess.run([sys.executable, "-m", "advisor", "advise", "answers.yaml", "--format", "json"],
                              cwd=tmp_path / folder, capture_output=True, check=True, text=True).stdout
               for folder in ("stamped", "plain")]
    assert json.loads(outputs[0]) == json.loads(outputs[1])
    again = _upload(client, "Again", downloaded)  # uploaded again, it keeps one stamp, not two
    assert client.get(again.headers["location"] + "/answers.yaml").text.count("# ADM Advisor: ") == 1  # type: ignore[attr-defined]
