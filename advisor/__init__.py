"""ADM Advisor: which alternative delivery models a council can lawfully use for a service, and why.

This module is the advisor's public API: the command line calls only what it exports (and so will
the web front end), and so may any Python program. Everything else is inside the layers below,
each a subpackage that imports only from the layers under it:

    cli/         the click commands and the terminal side of the questionnaire (front end)
    web/         `advisor serve`: the pages and the JSON API in a browser (front end, beside cli/)
    quality/     scenario and timetable cases, rule coverage, mutation testing, the rule-base check
    documents/   reports as text, Markdown, JSON and CSV; the memo (Markdown, HTML, Word, PDF); the questionnaire
    assessment/  verdicts, findings, open questions, the question planner, why-not, proposal checks, diff, sweep
    engine/      evaluating the law in force: durable-rules (the only importer of durable), folding, batching,
                 the plain-Python reference evaluator
    storage/     the web service's appraisals in a database (beside law/, independent of it: text, not law)
    law/         the rule format, loading and checking rules/, the answers vocabulary, conditions, the law in force
    base/        errors, safe YAML, writing files safely, the package's data directories, the version

Each name is imported from its layer when first used (PEP 562), so a command loads only what it needs.

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

from importlib import import_module
from typing import TYPE_CHECKING, Any

from advisor.base.version import __version__

if TYPE_CHECKING:
    from advisor.assessment.assess import assess, assess_many
    from advisor.assessment.check import run_check
    from advisor.assessment.contract import assessment_dict, disclaimer
    from advisor.assessment.diff import diff_record
    from advisor.assessment.records import Assessment
    from advisor.assessment.relevance import Plan, Planner
    from advisor.assessment.sweep import run_sweep
    from advisor.assessment.timetable import Timetable, TimetableStep, build_timetable
    from advisor.assessment.verdicts import VERDICTS, Verdict
    from advisor.assessment.why_not import why_not
    from advisor.base.dates import DATE_FORMS, NotADate, date_words, parse_date
    from advisor.base.errors import AdvisorError, AnswersError, EvaluationError, RulebookError, ScenarioError
    from advisor.base.files import check_output, write_file
    from advisor.base.officers import OFFICERS
    from advisor.documents.check_report import check_text
    from advisor.documents.contract_schema import (
        OUTPUT_SCHEMAS,
        AssessmentOutput,
        CheckOutput,
        LawDiffOutput,
        NextQuestionsOutput,
    )
    from advisor.documents.facts import choice_words, fact_label, fact_value, facts_in_words
    from advisor.documents.listings import catalogue_text, example_listing, rule_text, rules_text
    from advisor.documents.memo import MemoWriter, write_memo
    from advisor.documents.memo_report import memo_text
    from advisor.documents.plan_report import PLAN_FORMATS, plan_data, plan_output, route_problem
    from advisor.documents.plan_schema import PlanOutput
    from advisor.documents.questionnaire import (
        Questionnaire,
        next_questions_text,
        open_questionnaire,
        prepare_new_appraisals,
    )
    from advisor.documents.reasons import decisive_reason
    from advisor.documents.reports import advise_data, advise_text, diff_text
    from advisor.documents.sweep_report import csv_text, sweep_text
    from advisor.documents.templates import figure, model_parts
    from advisor.documents.verify import verify_memo, verify_text
    from advisor.law.answers import validate_answers
    from advisor.law.answers_file import AnswersFile, open_answers_file
    from advisor.law.loader import load_rulebook
    from advisor.law.proposal import Proposal
    from advisor.law.proposal_map import read_proposal
    from advisor.law.rules import Rulebook
    from advisor.law.shipped import (
        answers_model,
        example_names,
        example_text,
        load_answers,
        load_book,
        proposal_example_files,
        proposal_map,
    )
    from advisor.quality.evidence import check_report, coverage_report
    from advisor.storage.accounts import AccountError, Accounts, open_accounts
    from advisor.storage.proposals import KeptProposal, ProposalShelf, StaleProposal, open_proposals
    from advisor.storage.store import AppraisalStore, Edit, NoSuchAppraisal, StaleVersion, open_store
    from advisor.web.server import default_database_url, serve

_HOMES: dict[str, str] = {  # each public name and the module it is defined in
    # the law: the rule base, the answers and proposals it reads
    "Rulebook": "advisor.law.rules",
    "load_book": "advisor.law.shipped",
    "answers_model": "advisor.law.shipped",
    "load_answers": "advisor.law.shipped",
    "example_names": "advisor.law.shipped",
    "example_text": "advisor.law.shipped",
    "proposal_map": "advisor.law.shipped",
    "proposal_example_files": "advisor.law.shipped",
    "load_rulebook": "advisor.law.loader",
    "validate_answers": "advisor.law.answers",
    "AnswersFile": "advisor.law.answers_file",
    "open_answers_file": "advisor.law.answers_file",
    "Proposal": "advisor.law.proposal",
    "read_proposal": "advisor.law.proposal_map",
    # assessing: one council or many, as at a date, and what follows
    "Assessment": "advisor.assessment.records",
    "Verdict": "advisor.assessment.verdicts",
    "VERDICTS": "advisor.assessment.verdicts",
    "assess": "advisor.assessment.assess",
    "assess_many": "advisor.assessment.assess",
    "assessment_dict": "advisor.assessment.contract",
    "disclaimer": "advisor.assessment.contract",
    "Plan": "advisor.assessment.relevance",
    "Planner": "advisor.assessment.relevance",
    "run_check": "advisor.assessment.check",
    "Timetable": "advisor.assessment.timetable",
    "TimetableStep": "advisor.assessment.timetable",
    "build_timetable": "advisor.assessment.timetable",
    "why_not": "advisor.assessment.why_not",
    "diff_record": "advisor.assessment.diff",
    "run_sweep": "advisor.assessment.sweep",
    # documents: the commands' outputs, the memo, the questionnaire
    "advise_data": "advisor.documents.reports",
    "advise_text": "advisor.documents.reports",
    "decisive_reason": "advisor.documents.reasons",
    "model_parts": "advisor.documents.templates",
    "fact_label": "advisor.documents.facts",
    "fact_value": "advisor.documents.facts",
    "choice_words": "advisor.documents.facts",
    "diff_text": "advisor.documents.reports",
    "check_text": "advisor.documents.check_report",
    "AssessmentOutput": "advisor.documents.contract_schema",
    "NextQuestionsOutput": "advisor.documents.contract_schema",
    "LawDiffOutput": "advisor.documents.contract_schema",
    "CheckOutput": "advisor.documents.contract_schema",
    "OUTPUT_SCHEMAS": "advisor.documents.contract_schema",
    "facts_in_words": "advisor.documents.facts",
    "figure": "advisor.documents.templates",
    "sweep_text": "advisor.documents.sweep_report",
    "csv_text": "advisor.documents.sweep_report",
    "memo_text": "advisor.documents.memo_report",
    "plan_data": "advisor.documents.plan_report",
    "plan_output": "advisor.documents.plan_report",
    "PLAN_FORMATS": "advisor.documents.plan_report",
    "route_problem": "advisor.documents.plan_report",
    "PlanOutput": "advisor.documents.plan_schema",
    "MemoWriter": "advisor.documents.memo",
    "write_memo": "advisor.documents.memo",
    "verify_memo": "advisor.documents.verify",
    "verify_text": "advisor.documents.verify",
    "Questionnaire": "advisor.documents.questionnaire",
    "open_questionnaire": "advisor.documents.questionnaire",
    "prepare_new_appraisals": "advisor.documents.questionnaire",
    "next_questions_text": "advisor.documents.questionnaire",
    "catalogue_text": "advisor.documents.listings",
    "example_listing": "advisor.documents.listings",
    "rule_text": "advisor.documents.listings",
    "rules_text": "advisor.documents.listings",
    # the rule base's own evidence: its scenario cases and their coverage
    "check_report": "advisor.quality.evidence",
    "coverage_report": "advisor.quality.evidence",
    # appraisals kept in a database (for the web service), and serving it
    "AppraisalStore": "advisor.storage.store",
    "open_store": "advisor.storage.store",
    "Edit": "advisor.storage.store",
    "StaleVersion": "advisor.storage.store",
    "NoSuchAppraisal": "advisor.storage.store",
    "ProposalShelf": "advisor.storage.proposals",
    "KeptProposal": "advisor.storage.proposals",
    "StaleProposal": "advisor.storage.proposals",
    "open_proposals": "advisor.storage.proposals",
    "serve": "advisor.web.server",
    "default_database_url": "advisor.web.server",
    # the accounts that may sign in to the web service
    "Accounts": "advisor.storage.accounts",
    "AccountError": "advisor.storage.accounts",
    "open_accounts": "advisor.storage.accounts",
    # dates as officers write them
    "parse_date": "advisor.base.dates",
    "date_words": "advisor.base.dates",
    "NotADate": "advisor.base.dates",
    "DATE_FORMS": "advisor.base.dates",
    # who usually answers each question
    "OFFICERS": "advisor.base.officers",
    # writing files: whole or not at all, never onto an input, not through a link unless asked
    "check_output": "advisor.base.files",
    "write_file": "advisor.base.files",
    # errors, each with the exit code it maps to
    "AdvisorError": "advisor.base.errors",
    "AnswersError": "advisor.base.errors",
    "EvaluationError": "advisor.base.errors",
    "RulebookError": "advisor.base.errors",
    "ScenarioError": "advisor.base.errors",
}

__all__ = [  # exactly the names above, then the version (the tests hold the two lists together)
    "Rulebook", "load_book", "answers_model", "load_answers", "example_names", "example_text", "proposal_map",
    "proposal_example_files", "load_rulebook", "validate_answers", "AnswersFile", "open_answers_file", "Proposal",
    "read_proposal", "Assessment", "Verdict", "VERDICTS", "assess", "assess_many", "assessment_dict", "disclaimer",
    "Plan", "Planner", "run_check", "Timetable", "TimetableStep", "build_timetable", "why_not", "diff_record",
    "run_sweep", "advise_data", "advise_text", "decisive_reason", "model_parts", "fact_label", "fact_value",
    "choice_words", "diff_text", "check_text", "AssessmentOutput", "NextQuestionsOutput", "LawDiffOutput",
    "CheckOutput", "OUTPUT_SCHEMAS", "facts_in_words", "figure", "sweep_text", "csv_text", "memo_text", "plan_data",
    "plan_output", "PLAN_FORMATS", "route_problem", "PlanOutput", "MemoWriter", "write_memo", "verify_memo",
    "verify_text", "Questionnaire", "open_questionnaire", "prepare_new_appraisals", "next_questions_text",
    "catalogue_text", "example_listing", "rule_text", "rules_text", "check_report", "coverage_report", "AppraisalStore",
    "open_store", "Edit",
    "StaleVersion", "NoSuchAppraisal", "ProposalShelf", "KeptProposal", "StaleProposal", "open_proposals", "serve",
    "default_database_url", "Accounts", "AccountError", "open_accounts", "parse_date", "date_words", "NotADate",
    "DATE_FORMS", "OFFICERS", "check_output", "write_file", "AdvisorError", "AnswersError", "EvaluationError",
    "RulebookError", "ScenarioError", "__version__"
]


def __getattr__(name: str) -> Any:
    """A public name, imported from its layer on first use (then kept here)."""
    if name not in _HOMES:
        raise AttributeError(f"module 'advisor' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
