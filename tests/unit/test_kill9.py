"""Writers killed with SIGKILL at random moments, many times, never leave a truncated or mixed file.

`tests/kill_writer.py` forks a writer per kill that runs the real command line: `advise --format json -o`,
`memo -o x.md` (the memo and its matrix), `memo -o x.docx`, and `ask --edit` saving an answer; after each kill
every file written must be exactly its old content or a complete new one (byte for byte, as written without a
kill), and after one more write without a kill no temporary or lock file may be left. The four writers run at
once (KILLS: 44 kills in all, about 15 to 20 seconds on two processors).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docx

CHECKOUT = Path(__file__).resolve().parents[2]
KILLS = {"json": 12, "md": 12, "ask": 16, "docx": 4}  # a Word memo takes over a second to build, so fewer


def test_killed_writers_leave_the_old_file_or_the_new_one_never_a_broken_one(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(CHECKOUT))
    runs = {}
    for seed, (kind, kills) in enumerate(KILLS.items()):
        (tmp_path / kind).mkdir()
        runs[kind] = subprocess.Popen([sys.executable, "-m", "tests.kill_writer", kind, str(tmp_path / kind),
                                       str(kills), str(seed)], cwd=CHECKOUT, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
    for kind, run in runs.items():
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        report = json.loads(out)
        assert report["bad"] == [], report  # every file, after every kill, exactly one complete content
        assert report["left_at_end"] == [], report  # temporary files of killed writers cleared by the next write
        assert all(sum(seen) == KILLS[kind] for seen in report["seen"].values()), report
    docx.Document(str(tmp_path / "docx" / "memo.docx"))  # the Word memo, after the kills, opens as one
