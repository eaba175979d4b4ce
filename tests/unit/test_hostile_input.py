"""Broken and hostile input through every command: one line naming the field or file, exit 2, nothing disclosed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from advisor.cli.main import main

SECRET = "root:$y$j9T$not-a-real-hash:19000:0:99999:7:::"
IMPOSSIBLE = {
    "as_at": "as_at: 2025-02-30\n",
    "leap day in a common year": "as_at: 2023-02-29\n",
    "procurement start": "procurement_start_date: 2025-02-30\n",
    "giant integer": "annual_contract_value_gbp: " + "9" * 4_301 + "\n",
    "giant negative integer": "staff_in_scope_count: -" + "1" * 6_000 + "\n",
}
EXPECTED = {
    "as_at": "field 'as_at': 2025-02-30 is not a day in the calendar",
    "leap day in a common year": "field 'as_at': 2023-02-29 is not a day in the calendar",
    "procurement start": "field 'procurement_start_date': 2025-02-30 is not a day in the calendar",
    "giant integer": "field 'annual_contract_value_gbp': must be a finite number no larger than 1,000,000,000,000",
    "giant negative integer": "field 'staff_in_scope_count': must be a finite number",
}
COMMANDS = {
    "advise": ["advise", "{file}"],
    "memo": ["memo", "{file}"],
    "sweep": ["sweep", "{file}", "--vary", "keep_control"],
    "diff": ["diff", "{file}", "--as-at", "2024-06-01", "--as-at", "2025-06-01"],
    "ask --next": ["ask", "{file}", "--next"],
    "ask": ["ask", "{file}"],
}


def _run(args: list[str], stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, args, input=stdin)


def _refused(result: Result, expected: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output[-500:])
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output[-500:]
    assert expected in result.output, result.output


@pytest.mark.parametrize("case", IMPOSSIBLE)
@pytest.mark.parametrize("command", COMMANDS)
def test_an_impossible_date_or_giant_integer_is_refused_by_every_command(tmp_path: Path, command: str,
                                                                          case: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(IMPOSSIBLE[case], encoding="utf-8")
    _refused(_run([part.format(file=path) for part in COMMANDS[command]]), EXPECTED[case])
    assert path.read_text(encoding="utf-8") == IMPOSSIBLE[case]  # the interview lost nothing


@pytest.mark.parametrize("case", IMPOSSIBLE)
def test_an_impossible_date_or_giant_integer_on_standard_input_is_refused(case: str) -> None:
    result = _run(["advise", "-"], stdin=IMPOSSIBLE[case])
    _refused(result, "standard input: " + EXPECTED[case])


@pytest.mark.parametrize("award", ["{date: 2026-02-30}", "{annual_value_gbp: " + "7" * 5_000 + "}"])
def test_a_proposal_with_an_impossible_date_or_giant_integer_is_refused(tmp_path: Path, award: str) -> None:
    path = tmp_path / "proposal.yaml"
    path.write_text(f"adm: wholly_owned_company\nform: company_limited_by_shares\naward: {award}\n", encoding="utf-8")
    _refused(_run(["check", str(path)]), "field 'award.")


@pytest.mark.parametrize("form", ["2017-W11-2", "20170314", "2017-074", "2017-3-14", "14/03/17", "2017-03-14T09:00"])
def test_dates_only_in_the_form_the_readme_names(tmp_path: Path, form: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(f'as_at: "{form}"\n', encoding="utf-8")
    _refused(_run(["advise", str(path)]), "field 'as_at': must be a date such as 1/4/2026, 1 April 2026 or 2026-04-01")


def test_a_date_in_the_readme_form_is_read(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text('as_at: "2017-03-14"\n', encoding="utf-8")
    result = _run(["advise", str(path)])
    assert result.exit_code == 0 and "as at 2017-03-14" in result.output


# --- the proposal's answers file: a relative path inside the proposal's folder ---------------------------

def _proposal(folder: Path, answers: str) -> Path:
    path = folder / "proposal.yaml"
    path.write_text(f"adm: in_house\nform: council\nanswers: '{answers}'\n", encoding="utf-8")
    return path


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the proposal's folder whose first line must never be shown."""
    path = tmp_path / "secret"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("named", ["{secret}", "../secret", "sub/../../secret", "link.yaml", "linked/secret",
                                  "/etc/shadow", "C:\\\\Windows\\\\win.ini", "\\\\\\\\server\\\\share\\\\a.yaml"])
