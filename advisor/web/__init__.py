"""The web front end (`advisor serve`): server-rendered pages (GOV.UK Design System patterns, brand off, working
without JavaScript) and the JSON API under /api/v1, over appraisals kept in a database. Beside advisor.cli.

May import: the public API in `advisor` (advisor/__init__.py), this package's own modules, FastAPI, Starlette,
uvicorn, jinja2 and the standard library.
Must not import: advisor.base, advisor.law, advisor.engine, advisor.assessment, advisor.documents, advisor.quality,
advisor.storage directly, nor advisor.cli, nor durable.
"""
