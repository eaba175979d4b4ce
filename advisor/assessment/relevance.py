"""Which unanswered questions can still change a verdict, and which to ask first (from the rules that read them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel

from advisor.assessment.assess import assess
from advisor.assessment.candidates import candidate_values, distinct_values
from advisor.assessment.context import Context
from advisor.assessment.planner_memory import REMEMBERED, SHARED_STATES, Key, memory_of
from advisor.assessment.records import Assessment
from advisor.assessment.verdicts import Verdict, deciding_rules
from advisor.assessment.what_if import assess_what_if
from advisor.engine.reference import evaluate3
from advisor.law.active import ActiveRule
from advisor.law.conditions import Condition, DerivedLeaf, FactLeaf, Node, Status
from advisor.law.in_force import Law
from advisor.law.rules import Rulebook

Option = tuple[str, str]  # (ADM id, form id)
_DEPTH = 8  # derived facts chain at most this deep
_STATES = 256  # whole assessments kept per planner


def option_verdicts(assessment: Assessment) -> dict[Option, Verdict]:
    """The verdict of every ADM in every form."""
    verdicts = assessment.context.verdicts  # read straight from the catalogue: no ADM's assessment need be built
    return {(adm.id, form): verdicts[(adm.id, form)] for adm in assessment.context.book.catalogue.adms
            for form in adm.forms}


@dataclass
class Residuals:
    """The unknown facts each (rule, ADM) still waits on, once simplified by the known answers."""

    context: Context
    memo: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    def of(self, active: ActiveRule, adm: str, depth: int = 0) -> frozenset[str]:
        key = (active.rule.id, adm)
        if key not in self.memo:
            derived: dict[str, Status] = {name: entry[0] for name, entry in self.context.derived.get(adm, {}).items()}
            self.memo[key] = frozenset(self._walk(active.condition, active, adm, derived, depth))
        return self.memo[key]

    def _walk(self, cond: Condition | None, active: ActiveRule, adm: str,
              derived: Mapping[str, Status], depth: int) -> set[str]:
        if cond is None or evaluate3(cond, active, self.context.facts, derived) in ("true", "false"):
            return set()
        if isinstance(cond, FactLeaf):
            return {cond.fact}
        if isinstance(cond, DerivedLeaf):
            entry = self.context.derived.get(adm, {}).get(cond.name)
            if entry is None or depth >= _DEPTH:
                return set()
            return set(self.of(self.context.law.by_id[entry[1]], adm, depth + 1))
        assert isinstance(cond, Node)
        return set().union(*(self._walk(item, active, adm, derived, depth) for item in cond.items))


@dataclass(frozen=True)
class Dependants:
    """The options and rules whose outcome still waits on one answer."""

    options: frozenset[Option] = frozenset()
    rules: frozenset[str] = frozenset()


def dependants(assessment: Assessment) -> dict[str, Dependants]:
    """For each unknown answer, the undecided options and the rules that read it."""
    residuals = Residuals(assessment.context)
    found: dict[str, tuple[set[Option], set[str]]] = {}
    for adm in assessment.adms:
        for form in adm.forms:
            for active in deciding_rules(form.verdict, form.applying, form.pending):
                for fact in residuals.of(active, adm.adm.id):
                    options, rules = found.setdefault(fact, (set(), set()))
                    options.add((adm.adm.id, form.form.id))
                    rules.add(active.rule.id)
    return {fact: Dependants(frozenset(o), frozenset(r)) for fact, (o, r) in found.items()}


@dataclass(frozen=True)
class Question:
    """An unanswered question that can still change a verdict, with what depends on it."""

    fact: str
    score: float | None  # options whose verdict changes, averaged over the answers that could be given
    options: tuple[Option, ...]  # options whose verdict can change with the answer
    rules: tuple[str, ...]  # rules that read the answer (directly or through a derived fact)


@dataclass(frozen=True)
class Plan:
    """The assessment of the answers so far and the questions still worth asking, most useful first."""

    assessment: Assessment
    verdicts: Mapping[Option, Verdict]
    questions: tuple[Question, ...]


_State = tuple[Assessment, Mapping[Option, Verdict], Mapping[str, Dependants]]


class Planner:
    """Works out relevance and usefulness of questions for one rule base and as-at date."""

    def __init__(self, book: Rulebook, as_at: dt.date | None) -> None:
        self.book = book
        self.as_at = as_at
        self.bases = {rule.date_basis for rule in book.rules.values()} - {"as_at"}
        self._states: dict[Key, _State] = {}
        self._memory = memory_of(book)

    def assess(self, answers: BaseModel) -> Assessment:
        """The assessment of these answers on the planner's date."""
        return assess(answers, self.book, self.as_at)

    def _day(self, answers: BaseModel) -> dt.date:
        """The date the assessment applies, as `assess` chooses it."""
        return self.as_at or getattr(answers, "as_at", None) or dt.date.today()

    def verdicts(self, answers: BaseModel, near: Assessment | None = None) -> Mapping[Option, Verdict]:
        """Every option's verdict for these answers, remembered (a `don't know` leaves them unchanged); worked out
        from the assessment `near` of answers that differ a little, when given (`what_if`)."""
        key = self._memory.verdict_key(self._day(answers), answers)
        found = self._memory.get(self._memory.verdicts, key)
        if found is None:
            assessed = self.assess(answers) if near is None else assess_what_if(near, answers, self.as_at)
            found = self._memory.shared(option_verdicts(assessed))
            self._memory.put(self._memory.verdicts, key, found, REMEMBERED)
        return found

    def current(self, answers: BaseModel) -> Mapping[Option, Verdict]:
        """Every option's verdict for the answers as they stand (their whole state kept for planning next)."""
        return self._state(answers)[1]

    def _state(self, answers: BaseModel, share: bool = True) -> _State:
        """The assessment, verdicts and unknown answers waited on, for these answers (remembered)."""
        day = self._day(answers)
        key = self._memory.state_key(day, answers)
        found = self._states.get(key) or (self._memory.get(self._memory.states, key) if share else None)
        if found is None:
            now = self.assess(answers)
            found = (now, self._memory.shared(option_verdicts(now)), dependants(now))
            self._memory.put(self._memory.verdicts, self._memory.verdict_key(day, answers), found[1], REMEMBERED)
            if share:
                self._memory.put(self._memory.states, key, found, SHARED_STATES)
        if len(self._states) >= _STATES:
            self._states.pop(next(iter(self._states)))
        self._states[key] = found
        return found

    def plan(self, answers: BaseModel, asked: set[str], rank_all: bool = True,
             among: Collection[str] | None = None) -> Plan:
        """Every question not yet asked (of those `among`, if given) whose answer can still change a verdict.

        Scored most useful first; with rank_all False only as far as needed to know the first.
        """
        now, verdicts, waiting = self._state(answers)
        order = self.book.vocabulary.order
        open_facts = [name for name in self.book.vocabulary.facts
                      if name not in asked and (among is None or name in among)]
        bound = {name: len(verdicts) if name in self.bases else len(waiting.get(name, Dependants()).options)
                 for name in open_facts}
        best: float = -1.0
        questions: list[Question] = []
        for name in sorted(open_facts, key=lambda n: (-bound[n], order(n))):
            if not rank_all and bound[name] < best:
                questions += _unscored(name, waiting.get(name))
                continue
            question = self._question(answers, now, verdicts, name, waiting.get(name, Dependants()),
                                      -1.0 if rank_all else best)
            if question is not None:
                questions.append(question)
                best = max(best, question.score or 0.0)
        questions.sort(key=lambda q: (q.score is None, -(q.score or 0.0), -len(q.options), order(q.fact)))
        return Plan(now, verdicts, tuple(questions))

    def _question(self, answers: BaseModel, now: Assessment, verdicts: Mapping[Option, Verdict],
                  name: str, waiting: Dependants, best: float = -1.0) -> Question | None:
        """The question scored; or, once it cannot score `best` (however the answers left to try turn out), left
        unscored, as a question that matters but cannot be the most useful."""
        if not waiting.options and name not in self.bases:
            return None
        values, changes = self.answers_to_try(now, name), []
        most = len(verdicts) if name in self.bases else len(waiting.options)  # options one answer can change
        for tried, value in enumerate(values, 1):
            changes.append(self._changed(answers, now, name, value, verdicts))
            if waiting.options and sum(map(len, changes)) + most * (len(values) - tried) < best * len(values):
                return _unscored(name, waiting)[0]
        changed = frozenset().union(*changes) if changes else frozenset()
        if not waiting.options and not changed:
            return None
        score = sum(len(c) for c in changes) / len(changes) if changes else 0.0
        rules = waiting.rules | self._dated_by(now, name, changed)
        return Question(name, score, tuple(sorted(waiting.options | changed)), tuple(sorted(rules)))

    def _dated_by(self, now: Assessment, name: str, options: frozenset[Option]) -> frozenset[str]:
        """Rules in force whose version is chosen by this date and that touch these options."""
        if name not in self.bases:
            return frozenset()
        return frozenset(a.rule.id for a in now.context.law.rules if a.rule.date_basis == name
                         and any(self.book.touches_option(a.rule, *option) for option in options))

    def answers_to_try(self, now: Assessment, name: str) -> list[object]:
        """The answers to this question that can each lead somewhere different, on these answers and date."""
        spec = self.book.vocabulary[name]
        values = candidate_values(self.book, now.context.law, spec)
        if spec.type in ("number", "date"):
            return distinct_values(self.book, now.as_at, now.context.facts, spec, values)
        return values

    def _changed(self, answers: BaseModel, now: Assessment, name: str, value: object,
                 verdicts: Mapping[Option, Verdict]) -> frozenset[Option]:
        after = self.verdicts(answers.model_copy(update={name: value}), now)
        return frozenset(option for option, verdict in after.items() if verdicts[option] != verdict)

    def question_for(self, answers: BaseModel, name: str) -> tuple[Question, Law]:
        """What depends on one question (as if not yet answered), and the law that was read."""
        without = answers.model_copy(update={name: None})
        now, verdicts, waiting = self._state(without)
        found = self._question(without, now, verdicts, name, waiting.get(name, Dependants()))
        return found or Question(name, 0.0, (), ()), now.context.law

    def still_relevant(self, answers: BaseModel, name: str) -> bool:
        """Whether an answer given still matters: were it unknown, would it be asked?"""
        without = answers.model_copy(update={name: None})
        now, verdicts, waiting = self._state(without, share=False)
        if name in waiting:
            return True
        if name not in self.bases:
            return False
        return any(self._changed(without, now, name, value, verdicts) for value in self.answers_to_try(now, name))


def _unscored(name: str, found: Dependants | None) -> list[Question]:
    """A question known to matter but not scored (it cannot be the most useful one)."""
    if found is None or not found.options:
        return []
    return [Question(name, None, tuple(sorted(found.options)), tuple(sorted(found.rules)))]


__all__ = ["Dependants", "Option", "Plan", "Planner", "Question", "Residuals", "dependants", "option_verdicts"]