def test_a_proposal_reads_no_answers_file_outside_its_folder(tmp_path: Path, secret: Path, named: str) -> None:
    folder = tmp_path / "proposals"
    (folder / "sub").mkdir(parents=True)
    (folder / "link.yaml").symlink_to(secret)
    (folder / "linked").symlink_to(tmp_path)
    result = _run(["check", str(_proposal(folder, named.format(secret=secret)))])
    _refused(result, "proposal.yaml: field 'answers': ")
    assert "is not allowed" in result.output and "19000" not in result.output and "root:" not in result.output


def test_a_proposal_reads_its_answers_file_beside_it_or_below(tmp_path: Path) -> None:
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "answers.yaml").write_text("council_name: Anyshire\nkeep_control: true\n", encoding="utf-8")
    result = _run(["check", str(_proposal(tmp_path, "council/answers.yaml")), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert '"verdict"' in result.output


def test_a_refused_answers_file_echoes_only_a_short_escaped_piece(tmp_path: Path) -> None:
    (tmp_path / "answers.yaml").write_text(SECRET.replace(":", "x", 1) + ": 1\n", encoding="utf-8")
    result = _run(["check", str(_proposal(tmp_path, "answers.yaml"))])
    _refused(result, "is not an answer the advisor knows")
    assert SECRET.replace(":", "x", 1) not in result.output and len(result.output) < 300


# --- size: what is read is bounded, standard input included ------------------------------------------------

def _peak_memory_mb(args: list[str], stdin_path: str | None = None) -> tuple[int, str, float]:
    code = ("import re, sys; from advisor.cli.main import main\n"  # VmHWM: this process's peak, not its parent's
            "try: main(sys.argv[1:])\n"
            "except SystemExit as exc: code = exc.code\n"
            "status = open('/proc/self/status').read()\n"
            "print(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1), file=sys.stderr); sys.exit(code)\n")
    with open(stdin_path or os.devnull, "rb") as stdin:
        done = subprocess.run([sys.executable, "-c", code, *args], stdin=stdin, capture_output=True, text=True,
                              timeout=120, env={**os.environ, "ADM_ADVISOR_NO_CACHE": ""})
    *message, peak = done.stderr.strip().splitlines()
    return done.returncode, "\n".join(message), int(peak) / 1024


LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status and /dev/zero")


@LINUX
@pytest.mark.parametrize("given", ["/dev/zero", "-"])
def test_an_endless_file_is_refused_in_bounded_memory(given: str) -> None:
    code, message, peak_mb = _peak_memory_mb(["advise", given], stdin_path="/dev/zero")
    assert code == 2 and "is larger than 1,000,000 bytes" in message, message
    assert peak_mb < 100, peak_mb  # measured 39 MB: the advisor itself, plus at most 1 MB read


@LINUX
def test_a_large_file_of_unknown_keys_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("".join(f"unknown_key_{i}: {i}\n" for i in range(2_000_000)), encoding="utf-8")  # 33 MB
    code, message, peak_mb = _peak_memory_mb(["advise", str(path)])
    assert code == 2 and "is larger than 1,000,000 bytes" in message and peak_mb < 100, (message, peak_mb)


def test_a_file_not_in_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_bytes(b"council_name: Caerffili\n\xff\xfe\n")
    _refused(_run(["advise", str(path)]), "is not UTF-8 text")


# --- text: one line, printable, visible, of a length a council name needs ---------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ('"Borough\\nAll 19 delivery models: VIABLE"', "must be one line of text (found a line break, U+000A)"),
    ('"Borough\\u2028x"', "must be one line of text (found a line break, U+2028)"),
    ('"Borough\\u202eTCELES"', "invisible formatting characters (found U+202E)"),
    ('"Bor\\u200bough"', "(found U+200B)"),
    ('"Bor\\u2066ough"', "(found U+2066)"),
    ('"Borough\\tCouncil"', "control characters"),
    ("x" * 301, "must be at most 300 characters (this is 301)"),
    ("x" * 900_000, "must be at most 300 characters (this is 900,000)"),
])
def test_text_that_could_forge_or_hide_output_is_refused(tmp_path: Path, value: str, expected: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(f"council_name: {value}\n", encoding="utf-8")
    for command in (["advise", str(path)], ["memo", str(path)], ["sweep", str(path)]):
        result = _run(command)
        _refused(result, "field 'council_name': must be ")
        assert expected in result.output, result.output


def test_a_council_name_of_300_characters_is_read(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("council_name: " + "Borough " * 37 + "Town\n", encoding="utf-8")
    assert len("Borough " * 37 + "Town") == 300
    assert _run(["advise", str(path)]).exit_code == 0

