"""Writes the memo as Markdown, HTML, Word or PDF from one record and one Markdown template, with its audit record."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from advisor.assessment.records import Assessment
from advisor.base.errors import AnswersError
from advisor.base.files import check_output, write_file
from advisor.documents.audit import RECORD_PREFIX, audit_record, encode_record
from advisor.documents.matrix import matrix_data, matrix_png
from advisor.documents.memo_data import memo_record
from advisor.documents.memo_reader import html_slot
from advisor.documents.templates import render_markup, render_template
from advisor.law.rules import Rulebook

FORMATS = ("markdown", "html", "docx", "pdf")
_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
_BINARY = {"docx": ("a Word memo", ".docx"), "pdf": ("a PDF memo", ".pdf")}
_FORMAT_WORDS = {"markdown": "Markdown", "html": "HTML", "docx": "Word", "pdf": "PDF"}
_SVG_PREFIX = "data:image/svg+xml;base64,"
MATRIX_MARK = "<!-- ADM Advisor: the viability matrix of a Markdown memo, rewritten with the memo -->"
_MATRIX_TITLE = b'<title id="matrix-title">Viability matrix: delivery models by legal form</title>'
_MATRIX_LIMIT = 4 * 1024 * 1024  # an advisor matrix is tens of kilobytes; no more than this is read to recognise one
Inputs = Iterable[str | Path | None]  # the files a command reads, which its outputs must never replace


def format_for(output: Path | None, fmt: str | None) -> str:
    """The memo format: as asked, else from the output file's suffix, else Markdown."""
    if fmt:
        return fmt
    if output is None:
        return "markdown"
    if output.suffix.lower() not in _SUFFIXES:
        raise AnswersError(f"--output {output}: give a .md, .html, .docx or .pdf file, or --format")
    return _SUFFIXES[output.suffix.lower()]


class MemoWriter:
    """Renders one assessment's memo; a council's template directory can restyle every format."""

    def __init__(self, assessment: Assessment, book: Rulebook, version: str, template_dir: Path | None = None) -> None:
        self.record = memo_record(assessment, book, version)
        self.record["matrix"] = matrix_data(assessment)
        self.audit = audit_record(assessment, book, version)
        self.template_dir = template_dir

    def seal(self, body: str) -> str:
        """The audit record's token, bound to the memo's text `body` (the text without the record)."""
        return encode_record(self.audit, body)

    def svg(self) -> str:
        """The viability matrix as SVG."""
        return render_markup("matrix.svg.j2", self.record["matrix"], self.template_dir)

    def markdown(self, matrix_src: str, embed: bool = True) -> str:
        """The memo in Markdown (the matrix image pointing at `matrix_src`), its audit record on the last line."""
        text = render_template("memo.md.j2", dict(self.record, matrix_src=matrix_src), self.template_dir)
        return f"{text.rstrip()}\n\n<!-- {self.seal(text)} -->\n" if embed else text

    def html(self) -> str:
        """The memo as one self-contained, printable HTML page."""
        page = self._page()
        slot = html_slot(page)  # the record's place in the head; a template without it gives a memo without a record
        return page if slot is None else page[:slot.start(1)] + self.seal(page) + page[slot.end(1):]

    def body_html(self, matrix_src: str) -> str:
        """The HTML memo's body (no raw HTML from the Markdown: it is escaped), the matrix picture at `matrix_src`."""
        return str(_markdown_parser().render(self.markdown(matrix_src, embed=False)))

    def _page(self) -> str:
        """The HTML page with its record's place left empty."""
        svg = _SVG_PREFIX + base64.b64encode(self.svg().encode("utf-8")).decode("ascii")
        body = self.body_html(svg)
        return render_markup("memo.html.j2", dict(self.record, embed=""), self.template_dir, body=Markup(body))

    def docx(self) -> bytes:
        """The memo as a Word document with real headings, tables and the matrix picture."""
        from advisor.documents.docx_writer import markdown_to_docx  # lazy for start-up speed: python-docx and lxml

        tokens = _markdown_parser().parse(self.markdown("matrix.png", embed=False))
        reference = self.template_dir / "memo-reference.docx" if self.template_dir else None
        return markdown_to_docx(tokens, {"matrix.png": matrix_png(self.record["matrix"])},
                                self.seal, reference if reference and reference.exists() else None)

    def pdf(self) -> bytes:
        """The memo as a PDF for circulation: the HTML memo in its print layout, the audit record attached (bound
        to the text a PDF reader extracts from its pages)."""
        from advisor.documents.pdf_writer import attach_record, html_to_pdf  # lazy for start-up speed: WeasyPrint

        return attach_record(html_to_pdf(self._page()), self.seal)


