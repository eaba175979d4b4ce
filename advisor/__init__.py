"""ADM Advisor: which alternative delivery models a council can lawfully use, and why."""

from __future__ import annotations

from advisor.assessment import Assessment, assess
from advisor.rulebook import Rulebook, load_rulebook

__version__ = "0.1.0"

__all__ = ["Assessment", "Rulebook", "__version__", "assess", "load_rulebook"]
