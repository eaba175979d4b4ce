"""`advisor rules show` and `advisor rules` read as law: texts with their parameters filled in, conditions in words."""

from __future__ import annotations

import datetime as dt
import json
import re

from click.testing import CliRunner

from advisor.cli.main import main
from advisor.law.conditions import FactLeaf, leaves
from advisor.law.rules import Rule, Rulebook
from advisor.law.shipped import load_book

_PARAM = re.compile(r'\{\{ *(?:("\{:,\.0f\}")\.format\()?params\.(\w+)\)? *\}\}')  # {{ params.X }}, or with thousands


def _run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(main, ["rules", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _shown(value: float, thousands: bool) -> str:
    if thousands:
        return f"{value:,.0f}"
    return str(int(value)) if float(value).is_integer() else str(value)


def _changing_parameter(book: Rulebook) -> tuple[Rule, str, dt.date, dt.date]:
    """A rule whose explanation uses only parameters, one of which changes value while the rule is in force."""
    for rule in book.rules.values():
        if "{%" in rule.explanation or re.search(r"\{\{ *(facts|adm|form|derived)", rule.explanation):
            continue
        for _, name in _PARAM.findall(rule.explanation):
            starts = sorted({v.start for v in book.file_of(rule).parameters[name].values} | {rule.in_force.start})
            inside = [day for day in starts if rule.in_force.covers(day)]
            if len(inside) >= 2 and len({book.file_of(rule).parameters[name].value_on(d) for d in inside}) >= 2:
                return rule, name, inside[0], inside[-1]
    raise AssertionError("no rule's explanation uses a parameter that changes while it is in force")


def test_rules_show_fills_in_the_parameters_in_force_on_the_as_at_date(runner: CliRunner) -> None:
    book = load_book()
    rule, name, first, last = _changing_parameter(book)
    seen = set()
    for day in (first, last):
        out = _run(runner, "show", rule.id, "--as-at", day.isoformat())
        params = {p: v for p, param in book.file_of(rule).parameters.items() if (v := param.value_on(day)) is not None}
        expected = _PARAM.sub(lambda m, values=params: _shown(values[m.group(2)], bool(m.group(1))),
                              " ".join(rule.explanation.split()))
        assert expected in out and "{{" not in out and f"Read as at {day.isoformat()}" in out
        seen.add(expected)
    assert len(seen) == 2  # the law changed between the two dates, and so did the text


def test_rules_show_tupe_eli_has_no_placeholders_and_says_when_in_words(runner: CliRunner) -> None:
    out = _run(runner, "show", "tupe.eli.notify_28_days")
    assert "{{" not in out and "{%" not in out and "params." not in out
    today = dt.date.today().isoformat()
    assert f"Read as at {today}" in out
    line = next(line for line in out.splitlines() if line.startswith("applies when: "))
    assert load_book().derived_labels["relevant_transfer"] in line and line.endswith(": yes.")
    assert '"derived"' not in out


def test_conditions_read_with_labels_and_thresholds_for_the_date(runner: CliRunner) -> None:
    book = load_book()
    rule = book.rules["procurement.contract.competition_required"]
    for day in (dt.date(2016, 1, 1), dt.date(2024, 1, 1)):
        line = next(x for x in _run(runner, "show", rule.id, "--as-at", day.isoformat()).splitlines()
                    if x.startswith("applies when: "))
        for leaf in leaves(rule.condition):
            assert isinstance(leaf, FactLeaf)
            assert book.vocabulary.facts[leaf.fact].shown_label.lower() in line.lower(), leaf.fact
            if leaf.param is not None:
                value = book.file_of(rule).parameters[leaf.param].value_on(day)
                assert value is not None and f"£{value:,.0f}" in line, (leaf.param, day)
        assert " and " in line and " or " in line and "(" in line


def test_rules_listing_says_every_condition_in_words(runner: CliRunner) -> None:
    out = _run(runner, "--as-at", "2024-06-01")
    said = [line.strip() for line in out.splitlines() if line.strip().startswith("Applies when: ")]
    assert len(said) == len(load_book().rules)
    for line in said:
        assert not re.search(r"[{}\"_]|\bop\b|\bparam\b", line), line
        assert line.endswith(".")
    assert out.startswith("Rules, their conditions read as at 2024-06-01")


def test_rules_json_stays_machine_readable(runner: CliRunner) -> None:
    data = json.loads(_run(runner, "--format", "json", "--area", "tupe"))
    eli = next(rule for rule in data if rule["id"] == "tupe.eli.notify_28_days")
    assert eli["when"] == {"derived": "relevant_transfer", "is": True}
    assert "{{ params.eli_notice_days }}" in eli["explanation"]  # the rule as written, for programs


def test_rules_show_refuses_a_bad_date(runner: CliRunner) -> None:
    result = runner.invoke(main, ["rules", "show", "tupe.eli.notify_28_days", "--as-at", "tomorrow"])
    assert result.exit_code == 2 and "--as-at" in result.output
