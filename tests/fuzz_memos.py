"""Crafted memos for `advisor verify`: genuine memos in each format, records re-made at will, and hypothesis strategies
for corrupt, truncated, oversized, edited, wrong-typed and bomb memos, each with the text its refusal must contain."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import zipfile
import zlib
from typing import Any

from hypothesis import strategies as st

from advisor.assessment.assess import assess
from advisor.base.version import __version__
from advisor.documents.audit import RECORD_PREFIX
from advisor.documents.memo import MemoWriter
from advisor.documents.memo_reader import MAX_MEMO_BYTES, RECORD_PART, html_slot
from advisor.law.shipped import load_answers
from tests.fuzzing import BOOK

FORMATS = ("md", "html", "docx")
MAY_HOLD = "?"  # expected text of a case that may also verify (exit 0): bytes changed outside what a record binds
AS_AT = dt.date(2018, 3, 1)


def _genuine() -> dict[str, bytes]:
    writer = MemoWriter(assess(load_answers(None, "worcestershire-2018"), BOOK, AS_AT), BOOK, __version__)
    return {"md": writer.markdown("m-matrix.svg").encode(), "html": writer.html().encode(), "docx": writer.docx()}


GENUINE = _genuine()


def token_of(raw: bytes) -> str:
    """A record token holding these (JSON) bytes."""
    return RECORD_PREFIX + base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def _token(fmt: str, memo: bytes) -> str:
    if fmt == "md":
        return memo.decode().rstrip().rsplit("\n", 1)[1].removeprefix("<!-- ").removesuffix(" -->")
    if fmt == "html":
        slot = html_slot(memo.decode())
        assert slot is not None
        return slot.group(1)
    part = zipfile.ZipFile(io.BytesIO(memo)).read(RECORD_PART).decode()
    return part.split(">", 1)[1].split("<", 1)[0]


def record_of(fmt: str, memo: bytes) -> dict[str, Any]:
    """The genuine record of a memo, as JSON data."""
    token = _token(fmt, memo)
    return json.loads(zlib.decompress(base64.b64decode(token.removeprefix(RECORD_PREFIX))))  # type: ignore[no-any-return]


RECORDS = {fmt: record_of(fmt, memo) for fmt, memo in GENUINE.items()}  # alike but for the digest of each one's text


def _rezip(docx: bytes, changes: dict[str, bytes]) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, changes.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def place(fmt: str, token: str, memo: bytes | None = None) -> bytes:
    """A genuine memo (or `memo`) of the format with `token` in its record's place; its text unchanged."""
    memo = GENUINE[fmt] if memo is None else memo
    if fmt == "md":
        body = memo.decode().rstrip().rsplit("\n", 1)[0]
        return f"{body}\n<!-- {token} -->\n".encode()
    if fmt == "html":
        page = memo.decode()
        slot = html_slot(page)
        assert slot is not None
        return (page[:slot.start(1)] + token + page[slot.end(1):]).encode()
    record = f'<record xmlns="urn:adm-advisor:record">{token}</record>'.encode()
    return _rezip(memo, {RECORD_PART: record})


def edited(fmt: str, at: float, text: str, memo: bytes | None = None) -> bytes:
    """The memo with `text` (letters) inserted in its prose, at a fraction `at` of the way through it."""
    memo = GENUINE[fmt] if memo is None else memo
    if fmt == "docx":
        xml = zipfile.ZipFile(io.BytesIO(memo)).read("word/document.xml").decode()
        runs = [m.end() for m in re.finditer(r"<w:t(?: [^>]*)?>", xml)][:-1]  # not the hidden record's
        cut = runs[int(at * (len(runs) - 1))]
        return _rezip(memo, {"word/document.xml": (xml[:cut] + text + xml[cut:]).encode()})
    page = memo.decode()
    end = page.rstrip().rfind("\n") if fmt == "md" else page.find("<body")
    start = 0 if fmt == "md" else end
    end = end if fmt == "md" else len(page) - 20
    cut = start + int(at * (end - start))
    return (page[:cut] + text + page[cut:]).encode()


_NOT = {  # per field of the record, values it must refuse
    "advisor_version": [1, None, [], {}, "v" * 65],
    "rule_base_digest": ["sha256:xyz", 5, None, "md5:" + "0" * 64, "sha256:" + "A" * 64],
    "as_at": ["2018-02-30", "2023-02-29", "20180301", 20180301, "2018-W09-4", None, "", "2018-03-01T00:00:00", [2018]],
    "answers": [[], "keep_control", None, {"keep_control": {"a": 1}}, {"x" * 300: 1}, {"setup_budget_gbp": 10**20},
                {"setup_budget_gbp": float("1e300")}, {"keep_control": [1]}],
    "verdicts": [[], "viable", {"a": "viable"}, {"a": {"b": "maybe"}}, {"a": {"b": 1}}, {"a": {"": "viable"}}],
    "findings": ["x", [], {"a": "b"}, {"a": [1]}, {"a": [None]}],
    "body_digest": ["", "sha256:00", 1, None],
}
FIELDS = tuple(_NOT)


