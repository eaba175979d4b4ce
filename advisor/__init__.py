"""ADM Advisor: which alternative delivery models a council can lawfully use for a service, and why.

This module is the advisor's public API: the command line calls only what it exports (and so will
the web front end), and so may any Python program. Everything else is inside the layers below,
each a subpackage that imports only from the layers under it:

    cli/         the click commands and the terminal side of the questionnaire (front end)
    quality/     scenario cases, rule coverage, mutation testing, the rule-base check
    documents/   reports as text, Markdown, JSON and CSV; the memo (Markdown, HTML, Word); the questionnaire
    assessment/  verdicts, findings, open questions, the question planner, why-not, proposal checks, diff, sweep
    engine/      evaluating the law in force: durable-rules (the only importer of durable), folding, batching,
                 the plain-Python reference evaluator
    law/         the rule format, loading and checking rules/, the answers vocabulary, conditions, the law in force
    base/        errors, safe YAML, the package's data directories, the version

Example::

    import datetime as dt
    import advisor

    book = advisor.load_book()                                   # the shipped rule base, checked
    answers = advisor.load_answers(None, "worcestershire-2018")  # or a path to an answers file
    result = advisor.assess(answers, book, dt.date(2018, 3, 1))
    for adm in result.adms:
        print(adm.adm.id, adm.verdict)
"""

from __future__ import annotations

from advisor.assessment.assess import assess, assess_many
from advisor.assessment.check import run_check
from advisor.assessment.contract import assessment_dict, disclaimer
from advisor.assessment.diff import diff_record
from advisor.assessment.records import Assessment
from advisor.assessment.relevance import Plan, Planner
from advisor.assessment.sweep import run_sweep
from advisor.assessment.verdicts import VERDICTS, Verdict
from advisor.assessment.why_not import why_not
from advisor.base.errors import AdvisorError, AnswersError, EvaluationError, RulebookError, ScenarioError
from advisor.base.version import __version__
from advisor.documents.listings import catalogue_text, example_listing, rule_text, rules_text
from advisor.documents.memo import MemoWriter, write_memo
from advisor.documents.questionnaire import Questionnaire, next_questions_text, open_questionnaire
from advisor.documents.reports import (
    advise_data,
    advise_text,
    check_text,
    csv_text,
    diff_text,
    memo_text,
    sweep_text,
    verify_text,
)
from advisor.documents.verify import verify_memo
from advisor.law.answers import validate_answers
from advisor.law.answers_file import AnswersFile, open_answers_file
from advisor.law.loader import load_rulebook
from advisor.law.proposal import Proposal
from advisor.law.proposal_map import read_proposal
from advisor.law.rules import Rulebook
from advisor.law.shipped import answers_model, example_names, example_text, load_answers, load_book, proposal_map
from advisor.quality.evidence import check_report, coverage_report

__all__ = [
    # the law: the rule base, the answers and proposals it reads
    "Rulebook", "load_book", "load_rulebook", "answers_model", "load_answers", "validate_answers",
    "AnswersFile", "open_answers_file", "example_names", "example_text", "Proposal", "read_proposal", "proposal_map",
    # assessing: one council or many, as at a date, and what follows
    "Assessment", "Verdict", "VERDICTS", "assess", "assess_many", "assessment_dict", "disclaimer",
    "Plan", "Planner", "run_check", "why_not", "diff_record", "run_sweep",
    # documents: the commands' outputs, the memo, the questionnaire
    "advise_data", "advise_text", "check_text", "diff_text", "sweep_text", "csv_text", "verify_text", "memo_text",
    "MemoWriter", "write_memo", "verify_memo", "Questionnaire", "open_questionnaire", "next_questions_text",
    "catalogue_text", "example_listing", "rule_text", "rules_text",
    # the rule base's own evidence: its scenario cases and their coverage
    "check_report", "coverage_report",
    # errors, each with the exit code it maps to
    "AdvisorError", "AnswersError", "EvaluationError", "RulebookError", "ScenarioError",
    "__version__",
]
