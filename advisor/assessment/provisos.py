"""What the council must choose for an option to stay open: the record of a proviso (the search is in `choices`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    """One answer the council has yet to give about its route, the value that keeps an option open, and why."""

    fact: str
    value: bool | str
    rules: tuple[str, ...]  # the exclusions that read this choice and would otherwise stay open


@dataclass(frozen=True)
class Proviso:
    """The choices under which an undetermined option is viable with conditions."""

    choices: tuple[Choice, ...]
