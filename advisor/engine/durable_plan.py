"""Plans a Law's durable rulesets: variants per outcome, shards within durable's limits, and patterns.

Three kinds of rule: *global* rules read only answers and fire once; *source* rules are per-ADM
rules left reading answers alone (derive rules, and readers whose derived facts were settled
when the law was folded): they fire once for every ADM they touch, asserting what they derive;
*reader* rules read derived facts and fire once per ADM, through the derived facts (which carry
the ADM).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from advisor.engine.durable_compile import ConditionTooLarge, Expr, and_, leaf_keys, or_, split_to_fit, tree
from advisor.law.active import ActiveRule
from advisor.law.conditions import DerivedLeaf, FactLeaf, split_top_level

PATTERNS_PER_SHARD = 32  # durable fails (error 303, or worse) past ~60 sibling tests matched by one fact
Kind = Literal["global", "source", "reader"]
_DERIVED_VALUES: dict[str, Callable[[bool], list[bool | None]]] = {
    "T": lambda b: [b], "F": lambda b: [not b], "U": lambda b: [None], "P": lambda b: [b, None],
}


def kind_of(active: ActiveRule) -> Kind:
    """Whether a rule fires once (global, source) or once per ADM (reader)."""
    if any(isinstance(leaf, DerivedLeaf) for leaf in active.leaves):
        return "reader"
    return "source" if active.per_adm else "global"


def status_name(value: bool | None) -> str:
    """A derived fact's value as stored: true, false or unknown."""
    return "unknown" if value is None else ("true" if value else "false")


@dataclass
class Variant:
    """One durable rule: a rule's outcome (status) under one combination of part states."""

    rule: ActiveRule
    kind: Kind
    status: str
    answers_state: str | None  # T/F/U/P, or * (any), for the answers part; None when it has none
    derived_states: tuple[tuple[DerivedLeaf, str], ...]


def variants(active: ActiveRule) -> list[Variant]:
    """The durable rules a rule compiles to: true and unknown, and false for derive rules."""
    answers, derived = split_top_level(active.condition)
    parts: list[str | DerivedLeaf] = (["A"] if answers is not None else []) + list(derived)
    kind = kind_of(active)
    if not parts:
        return [Variant(active, kind, "true", None, ())]
    out = [_variant(active, kind, parts, ["T"] * len(parts), "true")]
    for j in range(len(parts)):  # first unknown part is j: earlier ones true, later ones possible
        out.append(_variant(active, kind, parts, ["T"] * j + ["U"] + ["P"] * (len(parts) - j - 1), "unknown"))
    if active.rule.effect == "derive":
        for j in range(len(parts)):
            out.append(_variant(active, kind, parts, ["*"] * j + ["F"] + ["*"] * (len(parts) - j - 1), "false"))
    return out


def _variant(active: ActiveRule, kind: Kind, parts: list[str | DerivedLeaf], states: list[str], status: str) -> Variant:
    answers_state = next((s for p, s in zip(parts, states, strict=True) if p == "A"), None)
    derived = tuple((p, s) for p, s in zip(parts, states, strict=True) if isinstance(p, DerivedLeaf))
    return Variant(active, kind, status, answers_state, derived)


@dataclass
class Shard:
    """Rules matched against their own small copy of the answers (durable's fan-out limit)."""

    number: int
    variants: list[Variant] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    members: list[ActiveRule] = field(default_factory=list)  # a rule may be here twice, for different ADMs

    def touch_flags(self, adm: str) -> dict[str, int]:
        """Flags, carried by derived facts for this shard, naming its rules that touch `adm`."""
        return {f"t{i}": 1 for i, member in enumerate(self.members) if adm in member.adms}


def _shard_order(active: ActiveRule) -> tuple[object, ...]:
    names = tuple(sorted({leaf.name for leaf in active.leaves if isinstance(leaf, DerivedLeaf)}))
    return kind_of(active) == "reader", names, active.rule.id


