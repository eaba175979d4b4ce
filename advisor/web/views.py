"""Rendering a page: the jinja2 templates (autoescaped), the CSRF token in every form, the cookie that carries it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

import advisor
from advisor.web.audit import stamp
from advisor.web.dates import in_words
from advisor.web.security import CSRF_COOKIE, CSRF_FIELD, csrf_token

TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                               autoescape=True)
TEMPLATES.filters["day"] = in_words
TAGS = {"viable": "govuk-tag--green", "viable_with_conditions": "govuk-tag--yellow",
        "not_viable": "govuk-tag--red", "undetermined": "govuk-tag--grey"}
WORDS = {"viable": "Viable", "viable_with_conditions": "Viable with conditions", "not_viable": "Not viable",
         "undetermined": "Undetermined"}


def compile_templates() -> None:
    """Compile every page's template now (jinja2 keeps them), so that no officer waits for it on a first visit."""
    for name in TEMPLATES.list_templates(filter_func=lambda name: name.endswith(".j2")):
        TEMPLATES.get_template(name)


def page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """The page rendered, with what every page shows (the disclaimer, an appraisal's audit stamp, the CSRF field,
    verdict words and tags)."""
    token = csrf_token(request)
    html = TEMPLATES.get_template(template).render(
        **context, csrf_field=CSRF_FIELD, csrf_token=token, disclaimer=advisor.disclaimer(),
        version=advisor.__version__, tags=TAGS, words=WORDS, account=getattr(request.state, "account", None),
        stamp=stamp(context["appraisal"], _law_day(context)) if context.get("appraisal") else None)
    response = HTMLResponse(html, status_code=status)
    if getattr(request.state, "new_csrf", None):
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")
    return response


def _law_day(context: dict[str, Any]) -> Any:
    """The date of the law the page applied, for its audit stamp: the page's own (`law_day`, where its record says
    it), else the one chosen on it (None: the answers' own)."""
    return context.get("law_day") or getattr(context.get("when"), "day", None)


def problem_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    """A page saying what went wrong and what to do; never a traceback."""
    return page(request, "problem.html.j2", {"title": title, "message": message}, status)
