"""YAML reading with libyaml's fast safe loader where available (the pure-Python one is ~10x slower)."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_LOADER):  # type: ignore[misc]
    """The safe loader, refusing a mapping that gives one key twice (YAML would keep only the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<:` merges are resolved by the base loader
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


def load_yaml(text: str) -> object:
    """Parse YAML safely: plain data only, no Python objects."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def load_yaml_unique(text: str) -> object:
    """Parse YAML safely and refuse duplicate keys: for the rule base and scenarios, where one would hide another."""
    return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a safe loader
