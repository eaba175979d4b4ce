"""Remembers the proviso search's answer for an option, keyed by exactly what that search reads.

The search for one option (in `choices`) reads only: the rules it evaluates, in the form the law in
force gives them (condition, parameter values, the models they touch: a date answer that changes other
rules changes no key here), the rule book (the vocabulary's choices, their values and order), which of
the option's exclusions are still open, and for each of those the flat facts and derived facts its
condition reads, directly or through the derive rules behind those derived facts still unknown, which
the search derives again (each derived fact as the engine left it: value and deciding rule), with the
ADM where the rule reads derived facts. Two options that agree on all of these (in one assessment or in
two) get the same proviso, so the search is run once per process for each.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from advisor.assessment.book_memory import PerBook
from advisor.assessment.context import Context
from advisor.engine.incremental import Reevaluated, derive_rules, rule_form
from advisor.law.active import ActiveRule
from advisor.law.conditions import DerivedLeaf, FactLeaf
from advisor.law.in_force import Law
from advisor.law.rules import Rulebook

Option = tuple[str, str]
Reads = tuple[tuple[str, ...], tuple[str, ...]]  # the flat fact keys and the derived fact names a rule reads
_MOST = 100_000  # provisos and ways kept per rule book (an interview needs some thousands)
_BOOKS = 4  # rule books whose provisos are kept per process
_LAWS = 256  # laws whose options' exclusions are kept
_MISSING = object()


class _Memory:
    """What one process has found for one rule book: provisos by key, and what each rule reads."""

    def __init__(self, book: Rulebook) -> None:
        self.book = book
        self.found: dict[Hashable, object] = {}  # provisos by option, ways by exclusion
        self.reads: dict[tuple[int, str], Reads] = {}
        self.forms: dict[tuple[int, str], int] = {}  # (law, rule) -> the number standing for the rule's form there
        self.numbers: dict[tuple[object, ...], int] = {}  # each form seen -> its number
        self.exclusions: dict[int, dict[tuple[str, str], tuple[tuple[str, tuple[str, str | None], ActiveRule], ...]]] = {}
        self.derivers: dict[int, dict[str, tuple[ActiveRule, ...]]] = {}


_MEMORIES = PerBook(_Memory, _BOOKS)


def rule_key(context: Context, active: ActiveRule, adm: str) -> Hashable:
    """What the search reads for one open exclusion of one ADM: the rules it evaluates (in their form under this law)
    and the values of the facts and derived facts they read.

    A rule evaluated once for all ADMs reads no derived fact (`ActiveRule.per_adm`), so its key names no ADM.
    """
    memory = _MEMORIES.of(context.book)
    form = _form(memory, context.law, active)
    if not active.per_adm:
        return active.rule.id, form, "", _values(context.facts, _direct(memory, context.law, active)[0])
    (keys, names), followed = _searched(memory, context, active, adm)
    derived = context.derived.get(adm, {})
    return active.rule.id, form, adm, _values(context.facts, keys), tuple(map(derived.get, names)), followed


def _form(memory: _Memory, law: Law, active: ActiveRule) -> int:
    """A number standing for the rule's form under this law: equal forms (under any law), equal numbers."""
    key = (law.key, active.rule.id)
    found = memory.forms.get(key)
    if found is None:
        form = (active.rule.id, *rule_form(active))
        found = memory.forms[key] = memory.numbers.setdefault(form, len(memory.numbers))
    return found


class Unchanged:
    """Which undetermined options of a what-if read nothing in their search that differs from the assessment it was
    worked out from: no exclusion of theirs opened, settled or took another form (a date answer choosing other rule
    versions), and no fact or derived fact an open one reads changed. Such an option's search has the same key, so
    its proviso is that assessment's (`holds`), found without working the key out."""

    def __init__(self, base: Context, now: Context, differs: Reevaluated) -> None:
        self.base, self.now = base, now
        self.firings, self.moved, self.keys = differs.changed, differs.moved, differs.keys
        rules = base.book.rules
        self.everywhere = {rules[rule].derives or "" for rule in self.moved} - {""}  # derived by a rule changed form
        self.names: dict[str | None, set[str]] = {}
        for rule, adm in self.firings:
            if rules[rule].derives:
                self.names.setdefault(adm, set(self.everywhere)).add(rules[rule].derives or "")

    def holds(self, option: tuple[str, str]) -> bool:
        """Whether the option's proviso is the earlier assessment's (None there: none)."""
        if self.base.plain_verdicts.get(option) != "undetermined":
            return False
        memory = _MEMORIES.of(self.base.book)
        if self.moved and any(rule in self.moved for rule, _, _ in _exclusions(memory, self.base.law, option)):
            return False
        open_before = self.base.firings
        for rule, fired, active in _exclusions(memory, self.now.law, option):
            if rule in self.moved or fired in self.firings:
                return False  # an exclusion opened, settled, or took another form
            if open_before.get(fired) == "unknown" and not self._unread(memory, active, option[0]):
                return False
        return True

    def _unread(self, memory: _Memory, active: ActiveRule, adm: str) -> bool:
        """Whether nothing the search reads for this open exclusion changed."""
        key = (active.rule.id, adm if active.per_adm else "")
        reads = self.base.searched.get(key)
        if reads is None:
            reads = self.base.searched[key] = (_searched(memory, self.base, active, adm)[0] if active.per_adm
                                               else _direct(memory, self.base.law, active))
        return self.keys.isdisjoint(reads[0]) and self.names.get(adm, self.everywhere).isdisjoint(reads[1])


