"""The appraisal's pages through FastAPI's TestClient, against the CLI for the same answers and date: the verdicts
(`advise --format json`), the law as at a chosen date, a refused date, a model's page with its citations as links
and what would have to change (`advise --why-not`), and the matrix picture (`advisor memo`'s)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import httpx
from click.testing import CliRunner
from fastapi.testclient import TestClient
from markupsafe import escape

import advisor
from advisor.cli.main import main
from tests.web.conftest import token

WORDS = {"viable": "Viable", "viable_with_conditions": "Viable with conditions", "not_viable": "Not viable",
         "undetermined": "Undetermined"}
KINDS = {"exclude": "Rules it out", "condition": "Condition", "duty": "Duty", "risk": "Risk", "note": "Note"}


def start(client: TestClient, example: str) -> str:
    """An appraisal started from an embedded example; its address."""
    reply = client.post("/appraisals", data={"csrf_token": token(client), "name": example, "example": example},
                        follow_redirects=False)
    assert reply.status_code == 303
    return str(reply.headers["location"])


def cli(*args: str) -> str:
    """What the command prints (it must succeed)."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def answers_file(client: TestClient, appraisal: str, tmp_path: Path) -> str:
    """The appraisal's answers file, downloaded as the CLI reads it."""
    path = tmp_path / "answers.yaml"
    path.write_bytes(client.get(appraisal + "/answers.yaml").content)
    return str(path)


def shown_verdicts(page: str) -> dict[str, str]:
    """Each model's verdict as its row on the appraisal page says it, in words."""
    rows = re.findall(r'<tr class="govuk-table__row" id="model-(\w+)">.*?<strong class="govuk-tag[^"]*">([^<]+)</strong>',
                      page, re.S)
    return dict(rows)


