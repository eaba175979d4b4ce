"""The audit stamp on every page and download of an appraisal: its name, version, when it last changed and the date
of the law applied, in words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor.web.dates import in_words

STAMP_START = "# ADM Advisor: "  # how the stamp line of a downloaded answers file starts


def when_words(moment: dt.datetime) -> str:
    """A moment as people write it, in UTC: 6 December 2026 at 14:02 UTC."""
    utc = moment.astimezone(dt.UTC) if moment.tzinfo else moment
    return f"{in_words(utc.date())} at {utc:%H:%M} UTC"


def law_date(appraisal: Any) -> dt.date:
    """The date of the law applied: the answers' as_at, else today (as `advisor advise` applies it)."""
    as_at = getattr(appraisal, "as_at", None)
    return as_at if isinstance(as_at, dt.date) else dt.date.today()


def stamp(appraisal: Any, chosen: dt.date | None = None) -> str:
    """Appraisal 'X', version 7, changed 6 December 2026 at 14:02 UTC; law as at 1 April 2026 (the date the page
    applies when one was chosen on it, else the answers' own)."""
    return (f"Appraisal '{appraisal.name}', version {appraisal.version}, changed {when_words(appraisal.updated)}; "
            f"law as at {in_words(chosen or law_date(appraisal))}")


def stamped(text: str, appraisal: Any) -> str:
    """The answers file with the stamp as a first comment line (a comment: the CLI reads the file the same)."""
    line = STAMP_START + stamp(appraisal).replace("\n", " ").replace("\r", " ")
    return f"{line}\n{unstamped(text)}"


def unstamped(text: str) -> str:
    """The answers file without a stamp line a download put first (so a file uploaded again gets one stamp)."""
    first, newline, rest = text.partition("\n")
    return rest if first.startswith(STAMP_START) and newline else text
