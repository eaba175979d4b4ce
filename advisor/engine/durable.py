"""The only module that imports durable-rules: runs a compiled Law, assessments isolated in sessions of their own.

The Law is folded first (advisor.engine.folding): what no answer can change is settled once, when it
is compiled, and durable matches only the rest.

It hides the engine's quirks: a private host without poller threads (no global registry,
no segfaults on session deletion), a unique ruleset name per engine, rules spread over shards
that each match their own small copy of the answers (one fact matching more than ~60 tests
fails with error 303, or corrupts memory), patterns split to fit durable's 31 expression
slots (error 113), an observe-everything rule (no "nothing matched" exceptions, no silently
dropped conclusions), joins placed before any `$or` (durable drops a join that follows one),
matches batched with `cap`, the session always deleted (1024-session cap, flat memory), and
each ruleset primed with a session of its own (deleting its first session before any action
started frees unset pointers and crashes the process).
The session's action loop is driven here rather than by durable's Python host, whose
per-action closures, state re-serialisation and timers cost more than the matching, and
which swallows exceptions raised in actions; here they propagate. Facts cross the C boundary
as JSON text written by advisor.engine.durable_facts; matches come back as that same text, and only
the case and ADM are read from it. Up to CASES_PER_SESSION assessments share a session (its
creation and the C round trips are the engine's fixed costs): every fact carries its case, and
joined facts must share it, so no assessment sees another's facts. A fact durable drops as
already seen (a 32-bit identity collision: none is asserted twice) fails the session, which
is run again under a new id.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import uuid
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

import durable_rules_engine
from durable import engine as durable_engine

from advisor.base.errors import EvaluationError, RulebookError
from advisor.engine.collector import collector_paused
from advisor.engine.durable_compile import ConditionTooLarge
from advisor.engine.durable_facts import FactWriter
from advisor.engine.durable_plan import Shard, Variant, derived_readers, patterns, plan_shards
from advisor.engine.durable_run import Action, Run, fixed_action, reader_action
from advisor.engine.folding import INLINE_LEAVES, fold_law
from advisor.law.active import ActiveRule, Fired, Firing
from advisor.law.answers import FactValue
from advisor.law.in_force import Law


class _SyncHost(durable_engine.Host):  # type: ignore[misc]
    """A host that never starts durable's 0.2 s poller threads."""

    def _run(self) -> None:
        pass


def _never(c: Any) -> None:  # durable's host never runs our actions: evaluate() drives them
    raise EvaluationError("rule engine: an action ran outside the advisor's session loop")


_FAN_OUT_LIMIT = 48  # durable fails past ~60 tests matched by one fact (error 303, or memory corruption)
_BATCH = 10_000  # more matches than one session can produce: one action call per rule and wave
CASES_PER_SESSION = 32  # assessments sharing a session (each fact carries its case)
_OBSERVE_ALL = {"all": [{"x": {"$ex": {"kind": 1}}}, {"y": {"kind": "__never__"}}], "run": _never}
_PRIMER = {"all": [{"p": {"kind": "__primer__"}}], "run": _never}  # see DurableEngine._prime


