"""Module dependencies go one way (no import cycles, not even for type hints)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports anywhere (top level, functions, TYPE_CHECKING blocks)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_watch_fetch_does_not_import_the_watch_module_that_imports_it():
    assert "council_plans.ingest.watch_fetch" in imported_modules(ROOT / "ingest" / "watch.py")
    assert "council_plans.ingest.watch" not in imported_modules(ROOT / "ingest" / "watch_fetch.py")
