"""The law diff, the memo read in the page and its downloads as at a date, and checking an uploaded memo, through
FastAPI's TestClient and against the CLI (`advisor diff`, `advisor memo`, `advisor verify`) for the same answers."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.conftest import token
from tests.web.test_appraisal_pages import WORDS, answers_file, cli, start, text_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_the_diff_is_the_clis_for_two_dates(client: TestClient, tmp_path: Path) -> None:
    appraisal = start(client, "kensington-youth-2013")
    path = answers_file(client, appraisal, tmp_path)
    expected = json.loads(cli("diff", path, "--as-at", "1/1/2015", "--as-at", "1 April 2026", "--format", "json"))
    reply = client.get(appraisal + "/diff", params={"from": "1/1/2015", "to": "1 April 2026"})
    assert reply.status_code == 200 and "Between 1 January 2015 and 1 April 2026" in reply.text
    table = re.search(r'id="verdicts">(.*?)</table>', reply.text, re.S)
    assert table is not None
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
                      r'<td class="govuk-table__cell"><strong[^>]*>([^<]+)</strong></td>\s*'
                      r'<td class="govuk-table__cell"><strong[^>]*>([^<]+)</strong></td>', table.group(1))
    assert [(html.unescape(name), before, after) for name, before, after in rows] == [
        (f"{o['adm']}, as {o['form']}", WORDS[o["before"]], WORDS[o["after"]]) for o in expected["verdicts"]]
    assert rows and f"Verdicts that differ ({len(expected['verdicts'])})" in reply.text
    assert f"Changes in the rule base between the two dates ({len(expected['law'])})" in reply.text
    assert f"where the verdict does not ({len(expected['findings'])} options)" in reply.text
    assert all(f"<code class=\"app-rule\">{change['rule']}</code>" in reply.text for change in expected["law"])
    assert "in force from 24 February 2025" in text_of(reply.text)  # the Procurement Act's day, in words


def test_the_diff_refuses_a_bad_or_missing_date_naming_the_field(client: TestClient) -> None:
    appraisal = start(client, "bnes-2017")
    reply = client.get(appraisal + "/diff", params={"from": "yesterday", "to": "1/4/2026"})
    assert reply.status_code == 422
    assert '<a href="#from">From: &#39;yesterday&#39; is not a date such as' in reply.text and 'id="from-error"' in reply.text
    reply = client.get(appraisal + "/diff", params={"from": "1/4/2026", "to": ""})
    assert reply.status_code == 422 and '<a href="#to">To: Enter the date of the law to compare</a>' in reply.text
    form = client.get(appraisal + "/diff")
    assert form.status_code == 200 and 'id="verdicts"' not in form.text and 'name="from"' in form.text


def test_the_memo_in_the_page_is_the_html_memos_body(client: TestClient) -> None:
    appraisal = start(client, "bnes-2015")
    page = client.get(appraisal + "/memo", params={"as_at": "1/4/2026"}).text
    shown = re.search(r'<div class="app-memo" id="memo">\n(.*?)\n</div>', page, re.S)
    written = re.search(r"<main>\n(.*?)\n</main>", client.get(appraisal + "/memo.html?as_at=1/4/2026").text, re.S)
    assert shown and written
    src = f"{appraisal}/matrix.svg?as_at=1+April+2026"
    assert shown.group(1) == re.sub(r'src="data:image/svg\+xml;base64,[^"]*"', f'src="{src}"', written.group(1))
    assert "<h2>" in shown.group(1) and "style=" not in page and "<script>" not in page
    for fmt in ("docx", "md", "html", "pdf"):
        assert f'href="{appraisal}/memo.{fmt}?as_at=1+April+2026"' in page


def test_a_memo_download_honours_the_date(client: TestClient, tmp_path: Path) -> None:
    appraisal = start(client, "bnes-2015")
    path = answers_file(client, appraisal, tmp_path)
    assert client.get(appraisal + "/memo.md", params={"as_at": "1/1/2015"}).text == cli("memo", path, "--as-at", "1/1/2015")
    assert client.get(appraisal + "/memo.md", params={"as_at": "1/1/2015"}).text != client.get(appraisal + "/memo.md").text


def _verify(client: TestClient, name: str, content: bytes, media: str = "application/octet-stream") -> object:
    return client.post("/verify", data={"csrf_token": token(client)}, files={"memo": (name, content, media)})


def test_a_memo_downloaded_from_the_app_is_intact(client: TestClient) -> None:
    appraisal = start(client, "worcestershire-2018")
    assert 'href="/verify"' in client.get("/").text
    memo = client.get(appraisal + "/memo.docx").content
    reply = _verify(client, "Options appraisal.docx", memo, DOCX)
    assert reply.status_code == 200  # type: ignore[attr-defined]
    text = text_of(reply.text)  # type: ignore[attr-defined]
    assert "Options appraisal.docx is intact" in text and "The memo's conclusions still hold" in text
    assert "It applied the law as at 1 March 2018" in text and "govuk-notification-banner--success" in reply.text  # type: ignore[attr-defined]


def test_an_edited_memo_is_refused_as_edited(client: TestClient) -> None:
    appraisal = start(client, "worcestershire-2018")
    memo = client.get(appraisal + "/memo.md").text
    edited = memo.replace("not viable", "viable", 1)
    assert edited != memo
    reply = _verify(client, "memo.md", edited.encode("utf-8"), "text/markdown")
    assert reply.status_code == 422  # type: ignore[attr-defined]
    assert '<a href="#memo">memo.md: edited: the memo&#39;s text is not the text' in reply.text  # type: ignore[attr-defined]
    assert 'id="memo-error"' in reply.text  # type: ignore[attr-defined]


def test_junk_and_missing_files_are_refused_with_a_clear_422(client: TestClient) -> None:
    refusals = {("junk.bin", b"\x00\xff\xfe junk"): "junk.bin: neither UTF-8 text",
                ("notes.md", b"# Our own notes\n"): "notes.md: no ADM Advisor audit record found",
                ("fake.pdf", b"%PDF-1.7 not really"): "fake.pdf: not a readable PDF",
                ("fake.docx", b"PK\x03\x04 not really"): "fake.docx: not a readable Word file",
                ("empty.md", b""): "empty.md: the file is empty",
                ("../../etc/big.pdf", b"%PDF-" + b"0" * 8_500_000): "big.pdf: larger than"}
    for (name, content), said in refusals.items():
        reply = _verify(client, name, content)
        assert reply.status_code == 422, name  # type: ignore[attr-defined]
        assert said in html.unescape(reply.text) and "govuk-error-summary" in reply.text, name  # type: ignore[attr-defined]
        assert "/tmp/" not in reply.text  # type: ignore[attr-defined]
    reply = client.post("/verify", data={"csrf_token": token(client)}, files={"other": ("x", b"x")})
    assert reply.status_code == 422 and "Select a memo file" in reply.text
    assert client.post("/verify", files={"memo": ("x.md", b"x")}).status_code == 403  # no CSRF token
    assert client.post("/verify", data={"csrf_token": token(client)},
                       files={"memo": ("huge.pdf", b"0" * 21_000_000)}).status_code == 413