def plan_shards(rules: Sequence[ActiveRule]) -> list[Shard]:
    """Group rules into shards of at most PATTERNS_PER_SHARD durable rules, readers of a fact together.

    Fewer, fuller shards mean fewer copies of the answers per assessment for durable to store.
    """
    shards: list[Shard] = []
    load = 0
    for active in sorted(rules, key=_shard_order):
        compiled = variants(active)
        size = sum(_pieces(variant) for variant in compiled)
        if not shards or load + size > PATTERNS_PER_SHARD:
            shards.append(Shard(len(shards)))
            load = 0
        shard = shards[-1]
        shard.variants += compiled
        shard.members.append(active)
        shard.keys |= {key for leaf in active.leaves if isinstance(leaf, FactLeaf)
                       for key in leaf_keys(leaf, active)}
        load += size
    return shards


def _pieces(variant: Variant) -> int:
    """How many durable rules a variant compiles to (its answers test split to fit durable's limit)."""
    test = _answers_test(variant, 0)
    try:
        return len(split_to_fit(test)) if test is not None else 1
    except ConditionTooLarge:
        return 1  # refused, naming the rule, when its patterns are built


def _answers_test(variant: Variant, number: int) -> Expr | None:
    """The test a variant applies to its shard's answers fact (None: it reads no answers)."""
    answers, _ = split_top_level(variant.rule.condition)
    state = variant.answers_state
    if answers is None or state is None or state == "*":
        return None
    return and_([{"kind": "answers"}, {"shard": number}, tree(answers, variant.rule, state)])


def derived_readers(shards: list[Shard]) -> dict[str, dict[int, frozenset[str]]]:
    """For each derived fact name, the shards whose rules read it, and the values they read it for."""
    readers: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for shard in shards:
        for variant in shard.variants:
            for leaf, state in variant.derived_states:
                values = _DERIVED_VALUES[state](leaf.value) if state != "*" else [True, False, None]
                readers[leaf.name][shard.number] |= {status_name(value) for value in values}
    return {name: {shard: frozenset(values) for shard, values in sorted(by_shard.items())}
            for name, by_shard in readers.items()}


def patterns(variant: Variant, shard: Shard) -> list[list[dict[str, Expr]]]:
    """The durable `all` lists of one variant (more than one when split to fit durable's limit)."""
    test = _answers_test(variant, shard.number)
    joins = _derived_patterns(variant, shard, test is not None)
    if test is None:
        if joins:
            return [joins]
        return [[{"a": and_([{"kind": "answers"}, {"shard": shard.number}])}]]
    return [[{"a": piece}, *joins] for piece in split_to_fit(test)]


def touch_flag(shard: Shard, variant: Variant) -> str:
    """The derived-fact key marking that this variant's rule touches the fact's ADM."""
    return f"t{next(i for i, member in enumerate(shard.members) if member is variant.rule)}"


def _derived_patterns(variant: Variant, shard: Shard, after_answers: bool) -> list[dict[str, Expr]]:
    # durable is sensitive to order: plain tests first (a join before them defeats the alpha
    # network and trips the fan-out limit), then the joins, then any $or (a join after an $or is
    # dropped). Every fact carries its case (a session holds several): joined facts share it.
    out: list[dict[str, Expr]] = []
    for index, (leaf, state) in enumerate(variant.derived_states):
        tests: list[Expr] = [{"kind": "derived"}, {"shard": shard.number}, {"name": leaf.name}]
        if index == 0:
            tests += [{touch_flag(shard, variant): 1}] + ([{"case": {"a": "case"}}] if after_answers else [])
        else:
            tests += [{"adm": {"d0": "adm"}}, {"case": {"d0": "case"}}]
        if state != "*":
            tests.append(or_([{"value": status_name(v)} for v in _DERIVED_VALUES[state](leaf.value)]))
        out.append({f"d{index}": and_(tests)})
    return out
