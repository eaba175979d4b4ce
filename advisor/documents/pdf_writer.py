"""Turns the memo's HTML into a PDF for circulation (WeasyPrint, print layout from the HTML template's @page rules).

The audit record travels inside the PDF as an embedded file (`adm-advisor-record.txt`, holding the record's
token), bound to the text of the PDF's pages as pypdf extracts it (pdf_text), which `advisor verify` reads back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
from collections.abc import Callable, Iterator
from typing import Any

from pypdf import PdfReader, PdfWriter

from advisor.base.errors import AdvisorError

RECORD_ATTACHMENT = "adm-advisor-record.txt"
_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
_SOURCE_DATE = "SOURCE_DATE_EPOCH"


def _fetcher() -> Any:
    """What fetches the memo's resources: only its own data: URIs (its pictures), nothing from another site. WeasyPrint
    68 deprecates its fetcher function for the URLFetcher class (the warning would stop the pictures loading where
    warnings are errors); earlier versions have only the function."""
    try:
        from weasyprint.urls import URLFetcher  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return _local_only
    return URLFetcher(allowed_protocols=("data",))


def _local_only(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """Fetch nothing from another site: only the memo's own data: URIs (its matrix picture) are read."""
    from weasyprint.urls import default_url_fetcher

    if not url.startswith("data:"):
        raise AdvisorError(f"the memo's HTML asks for {url[:40]!r}: a PDF memo uses nothing from another site")
    result: dict[str, Any] = default_url_fetcher(url, timeout, ssl_context)
    return result


@contextlib.contextmanager
def _fonts_dated_epoch() -> Iterator[None]:
    """Font subsets stamped 1980-01-01, not the time of writing (the reproducible-builds variable fontTools reads)."""
    before = os.environ.get(_SOURCE_DATE)
    os.environ[_SOURCE_DATE] = str(int(_EPOCH.timestamp()))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(_SOURCE_DATE, None)
        else:
            os.environ[_SOURCE_DATE] = before


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML memo, in the print layout of its @page rules."""
    from weasyprint import HTML  # lazy: WeasyPrint and its fonts take a second to load

    with _fonts_dated_epoch():
        pdf = HTML(string=html, url_fetcher=_fetcher()).write_pdf()
    if pdf is None:  # write_pdf returns the bytes when given no target
        raise AdvisorError("the PDF memo could not be rendered")
    return bytes(pdf)


def pdf_text(reader: PdfReader) -> str:
    """The text of every page, as the record's digest reads it."""
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def attach_record(pdf: bytes, seal: Callable[[str], str]) -> bytes:
    """The PDF with its audit record attached: `seal` makes the record's token from the PDF's own text."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    attached = writer.add_attachment(RECORD_ATTACHMENT, seal(pdf_text(reader)).encode("ascii"))
    attached.creation_date = attached.modification_date = _EPOCH  # one memo, the same bytes
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
