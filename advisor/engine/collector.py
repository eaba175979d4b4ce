"""Pauses Python's cycle collector while a batch of assessments runs."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for a batch: it would walk the batch's growing sets of firings
    again and again (a tenth of the time), and an assessment makes no reference cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
