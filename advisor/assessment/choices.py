"""Turns an option left open only by the council's own unmade choices into a viable option with conditions.

An option is undetermined when an exclusion might hold. When some answers to the council's
choices about the route (marked `council_choice` in rules/answers/) would make every such
exclusion fail, the option is viable provided the council chooses them: the fewest choices
that do, tried in the questionnaire's order. Facts of the world are never assumed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import replace
from itertools import combinations, product

from advisor.assessment.choice_memory import MISSING, Unchanged, keep, recalled, rule_key
from advisor.assessment.context import Context
from advisor.assessment.open_questions import unknown_facts
from advisor.assessment.provisos import Choice, Proviso
from advisor.engine.incremental import derive_rules
from advisor.engine.reference import evaluate3
from advisor.law.active import ActiveRule
from advisor.law.answers import FactValue, flatten
from advisor.law.conditions import Status
from advisor.law.in_force import Law

Option = tuple[str, str]
Assignment = tuple[tuple[str, bool | str], ...]
MAX_CHOICES = 4  # an exclusion waiting on more unmade choices than this stays open (the search would be too wide)


def with_provisos(context: Context, unchanged: Unchanged | None = None) -> Context:
    """The context with its provisos: the options its verdicts then report viable with conditions. For a what-if,
    an option whose search reads nothing that changed (`unchanged`) keeps the proviso it had before."""
    provisos = find_provisos(context, unchanged)
    return replace(context, provisos=provisos) if provisos else context


def find_provisos(context: Context, unchanged: Unchanged | None = None) -> dict[Option, Proviso]:
    """Each undetermined option that the council's choices alone can keep open, with those choices."""
    search = _Search(context)
    out: dict[Option, Proviso] = {}
    for option, verdict in context.plain_verdicts.items():
        if verdict == "undetermined":
            if unchanged is not None and unchanged.holds(option):
                proviso = unchanged.base.provisos.get(option)
            else:
                proviso = _remembered_proviso(search, option)
            if proviso is not None:
                out[option] = proviso
    return out


def _remembered_proviso(search: _Search, option: Option) -> Proviso | None:
    """The option's proviso, searched for once per process for each value of what the search reads: the open
    exclusions and their keys, which name each rule's form and the ADM where a rule reads its derived facts (the
    forms of one ADM with the same open exclusions share a proviso, options whose exclusions read no derived fact
    share one across ADMs, and laws that differ in other rules share them all)."""
    context, exclusions = search.context, search.open_exclusions(option)
    key = ("proviso", tuple(search.key_of(active, option[0]) for active in exclusions))
    found = recalled(context.book, key)
    if found is MISSING:
        found = search.proviso(option, exclusions)
        keep(context.book, key, found)
    return found  # type: ignore[return-value]


