"""The proposal's pages: the form filled from an embedded example and saved, read back as it was; each field's bad
value refused inline with the CLI's message and nothing typed lost; a stale save refused showing both values; the
checklist with the same items and statuses as `advisor check` for the same proposal and answers."""

from __future__ import annotations

import html as markup
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

import advisor
from advisor.web.proposal_form import fields as form_fields
from tests.web.conftest import token


class _Form(HTMLParser):
    """What a browser would send for the page's POST form: text inputs, checked radios, selected options."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = found.get("method") == "post"
        elif self.inside and tag == "input" and (found.get("type") != "radio" or "checked" in found):
            self.values[found["name"]] = found.get("value", "")
        elif self.inside and tag == "select":
            self.select = found["name"]
            self.values[self.select] = ""
        elif self.inside and tag == "option" and self.select and "selected" in found:
            self.values[self.select] = found["value"]

    def handle_endtag(self, tag: str) -> None:
        self.inside = self.inside and tag != "form"
        self.select = None if tag == "select" else self.select


def form_of(html: str) -> dict[str, str]:
    """The POST form's fields as the page fills them."""
    parser = _Form()
    parser.feed(html)
    return parser.values


def start(client: TestClient, example: str) -> str:
    """A new appraisal from an embedded example council; its address."""
    reply = client.post("/appraisals", data={"csrf_token": token(client), "name": "Proposal", "example": example},
                        follow_redirects=False)
    assert reply.status_code == 303
    return str(reply.headers["location"])


def save_example(client: TestClient, appraisal: str, proposal: str) -> dict[str, str]:
    """Fill the form from an embedded example proposal and save it; the fields sent."""
    sent = form_of(client.get(f"{appraisal}/proposal?example={proposal}").text)
    reply = client.post(f"{appraisal}/proposal", data=sent, follow_redirects=False)
    assert reply.status_code == 303, reply.text
    assert reply.headers["location"] == f"{appraisal}/proposal/check"
    return sent


def page_items(html: str) -> list[tuple[str, str]]:
    """(rule, status) of each item of the checklist page, in its order."""
    return re.findall(r'data-rule="([^"]+)" data-status="([a-z]+)"', html)


MARKS = {"fail": "FAIL   ", "unknown": "UNKNOWN", "applies": "MUST DO", "risk": "RISK   ", "note": "note   ",
         "pass": "pass   "}


def page_titles(html: str) -> list[tuple[str, str, str]]:
    """(status, title, rule) of each item as the checklist page shows them."""
    found = re.findall(r'data-status="([a-z]+)">\s*<h3 class="govuk-heading-s"><strong[^>]*>[^<]+</strong> ([^<]+)</h3>\s*'
                       r'<p class="govuk-body-s app-rule">Rule ([^ ]+) ', html)
    return [(status, markup.unescape(title), rule) for status, title, rule in found]


def cli_text_titles(path: str) -> list[tuple[str, str, str]]:
    """(status, title, rule) of each item as `advisor check` prints them in text."""
    done = subprocess.run([sys.executable, "-m", "advisor", "check", path], capture_output=True, text=True, check=False)
    statuses = {mark: status for status, mark in MARKS.items()}
    lines = re.findall(r"^(FAIL   |UNKNOWN|MUST DO|RISK   |note   |pass   ) (.+) \[([^;\]]+); [a-z]+\]$", done.stdout, re.M)
    return [(statuses[mark], title, rule) for mark, title, rule in lines]


