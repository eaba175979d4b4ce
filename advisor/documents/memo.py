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
from advisor.documents.gantt import gantt_png
from advisor.documents.matrix import matrix_data, matrix_png
from advisor.documents.memo_data import memo_record
from advisor.documents.memo_reader import html_slot
from advisor.documents.memo_timetable import recommended_timetable
from advisor.documents.templates import render_markup, render_template
from advisor.law.rules import Rulebook

FORMATS = ("markdown", "html", "docx", "pdf")
_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
_BINARY = {"docx": ("a Word memo", ".docx"), "pdf": ("a PDF memo", ".pdf")}
_FORMAT_WORDS = {"markdown": "Markdown", "html": "HTML", "docx": "Word", "pdf": "PDF"}
_SVG_PREFIX = "data:image/svg+xml;base64,"
MATRIX_MARK = "<!-- ADM Advisor: the viability matrix of a Markdown memo, rewritten with the memo -->"
TIMETABLE_MARK = "<!-- ADM Advisor: the timetable picture of a Markdown memo, rewritten with the memo -->"
_MATRIX_TITLE = b'<title id="matrix-title">Viability matrix: delivery models by legal form</title>'
_MATRIX_LIMIT = 4 * 1024 * 1024  # an advisor matrix is tens of kilobytes; no more than this is read to recognise one
_PICTURES = {"matrix": ("matrix", MATRIX_MARK, _MATRIX_TITLE),  # what the picture is, its mark, its older mark
             "timetable": ("timetable picture", TIMETABLE_MARK, None)}
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
        self.record["timetable"] = recommended_timetable(assessment, book, self.record)
        self.audit = audit_record(assessment, book, version)
        self.template_dir = template_dir

    def seal(self, body: str) -> str:
        """The audit record's token, bound to the memo's text `body` (the text without the record)."""
        return encode_record(self.audit, body)

    def svg(self) -> str:
        """The viability matrix as SVG."""
        return render_markup("matrix.svg.j2", self.record["matrix"], self.template_dir)

    def timetable_svg(self) -> str | None:
        """The timetable of the memo's route as SVG (none when no step of it is dated)."""
        gantt = self.record["timetable"].get("gantt")
        return None if gantt is None else render_markup("timetable.svg.j2", gantt, self.template_dir)

    def timetable_data_uri(self) -> str | None:
        """The timetable picture as a data: URI, for a memo that carries its pictures inside it."""
        svg = self.timetable_svg()
        return None if svg is None else _SVG_PREFIX + base64.b64encode(svg.encode("utf-8")).decode("ascii")

    def markdown(self, matrix_src: str, embed: bool = True, timetable_src: str | None = None) -> str:
        """The memo in Markdown (the matrix image pointing at `matrix_src`, the timetable's at `timetable_src`,
        else carried in the memo), its audit record on the last line."""
        pictures = {"matrix_src": matrix_src, "timetable_src": timetable_src or self.timetable_data_uri()}
        text = render_template("memo.md.j2", dict(self.record, **pictures), self.template_dir)
        return f"{text.rstrip()}\n\n<!-- {self.seal(text)} -->\n" if embed else text

    def html(self) -> str:
        """The memo as one self-contained, printable HTML page."""
        page = self._page()
        slot = html_slot(page)  # the record's place in the head; a template without it gives a memo without a record
        return page if slot is None else page[:slot.start(1)] + self.seal(page) + page[slot.end(1):]

    def body_html(self, matrix_src: str, timetable_src: str | None = None) -> str:
        """The HTML memo's body (no raw HTML from the Markdown: it is escaped), the matrix picture at `matrix_src`
        and the timetable's at `timetable_src` (else carried in the page)."""
        return str(_markdown_parser().render(self.markdown(matrix_src, False, timetable_src)))

    def _page(self) -> str:
        """The HTML page with its record's place left empty."""
        svg = _SVG_PREFIX + base64.b64encode(self.svg().encode("utf-8")).decode("ascii")
        body = self.body_html(svg)
        return render_markup("memo.html.j2", dict(self.record, embed=""), self.template_dir, body=Markup(body))

    def docx(self) -> bytes:
        """The memo as a Word document with real headings, tables and the matrix picture."""
        from advisor.documents.docx_writer import markdown_to_docx  # lazy for start-up speed: python-docx and lxml

        tokens = _markdown_parser().parse(self.markdown("matrix.png", False, "timetable.png"))
        reference = self.template_dir / "memo-reference.docx" if self.template_dir else None
        images = {"matrix.png": ("Viability matrix", matrix_png(self.record["matrix"]))}
        if (gantt := self.record["timetable"].get("gantt")) is not None:
            images["timetable.png"] = ("Timetable", gantt_png(gantt))
        return markdown_to_docx(tokens, images, self.seal, reference if reference and reference.exists() else None)

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
    """The files a memo may write: the memo, and beside a Markdown memo its matrix (NAME-matrix.svg) and its
    timetable picture (NAME-timetable.svg, written when the memo has one)."""
    if output is None:
        return []
    return [picture_path(output, name) for name in _PICTURES] + [output] if fmt == "markdown" else [output]