class _Search:
    """The search for one assessment, remembering each tried assignment's facts and derived facts."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.facts: dict[Assignment, Mapping[str, FactValue]] = {}
        self.derived: dict[tuple[Assignment, str], dict[str, Status]] = {}
        self.ways: dict[tuple[str, str], list[Assignment]] = {}
        self.keys: dict[tuple[str, str], Hashable] = {}

    def key_of(self, active: ActiveRule, adm: str) -> Hashable:
        """What searching this exclusion's ways reads, as a key (`choice_memory.rule_key`), worked out once."""
        key = (active.rule.id, adm if active.per_adm else "")
        found = self.keys.get(key)
        if found is None:
            found = self.keys[key] = rule_key(self.context, active, adm)
        return found

    def proviso(self, option: Option, exclusions: list[ActiveRule]) -> Proviso | None:
        """The fewest choices that make every open exclusion fail, or None when there are none."""
        adm = option[0]
        ways = []
        for active in exclusions:
            ways.append(self._ways(active, adm))
            if not ways[-1]:
                return None  # an exclusion that no unmade choice can avoid keeps the option undetermined
        chosen = _fewest(ways)
        if chosen is None:
            return None  # the choices that avoid one exclusion bring on another
        reads = {active.rule.id: unknown_facts(self.context, active, adm) for active in exclusions}
        order = self.context.book.vocabulary.order
        return Proviso(tuple(Choice(fact, value, tuple(rule for rule, facts in reads.items() if fact in facts))
                             for fact, value in sorted(chosen, key=lambda pair: order(pair[0]))))

    def _ways(self, active: ActiveRule, adm: str) -> list[Assignment]:
        """Each way the rule's own unmade choices can make it fail, fewest choices first, none a superset of another."""
        key = (active.rule.id, adm if active.per_adm else "")
        if key not in self.ways:
            book, kept = self.context.book, ("ways", self.key_of(active, adm))
            found = recalled(book, kept)
            if found is MISSING:
                found = self._search_ways(active, adm)
                keep(book, kept, found)
            self.ways[key] = found  # type: ignore[assignment]
        return self.ways[key]

    def _search_ways(self, active: ActiveRule, adm: str) -> list[Assignment]:
        chosen = self._choices(set(unknown_facts(self.context, active, adm)))
        ways: list[Assignment] = []
        for assignment in _assignments(chosen, self.context) if len(chosen) <= MAX_CHOICES else ():
            if not any(set(way) <= set(assignment) for way in ways) and self._status(active, adm, assignment) == "false":
                ways.append(assignment)
        return ways

    def open_exclusions(self, option: Option) -> list[ActiveRule]:
        """The option's exclusions that might hold, waiting on unknown answers."""
        firings, adm = self.context.firings, option[0]
        return [active for active in self.context.law.by_option[option] if active.rule.effect == "exclude"
                and firings.get((active.rule.id, adm if active.per_adm else None)) == "unknown"]

    def _choices(self, facts: set[str]) -> list[str]:
        vocabulary = self.context.book.vocabulary
        return sorted((fact for fact in facts if vocabulary[fact].settled_by_choice), key=vocabulary.order)

    def _status(self, active: ActiveRule, adm: str, assignment: Assignment) -> Status | None:
        return evaluate3(active.condition, active, self._facts(assignment), self._derived(adm, assignment))

    def _facts(self, assignment: Assignment) -> Mapping[str, FactValue]:
        if assignment not in self.facts:
            answers = self.context.answers.model_copy(update=dict(assignment))
            self.facts[assignment] = flatten(answers, self.context.book.vocabulary)
        return self.facts[assignment]

    def _derived(self, adm: str, assignment: Assignment) -> dict[str, Status]:
        key = (assignment, adm)
        if key not in self.derived:
            derived = {name: status for name, (status, _) in self.context.derived.get(adm, {}).items()}
            facts = self._facts(assignment)
            for deriver in _derivers(self.context.law, adm):
                name = deriver.rule.derives or ""
                if derived.get(name) == "unknown":
                    status = evaluate3(deriver.condition, deriver, facts, derived)
                    if status is not None:
                        derived[name] = status
            self.derived[key] = derived
        return self.derived[key]


def _assignments(chosen: list[str], context: Context) -> Iterator[Assignment]:
    """Values for the fewest choices first, each choice's values in the order the vocabulary lists them."""
    vocabulary = context.book.vocabulary
    for size in range(1, len(chosen) + 1):
        for facts in combinations(chosen, size):
            for values in product(*(vocabulary[fact].answer_values for fact in facts)):
                yield tuple(zip(facts, values, strict=True))


def _fewest(ways: list[list[Assignment]]) -> Assignment | None:
    """The smallest consistent union of one way per exclusion (a way already covered adds nothing).

    Kleene logic is monotone: a rule that fails with some answers unknown still fails whatever they
    are later given, so each exclusion stays avoided under the union.
    """
    best: Assignment | None = None

    def extend(index: int, chosen: dict[str, bool | str]) -> None:
        nonlocal best
        if best is not None and len(chosen) >= len(best):
            return
        if index == len(ways):
            best = tuple(chosen.items())
            return
        for way in ways[index]:
            if all(chosen.get(fact, value) == value for fact, value in way):
                extend(index + 1, {**chosen, **dict(way)})

    extend(0, {})
    return best


def _derivers(law: Law, adm: str) -> Iterator[ActiveRule]:
    """The derive rules deciding this ADM's derived facts, each after those it reads."""
    return (deriver for deriver in derive_rules(law) if adm in deriver.adms)
