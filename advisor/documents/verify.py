"""Re-runs the assessment recorded in a memo and says whether its conclusions still hold, and what changed (`advisor verify`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from advisor.assessment.assess import assess
from advisor.base.errors import AnswersError
from advisor.base.version import __version__
from advisor.documents.audit import AuditRecord, audit_record, body_digest, decode_record
from advisor.documents.memo_reader import read_memo
from advisor.documents.templates import render_template
from advisor.law.answers import build_answers_model, validate_answers
from advisor.law.rules import Rulebook
from advisor.law.shipped import load_book


def read_record(path: Path) -> AuditRecord:
    """The audit record a memo carries, validated and bound to the memo's text; else one AnswersError line (exit 2)."""
    memo = read_memo(path)
    record = decode_record(memo.token, str(path))
    if body_digest(memo.body) != record.body_digest:
        raise AnswersError(f"{path}: edited: the memo's text is not the text `advisor memo` wrote with its audit record, "
                           "so its conclusions cannot be verified; verify the memo as written")
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
    answers = validate_answers(dict(record.answers), model, book.vocabulary, f"{path}: recorded answers")
    before = record.model_dump()
    checks = []
    for label, day in (("on the memo's date", record.as_at), ("today", today)):
        now = audit_record(assess(answers, book, day), book, version)
        changes = _changes(before, now, book)
        checks.append(dict(changes, label=label, as_at=day.isoformat(), holds=not changes["verdicts"]))
    return {"memo": str(path), "as_at": record.as_at.isoformat(), "recorded_digest": record.rule_base_digest,
            "recorded_version": record.advisor_version, "current_digest": book.digest,
            "rule_base_changed": record.rule_base_digest != book.digest, "checks": checks,
            "holds": all(check["holds"] for check in checks)}


def verify_text(memo: Path, today: dt.date, fmt: str) -> tuple[str, bool]:
    """The verification report for a memo, and whether its conclusions hold."""
    if not memo.exists():
        raise AnswersError(f"{memo}: no such file")
    result = verify_memo(memo, load_book(), __version__, today)
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n", result["holds"]
    return render_template("verify.txt.j2", result), result["holds"]
