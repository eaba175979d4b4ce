"""Writes the facts durable matches as JSON text: each case's answers, shard by shard, and derived facts.

Text is built from fragments prepared once per compiled law: building dicts for orjson cost
more than durable's matching. Numbers are written out in full, never with an exponent, which
durable misreads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import orjson

from advisor.answers import FactValue
from advisor.durable_compile import bound_fields, encode, interval
from advisor.durable_plan import Shard


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

    def __init__(self, shards: Sequence[Shard], consumers: Mapping[str, list[int]],
                 flags: Mapping[tuple[int, str], dict[str, int]]) -> None:
        self._keys = sorted({key for shard in shards for key in shard.keys})
        self._shard_keys = [(shard.number, sorted(shard.keys)) for shard in shards]
        self._names = {key: (f'"{lo}":', f',"{hi}":') for key in self._keys for lo, hi in [bound_fields(key)]}
        lo, hi = (number_text(end) for end in interval(None))
        self._unknown = {key: f"{first}{lo}{second}{hi}" for key, (first, second) in self._names.items()}
        self._yes_no = {(key, answer): f"{first}{int(answer)}{second}{int(answer)}"
                        for key, (first, second) in self._names.items() for answer in (True, False)}
        self._consumers, self._flags = consumers, flags
        self._derived: dict[tuple[str, str, str], list[str]] = {}

    def answers(self, facts: Mapping[str, FactValue], case: int, sid: str) -> Iterable[str]:
        """One answers fact per shard, each holding the bounds of the answers its rules read."""
        fields = {key: self._bounds(key, facts.get(key)) for key in self._keys}
        tail = f'"case":{case},"sid":"{sid}"'
        for number, keys in self._shard_keys:
            yield "".join(['{"kind":"answers","shard":', str(number), ",", *[fields[k] + "," for k in keys], tail, "}"])

    def _bounds(self, key: str, value: FactValue) -> str:
        if value is None:
            return self._unknown[key]
        if type(value) is bool:
            return self._yes_no[(key, value)]
        first, second = self._names[key]
        text = number_text(encode(value))  # a known answer's bounds are one point
        return f"{first}{text}{second}{text}"

    def derived(self, name: str, adm: str, status: str) -> list[str]:
        """A derived fact's copies, one per shard whose rules read it, each to be ended by `derived_tail`."""
        key = (name, adm, status)
        if key not in self._derived:
            self._derived[key] = [self._derived_head(shard, name, adm, status) for shard in self._consumers.get(name, [])]
        return self._derived[key]

    @staticmethod
    def derived_tail(case: int, sid: str) -> str:
        """The end of every derived fact of one case in one session."""
        return f'{case},"sid":"{sid}"}}'

    def _derived_head(self, shard: int, name: str, adm: str, status: str) -> str:
        fields = dict(self._flags[(shard, adm)], kind="derived", shard=shard, name=name, value=status, adm=adm)
        return orjson.dumps(fields).decode()[:-1] + ',"case":'
