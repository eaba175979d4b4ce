"""The answers file an interview reads and writes: answers in the order given, saved atomically after each.

A session (`advisor ask`) locks the file for as long as it runs, so a second session on the same file is
refused at the start; and every save first checks that the file is still as this session last read or wrote
it, so a change made underneath (by a program that takes no lock, or where there are no locks) is never
overwritten: this session's answers go to a file beside it instead (`NAME.unsaved.yaml`), and it stops.
A symbolic link to an answers file is written through (its target replaced), keeping the target's mode.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from advisor.base.errors import AnswersError
from advisor.base.files import remove_stale_temporaries, write_file
from advisor.base.locks import FileBusy, SessionLock, lock_session
from advisor.base.yamlio import dump_yaml
from advisor.law.answers import UNKNOWN, read_answers_data, read_replaced_fields, validate_answers
from advisor.law.vocabulary import Vocabulary

IRRELEVANT_MARK = "  # no verdict depends on this answer now"
_ANSWER_LINE = re.compile(r"^([a-z_][a-z0-9_]*):")  # a top-level answer's line
NEW_FILE_HEADER = ("# ADM Advisor answers. `advisor ask FILE` continues the interview; `advisor advise FILE` assesses them.\n"
                   "# `unknown` means the council does not know: the advisor never assumes yes or no.\n")


@dataclass
class AnswersFile:
    """The answers given so far (in the order given, `unknown` as None) and the file they live in."""

    path: Path
    values: dict[str, object] = field(default_factory=dict)
    header: str = NEW_FILE_HEADER
    seen: str | None = None  # the digest of the file as last read or written here (None: there was no file)
    lock: SessionLock | None = None  # held for an interview session, until `close`

    def close(self) -> None:
        """End the session: drop its lock on the file."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    @property
    def asked(self) -> list[str]:
        """The facts answered so far (including `unknown`), in the order given."""
        return [name for name in self.values if name != "as_at"]

    def raw(self) -> dict[str, object]:
        """The answers as the model reads them (`unknown` spelled out)."""
        return {name: UNKNOWN if value is None else value for name, value in self.values.items()}


def _refuse(path: Path, reason: str) -> AnswersError:
    return AnswersError(f"{path}: {reason}; the file was left unchanged")


def open_answers_file(path: Path, model: type[BaseModel], vocabulary: Vocabulary, session: bool = False) -> AnswersFile:
    """Read an existing answers file (refusing a corrupt or foreign one), or start a new one.

    With `session`, the file stays locked against other sessions until the AnswersFile is closed."""
    if path.suffix.lower() == ".json":
        raise AnswersError(f"{path}: the interview writes YAML; give a .yaml file name")
    if path.is_dir():
        raise AnswersError(f"{path}: is a directory, not an answers file")
    lock = _lock(path) if session else None
    try:
        answers = _read(path, model, vocabulary)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    answers.lock = lock
    return answers


def _lock(path: Path) -> SessionLock:
    """The session's lock on the file; once taken, temporary files a killed session left are cleared."""
    try:
        lock = lock_session(path)
    except FileBusy as busy:
        raise AnswersError(f"{path}: is open in another `advisor ask` session (pid {busy.holder}); finish that one "
                           "first (q saves and stops), or work on a copy of the file") from None
    except OSError as exc:
        raise AnswersError(f"{path}: cannot be saved in its folder ({exc.strerror}); choose a folder you can write to"
                           ) from None
    remove_stale_temporaries(Path(os.path.realpath(path)))
    return lock


def _read(path: Path, model: type[BaseModel], vocabulary: Vocabulary) -> AnswersFile:
    if not path.exists():
        return AnswersFile(path)
    try:
        data = read_answers_data(str(path))
        answers = validate_answers(data, model, vocabulary, str(path))
    except AnswersError as exc:
        raise _refuse(path, exc.message.removeprefix(f"{path}: ")) from None
    given = read_replaced_fields(dict(data), vocabulary, str(path)) if isinstance(data, dict) else {}
    values = {name: getattr(answers, name) for name in given}  # a replaced field is kept as its replacement
    return AnswersFile(path, values, _leading_comments(path), _digest(path))


def _digest(path: Path) -> str | None:
    """The digest of the file's bytes now (None when there is no file)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AnswersError(f"{path}: cannot be read ({exc.strerror})") from None


def _leading_comments(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line + "\n")
    return "".join(lines)


def _line(name: str, value: object) -> str:
    """`name: value` on one line; a list in flow style (each line written once per process: a save writes them all)."""
    held = tuple(value) if isinstance(value, list) else value
    try:
        return _written(name, type(value).__name__, held)
    except TypeError:  # a value that cannot be remembered
        return _written.__wrapped__(name, type(value).__name__, held)


@lru_cache(maxsize=4096)
def _written(name: str, kind: str, value: object) -> str:
    """`name: value` as YAML on one line (`kind` keeps True apart from 1, and a list apart from a tuple)."""
    if kind == "list":
        return f"{name}: " + dump_yaml(list(value), default_flow_style=True,  # type: ignore[call-overload]
                                       allow_unicode=True, width=10_000).strip()
    dumped = dump_yaml({name: UNKNOWN if value is None else value}, default_flow_style=False,
                       allow_unicode=True, width=10_000)
    return dumped.rstrip("\n")


def render_answers(answers: AnswersFile, irrelevant: set[str]) -> str:
    """The file's text: header comments, then one line per answer; answers that no longer matter marked."""
    lines = [_line(name, value) + (IRRELEVANT_MARK if name in irrelevant else "")
             for name, value in answers.values.items()]
    return answers.header + "".join(line + "\n" for line in lines)


def mark_lines(text: str, irrelevant: set[str]) -> str:
    """An answers file's text with each answer's line marked when it no longer matters, and unmarked when it does;
    nothing else in the text (comments, layout) changes."""
    lines = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        found = _ANSWER_LINE.match(body)
        if found:
            body = body.removesuffix(IRRELEVANT_MARK) + (IRRELEVANT_MARK if found.group(1) in irrelevant else "")
        lines.append(body + line[len(line.rstrip("\r\n")):])
    return "".join(lines)


def save_answers(answers: AnswersFile, irrelevant: set[str]) -> None:
    """Write the file atomically (through a link to its target), unless it changed since it was last read or written.

    A changed file is left alone: the answers go to a file beside it, and AnswersError says where."""
    text = render_answers(answers, irrelevant).encode("utf-8")
    if _digest(answers.path) != answers.seen:
        aside = _unsaved_path(answers.path)
        write_file(aside, text)
        raise AnswersError(f"{answers.path}: was changed by another program while this session had it open, so it "
                           f"was not overwritten; this session's answers are saved in {aside}: compare the two, "
                           "then continue with the file that is right")
    write_file(answers.path, text, follow_symlinks=True)
    answers.seen = hashlib.sha256(text).hexdigest()


def _unsaved_path(path: Path) -> Path:
    """A file name beside `path` not yet taken: NAME.unsaved.yaml, NAME.unsaved-2.yaml, ..."""
    number = 1
    while True:
        aside = path.with_name(f"{path.stem}.unsaved{'' if number == 1 else f'-{number}'}.yaml")
        if not aside.exists() and not aside.is_symlink():
            return aside
        number += 1
