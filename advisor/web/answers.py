"""Working on an appraisal's answers through the public API: the answers file (the text the CLI reads) is put in
a private temporary folder, and the advisor reads and writes it there exactly as `advisor ask` and `advise` do."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import advisor

FILE_NAME = "answers.yaml"
MEMO_FORMATS = {"docx": "docx", "md": "markdown", "html": "html", "pdf": "pdf"}


@contextlib.contextmanager
def answers_file(text: str, suffix: str = ".yaml") -> Iterator[Path]:
    """The answers text as a file in a new private folder (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="adm-advisor-") as folder:
        path = Path(folder) / f"answers{suffix}"
        path.write_text(text, encoding="utf-8")
        yield path


def message(error: advisor.AdvisorError, path: Path) -> str:
    """The CLI's message, with the temporary folder left out (it names the answers file as answers.yaml)."""
    return error.message.replace(str(path.parent) + "/", "").replace(f"'{path.name}'", path.name)


def refusal(error: advisor.AdvisorError, path: Path) -> advisor.AnswersError:
    """The loader's refusal as the web gives it: the CLI's message (temporary folder left out) and its field."""
    return advisor.AnswersError(message(error, path), field=getattr(error, "field", None))


def checked(text: str, suffix: str = ".yaml") -> dt.date | None:
    """Check answers with the CLI's strict loader; their as_at (AnswersError, message cleaned, when refused)."""
    with answers_file(text, suffix) as path:
        try:
            answers = advisor.load_answers(str(path), None)
        except advisor.AdvisorError as error:
            raise refusal(error, path) from None
    as_at = getattr(answers, "as_at", None)
    return as_at if isinstance(as_at, dt.date) else None


def assessment(text: str, as_at: dt.date | None = None, suffix: str = ".yaml") -> dict[str, Any]:
    """The JSON contract of `advise --format json` for the answers, each model with its decisive reason."""
    with answers_file(text, suffix) as path:
        try:
            data = advisor.advise_data(str(path), None, as_at)
        except advisor.AdvisorError as error:
            raise refusal(error, path) from None
    return data


def memo(text: str, fmt: str, as_at: dt.date | None = None) -> bytes:
    """The memo exactly as `advisor memo answers.yaml [--as-at DAY] --format FMT -o FILE` writes it (Markdown: as it
    prints it)."""
    with answers_file(text) as path:
        try:
            if fmt == "md":
                return advisor.memo_text(str(path), None, as_at, "markdown", None, None, None).encode("utf-8")
            output = path.with_name(f"memo.{fmt}")
            advisor.memo_text(str(path), None, as_at, MEMO_FORMATS[fmt], output, None, None)
        except advisor.AdvisorError as error:
            raise refusal(error, path) from None
        return output.read_bytes()


def example_answers(name: str) -> str:
    """An embedded example's answers file (as `advisor examples NAME` prints it)."""
    return advisor.example_text(name)


def edits_between(before: dict[str, Any], after: dict[str, Any], names: Iterable[str]) -> list[advisor.Edit]:
    """The history rows of the named values that differ between two sets (None: not given), in the names' order."""
    return [advisor.Edit(name, before.get(name), after.get(name)) for name in names if before.get(name) != after.get(name)]


def changed_verdicts(old: str, new: str) -> list[dict[str, str]]:
    """The models whose verdict differs between two answers files (as the question page shows them)."""
    if old == new:
        return []
    before = {adm["id"]: adm["verdict"] for adm in assessment(old)["adms"]}
    return [{"name": adm["name"], "before": before[adm["id"]], "after": adm["verdict"]}
            for adm in assessment(new)["adms"] if before.get(adm["id"], adm["verdict"]) != adm["verdict"]]
