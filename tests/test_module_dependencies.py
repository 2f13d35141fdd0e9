"""Module dependencies go one way: each folder imports only from the layers
below it (no import cycles, not even for type hints)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "council_plans"

#: layer of each top-level part of the package, lowest first; a module may import
#: from its own layer's folder and any lower layer, never from a higher one
LAYERS: dict[str, int] = {
    "words": 0, "schema": 0,
    "parsers": 1,
    "db": 2,
    "compare": 3,
    "ingest": 4, "review": 4,
    "api": 5, "__init__": 5,  # the public Python API
    "commands": 6,  # the CLI's commands: argument parsing and printing over the API
    "cli": 7,
}
#: folders of the repository that are not part of the installed package
NOT_PACKAGE = {"tests", "bench", "samples", "docs", ".venv", "build"}


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports anywhere (top level, functions, TYPE_CHECKING blocks)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def package_modules() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py")
                  if not NOT_PACKAGE & set(p.relative_to(ROOT).parts)
                  and "migrations" not in p.parts)


def part_of(module_path: Path) -> str:
    first = module_path.relative_to(ROOT).parts[0]
    return first.removesuffix(".py")


def upward_imports() -> list[str]:
    wrong = []
    for path in package_modules():
        own = part_of(path)
        for name in imported_modules(path):
            bits = name.split(".")
            if bits[0] != PACKAGE or len(bits) < 2:
                continue
            target = bits[1]
            if target == own:
                continue
            if LAYERS[target] > LAYERS[own] or (LAYERS[target] == LAYERS[own] and own != "__init__"
                                                and target not in ("words", "schema")):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    return wrong


def test_every_part_of_the_package_has_a_layer():
    parts = {part_of(p) for p in package_modules()}
    assert parts <= set(LAYERS), f"no layer for {sorted(parts - set(LAYERS))}"


def test_no_module_imports_from_a_layer_above_its_own():
    assert upward_imports() == []


@pytest.mark.parametrize("folder", ["tests", "bench", "samples"])
def test_the_package_never_imports_repository_tooling(folder):
    users = [f"{p.relative_to(ROOT)} imports {name}" for p in package_modules()
             for name in imported_modules(p)
             if name.split(".")[0] in (folder, "support") or name.startswith(f"{PACKAGE}.{folder}")]
    assert users == []


def test_watch_fetch_does_not_import_the_watch_module_that_imports_it():
    moderngov = ROOT / "ingest" / "moderngov"
    assert "council_plans.ingest.moderngov.fetch" in imported_modules(moderngov / "watch.py")
    assert "council_plans.ingest.moderngov.watch" not in imported_modules(moderngov / "fetch.py")