def _exclusions(memory: _Memory, law: Law, option: tuple[str, str]
                ) -> tuple[tuple[str, tuple[str, str | None], ActiveRule], ...]:
    """The option's exclusions under this law, each with its id and the (rule, ADM) its firing is recorded under."""
    if law.key not in memory.exclusions and len(memory.exclusions) >= _LAWS:
        memory.exclusions.clear()
    table = memory.exclusions.setdefault(law.key, {})
    found = table.get(option)
    if found is None:
        found = table[option] = tuple((active.rule.id, (active.rule.id, option[0] if active.per_adm else None), active)
                                      for active in law.by_option[option] if active.rule.effect == "exclude")
    return found


def _values(facts: Mapping[str, object], keys: tuple[str, ...]) -> tuple[object, ...]:
    values = tuple(map(facts.get, keys))
    try:
        hash(values)
    except TypeError:  # a multi-choice answer read whole
        values = tuple(_plain(value) for value in values)
    return values


def _searched(memory: _Memory, context: Context, active: ActiveRule, adm: str
              ) -> tuple[Reads, tuple[tuple[str, tuple[int, ...]], ...]]:
    """The flat fact keys and derived facts the search reads for one rule of one ADM, and the forms of the derive
    rules it evaluates: a derived fact still unknown is derived again in the search, so the rules deriving it are
    followed; a known one is read as it stands."""
    derived, derivers = context.derived.get(adm, {}), _derivers(memory, context.law)
    keys: set[str] = set()
    names: set[str] = set()
    followed: dict[str, tuple[int, ...]] = {}
    todo = [active]
    while todo:
        direct_keys, direct_names = _direct(memory, context.law, todo.pop())
        keys.update(direct_keys)
        for name in direct_names:
            if name not in names:
                names.add(name)
                if derived.get(name, _KNOWN)[0] == "unknown":
                    todo += derivers.get(name, ())
                    followed[name] = tuple(_form(memory, context.law, deriver) for deriver in derivers.get(name, ()))
    return (tuple(sorted(keys)), tuple(sorted(names))), tuple(sorted(followed.items()))


_KNOWN = ("", "")  # a derived fact the engine did not report: the search does not derive it again


def recalled(book: Rulebook, key: Hashable) -> object:
    """What the search found before for this key, or `MISSING` when not kept."""
    return _MEMORIES.of(book).found.get(key, _MISSING)


def keep(book: Rulebook, key: Hashable, found: object) -> None:
    """Remember what the search found for this key (forgetting all once too many are kept)."""
    table = _MEMORIES.of(book).found
    if len(table) >= _MOST:
        table.clear()
    table[key] = found


def _direct(memory: _Memory, law: Law, active: ActiveRule) -> Reads:
    """The flat fact keys and derived fact names a rule's own condition reads."""
    key = (law.key, active.rule.id)
    found = memory.reads.get(key)
    if found is None:
        keys = {leaf.key() for leaf in active.leaves if isinstance(leaf, FactLeaf)}
        names = {leaf.name for leaf in active.leaves if isinstance(leaf, DerivedLeaf)}
        found = memory.reads[key] = (tuple(sorted(keys)), tuple(sorted(names)))
    return found


def _derivers(memory: _Memory, law: Law) -> dict[str, tuple[ActiveRule, ...]]:
    """Every rule in force deriving each derived fact, in the order the search derives them (which, where several
    derive one fact, decides which of them settles it)."""
    found = memory.derivers.get(law.key)
    if found is None:
        by_name: dict[str, list[ActiveRule]] = {}
        for active in derive_rules(law):
            by_name.setdefault(active.rule.derives or "", []).append(active)
        found = memory.derivers[law.key] = {name: tuple(rules) for name, rules in by_name.items()}
    return found


def _plain(value: object) -> object:
    """A fact's value in hashable form (a multi-choice answer's list as a tuple)."""
    return tuple(value) if isinstance(value, list) else value


MISSING = _MISSING
