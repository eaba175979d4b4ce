"""A memo's audit record: what `advisor verify` re-runs, bound to the memo's text by a digest, read within fixed bounds.

The record is compressed JSON in one token (`adm-advisor-record:v2:` and base64), validated on reading by a strict
pydantic model that forbids unknown fields. Its `body_digest` is the sha256 of the memo's text as written, without
the record itself, normalised per format (line ends, trailing spaces, blank lines; a Word memo's paragraph texts).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
import zlib
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.assessment.records import Assessment
from advisor.base.errors import AnswersError, shown
from advisor.law.rules import Rulebook

RECORD_PREFIX = "adm-advisor-record:v2:"
TOKEN = re.compile(re.escape(RECORD_PREFIX) + r"[A-Za-z0-9+/=]+")
MAX_TOKEN_CHARS = 512 * 1024  # a record's token is about 10 KB
MAX_RECORD_BYTES = 1024 * 1024  # its JSON, inflated, about 40 KB
_OLD = re.compile(r"adm-advisor-record:v\d+:")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

Name = Annotated[str, Field(min_length=1, max_length=200)]
Digest = Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]
Answer = (bool | Annotated[int, Field(ge=-(10**15), le=10**15)] | Annotated[float, Field(allow_inf_nan=False)]
          | Annotated[str, Field(max_length=10_000)] | Annotated[list[Name], Field(max_length=200)])
Verdict = Literal["viable", "viable_with_conditions", "undetermined", "not_viable"]


class AuditRecord(BaseModel):
    """The audit record as `advisor verify` accepts it: every field typed, nothing else."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    advisor_version: Annotated[str, Field(max_length=64)]
    rule_base_digest: Digest
    as_at: dt.date
    answers: Annotated[dict[Name, Answer], Field(max_length=1000)]
    verdicts: Annotated[dict[Name, Annotated[dict[Name, Verdict], Field(max_length=100)]], Field(max_length=1000)]
    findings: Annotated[dict[Name, Annotated[list[Name], Field(max_length=10_000)]], Field(max_length=10_000)]
    body_digest: Digest


def audit_record(assessment: Assessment, book: Rulebook, version: str) -> dict[str, Any]:
    """What `advisor verify` needs to re-run the assessment: answers, date, rule base and conclusions."""
    answers = assessment.context.answers.model_dump(mode="json", exclude_none=True)
    return {
        "advisor_version": version, "rule_base_digest": book.digest, "as_at": assessment.as_at.isoformat(),
        "answers": answers,
        "verdicts": {adm.adm.id: {f.form.id: f.verdict for f in adm.forms} for adm in assessment.adms},
        "findings": {f"{adm.adm.id}/{f.form.id}": sorted(a.rule.id for a in f.applying if a.rule.effect != "derive")
                     for adm in assessment.adms for f in adm.forms},
    }


def normalised(text: str) -> str:
    """Text as its digest reads it: line ends as LF, no trailing spaces, no blank lines at either end."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def body_digest(text: str) -> str:
    """The digest binding a record to the memo's text (without the record)."""
    return "sha256:" + hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def encode_record(record: dict[str, Any], body: str) -> str:
    """The audit record, bound to `body`, as one opaque token safe inside HTML, Markdown comments and XML."""
    raw = json.dumps(dict(record, body_digest=body_digest(body)), sort_keys=True, separators=(",", ":")).encode()
    return RECORD_PREFIX + base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def _inflated(data: bytes, source: str) -> bytes:
    """Decompress at most MAX_RECORD_BYTES: a record asking for more, or cut short, is refused."""
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(data, MAX_RECORD_BYTES)
    except zlib.error:
        raise AnswersError(f"{source}: the audit record is damaged (not compressed data); "
                           "write the memo again with `advisor memo`") from None
    if inflater.unconsumed_tail:
        raise AnswersError(f"{source}: the audit record inflates to more than {MAX_RECORD_BYTES // 1024} KB; "
                           "a memo's record is far smaller")
    if not inflater.eof or inflater.unused_data:
        raise AnswersError(f"{source}: the audit record is damaged (cut short or with data after it); "
                           "write the memo again with `advisor memo`")
    return raw


def _compressed(token: str, source: str) -> bytes:
    if not token.startswith(RECORD_PREFIX):
        found = _OLD.match(token)
        raise AnswersError(f"{source}: the audit record is of format {shown(found.group(0) if found else token[:30])}; "
                           f"this advisor reads {RECORD_PREFIX!r} only: write the memo again with `advisor memo`")
    if len(token) > MAX_TOKEN_CHARS:
        raise AnswersError(f"{source}: the audit record is longer than {MAX_TOKEN_CHARS // 1024} KB; "
                           "a memo's record is far smaller")
    try:
        return base64.b64decode(token[len(RECORD_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raise AnswersError(f"{source}: the audit record is damaged (not base64); "
                           "write the memo again with `advisor memo`") from None


def decode_record(token: str, source: str) -> AuditRecord:
    """The record in a token, validated; anything else is one AnswersError line naming what is wrong."""
    raw = _inflated(_compressed(token, source), source)
    try:
        return AuditRecord.model_validate_json(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        if not where:
            raise AnswersError(f"{source}: the audit record is damaged: {error['msg']}") from None
        raise AnswersError(f"{source}: the audit record is not one `advisor memo` writes: field {shown(where)}: "
                           f"{error['msg']}") from None


def docx_lines(xml: bytes) -> list[str]:
    """The text of each non-blank paragraph of a Word document part, read as a stream (no document type allowed)."""
    if re.search(rb"<!DOCTYPE|<!ENTITY", xml, re.IGNORECASE):
        raise ValueError("a Word part with a document type declaration")
    lines: list[str] = []
    stack: list[ET.Element] = []
    texts: list[list[str]] = []  # the text runs of each paragraph open
    for event, element in ET.iterparse(io.BytesIO(xml), events=("start", "end")):
        if event == "start":
            stack.append(element)
            if element.tag == _W + "p":
                texts.append([])
            continue
        stack.pop()
        if element.tag == _W + "t" and texts:
            texts[-1].append(element.text or "")
        elif element.tag == _W + "p":
            line = "".join(texts.pop()).strip()
            if line:
                lines.append(line)
        if stack:
            del stack[-1][-1]  # read: its earlier siblings are gone, so it is the last child
    return lines


__all__ = ["AuditRecord", "RECORD_PREFIX", "TOKEN", "audit_record", "body_digest", "decode_record", "docx_lines",
           "encode_record", "normalised"]
