"""The command line (`advisor`): the click commands, and the terminal side of the questionnaire. Thin: parse,
call the public API, print. A new front end (the web service: advisor.web) sits beside this one.

May import: the public API in `advisor` (advisor/__init__.py) and this package's own modules.
Must not import: advisor.base, advisor.law, advisor.engine, advisor.assessment, advisor.documents,
advisor.quality directly, nor durable.
"""
