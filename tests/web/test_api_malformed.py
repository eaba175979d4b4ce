"""Every /api/v1 route sent what it should not get: ids that are not ids, bodies that are not JSON or not the
fields, values far too large, the wrong content type, query strings that are not dates or officers. The answer is
always a refusal in the API's shape (404, 409, 413 or 422), never a server error."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

import advisor

IDS = ["abc", "-1", "0", "1.5", "1e3", "9" * 40, "%00", "%20", "2147483648", "１"]
ROUTES = [("GET", "{id}"), ("PUT", "{id}"), ("DELETE", "{id}"), ("GET", "{id}/next"), ("POST", "{id}/answers/keep_control"),
          ("GET", "{id}/diff?from=2015-01-01&to=2025-01-01"), ("GET", "{id}/assessment"), ("GET", "{id}/memo.md"),
          ("GET", "{id}/plan?adm=wholly_owned_company&form=company_limited_by_shares")]
PLANNED = "adm=wholly_owned_company&form=company_limited_by_shares"
BODIES: list[tuple[bytes, str]] = [
    (b"not json", "application/json"), (b"[]", "application/json"), (b"null", "application/json"),
    (b"\xff\xfe\x00", "application/json"), (b"[" * 200_000, "application/json"), (b"{}", "text/plain"),
    (b"<answers/>", "application/xml"), (json.dumps({"version": 10**40, "value": 1, "name": "x"}).encode(), "application/json"),
    (json.dumps({"version": 1, "value": 1e308, "name": "x" * 400}).encode(), "application/json"),
    (json.dumps({"version": 1, "value": ["a"] * 50_000, "answers": "keep_control: [" * 1000}).encode(), "application/json"),
    (json.dumps({"version": 1, "value": "x" * 200_000, "answers": 7}).encode(), "application/json"),
    (b'{"version": 1, "value": NaN, "answers": "as_at: 99999-01-01"}', "application/json"),
]
QUERIES = ["as_at=" + "9" * 400, "as_at=0000-00-00", "as_at=%00", "as_at=31/2/2019", "for=" + "x" * 400, "for=%00",
           "from=1&to=2", "from=" + "1" * 39 + "&to=1/1/2020", "as_at=1/1/1", "as_at=31/12/9999"]


def _refused_properly(reply: Any) -> None:
    assert reply.status_code < 500, reply.text[:300]
    if reply.status_code == 422:
        for problem in reply.json()["detail"]:
            assert isinstance(problem["loc"], list) and problem["msg"] and problem["type"], problem


def _stored(client: TestClient) -> int:
    created = client.post("/api/v1/appraisals", json={"name": "Bath", "answers": advisor.example_text("bnes-2015")})
    return int(created.json()["id"])


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_ids_that_are_not_ids_are_refused(client: TestClient, method: str, route: str) -> None:
    for bad in IDS:
        reply = client.request(method, "/api/v1/appraisals/" + route.format(id=bad), json={"version": 1, "value": 1})
        _refused_properly(reply)
        assert reply.status_code in (404, 422), (bad, reply.status_code)


@pytest.mark.parametrize(("method", "route"), [("POST", "/api/v1/assess"), ("POST", f"/api/v1/plan?{PLANNED}"),
                                               ("POST", "/api/v1/appraisals"),
                                               ("PUT", "/api/v1/appraisals/{id}"),
                                               ("POST", "/api/v1/appraisals/{id}/answers/council_name"),
                                               ("POST", "/api/v1/appraisals/{id}/answers/{huge}")])
def test_bodies_that_are_not_what_the_route_takes_are_refused(client: TestClient, method: str, route: str) -> None:
    url = route.format(id=_stored(client), huge="f" * 5000)
    for content, kind in BODIES:
        reply = client.request(method, url, content=content, headers={"content-type": kind})
        _refused_properly(reply)
        answers = route.endswith("assess") or "/plan?" in route  # a body read as YAML may be answers: `{}` is none given
        assert reply.status_code in (413, 422) or (answers and reply.status_code == 200), (content[:40], kind)


def test_query_strings_that_are_not_dates_or_officers_are_refused(client: TestClient) -> None:
    stored = _stored(client)
    for route, query in itertools.product(["next", "diff", "assessment", "memo.md", "memo.html"], QUERIES):
        _refused_properly(client.get(f"/api/v1/appraisals/{stored}/{route}?{query}"))
    for query in [*QUERIES, *(q.replace("as_at=", "today=") for q in QUERIES if q.startswith("as_at="))]:
        _refused_properly(client.get(f"/api/v1/appraisals/{stored}/plan?{PLANNED}&{query}"))
        _refused_properly(client.post(f"/api/v1/plan?{PLANNED}&{query}", content=b"council_name: Bath\n"))


def test_a_body_over_the_limit_or_lying_about_its_length_is_refused(client: TestClient) -> None:
    stored = _stored(client)
    huge = json.dumps({"version": 1, "name": "x", "answers": "é" * 600_000}).encode()
    assert client.put(f"/api/v1/appraisals/{stored}", content=huge, headers={"content-type": "application/json"}
                      ).status_code == 413
    assert client.get(f"/api/v1/appraisals/{stored}").json()["version"] == 1
