"""What one assessment knows: the answers, the flat facts, the law in force and the firings, and what follows from them."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property

from pydantic import BaseModel

from advisor.assessment.provisos import Proviso
from advisor.assessment.verdicts import Verdict, bits_verdicts, verdict_bits
from advisor.engine.incremental import FiredIndex, index_firings
from advisor.law.active import Firing
from advisor.law.answers import FactValue
from advisor.law.conditions import Status
from advisor.law.in_force import Law
from advisor.law.rules import Rulebook


@dataclass(frozen=True, eq=False)
class Context:
    """What one assessment knows: the answers, the flat facts, the law and the firings."""

    book: Rulebook
    answers: BaseModel
    facts: Mapping[str, FactValue]
    law: Law
    fired: AbstractSet[Firing]
    provisos: Mapping[tuple[str, str], Proviso] = field(default_factory=dict)  # options open only on the council's choices
    known_bits: int | None = None  # the firings' verdict bits when already worked out (a what-if's, incrementally)

    @cached_property
    def firings(self) -> dict[tuple[str, str | None], Status]:
        """Each firing's outcome by (rule, ADM), the ADM None for rules that fire once."""
        return {(firing.rule, firing.adm): firing.status for firing in self.fired}

    @cached_property
    def derived(self) -> dict[str, dict[str, tuple[Status, str]]]:
        """Each ADM's derived facts: name -> (value, the rule that derived it)."""
        out: dict[str, dict[str, tuple[Status, str]]] = {}
        for (rule_id, adm), status in self.firings.items():
            derives = self.book.rules[rule_id].derives
            if derives and adm is not None:
                out.setdefault(adm, {})[derives] = (status, rule_id)
        return out

    @cached_property
    def memo(self) -> dict[tuple[str, str], frozenset[str]]:
        """Unknown facts each (rule, ADM) waits on, worked out once per assessment."""
        return {}

    @cached_property
    def searched(self) -> dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]]:
        """The flat facts and derived facts the proviso search reads for each (rule, ADM), worked out once per
        assessment (the what-ifs worked out from this one are compared with it)."""
        return {}

    @cached_property
    def fired_index(self) -> FiredIndex:
        """The firings indexed by rule, for the what-ifs worked out from this assessment."""
        return index_firings(self.fired)

    @cached_property
    def verdict_bits(self) -> int:
        """The union of the firings' verdict bits (`Law.masks`), worked out once per assessment."""
        return self.known_bits if self.known_bits is not None else verdict_bits(self.law, self.fired)

    @cached_property
    def plain_verdicts(self) -> dict[tuple[str, str], Verdict]:
        """Every option's verdict (ADM, form) from the firings alone, worked out once per assessment."""
        return bits_verdicts(self.law, self.verdict_bits)

    @cached_property
    def verdicts(self) -> dict[tuple[str, str], Verdict]:
        """Every option's verdict: an option open only on the council's own choices is viable with conditions."""
        if not self.provisos:
            return self.plain_verdicts
        return {**self.plain_verdicts, **dict.fromkeys(self.provisos, "viable_with_conditions")}

    @cached_property
    def fact_values(self) -> dict[str, object]:
        """Every answer by name (None where unknown), for explanations."""
        return {name: getattr(self.answers, name) for name in self.book.vocabulary.facts}
