"""Reads a memo for `advisor verify` within fixed bounds: its audit record from the record's own place, and its text.

The places: a Markdown memo's last line (`<!-- adm-advisor-record:v2:... -->`); the HTML memo's
`<meta name="adm-advisor-record">` in its head; a Word memo's part customXml/adm-advisor-record.xml (else its
last paragraph, the hidden copy); a PDF memo's embedded file adm-advisor-record.txt. Text anywhere else, such as
a council's name, is never read as a record.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PdfReadError, PdfStreamError

from advisor.base.errors import AnswersError
from advisor.documents.audit import MAX_TOKEN_CHARS, docx_lines, normalised
from advisor.documents.pdf_writer import RECORD_ATTACHMENT, pdf_text

MAX_MEMO_BYTES = 8 * 1024 * 1024  # a memo is 150 to 400 KB
MAX_PART_BYTES = 16 * 1024 * 1024  # a Word memo's word/document.xml, inflated: about 0.5 MB
RECORD_PART = "customXml/adm-advisor-record.xml"
BODY_PART = "word/document.xml"
_MARKDOWN_RECORD = re.compile(r"<!-- (adm-advisor-record:v\d+:\S*) -->")
_HTML_SLOT = re.compile(r'<meta name="adm-advisor-record" content="([^"<>]*)">')
_XML_RECORD = re.compile(r'(?:<\?xml[^>]{0,200}\?>)?\s*<record xmlns="urn:adm-advisor:record">(\S*)</record>\s*')
_ANY_TOKEN = re.compile(r"adm-advisor-record:v\d+:\S*")


@dataclass(frozen=True)
class MemoText:
    """What verify reads from a memo: the record's token and the text the record is bound to."""

    token: str
    body: str


def html_slot(page: str) -> re.Match[str] | None:
    """The record's one place in an HTML memo: the content of the one record meta in its head."""
    end = page.lower().find("</head>")
    slots = list(_HTML_SLOT.finditer(page, 0, max(end, 0)))
    return slots[0] if len(slots) == 1 else None


def _missing(source: str, place: str) -> AnswersError:
    return AnswersError(f"{source}: no ADM Advisor audit record found in its place ({place}); "
                        "is it a memo written by `advisor memo`?")


def _markdown(text: str, source: str) -> MemoText:
    lines = normalised(text).split("\n")
    found = _MARKDOWN_RECORD.fullmatch(lines[-1])
    if found is None:
        raise _missing(source, "the last line of a Markdown memo")
    return MemoText(found.group(1), "\n".join(lines[:-1]))


def _html(page: str, source: str) -> MemoText:
    slot = html_slot(page)
    if slot is None or not slot.group(1):
        raise _missing(source, 'one <meta name="adm-advisor-record"> in the head of an HTML memo')
    return MemoText(slot.group(1), page[:slot.start(1)] + page[slot.end(1):])


def _part(archive: zipfile.ZipFile, name: str, limit: int, source: str) -> bytes | None:
    """One part of a Word file, refused if it inflates past `limit`; None when absent."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    too_big = AnswersError(f"{source}: part {name} inflates to more than {_size(limit)}; a memo's is far smaller")
    if info.file_size > limit:
        raise too_big
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise too_big
    return data


def _size(limit: int) -> str:
    return f"{limit >> 20} MB" if limit >= 1 << 20 else f"{limit >> 10} KB"


def _word_parts(data: bytes, source: str) -> tuple[bytes | None, bytes | None]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return (_part(archive, RECORD_PART, MAX_TOKEN_CHARS + 1024, source),
                    _part(archive, BODY_PART, MAX_PART_BYTES, source))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError,
            zlib.error, ValueError) as exc:
        raise AnswersError(f"{source}: not a readable Word file ({exc.__class__.__name__})") from None


def _docx(data: bytes, source: str) -> MemoText:
    record, body = _word_parts(data, source)
    if body is None:
        raise AnswersError(f"{source}: not a Word document (it has no {BODY_PART})")
    try:
        lines = docx_lines(body)
    except (ET.ParseError, ValueError) as exc:
        raise AnswersError(f"{source}: {BODY_PART} is not well-formed XML ({str(exc)[:80]})") from None
    hidden = lines.pop() if lines and _ANY_TOKEN.fullmatch(lines[-1]) else None
    kept = _XML_RECORD.fullmatch(record.decode("utf-8", "replace")) if record is not None else None
    token = kept.group(1) if kept else hidden
    if not token:
        raise _missing(source, f"{RECORD_PART} or the last paragraph of a Word memo")
    return MemoText(token, "\n".join(lines))


def _pdf(data: bytes, source: str) -> MemoText:
    """A PDF memo: the record from its embedded file, the text of its pages (pypdf, with its own inflation limits)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        attached = reader.attachments.get(RECORD_ATTACHMENT, [])
        token = attached[0].decode("ascii", "replace") if attached and len(attached[0]) <= MAX_TOKEN_CHARS else ""
        body = pdf_text(reader) if token else ""
    except (PdfReadError, PdfStreamError, LimitReachedError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, zlib.error, OSError) as exc:
        raise AnswersError(f"{source}: not a readable PDF ({exc.__class__.__name__})") from None
    if not token:
        raise _missing(source, f"the embedded file {RECORD_ATTACHMENT} of a PDF memo")
    return MemoText(token, body)


def _bounded(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_MEMO_BYTES + 1)
    except OSError as exc:
        raise AnswersError(f"{path}: cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    if len(data) > MAX_MEMO_BYTES:
        raise AnswersError(f"{path}: larger than {_size(MAX_MEMO_BYTES)}; a memo is far smaller")
    return data


def read_memo(path: Path) -> MemoText:
    """The record's token and the memo's text from a .md, .html, .docx or .pdf memo, at most MAX_MEMO_BYTES read."""
    data, source = _bounded(path), str(path)
    if data.startswith(b"PK\x03\x04"):
        return _docx(data, source)
    if data.startswith(b"%PDF-"):
        return _pdf(data, source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersError(f"{source}: neither UTF-8 text (a Markdown or HTML memo) nor a Word file") from None
    if re.match(r"\s*<!doctype html", text, re.IGNORECASE):
        return _html(text, source)
    return _markdown(text, source)


__all__ = ["MAX_MEMO_BYTES", "MAX_PART_BYTES", "MemoText", "html_slot", "read_memo"]
