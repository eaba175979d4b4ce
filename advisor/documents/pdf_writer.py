"""Turns the memo's HTML into a PDF for circulation (WeasyPrint, print layout from the HTML template's @page rules).

The audit record travels twice inside the PDF, as other formats carry it: as an embedded file
(`adm-advisor-record.txt`, holding the record token exactly as the HTML's meta element does) and in the
document information dictionary (key `/admadvisorrecord`: WeasyPrint's name for that meta element).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

from advisor.base.errors import AdvisorError

RECORD_ATTACHMENT = "adm-advisor-record.txt"
_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
_SOURCE_DATE = "SOURCE_DATE_EPOCH"


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


def html_to_pdf(html: str, record: str) -> bytes:
    """The PDF of a self-contained HTML memo, with the audit record attached."""
    from weasyprint import HTML, Attachment  # lazy: WeasyPrint and its fonts take a second to load

    attachment = Attachment(string=record, name=RECORD_ATTACHMENT, description="ADM Advisor audit record",
                            created=_EPOCH, modified=_EPOCH)  # dated as a Word memo's parts: one memo, the same bytes
    with _fonts_dated_epoch():
        pdf = HTML(string=html, url_fetcher=_local_only).write_pdf(attachments=[attachment], custom_metadata=True)
    if pdf is None:  # write_pdf returns the bytes when given no target
        raise AdvisorError("the PDF memo could not be rendered")
    return bytes(pdf)
