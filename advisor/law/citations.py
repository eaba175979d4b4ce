"""Where citations may point and what a pinpoint looks like: shared by rule authorities and defined terms."""

from __future__ import annotations

import re
from typing import Literal

LAW_HOSTS = ("www.legislation.gov.uk/", "legislation.gov.uk/")
CASE_HOSTS = ("caselaw.nationalarchives.gov.uk/", "www.bailii.org/", "bailii.org/",
              "curia.europa.eu/", "eur-lex.europa.eu/")
GUIDANCE_HOSTS = ("www.gov.uk/", "assets.publishing.service.gov.uk/")
PINPOINT = re.compile(r"\b(s|ss|reg|regs|art|arts|para|paras|Sch|Part|item|items|Group|r)\.?\s*\(?[0-9IVX]")
CASE_CITE = re.compile(r"\[\d{4}\]|C-\d+/\d+")
Grade = Literal["statute", "statutory_instrument", "case_law", "statutory_guidance", "policy"]



def hosts_for(grade: str) -> tuple[str, ...]:
    """The sites an authority of this grade may be cited from."""
    if grade in ("statute", "statutory_instrument"):
        return LAW_HOSTS
    if grade == "case_law":
        return CASE_HOSTS
    return LAW_HOSTS + GUIDANCE_HOSTS + CASE_HOSTS


def citation_problem(cite: str, uri: str, grade: str) -> str | None:
    """Why a citation is not acceptable for its grade, or None when it is."""
    hosts = hosts_for(grade)
    if not uri.startswith("https://") or not uri[8:].startswith(hosts):
        return f"uri {uri!r} is not an https URI on {', '.join(hosts)}"
    pinpoint = CASE_CITE if grade == "case_law" else PINPOINT
    if grade in ("statute", "statutory_instrument", "case_law") and not pinpoint.search(cite):
        return f"citation {cite!r} has no pinpoint (section, regulation, paragraph or neutral citation)"
    return None
