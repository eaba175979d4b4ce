"""The pages through FastAPI's TestClient: start, answer (refusals as an error summary with the CLI's message, "I
don't know", the changed verdicts shown), a stale save refused as a conflict, CSRF, headers, downloads, delete."""

from __future__ import annotations

import platform
import re
import subprocess
import sys
from pathlib import Path

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

import advisor
from advisor.web import app, server, views
from advisor.web.app import create_app
from tests.web.conftest import hidden, token


def _start(client: TestClient, example: str = "") -> str:
    reply = client.post("/appraisals", data={"csrf_token": token(client), "name": "Leisure 2026", "example": example},
                        follow_redirects=False)
    assert reply.status_code == 303
    return str(reply.headers["location"])


def _answer(client: TestClient, url: str, html: str, answer: str | None, **extra: str) -> object:
    data = {"csrf_token": token(client), "version": hidden(html, "version"), "fact": hidden(html, "fact"), **extra}
    if answer is not None:
        data["answer"] = answer
    return client.post(url, data=data, follow_redirects=False)


def test_every_page_sends_the_security_headers(client: TestClient) -> None:
    reply = client.get("/")
    policy = reply.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in reply.text and "style=" not in reply.text


def test_a_form_without_its_csrf_token_is_refused(client: TestClient) -> None:
    reply = client.post("/appraisals", data={"name": "Leisure 2026"})
    assert reply.status_code == 403 and "did not come from this site" in reply.text
    assert client.post("/appraisals", data={"name": "x", "csrf_token": "forged"}).status_code == 403
    assert client.get("/").text.count("Leisure 2026") == 0


def test_a_nameless_appraisal_gets_an_error_summary(client: TestClient) -> None:
    reply = client.post("/appraisals", data={"csrf_token": token(client), "name": " "})
    assert reply.status_code == 422
    assert "govuk-error-summary" in reply.text and 'href="#name"' in reply.text and "govuk-input--error" in reply.text


def test_a_bad_answer_is_refused_with_the_cli_message_and_nothing_is_saved(client: TestClient) -> None:
    url = _start(client)
    page = client.get(url + "?fact=annual_contract_value_gbp").text
    reply = _answer(client, url, page, "lots")
    assert reply.status_code == 422  # type: ignore[attr-defined]
    text = reply.text  # type: ignore[attr-defined]
    assert "There is a problem" in text and "&#39;lots&#39; is not a number" in text and 'id="answer-error"' in text
    assert hidden(client.get(url).text, "version") == "1"


def test_answers_are_saved_and_what_they_changed_is_shown(client: TestClient) -> None:
    url = _start(client)
    first = client.get(url).text
    assert "Answered: 0" in first and "Why are we asking this?" in first
    reply = _answer(client, url, first, "Harwick Vale")
    assert reply.status_code == 303  # type: ignore[attr-defined]
    page = client.get(url + "?fact=trade_for_income").text
    reply = _answer(client, url, page, None, unknown="1")
    page = client.get(reply.headers["location"]).text  # type: ignore[attr-defined]
    assert "Answered: 2" in page
    answers = client.get(url.removesuffix("/question") + "/answers.yaml").text
    assert "council_name: Harwick Vale" in answers and "trade_for_income: unknown" in answers


def test_an_answer_that_changes_a_verdict_says_so(client: TestClient) -> None:
    url = _start(client)
    page = client.get(url + "?fact=distribute_surplus").text
    reply = _answer(client, url, page, "yes")
    shown = client.get(reply.headers["location"]).text  # type: ignore[attr-defined]
    assert "Your last answer changed" in shown and re.search(r"Charity: [\w ]+ → <strong>Not viable</strong>", shown)


def test_a_stale_page_is_refused_as_a_conflict_showing_both_values(client: TestClient) -> None:
    url = _start(client)
    page = client.get(url + "?fact=council_name").text
    _answer(client, url, page, "First Council")
    reply = _answer(client, url, page, "Second Council")  # the same page, now stale
    assert reply.status_code == 409  # type: ignore[attr-defined]
    text = reply.text  # type: ignore[attr-defined]
    assert "changed since you opened it" in text and "First Council" in text and "Second Council" in text
    assert "council_name: First Council" in client.get(url.removesuffix("/question") + "/answers.yaml").text


def test_the_appraisal_page_gives_each_model_a_verdict_and_reason(client: TestClient) -> None:
    appraisal = _start(client, "worcestershire-2018")
    page = client.get(appraisal).text
    assert page.count("govuk-tag ") >= 19 and "Not viable" in page and "app-reason" in page


def test_the_memo_and_answers_downloads_are_what_the_cli_gives(client: TestClient, tmp_path: Path) -> None:
    appraisal = _start(client, "bnes-2015")
    answers = client.get(appraisal + "/answers.yaml").content
    path = tmp_path / "answers.yaml"
    path.write_bytes(answers)
    command = [sys.executable, "-m", "advisor", "memo", str(path)]
    printed = subprocess.run(command, capture_output=True, check=True).stdout
    assert client.get(appraisal + "/memo.md").content == printed
    subprocess.run([*command, "-o", str(tmp_path / "memo.docx")], capture_output=True, check=True)
    assert client.get(appraisal + "/memo.docx").content == (tmp_path / "memo.docx").read_bytes()


def test_delete_asks_first_then_deletes(client: TestClient) -> None:
    appraisal = _start(client, "bnes-2015")
    confirm = client.get(appraisal + "/delete").text
    assert "Are you sure" in confirm
    assert client.post(appraisal + "/delete", data={}).status_code == 403
    assert client.post(appraisal + "/delete", data={"csrf_token": token(client)}, follow_redirects=False).status_code == 303
    assert client.get(appraisal).status_code == 404


def test_bad_addresses_get_pages_not_tracebacks(client: TestClient) -> None:
    for url, status in (("/appraisals/999", 404), ("/appraisals/abc", 404), ("/appraisals/1/question?for=cfo", 422)):
        reply = client.get(url)
        assert reply.status_code == status and "Traceback" not in reply.text and "govuk-heading-l" in reply.text, url
    assert re.search(r"choose one of hr", client.get(_start(client) + "?for=cfo").text)


def test_the_served_application_prepares_new_appraisals_before_its_first_request(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prepared: list[bool] = []
    monkeypatch.setattr(advisor, "prepare_new_appraisals", lambda: prepared.append(True))
    monkeypatch.setenv(server.DATABASE_VARIABLE, f"sqlite:///{tmp_path / 'served.sqlite3'}")
    views.TEMPLATES.cache.clear()  # type: ignore[union-attr]
    with TestClient(server.app_from_environment()) as served:
        assert prepared == [True]
        assert len(views.TEMPLATES.cache) == len(views.TEMPLATES.list_templates())  # type: ignore[arg-type]
        assert served.get("/").status_code == 200
        limit = served.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)  # type: ignore[union-attr]
        assert limit == app.REQUEST_THREADS
    with TestClient(create_app(f"sqlite:///{tmp_path / 'tested.sqlite3'}")):
        assert prepared == [True]  # an application made for tests starts at once


def test_the_server_keeps_the_c_library_to_few_malloc_arenas() -> None:
    assert server.few_malloc_arenas() is (platform.libc_ver()[0] == "glibc")
