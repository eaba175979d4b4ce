"""Re-runs the assessment recorded in a memo and says whether its conclusions still hold, and what changed (`advisor verify`)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from advisor.assessment.assess import assess
from advisor.base.errors import AnswersError
from advisor.base.version import __version__
from advisor.documents.memo import RECORD_PREFIX, audit_record
from advisor.documents.templates import render_template
from advisor.law.answers import build_answers_model, validate_answers
from advisor.law.rules import Rulebook
from advisor.law.shipped import load_book

_TOKEN = re.compile(re.escape(RECORD_PREFIX) + r"([A-Za-z0-9+/=]+)")


def _text_of(path: Path) -> str:
    """A memo's text to search: the file itself, or every part of a Word file."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                                 if name.endswith(".xml"))
        return path.read_text(encoding="utf-8", errors="replace")
    except (OSError, zipfile.BadZipFile) as exc:
        raise AnswersError(f"{path}: cannot be read ({exc.__class__.__name__})") from None


def read_record(path: Path) -> dict[str, Any]:
    """The audit record a memo carries; a file without one is refused."""
    found = _TOKEN.search(_text_of(path))
    if found is None:
        raise AnswersError(f"{path}: no ADM Advisor audit record found (is it a memo written by `advisor memo`?)")
    try:
        record = json.loads(zlib.decompress(base64.b64decode(found.group(1))))
    except (binascii.Error, zlib.error, ValueError):
        raise AnswersError(f"{path}: the audit record is damaged and cannot be read") from None
    if not isinstance(record, dict) or not {"answers", "as_at", "verdicts", "rule_base_digest"} <= set(record):
        raise AnswersError(f"{path}: the audit record is incomplete")
    return record


def _changes(before: dict[str, Any], after: dict[str, Any], book: Rulebook) -> dict[str, Any]:
    """The options whose verdict differs, and each rule that now applies (or no longer does) to some options."""
    verdicts: list[dict[str, Any]] = []
    rules: dict[tuple[str, str], list[str]] = {}
    for adm in book.catalogue.adms:
        for form in adm.forms:
            key, name = f"{adm.id}/{form}", f"{adm.name}, as {book.catalogue.form(form).name}"
            was, now = before["verdicts"].get(adm.id, {}).get(form), after["verdicts"][adm.id][form]
            if was != now:
                verdicts.append({"option": name, "before": was, "after": now})
            old, new = set(before.get("findings", {}).get(key, [])), set(after["findings"][key])
            for rule, change in [(r, "added") for r in new - old] + [(r, "removed") for r in old - new]:
                rules.setdefault((rule, change), []).append(name)
    changed = [{"rule": rule, "title": book.rules[rule].title if rule in book.rules else "(no longer in the rule base)",
                "change": change, "options": options} for (rule, change), options in sorted(rules.items())]
    return {"verdicts": verdicts, "findings": changed}


def verify_memo(path: Path, book: Rulebook, version: str, today: dt.date) -> dict[str, Any]:
    """Compare the memo's conclusions with the current rule base on its own date and on `today`."""
    record = read_record(path)
    model: type[BaseModel] = build_answers_model(book.vocabulary)
    answers = validate_answers(record["answers"], model, book.vocabulary, f"{path}: recorded answers")
    memo_day = dt.date.fromisoformat(record["as_at"])
    checks = []
    for label, day in (("on the memo's date", memo_day), ("today", today)):
        now = audit_record(assess(answers, book, day), book, version)
        changes = _changes(record, now, book)
        checks.append(dict(changes, label=label, as_at=day.isoformat(), holds=not changes["verdicts"]))
    return {"memo": str(path), "as_at": record["as_at"], "recorded_digest": record["rule_base_digest"],
            "recorded_version": record.get("advisor_version"), "current_digest": book.digest,
            "rule_base_changed": record["rule_base_digest"] != book.digest, "checks": checks,
            "holds": all(check["holds"] for check in checks)}


def verify_text(memo: Path, today: dt.date, fmt: str) -> tuple[str, bool]:
    """The verification report for a memo, and whether its conclusions hold."""
    if not memo.exists():
        raise AnswersError(f"{memo}: no such file")
    result = verify_memo(memo, load_book(), __version__, today)
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n", result["holds"]
    return render_template("verify.txt.j2", result), result["holds"]
