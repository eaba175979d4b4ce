"""One line of reason per model: the finding, choice yet to be made or open question that decides its verdict."""

from __future__ import annotations

from typing import Any

from advisor.law.rules import EFFECT_ORDER


def best_form(adm: dict[str, Any]) -> dict[str, Any]:
    """The form that gives a model (in the JSON contract) its verdict."""
    return next(form for form in adm["forms"] if form["verdict"] == adm["verdict"])


def ordered_findings(form: dict[str, Any]) -> list[dict[str, Any]]:
    """A form's findings (derivations aside), most telling first: exclusions, conditions, duties, risks, notes."""
    return sorted((f for f in form["findings"] if f["effect"] != "derive"),
                  key=lambda f: (EFFECT_ORDER.index(f["effect"]), f["area"], f["rule"]))


def decisive_reason(adm: dict[str, Any]) -> dict[str, Any] | None:
    """The finding (or choice yet to be made, or open question) that decides a model's verdict."""
    verdict, best = adm["verdict"], best_form(adm)
    if best["provided"]:
        return {"kind": "provided", "text": best["provided"][0]["text"], "fact": best["provided"][0]["fact"]}
    wanted = {"not_viable": ("exclude",), "viable_with_conditions": ("condition", "duty", "risk")}.get(verdict, ())
    for finding in ordered_findings(best):
        if finding["effect"] in wanted:
            return {"kind": "finding", "rule": finding["rule"], "title": finding["title"], "effect": finding["effect"]}
    decisive = [q for q in best["open_questions"] if q["decisive"]]
    if verdict == "undetermined" and decisive:
        return {"kind": "question", "question": decisive[0]["question"], "fact": decisive[0]["fact"]}
    return None