def picture_path(output: Path, name: str) -> Path:
    """Where a Markdown memo's picture goes: NAME-matrix.svg, NAME-timetable.svg beside it."""
    return output.with_name(f"{output.stem}-{name}.svg")


def check_memo_outputs(fmt: str, output: Path | None, inputs: Inputs = ()) -> None:
    """Refuse (before anything is written) a link, an input, or a NAME-matrix.svg that is not the advisor's matrix."""
    if fmt in _BINARY and output is None:
        what, suffix = _BINARY[fmt]
        raise AnswersError(f"{what} needs a file: give -o options-appraisal{suffix}")
    given = list(inputs)
    if fmt != "markdown" or output is None:
        for path in memo_outputs(fmt, output):
            check_output(path, f"--output {output}", given)
        return
    for name, (what, _, _) in _PICTURES.items():
        check_output(picture_path(output, name), f"{picture_path(output, name)} (the memo's {what})", given)
    check_output(output, f"--output {output}", given)
    for name in _PICTURES:
        _check_picture(picture_path(output, name), name)


def _check_picture(path: Path, name: str) -> None:
    """An existing NAME-matrix.svg (or NAME-timetable.svg) is replaced only if the advisor wrote it: it carries the
    advisor's mark (or, a matrix from versions before the mark, the shipped matrix's title)."""
    if not path.exists():
        return
    what, mark, title = _PICTURES[name]
    try:
        with path.open("rb") as stream:
            content = stream.read(_MATRIX_LIMIT)
        ours = mark.encode("ascii") in content or (title is not None and title in content)
    except OSError:
        ours = False
    if not ours:
        raise AnswersError(f"{path}: a Markdown memo writes its {what} there, "
                           "and this file was not written by the advisor; move it, or give -o another name")


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
        content = _markdown_with_pictures(writer, output, given)
    write_file(output, content, f"--output {output}", given)
    return None


def _markdown_with_pictures(writer: MemoWriter, output: Path, given: list[str | Path | None]) -> bytes:
    """Write a Markdown memo's pictures beside it (each marked as the advisor's); the memo, pointing at them."""
    matrix, timetable = picture_path(output, "matrix"), picture_path(output, "timetable")
    write_file(matrix, (writer.svg().rstrip("\n") + "\n" + MATRIX_MARK + "\n").encode("utf-8"),
               f"{matrix} (the memo's matrix)", given)
    svg = writer.timetable_svg()
    if svg is not None:
        write_file(timetable, (svg.rstrip("\n") + "\n" + TIMETABLE_MARK + "\n").encode("utf-8"),
                   f"{timetable} (the memo's timetable picture)", given)
    return writer.markdown(matrix.name, True, timetable.name if svg is not None else None).encode("utf-8")


def written_notice(fmt: str, output: Path, timetable: bool = False) -> str:
    """The line saying what was written and where (a Markdown memo's pictures too: `timetable` when it has one)."""
    if fmt != "markdown":
        return f"Wrote the {_FORMAT_WORDS[fmt]} memo to {output}"
    beside = f"its matrix to {picture_path(output, 'matrix')}"
    if timetable:
        beside += f" and its timetable picture to {picture_path(output, 'timetable')}"
    return f"Wrote the {_FORMAT_WORDS[fmt]} memo to {output} (and {beside})"


__all__ = ["FORMATS", "MATRIX_MARK", "RECORD_PREFIX", "TIMETABLE_MARK", "MemoWriter", "audit_record",
           "check_memo_outputs", "encode_record", "format_for", "memo_outputs", "write_memo", "written_notice"]
