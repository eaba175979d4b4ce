"""One question of the interview over an appraisal's answers: the same Questionnaire and planner as `advisor ask`
(phases 1 and 2, an officer's questions only with ?for=), as data for the question page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import advisor
from advisor.web.answers import answers_file

UNKNOWN = "u"  # what `advisor ask` takes for "I don't know"


@dataclass
class Outcome:
    """An answer given: the new answers file, the old and new values, the verdicts it changed; or why refused."""

    text: str = ""
    old: str | None = None
    new: str | None = None
    as_at: dt.date | None = None
    changed: list[dict[str, str]] = field(default_factory=list)
    problem: str | None = None


def _shown(questionnaire: advisor.Questionnaire, name: str) -> str | None:
    """The answer as the file writes it (None: not answered)."""
    if name not in questionnaire.file.values:
        return None
    value = questionnaire.file.values[name]
    if isinstance(value, list):  # several choices, as the checkboxes name them
        return ", ".join(map(str, value)) or "none"
    return "unknown" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def _saved_words(questionnaire: advisor.Questionnaire, name: str) -> str | None:
    """The answer saved as the page says it, in the memo's words (yes, £14,000,000, 1 April 2026, a choice's label,
    "I don't know"); None when not answered."""
    if name not in questionnaire.file.values:
        return None
    value = questionnaire.file.values[name]
    return "I don't know" if value is None else advisor.fact_value(questionnaire.book, name, value)


def question_data(questionnaire: advisor.Questionnaire, name: str) -> dict[str, Any]:
    """What the question page shows: the wording, help, allowed answers, why it is asked, and progress."""
    spec = questionnaire.book.vocabulary[name]
    why = questionnaire.why_record(name)
    plan = questionnaire.plan
    asked = questionnaire.file.asked
    return {"fact": name, "question": spec.question, "help": spec.help or spec.description, "type": spec.type,
            "answers": _answers(questionnaire.book, spec), "unit": spec.unit, "current": _shown(questionnaire, name),
            "saved": _saved_words(questionnaire, name),
            "options": sorted({option["adm_name"] for option in why["options"]}),
            "rules": [{"title": rule["title"], "citations": rule["citations"]} for rule in why["rules"]],
            "answered": len(asked), "worth_asking": (len(plan.questions) if plan else 0) + len(questionnaire.settling),
            "phase": questionnaire.phase, "back": _back(asked, name)}


def _answers(book: Any, spec: Any) -> list[tuple[str, str]]:
    """The answers offered as radios or checkboxes: (value posted, the words shown)."""
    if spec.type == "yes_no":
        return [("yes", "Yes"), ("no", "No")]
    return advisor.choice_words(book, spec.name)


def _back(asked: list[str], name: str) -> str | None:
    """The question before this one (an earlier answer, to change it)."""
    if name in asked:
        position = asked.index(name)
        return asked[position - 1] if position > 0 else None
    return asked[-1] if asked else None


def current(text: str, officer: str | None, wanted: str | None) -> dict[str, Any] | None:
    """The question to show (the one asked for, else the next worth asking); None when none is left."""
    with answers_file(text) as path:
        questionnaire = advisor.open_questionnaire(path, None, officer=officer)
        questionnaire.replan()
        name = wanted if wanted in questionnaire.book.vocabulary.facts else questionnaire.next_fact()
        return None if name is None else question_data(questionnaire, name)


def marked(text: str) -> str:
    """The answers file as `advisor ask` would have saved it: the answers that no longer matter marked (saves here
    leave the marks out, which would need the answers assessed once more per answer given, and add them on the
    way out)."""
    with answers_file(text) as path:
        return advisor.open_questionnaire(path, None).marked_text()


def answer(text: str, officer: str | None, name: str, typed: str) -> Outcome:
    """Give one answer as `advisor ask` takes it: refused with the CLI's message, or saved with what it changed."""
    with answers_file(text) as path:
        questionnaire = advisor.open_questionnaire(path, None, officer=officer, mark_on_save=False)
        if name not in questionnaire.book.vocabulary.facts:
            return Outcome(problem=f"{name!r} is not a question the advisor asks")
        before, old = questionnaire.model_verdicts(), _shown(questionnaire, name)
        problem = questionnaire.accept(name, typed)
        if problem is not None:
            return Outcome(problem=problem)
        return _outcome(questionnaire, path, before, old, name)


def _outcome(questionnaire: advisor.Questionnaire, path: Path, before: Mapping[str, tuple[str, str]], old: str | None,
             name: str) -> Outcome:
    after = questionnaire.model_verdicts()  # its state is kept: the next question page plans from it
    changed = [{"name": after[adm][0], "before": before[adm][1], "after": after[adm][1]}
               for adm in after if adm in before and before[adm][1] != after[adm][1]]
    as_at = questionnaire.file.values.get("as_at")
    return Outcome(path.read_text(encoding="utf-8"), old, _shown(questionnaire, name),
                   as_at if isinstance(as_at, dt.date) else None, changed)
