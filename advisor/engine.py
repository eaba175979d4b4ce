"""The only module that imports durable-rules: runs a compiled Law, one isolated session per assessment.

It hides the engine's quirks: a private host without poller threads (no global registry,
no segfaults on session deletion), a unique ruleset name per engine, an observe-everything
rule (no "nothing matched" exceptions, no silently dropped conclusions), joins placed
before any `$or` (durable drops a join that follows one), one-parameter
action closures, exceptions caught inside actions and re-raised, the session always
deleted (1024-session cap, flat memory), and a reconciliation of derived facts against
the engine's store (32-bit identity collisions).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import durable_rules_engine
from durable import engine as durable_engine

from advisor.answers import FactValue
from advisor.durable_compile import Shard, Variant, derived_consumers, encode, patterns, plan_shards
from advisor.errors import EvaluationError
from advisor.law import Firing, Law


class _SyncHost(durable_engine.Host):  # type: ignore[misc]
    """A host that never starts durable's 0.2 s poller threads."""

    def _run(self) -> None:
        pass


_OBSERVE_ALL = {"all": [{"x": {"$ex": {"kind": 1}}}, {"y": {"kind": "__never__"}}]}


class DurableEngine:
    """A Law compiled into one durable ruleset; evaluate() runs one isolated session."""

    def __init__(self, law: Law) -> None:
        self.law = law
        self._shards = plan_shards(law)
        self._consumers = derived_consumers(self._shards)
        self._name = f"advisor-{uuid.uuid4().hex}"
        self._host = _SyncHost()
        self._lock = threading.Lock()
        self._runs: dict[str, _Run] = {}
        self._host.register_rulesets({self._name: self._definition()})

    def _definition(self) -> dict[str, Any]:
        rules: dict[str, Any] = {"__observe_all__": dict(_OBSERVE_ALL, run=lambda c: None)}
        for shard in self._shards:
            for index, variant in enumerate(shard.variants):
                name = f"{variant.rule.rule.id}#{shard.number}.{index}.{variant.status}"
                rules[name] = {"all": patterns(variant, shard), "run": self._action(variant, shard)}
        return rules

    def _action(self, variant: Variant, shard: Shard) -> Callable[[Any], None]:
        rule_id, status, derives = variant.rule.rule.id, variant.status, variant.rule.rule.derives
        per_adm, consumers = shard.per_adm, self._consumers.get(derives or "", [])

        def run(c: Any) -> None:  # exactly one parameter: durable treats two as async
            current = self._runs[c.s.sid]
            try:
                adm = c.a.adm if per_adm else None
                current.firings.add(Firing(rule_id, adm, status))  # type: ignore[arg-type]
                if derives is not None:
                    current.derive(c, derives, adm, status, consumers)
            except Exception as exc:  # durable would bury it in the session state
                current.errors.append(f"{rule_id}: {exc!r}")

        return run

    def _facts(self, facts: Mapping[str, FactValue], sid: str) -> list[dict[str, Any]]:
        out = []
        for shard in self._shards:
            known = {k: encode(facts[k]) for k in shard.keys if facts.get(k) is not None}
            base = dict(known, kind="answers", shard=shard.number, sid=sid)
            out += [dict(base, adm=adm) for adm in sorted(shard.adms)] if shard.per_adm else [base]
        return out

    def evaluate(self, facts: Mapping[str, FactValue]) -> frozenset[Firing]:
        """Run one assessment in a fresh session and return its firings."""
        with self._lock:
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
        """Free the compiled ruleset in the C engine."""
        durable_rules_engine.delete_ruleset(self._host.get_ruleset(self._name)._handle)


class _Run:
    """What one session produced: firings, derived facts asserted, and errors."""

    def __init__(self) -> None:
        self.firings: set[Firing] = set()
        self.derived: set[tuple[int, str, str, str]] = set()
        self.errors: list[str] = []

    def derive(self, c: Any, name: str, adm: str, status: str, consumers: list[int]) -> None:
        for shard in consumers:
            fact = {"kind": "derived", "shard": shard, "name": name, "value": status, "adm": adm}
            if (shard, name, adm, status) in self.derived:
                continue
            self.derived.add((shard, name, adm, status))
            try:
                c.assert_fact(fact)
            except durable_engine.MessageObservedException:
                pass  # reconciled after the run

    def check(self, state: Mapping[str, Any], stored: list[dict[str, Any]]) -> None:
        if self.errors or "exception" in state:
            raise EvaluationError("rule engine error: " + "; ".join(self.errors or [str(state["exception"])]))
        held = {(f["shard"], f["name"], f["adm"], f["value"]) for f in stored if f.get("kind") == "derived"}
        lost = self.derived - held
        if lost:
            raise EvaluationError(f"rule engine lost derived facts: {sorted(lost)}")
