"""Writes the memo as Markdown, HTML, Word or PDF from one record and one Markdown template, with its audit record."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

from advisor.assessment.records import Assessment
from advisor.base.errors import AnswersError
from advisor.documents.matrix import matrix_data, matrix_png
from advisor.documents.memo_data import memo_record
from advisor.documents.templates import render_markup, render_template
from advisor.law.rules import Rulebook

RECORD_PREFIX = "adm-advisor-record:v1:"
FORMATS = ("markdown", "html", "docx", "pdf")
_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
_BINARY = {"docx": ("a Word memo", ".docx"), "pdf": ("a PDF memo", ".pdf")}
_FORMAT_WORDS = {"markdown": "Markdown", "html": "HTML", "docx": "Word", "pdf": "PDF"}
_SVG_PREFIX = "data:image/svg+xml;base64,"


def format_for(output: Path | None, fmt: str | None) -> str:
    """The memo format: as asked, else from the output file's suffix, else Markdown."""
    if fmt:
        return fmt
    if output is None:
        return "markdown"
    if output.suffix.lower() not in _SUFFIXES:
        raise AnswersError(f"--output {output}: give a .md, .html, .docx or .pdf file, or --format")
    return _SUFFIXES[output.suffix.lower()]


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


def encode_record(record: dict[str, Any]) -> str:
    """The audit record as one opaque token (compressed JSON), safe inside HTML, Markdown comments and XML."""
    raw = json.dumps(record, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return RECORD_PREFIX + base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


class MemoWriter:
    """Renders one assessment's memo; a council's template directory can restyle every format."""

    def __init__(self, assessment: Assessment, book: Rulebook, version: str, template_dir: Path | None = None) -> None:
        self.record = memo_record(assessment, book, version)
        self.record["matrix"] = matrix_data(assessment)
        self.record["embed"] = encode_record(audit_record(assessment, book, version))
        self.template_dir = template_dir

    def svg(self) -> str:
        """The viability matrix as SVG."""
        return render_markup("matrix.svg.j2", self.record["matrix"], self.template_dir)

    def markdown(self, matrix_src: str, embed: bool = True) -> str:
        """The memo in Markdown (the matrix image pointing at `matrix_src`)."""
        data = dict(self.record, matrix_src=matrix_src, embed=self.record["embed"] if embed else None)
        return render_template("memo.md.j2", data, self.template_dir)

    def html(self) -> str:
        """The memo as one self-contained, printable HTML page."""
        svg = _SVG_PREFIX + base64.b64encode(self.svg().encode("utf-8")).decode("ascii")
        body = _markdown_parser().render(self.markdown(svg, embed=False))
        return render_markup("memo.html.j2", self.record, self.template_dir, body=Markup(body))

    def docx(self) -> bytes:
        """The memo as a Word document with real headings, tables and the matrix picture."""
        from advisor.documents.docx_writer import markdown_to_docx  # lazy for start-up speed: python-docx and lxml

        tokens = _markdown_parser().parse(self.markdown("matrix.png", embed=False))
        reference = self.template_dir / "memo-reference.docx" if self.template_dir else None
        return markdown_to_docx(tokens, {"matrix.png": matrix_png(self.record["matrix"])},
                                self.record["embed"], reference if reference and reference.exists() else None)


    def pdf(self) -> bytes:
        """The memo as a PDF for circulation: the HTML memo in its print layout, the audit record attached."""
        from advisor.documents.pdf_writer import html_to_pdf  # lazy for start-up speed: WeasyPrint

        return html_to_pdf(self.html(), self.record["embed"])


def _markdown_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    default = parser.validateLink
    parser.validateLink = lambda url: url.startswith(_SVG_PREFIX) or default(url)  # type: ignore[method-assign]
    return parser


def write_memo(writer: MemoWriter, fmt: str, output: Path | None) -> str | None:
    """Write the memo to `output` (and the matrix beside a Markdown file); return it when no file is given."""
    if fmt in _BINARY:
        what, suffix = _BINARY[fmt]
        if output is None:
            raise AnswersError(f"{what} needs a file: give -o options-appraisal{suffix}")
        _write(output, writer.docx() if fmt == "docx" else writer.pdf())
        return None
    if fmt == "html":
        text = writer.html()
    elif output is None:
        text = writer.markdown(_SVG_PREFIX + base64.b64encode(writer.svg().encode("utf-8")).decode("ascii"))
    else:
        matrix = _matrix_path(output)
        _write(matrix, writer.svg().encode("utf-8"))
        text = writer.markdown(matrix.name)
    if output is None:
        return text
    _write(output, text.encode("utf-8"))
    return None


def written_notice(fmt: str, output: Path) -> str:
    """The line saying what was written and where (a Markdown memo's matrix picture too)."""
    beside = f" (and its matrix to {_matrix_path(output)})" if fmt == "markdown" else ""
    return f"Wrote the {_FORMAT_WORDS[fmt]} memo to {output}{beside}"


def _matrix_path(output: Path) -> Path:
    return output.with_name(output.stem + "-matrix.svg")


def _write(path: Path, content: bytes) -> None:
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise AnswersError(f"--output {path}: cannot be written ({exc.strerror})") from None


__all__ = ["FORMATS", "MemoWriter", "RECORD_PREFIX", "audit_record", "encode_record", "format_for", "write_memo",
           "written_notice"]
