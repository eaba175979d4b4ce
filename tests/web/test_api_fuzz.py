"""The JSON API fuzzed against its own OpenAPI document (schemathesis): every /api/v1 operation with values its
document allows and values it does not; never a server error, and every answer as the document describes it.

Cases per operation follow ADVISOR_FUZZ_PROFILE (quick, ci, long) as the other fuzz tests do. The PDF memo is left
out of the fuzzing (one takes seconds to lay out); tests/web/test_api_appraisal.py downloads it."""

from __future__ import annotations

import json

import pytest
import schemathesis
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

import advisor
from advisor.cli.main import main
from advisor.web import api, api_appraisal, api_plan, proposal_api
from advisor.web.app import create_app
from tests.fuzzing import PROFILE, scratch

APP = create_app(f"sqlite:///{scratch('adm-advisor-api-fuzz-') / 'appraisals.sqlite3'}")
for _number in range(3):  # appraisals for the fuzzed ids to find (ids 1, 2, 3)
    APP.state.store.create(f"Fuzzed {_number + 1}", advisor.example_text("bnes-2015"), None)
SCHEMA = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP).include(path_regex="^/api/v1/")
# the coverage phase (every boundary and malformed value of every parameter, hundreds of cases) only in the long
# profile; test_api_malformed.py sends the malformed ones that matter in every run
SCHEMA.config.phases.coverage.enabled = PROFILE == "long"
CASES = {"quick": 2, "ci": 8, "long": 200}[PROFILE]
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def test_the_document_describes_every_api_route() -> None:
    routes = {(method.lower(), route.path)
              for module in (api, api_appraisal, proposal_api, api_plan) for route in module.router.routes
              for method in getattr(route, "methods", ())}
    document = {path: item for path, item in SCHEMA.raw_schema["paths"].items() if path.startswith("/api/v1/")}
    assert routes == {(method, path) for path, item in document.items() for method in item}
    for path, item in document.items():
        for method, operation in item.items():
            documented = set(operation["responses"])
            assert "422" in documented or path == "/api/v1/appraisals", (method, path)
            assert "404" in documented or "{appraisal_id}" not in path, (method, path)
            assert "409" in documented or method not in ("put", "post") or "{appraisal_id}" not in path, (method, path)


def test_the_document_carries_the_answers_schema_advisor_schema_prints() -> None:
    printed = json.loads(CliRunner().invoke(main, ["schema", "answers"], catch_exceptions=False).stdout)
    assert SCHEMA.raw_schema["components"]["schemas"]["Answers"] == printed
    assess = SCHEMA.raw_schema["paths"]["/api/v1/assess"]["post"]
    assert assess["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Answers"}


OUTPUTS = {"assessment": ("AssessmentOutput", [("/api/v1/assess", "post"),
                                               ("/api/v1/appraisals/{appraisal_id}/assessment", "get")]),
           "next": ("NextQuestionsOutput", [("/api/v1/appraisals/{appraisal_id}/next", "get")]),
           "diff": ("LawDiffOutput", [("/api/v1/appraisals/{appraisal_id}/diff", "get")]),
           "check": ("CheckOutput", [("/api/v1/appraisals/{appraisal_id}/proposal/check", "get")]),
           "plan": ("PlanOutput", [("/api/v1/plan", "post"), ("/api/v1/appraisals/{appraisal_id}/plan", "get")])}


@pytest.mark.parametrize("what", OUTPUTS)
def test_the_document_carries_the_output_schemas_advisor_schema_prints(what: str) -> None:
    """The component is the printed schema, its parts (`$defs`) components of their own names; the routes give it."""
    printed = json.loads(CliRunner().invoke(main, ["schema", what], catch_exceptions=False).stdout)
    name, routes = OUTPUTS[what]
    components = SCHEMA.raw_schema["components"]["schemas"]
    parts = printed.pop("$defs")
    assert len(parts) >= 4
    for part, schema in {**parts, name: printed}.items():
        assert components[part] == json.loads(json.dumps(schema).replace("#/$defs/", "#/components/schemas/")), part
    for path, method in routes:
        answer = SCHEMA.raw_schema["paths"][path][method]["responses"]["200"]["content"]["application/json"]
        assert answer["schema"] == {"$ref": f"#/components/schemas/{name}"}


@SCHEMA.parametrize()
@settings(max_examples=CASES, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_document(case: schemathesis.Case) -> None:
    if (case.path_parameters or {}).get("fmt") == "pdf":
        case.path_parameters = {**(case.path_parameters or {}), "fmt": "md"}
    case.call_and_validate(checks=CHECKS)
