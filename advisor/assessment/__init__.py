"""From firings to conclusions: verdicts per delivery model and form, findings with their explanations, open
questions, the question planner (which question can still change a verdict), why-not, proposal checks,
the difference between two dates, sweeps, and the JSON contract of an assessment.

May import: advisor.engine, advisor.law, advisor.base.
Must not import: advisor.documents, advisor.quality, advisor.cli, durable (only the engine does).
"""
