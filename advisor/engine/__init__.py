"""Evaluating the law in force over a council's facts: the durable-rules seam (advisor.engine.durable and its
durable_* helpers, the only modules that import durable), folding what no answer can change, batching many
assessments per session, and the plain-Python reference evaluator with the same firings.

May import: advisor.law, advisor.base.
Must not import: advisor.assessment, advisor.documents, advisor.quality, advisor.cli.
"""
