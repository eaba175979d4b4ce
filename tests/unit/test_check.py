"""`advisor check`: a proposed structure against the rules, pass / fail / unknown per rule, thresholds and knife-edges."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from advisor.cli.main import main

COMPANY: dict[str, Any] = {
    "name": "Children's company", "adm": "wholly_owned_company", "form": "company_limited_by_shares",
    "as_at": "2026-11-22", "ownership": {"council_pct": 100}, "board": {"appointed_by": "council"},
    "activity": {"for_controlling_authorities_pct": 90},
    "award": {"route": "vertical_exemption", "date": "2026-04-01", "annual_value_gbp": 30000000,
              "total_value_gbp": 150000000, "term_years": 5},
}


def _check(runner: CliRunner, tmp_path: Path, proposal: dict[str, Any], *args: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "proposal.yaml"
    path.write_text(yaml.safe_dump(proposal), encoding="utf-8")
    return runner.invoke(main, ["check", str(path), *args])


def _record(runner: CliRunner, tmp_path: Path, proposal: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    result = _check(runner, tmp_path, proposal, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)


def _status(record: dict[str, Any], rule: str) -> str | None:
    return next((i["status"] for i in record["items"] if i["rule"] == rule), None)


def _with(base: dict[str, Any], **parts: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(base))
    for key, values in parts.items():
        out.setdefault(key, {}).update(values)
    return out


@pytest.mark.parametrize(("share", "code", "status", "knife"), [(70, 1, "fail", False), (79, 1, "fail", True),
                                                                 (80, 1, "fail", True), (81, 0, "pass", True),
                                                                 (90, 0, "pass", False)])
def test_company_activity_share_below_at_and_above_the_more_than_80_test(runner: CliRunner, tmp_path: Path, share: int,
                                                                       code: int, status: str, knife: bool) -> None:
    exit_code, record = _record(runner, tmp_path, _with(COMPANY, activity={"for_controlling_authorities_pct": share}))
    assert exit_code == code
    assert _status(record, "procurement.vertical.not_controlled") == status
    (edge,) = [t for t in record["thresholds"] if t["fact"] == "external_activity_share_pct"]
    assert edge["value"] == 100 - share and edge["threshold"] == 20 and edge["knife_edge"] is knife
    if status == "fail":
        item = next(i for i in record["items"] if i["rule"] == "procurement.vertical.not_controlled")
        assert item["remedy"] and item["citations"][0]["uri"].startswith("https://www.legislation.gov.uk/")


@pytest.mark.parametrize(("day", "term", "status"), [("2026-11-22", 5, "pass"), ("2026-11-22", 6, "fail"),
                                                      ("2024-06-01", 3, "pass"), ("2024-06-01", 4, "fail")])
def test_reserved_contract_term_on_both_sides_of_each_regime_limit(runner: CliRunner, tmp_path: Path, day: str,
                                                                  term: int, status: str) -> None:
    proposal = {"adm": "employee_mutual", "form": "cic_limited_by_shares", "as_at": day,
                "ownership": {"staff_pct": 100}, "award": {"route": "reserved_mutual", "date": day, "term_years": term}}
    exit_code, record = _record(runner, tmp_path, proposal)
    assert _status(record, "proposal.award.reserved_term_too_long") == status
    assert exit_code == (1 if status == "fail" else 0)


@pytest.mark.parametrize(("ownership", "adm", "rule"), [
    ({"council_pct": 60, "private_pct": 50}, "part_owned_company", "proposal.ownership.shares_not_whole"),
    ({"council_pct": 90, "staff_pct": 10}, "wholly_owned_company", "proposal.ownership.outside_holder_in_public_body"),
])
def test_inconsistent_proposals_are_flagged_by_rules_not_crashed_on(runner: CliRunner, tmp_path: Path,
                                                                   ownership: dict[str, int], adm: str, rule: str) -> None:
    proposal = dict(COMPANY, adm=adm, ownership=ownership)
    exit_code, record = _record(runner, tmp_path, proposal)
    assert exit_code == 1 and _status(record, rule) == "fail"


def test_cic_paying_more_than_the_dividend_cap_fails(runner: CliRunner, tmp_path: Path) -> None:
    proposal = {"adm": "employee_mutual", "form": "cic_limited_by_shares", "as_at": "2026-11-22",
                "ownership": {"staff_pct": 100}, "money": {"surplus_distributed": True, "dividend_pct_of_profits": 60}}
    exit_code, record = _record(runner, tmp_path, proposal)
    assert exit_code == 1 and _status(record, "asset_lock.cic.dividend_above_cap") == "fail"


def test_3bm_structure_fails_the_in_house_exemption_and_meets_tupe_and_pension_duties(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "--example", "3bm-2013", "--format", "json"])
    assert result.exit_code == 1
    record = json.loads(result.output)
    assert _status(record, "procurement.vertical.not_controlled") == "fail"
    assert _status(record, "pensions.best_value_direction.protect_transferring_staff") == "applies"
    assert _status(record, "tupe.consultation.inform_and_consult") == "applies"
    assert _status(record, "procurement.reserved.mutual_route_pa") == "note"  # the reserved-contract route is open


def test_epic_cic_under_the_2015_regulations_carries_the_single_supplier_risk(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "--example", "epic-cic-2013", "--format", "json"])
    record = json.loads(result.output)
    assert record["as_at"] == "2024-06-01"
    assert _status(record, "procurement.direct_award.veat_pcr") == "risk"
    assert all("Procurement Act 2023" not in c["cite"] for i in record["items"] for c in i["citations"])


@pytest.mark.parametrize("example", ["3bm-2013", "epic-cic-2013", "sips-2013", "worcestershire-wocc-2019"])
def test_every_example_proposal_checks_in_every_format(runner: CliRunner, example: str) -> None:
    text = runner.invoke(main, ["check", "--example", example])
    assert text.exit_code in (0, 1) and "Result:" in text.output and "not, legal advice" in text.output
    markdown = runner.invoke(main, ["check", "--example", example, "--format", "markdown"])
    assert "| Result | Rule |" in markdown.output
    assert runner.invoke(main, ["examples", example]).output.startswith("#")
    assert example in runner.invoke(main, ["examples"]).output


@pytest.mark.parametrize(("proposal", "message"), [
    (dict(COMPANY, ownership={"council_pct": 120}), "ownership.council_pct"),
    (dict(COMPANY, adm="spaceship"), "'adm'"),
    (dict(COMPANY, form="cio"), "cannot take the form 'cio'"),
    (dict(COMPANY, colour="blue"), "colour"),
    (dict(COMPANY, award={"route": "handshake"}), "award.route"),
])
def test_malformed_proposals_exit_2_with_the_field_named(runner: CliRunner, tmp_path: Path, proposal: dict[str, Any],
                                                         message: str) -> None:
    result = _check(runner, tmp_path, proposal)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_proposal_schema_is_published(runner: CliRunner) -> None:
    schema = json.loads(runner.invoke(main, ["schema", "proposal"]).output)
    assert {"adm", "form", "ownership", "award", "pensions", "functions"} <= set(schema["properties"])


def test_a_holder_left_out_holds_nothing_but_unknown_stays_unknown(runner: CliRunner, tmp_path: Path) -> None:
    _, record = _record(runner, tmp_path, COMPANY)
    assert _status(record, "proposal.ownership.outside_holder_in_public_body") == "pass"
    _, record = _record(runner, tmp_path, _with(COMPANY, ownership={"staff_pct": "unknown"}))
    assert _status(record, "proposal.ownership.outside_holder_in_public_body") == "unknown"


def test_sandwell_schools_cooperative_leaves_the_council_a_minority_on_a_knife_edge(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "--example", "sips-2013", "--format", "json"])
    assert result.exit_code == 1
    record = json.loads(result.output)
    assert _status(record, "procurement.vertical.not_controlled") == "fail"  # the council's 20% does not control it
    assert _status(record, "control.part_v.influenced_company") == "risk"
    assert _status(record, "control.part_v.minority_interest") == "note"
    edge = next(t for t in record["thresholds"] if t["rule"] == "control.part_v.influenced_company")
    assert edge["value"] == 20 and edge["threshold"] == 20 and edge["knife_edge"]
