"""Fixtures shared by the unit tests, and the collector of YAML scenario tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from advisor.law.loader import load_rulebook
from advisor.law.rules import Rulebook
from advisor.law.shipped import load_book

REPO = Path(__file__).resolve().parent.parent
pytest_plugins = ["tests.scenario_plugin"]

SAMPLE_TOPIC = {
    "topic": "sample",
    "title": "A small rule base for testing the machinery",
    "authorities": {
        "act.s1": {"cite": "Example Act 2000, s.1(1)", "uri": "https://www.legislation.gov.uk/ukpga/2000/1/section/1",
                   "grade": "statute", "in_force": {"from": "2000-01-01"}},
        "act.s2": {"cite": "Example Act 2000, s.2", "uri": "https://www.legislation.gov.uk/ukpga/2000/1/section/2",
                   "grade": "statute", "in_force": {"from": "2000-01-01", "to": "2024-12-31"}},
    },
    "parameters": {
        "majority_pct": {"description": "Votes needed for control", "unit": "percent",
                         "values": [{"from": "2000-01-01", "value": 50, "authority": "act.s1"}]},
        "small_team": {"description": "Staff below which a team is small", "unit": "count",
                       "values": [{"from": "2000-01-01", "value": 10, "authority": "act.s1"}]},
    },
    "rules": [
        {"id": "sample.control.share", "title": "Control by share", "area": "control", "effect": "derive",
         "derives": "council_controls_body", "touches": {"adms": ["part_owned_company", "community_interest_company"]},
         "in_force": {"from": "2000-01-01"}, "authorities": ["act.s1"], "confidence": "settled",
         "when": {"fact": "council_share_pct", "op": ">", "param": "majority_pct"},
         "explanation": "The council would hold {{ facts.council_share_pct }}% of the votes."},
        {"id": "sample.control.owned", "title": "Wholly owned", "area": "control", "effect": "derive",
         "derives": "council_controls_body", "touches": {"adms": ["wholly_owned_company"]},
         "in_force": {"from": "2000-01-01"}, "authorities": ["act.s1"], "confidence": "settled",
         "explanation": "The council owns all of {{ adm.name }}."},
        {"id": "sample.control.lost", "title": "Red line: control", "area": "control", "effect": "exclude",
         "touches": {"adms": ["wholly_owned_company", "part_owned_company", "community_interest_company"]},
         "in_force": {"from": "2000-01-01"}, "authorities": ["act.s1"], "confidence": "settled",
         "when": {"all": [{"fact": "keep_control", "is": True}, {"derived": "council_controls_body", "is": False}]},
         "explanation": "The council must keep control, but would not control this body.",
         "remedy": "Hold more than {{ params.majority_pct }}% of the votes."},
        {"id": "sample.services.csc", "title": "Children's social care", "area": "childrens_social_care",
         "effect": "duty", "touches": {"adms": "all", "forms": ["company_limited_by_shares"]},
         "in_force": {"from": "2000-01-01", "to": "2024-12-31"}, "authorities": ["act.s2"], "confidence": "settled",
         "when": {"any": [{"fact": "services", "op": "contains", "value": "childrens_social_care"},
                          {"not": {"fact": "staff_in_scope_count", "op": "<", "param": "small_team"}}]},
         "explanation": "Duties apply to {{ facts.services }}."},
        {"id": "sample.vat.note", "title": "Always", "area": "vat", "effect": "note",
         "touches": {"adms": ["in_house"]}, "in_force": {"from": "2000-01-01"}, "authorities": ["act.s1"],
         "confidence": "uncertain", "explanation": "A note that always applies."},
    ],
}


def make_rules_dir(tmp: Path, topic: dict | None = None) -> Path:
    """A rules directory with the real catalogue and vocabulary and one sample topic file."""
    rules = tmp / "rules"
    rules.mkdir()
    for name in ("adms.yaml", "forms.yaml", "derived.yaml"):
        shutil.copy(REPO / "rules" / name, rules / name)
    shutil.copytree(REPO / "rules" / "answers", rules / "answers")
    (rules / "sample.yaml").write_text(yaml.safe_dump(topic or SAMPLE_TOPIC), encoding="utf-8")
    parties = yaml.safe_load((REPO / "rules" / "parties.yaml").read_text(encoding="utf-8"))["parties"]
    named = {rule["timing"]["who"] for rule in (topic or SAMPLE_TOPIC)["rules"] if "timing" in rule}
    (rules / "parties.yaml").write_text(yaml.safe_dump({"parties": {k: v for k, v in parties.items() if k in named}}),
                                        encoding="utf-8")
    return rules


@pytest.fixture
def sample_book(tmp_path: Path) -> Rulebook:
    """The sample rule base, loaded."""
    return load_rulebook(make_rules_dir(tmp_path))


@pytest.fixture(scope="session")
def book() -> Rulebook:
    """The shipped rule base."""
    return load_book()


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner."""
    return CliRunner()


# Tests of what does not vary with the Python version: output byte-identical across processes, a writer killed with
# kill -9, the rule base's scenario coverage (also `advisor rules coverage` in CI), a real browser, a real database
# server. `.ci/run` runs them on the first Python only (`-m "not once"` on the others), to keep CI near 30 minutes.
ONCE_MODULES = {"test_determinism", "test_kill9", "test_coverage", "test_browser", "test_storage", "test_accessibility",
                "test_workers", "test_accounts", "test_api_fuzz", "test_output_schemas"}


def runs_once(module_name: str) -> bool:
    """Whether a test module is run on the first Python only (each browser test is)."""
    name = module_name.rsplit(".", 1)[-1]
    return name in ONCE_MODULES or "browser" in name


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `once` the tests of the modules run on the first Python only."""
    for item in items:
        if getattr(item, "module", None) is not None and runs_once(item.module.__name__):
            item.add_marker(pytest.mark.once)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """After the run: how many fuzz cases of each kind ran (when the fuzz tests ran)."""
    import sys

    fuzzing = sys.modules.get("tests.fuzzing")
    for line in fuzzing.summary() if fuzzing else []:
        terminalreporter.write_line(line)
