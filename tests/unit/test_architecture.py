"""The package's architecture holds: layer contracts kept (and broken by an upward import), no import tucked
inside a function to dodge a circle, and one public API whose `__all__` is exact."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import advisor

CHECKOUT = Path(__file__).resolve().parents[2]
LAYERS = ("cli", "web", "quality", "documents", "assessment", "engine", "law", "storage", "base")
LAZY_REASON = "lazy for start-up speed"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package under `root`, with the checkout's contracts."""
    command = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; "
               "sys.exit(c(['--config', 'pyproject.toml', '--no-cache']))"]
    return subprocess.run(command, cwd=root, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=300, check=False)


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(CHECKOUT / "advisor", tmp_path / "advisor", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(CHECKOUT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layer_contracts_are_kept(tmp_path: Path) -> None:
    result = _lint_imports(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "broken"), [
    ("law/rules.py", "from advisor.assessment.verdicts import VERDICTS",
     "advisor.law is not allowed to import advisor.assessment"),
    ("engine/reference.py", "from advisor.documents import templates",
     "advisor.engine is not allowed to import advisor.documents"),
    ("assessment/diff.py", "import durable.lang", "Only the engine layer imports durable-rules BROKEN"),
    ("cli/rules.py", "from advisor.law.shipped import load_book", "The command line calls only the public API"),
    ("assessment/context.py", "from advisor.assessment import records", "No circle of imports"),
    ("web/pages.py", "from advisor.cli import main", "advisor.web is not allowed to import advisor.cli"),
    ("web/views.py", "from advisor.storage import store", "The web front end calls only the public API"),
    ("storage/tables.py", "from advisor.law import rules", "advisor.storage is not allowed to import advisor.law"),
])
def test_an_import_against_the_architecture_fails(tmp_path: Path, module: str, line: str, broken: str) -> None:
    root = _copy(tmp_path)
    path = root / "advisor" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = _lint_imports(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout


def _inner_imports(path: Path) -> list[tuple[int, str]]:
    """Imports of the advisor's own modules made inside a function, without a start-up-speed reason."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            names = [inner.module or ""] if isinstance(inner, ast.ImportFrom) else (
                [alias.name for alias in inner.names] if isinstance(inner, ast.Import) else [])
            if any(name == "advisor" or name.startswith("advisor.") for name in names) \
                    and LAZY_REASON not in lines[inner.lineno - 1]:
                found.append((inner.lineno, lines[inner.lineno - 1].strip()))
    return found


def test_no_module_imports_another_inside_a_function() -> None:
    tucked = {str(path.relative_to(CHECKOUT)): found for path in sorted((CHECKOUT / "advisor").rglob("*.py"))
              if (found := _inner_imports(path))}
    assert tucked == {}


def test_every_layer_says_what_it_may_import_and_what_it_must_not() -> None:
    for layer in LAYERS:
        doc = (CHECKOUT / "advisor" / layer / "__init__.py").read_text(encoding="utf-8")
        assert "May import" in doc and "Must not import" in doc, layer


def _typed_names() -> dict[str, str]:
    """The names advisor/__init__.py imports for type checkers, and their modules."""
    tree = ast.parse((CHECKOUT / "advisor" / "__init__.py").read_text(encoding="utf-8"))
    guarded = next(node for node in tree.body if isinstance(node, ast.If))
    return {alias.name: node.module or "" for node in guarded.body if isinstance(node, ast.ImportFrom)
            for alias in node.names}


def test_the_public_api_exports_exactly_its_names() -> None:
    homes = advisor._HOMES
    assert advisor.__all__ == [*homes, "__version__"]
    assert _typed_names() == homes
    for name, module in homes.items():
        value = getattr(advisor, name)
        assert getattr(value, "__module__", module) == module or name in ("Verdict", "VERDICTS"), name
    assert sorted(dir(advisor)) == sorted(advisor.__all__)
    with pytest.raises(AttributeError):
        advisor.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_the_command_line_loads_only_what_a_command_needs() -> None:
    code = ("import sys, advisor.cli.main; loaded = sorted(m for m in sys.modules if m.startswith(('advisor.', 'durable')));"
            "print(' '.join(loaded))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded and all(name.startswith(("advisor.cli", "advisor.base")) for name in loaded), loaded


def test_the_public_api_covers_what_the_issue_names() -> None:
    for name in ("load_rulebook", "assess", "assess_many", "Planner", "run_check", "why_not", "diff_record",
                 "run_sweep", "MemoWriter", "write_memo", "verify_memo"):
        assert callable(getattr(advisor, name)), name


def _block(text: str, first: str, end: str = "\n\n") -> str:
    start = text.index(first)
    return text[start:text.index(end, start)]


def test_the_readmes_show_the_same_tree_and_it_matches_the_package() -> None:
    first = "    advisor/             the package"
    tree = _block((CHECKOUT / "README.md").read_text(encoding="utf-8"), first)
    assert tree == _block((CHECKOUT / "rules" / "README.md").read_text(encoding="utf-8"), first)
    shown = {line.split()[0].rstrip("/") for line in tree.splitlines()[1:] if line.startswith("      ") and
             line.strip().split()[0].endswith("/")}
    packages = {path.parent.name for path in (CHECKOUT / "advisor").glob("*/__init__.py")}
    assert packages == set(LAYERS) and packages <= shown


def test_the_readme_python_example_runs() -> None:
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    block = _block(readme, "    import datetime as dt\n    import advisor", "\n\nErrors are")
    code = "\n".join(line[4:] for line in block.splitlines())
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - the README's own example
    assert len(namespace["many"]) == 2  # type: ignore[arg-type]
    assert namespace["record"]["adms"]  # type: ignore[index]
