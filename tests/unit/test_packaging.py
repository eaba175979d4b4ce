"""The installed package works from any directory: rules/, templates/ and examples ship with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_installed_advisor_runs_outside_the_checkout(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-m", "advisor", "advise", "--example", "worcestershire-2018",
                             "--format", "json"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["adms"]) == 19
