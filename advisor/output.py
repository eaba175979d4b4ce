"""The jinja2 environment for output templates (text, Markdown); templates format, never decide."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from advisor.resources import data_dir


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(data_dir("templates"))), undefined=StrictUndefined,
                      autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["label"] = lambda value: str(value).replace("_", " ")
    env.filters["reasons"] = reasons
    env.filters["questions"] = questions
    return env


def reasons(adm: dict[str, Any], effects: tuple[str, ...] = ("exclude", "condition", "duty", "risk")) -> list[dict[str, Any]]:
    """An ADM's findings of these effects, each once, with the forms it applies to (all forms: empty)."""
    seen: dict[str, dict[str, Any]] = {}
    for form in adm["forms"]:
        for finding in form["findings"]:
            if finding["effect"] in effects:
                entry = seen.setdefault(finding["rule"], dict(finding, forms=[]))
                entry["forms"].append(form["form"])
    out = list(seen.values())
    for entry in out:
        if len(entry["forms"]) == len(adm["forms"]):
            entry["forms"] = []
    return sorted(out, key=lambda e: (effects.index(e["effect"]), e["area"], e["rule"]))


def questions(adm: dict[str, Any]) -> list[dict[str, Any]]:
    """An ADM's open questions, each once, decisive ones first."""
    seen: dict[str, dict[str, Any]] = {}
    for form in adm["forms"]:
        for question in form["open_questions"]:
            entry = seen.setdefault(question["fact"], dict(question))
            entry["decisive"] = entry["decisive"] or question["decisive"]
    return sorted(seen.values(), key=lambda q: not q["decisive"])


def render_template(name: str, data: Any) -> str:
    """Render a template from templates/ over the given record."""
    return _environment().get_template(name).render(data=data)
