"""`advisor memo` and `advisor verify`: golden memos, safe HTML, a real Word file, the same verdicts everywhere."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from advisor.cli.main import main
from advisor.documents.verify import verify_memo
from advisor.law.loader import load_rulebook
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "golden"
WORDS = {"viable": "Viable", "viable_with_conditions": "Viable with conditions", "undetermined": "Undetermined",
         "not_viable": "Not viable"}


def _memo(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(main, ["memo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _verdicts(runner: CliRunner, *args: str) -> dict[str, str]:
    data = json.loads(runner.invoke(main, ["advise", *args, "--format", "json"]).output)
    return {adm["name"]: WORDS[adm["verdict"]] for adm in data["adms"]}


def _normalised(text: str) -> str:
    """The memo without what changes with every rule-base or code release (digest, version, record)."""
    text = re.sub(r"sha256:[0-9a-f]{64} \(\d+ rules\)", "RULE-BASE", text)
    text = re.sub(r"\| Advisor version \| [^|]+ \|", "| Advisor version | VERSION |", text)
    return re.sub(r"adm-advisor-record:v\d+:[A-Za-z0-9+/=]+", "RECORD", text)


@pytest.mark.parametrize("example", ["bnes-2015", "worcestershire-2018", "kensington-youth-2013"])
def test_markdown_memo_matches_its_reviewed_golden_file(runner: CliRunner, example: str) -> None:
    """Refresh on purpose, after reading the difference: REFRESH_GOLDEN=1 pytest tests/unit/test_memo.py."""
    text = _normalised(_memo(runner, "--example", example))
    golden = GOLDEN / f"memo-{example}.md"
    if os.environ.get("REFRESH_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def _appraisal_rows(markdown: str) -> dict[str, str]:
    section = markdown.split("## 5 The report")[1].split("![")[0]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    return {cells[0].lstrip("| "): cells[2] for cells in rows[1:]}


@pytest.mark.parametrize("example", ["bnes-2017", "worcestershire-2018", "sandwell-schools-2013"])
def test_every_format_carries_the_same_verdicts_as_advise(runner: CliRunner, tmp_path: Path, example: str) -> None:
    expected = _verdicts(runner, "--example", example)
    assert _appraisal_rows(_memo(runner, "--example", example)) == expected
    _memo(runner, "--example", example, "-o", str(tmp_path / "m.html"))
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    for name, verdict in expected.items():
        assert re.search(rf"<td>{re.escape(name)}</td>\s*<td>[^<]*</td>\s*<td>{verdict}</td>", html), name
    _memo(runner, "--example", example, "-o", str(tmp_path / "m.docx"))
    table = next(t for t in docx.Document(str(tmp_path / "m.docx")).tables if t.cell(0, 3).text == "Decisive reason")
    assert {row.cells[0].text: row.cells[2].text for row in table.rows[1:]} == expected


def test_recommendation_names_exactly_the_options_the_rules_leave_open(runner: CliRunner) -> None:
    text = _memo(runner, "--example", "worcestershire-2018")
    recommendation = text.split("## 2 Recommendation")[1].split("## 3")[0]
    named = set(re.findall(r"^\d+\. \*\*(.+?)\*\*", recommendation, re.M))
    open_now = {n for n, v in _verdicts(runner, "--example", "worcestershire-2018").items()
                if v in ("Viable", "Viable with conditions")}
    assert named == open_now and named


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_accessible_and_escapes_what_the_council_typed(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(yaml.safe_dump({"council_name": "<script>alert('x')</script> & Co | *Borough*",
                                       "services": ["youth_services"], "keep_control": True}), encoding="utf-8")
    _memo(runner, str(answers), "--as-at", "2025-06-01", "-o", str(tmp_path / "m.html"))
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    assert "script" not in page.tags and "<script>" not in html
    assert "<script>alert('x')</script> & Co | *Borough*" in "".join(page.text)
    assert {"h1", "h2", "h3", "table", "th", "img"} <= set(page.tags)
    (image,) = page.images
    assert image["alt"] and image["alt"].startswith("Viability matrix.")
    src = str(image["src"])
    assert src.startswith("data:image/svg+xml;base64,")  # self-contained: no external file
    svg = ET.fromstring(base64.b64decode(src.split(",", 1)[1]))
    assert svg.find("{http://www.w3.org/2000/svg}title") is not None


def test_word_memo_has_real_headings_tables_and_the_matrix_picture(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "appraisal.docx"
    _memo(runner, "--example", "bnes-2015", "-o", str(target))
    document = docx.Document(str(target))
    styles = [p.style.name for p in document.paragraphs if p.style is not None]
    assert "Title" in styles and "Heading 1" in styles and "Heading 2" in styles
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings[:3] == ["1 The issue", "2 Recommendation", "3 Resource implications"]
    assert "9 Risk management" in headings and "11 Authorities" in headings
    assert len(document.tables) >= 5
    (picture,) = document.inline_shapes
    assert picture._inline.docPr.get("descr", "").startswith("Viability matrix.")


def test_memo_sections_follow_the_council_report_shape(runner: CliRunner) -> None:
    text = _memo(runner, "--example", "worcestershire-2018")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == ["1 The issue", "2 Recommendation", "3 Resource implications",
                        "4 Statutory considerations and basis for proposal", "5 The report: options appraisal",
                        "6 Rationale", "7 Other options considered", "8 Consultation", "9 Risk management",
                        "10 Open questions", "11 Authorities", "Appendix: rules relied on"]
    assert "| Risk | Consequence | Likelihood | Impact | Mitigation | Options |" in text
    assert "at least 28 days" in text.split("## 8 Consultation")[1].split("## 9")[0]
    assert text.count("not, legal advice") == 1 and "| Law applied as at | 2018-03-01 |" in text
    assert "https://www.legislation.gov.uk/" in text.split("## 11 Authorities")[1]


def test_markdown_file_gets_its_matrix_beside_it_and_output_is_deterministic(runner: CliRunner, tmp_path: Path) -> None:
    _memo(runner, "--example", "bnes-2017", "-o", str(tmp_path / "a.md"))
    first = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert "](a-matrix.svg)" in first and (tmp_path / "a-matrix.svg").exists()
    _memo(runner, "--example", "bnes-2017", "-o", str(tmp_path / "a.md"))
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == first
    _memo(runner, "--example", "bnes-2017", "-o", str(tmp_path / "a.html"))
    html = (tmp_path / "a.html").read_bytes()
    _memo(runner, "--example", "bnes-2017", "-o", str(tmp_path / "a.html"))
    assert (tmp_path / "a.html").read_bytes() == html


def test_a_council_restyles_the_memo_with_its_own_templates(runner: CliRunner, tmp_path: Path) -> None:
    own = tmp_path / "ours"
    own.mkdir()
    template = (REPO / "templates" / "memo.md.j2").read_text(encoding="utf-8")
    (own / "memo.md.j2").write_text(template.replace("## 1 The issue", "## 1 Purpose of report"), encoding="utf-8")
    assert "## 1 Purpose of report" in _memo(runner, "--example", "bnes-2015", "--template-dir", str(own))
    (own / "memo.md.j2").write_text("{% for x in %}", encoding="utf-8")
    broken = runner.invoke(main, ["memo", "--example", "bnes-2015", "--template-dir", str(own)])
    assert broken.exit_code == 1 and "template memo.md.j2, line 1" in broken.output
    assert "Traceback" not in broken.output


@pytest.mark.parametrize(("args", "message"), [
    (["--example", "bnes-2015", "--format", "docx"], "needs a file"),
    (["--example", "bnes-2015", "-o", "memo.rtf"], "give a .md, .html, .docx or .pdf file"),
    (["--example", "bnes-2015", "--format", "pdf"], "a PDF memo needs a file"),
    (["--example", "nowhere"], "not an embedded example"),
])
def test_memo_bad_requests_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["memo", *args])
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
def test_verify_confirms_a_fresh_memo(runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    memo = tmp_path / f"m{suffix}"
    _memo(runner, "--example", "worcestershire-2018", "-o", str(memo))
    result = runner.invoke(main, ["verify", str(memo), "--as-at", "2018-03-01"])
    assert result.exit_code == 0, result.output
    assert "The memo's conclusions still hold." in result.output and "unchanged" in result.output


def test_verify_detects_a_changed_rule(runner: CliRunner, tmp_path: Path) -> None:
    memo = tmp_path / "m.md"
    _memo(runner, "--example", "bnes-2015", "-o", str(memo))
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    vat = rules / "vat.yaml"
    data = yaml.safe_load(vat.read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["id"] != "vat.red_line.unfunded_irrecoverable_vat"]
    assert len(data["rules"]) < len(yaml.safe_load(vat.read_text(encoding="utf-8"))["rules"])
    vat.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = verify_memo(memo, load_rulebook(rules), "test", dt.date(2015, 11, 5))
    assert result["rule_base_changed"] and not result["holds"]
    changed = result["checks"][0]
    assert any(c["option"].startswith("Charity") and c["before"] == "not_viable" for c in changed["verdicts"])
    assert any(f["rule"] == "vat.red_line.unfunded_irrecoverable_vat" and f["change"] == "removed"
               for f in changed["findings"])


def test_verify_refuses_a_file_that_is_not_a_memo(runner: CliRunner, tmp_path: Path) -> None:
    plain = tmp_path / "notes.md"
    plain.write_text("# Notes\n", encoding="utf-8")
    result = runner.invoke(main, ["verify", str(plain)])
    assert result.exit_code == 2 and "no ADM Advisor audit record" in result.output
    damaged = tmp_path / "damaged.md"
    damaged.write_text("<!-- adm-advisor-record:v1:AAAA -->", encoding="utf-8")
    assert runner.invoke(main, ["verify", str(damaged)]).exit_code == 2


def test_memo_with_a_proposal_adds_its_checklist(runner: CliRunner, tmp_path: Path) -> None:
    proposal = REPO / "advisor" / "examples" / "proposals" / "worcestershire-wocc-2019.yaml"
    text = _memo(runner, "--example", "worcestershire-2018", "--proposal", str(proposal))
    section = text.split("### The proposed structure")[1].split("## 6 Rationale")[0]
    assert "Worcestershire Children First" in section and "| applies |" in section
    assert "\n| External activity share | " in section and "external_activity_share_pct" not in section
    assert "### The proposed structure" not in _memo(runner, "--example", "worcestershire-2018")


def test_the_memo_says_what_would_have_to_change_for_each_closed_option() -> None:
    from advisor.assessment.why_not import why_not
    from advisor.documents.memo_report import memo_text
    from advisor.law.shipped import load_answers, load_book

    text = memo_text(None, "bnes-2015", None, "markdown", None, None)
    assert text is not None
    section = text.split("### What would have to change", 1)[1].split("## 8 Consultation", 1)[0]
    results = why_not(load_answers(None, "bnes-2015"), load_book(), None)
    assert section.count("would open if") == sum(len(r["changes"]) for r in results)
    assert section.count("no change to the council's own choices would open it") == sum(not r["changes"] for r in results)
    for result in results:
        for change in result["changes"]:
            assert all(f'"{c["question"]}"' in section for c in change)