def _record_bytes(record: dict[str, Any]) -> bytes:
    return json.dumps(record, allow_nan=True).encode()


@st.composite
def wrong_types(draw: st.DrawFn) -> tuple[str, bytes, str]:
    """A genuine memo whose record has one field of the wrong type, an unknown field, or a field missing."""
    fmt, name = draw(st.sampled_from(FORMATS)), draw(st.sampled_from(FIELDS))
    kind = draw(st.sampled_from(["wrong", "wrong", "wrong", "extra", "missing"]))
    record = dict(RECORDS[fmt])
    if kind == "missing":
        del record[name]
    elif kind == "extra":
        name = draw(st.sampled_from(["extra", "verdict", "body", "script"]))
        record[name] = draw(st.sampled_from([1, "x", None, [], {}]))
    else:
        record[name] = draw(st.sampled_from(_NOT[name]))
    return fmt, place(fmt, token_of(_record_bytes(record))), name


@st.composite
def corrupt(draw: st.DrawFn) -> tuple[str, bytes, str]:
    """A memo whose record is not base64, not compressed, not JSON, or whose bytes were overwritten somewhere."""
    fmt = draw(st.sampled_from(FORMATS))
    kind = draw(st.sampled_from(["not base64", "not compressed", "not JSON", "bytes overwritten", "old format"]))
    if kind == "not base64":
        token = RECORD_PREFIX + draw(st.text(alphabet="!@#$%^&*()-_~.,;AB", min_size=1, max_size=200))
        return fmt, place(fmt, token), "audit record"
    if kind == "not compressed":
        raw = draw(st.binary(min_size=1, max_size=400))
        return fmt, place(fmt, RECORD_PREFIX + base64.b64encode(raw).decode()), "audit record"
    if kind == "not JSON":
        return fmt, place(fmt, token_of(draw(st.binary(max_size=400)))), "audit record"
    if kind == "old format":
        return fmt, place(fmt, "adm-advisor-record:v1:" + token_of(b"{}")[len(RECORD_PREFIX):]), "format"
    memo = bytearray(GENUINE[fmt])
    at = draw(st.integers(0, len(memo) - 8))
    junk = draw(st.binary(min_size=1, max_size=8).filter(lambda b: not set(b) & set(b" \t\r\n\x0b\x0c")
                                                          and b != bytes(memo[at:at + len(b)])))
    memo[at:at + len(junk)] = junk
    return fmt, bytes(memo), MAY_HOLD if fmt == "docx" else ""  # a Word file's styles, pictures, dates are not its text


@st.composite
def truncated(draw: st.DrawFn) -> tuple[str, bytes, str]:
    """A memo cut short: at least its last two bytes gone (a lost final line end changes no text)."""
    fmt = draw(st.sampled_from(FORMATS))
    return fmt, GENUINE[fmt][:draw(st.integers(0, len(GENUINE[fmt]) - 2))], ""


@st.composite
def edited_prose(draw: st.DrawFn) -> tuple[str, bytes, str]:
    """A genuine memo with letters inserted in its text."""
    fmt = draw(st.sampled_from(FORMATS))
    text = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyzVIABLE", min_size=1, max_size=12))
    return fmt, edited(fmt, draw(st.floats(0, 1)), text), "edited"


@st.composite
def bombs(draw: st.DrawFn) -> tuple[str, bytes, str]:
    """A record inflating past its bound: zeros, or a JSON text field megabytes long."""
    fmt, megabytes = draw(st.sampled_from(FORMATS)), draw(st.integers(2, 64))
    raw = b"\0" * (megabytes << 20) if draw(st.booleans()) else \
        _record_bytes(dict(RECORDS[fmt], advisor_version="v" * (megabytes << 20)))
    return fmt, place(fmt, token_of(raw)), "inflates to more than"


def oversized(fmt: str, extra: int) -> bytes:
    """A genuine memo padded past MAX_MEMO_BYTES (its record still in place for Markdown and HTML)."""
    if fmt == "docx":
        return GENUINE[fmt] + b"\0" * (MAX_MEMO_BYTES + extra)
    page = GENUINE[fmt].decode()
    return (" " * (MAX_MEMO_BYTES + extra) + page).encode()


@st.composite
def oversized_memos(draw: st.DrawFn) -> tuple[str, bytes, str]:
    """A memo just past the size cap."""
    fmt = draw(st.sampled_from(FORMATS))
    return fmt, oversized(fmt, draw(st.integers(1, 4096))), "larger than"


def crafted_memos() -> st.SearchStrategy[tuple[str, bytes, str]]:
    """Every kind of crafted memo: (format, file bytes, text the one-line refusal must contain)."""
    return st.one_of(wrong_types(), corrupt(), truncated(), edited_prose(), bombs(), oversized_memos())
