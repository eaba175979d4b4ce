"""Finds the rule base, templates, examples and scenarios, whether installed or run from a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_dir() -> Path:
    return Path(str(resources.files("advisor")))


def data_dir(name: str, checkout: str | None = None) -> Path:
    """Return the directory `name` (rules, templates, examples, scenario_cases) shipped with the package.

    An installed wheel carries them inside the package; a source checkout keeps them beside it,
    at `checkout` (a path from the checkout's root) when that differs from `name`.
    """
    inside = _package_dir() / name
    if inside.is_dir():
        return inside
    beside = _package_dir().parent / (checkout or name)
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"the advisor's {name}/ directory is missing from this installation")