class DurableEngine:
    """A Law compiled into one durable ruleset; evaluate_many() runs up to CASES_PER_SESSION assessments a session."""

    def __init__(self, law: Law, inline: int = INLINE_LEAVES) -> None:
        self.law = law
        folded = fold_law(law, inline)  # what the answers cannot change, settled here once
        self._settled = _apart(folded.settled, folded.rules)
        self._weights = law.masks.weights  # each firing's verdict bits (advisor.law.masks)
        self._shards = plan_shards(list(folded.rules))
        flags = {(shard.number, adm): shard.touch_flags(adm) for shard in self._shards for adm in _all_adms(law)}
        self._writer = FactWriter(self._shards, derived_readers(self._shards), flags)
        self._name = f"advisor-{uuid.uuid4().hex}"
        self._sessions = itertools.count()
        self._host = _SyncHost()
        self._lock = threading.Lock()
        self._actions: dict[str, Action] = {}
        self._closed = False
        self._host.register_rulesets({self._name: self._definition()})
        self._rules = self._host.get_ruleset(self._name)
        self._prime()

    def _prime(self) -> None:
        """Run one session that starts an action, so the engine's session record is initialised.

        Durable leaves two pointers of a new session record unset until an action starts, and
        frees them when the session is deleted: deleting the ruleset's first session before any
        action started (nothing matched, or an error) crashes the process. Records are reused,
        and a deleted one has them cleared, so after this session every later one is safe.
        """
        handle, sid = self._rules._handle, f"s{next(self._sessions)}"
        offset = _assert(handle, f'{{"kind":"__primer__","sid":"{sid}"}}')
        started = durable_rules_engine.start_action_for_state(handle, offset)
        while started and (started := durable_rules_engine.complete_and_start_action(handle, offset)):
            pass
        self._rules.delete_state(sid)

    def _definition(self) -> dict[str, Any]:
        rules: dict[str, Any] = {"__observe_all__": dict(_OBSERVE_ALL), "__primer__": dict(_PRIMER)}
        for shard in self._shards:
            compiled = 0
            for index, variant in enumerate(shard.variants):
                for piece, pattern in enumerate(_patterns(variant, shard)):
                    name = f"{variant.rule.rule.id}#{shard.number}.{index}.{piece}.{variant.status}"
                    rules[name] = {"all": pattern, "cap": _BATCH, "run": _never}
                    self._actions[name] = self._action(variant)
                    compiled += 1
            if compiled > _FAN_OUT_LIMIT:
                raise RulebookError(f"{shard.members[-1].rule.id}: its condition compiles to more tests than the rule "
                                    f"engine can match safely ({compiled} > {_FAN_OUT_LIMIT}); split the rule")
        return rules

    def _action(self, variant: Variant) -> Action:
        rule_id, status, derives = variant.rule.rule.id, variant.status, variant.rule.rule.derives
        adms = list(variant.rule.adms) if variant.kind != "global" else []
        derived = {adm: ((derives, adm, status), heads) for adm in adms if derives is not None
                   for heads in [self._writer.derived(derives, adm, status)] if heads}  # only facts some rule reads
        if variant.kind != "reader":  # fires once, for every ADM it touches (or for none): matches say nothing more
            return fixed_action([Firing(rule_id, adm, status) for adm in adms or [None]],  # type: ignore[arg-type, list-item]
                                list(derived.values()), self._weights)
        return reader_action({adm: Firing(rule_id, adm, status) for adm in adms}, derived,  # type: ignore[arg-type]
                             self._weights)

    def evaluate(self, facts: Mapping[str, FactValue]) -> AbstractSet[Firing]:
        """Run one assessment in a fresh session and return its firings."""
        return self.evaluate_many([facts])[0]

    def evaluate_many(self, cases: Sequence[Mapping[str, FactValue]]) -> list[AbstractSet[Firing]]:
        """Run many assessments, up to CASES_PER_SESSION to a session, and return each one's firings.

        Durable identifies facts by a 32-bit hash, so now and then two facts of a session collide
        and one is dropped; durable says so, and the session is run again under a
        new session id (which changes every hash).
        """
        out: list[AbstractSet[Firing]] = []
        with self._lock, collector_paused():
            if self._closed:
                raise EvaluationError("this compiled rule base was closed; compile it again")
            for start in range(0, len(cases), CASES_PER_SESSION):
                out += self._attempts(cases[start:start + CASES_PER_SESSION])
        return out

    def _attempts(self, cases: Sequence[Mapping[str, FactValue]]) -> list[AbstractSet[Firing]]:
        for _ in range(_ATTEMPTS - 1):
            try:
                return self._session(cases)
            except _Collision:
                continue
        try:
            return self._session(cases)
        except _Collision as exc:
            raise EvaluationError(str(exc)) from None

    def _session(self, cases: Sequence[Mapping[str, FactValue]]) -> list[AbstractSet[Firing]]:
        if not self._shards:  # no rule reads an answer: nothing to match (and durable crashes on no facts)
            return [self._settled] * len(cases)
        sid = f"s{next(self._sessions)}"  # a new id every session: retried, every fact's identity hash changes
        run = Run(len(cases), sid, self._writer)
        try:
            self._drive(",".join(fact for case, facts in enumerate(cases) for fact in self._writer.answers(facts, case, sid)),
                        run)
        except BaseException:
            with contextlib.suppress(Exception):  # the session may never have been created
                self._rules.delete_state(sid)
            raise
        self._rules.delete_state(sid)
        return [Fired(self._settled, run.firings[name], run.bits[name]) for name in map(str, range(len(cases)))]

    def _drive(self, answers: str, run: Run) -> None:
        """Assert the answers, run every activation, then assert what they derived, until nothing new is derived.

        Derived facts wait for the end of a wave, so one call asserts them all: no rule tests for
        a fact's absence, so when a fact arrives does not change what fires.
        """
        handle, actions, pending = self._rules._handle, self._actions, run.pending
        start, next_action = durable_rules_engine.start_action_for_state, durable_rules_engine.complete_and_start_action
        offset = _assert(handle, answers)
        try:
            while True:
                started = start(handle, offset)
                message = started[1] if started else None
                while message:
                    actions[message[2:message.index('"', 2)]](message, run)  # the rule's name: the message's one key
                    message = next_action(handle, offset)
                if not pending:
                    return
                _assert(handle, ",".join(pending))
                pending.clear()
        except BaseException:
            with contextlib.suppress(Exception):
                durable_rules_engine.abandon_action(handle, offset)
            raise

    def close(self) -> None:
        """Free the compiled ruleset in the C engine (waits for an evaluation under way)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                durable_rules_engine.delete_ruleset(self._rules._handle)


def _assert(handle: int, facts: str) -> int:
    """Assert facts, given as comma-separated JSON objects.

    Durable answers 1 when no rule observed a fact, 2 when one was already observed and so
    dropped (no fact is asserted twice, so that is a 32-bit identity clash) and 3 when nothing
    new was stored; otherwise 0 and the session's state offset.
    """
    code, offset = durable_rules_engine.assert_facts(handle, f"[{facts}]")[:2]
    if code == 2:
        raise _Collision("rule engine took two of the assessment's facts for one (code 2)")
    if code == 1:
        raise EvaluationError(f"rule engine refused the assessment's facts (code {code})")
    return int(offset) if code == 0 else 0


def _patterns(variant: Variant, shard: Shard) -> list[list[dict[str, Any]]]:
    try:
        return patterns(variant, shard)
    except ConditionTooLarge as exc:
        raise RulebookError(f"{variant.rule.rule.file}: rule {variant.rule.rule.id}: {exc}; split the rule") from None


def _apart(settled: frozenset[Firing], rules: Sequence[ActiveRule]) -> frozenset[Firing]:
    """The settled firings, checked to share no (rule, ADM) with the rules left to run (Fired relies on it)."""
    running = {(active.rule.id, adm) for active in rules for adm in (active.adms if active.per_adm else (None,))}
    both = sorted({(f.rule, str(f.adm)) for f in settled if (f.rule, f.adm) in running})
    if both:
        raise EvaluationError(f"folding both settled and compiled {both[:3]}")
    return settled


def _all_adms(law: Law) -> set[str]:
    return {adm for active in law.rules for adm in active.adms}


_ATTEMPTS = 4  # a collision needs a 32-bit hash clash; four in a row would mean something else is wrong


class _Collision(EvaluationError):
    """Durable dropped a fact whose 32-bit identity clashed with another in the session."""


