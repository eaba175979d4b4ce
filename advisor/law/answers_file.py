"""The answers file an interview reads and writes: answers in the order given, saved atomically after each."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from advisor.base.errors import AnswersError
from advisor.base.yamlio import dump_yaml
from advisor.law.answers import UNKNOWN, read_answers_data, read_replaced_fields, validate_answers
from advisor.law.vocabulary import Vocabulary

IRRELEVANT_MARK = "  # no verdict depends on this answer now"
NEW_FILE_HEADER = ("# ADM Advisor answers. `advisor ask FILE` continues the interview; `advisor advise FILE` assesses them.\n"
                   "# `unknown` means the council does not know: the advisor never assumes yes or no.\n")


@dataclass
class AnswersFile:
    """The answers given so far (in the order given, `unknown` as None) and the file they live in."""

    path: Path
    values: dict[str, object] = field(default_factory=dict)
    header: str = NEW_FILE_HEADER

    @property
    def asked(self) -> list[str]:
        """The facts answered so far (including `unknown`), in the order given."""
        return [name for name in self.values if name != "as_at"]

    def raw(self) -> dict[str, object]:
        """The answers as the model reads them (`unknown` spelled out)."""
        return {name: UNKNOWN if value is None else value for name, value in self.values.items()}


def _refuse(path: Path, reason: str) -> AnswersError:
    return AnswersError(f"{path}: {reason}; the file was left unchanged")


def open_answers_file(path: Path, model: type[BaseModel], vocabulary: Vocabulary) -> AnswersFile:
    """Read an existing answers file (refusing a corrupt or foreign one), or start a new one."""
    if path.suffix.lower() == ".json":
        raise AnswersError(f"{path}: the interview writes YAML; give a .yaml file name")
    if path.is_dir():
        raise AnswersError(f"{path}: is a directory, not an answers file")
    if not path.exists():
        return AnswersFile(path)
    try:
        data = read_answers_data(str(path))
        answers = validate_answers(data, model, vocabulary, str(path))
    except AnswersError as exc:
        raise _refuse(path, exc.message.removeprefix(f"{path}: ")) from None
    given = read_replaced_fields(dict(data), vocabulary, str(path)) if isinstance(data, dict) else {}
    values = {name: getattr(answers, name) for name in given}  # a replaced field is kept as its replacement
    return AnswersFile(path, values, _leading_comments(path))


def _leading_comments(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line + "\n")
    return "".join(lines)


def _line(name: str, value: object) -> str:
    """`name: value` on one line; a list in flow style."""
    if isinstance(value, list):
        return f"{name}: " + dump_yaml(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    dumped = dump_yaml({name: UNKNOWN if value is None else value}, default_flow_style=False,
                       allow_unicode=True, width=10_000)
    return dumped.rstrip("\n")


def render_answers(answers: AnswersFile, irrelevant: set[str]) -> str:
    """The file's text: header comments, then one line per answer; answers that no longer matter marked."""
    lines = [_line(name, value) + (IRRELEVANT_MARK if name in irrelevant else "")
             for name, value in answers.values.items()]
    return answers.header + "".join(line + "\n" for line in lines)


def save_answers(answers: AnswersFile, irrelevant: set[str]) -> None:
    """Write the file atomically: a temporary file beside it, flushed, then renamed over it."""
    text = render_answers(answers, irrelevant)
    directory = answers.path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{answers.path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, answers.path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise AnswersError(f"{answers.path}: cannot be written ({exc.strerror})") from None
