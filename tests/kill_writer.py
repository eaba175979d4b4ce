"""Kills writers of the advisor's files with SIGKILL, many times, and says what each kill left (for test_kill9.py).

    python -m tests.kill_writer KIND FOLDER KILLS SEED      # KIND: json, md, docx or ask; prints a JSON report

Started once (the advisor imported, its rule base loaded), it forks a child per kill that runs the real command
line in-process: for an output, `advise ... -o` or `memo ... -o` over and over, with two councils' answers in
turn (a Word memo, slow to build, with one), over an older file; for `ask`, a session changing one answer
(`--edit keep_control`, yes and no in turn), saved as soon as it is typed. The child is killed at a random
moment: in half the kills a moment drawn uniformly over a write (or over the time a session takes to open and
save), in the other half within 2 ms of the folder being seen to change (a file appearing or going, or changing
size or time), when a write is under way. After each kill every file written must be exactly one of the contents
a complete write gives it (recorded first, without kills). A kill mid-write may leave a temporary file (counted);
the next write must clear it: after a last write without a kill, nothing but the inputs and the files written
may be left. The report says what each kill left, and any file that was neither old nor new.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from advisor.cli.main import main
from advisor.documents.memo import MATRIX_MARK, TIMETABLE_MARK
from advisor.law.shipped import example_text, load_book

COUNCILS = ("bnes-2015", "worcestershire-2018")
OUTPUTS = {"json": ("advise", "advice.json"), "md": ("memo", "memo.md"), "docx": ("memo", "memo.docx")}
ANSWERS = "# Testshire's answers\ncouncil_name: Testshire County Council\nservices: [youth_services]\n"


def _run(args: list[str]) -> None:
    """The command line, in this process (its exit status ignored)."""
    with contextlib.suppress(SystemExit):
        main(args, standalone_mode=False)


def _in_child(work: Callable[[], None]) -> int:
    """Start `work` in a child process (its output discarded, ended when `work` returns); the child's pid."""
    pid = os.fork()
    if pid == 0:
        try:
            sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the child's life
            work()
        finally:
            os._exit(0)
    return pid


def _wait(pid: int) -> None:
    os.waitpid(pid, 0)


def _written(kind: str) -> list[str]:
    """The files a writer of this kind writes (a Markdown memo writes its matrix too, and its timetable picture when
    a step of its route is dated, as one council's is)."""
    if kind == "ask":
        return ["answers.yaml"]
    return ["memo-matrix.svg", "memo-timetable.svg", "memo.md"] if kind == "md" else [OUTPUTS[kind][1]]


def _councils(kind: str) -> int:
    return 1 if kind == "docx" else 2


def _output_args(kind: str, folder: Path, council: int) -> list[str]:
    command, name = OUTPUTS[kind]
    extra = ["--format", "json"] if kind == "json" else []
    return [command, str(folder / f"{COUNCILS[council]}.yaml"), *extra, "-o", str(folder / name)]


def _output_states(kind: str, folder: Path) -> dict[str, list[bytes]]:
    """Each file's complete contents: an older file first, then each council's output, written without a kill."""
    for council in COUNCILS:
        (folder / f"{council}.yaml").write_text(example_text(council), encoding="utf-8")
    states: dict[str, list[bytes]] = {name: [f"an older {name}\n".encode()] for name in _written(kind)}
    if kind == "md":
        states["memo-matrix.svg"] = [b"<svg/>\n" + MATRIX_MARK.encode()]  # an older matrix, the advisor's own
        states["memo-timetable.svg"] = [b"<svg/>\n" + TIMETABLE_MARK.encode()]  # and an older timetable picture
    for name, contents in states.items():  # a memo with no dated step leaves its older timetable picture as it was
        (folder / name).write_bytes(contents[0])
    for council in range(_councils(kind)):
        _run(_output_args(kind, folder, council))
        for name, contents in states.items():
            contents.append((folder / name).read_bytes())
    for name, contents in states.items():
        (folder / name).write_bytes(contents[0])
    return states


def _ask(folder: Path, typed: str) -> None:
    """The interview, changing one answer (`--edit keep_control`, asked at once), typed from a pipe."""
    reader, writer = os.pipe()
    os.write(writer, typed.encode("ascii"))
    os.close(writer)
    os.dup2(reader, 0)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - the child's standard input for its life
    _run(["ask", str(folder / "answers.yaml"), "--edit", "keep_control"])


