"""What a person reads: the commands' reports as text, Markdown, JSON and CSV, the cabinet memo (Markdown,
HTML, Word, with its viability matrix), memo verification, listings of the rule base, and the questionnaire's
questions and status. Templates in templates/ lay records out; they never decide. A new output format goes here.

May import: advisor.assessment, advisor.engine, advisor.law, advisor.base.
Must not import: advisor.quality, advisor.cli, durable.
"""
