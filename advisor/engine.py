"""The only module that imports durable-rules: runs a compiled Law, one isolated session per assessment.

It hides the engine's quirks: a private host without poller threads (no global registry,
no segfaults on session deletion), a unique ruleset name per engine, rules spread over shards
that each match their own small copy of the answers (one fact matching more than ~60 tests
fails with error 303, or corrupts memory), patterns split to fit durable's 31 expression
slots (error 113), an observe-everything
rule (no "nothing matched" exceptions, no silently dropped conclusions), joins placed
before any `$or` (durable drops a join that follows one), one-parameter
action closures batched with `cap` (the per-call glue is most of durable's cost),
exceptions caught inside actions and re-raised, the session always
deleted (1024-session cap, flat memory), and a reconciliation of derived facts against
the engine's store (32-bit identity collisions).
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import durable_rules_engine
from durable import engine as durable_engine

from advisor.answers import FactValue
from advisor.durable_compile import interval
from advisor.durable_plan import Shard, Variant, derived_consumers, patterns, plan_shards
from advisor.errors import EvaluationError
from advisor.law import Firing, Law


class _SyncHost(durable_engine.Host):  # type: ignore[misc]
    """A host that never starts durable's 0.2 s poller threads."""

    def _run(self) -> None:
        pass


_BATCH = 10_000  # more matches than one assessment can produce: one action call per rule and wave
_OBSERVE_ALL = {"all": [{"x": {"$ex": {"kind": 1}}}, {"y": {"kind": "__never__"}}]}


class DurableEngine:
    """A Law compiled into one durable ruleset; evaluate() runs one isolated session."""

    def __init__(self, law: Law) -> None:
        self.law = law
        self._shards = plan_shards(law)
        self._consumers = derived_consumers(self._shards)
        self._flags = {(shard.number, adm): shard.touch_flags(adm) for shard in self._shards for adm in _all_adms(law)}
        self._name = f"advisor-{uuid.uuid4().hex}"
        self._host = _SyncHost()
        self._lock = threading.Lock()
        self._runs: dict[str, _Run] = {}
        self._closed = False
        self._host.register_rulesets({self._name: self._definition()})

    def _definition(self) -> dict[str, Any]:
        rules: dict[str, Any] = {"__observe_all__": dict(_OBSERVE_ALL, run=lambda c: None)}
        for shard in self._shards:
            for index, variant in enumerate(shard.variants):
                for piece, pattern in enumerate(patterns(variant, shard)):
                    name = f"{variant.rule.rule.id}#{shard.number}.{index}.{piece}.{variant.status}"
                    rules[name] = {"all": pattern, "cap": _BATCH, "run": self._action(variant, shard)}
        return rules

    def _action(self, variant: Variant, shard: Shard) -> Callable[[Any], None]:
        rule_id, status, derives = variant.rule.rule.id, variant.status, variant.rule.rule.derives
        kind, adms, consumers = variant.kind, variant.rule.adms, self._consumers.get(variant.rule.rule.derives or "", [])

        def run(c: Any) -> None:  # exactly one parameter: durable treats two as async
            current = self._runs[c.s.sid]
            try:
                new: list[dict[str, Any]] = []
                for match in c.m:  # `cap` batches every match of the rule into one call
                    targets = [match["d0"]["adm"]] if kind == "reader" else (adms if kind == "source" else [None])
                    for adm in targets:
                        current.firings.add(Firing(rule_id, adm, status))  # type: ignore[arg-type]
                        if derives is not None and adm is not None:
                            new += current.derive(derives, adm, status, consumers, self._flags)
                if new:
                    _assert_derived(c, [dict(fact, sid=c.s.sid) for fact in new])
            except Exception as exc:  # durable would bury it in the session state
                current.errors.append(f"{rule_id}: {exc!r}")

        return run

    def _facts(self, facts: Mapping[str, FactValue], sid: str) -> list[dict[str, Any]]:
        out = []
        for shard in self._shards:
            bounds = {}
            for key in shard.keys:
                bounds[f"{key}__lo"], bounds[f"{key}__hi"] = interval(facts.get(key))
            out.append(dict(bounds, kind="answers", shard=shard.number, sid=sid))
        return out

    def evaluate(self, facts: Mapping[str, FactValue]) -> frozenset[Firing]:
        """Run one assessment in a fresh session and return its firings."""
        with self._lock:
            if self._closed:
                raise EvaluationError("this compiled rule base was closed; compile it again")
            sid = uuid.uuid4().hex
            run = self._runs[sid] = _Run()
            try:
                self._host.assert_facts(self._name, self._facts(facts, sid))
                state = self._host.get_state(self._name, sid)
                stored = self._host.get_facts(self._name, sid)
            finally:
                self._host.delete_state(self._name, sid)
                del self._runs[sid]
            run.check(state, stored)
            return frozenset(run.firings)

    def close(self) -> None:
        """Free the compiled ruleset in the C engine (waits for an evaluation under way)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                durable_rules_engine.delete_ruleset(self._host.get_ruleset(self._name)._handle)


def _all_adms(law: Law) -> set[str]:
    return {adm for active in law.rules for adm in active.adms}


def _assert_derived(c: Any, facts: list[dict[str, Any]]) -> None:
    """Assert derived facts in one call; a duplicate is reconciled after the run."""
    with contextlib.suppress(durable_engine.MessageObservedException):
        c._ruleset.assert_facts(facts)


class _Run:
    """What one session produced: firings, derived facts asserted, and errors."""

    def __init__(self) -> None:
        self.firings: set[Firing] = set()
        self.derived: set[tuple[int, str, str, str]] = set()
        self.errors: list[str] = []

    def derive(self, name: str, adm: str, status: str, consumers: list[int],
               flags: Mapping[tuple[int, str], dict[str, int]]) -> list[dict[str, Any]]:
        """The derived-fact copies (one per consuming shard) not yet asserted in this run."""
        out = []
        for shard in consumers:
            if (shard, name, adm, status) not in self.derived:
                self.derived.add((shard, name, adm, status))
                out.append(dict(flags[(shard, adm)], kind="derived", shard=shard, name=name, value=status, adm=adm))
        return out

    def check(self, state: Mapping[str, Any], stored: list[dict[str, Any]]) -> None:
        if self.errors or "exception" in state:
            raise EvaluationError("rule engine error: " + "; ".join(self.errors or [str(state["exception"])]))
        held = {(f["shard"], f["name"], f["adm"], f["value"]) for f in stored if f.get("kind") == "derived"}
        lost = self.derived - held
        if lost:
            raise EvaluationError(f"rule engine lost derived facts: {sorted(lost)}")
