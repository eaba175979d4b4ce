"""The JSON API over a stored appraisal: each route gives what the CLI gives for the same answers file (next
questions, diff, assessment, memo), an answer and an update are refused as the CLI refuses them (422 naming the
field's place), a stale save is a 409 with both values, a deleted appraisal is gone (404)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import advisor
from advisor.cli.main import main

EXAMPLE = "bnes-2015"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of its own for the CLI to run in (so it names the answers file answers.yaml, as the API does)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(folder: Path, text: str, *arguments: str) -> Any:
    """What the CLI prints (or writes to memo.docx or memo.pdf) for the answers text saved as answers.yaml in the folder."""
    (folder / "answers.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, list(arguments), catch_exceptions=False)
    written = [folder / name for name in ("memo.docx", "memo.pdf") if (folder / name).exists()]
    return written[0].read_bytes() if written else result


def _create(client: TestClient, answers: str | None = None, name: str = "Bath") -> dict[str, Any]:
    text = advisor.example_text(EXAMPLE) if answers is None else answers
    reply = client.post("/api/v1/appraisals", json={"name": name, "answers": text})
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def _problem(reply: Any) -> dict[str, Any]:
    assert reply.status_code == 422, reply.text
    [problem] = reply.json()["detail"]
    return dict(problem)


def test_next_questions_are_what_ask_next_prints(client: TestClient, folder: Path) -> None:
    record = _create(client)
    url = f"/api/v1/appraisals/{record['id']}/next"
    for query, extra in (("", []), ("?for=hr", ["--for", "hr"])):
        printed = cli(folder, record["answers"], "ask", "answers.yaml", "--next", "--format", "json", *extra)
        assert client.get(url + query).json() == json.loads(printed.stdout)
    assert _problem(client.get(url + "?for=mayor"))["loc"] == ["query", "for"]
    assert client.get("/api/v1/appraisals/999/next").status_code == 404


def test_the_assessment_is_what_advise_prints(client: TestClient, folder: Path) -> None:
    record = _create(client)
    url = f"/api/v1/appraisals/{record['id']}/assessment"
    printed = cli(folder, record["answers"], "advise", "answers.yaml", "--format", "json", "--as-at", "2019-04-01")
    assert client.get(url + "?as_at=1/4/2019").json() == json.loads(printed.stdout)
    problem = _problem(client.get(url + "?as_at=31/2/2019"))
    assert problem["loc"] == ["query", "as_at"] and "is not a day in the calendar" in problem["msg"]


def test_the_diff_is_what_advisor_diff_prints(client: TestClient, folder: Path) -> None:
    record = _create(client)
    url = f"/api/v1/appraisals/{record['id']}/diff"
    printed = cli(folder, record["answers"], "diff", "answers.yaml", "--as-at", "2015-01-01", "--as-at", "2025-01-01",
                  "--format", "json")
    got = client.get(url, params={"from": "2015-01-01", "to": "1 January 2025"}).json()
    assert got == json.loads(printed.stdout) and got["law"]
    assert _problem(client.get(url, params={"from": "2015-01-01", "to": "soon"}))["loc"] == ["query", "to"]
    assert _problem(client.get(url, params={"from": "2015-01-01"}))["loc"] == ["query", "to"]


def test_the_memo_downloads_are_what_advisor_memo_writes(client: TestClient, folder: Path) -> None:
    record = _create(client)
    url = f"/api/v1/appraisals/{record['id']}/memo"
    printed = cli(folder, record["answers"], "memo", "answers.yaml", "--as-at", "2020-06-01")
    markdown = client.get(url + ".md?as_at=2020-06-01")
    assert markdown.content == printed.stdout.encode("utf-8")
    assert markdown.headers["content-disposition"] == f'attachment; filename="appraisal-{record["id"]}-memo.md"'
    written = cli(folder, record["answers"], "memo", "answers.yaml", "--as-at", "2020-06-01", "-o", "memo.docx")
    assert client.get(url + ".docx?as_at=2020-06-01").content == written
    assert _problem(client.get(url + ".odt"))["loc"] == ["path", "fmt"]
    assert client.get("/api/v1/appraisals/999/memo.md").status_code == 404


def test_the_pdf_memo_is_what_advisor_memo_writes(client: TestClient, folder: Path) -> None:
    record = _create(client)
    written = cli(folder, record["answers"], "memo", "answers.yaml", "-o", "memo.pdf")
    reply = client.get(f"/api/v1/appraisals/{record['id']}/memo.pdf")
    assert reply.headers["content-type"] == "application/pdf" and reply.content == written


@pytest.mark.parametrize("value", [None, "unknown"])
def test_i_dont_know_is_an_answer_kept_in_the_history(client: TestClient, value: str | None) -> None:
    record = _create(client, "council_name: Harwick Vale\n")
    reply = client.post(f"/api/v1/appraisals/{record['id']}/answers/trade_for_income", json={"value": value, "version": 1})
    assert reply.status_code == 200, reply.text
    saved = reply.json()["appraisal"]
    assert saved["version"] == 2 and "trade_for_income: unknown" in saved["answers"]
    [change] = client.app.state.store.history(record["id"])  # type: ignore[attr-defined]
    assert (change.field, change.old, change.new, change.version) == ("trade_for_income", None, "unknown", 2)


def test_an_answer_says_which_verdicts_it_changed(client: TestClient) -> None:
    record = _create(client, "council_name: Harwick Vale\n")
    reply = client.post(f"/api/v1/appraisals/{record['id']}/answers/distribute_surplus", json={"value": True, "version": 1})
    changed = {row["name"]: row["after"] for row in reply.json()["changed"]}
    assert changed["Charity"] == "not_viable"


def test_a_bad_answer_is_refused_with_the_cli_message(client: TestClient, folder: Path) -> None:
    record = _create(client, "")
    url = f"/api/v1/appraisals/{record['id']}/answers"
    path = folder / "answers.yaml"
    path.write_text(record["answers"], encoding="utf-8")
    expected = advisor.open_questionnaire(path, None).accept("council_share_pct", "250")
    problem = _problem(client.post(url + "/council_share_pct", json={"value": 250, "version": 1}))
    assert problem == {"loc": ["body", "value"], "msg": expected, "type": "answers"} and expected
    assert _problem(client.post(url + "/no_such_fact", json={"value": 1, "version": 1}))["loc"] == ["path", "fact"]
    assert client.get(f"/api/v1/appraisals/{record['id']}").json()["version"] == 1  # nothing saved


def test_a_stale_answer_is_a_conflict_showing_both_values(client: TestClient) -> None:
    record = _create(client, "council_name: First Council\n")
    url = f"/api/v1/appraisals/{record['id']}/answers/council_name"
    assert client.post(url, json={"value": "Second Council", "version": 1}).status_code == 200
    reply = client.post(url, json={"value": "Third Council", "version": 1})
    assert reply.status_code == 409
    body = reply.json()
    assert body["version"] == 2 and body["theirs"] == {"council_name": "Second Council"}
    assert body["yours"] == {"council_name": "Third Council"} and "changed since you opened it" in body["detail"]


def test_an_update_renames_and_replaces_the_answers_with_their_history(client: TestClient) -> None:
    record = _create(client, "council_name: First Council\n")
    url = f"/api/v1/appraisals/{record['id']}"
    reply = client.put(url, json={"name": "Renamed", "answers": "council_name: Other\nkeep_control: true\n", "version": 1})
    assert reply.status_code == 200, reply.text
    assert (reply.json()["name"], reply.json()["version"]) == ("Renamed", 2)
    history = {(c.field, c.old, c.new) for c in client.app.state.store.history(record["id"])}  # type: ignore[attr-defined]
    assert history == {("council_name", "First Council", "Other"), ("keep_control", None, "true")}
    stale = client.put(url, json={"name": "Late", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["theirs"]["name"] == "Renamed" and stale.json()["yours"] == {"name": "Late"}
    assert client.put("/api/v1/appraisals/999", json={"name": "X", "version": 1}).status_code == 404


def test_an_update_with_bad_answers_gets_the_cli_message_and_field(client: TestClient, folder: Path) -> None:
    record = _create(client)
    bad = "council_share_pct: 250\n"
    printed = cli(folder, bad, "advise", "answers.yaml")
    problem = _problem(client.put(f"/api/v1/appraisals/{record['id']}", json={"answers": bad, "version": 1}))
    assert problem["loc"] == ["body", "answers", "council_share_pct"]
    assert printed.output.strip() == f"Error: {problem['msg']}"
    twice = _problem(client.put(f"/api/v1/appraisals/{record['id']}",
                                json={"answers": "keep_control: true\nkeep_control: false\n", "version": 1}))
    assert twice["loc"] == ["body", "answers", "keep_control"] and "given more than once" in twice["msg"]


def test_a_deleted_appraisal_is_gone(client: TestClient) -> None:
    record = _create(client)
    url = f"/api/v1/appraisals/{record['id']}"
    reply = client.delete(url)
    assert reply.status_code == 204 and reply.content == b""
    assert client.get(url).status_code == 404 and client.delete(url).status_code == 404
    assert client.get(url + "/assessment").status_code == 404