def cli_check(*arguments: str) -> dict[str, object]:
    """`advisor check ... --format json` as the command line prints it."""
    command = [sys.executable, "-m", "advisor", "check", *arguments, "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    record: dict[str, object] = json.loads(done.stdout)
    return record


def cli_items(record: dict[str, object]) -> list[tuple[str, str]]:
    items = record["items"]
    assert isinstance(items, list)
    return [(item["rule"], item["status"]) for item in items]


@pytest.mark.parametrize(("council", "proposal"), [("kensington-youth-2013", "epic-cic-2013"),
                                                   ("worcestershire-2018", "worcestershire-wocc-2019"),
                                                   ("bnes-2015", "3bm-2013")])
def test_the_checklist_is_the_cli_s_for_an_example_saved_through_the_form(
        client: TestClient, tmp_path: Path, council: str, proposal: str) -> None:
    appraisal = start(client, council)
    sent = save_example(client, appraisal, proposal)
    again = form_of(client.get(f"{appraisal}/proposal").text)
    assert {k: v for k, v in again.items() if k != "version"} == {k: v for k, v in sent.items() if k != "version"}
    html = client.get(f"{appraisal}/proposal/check").text
    shown = page_items(html)
    assert len(shown) > 5
    number = appraisal.rsplit("/", 1)[1]
    (tmp_path / f"appraisal-{number}.yaml").write_bytes(client.get(f"{appraisal}/answers.yaml").content)
    (tmp_path / "proposal.yaml").write_bytes(client.get(f"{appraisal}/proposal.yaml").content)
    side_by_side = cli_check(str(tmp_path / "proposal.yaml"))
    assert shown == cli_items(side_by_side)
    titles = page_titles(html)
    assert len(titles) == len(shown) and titles == cli_text_titles(str(tmp_path / "proposal.yaml"))
    if proposal != "3bm-2013":  # 3bm-2013 names no answers file: with the example council's answers it differs
        assert shown == cli_items(cli_check("--example", proposal))
    assert client.get(f"{appraisal}/proposal/check").status_code == 200
    api = client.get(f"/api/v1/appraisals/{number}/proposal/check").json()
    assert api == side_by_side


def test_the_checklist_shows_tags_headroom_and_links(client: TestClient) -> None:
    appraisal = start(client, "bnes-2015")
    save_example(client, appraisal, "3bm-2013")
    html = client.get(f"{appraisal}/proposal/check?as_at=1/4/2026").text
    assert "Law applied as at</dt><dd class=\"govuk-summary-list__value\">2026-04-01" in html
    assert ">Fail</strong>" in html and ">Unknown</strong>" in html and ">Must do</strong>" in html
    assert ">Knife-edge</strong>" in html and "Distance to each threshold" in html
    assert 'href="https://www.legislation.gov.uk/' in html
    assert client.get(f"{appraisal}/proposal/check?as_at=31/02/2026").status_code == 422
    assert f'href="{appraisal}/proposal/check"' in client.get(appraisal).text


BAD = {  # each field, a value the CLI refuses, and words of the CLI's message
    "adm": ("teckal_company", "is not a delivery model"),
    "form": ("cic", "cannot take the form"),
    "as_at": ("31/02/2026", "is not a day in the calendar"),
    "name": ("x" * 301, "at most 300"),
    "ownership.council_pct": ("101", "less than or equal to 100"),
    "ownership.other_public_pct": ("-1", "greater than or equal to 0"),
    "ownership.staff_pct": ("lots", "must be a number"),
    "ownership.not_for_profit_pct": ("200", "less than or equal to 100"),
    "ownership.private_pct": ("half", "must be a number"),
    "board.appointed_by": ("mayor", "Input should be"),
    "board.council_can_remove_majority": ("perhaps", "valid boolean"),
    "activity.for_controlling_authorities_pct": ("120", "less than or equal to 100"),
    "activity.calculated_from": ("guess", "Input should be"),
    "award.route": ("handshake", "Input should be"),
    "award.direct_award_ground": ("a\x07b", "control character"),
    "award.date": ("tomorrow", "must be a date such as"),
    "award.annual_value_gbp": ("-5", "greater than or equal to 0"),
    "award.total_value_gbp": ("a lot", "must be a number"),
    "award.term_years": ("51", "less than or equal to 50"),
    "staff.transfer": ("maybe", "valid boolean"),
    "staff.terms_changed": ("maybe", "valid boolean"),
    "staff.new_recruits_different_pay": ("maybe", "valid boolean"),
    "staff.collective_agreement_kept": ("maybe", "valid boolean"),
    "pensions.route": ("lgps", "Input should be"),
    "money.vat_group_with_council": ("maybe", "valid boolean"),
    "money.surplus_distributed": ("maybe", "valid boolean"),
    "money.dividend_pct_of_profits": ("101", "less than or equal to 100"),
    "money.asset_lock_clauses": ("maybe", "valid boolean"),
    "functions.statutory_csc": ("maybe", "valid boolean"),
    "functions.wider_csc": ("maybe", "valid boolean"),
    "functions.iro": ("maybe", "valid boolean"),
    "functions.adoption": ("maybe", "valid boolean"),
}


def test_every_field_s_bad_value_is_refused_inline_with_the_cli_s_message(client: TestClient) -> None:
    appraisal = start(client, "bnes-2015")
    sent = {**form_of(client.get(f"{appraisal}/proposal").text), "adm": "employee_mutual",
            "form": "company_limited_by_guarantee"}
    for name, (value, words) in BAD.items():
        reply = client.post(f"{appraisal}/proposal", data={**sent, name: value})
        assert reply.status_code == 422, name
        html = reply.text
        field_id = name.replace(".", "-")
        error = re.search(rf'<p id="{field_id}-error" class="govuk-error-message">(.*?)</p>', html, re.S)
        assert error, name
        message = markup.unescape(error.group(1))
        labels = re.findall(r'(?:legend--s">|<label class="govuk-label govuk-label--s" for="[^"]+">)([^<]+)<',
                            html[:error.start()])  # the label or legend of the field the error stands under
        assert words in message and f"field '{name[:38]}" in message, (name, message)
        assert message.split("</span> ", 1)[1].startswith(f"{markup.unescape(labels[-1])}: "), name
        assert f'href="#{field_id}"' in html and "govuk-error-summary" in html
    assert client.get(f"/api/v1/appraisals/{appraisal.rsplit('/', 1)[1]}/proposal").status_code == 404


def test_several_bad_fields_are_each_named_and_what_was_typed_is_kept(client: TestClient) -> None:
    appraisal = start(client, "bnes-2015")
    sent = {**form_of(client.get(f"{appraisal}/proposal").text), "adm": "employee_mutual", "form": "cic",
            "ownership.staff_pct": "lots", "award.date": "tomorrow", "award.term_years": "7", "name": "Mine"}
    html = client.post(f"{appraisal}/proposal", data=sent).text
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert summary
    assert [f"#{i}" for i in ("form", "ownership-staff_pct", "award-date")] == re.findall(r'href="(#[^"]+)"',
                                                                                        summary.group(1))
    kept = form_of(html)
    assert (kept["ownership.staff_pct"], kept["award.date"], kept["award.term_years"], kept["name"]) == (
        "lots", "tomorrow", "7", "Mine")
    assert kept["adm"] == "employee_mutual"


def test_a_stale_save_is_refused_showing_both_values(client: TestClient) -> None:
    appraisal = start(client, "bnes-2015")
    first = form_of(client.get(f"{appraisal}/proposal?example=3bm-2013").text)
    second = dict(first)
    assert client.post(f"{appraisal}/proposal", data={**first, "award.term_years": "3"},
                       follow_redirects=False).status_code == 303
    reply = client.post(f"{appraisal}/proposal", data={**second, "award.term_years": "4"}, follow_redirects=False)
    assert reply.status_code == 409
    row = re.search(r"proposal\.award\.term_years</th>\s*<td[^>]*>(\d)</td>\s*<td[^>]*>(\d)</td>", reply.text)
    assert row and row.groups() == ("3", "4")
    assert form_of(client.get(f"{appraisal}/proposal").text)["award.term_years"] == "3"


def test_blank_is_not_stated_and_each_change_is_in_the_history(client: TestClient) -> None:
    appraisal = start(client, "bnes-2015")
    sent = {**form_of(client.get(f"{appraisal}/proposal").text), "adm": "employee_mutual",
            "form": "company_limited_by_guarantee", "ownership.staff_pct": "100"}
    assert client.post(f"{appraisal}/proposal", data=sent, follow_redirects=False).status_code == 303
    number = int(appraisal.rsplit("/", 1)[1])
    kept = client.get(f"/api/v1/appraisals/{number}/proposal").json()
    assert kept["proposal"]["ownership"] == {"council_pct": "unknown", "other_public_pct": "unknown", "staff_pct": 100,
                                             "not_for_profit_pct": "unknown", "private_pct": "unknown"}
    assert "staff" not in kept["proposal"]
    again = {**form_of(client.get(f"{appraisal}/proposal").text), "board.appointed_by": "staff"}
    assert client.post(f"{appraisal}/proposal", data=again, follow_redirects=False).status_code == 303
    history = client.app.state.store.history(number)  # type: ignore[attr-defined]
    latest = [(c.field, c.old, c.new, c.version) for c in history if c.version == 2]
    assert latest == [("proposal.board.appointed_by", None, "staff", 2)]
    assert ("proposal.ownership.staff_pct", None, "100", 1) in [(c.field, c.old, c.new, c.version) for c in history]


def test_an_uploaded_proposal_file_fills_the_form_and_a_bad_one_is_refused(client: TestClient) -> None:
    appraisal = start(client, "worcestershire-2018")
    text = client.get(f"{appraisal}/proposal?example=worcestershire-wocc-2019")
    from_example = form_of(text.text)
    example_file = advisor.example_text("worcestershire-wocc-2019")
    reply = client.post(f"{appraisal}/proposal/upload", data={"csrf_token": token(client)},
                        files={"proposal": ("wocc.yaml", example_file, "application/yaml")})
    assert reply.status_code == 200
    assert form_of(reply.text) == from_example
    bad = client.post(f"{appraisal}/proposal/upload", data={"csrf_token": token(client)},
                      files={"proposal": ("p.yaml", "adm: in_house\nform: council\naward: {term_years: 99}\n", "text/plain")})
    assert bad.status_code == 422
    assert "field 'award.term_years': Input should be less than or equal to 50" in markup.unescape(bad.text)
    assert 'href="#upload"' in bad.text
    refused = client.post(f"{appraisal}/proposal/upload", files={"proposal": ("p.yaml", "adm: x\n", "text/plain")})
    assert refused.status_code == 403  # no CSRF token



def test_a_number_field_s_hint_gives_the_bound_the_proposal_model_sets() -> None:
    hints = {field.name: field.hint for field in form_fields() if field.kind == "number"}
    with pytest.raises(ValidationError, match="less than or equal to 50"):
        advisor.Proposal.model_validate({"adm": "contract", "form": "private_company", "award": {"term_years": 51}})
    assert hints["award.term_years"] == "Years, up to 50"  # the model's own bound, not a second copy
    assert not any("up to 100" in hint for hint in hints.values())  # a share's 100 goes without saying
