"""The plan as an iCalendar file (RFC 5545, by the icalendar package) for an officer's calendar: one all-day event
per dated step, its UID stable for the council, route and rule (so a newer plan updates the event rather than
adding one), its summary the step and its description the rule, the citations, the period and the disclaimer.
Undated steps have no day to put in a calendar and are left out (the text and CSV plans list them)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from icalendar import Calendar, Event

_PRODUCT = "-//ADM Advisor//advisor plan//EN"
_DOMAIN = "adm-advisor.invalid"


def calendar_bytes(data: dict[str, Any]) -> bytes:
    """The calendar of the plan's dated steps (data as the JSON contract gives it)."""
    calendar = Calendar()
    calendar.add("prodid", _PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    stamp = dt.datetime.combine(dt.date.fromisoformat(data["today"]), dt.time(), tzinfo=dt.UTC)
    for step in data["steps"]:
        if step["date"] is not None:
            calendar.add_component(_event(data, step, stamp))
    return bytes(calendar.to_ical())


def event_uid(data: dict[str, Any], step: dict[str, Any]) -> str:
    """The same for the same council, route and rule, whatever the dates: a re-run plan replaces its events."""
    key = "\n".join((data.get("council_name") or "", data["adm"], data["form"], step["rule"]))
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:24]}-{step['rule']}@{_DOMAIN}"


def _event(data: dict[str, Any], step: dict[str, Any], stamp: dt.datetime) -> Event:
    day = dt.date.fromisoformat(step["date"])
    event = Event()
    event.add("uid", event_uid(data, step))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    prefix = "By" if step["due"] == "by" else "From"
    event.add("summary", f"{prefix} this day: {step['step']}")
    event.add("description", _description(data, step))
    event.add("categories", [step["who"], step["status"]])
    event.add("transp", "TRANSPARENT")
    return event


def _description(data: dict[str, Any], step: dict[str, Any]) -> str:
    lines = [f"{step['title']} (rule {step['rule']}; confidence: {step['confidence']})",
             f"Who: {step['who_words']}",
             f"Counted from: {step['anchor_label']} ({step['anchor_date']})",
             *(f"{c['cite']} {c['uri']}" for c in step["citations"])]
    if step["status"] == "may_apply":
        lines.append("May apply, depending on: " + "; ".join(q["question"] for q in step["open_questions"]))
    if step["note"]:
        lines.append(step["note"])
    lines.append(f"{data['adm_name']}, as {data['form_name']}; law applied as at {data['as_at']}. {data['disclaimer']}")
    return "\n".join(lines)
