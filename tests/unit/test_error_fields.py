"""A refused answers file or proposal names the field at fault twice: in the message (unchanged, as the CLI prints
it) and as AnswersError.field (for a caller placing the refusal, such as the web's 422)."""

from __future__ import annotations

from pathlib import Path

import pytest

import advisor
from advisor.law.proposal_map import read_proposal

ANSWERS = [
    ("council_share_pct: 250\n", "council_share_pct", "answers.yaml: field 'council_share_pct': Input should be less than "
                                                      "or equal to 100; allowed: a number from 0 to 100, or unknown"),
    ("keep_contrl: true\n", "keep_contrl", "answers.yaml: field 'keep_contrl' is not an answer the advisor knows (did you "
                                           "mean 'keep_control'?) (see `advisor schema answers`)"),
    ("yes: 1\n", "True", "answers.yaml: field True is not an answer the advisor knows: field names are text "
                         "(see `advisor schema answers`)"),
    ("keep_control: true\nkeep_control: false\n", "keep_control",
     "answers.yaml: field 'keep_control' is given more than once (line 2); give each field once"),
    ("- a list\n", None, "answers.yaml: must be a mapping of answer fields to values"),
]


@pytest.mark.parametrize(("text", "field", "message"), ANSWERS)
def test_an_answers_refusal_names_its_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                                            field: str | None, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("answers.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(advisor.AnswersError) as refused:
        advisor.load_answers("answers.yaml", None)
    assert (refused.value.message, refused.value.field) == (message, field)


ADM = advisor.load_book().catalogue.adms[0]


@pytest.mark.parametrize(("text", "field"), [("adm: nothing\nform: x\n", "adm"),
                                             (f"adm: {ADM.id}\nform: nothing\n", "form"),
                                             (f"adm: {ADM.id}\nform: {ADM.forms[0]}\nboard: {{sizze: 3}}\n", "board.sizze")])
def test_a_proposal_refusal_names_its_field_path(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "proposal.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(advisor.AnswersError) as refused:
        read_proposal(str(path), "proposal.yaml", advisor.load_book().catalogue)
    assert refused.value.field == field and f"field {field!r}" in refused.value.message
