"""The loader refuses every malformed or inconsistent rule, naming the file and the rule."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.base.errors import RulebookError
from advisor.law.loader import load_rulebook
from tests.conftest import SAMPLE_TOPIC, make_rules_dir


def _mutated(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    topic = deepcopy(SAMPLE_TOPIC)
    change(topic)
    return topic


def _rule(topic: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(r for r in topic["rules"] if r["id"] == rule_id)


CASES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "no authorities": (lambda t: _rule(t, "sample.vat.note").update(authorities=[]), "sample.vat.note"),
    "authority not defined": (lambda t: _rule(t, "sample.vat.note").update(authorities=["nope"]), "not defined"),
    "authority without pinpoint": (
        lambda t: t["authorities"]["act.s1"].update(cite="Example Act 2000"), "pinpoint"),
    "authority on a foreign site": (
        lambda t: t["authorities"]["act.s1"].update(uri="https://example.com/act"), "uri"),
    "authority window short of the rule": (
        lambda t: _rule(t, "sample.services.csc").update(in_force={"from": "2000-01-01"}),
        "no cited authority is in force"),
    "id outside the topic": (lambda t: _rule(t, "sample.vat.note").update(id="other.vat.note"), "must start with"),
    "id of the wrong shape": (lambda t: _rule(t, "sample.vat.note").update(id="sample.note"), "topic.subject.finding"),
    "unknown fact": (lambda t: _rule(t, "sample.vat.note").update(when={"fact": "nonsense", "is": True}), "unknown fact"),
    "operator wrong for the type": (
        lambda t: _rule(t, "sample.vat.note").update(when={"fact": "keep_control", "op": ">", "value": 1}), "does not apply"),
    "value outside the choices": (
        lambda t: _rule(t, "sample.vat.note").update(when={"fact": "services", "op": "contains", "value": "x"}), "does not fit"),
    "numeric literal instead of a parameter": (
        lambda t: _rule(t, "sample.vat.note").update(when={"fact": "council_share_pct", "op": ">", "value": 50}),
        "dated parameters"),
    "unknown parameter": (
        lambda t: _rule(t, "sample.control.share").update(when={"fact": "council_share_pct", "op": ">", "param": "zz"}),
        "unknown parameter"),
    "parameter without a value in the window": (
        lambda t: t["parameters"]["majority_pct"]["values"][0].update({"from": "2010-01-01"}), "has no value"),
    "unknown ADM": (lambda t: _rule(t, "sample.vat.note").update(touches={"adms": ["castle"]}), "unknown ADMs"),
    "unknown form": (lambda t: _rule(t, "sample.vat.note").update(touches={"adms": "all", "forms": ["trust"]}), "unknown forms"),
    "uncertain rule that decides": (lambda t: _rule(t, "sample.vat.note").update(effect="exclude"), "uncertain"),
    "derive without a name": (lambda t: _rule(t, "sample.control.share").pop("derives"), "derives"),
    "derived fact read where never derived": (
        lambda t: _rule(t, "sample.control.lost")["touches"].update(adms=["charity"]), "which no rule derives"),
    "derived fact derived twice": (
        lambda t: _rule(t, "sample.control.owned")["touches"].update(adms=["wholly_owned_company", "part_owned_company"]),
        "also covers"),
    "explanation that does not render": (
        lambda t: _rule(t, "sample.vat.note").update(explanation="Uses {{ facts.not_a_fact.x }} here."), "does not render"),
    "explanation using a parameter without a value on the rule's first day": (
        lambda t: (t["parameters"].update(late={"description": "A later figure", "unit": "count", "values": [
                       {"from": "2010-01-01", "value": 3, "authority": "act.s1"}]}),
                   _rule(t, "sample.vat.note").update(explanation="Teams under {{ params.late }} staff.")),
        "does not render"),
    "unexpected key": (lambda t: _rule(t, "sample.vat.note").update(colour="red"), "Extra inputs"),
    "derived leaf nested inside any": (
        lambda t: _rule(t, "sample.control.lost").update(
            when={"any": [{"fact": "keep_control", "is": True}, {"derived": "council_controls_body", "is": False}]}),
        "directly under the top-level"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_malformed_rule_is_refused(tmp_path: Path, case: str) -> None:
    change, message = CASES[case]
    with pytest.raises(RulebookError) as caught:
        load_rulebook(make_rules_dir(tmp_path, _mutated(change)))
    assert "sample.yaml" in str(caught.value.message)
    assert message in str(caught.value.message)


def test_duplicate_rule_ids_across_files_are_refused(tmp_path: Path) -> None:
    rules = make_rules_dir(tmp_path)
    (rules / "sample2.yaml").write_text((rules / "sample.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RulebookError, match="already used"):
        load_rulebook(rules)


def test_a_key_given_twice_in_a_rule_file_is_refused(tmp_path: Path) -> None:
    rules = make_rules_dir(tmp_path)
    sample = rules / "sample.yaml"
    text = sample.read_text(encoding="utf-8")
    twice = text.replace("authorities:\n", "authorities:\n  act.s1: {cite: Other Act 1999, s.9, uri: "
                         "'https://www.legislation.gov.uk/ukpga/1999/9/section/9', grade: statute, "
                         "in_force: {from: 1999-01-01}}\n", 1)
    assert twice != text
    sample.write_text(twice, encoding="utf-8")
    with pytest.raises(RulebookError, match="sample.yaml: .*'act.s1' is given more than once"):
        load_rulebook(rules)


@pytest.mark.parametrize("name", ["forms.yaml", "adms.yaml", "derived.yaml", "answers/10_service.yaml"])
def test_a_key_or_id_given_twice_in_the_catalogue_or_vocabulary_is_refused(tmp_path: Path, name: str) -> None:
    rules = make_rules_dir(tmp_path)
    path = rules / name
    if name == "forms.yaml":
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        raw["forms"].append(dict(raw["forms"][0]))
        path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    elif name == "adms.yaml":
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        raw["adms"].append(dict(raw["adms"][0]))
        path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        first_key = next(line for line in text.splitlines() if line and not line.startswith("#"))
        path.write_text(f"{text}{first_key}\n", encoding="utf-8")  # the first top-level key again, at the end
    with pytest.raises(RulebookError, match="duplicate|given more than once"):
        load_rulebook(rules)


def test_the_sample_loads(tmp_path: Path) -> None:
    book = load_rulebook(make_rules_dir(tmp_path))
    assert set(book.rules) == {r["id"] for r in SAMPLE_TOPIC["rules"]}


def test_the_shipped_rule_base_covers_every_area_with_at_least_seventy_rules(book) -> None:  # type: ignore[no-untyped-def]
    from advisor.law.rules import AREAS

    assert len(book.rules) >= 70
    assert {rule.area for rule in book.rules.values()} == set(AREAS)
