"""The proposal's JSON API and its storage: read, replace (JSON or YAML) from the version read, 409 with both values
when stale, 422 with the field's path and the CLI's message, 404 without a proposal or an appraisal, delete, the
check's record as `advisor check --format json` prints it; kept on SQLite and a real PostgreSQL server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

import advisor
from tests.web.test_proposal_pages import cli_check, start

MUTUAL = {"name": "Staff mutual", "adm": "employee_mutual", "form": "company_limited_by_guarantee",
          "ownership": {"staff_pct": 100}, "award": {"route": "reserved_mutual", "term_years": 3, "date": "1/4/2026"},
          "staff": {"transfer": True}}


def _appraisal(client: TestClient, example: str = "bnes-2015") -> int:
    return int(start(client, example).rsplit("/", 1)[1])


def test_put_get_check_and_delete(client: TestClient, tmp_path: Path) -> None:
    number = _appraisal(client)
    url = f"/api/v1/appraisals/{number}/proposal"
    assert client.get(url).status_code == 404
    put = client.put(url, params={"version": 0}, json={**MUTUAL, "answers": "elsewhere.yaml"})
    assert put.status_code == 200, put.text
    assert put.json()["version"] == 1 and "answers" not in put.json()["proposal"]
    got = client.get(url).json()
    assert got["proposal"]["award"] == {"route": "reserved_mutual", "term_years": 3, "date": "1/4/2026"}
    (tmp_path / f"appraisal-{number}.yaml").write_bytes(client.get(f"/appraisals/{number}/answers.yaml").content)
    (tmp_path / "proposal.yaml").write_bytes(client.get(f"/appraisals/{number}/proposal.yaml").content)
    assert client.get(url + "/check").json() == cli_check(str(tmp_path / "proposal.yaml"))
    dated = client.get(url + "/check", params={"as_at": "1 April 2020"}).json()
    assert dated == cli_check(str(tmp_path / "proposal.yaml"), "--as-at", "2020-04-01")
    assert dated["as_at"] == "2020-04-01"
    assert client.delete(url, params={"version": 1}).status_code == 204
    assert client.get(url).status_code == 404 and client.get(url + "/check").status_code == 404


def test_yaml_body_and_a_stale_put_is_409_with_both_values(client: TestClient) -> None:
    number = _appraisal(client)
    url = f"/api/v1/appraisals/{number}/proposal"
    text = "adm: employee_mutual\nform: cio\naward:\n  term_years: 2\n"
    assert client.put(url, params={"version": 0}, content=text,
                      headers={"content-type": "application/yaml"}).status_code == 200
    assert client.put(url, params={"version": 1}, json={**MUTUAL, "award": {"term_years": 4}}).status_code == 200
    stale = client.put(url, params={"version": 1}, json={**MUTUAL, "award": {"term_years": 5}})
    assert stale.status_code == 409
    body = stale.json()
    assert body["current"]["version"] == 2 and body["current"]["proposal"]["award"] == {"term_years": 4}
    assert body["yours"]["award"] == {"term_years": 5} and "changed since you read it" in body["detail"]
    assert client.delete(url, params={"version": 1}).status_code == 409
    assert client.get(url).json()["proposal"]["award"] == {"term_years": 4}


@pytest.mark.parametrize(("body", "location", "words"), [
    ({**MUTUAL, "award": {"term_years": 51}}, ["body", "award", "term_years"], "less than or equal to 50"),
    ({**MUTUAL, "form": "llp"}, ["body", "form"], "cannot take the form 'llp'"),
    ({**MUTUAL, "staff": {"tranfser": True}}, ["body", "staff", "tranfser"], "did you mean 'transfer'"),
    ({"form": "cio"}, ["body", "adm"], "Field required"),
    ([1, 2], ["body"], "must be a mapping"),
])
def test_a_bad_proposal_is_422_with_the_field_and_the_cli_s_message(
        client: TestClient, tmp_path: Path, body: object, location: list[str], words: str) -> None:
    number = _appraisal(client)
    reply = client.put(f"/api/v1/appraisals/{number}/proposal", params={"version": 0}, json=body)
    assert reply.status_code == 422
    [problem] = reply.json()["detail"]
    assert problem["loc"] == location and words in problem["msg"], problem
    path = tmp_path / "proposal.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "advisor", "check", str(path)], capture_output=True, text=True, check=False)
    assert problem["msg"].replace("proposal.yaml", "") in done.stderr.replace(str(path), ""), done.stderr


def test_missing_things_are_404_and_bad_queries_422(client: TestClient) -> None:
    assert client.get("/api/v1/appraisals/99/proposal").status_code == 404
    assert client.put("/api/v1/appraisals/99/proposal", params={"version": 0}, json=MUTUAL).status_code == 404
    number = _appraisal(client)
    url = f"/api/v1/appraisals/{number}/proposal"
    assert client.put(url, json=MUTUAL).status_code == 422  # no version given
    assert client.put(url, params={"version": 0}, json=MUTUAL).status_code == 200
    bad_date = client.get(url + "/check", params={"as_at": "31/02/2026"})
    assert bad_date.status_code == 422 and "not a day in the calendar" in bad_date.json()["detail"][0]["msg"]
    assert client.get(f"/appraisals/{number}/proposal.yaml").status_code == 200
    assert "/api/v1/appraisals/{appraisal_id}/proposal/check" in client.get("/api/v1/openapi.json").json()["paths"]


def test_the_shelf_keeps_versions_history_and_goes_with_its_appraisal(store: advisor.AppraisalStore) -> None:
    assert "proposal" in set(inspect(store.engine).get_table_names())
    shelf = advisor.open_proposals(store)
    created = store.create("Shelf", "# answers\n", None)
    assert shelf.get(created.id).version == 0
    first = shelf.save(created.id, 0, "adm: charity\n", [advisor.Edit("proposal.adm", None, "charity")])
    assert (first.version, first.text) == (1, "adm: charity\n")
    with pytest.raises(advisor.StaleVersion) as stale:
        shelf.save(created.id, 0, "adm: grant\n", [advisor.Edit("proposal.adm", None, "grant")])
    assert isinstance(stale.value, advisor.StaleProposal) and "changed since you opened it" in stale.value.message
    assert shelf.get(created.id).text == "adm: charity\n"
    assert [(c.field, c.new) for c in store.history(created.id)] == [("proposal.adm", "charity")]
    gone = shelf.delete(created.id, 1, [advisor.Edit("proposal.adm", "charity", None)])
    assert (gone.version, gone.text) == (2, "")
    with pytest.raises(advisor.StaleProposal):
        shelf.save(created.id, 1, "adm: grant\n", [])
    store.delete(created.id)
    with pytest.raises(advisor.NoSuchAppraisal):
        shelf.get(created.id)


@pytest.mark.parametrize(("body", "words"), [('{"adm": "employee_mutual"', "not valid YAML or JSON"),
                                             (b"\xff\xfe", "is not UTF-8 text"), ("", "must be a mapping"),
                                             ("adm: [", "not valid YAML or JSON")])
def test_a_body_that_is_not_a_proposal_file_is_422_not_500(client: TestClient, body: str | bytes, words: str) -> None:
    number = _appraisal(client)
    for kind in ("application/json", "application/yaml"):
        reply = client.put(f"/api/v1/appraisals/{number}/proposal", params={"version": 0}, content=body,
                           headers={"content-type": kind})
        assert reply.status_code == 422 and words in reply.json()["detail"][0]["msg"], reply.text
