"""The JSON API: assess as `advise --format json` does, 422 naming the field with the CLI's message, appraisals
created (checked by the strict loader), listed and read, the OpenAPI document, and the request size limit."""

from __future__ import annotations

import json
import subprocess
import sys

from fastapi.testclient import TestClient

import advisor


def test_assess_gives_the_advise_json_contract(client: TestClient) -> None:
    text = advisor.example_text("bnes-2015")
    reply = client.post("/api/v1/assess", content=text, headers={"content-type": "application/yaml"})
    assert reply.status_code == 200
    command = [sys.executable, "-m", "advisor", "advise", "--example", "bnes-2015", "--format", "json"]
    expected = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)
    got = reply.json()
    assert got["adms"] == expected["adms"] and got["answers_digest"] == expected["answers_digest"]


def test_bad_answers_get_422_with_the_field_and_the_cli_message(client: TestClient) -> None:
    reply = client.post("/api/v1/assess", content=json.dumps({"annual_contract_value_gbp": "lots"}),
                        headers={"content-type": "application/json"})
    assert reply.status_code == 422
    [problem] = reply.json()["detail"]
    assert problem["loc"] == ["body", "annual_contract_value_gbp"] and "annual_contract_value_gbp" in problem["msg"]
    assert "/tmp" not in problem["msg"]
    unknown = client.post("/api/v1/assess", content="no_such_field: 1\n", headers={"content-type": "application/yaml"})
    assert unknown.status_code == 422 and "no_such_field" in unknown.text
    assert client.post("/api/v1/assess", content=b"\xff\xfe").status_code == 422


def test_appraisals_are_created_listed_and_read(client: TestClient) -> None:
    created = client.post("/api/v1/appraisals", json={"name": "Bath", "answers": advisor.example_text("bnes-2015")})
    assert created.status_code == 201
    record = created.json()
    assert client.get(f"/api/v1/appraisals/{record['id']}").json()["answers"] == advisor.example_text("bnes-2015")
    assert [a["name"] for a in client.get("/api/v1/appraisals").json()] == ["Bath"]
    refused = client.post("/api/v1/appraisals", json={"name": "Bad", "answers": "council_share_pct: 250\n"})
    assert refused.status_code == 422 and client.get("/api/v1/appraisals/999").status_code == 404


def test_the_openapi_document_is_published(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/assess", "/api/v1/appraisals", "/api/v1/appraisals/{appraisal_id}"} <= set(document["paths"])
    assert client.get("/docs").status_code == 404  # no page that loads scripts from another site


def test_a_body_over_the_limit_is_refused(client: TestClient) -> None:
    reply = client.post("/api/v1/assess", content=b"a" * 1_000_001, headers={"content-type": "application/yaml"})
    assert reply.status_code == 413
