"""The officers who answer an appraisal's questions: each question names one (rules/answers), and so can an interview."""

from __future__ import annotations

from typing import Literal

Officer = Literal["hr", "legal", "procurement", "finance", "service"]
OFFICERS: dict[str, str] = {"hr": "HR", "legal": "legal", "procurement": "procurement", "finance": "finance",
                            "service": "the service lead"}  # who usually answers, as a sentence names them
