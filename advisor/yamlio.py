"""YAML reading with libyaml's fast safe loader where available (the pure-Python one is ~10x slower)."""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> object:
    """Parse YAML safely: plain data only, no Python objects."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
