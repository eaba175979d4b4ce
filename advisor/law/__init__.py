"""The law as data: the rule format, loading and checking rules/, the answers vocabulary and the answers
model, conditions, proposals and how they set answers, and the law in force on a date (rules, parameter
values and authorities, with the bit masks verdicts are read from).

A new legal rule goes in rules/ (YAML), not here; this layer reads it. Loading checks the rules' own
shape and consistency; running the scenario cases is the quality layer's job.

May import: advisor.base.
Must not import: advisor.engine, advisor.assessment, advisor.documents, advisor.quality, advisor.cli, durable.
"""
