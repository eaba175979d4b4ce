"""The only module that imports durable-rules: runs a compiled Law, one isolated session per assessment.

The Law is folded first (advisor.folding): what no answer can change is settled once, when it
is compiled, and durable matches only the rest.

It hides the engine's quirks: a private host without poller threads (no global registry,
no segfaults on session deletion), a unique ruleset name per engine, rules spread over shards
that each match their own small copy of the answers (one fact matching more than ~60 tests
fails with error 303, or corrupts memory), patterns split to fit durable's 31 expression
slots (error 113), an observe-everything rule (no "nothing matched" exceptions, no silently
dropped conclusions), joins placed before any `$or` (durable drops a join that follows one),
matches batched with `cap`, and the session always deleted (1024-session cap, flat memory).
The session's action loop is driven here rather than by durable's Python host, whose
per-action closures, state re-serialisation and timers cost more than the matching, and
which swallows exceptions raised in actions; here they propagate. Facts and matches cross
the C boundary as JSON, encoded and decoded with orjson. Derived facts are
reconciled against the engine's store after each run (32-bit identity collisions).
"""

from __future__ import annotations

import contextlib
import re
import threading
import uuid
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import durable_rules_engine
import orjson
from durable import engine as durable_engine

from advisor.answers import FactValue
from advisor.durable_compile import ConditionTooLarge, interval
from advisor.durable_plan import Shard, Variant, derived_consumers, patterns, plan_shards
from advisor.errors import EvaluationError, RulebookError
from advisor.folding import INLINE_LEAVES, fold_law
from advisor.law import Firing, Law

Action = Callable[[str, "_Run"], list[dict[str, Any]]]  # (durable's action message, run) -> new derived facts


class _SyncHost(durable_engine.Host):  # type: ignore[misc]
    """A host that never starts durable's 0.2 s poller threads."""

    def _run(self) -> None:
        pass


def _never(c: Any) -> None:  # durable's host never runs our actions: evaluate() drives them
    raise EvaluationError("rule engine: an action ran outside the advisor's session loop")


_FAN_OUT_LIMIT = 48  # durable fails past ~60 tests matched by one fact (error 303, or memory corruption)
_BATCH = 10_000  # more matches than one assessment can produce: one action call per rule and wave
_OBSERVE_ALL = {"all": [{"x": {"$ex": {"kind": 1}}}, {"y": {"kind": "__never__"}}], "run": _never}