def text_of(fragment: str) -> str:
    """What a person reads in an HTML fragment: tags dropped, entities undone, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_the_verdicts_are_the_clis_for_the_same_answers_and_date(client: TestClient, tmp_path: Path) -> None:
    appraisal = start(client, "kensington-youth-2013")
    path = answers_file(client, appraisal, tmp_path)
    for day, words in (("1/1/2015", "1 January 2015"), ("1 April 2026", "1 April 2026")):
        expected = json.loads(cli("advise", path, "--as-at", day, "--format", "json"))
        page = client.get(appraisal, params={"as_at": day})
        assert page.status_code == 200 and f"Law applied as at {words}" in page.text
        assert shown_verdicts(page.text) == {adm["id"]: WORDS[adm["verdict"]] for adm in expected["adms"]}
        assert len(shown_verdicts(page.text)) == len(expected["adms"]) >= 19
        assert not re.search(r"\b\d{4}-\d\d-\d\d\b", text_of(page.text).replace(advisor.DATE_FORMS, ""))  # no ISO


def test_the_law_as_at_changes_the_verdicts_where_the_law_changed(client: TestClient) -> None:
    appraisal = start(client, "kensington-youth-2013")
    before = shown_verdicts(client.get(appraisal, params={"as_at": "1/1/2015"}).text)
    after = shown_verdicts(client.get(appraisal, params={"as_at": "2026-04-01"}).text)
    assert before["managing_agent"] == "Viable" and after["managing_agent"] == "Viable with conditions"
    page = client.get(appraisal, params={"as_at": "2026-04-01"}).text
    assert f'href="{appraisal}/models/managing_agent?as_at=1+April+2026"' in page  # the date kept, in words
    assert f'src="{appraisal}/matrix.svg?as_at=1+April+2026"' in page and 'alt="Viability matrix as at 1 April 2026.' in page


def test_a_bad_date_is_refused_naming_the_field(client: TestClient) -> None:
    appraisal = start(client, "bnes-2017")
    for address in (appraisal, appraisal + "/models/charity", appraisal + "/memo"):
        reply = client.get(address, params={"as_at": "31/2/2026"})
        assert reply.status_code == 422
        assert "govuk-error-summary" in reply.text and '<a href="#as_at">Law as at: 31/2/2026 is not a day' in reply.text
        assert 'id="as_at-error"' in reply.text and "govuk-input--error" in reply.text
    assert client.get(appraisal + "/matrix.svg", params={"as_at": "soon"}).status_code == 422
    assert client.get(appraisal + "/memo.md", params={"as_at": "soon"}).status_code == 422


def test_reasons_read_as_the_text_report_and_settling_questions_are_links(client: TestClient) -> None:
    appraisal = start(client, "bnes-2017")
    expected = cli("advise", "--example", "bnes-2017")
    assert "provided the service is not sold to others for income" in expected
    page = client.get(appraisal).text
    row = re.search(r'id="model-in_house">(.*?)</tr>', page, re.S)
    assert row and "Provided the service is not sold to others for income" in text_of(row.group(1))
    shared = re.search(r'id="model-shared_service">(.*?)</tr>', page, re.S)
    assert shared and "Partner councils available would settle it" in expected
    assert f'<a class="govuk-link" href="{appraisal}/question?fact=partner_councils_available">Partner councils available</a>' \
        in shared.group(1)
    assert f'href="{appraisal}/models/in_house"' in page


def test_a_models_page_has_every_form_and_its_citations_as_links(client: TestClient) -> None:
    appraisal = start(client, "harwick-vale-care-2025")
    data = json.loads(cli("advise", "--example", "harwick-vale-care-2025", "--format", "json"))
    adm = next(a for a in data["adms"] if a["id"] == "wholly_owned_company")
    page = client.get(appraisal + "/models/wholly_owned_company").text
    forms = re.search(r'id="forms">(.*?)</table>', page, re.S)
    assert forms is not None
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*<td class="govuk-table__cell">'
                      r'<strong class="govuk-tag[^"]*">([^<]+)</strong>', forms.group(1))
    assert {html.unescape(name): verdict for name, verdict in rows} == {
        form["name"]: WORDS[form["verdict"]] for form in adm["forms"]}
    cited = {(c["uri"], c["cite"]) for f in adm["forms"] for finding in f["findings"] if finding["effect"] != "derive"
             for c in finding["citations"] if c["uri"]}
    assert len(cited) > 5 and all(f'href="{escape(uri)}" rel="noreferrer">{escape(cite)}</a>' in page for uri, cite in cited)
    assert any(uri.startswith("https://www.legislation.gov.uk/") for uri, _ in cited)
    questions = {q["fact"] for f in adm["forms"] for q in f["open_questions"]}
    assert all(f'href="{appraisal}/question?fact={fact}"' in page for fact in questions)
    assert "What would have to change" not in page  # an open model: nothing to change


def test_a_models_findings_fold_to_what_an_officer_scans_for(client: TestClient) -> None:
    """Each finding is a details element: its summary the title, the kind in words and the confidence; its body the
    explanation, remedy, action and citations. The verdicts, the deciding reason and the open questions stay outside."""
    appraisal = start(client, "harwick-vale-care-2025")
    data = json.loads(cli("advise", "--example", "harwick-vale-care-2025", "--format", "json"))
    adm = next(a for a in data["adms"] if a["id"] == "charity")
    expected = {f["rule"]: f for form in adm["forms"] for f in form["findings"] if f["effect"] in KINDS}
    page = client.get(appraisal + "/models/charity").text
    folded = re.findall(r'<details class="govuk-details app-finding" id="finding-\d+">\s*<summary[^>]*>(.*?)</summary>'
                        r'(.*?)</details>', page, re.S)
    shown = {re.search(r'<code class="app-rule">([^<]+)</code>', body).group(1): (text_of(summary), body)  # type: ignore[union-attr]
             for summary, body in folded}
    assert set(shown) == set(expected) and len(folded) == len(expected) > 5
    for rule, finding in expected.items():
        summary, body = shown[rule]
        assert summary == f"{finding['title']} {KINDS[finding['effect']]} Confidence: {finding['confidence']}"
        assert all(str(escape(part)) in body for part in (finding["text"], finding.get("remedy"), finding.get("action"))
                   if part)
        assert all(f'href="{escape(c["uri"])}"' in body for c in finding["citations"] if c["uri"])
    outside = re.sub(r"<details.*?</details>", "", page, flags=re.S)
    reason = advisor.decisive_reason(adm)
    assert reason and reason["kind"] == "finding" and str(escape(reason["title"])) in outside.split('id="forms"')[0]
    assert all(f">{WORDS[form['verdict']]}</strong>" in outside for form in adm["forms"])
    questions = {q["fact"] for form in adm["forms"] for q in form["open_questions"]}
    assert questions and all(f'href="{appraisal}/question?fact={fact}"' in outside for fact in questions)


def test_what_would_have_to_change_is_the_clis(client: TestClient) -> None:
    appraisal = start(client, "harwick-vale-care-2025")
    text = cli("advise", "--example", "harwick-vale-care-2025", "--why-not")
    block = text.split("  Charity (not viable):", 1)[1].split("\n\n  ", 1)[0]
    expected = [re.findall(r'"(.+?)" is answered (\w+) \(now (\w+)\)', line) for line in block.splitlines()
                if "opens if" in line]
    page = client.get(appraisal + "/models/charity").text
    items = re.search(r'id="why-not-changes">(.*?)</ul>', page, re.S)
    assert items is not None
    shown = [re.findall(r"“ ?(.+?) ?” is answered (\w+) \(now (\w+)\)", text_of(li))
             for li in re.findall(r"<li>(.*?)</li>", items.group(1), re.S)]
    assert shown == expected and expected


def test_an_unknown_model_is_a_page_not_found(client: TestClient) -> None:
    appraisal = start(client, "bnes-2017")
    reply = client.get(appraisal + "/models/no_such_model")
    assert reply.status_code == 404 and "Page not found" in reply.text


def _picture_is_the_memos(client: TestClient, tmp_path: Path, appraisal: str, picture: str, typed: str,
                          words: str) -> httpx.Response:
    """The page's picture (`matrix` or `timetable`) as at a date, checked to be the one `advisor memo` draws."""
    cli("memo", answers_file(client, appraisal, tmp_path), "--as-at", typed, "-o", str(tmp_path / "memo.md"))
    drawn = (tmp_path / f"memo-{picture}.svg").read_text(encoding="utf-8")
    reply = client.get(f"{appraisal}/{picture}.svg", params={"as_at": words})
    assert reply.status_code == 200 and reply.headers["content-type"] == "image/svg+xml"
    assert reply.text.startswith("<svg") and drawn.startswith(reply.text.rstrip("\n"))
    return reply


def test_the_matrix_is_the_memos_picture(client: TestClient, tmp_path: Path) -> None:
    appraisal = start(client, "worcestershire-2018")
    reply = _picture_is_the_memos(client, tmp_path, appraisal, "matrix", "1/4/2026", "1 April 2026")
    assert client.get(appraisal + "/matrix.svg", params={"as_at": "1/1/2013"}).text != reply.text  # the law then


def test_the_timetable_picture_is_the_memos_and_the_memo_page_shows_it(client: TestClient, tmp_path: Path) -> None:
    appraisal = start(client, "worcestershire-2018")  # a transfer date: the recommended route has a dated step
    _picture_is_the_memos(client, tmp_path, appraisal, "timetable", "1/3/2018", "1 March 2018")
    page = client.get(appraisal + "/memo", params={"as_at": "1/3/2018"}).text
    assert f'src="{appraisal}/timetable.svg?as_at=1+March+2018"' in page and 'alt="Timetable of ' in page
    assert client.get(appraisal + "/timetable.svg", params={"as_at": "soon"}).status_code == 422
    undated = start(client, "bnes-2015")  # no transfer date: nothing to draw
    assert client.get(undated + "/timetable.svg").status_code == 404
