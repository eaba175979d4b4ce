"""The memo as a cabinet reads it: no internal ids in its body, facts in words, the rules relied on, and the PDF."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import zlib
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner

from advisor.cli.main import main
from advisor.law.shipped import load_book

WORDS = {"viable": "Viable", "viable_with_conditions": "Viable with conditions", "undetermined": "Undetermined",
         "not_viable": "Not viable"}
PROPOSAL = "advisor/examples/proposals/worcestershire-wocc-2019.yaml"


def _run(runner: CliRunner, *args: str) -> tuple[str, str]:
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def _ids_in(text: str) -> set[str]:
    """Rule ids and answer field names (those with an underscore) the text names."""
    book = load_book()
    names = set(book.rules) | {name for name in book.vocabulary.facts if "_" in name} | set(book.derived)
    return {name for name in names if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", text)}


def test_memo_body_names_no_rule_or_field_ids_and_the_appendix_traces_every_rule(runner: CliRunner) -> None:
    memo, _ = _run(runner, "memo", "--example", "worcestershire-2018", "--proposal", PROPOSAL)
    body, appendix = memo.split("## Appendix: rules relied on")
    assert _ids_in(body) == set()
    assert "Answer field" not in body and "=True" not in memo and "derived." not in memo
    rows = re.findall(r"^\| (\d+) \| (.+?) \(\w+\); identifier `([a-z0-9_.]+)` \| (.+) \|$", appendix, re.M)
    book = load_book()
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))
    for _, title, rule_id, citations in rows:
        assert book.rules[rule_id].title.replace("[", "\\[") in title.replace("[", "\\[")
        assert "](https://" in citations
    cited = {int(n) for n in re.findall(r"rule (\d+) in the appendix", body)}
    assert cited and cited <= {int(r[0]) for r in rows}
    # each finding's number leads to its own rule: the first finding of section 6 names its rule's title
    first = re.search(r"^- \*\*\w[\w ]*: (.+?)\.\*\* .*?rule (\d+) in the appendix", body, re.M)
    assert first is not None
    assert dict((int(r[0]), r[1]) for r in rows)[int(first.group(2))].startswith(first.group(1))


def test_proposal_checklist_gives_the_facts_in_words(runner: CliRunner) -> None:
    memo, _ = _run(runner, "memo", "--example", "worcestershire-2018", "--proposal", PROPOSAL)
    book = load_book()
    labels = {spec.shown_label for spec in book.vocabulary.facts.values()} | set(book.derived_labels.values())
    section = memo.split("### The proposed structure")[1].split("| Answer | Value |")[0]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| ") and " | " in line]
    header = rows[0]
    column = header.index("On the answers")
    said = [fact for row in rows[2:] if len(row) > column and row[column] for fact in row[column].split("; ")]
    assert said
    for fact in said:
        label, value = fact.rsplit(": ", 1)
        assert label in labels and value not in ("True", "False", "true", "false", "None"), fact
    assert "Award without competition: yes" in said  # worcestershire-2018 answers award_without_competition: true


def test_check_gives_each_fact_it_read_in_words(runner: CliRunner) -> None:
    check = json.loads(_run(runner, "check", "--example", "worcestershire-wocc-2019", "--format", "json")[0])
    text = _run(runner, "check", "--example", "worcestershire-wocc-2019")[0]
    book = load_book()
    said = [line.strip().removeprefix("On the answers: ") for line in text.splitlines() if "On the answers: " in line]
    read = [item for item in check["items"] if item["facts"]]
    assert len(said) == len(read)
    words = {True: "yes", False: "no", "true": "yes", "false": "no", "unknown": "unknown"}
    kinds = set()
    for line, item in zip(said, read, strict=True):
        for key, value in item["facts"].items():
            label = book.derived_labels[key[8:]] if key.startswith("derived.") else book.vocabulary.facts[key].shown_label
            if isinstance(value, bool | str) and value in words:
                assert f"{label}: {words[value]}" in line.split("; "), (item["rule"], key)
                kinds.add(words[value])
    assert kinds == {"yes", "no", "unknown"}  # the example reads answers of each kind
    assert "=True" not in text and "=unknown" not in text and "derived." not in text


def test_word_memo_body_has_no_ids_before_its_appendix(runner: CliRunner, tmp_path: Path) -> None:
    _run(runner, "memo", "--example", "bnes-2015", "-o", str(tmp_path / "m.docx"))
    document = docx.Document(str(tmp_path / "m.docx"))
    texts = [p.text for p in document.paragraphs]
    cut = texts.index("Appendix: rules relied on")
    body_tables = [t for t in document.tables if t.cell(0, 0).text != "No."]
    body = "\n".join(texts[:cut]) + "\n".join(c.text for t in body_tables for row in t.rows for c in row.cells)
    assert _ids_in(body) == set()


@pytest.mark.parametrize(("name", "words", "beside"), [("m.md", "Markdown", True), ("m.docx", "Word", False)])
def test_memo_to_a_file_says_what_it_wrote_and_where(runner: CliRunner, tmp_path: Path, name: str, words: str,
                                                      beside: bool) -> None:
    out = tmp_path / name
    stdout, stderr = _run(runner, "memo", "--example", "bnes-2015", "-o", str(out))
    assert stdout == "" and out.exists()
    matrix = tmp_path / "m-matrix.svg"
    expected = f"Wrote the {words} memo to {out}" + (f" (and its matrix to {matrix})" if beside else "")
    assert stderr == expected + "\n"
    assert matrix.exists() == beside
    stdout, stderr = _run(runner, "memo", "--example", "bnes-2015")
    assert stderr == "" and stdout.startswith("# Options appraisal")


@pytest.fixture(scope="module")
def pdf_memo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """One PDF memo (rendering takes a while), with the advise JSON for the same council."""
    folder = tmp_path_factory.mktemp("pdf")
    runner = CliRunner()
    _, said = _run(runner, "memo", "--example", "worcestershire-2018", "--format", "pdf", "-o", str(folder / "a.pdf"))
    assert said == f"Wrote the PDF memo to {folder / 'a.pdf'}\n"
    advice = json.loads(_run(runner, "advise", "--example", "worcestershire-2018", "--format", "json")[0])
    return folder / "a.pdf", advice


def _pages(path: Path, layout: bool = True) -> list[str]:
    """Each page's text, by poppler's pdftotext (laid out as on the page, or in reading order)."""
    command = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_pdf_memo_is_a4_numbered_with_a_running_header(pdf_memo: tuple[Path, dict[str, object]]) -> None:
    path, advice = pdf_memo
    reader = pypdf.PdfReader(str(path))
    pages = _pages(path)
    assert len(pages) == len(reader.pages) > 5
    assert all(round(float(p.mediabox.width)) == 595 and round(float(p.mediabox.height)) == 842 for p in reader.pages)
    header = f"Options appraisal: {advice['council_name']} — law as at {advice['as_at']}"
    for number, page in enumerate(pages, start=1):
        assert page.strip().splitlines()[0].strip() == header, number
        assert f"Page {number} of {len(pages)}" in page.strip().splitlines()[-1], number


def test_pdf_memo_carries_the_verdicts_disclaimer_and_date(pdf_memo: tuple[Path, dict[str, object]]) -> None:
    path, advice = pdf_memo
    text = " ".join(" ".join(_pages(path, layout=False)).split())
    assert " ".join(str(advice["disclaimer"]).split()) in text
    assert f"Law applied as at {advice['as_at']}" in text
    def squeezed(words: str) -> str:  # cells wrap, and pdftotext joins a word broken at its hyphen
        return "".join(words.replace("-", "").split())

    report = squeezed(text.split("5 The report: options appraisal")[1].split("Columns of the matrix")[0])
    for adm in advice["adms"]:  # type: ignore[attr-defined]  # each row: model, best form, verdict
        name, verdict = squeezed(adm["name"]), squeezed(WORDS[adm["verdict"]])
        assert re.search(rf"{re.escape(name)}.{{0,120}}?{verdict}", report), adm["name"]


def test_pdf_memo_embeds_the_audit_record_and_verifies(pdf_memo: tuple[Path, dict[str, object]]) -> None:
    path, advice = pdf_memo
    reader = pypdf.PdfReader(str(path))
    (token,) = reader.attachments["adm-advisor-record.txt"]
    record = json.loads(zlib.decompress(base64.b64decode(token.decode("ascii").removeprefix("adm-advisor-record:v2:"))))
    assert record["as_at"] == advice["as_at"]
    assert record["verdicts"] == {adm["id"]: {f["form"]: f["verdict"] for f in adm["forms"]}
                                  for adm in advice["adms"]}  # type: ignore[attr-defined]
    result = CliRunner().invoke(main, ["verify", str(path), "--as-at", str(advice["as_at"])])
    assert result.exit_code == 0 and "The memo's conclusions still hold." in result.output, result.output


def test_a_pdf_whose_record_belongs_to_other_text_is_reported_edited(pdf_memo: tuple[Path, dict[str, object]],
                                                                       tmp_path: Path) -> None:
    path, _ = pdf_memo
    writer = pypdf.PdfWriter(clone_from=str(path))
    writer.remove_page(2)  # the pages' text is no longer the text the record was bound to
    edited = tmp_path / "edited.pdf"
    with edited.open("wb") as stream:
        writer.write(stream)
    result = CliRunner().invoke(main, ["verify", str(edited)])
    assert result.exit_code == 2 and "edited" in result.output and result.output.count("\n") == 1, result.output


@pytest.mark.parametrize("content", [b"%PDF-1.7\n" + b"\x00" * 500, b"%PDF-1.4\n1 0 obj << /Length 99999999 >> stream\n",
                                     b"%PDF-"])
def test_a_broken_pdf_is_refused_in_one_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "memo.pdf"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["verify", str(path)])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "Traceback" not in result.output, result.output
