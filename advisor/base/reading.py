"""Reads what a user hands the advisor (an answers file, a proposal, standard input) in bounded amounts."""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

from advisor.base.errors import AnswersError, shown

MAX_INPUT_BYTES = 1_000_000  # an answers file is a few kilobytes and a proposal less; 1 MB leaves room for comments
STANDARD_INPUT = "-"


def quoted_path(path: str) -> str:
    """A file name as a message shows it: as given when printable, else escaped."""
    return path if path.isprintable() else repr(path)


ANSWERS_HINT = "start answers with `advisor ask {file}`, or copy an example: `advisor examples bnes-2015 > {file}`"
PROPOSAL_HINT = "copy an example proposal to start one: `advisor examples 3bm-2013 > {file}`"


def read_bounded_text(path: str, limit: int = MAX_INPUT_BYTES, missing: str = ANSWERS_HINT) -> str:
    """The UTF-8 text of a file (`-`: standard input), refusing one larger than `limit` bytes without reading on.

    `missing` says how to make the file when there is none (`{file}` is its name).
    """
    source = "standard input" if path == STANDARD_INPUT else quoted_path(path)
    try:
        data = _read_stdin(limit + 1) if path == STANDARD_INPUT else _read_file(Path(path), limit + 1)
    except FileNotFoundError:
        raise AnswersError(f"{source}: no such file; {missing.format(file=source)} (see `advisor examples`)") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the file name
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc.__class__.__name__
        raise AnswersError(f"{source}: cannot be read ({reason})") from None
    if len(data) > limit:
        raise AnswersError(f"{source}: is larger than {limit:,} bytes; an answers file or proposal is a few "
                           "kilobytes (is this the right file?)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnswersError(f"{source}: is not UTF-8 text (byte {exc.start + 1} cannot be read); save it as UTF-8") from None


def _read_file(path: Path, most: int) -> bytes:
    with path.open("rb") as stream:
        return stream.read(most)


def _read_stdin(most: int) -> bytes:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return bytes(buffer.read(most))
    return sys.stdin.read(most).encode("utf-8", "surrogateescape")


def file_within(folder: Path, named: str, where: str) -> Path:
    """The file a document names by a relative path, which must stay inside the document's folder (links followed)."""
    if PurePosixPath(named).is_absolute() or PureWindowsPath(named).anchor:
        raise AnswersError(f"{where}: {shown(named)} is not allowed: give the file's name relative to this "
                           "file's folder (such as answers.yaml), not an absolute path")
    base = folder.resolve()
    target = (base / named).resolve()
    if not target.is_relative_to(base):
        raise AnswersError(f"{where}: {shown(named)} is not allowed: the file must be in this file's folder "
                           "or a folder below it (no .. out of it, no link leading out of it)")
    return target
