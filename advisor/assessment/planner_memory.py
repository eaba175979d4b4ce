"""What one process's question planners remember per rule book: verdict sets, and whole states of the latest answers.

Verdicts are a pure function of the rule book, the date of the law and the answers that the rules read (their
conditions, and the dates that choose which versions are in force), so they are kept by a digest of exactly those
answers: a council's name, or a date only the timetable reads, does not split them. Every new appraisal starts from
the same blank answers, so the first questions' what-ifs are worked out once per process for every council. Whole
states (an assessment, with its answers) are kept by a digest of all the answers. A miss simply recomputes: nothing
depends on an entry being there (several processes each keep their own). Safe across threads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from advisor.assessment.book_memory import PerBook
from advisor.assessment.verdicts import Verdict
from advisor.law.conditions import FactLeaf, leaves
from advisor.law.rules import Rulebook

Option = tuple[str, str]  # (ADM id, form id)
Key = tuple[str, bytes]  # (the date of the law, a digest of answers)
REMEMBERED = 20_000  # verdict sets kept per process and rule book (an interview needs a few thousand)
SHARED_STATES = 32  # whole assessments kept per process and rule book (the latest interviews' current answers)
_BOOKS = 4  # rule books whose assessments are kept per process
_T = TypeVar("_T")


def verdict_fields(book: Rulebook) -> frozenset[str]:
    """The answers a verdict can depend on: those any rule's condition reads, and those that date rules."""
    read = {leaf.fact for rule in book.rules.values() for leaf in leaves(rule.condition) if isinstance(leaf, FactLeaf)}
    dating = {rule.date_basis for rule in book.rules.values()} - {"as_at"}
    return frozenset(read | dating)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=20).digest()


class PlannerMemory:
    """Verdict sets by (date, the answers rules read) and states by (date, all answers), for one rule book."""

    def __init__(self, book: Rulebook) -> None:
        self.book = book
        self.read = verdict_fields(book)
        self.verdicts: OrderedDict[Key, Mapping[Option, Verdict]] = OrderedDict()
        self.states: OrderedDict[Key, Any] = OrderedDict()  # the planner's states (assessment, verdicts, dependants)
        self.same: dict[Hashable, Mapping[Option, Verdict]] = {}  # one copy of each distinct verdict set
        self.lock = threading.Lock()

    def state_key(self, day: dt.date, answers: BaseModel) -> Key:
        """The key of a whole state: the date and every answer."""
        return str(day), _digest(answers.model_dump_json())

    def verdict_key(self, day: dt.date, answers: BaseModel) -> Key:
        """The key of a verdict set: the date and the answers a verdict can depend on."""
        return str(day), _digest(answers.model_dump_json(include=set(self.read)))

    def get(self, table: OrderedDict[Key, _T], key: Key) -> _T | None:
        """The entry, marked as recently used (None when not kept)."""
        with self.lock:
            found = table.get(key)
            if found is not None:
                table.move_to_end(key)
            return found

    def put(self, table: OrderedDict[Key, _T], key: Key, value: _T, most: int) -> None:
        """Keep the entry, forgetting the least recently used past `most`."""
        with self.lock:
            table[key] = value
            while len(table) > most:
                table.popitem(last=False)

    def shared(self, verdicts: Mapping[Option, Verdict]) -> Mapping[Option, Verdict]:
        """One kept copy of an equal verdict set (most what-if answers change nothing)."""
        key = frozenset(verdicts.items())
        with self.lock:
            if len(self.same) >= REMEMBERED:
                self.same.clear()
            return self.same.setdefault(key, verdicts)


_BY_BOOK = PerBook(PlannerMemory, _BOOKS)  # this process's verdicts and states, per rule book


def memory_of(book: Rulebook) -> PlannerMemory:
    """This process's planner memory for the rule book."""
    return _BY_BOOK.of(book)
