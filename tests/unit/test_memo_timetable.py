"""The memo's Timetable section: the recommended (or proposed) route's dated steps as `advisor plan` gives them,
lateness judged on the memo's as-at date, the steps that may apply and those not yet dated, and its picture in every
format (SVG that parses, with alt text naming every dated step; a picture in Word; the text in the PDF)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from advisor.assessment.assess import assess
from advisor.base.dates import date_words
from advisor.cli.main import main
from advisor.documents.gantt import gantt_data, gantt_png
from advisor.documents.memo import TIMETABLE_MARK, MemoWriter
from advisor.documents.memo_timetable import marks, recommended_timetable
from advisor.law.shipped import load_answers, load_book
from tests.conftest import REPO

SVG = "{http://www.w3.org/2000/svg}"
HARWICK = "harwick-vale-care-2025"  # a transfer date of 1 April 2026; law as at 1 September 2025
PROPOSAL = REPO / "advisor" / "examples" / "proposals" / "worcestershire-wocc-2019.yaml"


def _run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _section(memo: str) -> str:
    return memo.split("### Timetable\n", 1)[1].split("\n## 3 Resource implications", 1)[0]


def _first_recommended(memo: str) -> str:
    found = re.search(r"^1\. \*\*(.+?)\*\* \(legal form: (.+?)\)", memo.split("## 2 Recommendation")[1], re.M)
    assert found is not None
    return f"**{found[1]}** (legal form: {found[2]};"


def _plan(runner: CliRunner, *args: str) -> dict[str, Any]:
    return json.loads(_run(runner, "plan", *args, "--format", "json"))


def _route_ids(name: str, form_name: str) -> tuple[str, str]:
    adm = next(a for a in load_book().catalogue.adms if a.name == name)
    return adm.id, next(f for f in adm.forms if load_book().catalogue.form(f).name == form_name)


def _svg_of(section: str) -> ET.Element:
    src = re.search(r"\]\((data:image/svg\+xml;base64,[^)]+)\)", section)
    assert src is not None
    return ET.fromstring(base64.b64decode(src[1].split(",", 1)[1]))


def test_the_section_times_the_first_recommended_route_as_advisor_plan_does(runner: CliRunner) -> None:
    memo = _run(runner, "memo", "--example", HARWICK)
    section = _section(memo)
    assert _first_recommended(memo) in section and "the first option the recommendation lists" in section
    name, form = re.search(r"\*\*(.+?)\*\* \(legal form: (.+?);", section).groups()  # type: ignore[union-attr]
    adm, form_id = _route_ids(name, form)
    plan = _plan(runner, "--example", HARWICK, "--adm", adm, "--form", form_id, "--today", "2025-09-01")
    rows = re.findall(r"^\| (\d+) \| (By|From) (.+?) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \|$", section, re.M)
    dated = [step for step in plan["steps"] if step["date"]]
    assert dated and len(rows) == len(dated)
    for row, step in zip(rows, dated, strict=True):
        assert row[2] == date_words(dt.date.fromisoformat(step["date"])) and row[3].startswith(step["step"])
        assert row[5].startswith(step["title"]) and all(f"]({c['uri']})" in row[5] for c in step["citations"])
        assert row[6].startswith(step["confidence"]) and row[7] == ("No" if step["due"] == "by" else "No: not a deadline")
    assert "| By 3 March 2026 | Give the new employer the employee liability information in writing (28 clear calendar " \
           "days before Transfer date, 1 April 2026)" in section  # 28 clear days: neither 3 March nor 1 April counts
    assert "Late on 1 September 2025 |" in section and "judges lateness on that date" in section
    for step in (s for s in plan["steps"] if s["status"] == "may_apply"):
        assert all(f'"{q["question"]}"' in section for q in step["open_questions"])


@pytest.mark.parametrize(("as_at", "late"), [("2019-03-03", "No"), ("2019-03-04", "Late: was due on 3 March 2019, 1 day before"),
                                             ("2019-03-13", "Late: was due on 3 March 2019, 10 days before")])
def test_lateness_is_judged_on_the_memos_as_at_date_from_the_day_after_the_deadline(
        runner: CliRunner, as_at: str, late: str) -> None:
    section = _section(_run(runner, "memo", "--example", "worcestershire-2018", "--as-at", as_at))
    day = date_words(dt.date.fromisoformat(as_at))
    assert f"| Late on {day} |" in section and f"deadline had passed on {day}" in section
    row = next(line for line in section.splitlines() if "| By 3 March 2019 | Give the new employer" in line)
    assert row.endswith(f"| {late} |")
    described = section[section.index("by 3 March 2019: Give the new employer"):]
    described = described.split(". Step ")[0]  # the ELI step's own words in the picture's alt text
    assert ("; late" in described) == late.startswith("Late")  # the picture's alt text says so too


def test_a_proposal_times_its_own_route_on_its_answers_as_advisor_plan_does(runner: CliRunner) -> None:
    section = _section(_run(runner, "memo", "--example", "worcestershire-2018", "--proposal", str(PROPOSAL)))
    assert "**Wholly owned council company** (legal form: Company limited by shares;" in section
    assert "the route of the proposed structure checked in section 5" in section
    plan = _plan(runner, "--example", "worcestershire-2018", "--proposal", str(PROPOSAL), "--today", "2018-03-01",
                 "--as-at", "2018-03-01")
    for step in (s for s in plan["steps"] if s["date"]):
        assert f"| {'By' if step['due'] == 'by' else 'From'} {date_words(dt.date.fromisoformat(step['date']))} | " \
               f"{step['step']}" in section


def test_undated_steps_name_the_question_that_would_date_them(runner: CliRunner) -> None:
    answers = load_answers(None, HARWICK).model_copy(update={"transfer_date": None})
    book = load_book()
    writer = MemoWriter(assess(answers, book, None), book, "test")
    timetable = writer.record["timetable"]
    assert timetable["plan"]["steps"] and not timetable["dated"] and timetable["gantt"] is None
    section = _section(writer.markdown("m.svg", embed=False))
    assert "Not yet dated (the date each step counts from is not known):" in section and "| No. |" not in section
    for step in timetable["undated"]:
        assert f"- Step {step['number']}, {step['step']}:" in section
        assert f"To date it: {step['dating_question']['question']}" in section
    assert writer.timetable_svg() is None


def test_no_route_open_says_so_and_draws_nothing() -> None:
    book = load_book()
    assessment = assess(load_answers(None, HARWICK), book, None)
    writer = MemoWriter(assessment, book, "test")
    nothing_open = dict(writer.record, by_verdict=dict(writer.record["by_verdict"], viable=[], viable_with_conditions=[]))
    writer.record["timetable"] = recommended_timetable(assessment, book, nothing_open)
    section = _section(writer.markdown("m.svg", embed=False))
    assert "there is no recommended route to set a timetable for" in section
    assert "| No. |" not in section and "![" not in section and writer.timetable_svg() is None


def test_the_picture_parses_and_its_alt_text_says_every_dated_step(runner: CliRunner, tmp_path: Path) -> None:
    section = _section(_run(runner, "memo", "--example", HARWICK))
    svg = _svg_of(section)
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and desc.text is not None
    rows = re.findall(r"^\| (\d+) \| (By|From) (.+?) \| (.+?) \(", section, re.M)
    for number, due, day, step in rows:
        assert f"Step {number}, {due.lower()} {day}: {step}" in desc.text
    assert "Transfer date, 1 April 2026" in desc.text and "Lateness judged on (law as at), 1 September 2025" in desc.text
    alt = re.search(r"!\[(.+?)\]\(data:", section)
    assert alt is not None and re.sub(r"\\(.)", r"\1", alt[1]) == desc.text  # the memo's alt text is the picture's
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert "Transfer date: 1 April 2026" in texts and any(t.startswith("Apr 2026") or t == "Mar 2026" for t in texts)
    assert int(svg.get("width", "0")) <= 700  # fits an A4 page's width as drawn
    _run(runner, "memo", "--example", HARWICK, "-o", str(tmp_path / "m.md"))
    beside = (tmp_path / "m-timetable.svg").read_text(encoding="utf-8")
    assert beside.rstrip().endswith(TIMETABLE_MARK) and "](m-timetable.svg)" in (tmp_path / "m.md").read_text("utf-8")
    ET.fromstring(beside)


def test_a_markdown_memo_never_overwrites_a_timetable_picture_it_did_not_write(runner: CliRunner, tmp_path: Path) -> None:
    theirs = tmp_path / "m-timetable.svg"
    theirs.write_text("<svg>our own Gantt chart</svg>", encoding="utf-8")
    result = runner.invoke(main, ["memo", "--example", HARWICK, "-o", str(tmp_path / "m.md")])
    assert result.exit_code == 2 and "m-timetable.svg" in result.output and "not written by the advisor" in result.output
    assert theirs.read_text(encoding="utf-8") == "<svg>our own Gantt chart</svg>" and not (tmp_path / "m.md").exists()


def test_the_word_memo_has_the_section_and_the_picture(runner: CliRunner, tmp_path: Path) -> None:
    _run(runner, "memo", "--example", HARWICK, "-o", str(tmp_path / "m.docx"))
    document = docx.Document(str(tmp_path / "m.docx"))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert "Timetable" in headings
    pictures = {shape._inline.docPr.get("title"): shape._inline.docPr.get("descr", "") for shape in document.inline_shapes}
    assert set(pictures) == {"Viability matrix", "Timetable"}
    assert pictures["Timetable"].startswith("Timetable of ") and \
        re.search(r"Step \d+, by 3 March 2026: Give the new employer", pictures["Timetable"])
    table = next(t for t in document.tables if t.cell(0, 1).text == "Date" and t.cell(0, 2).text == "What")
    assert "By 3 March 2026" in [row.cells[1].text for row in table.rows[1:]]


def test_the_pdf_memo_has_the_section(runner: CliRunner, tmp_path: Path) -> None:
    _run(runner, "memo", "--example", HARWICK, "-o", str(tmp_path / "m.pdf"))
    text = subprocess.run(["pdftotext", str(tmp_path / "m.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = " ".join(text.split())  # table cells wrap their words onto several lines
    assert "\nTimetable\n" in text and "The HR and legal timetable of Joint delivery" in words
    assert "By 3 March 2026 Give the new employer" in words
    # the picture, drawn: its words are text in the PDF
    assert "Lateness judged on (law as at): 1 September 2025" in words and "by 3 March 2026; may apply" in words


def _step(number: int, **given: Any) -> dict[str, Any]:
    step = {"number": number, "step": "A step of the timetable", "who_words": "the council", "due": "by",
            "date": "2026-03-03", "status": "applies", "late": False, "confidence": "settled",
            "anchor_label": "Go-live date", "anchor_date": "2026-04-01", "precedes_label": None, "precedes_date": None,
            "period": {"side": "before"}}
    return {**step, **given}


def test_the_picture_says_in_words_what_its_shapes_and_colours_say() -> None:
    steps = [_step(1, confidence="practice", late=True, days_late=2),
             _step(2, due="from", date="2026-02-01", precedes_label="Contract start", precedes_date="2026-03-01"),
             _step(3, confidence="uncertain", status="may_apply", date="2026-05-10",
                   anchor_date="2026-04-01", period={"side": "after"})]
    data = gantt_data(steps, marks(steps, "2026-01-15"), "A route")
    first, second, third = data["rows"]
    assert first["lines"][-1] == "by 3 March 2026; LATE; practice period" and first["shape"] == "milestone"
    assert second["shape"] == "bar" and second["x"] < second["x_end"]  # from its day to the date it must precede
    assert second["lines"][-1] == "from 1 February 2026"
    assert third["shape"] == "bar" and third["hollow"] and third["lines"][-1] == "by 10 May 2026; may apply; uncertain period"
    assert [m["label"] for m in data["marks"]] == ["Contract start: 1 March 2026", "Go-live date: 1 April 2026",
                                                   "Lateness judged on (law as at): 15 January 2026"]
    assert [t["label"] for t in data["ticks"] if t["label"]] == ["Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026",
                                                                  "May 2026"]
    assert "Step 1, by 3 March 2026: A step of the timetable; who: the council; practice period; late" in data["alt"]
    assert all(data["chart_left"] <= m["x"] <= data["chart_right"] for m in data["marks"])
    assert gantt_png(data).startswith(b"\x89PNG")


def test_a_long_span_labels_only_some_months() -> None:
    steps = [_step(1, date="2024-01-10"), _step(2, date="2026-12-20", anchor_date="2027-01-05")]
    data = gantt_data(steps, marks(steps, "2024-01-01"), "A route")
    labelled = [t for t in data["ticks"] if t["label"]]
    assert len(data["ticks"]) == 38 and 1 < len(labelled) <= 7 and labelled[0]["label"] == "Jan 2024"
