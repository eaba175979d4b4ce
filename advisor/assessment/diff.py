"""Compares the law on two dates for one council: which verdicts and findings differ, and which rule windows caused it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from advisor.assessment.assess import assess
from advisor.assessment.records import Assessment
from advisor.law.active import ActiveRule
from advisor.law.in_force import Law
from advisor.law.rules import Rulebook


def law_changes(before: Law, after: Law) -> list[dict[str, Any]]:
    """Rules that come into force, cease, or change a parameter value or the provisions they cite."""
    out = []
    for rule_id in sorted(set(before.by_id) | set(after.by_id)):
        old, new = before.by_id.get(rule_id), after.by_id.get(rule_id)
        if old is None or new is None:
            active = new or old
            assert active is not None
            window = active.rule.in_force
            out.append({"rule": rule_id, "title": active.rule.title, "change": "starts" if old is None else "ends",
                        "on": (window.start if old is None else window.end).isoformat(),
                        "citations": [a.cite for a in active.authorities]})
            continue
        out += _parameter_changes(old, new) + _citation_changes(old, new)
    return out


def _parameter_changes(old: ActiveRule, new: ActiveRule) -> list[dict[str, Any]]:
    changed = sorted(name for name in set(old.params) | set(new.params) if old.params.get(name) != new.params.get(name)
                     and _reads(new, name))
    return [{"rule": new.rule.id, "title": new.rule.title, "change": "parameter", "parameter": name,
             "before": old.params.get(name), "after": new.params.get(name)} for name in changed]


def _reads(active: ActiveRule, param: str) -> bool:
    return any(getattr(leaf, "param", None) == param for leaf in active.leaves)


def _citation_changes(old: ActiveRule, new: ActiveRule) -> list[dict[str, Any]]:
    was, now = [a.cite for a in old.authorities], [a.cite for a in new.authorities]
    if was == now:
        return []
    return [{"rule": new.rule.id, "title": new.rule.title, "change": "citations",
             "before": sorted(set(was) - set(now)), "after": sorted(set(now) - set(was))}]


def _applying(assessment: Assessment) -> dict[tuple[str, str], tuple[str, set[str]]]:
    return {(adm.adm.id, form.form.id): (form.verdict, {a.rule.id for a in form.applying if a.rule.effect != "derive"})
            for adm in assessment.adms for form in adm.forms}


def option_changes(first: Assessment, second: Assessment, book: Rulebook,
                   changed_rules: set[str]) -> list[dict[str, Any]]:
    """Each option whose verdict or findings differ, with the changes of law behind it."""
    was, now = _applying(first), _applying(second)
    out = []
    for (adm, form), (verdict, rules) in now.items():
        old_verdict, old_rules = was[(adm, form)]
        if verdict == old_verdict and rules == old_rules:
            continue
        touching = sorted(r for r in changed_rules if r in book.rules and book.touches_option(book.rules[r], adm, form))
        out.append({"adm": book.catalogue.adm(adm).name, "form": book.catalogue.form(form).name, "before": old_verdict,
                    "after": verdict, "added": sorted(rules - old_rules), "removed": sorted(old_rules - rules),
                    "because": touching})
    return out


def diff_record(answers: BaseModel, book: Rulebook, first_day: dt.date, second_day: dt.date) -> dict[str, Any]:
    """The whole comparison between the two dates."""
    first, second = assess(answers, book, first_day), assess(answers, book, second_day)
    changes = law_changes(first.context.law, second.context.law)
    options = option_changes(first, second, book, {c["rule"] for c in changes})
    return {"first": first_day.isoformat(), "second": second_day.isoformat(), "law": changes,
            "verdicts": [o for o in options if o["before"] != o["after"]],
            "findings": [o for o in options if o["before"] == o["after"]]}