class DurableEngine:
    """A Law compiled into one durable ruleset; evaluate() runs one isolated session."""

    def __init__(self, law: Law, inline: int = INLINE_LEAVES) -> None:
        self.law = law
        folded = fold_law(law, inline)  # what the answers cannot change, settled here once
        self._settled = folded.settled
        self._shards = plan_shards(list(folded.rules))
        self._consumers = derived_consumers(self._shards)
        self._keys = sorted({key for shard in self._shards for key in shard.keys})
        self._bound_names = [(shard.number, [f"{key}__{end}" for key in sorted(shard.keys) for end in ("lo", "hi")])
                             for shard in self._shards]
        self._flags = {(shard.number, adm): shard.touch_flags(adm) for shard in self._shards for adm in _all_adms(law)}
        self._name = f"advisor-{uuid.uuid4().hex}"
        self._host = _SyncHost()
        self._lock = threading.Lock()
        self._actions: dict[str, Action] = {}
        self._closed = False
        self._host.register_rulesets({self._name: self._definition()})
        self._rules = self._host.get_ruleset(self._name)

    def _definition(self) -> dict[str, Any]:
        rules: dict[str, Any] = {"__observe_all__": dict(_OBSERVE_ALL)}
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
        if variant.kind != "reader":  # fires once, for every ADM it touches (or for none): matches say nothing more
            return self._fixed_action(rule_id, status, derives, list(variant.rule.adms) if variant.kind == "source" else [])
        consumers = self._consumers.get(derives or "", [])

        def run(message: str, current: _Run) -> list[dict[str, Any]]:
            new: list[dict[str, Any]] = []
            for matches in orjson.loads(message).values():
                for match in matches:
                    adm = match["d0"]["adm"]
                    current.firings.add(Firing(rule_id, adm, status))  # type: ignore[arg-type]
                    if derives is not None:
                        new += current.derive(derives, adm, status, consumers, self._flags)
            return new

        return run

    def _fixed_action(self, rule_id: str, status: str, derives: str | None, adms: list[str]) -> Action:
        fired = [Firing(rule_id, adm, status) for adm in adms or [None]]  # type: ignore[arg-type, list-item]
        consumers = self._consumers.get(derives or "", [])

        def run(message: str, current: _Run) -> list[dict[str, Any]]:
            current.firings.update(fired)
            new: list[dict[str, Any]] = []
            if derives is not None:
                for adm in adms:
                    new += current.derive(derives, adm, status, consumers, self._flags)
            return new

        return run

    def _facts(self, facts: Mapping[str, FactValue], sid: str) -> list[dict[str, Any]]:
        bounds = {}
        for key in self._keys:
            bounds[f"{key}__lo"], bounds[f"{key}__hi"] = interval(facts.get(key))
        return [dict({name: bounds[name] for name in shard_bounds}, kind="answers", shard=number, sid=sid)
                for number, shard_bounds in self._bound_names]

    def evaluate(self, facts: Mapping[str, FactValue]) -> frozenset[Firing]:
        """Run one assessment in a fresh session and return its firings.

        Durable identifies facts by a 32-bit hash, so now and then two facts of a session collide
        and one is dropped; reconciliation catches that, and the assessment is run again under a
        new session id (which changes every hash).
        """
        with self._lock:
            if self._closed:
                raise EvaluationError("this compiled rule base was closed; compile it again")
            for _ in range(_ATTEMPTS - 1):
                try:
                    return self._session(facts)
                except _Collision:
                    continue
            try:
                return self._session(facts)
            except _Collision as exc:
                raise EvaluationError(str(exc)) from None

    def _session(self, facts: Mapping[str, FactValue]) -> frozenset[Firing]:
        if not self._shards:  # no rule reads an answer: nothing to match (and durable crashes on no facts)
            return self._settled
        sid, run = uuid.uuid4().hex, _Run()
        try:
            self._drive(self._facts(facts, sid), sid, run)
            stored = orjson.loads(durable_rules_engine.get_facts(self._rules._handle, sid))
        except BaseException:
            with contextlib.suppress(Exception):  # the session may never have been created
                self._rules.delete_state(sid)
            raise
        self._rules.delete_state(sid)
        run.reconcile(stored)
        return self._settled | run.firings

    def _drive(self, facts: list[dict[str, Any]], sid: str, run: _Run) -> None:
        """Assert the facts, then run every activation until the agenda is empty."""
        handle = self._rules._handle
        offset = _assert(handle, facts)
        started = durable_rules_engine.start_action_for_state(handle, offset)
        message = started[1] if started else None
        while message:
            try:
                derived = self._actions[_rule_name(message)](message, run)
                if derived:
                    _assert(handle, [dict(fact, sid=sid) for fact in derived], derived=True)
            except BaseException:
                durable_rules_engine.abandon_action(handle, offset)
                raise
            message = durable_rules_engine.complete_and_start_action(handle, offset)

    def close(self) -> None:
        """Free the compiled ruleset in the C engine (waits for an evaluation under way)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                durable_rules_engine.delete_ruleset(self._rules._handle)


def _assert(handle: int, facts: list[dict[str, Any]], derived: bool = False) -> int:
    """Assert facts (encoded with orjson; durable's own json.dumps costs more than its matching).

    Durable answers 1 when no rule observed a fact, 2 when one was already observed (a repeated
    derived fact, or a 32-bit identity collision that reconciliation then catches) and 3 when
    nothing new was stored; otherwise 0 and the session's state offset.
    """
    code, offset = durable_rules_engine.assert_facts(handle, orjson.dumps(facts).decode() if derived else _json(facts))[:2]
    if code == 2 and not derived:
        raise _Collision("rule engine took two of the assessment's facts for one (code 2)")
    if code == 1:
        raise EvaluationError(f"rule engine refused the assessment's facts (code {code})")
    return int(offset) if code == 0 else 0


_EXPONENT = re.compile(rb"(?<=[:\[,])-?[0-9]+(?:\.[0-9]+)?[eE][-+]?[0-9]+")


def _json(facts: list[dict[str, Any]]) -> str:
    """Facts as JSON, numbers written out in full: durable misreads an exponent (orjson writes 1e-7 so)."""
    raw = orjson.dumps(facts)
    if b"e-" in raw or b"e+" in raw:  # orjson signs every exponent; a cheap scan before the exact one
        raw = _EXPONENT.sub(lambda number: format(Decimal(number.group().decode()), "f").encode(), raw)
    return raw.decode()


def _rule_name(message: str) -> str:
    """The rule an action message is for: its one key (rule names hold no quote or backslash)."""
    return message[2:message.index('"', 2)]


def _patterns(variant: Variant, shard: Shard) -> list[list[dict[str, Any]]]:
    try:
        return patterns(variant, shard)
    except ConditionTooLarge as exc:
        raise RulebookError(f"{variant.rule.rule.file}: rule {variant.rule.rule.id}: {exc}; split the rule") from None


def _all_adms(law: Law) -> set[str]:
    return {adm for active in law.rules for adm in active.adms}


_ATTEMPTS = 4  # a collision needs a 32-bit hash clash; four in a row would mean something else is wrong


class _Collision(EvaluationError):
    """Durable dropped a fact whose 32-bit identity clashed with another in the session."""


class _Run:
    """What one session produced: firings, and the derived facts asserted."""

    def __init__(self) -> None:
        self.firings: set[Firing] = set()
        self.derived: set[tuple[int, str, str, str]] = set()

    def derive(self, name: str, adm: str, status: str, consumers: list[int],
               flags: Mapping[tuple[int, str], dict[str, int]]) -> list[dict[str, Any]]:
        """The derived-fact copies (one per consuming shard) not yet asserted in this run."""
        out = []
        for shard in consumers:
            if (shard, name, adm, status) not in self.derived:
                self.derived.add((shard, name, adm, status))
                out.append(dict(flags[(shard, adm)], kind="derived", shard=shard, name=name, value=status, adm=adm))
        return out

    def reconcile(self, stored: list[dict[str, Any]]) -> None:
        """Every derived fact asserted must be in the engine's store (a lost one is an error)."""
        held = {(f["shard"], f["name"], f["adm"], f["value"]) for f in stored if f.get("kind") == "derived"}
        lost = self.derived - held
        if lost:
            raise _Collision(f"rule engine lost derived facts: {sorted(lost)}")
