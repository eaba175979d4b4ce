"""An appraisal's answers as the summary pages show them: each officer's part of the interview (answered, still
worth asking, status) and every answer grouped by topic, in words, marked when no verdict depends on it now."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

import advisor
from advisor.web.answers import answers_file

NOT_STARTED, IN_PROGRESS, COMPLETED = "Not started", "In progress", "Completed"


@dataclass
class Row:
    """One answer: the fact, its label and question, the answer in words, and whether a verdict still depends on it."""

    fact: str
    label: str
    question: str
    value: str
    unknown: bool
    stale: bool


@dataclass
class Topic:
    """The answers about one topic, in the vocabulary's order."""

    title: str
    rows: list[Row] = field(default_factory=list)


def words(book: Any, name: str, value: object) -> str:
    """An answer in words ("I don't know" for unknown)."""
    return "I don't know" if value is None else advisor.fact_value(book, name, value)


def _row(book: Any, name: str, value: object, stale: bool) -> Row:
    spec = book.vocabulary.facts[name]
    shown = words(book, name, value)
    return Row(name, advisor.fact_label(book, name), spec.question, shown[:1].upper() + shown[1:], value is None, stale)


def topics(questionnaire: advisor.Questionnaire, stale: set[str]) -> list[Topic]:
    """Every answer given, grouped by topic (topics and answers in the vocabulary's order)."""
    book, facts = questionnaire.book, questionnaire.book.vocabulary.facts
    order = {name: index for index, name in enumerate(facts)}
    grouped: dict[str, Topic] = {}
    for name in sorted((n for n in questionnaire.file.asked if n in facts), key=order.__getitem__):
        title = facts[name].topic or book.vocabulary.section_titles[facts[name].section]
        grouped.setdefault(title, Topic(title)).rows.append(_row(book, name, questionnaire.file.values[name],
                                                                 name in stale))
    return list(grouped.values())


def answer_topics(text: str, relevance: bool = True) -> list[Topic]:
    """The answers of an answers file by topic; with `relevance`, those no verdict depends on now are marked."""
    with answers_file(text) as path:
        questionnaire = advisor.open_questionnaire(path, None)
        return topics(questionnaire, questionnaire.irrelevant() if relevance else set())


def _status(answered: int, left: int) -> str:
    if left == 0:
        return COMPLETED
    return IN_PROGRESS if answered else NOT_STARTED


def officer_tasks(text: str) -> list[dict[str, Any]]:
    """Per officer (advisor.OFFICERS' order): answers given, questions still worth asking in either phase, status."""
    with answers_file(text) as path:
        questionnaire = advisor.open_questionnaire(path, None)
        questionnaire.replan()
        facts = questionnaire.book.vocabulary.facts
        plan = questionnaire.plan
        waiting = [q.fact for q in (plan.questions if plan else ())] + [q.fact for q in questionnaire.settling]
        rows = []
        for officer, name in advisor.OFFICERS.items():
            answered = sum(1 for fact in questionnaire.file.asked if fact in facts and facts[fact].officer == officer)
            left = sum(1 for fact in waiting if facts[fact].officer == officer)
            rows.append({"officer": officer, "name": name, "answered": answered, "left": left,
                         "status": _status(answered, left)})
        return rows


def change_words(book: Any, name: str, written: str | None) -> str:
    """An answer as the history keeps it (as the answers file writes it), in words."""
    if written is None:
        return "not answered"
    if written == "unknown":
        return "I don't know"
    if name not in book.vocabulary.facts:
        return written
    return advisor.fact_value(book, name, _value(written))


def _value(written: str) -> object:
    """The value an answers-file spelling stands for: yes/no, a number, a list of choices, else the text."""
    if written in ("true", "false"):
        return written == "true"
    try:
        value = ast.literal_eval(written)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return written
    return value if isinstance(value, int | float | list) and not isinstance(value, bool) else written
