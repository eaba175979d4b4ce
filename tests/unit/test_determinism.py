"""The same answers and as-at date give byte-identical JSON, Markdown, HTML and Word, run after run and process after process."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from advisor.cli.main import main

SEEDS = ("0", "1", "12345")  # PYTHONHASHSEED: set and dict-of-string orders differ between these processes
# (command, embedded example): every output format, on councils whose answers take different paths through the rules
CASES = [
    *[(["advise", "--format", "json"], example)
      for example in ("worcestershire-2018", "bnes-2015", "kensington-youth-2013", "sandwell-schools-2013")],
    *[(["advise", "--format", "markdown"], example) for example in ("birmingham-2016", "bnes-2017")],
    (["memo", "-o", "memo.md"], "bnes-2017"),
    *[(["memo", "-o", "memo.html"], example) for example in ("birmingham-2016", "worcestershire-2018")],
    (["memo", "-o", "memo.docx"], "bnes-2015"),
    (["check", "--format", "json"], "3bm-2013"),
]


def _files(workdir: Path) -> dict[str, bytes]:
    """Every file a run wrote (a Markdown memo's matrix beside it)."""
    return {path.name: path.read_bytes() for path in sorted(workdir.iterdir())}


def _env(seed: str, cache: Path) -> dict[str, str]:
    """A process with this hash seed: seed 12345 loads the rule base from a cache another seed wrote, the others from YAML."""
    env = dict(os.environ, PYTHONHASHSEED=seed, ADM_ADVISOR_CACHE_DIR=str(cache))  # the advisor these tests import
    env.pop("ADM_ADVISOR_NO_CACHE", None)
    return env if seed == "12345" else dict(env, ADM_ADVISOR_NO_CACHE="1")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk rule-base cache written by a process with yet another hash seed."""
    directory = tmp_path_factory.mktemp("cache")
    subprocess.run([sys.executable, "-m", "advisor", "adms"], env=_env("12345", directory) | {"PYTHONHASHSEED": "99"},
                   capture_output=True, check=True, timeout=300)
    assert any(directory.rglob("*")), "the cache was not written"
    return directory


def _in_subprocess(command: list[str], example: str, seed: str, workdir: Path, cache: Path) -> dict[str, bytes]:
    """`python -m advisor ...` in a fresh process with this hash seed."""
    workdir.mkdir()
    done = subprocess.run([sys.executable, "-m", "advisor", *_argv(command, example, workdir)], env=_env(seed, cache),
                          cwd=workdir, capture_output=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr.decode()[-500:]  # check exits 1 when a rule fails
    return {"stdout": done.stdout, **_files(workdir)}


def _in_process(command: list[str], example: str, workdir: Path) -> dict[str, bytes]:
    workdir.mkdir()
    result = CliRunner().invoke(main, _argv(command, example, workdir))
    assert result.exit_code in (0, 1), result.output
    return {"stdout": result.stdout_bytes, **_files(workdir)}


def _argv(command: list[str], example: str, workdir: Path) -> list[str]:
    """The command with its example, and any output file inside this run's own directory."""
    argv = [str(workdir / part) if part.startswith("memo.") else part for part in command]
    return [*argv, "--example", example]


@pytest.mark.parametrize(("command", "example"), CASES, ids=[f"{' '.join(c)} {e}" for c, e in CASES])
def test_output_is_byte_identical_across_runs_and_processes(command: list[str], example: str, tmp_path: Path,
                                                            cache: Path) -> None:
    with ThreadPoolExecutor(len(SEEDS)) as pool:
        runs = list(pool.map(lambda s: _in_subprocess(command, example, s, tmp_path / f"seed-{s}", cache), SEEDS))
    runs.append(_in_process(command, example, tmp_path / "here"))
    first = runs[0]
    assert any(len(content) > 1000 for content in first.values()), first.keys()  # a real memo or assessment
    for seed, run in zip([*SEEDS, "in-process"], runs, strict=True):
        assert run.keys() == first.keys(), seed
        for name, content in run.items():
            assert content == first[name], f"{name} differs under {seed} from PYTHONHASHSEED={SEEDS[0]}"


def test_word_memo_parts_carry_no_time_of_writing(tmp_path: Path) -> None:
    target = tmp_path / "memo.docx"
    assert CliRunner().invoke(main, ["memo", "--example", "bnes-2015", "-o", str(target)]).exit_code == 0
    with zipfile.ZipFile(target) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
