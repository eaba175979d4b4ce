"""Renders rule explanations (jinja2 over facts, params, derived facts, ADM and form)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from advisor.base.errors import RulebookError
from advisor.law.rules import Rulebook


def display(value: object) -> str:
    """How a fact value reads in a sentence: unknown, yes/no, plain numbers, ISO dates."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(display(item) for item in value) or "none"
    return str(value)


def _finalize(value: object) -> object:
    return display(value) if not isinstance(value, str) else value


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, finalize=_finalize,
                                trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=4096)
def _template(source: str) -> Any:
    return _environment().from_string(source)


def compile_texts(book: Rulebook) -> None:
    """Compile every rule's explanation, remedy and action now (they are kept), so that no page waits for it."""
    for rule in book.rules.values():
        for source in (rule.explanation, rule.remedy, rule.action):
            if source:
                _template(source)


def render_text(source: str, context: Mapping[str, object], where: str) -> str:
    """Render one explanation; a template error names the rule (`where`)."""
    try:
        return " ".join(_template(source).render(**context).split())
    except TemplateError as exc:
        raise RulebookError(f"{where}: explanation does not render: {exc}") from None
