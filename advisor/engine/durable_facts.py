"""Writes the facts durable matches as JSON text: each case's answers, shard by shard, and derived facts.

Text is built from fragments prepared once per compiled law: building dicts for orjson cost
more than durable's matching. Numbers are written out in full, never with an exponent, which
durable misreads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import orjson

from advisor.engine.durable_compile import bound_fields, encode, interval
from advisor.engine.durable_plan import Shard
from advisor.law.answers import FactValue


def number_text(value: object) -> str:
    """A value as durable reads it: integers as they are, floats in full, anything else as JSON."""
    if type(value) is int:
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    return orjson.dumps(value).decode()


class FactWriter:
    """The JSON text of one law's facts: answers per shard and per case, derived facts per consuming shard."""

    def __init__(self, shards: Sequence[Shard], readers: Mapping[str, Mapping[int, frozenset[str]]],
                 flags: Mapping[tuple[int, str], dict[str, int]]) -> None:
        self._keys = sorted({key for shard in shards for key in shard.keys})
        self._names = {key: (f'"{lo}":', f',"{hi}":') for key in self._keys for lo, hi in [bound_fields(key)]}
        low, high = (number_text(end) for end in interval(None))
        self._unknown = {key: f"{first}{low}{second}{high}," for key, (first, second) in self._names.items()}
        self._yes_no = {key: tuple(f"{first}{int(answer)}{second}{int(answer)}," for answer in (False, True))
                        for key, (first, second) in self._names.items()}
        self._heads = [(f'{{"kind":"answers","shard":{shard.number},', sorted(shard.keys)) for shard in shards]
        self._readers, self._flags = readers, flags
        self._derived: dict[tuple[str, str, str], list[str]] = {}

    def answers(self, facts: Mapping[str, FactValue], case: int, sid: str) -> list[str]:
        """One answers fact per shard, each holding the bounds of the answers its rules read."""
        fields = {}
        for key in self._keys:
            value = facts.get(key)
            if value is None:
                fields[key] = self._unknown[key]
            elif value is True or value is False:
                fields[key] = self._yes_no[key][value]
            else:
                first, second = self._names[key]
                text = number_text(encode(value))  # a known answer's bounds are one point
                fields[key] = f"{first}{text}{second}{text},"
        tail = f'"case":{case},"sid":"{sid}"}}'
        return [head + "".join([fields[key] for key in keys]) + tail for head, keys in self._heads]

    def derived(self, name: str, adm: str, status: str) -> list[str]:
        """A derived fact's copies, each to be ended by `derived_tail`: one for each shard with a rule that
        reads it for this ADM and with this value (no other pattern could match it)."""
        key = (name, adm, status)
        if key not in self._derived:
            self._derived[key] = [self._derived_head(shard, name, adm, status)
                                  for shard, values in self._readers.get(name, {}).items()
                                  if status in values and self._flags[(shard, adm)]]
        return self._derived[key]

    @staticmethod
    def derived_tail(case: str, sid: str) -> str:
        """The end of every derived fact of one case in one session."""
        return f'{case},"sid":"{sid}"}}'

    def _derived_head(self, shard: int, name: str, adm: str, status: str) -> str:
        fields = dict(self._flags[(shard, adm)], kind="derived", shard=shard, name=name, value=status, adm=adm)
        return orjson.dumps(fields).decode()[:-1] + ',"case":'
