"""`advisor diff`: what differs between the law on two dates, and which rule windows caused it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from advisor.assessment.diff import law_changes
from advisor.cli.main import main
from advisor.law.in_force import basis_dates, law_in_force
from advisor.law.shipped import load_book

ONE_DAY = dt.timedelta(days=1)


def _change_days() -> list[dt.date]:
    days = set()
    for rule in load_book().rules.values():
        days.add(rule.in_force.start)
        if rule.in_force.to is not None:
            days.add(rule.in_force.to + ONE_DAY)
    return sorted(day for day in days if day >= dt.date(2014, 1, 1))


@pytest.mark.parametrize("day", _change_days(), ids=str)
def test_each_commencement_and_repeal_shows_exactly_its_rules_on_either_side(day: dt.date) -> None:
    book = load_book()

    def law(on: dt.date):  # type: ignore[no-untyped-def]
        return law_in_force(book, basis_dates(on, {}))  # no basis dates given: every rule goes by the as-at date

    changes = law_changes(law(day - ONE_DAY), law(day))
    starts = {c["rule"] for c in changes if c["change"] == "starts"}
    ends = {c["rule"] for c in changes if c["change"] == "ends"}
    assert starts == {r.id for r in book.rules.values() if r.in_force.start == day and r.scope == "any"}
    assert ends == {r.id for r in book.rules.values() if r.in_force.to == day - ONE_DAY and r.scope == "any"}


def _diff(runner: CliRunner, tmp_path: Path, answers: dict, first: str, second: str) -> dict:  # type: ignore[type-arg]
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    result = runner.invoke(main, ["diff", str(path), "--as-at", first, "--as-at", second, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_procurement_act_commencement_moves_a_grant_with_supply_obligations_to_the_act(runner: CliRunner, tmp_path: Path) -> None:
    answers = {"services": ["youth_services"], "award_without_competition": True,
               "grant_has_enforceable_supply_obligation": True, "annual_contract_value_gbp": 2000000,
               "direct_award_justification_applies": False}
    data = _diff(runner, tmp_path, answers, "2025-02-23", "2025-02-24")
    assert not [v for v in data["verdicts"] if v["adm"] == "Commission by grant"]  # a public contract under both regimes
    (grant,) = [f for f in data["findings"] if f["adm"] == "Commission by grant"]
    assert grant["before"] == grant["after"] == "not_viable"
    assert grant["removed"] == ["procurement.grant.supply_obligation_is_contract_pcr"]
    assert grant["added"] == ["procurement.grant.supply_obligation_is_contract_pa"]
    assert {"procurement.teckal.derive_pa", "procurement.teckal.derive_pcr"} <= {c["rule"] for c in data["law"]}
    assert _diff(runner, tmp_path, answers, "2025-02-24", "2025-03-01")["verdicts"] == []


def test_article_157_gives_way_to_section_79_4a_on_1_january_2024(runner: CliRunner, tmp_path: Path) -> None:
    answers = {"council_sets_pay_through_contract": True, "services": ["youth_services"]}
    data = _diff(runner, tmp_path, answers, "2023-12-31", "2024-01-01")
    moved = [o for o in data["findings"] + data["verdicts"]
             if "equal_pay.single_source.article157_council_sets_pay" in o["removed"]]
    assert moved and all("equal_pay.single_source.s79_4a_council_sets_pay" in o["added"] for o in moved)
    assert all("equal_pay.single_source.s79_4a_council_sets_pay" in o["because"] for o in moved)
    text = runner.invoke(main, ["diff", str(tmp_path / "a.yaml"), "--as-at", "2023-12-31", "--as-at", "2024-01-01"]).output
    assert "in force until 2023-12-31" in text and "s.79(4A)" in text


def test_diff_needs_exactly_two_dates(runner: CliRunner) -> None:
    result = runner.invoke(main, ["diff", "--example", "bnes-2015", "--as-at", "2024-01-01"])
    assert result.exit_code == 2 and "exactly two dates" in result.output