def _markdown_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    default = parser.validateLink
    parser.validateLink = lambda url: url.startswith(_SVG_PREFIX) or default(url)  # type: ignore[method-assign]
    return parser


def memo_outputs(fmt: str, output: Path | None) -> list[Path]:
    """The files a memo writes: the memo, and a Markdown memo's matrix (NAME-matrix.svg) beside it."""
    if output is None:
        return []
    return [output.with_name(output.stem + "-matrix.svg"), output] if fmt == "markdown" else [output]


def check_memo_outputs(fmt: str, output: Path | None, inputs: Inputs = ()) -> None:
    """Refuse (before anything is written) a link, an input, or a NAME-matrix.svg that is not the advisor's matrix."""
    if fmt in _BINARY and output is None:
        what, suffix = _BINARY[fmt]
        raise AnswersError(f"{what} needs a file: give -o options-appraisal{suffix}")
    given = list(inputs)
    for path in memo_outputs(fmt, output):
        check_output(path, f"--output {output}" if path == output else f"{path} (the memo's matrix)", given)
    if fmt == "markdown" and output is not None:
        _check_matrix(memo_outputs(fmt, output)[0])


def _check_matrix(matrix: Path) -> None:
    """An existing NAME-matrix.svg is replaced only if the advisor wrote it: it carries the advisor's mark (or,
    from versions before the mark, the shipped matrix's title)."""
    if not matrix.exists():
        return
    try:
        with matrix.open("rb") as stream:
            content = stream.read(_MATRIX_LIMIT)
        ours = MATRIX_MARK.encode("ascii") in content or _MATRIX_TITLE in content
    except OSError:
        ours = False
    if not ours:
        raise AnswersError(f"{matrix}: a Markdown memo writes its matrix there, and this file was not written by "
                           "the advisor; move it, or give -o another name")


def write_memo(writer: MemoWriter, fmt: str, output: Path | None, inputs: Inputs = ()) -> str | None:
    """Write the memo to `output` (and the matrix beside a Markdown file); return it when no file is given.

    Each file is written whole or not at all, never onto one of `inputs` (the files the command read)."""
    given = list(inputs)
    check_memo_outputs(fmt, output, given)
    if output is None and fmt == "html":
        return writer.html()
    if output is None:
        return writer.markdown(_SVG_PREFIX + base64.b64encode(writer.svg().encode("utf-8")).decode("ascii"))
    if fmt == "docx":
        content = writer.docx()
    elif fmt == "pdf":
        content = writer.pdf()
    elif fmt == "html":
        content = writer.html().encode("utf-8")
    else:
        matrix = memo_outputs(fmt, output)[0]
        write_file(matrix, (writer.svg().rstrip("\n") + "\n" + MATRIX_MARK + "\n").encode("utf-8"),
                   f"{matrix} (the memo's matrix)", given)
        content = writer.markdown(matrix.name).encode("utf-8")
    write_file(output, content, f"--output {output}", given)
    return None


def written_notice(fmt: str, output: Path) -> str:
    """The line saying what was written and where (a Markdown memo's matrix picture too)."""
    files = memo_outputs(fmt, output)
    beside = f" (and its matrix to {files[0]})" if len(files) > 1 else ""
    return f"Wrote the {_FORMAT_WORDS[fmt]} memo to {output}{beside}"


__all__ = ["FORMATS", "MATRIX_MARK", "MemoWriter", "RECORD_PREFIX", "audit_record", "check_memo_outputs", "encode_record",
           "format_for", "memo_outputs", "write_memo", "written_notice"]
