"""The jinja2 environments for output templates (text, Markdown, HTML, SVG); templates format, never decide."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError

from advisor.base.dates import date_words
from advisor.base.errors import AdvisorError
from advisor.base.resources import data_dir

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#]|&(?=#?[0-9A-Za-z]+;))")  # `&lt;` stays as written, `A & B` as is


def markdown_text(value: object) -> str:
    """Text safe to place in Markdown: its special characters escaped, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


@lru_cache(maxsize=8)
def _environment(markup: bool = False, template_dir: Path | None = None) -> Environment:
    loaders = [FileSystemLoader(str(template_dir))] if template_dir else []
    loaders.append(FileSystemLoader(str(data_dir("templates"))))
    env = Environment(loader=ChoiceLoader(loaders), undefined=StrictUndefined, autoescape=markup,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["label"] = lambda value: str(value).replace("_", " ")
    env.filters["md"] = markdown_text
    env.filters["money"] = lambda value: f"£{value:,.0f}"
    env.filters["figure"] = figure
    env.filters["shown"] = cell
    env.filters["reasons"] = reasons
    env.filters["questions"] = questions
    env.filters["provisos"] = provisos
    env.filters["day"] = day_words
    return env


def day_words(value: object) -> str:
    """A date (a date, or ISO text as the JSON gives it) in words, as officers write it: 1 April 2026."""
    return date_words(value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)))


def cell(value: object) -> str:
    """An answer in a table cell: yes/no, unknown, several choices joined with +."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "+".join(value) or "none"
    return str(value)


def figure(value: float, unit: str) -> str:
    """A number in its unit: pounds with thousands separators, per cent, or the unit named."""
    if unit == "gbp":
        return f"£{value:,.0f}"
    if unit == "percent":
        return f"{value:g}%"
    return f"{value:g} {unit}"


def _per_adm(adm: dict[str, Any], key: str, items: str, keep: Any, named: str = "form") -> list[dict[str, Any]]:
    """Items of an ADM's forms, each once, with the forms it is found in, by id (`named="name"`: by name; all forms:
    empty)."""
    seen: dict[str, dict[str, Any]] = {}
    for form in adm["forms"]:
        for item in form.get(items, []):
            if keep(item):
                seen.setdefault(item[key], dict(item, forms=[]))["forms"].append(form[named])
    out = list(seen.values())
    for entry in out:
        if len(entry["forms"]) == len(adm["forms"]):
            entry["forms"] = []
    return out


def reasons(adm: dict[str, Any], effects: tuple[str, ...] = ("exclude", "condition", "duty", "risk"),
            named: str = "form") -> list[dict[str, Any]]:
    """An ADM's findings of these effects, each once, with the forms it applies to (all forms: empty)."""
    out = _per_adm(adm, "rule", "findings", lambda finding: finding["effect"] in effects, named)
    return sorted(out, key=lambda e: (effects.index(e["effect"]), e["area"], e["rule"]))


def provisos(adm: dict[str, Any], named: str = "form") -> list[dict[str, Any]]:
    """An ADM's conditions from choices the council has yet to make, each once, with the forms it keeps open (all: empty)."""
    return _per_adm(adm, "text", "provided", lambda condition: True, named)


def questions(adm: dict[str, Any]) -> list[dict[str, Any]]:
    """An ADM's open questions, each once, decisive ones first."""
    seen: dict[str, dict[str, Any]] = {}
    for form in adm["forms"]:
        for question in form["open_questions"]:
            entry = seen.setdefault(question["fact"], dict(question))
            entry["decisive"] = entry["decisive"] or question["decisive"]
    return sorted(seen.values(), key=lambda q: not q["decisive"])


def model_parts(adm: dict[str, Any], effects: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    """A model of the JSON contract (`advise --format json`) as its page shows it: its findings of these effects (in
    that order), the choices that keep forms open, and its open questions, each once with the names of the forms."""
    return {"findings": reasons(adm, effects, "name"), "provisos": provisos(adm, "name"), "questions": questions(adm)}


def render_template(name: str, data: Any, template_dir: Path | None = None) -> str:
    """Render a text or Markdown template over the given record (a council's template_dir first)."""
    try:
        return _environment(False, template_dir).get_template(name).render(data=data)
    except TemplateError as exc:
        raise _template_error(name, exc) from None


def render_markup(name: str, data: Any, template_dir: Path | None = None, **extra: Any) -> str:
    """Render an HTML or SVG template with every value escaped (markup passed in `extra` as Markup)."""
    try:
        return _environment(True, template_dir).get_template(name).render(data=data, **extra)
    except TemplateError as exc:
        raise _template_error(name, exc) from None


def _template_error(name: str, exc: TemplateError) -> AdvisorError:
    """A template that cannot render (a council's own copy, say): name it and the line, never a traceback."""
    line = f", line {exc.lineno}" if isinstance(exc, TemplateSyntaxError) else ""
    return AdvisorError(f"template {name}{line}: {exc.message or exc.__class__.__name__}")
