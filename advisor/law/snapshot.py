"""The loaded rule base as JSON data (no code runs on reading it): written once checked, read back through its models."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.law.catalogue import Catalogue
from advisor.law.rules import Rule, Rulebook, TopicFile
from advisor.law.vocabulary import DefinedTerm, FactSpec, ReplacedField, Vocabulary

_DATE = "date"  # a date in a rule's condition, written {"date": "YYYY-MM-DD"} (JSON has no dates)


class _Words(BaseModel):
    """The answers vocabulary as data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    facts: tuple[FactSpec, ...]
    titles: dict[str, str]
    terms: dict[str, DefinedTerm]
    replaced: dict[str, ReplacedField]


class Snapshot(BaseModel):
    """Everything a Rulebook holds, as JSON-ready data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal[3] = 3
    digest: str
    catalogue: Catalogue
    vocabulary: _Words
    derived: dict[str, str]
    derived_labels: dict[str, str]
    parties: dict[str, str]
    files: dict[str, TopicFile] = Field(min_length=1)


def _encode(value: object) -> object:
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    return value


def _decode(value: object) -> object:
    if isinstance(value, dict):
        if set(value) == {_DATE} and isinstance(value[_DATE], str):
            return dt.date.fromisoformat(value[_DATE])
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def _topic_data(topic: TopicFile) -> TopicFile:
    return topic.model_copy(update={"rules": tuple(rule.model_copy(update={"when": _encode(rule.when)})
                                                   for rule in topic.rules)})


def snapshot_json(book: Rulebook) -> bytes:
    """The rule base as JSON bytes."""
    words = book.vocabulary
    snapshot = Snapshot(digest=book.digest, catalogue=book.catalogue, derived=book.derived,
                        derived_labels=book.derived_labels, parties=book.parties,
                        vocabulary=_Words(facts=tuple(words.facts.values()), titles=words.section_titles,
                                          terms=words.terms, replaced=words.replaced),
                        files={name: _topic_data(topic) for name, topic in book.files.items()})
    return snapshot.model_dump_json(by_alias=True).encode()


def _rule(rule: Rule) -> Rule:
    return rule.model_copy(update={"when": _decode(rule.when)}).with_origin(rule.topic, rule.file)


def book_from_json(data: bytes) -> Rulebook:
    """The rule base from snapshot_json's bytes; anything else raises ValueError (pydantic's ValidationError is one)."""
    snapshot = Snapshot.model_validate_json(data)
    files = {name: topic.model_copy(update={"rules": tuple(_rule(rule) for rule in topic.rules)})
             for name, topic in snapshot.files.items()}
    rules = {rule.id: rule for topic in files.values() for rule in topic.rules}
    words = snapshot.vocabulary
    vocabulary = Vocabulary(list(words.facts), dict(words.titles), dict(words.terms), dict(words.replaced))
    return Rulebook(snapshot.catalogue, vocabulary, dict(snapshot.derived), files, rules, snapshot.digest,
                    dict(snapshot.derived_labels), parties=dict(snapshot.parties))


def same_book(one: Rulebook, other: Rulebook) -> bool:
    """True when two rule bases hold the same law, vocabulary and digest."""
    words, others = one.vocabulary, other.vocabulary
    return (one.digest, one.catalogue, one.derived, one.derived_labels, one.parties, one.files, one.rules) == \
        (other.digest, other.catalogue, other.derived, other.derived_labels, other.parties, other.files,
         other.rules) and \
        (words.facts, words.section_titles, words.terms, words.replaced) == \
        (others.facts, others.section_titles, others.terms, others.replaced)
