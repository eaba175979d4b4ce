"""Listings: the embedded examples, the ADM x form catalogue, and the rule base with its citations, as text or JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from advisor.base.errors import AnswersError
from advisor.documents.rule_words import condition_sentence, parameters_on, rule_texts
from advisor.documents.templates import render_template
from advisor.law.shipped import example_files, load_book, proposal_example_files


def example_listing() -> str:
    """One line per embedded example council and example proposal: name and what it is."""
    lines = ["Example councils (advisor advise --example NAME):"]
    for group, found in (("", example_files()), ("Example proposals (advisor check --example NAME):", proposal_example_files())):
        if group:
            lines += ["", group]
        for name, path in found.items():
            first = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
            lines.append(f"  {name:<26} {first}")
    lines += ["", "Copy one to start your own: `advisor examples NAME > FILE.yaml`. A proposal describes one structure",
              "(model, form, ownership, award, staff, pensions, money); its `answers:` names the council's answers",
              "file, which must sit in the proposal's folder (copy the example council it names beside it)."]
    return "\n".join(lines) + "\n"


def catalogue_text(fmt: str) -> str:
    """The ADM x form catalogue as text or JSON."""
    catalogue = load_book().catalogue
    if fmt == "json":
        return json.dumps(catalogue.model_dump(mode="json"), indent=2) + "\n"
    return render_template("adms.txt.j2", catalogue.model_dump(mode="json"))


def _rule_data(rule_id: str, as_at: dt.date | None = None) -> dict[str, Any]:
    """A rule as JSON; with a date, also as read on it: its condition as a sentence, its texts filled in."""
    book = load_book()
    rule = book.rules[rule_id]
    topic = book.file_of(rule)
    data = rule.model_dump(mode="json", by_alias=True)
    data["authorities"] = [dict(topic.authorities[k].model_dump(mode="json", by_alias=True), key=k)
                           for k in rule.authorities]
    data["touches"]["adms"] = list(book.adms_of(rule))
    if as_at is not None:
        day = min(max(as_at, rule.in_force.start), rule.in_force.end)  # a rule not yet (or no longer) in force: its edge
        params = parameters_on(book, rule, day)
        data["read"] = dict(rule_texts(book, rule, params), as_at=day.isoformat(), asked=as_at.isoformat(),
                            params=params, when=condition_sentence(book, rule, params))
    return data


def rules_text(area: str | None, fmt: str, as_at: dt.date | None = None) -> str:
    """The rule base (optionally one area) as text, each condition read on `as_at` (default today), or as JSON."""
    book = load_book()
    ids = [rid for rid, rule in book.rules.items() if area is None or rule.area == area]
    if area is not None and not ids:
        raise AnswersError(f"--area {area!r} has no rules; areas: {', '.join(sorted({r.area for r in book.rules.values()}))}")
    if fmt == "json":
        return json.dumps([_rule_data(rid) for rid in ids], indent=2, ensure_ascii=False) + "\n"
    day = as_at or dt.date.today()
    return render_template("rules.txt.j2", {"rules": [_rule_data(rid, day) for rid in ids], "as_at": day.isoformat()})


def rule_text(rule_id: str, as_at: dt.date | None = None) -> str:
    """One rule in full, read as law on `as_at` (default today): its condition in words, its parameters filled in."""
    if rule_id not in load_book().rules:
        raise AnswersError(f"no rule {rule_id!r}; see `advisor rules` for the ids")
    return render_template("rule.txt.j2", {"rule": _rule_data(rule_id, as_at or dt.date.today())})
