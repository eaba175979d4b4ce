"""YAML in and out: a fast safe loader refusing duplicate keys and runaway nesting, reading JSON numbers as numbers."""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from advisor.base.errors import shown

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the pure-Python loader is ~10x slower
MAX_DEPTH = 64  # answers nest 2 deep, proposals 3, rule files 12; libyaml's time grows with the square of depth
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_MERGE = "tag:yaml.org,2002:merge"
# YAML 1.1 reads 1e6 and 2.5E3 (JSON numbers) as text; YAML 1.2 and JSON read them as numbers.
_EXPONENT = re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")


class Refused(yaml.YAMLError):
    """Well-formed YAML the advisor will not read: a key given twice, or nesting too deep."""

    def __init__(self, problem: str, mark: Any, allowed: str, field: str | None = None) -> None:
        super().__init__(f"{problem} (line {mark.line + 1}); {allowed}")
        self.field = field  # the field at fault, when there is one


class _Loader(_BASE):  # type: ignore[misc]
    """The safe loader, refusing a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE or not isinstance(key_node, yaml.ScalarNode):
                continue  # merged mappings may override; unhashable keys are refused by the base loader
            key = self.construct_object(key_node)
            if key in seen:
                raise Refused(f"field {shown(key)} is given more than once", key_node.start_mark, "give each field once",
                              field=str(key))
            seen.add(key)
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        """A date or time; one not in the calendar (2025-02-30) stays text, so the field refusing it is named."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> object:
        """An integer; one too long to read (Python stops at 4,300 digits) reads as infinite, which no field allows."""
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return -math.inf if str(node.value).lstrip().startswith("-") else math.inf


class _Dumper(yaml.SafeDumper):
    """The safe dumper, quoting text the loader would read as a number (`1e6`)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Text holding U+0085, which PyYAML would write raw and read back as a line break, in double quotes (escaped)."""
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if "\x85" in value else None)


_Dumper.add_representer(str, _text)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)

for _side in (_Loader, _Dumper):
    _side.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT, list("-+0123456789"))


def _check_depth(text: str) -> None:
    """Refuse collections nested deeper than MAX_DEPTH, stopping at the first one too deep."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BASE):
            if isinstance(event, _OPENS):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark)
            elif isinstance(event, _CLOSES):
                depth -= 1
    except yaml.MarkedYAMLError as exc:  # newer PyYAML scans ahead and stops at its own depth limit first
        if "nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            raise _too_deep(exc.problem_mark) from None
        raise


def _too_deep(mark: Any) -> Refused:
    return Refused(f"nested more than {MAX_DEPTH} levels deep", mark, "answers are flat; a proposal nests its parts one level")


def load_yaml(text: str) -> object:
    """Parse YAML (or JSON) safely: plain data only, no Python objects, each key once, at most MAX_DEPTH deep."""
    _check_depth(text)
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader


def dump_yaml(data: object, **options: Any) -> str:
    """Write YAML that load_yaml reads back as the same data."""
    return str(yaml.dump(data, Dumper=_Dumper, **options))