def _ask_states(folder: Path) -> tuple[dict[str, list[bytes]], float]:
    """The answers file as it starts, then with `keep_control` answered yes, and no, each saved without a kill (the
    session is stopped once it has saved); and the longest a session took to save."""
    states, longest = [ANSWERS.encode("utf-8")], 0.0
    for typed in ("y\n", "n\n"):
        (folder / "answers.yaml").write_bytes(states[0])
        started = time.monotonic()
        pid = _in_child(lambda typed=typed: _ask(folder, typed))
        while (folder / "answers.yaml").read_bytes() == states[0] and time.monotonic() < started + 60:
            time.sleep(0.001)
        longest = max(longest, time.monotonic() - started)
        os.kill(pid, signal.SIGKILL)
        _wait(pid)
        states.append((folder / "answers.yaml").read_bytes())
    (folder / "answers.yaml").write_bytes(states[0])
    return {"answers.yaml": states}, longest


def _forever(kind: str, folder: Path, turn: int) -> Callable[[], None]:
    """The child's work: write the output again and again (or answer in the interview) until killed."""
    def work() -> None:
        if kind == "ask":
            _ask(folder, "yn"[turn % 2] + "\n")
            time.sleep(60)
        for again in range(turn, turn + 10_000):
            _run(_output_args(kind, folder, again % _councils(kind)))
    return work


def _snapshot(folder: Path, names: list[str]) -> tuple[object, ...]:
    """What a write changes: the folder's entries (lock files aside), and each file's size and time."""
    found: list[object] = sorted(name for name in os.listdir(folder) if not name.endswith(".lock"))
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            stat = os.stat(folder / name)
            found.append((stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def _kill_at_random(pid: int, rng: random.Random, before: float, folder: Path, names: list[str],
                    after: float | None) -> None:
    """Kill the child a random moment up to `before` after it starts; then, with `after`, that long at most after
    the folder next changes (a write under way)."""
    time.sleep(rng.uniform(0.0, before))
    if after is not None:
        start, deadline = _snapshot(folder, names), time.monotonic() + 5 + 2 * before
        while _snapshot(folder, names) == start and time.monotonic() < deadline:
            time.sleep(0.0005)  # a write takes milliseconds (it is flushed to disk): looked at every half of one
        time.sleep(rng.uniform(0.0, after))
    os.kill(pid, signal.SIGKILL)
    _wait(pid)


def _check(folder: Path, states: dict[str, list[bytes]], seen: dict[str, list[int]]) -> list[dict[str, object]]:
    """What a kill left: each file one of its complete contents, else a problem."""
    bad: list[dict[str, object]] = []
    for name, contents in states.items():
        content = (folder / name).read_bytes() if (folder / name).exists() else b""
        if content in contents:
            seen[name][contents.index(content)] += 1
        else:
            bad.append({"file": name, "size": len(content), "start": content[:60].decode("latin-1")})
    return bad


def _leftovers(folder: Path, kind: str) -> list[str]:
    """Files in the folder other than the inputs and the files written."""
    inputs = {f"{council}.yaml" for council in COUNCILS}
    return sorted(name for name in os.listdir(folder) if name not in inputs and name not in _written(kind))


def trials(kind: str, folder: Path, kills: int, seed: int) -> dict[str, object]:
    """Kill `kills` writers; what each left (which complete content, or neither), and the temporary files."""
    load_book()
    rng, names, started = random.Random(seed), _written(kind), time.monotonic()
    if kind == "ask":
        states, cycle = _ask_states(folder)  # kills drawn over the time a session takes to open and save
    else:
        states = _output_states(kind, folder)
        cycle = (time.monotonic() - started) / (len(states[names[0]]) - 1)  # kills drawn over one write
    seen = {name: [0] * len(contents) for name, contents in states.items()}
    bad: list[dict[str, object]] = []
    temporaries = 0
    for trial in range(kills):
        at_change = trial % 2 == 1  # an interview saves once: watch for it from the start
        before = 0.0 if at_change and kind == "ask" else cycle
        _kill_at_random(_in_child(_forever(kind, folder, trial)), rng, before, folder, names,
                        0.002 if at_change else None)
        bad += [dict(found, trial=trial) for found in _check(folder, states, seen)]
        left = _leftovers(folder, kind)
        temporaries += sum(1 for item in left if item.endswith(".tmp"))
        ours = tuple(f".{name}." for name in names)  # a killed writer's temporary file, or a session's lock file
        bad += [{"trial": trial, "left": item} for item in left if not item.startswith(ours)]
    try:
        _last_write(kind, folder)
    except Exception as exc:  # noqa: BLE001 - reported, for the test to show
        bad.append({"last_write": repr(exc)})
    return {"kind": kind, "kills": kills, "seen": seen, "bad": bad, "temporaries_left_by_kills": temporaries,
            "left_at_end": _leftovers(folder, kind), "seconds": round(time.monotonic() - started, 1)}


def _last_write(kind: str, folder: Path) -> None:
    """A write without a kill (an interview's session opening is enough): it clears what killed writers left."""
    if kind == "ask":
        _wait(_in_child(lambda: _ask(folder, "\nq\n")))
    else:
        _run(_output_args(kind, folder, 0))


if __name__ == "__main__":
    print(json.dumps(trials(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))))
