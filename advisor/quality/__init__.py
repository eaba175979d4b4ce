"""Evidence that the rule base is right: scenario cases run and checked, which rules they see firing and not
firing, what they leave unproven (`advisor rules check`), mutation testing, and sampled answers for tests.

May import: advisor.documents, advisor.assessment, advisor.engine, advisor.law, advisor.base.
Must not import: advisor.cli, durable.
"""
