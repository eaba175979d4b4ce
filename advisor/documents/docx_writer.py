"""Turns the memo's Markdown (as parsed tokens) into a Word document: headings, lists, tables, links, the pictures
(the viability matrix, the timetable) with their alternative text."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from markdown_it.token import Token

from advisor.documents.audit import docx_lines

_BLOCK_STYLES = {"bullet_list": "List Bullet", "ordered_list": "List Number", "blockquote": "Quote"}


@dataclass
class _Style:
    """Inline formatting in force while walking a paragraph's tokens."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None


@dataclass
class _Writer:
    document: DocumentObject
    images: dict[str, tuple[str, bytes]]  # by the Markdown's image source: the picture's title and its PNG
    containers: list[str] = field(default_factory=list)

    def inline(self, paragraph: Paragraph, token: Token) -> None:
        """Add an inline token's children to a paragraph as runs (bold, italic, code, links, pictures)."""
        style = _Style()
        for child in token.children or []:
            if child.type in ("strong_open", "strong_close"):
                style.bold = child.type == "strong_open"
            elif child.type in ("em_open", "em_close"):
                style.italic = child.type == "em_open"
            elif child.type == "link_open":
                style.link = str(child.attrGet("href") or "")
            elif child.type == "link_close":
                style.link = None
            elif child.type == "image":
                self._picture(paragraph, child)
            elif child.type in ("softbreak", "hardbreak"):
                paragraph.add_run(" ")
            else:
                self._text(paragraph, child.content, style, code=child.type == "code_inline")

    def _text(self, paragraph: Paragraph, text: str, style: _Style, code: bool) -> None:
        if style.link:
            _hyperlink(paragraph, text, style.link)
            return
        run = paragraph.add_run(text)
        run.bold, run.italic = style.bold or None, style.italic or None
        if code:
            run.font.name = "Consolas"

    def _picture(self, paragraph: Paragraph, token: Token) -> None:
        source = str(token.attrGet("src") or "")
        if source not in self.images:
            return
        title, png = self.images[source]
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Inches(6.3))
        alt = "".join(child.content for child in token.children or [])
        shape._inline.docPr.set("descr", alt)  # alternative text, read by screen readers
        shape._inline.docPr.set("title", title)

    def paragraph(self) -> Paragraph:
        """A new paragraph styled for the innermost list or quote it sits in."""
        style = next((_BLOCK_STYLES[c] for c in reversed(self.containers) if c in _BLOCK_STYLES), None)
        return self.document.add_paragraph(style=style)

    def table(self, tokens: list[Token], start: int) -> int:
        """Add the table that opens at `start`; return the index after it."""
        rows: list[list[Token]] = []
        header_rows = 0
        index = start + 1
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "inline":
                rows[-1].append(token)
            elif token.type == "thead_close":
                header_rows = len(rows)
            index += 1
        self._fill(rows, header_rows)
        return index + 1

    def _fill(self, rows: list[list[Token]], header_rows: int) -> None:
        width = max(len(row) for row in rows)
        table: Table = self.document.add_table(rows=len(rows), cols=width)
        table.style = self.document.styles["Table Grid"]
        for r, row in enumerate(rows):
            for c, token in enumerate(row):
                paragraph = table.cell(r, c).paragraphs[0]
                self.inline(paragraph, token)
                if r < header_rows:
                    for run in paragraph.runs:
                        run.bold = True
        for r in range(header_rows):
            _repeat_header(table, r)


def _repeat_header(table: Table, row: int) -> None:
    """Mark a row as a header row (repeated on each page, announced as headers)."""
    properties = table.rows[row]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = paragraph.add_run(text)
    run.font.color.rgb = RGBColor(0x09, 0x69, 0xDA)
    run.font.underline = True
    link.append(run._r)
    paragraph._p.append(link)


def markdown_to_docx(tokens: list[Token], images: dict[str, tuple[str, bytes]], seal: Callable[[str], str],
                     reference: Path | None) -> bytes:
    """Build the Word document from Markdown tokens, its audit record `seal`ed to its text; `reference` (a .docx)
    supplies a council's styles."""
    document = Document(str(reference)) if reference else Document()
    writer = _Writer(document, images)
    index = 0
    while index < len(tokens):
        index = _block(writer, tokens, index)
    _attach_record(document, seal("\n".join(docx_lines(document.part.blob))))
    document.core_properties.title = "Options appraisal: alternative delivery models"
    out = io.BytesIO()
    document.save(out)
    return _undated(out.getvalue())


_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _undated(package: bytes) -> bytes:
    """The package with every part dated the zip epoch instead of the time of writing: one memo, the same bytes."""
    source, out = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, _ZIP_EPOCH)
            entry.compress_type, entry.external_attr = info.compress_type, info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _attach_record(document: DocumentObject, record: str) -> None:
    """Keep the audit record in a custom XML part (and as hidden text), where `advisor verify` finds it."""
    xml = f'<record xmlns="urn:adm-advisor:record">{record}</record>'.encode()
    part = Part(PackURI("/customXml/adm-advisor-record.xml"), "application/xml", xml, document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_XML)
    hidden = document.add_paragraph().add_run(record)  # a second copy, for editors that drop custom parts
    hidden.font.hidden = True


def _block(writer: _Writer, tokens: list[Token], index: int) -> int:
    """Handle the block token at `index`; return the index of the next one."""
    token = tokens[index]
    kind = token.type
    if kind == "heading_open":
        heading = writer.document.add_heading(level=min(int(token.tag[1]) - 1, 9))
        writer.inline(heading, tokens[index + 1])
        return index + 3
    if kind == "paragraph_open":
        writer.inline(writer.paragraph(), tokens[index + 1])
        return index + 3
    if kind == "table_open":
        return writer.table(tokens, index)
    if kind.endswith("_open") and kind[:-5] in _BLOCK_STYLES:
        writer.containers.append(kind[:-5])
    elif kind.endswith("_close") and kind[:-6] in _BLOCK_STYLES:
        writer.containers.pop()
    return index + 1
