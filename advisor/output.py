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
    return env


def render_template(name: str, data: Any) -> str:
    """Render a template from templates/ over the given record."""
    return _environment().get_template(name).render(data=data)
