"""The built wheel installs under one import name, ``council_plans``, and sits
beside PyPI's ``schema`` package without shadowing it (the repository has a
``schema/`` folder of its own).

Slow-ish (builds a wheel, makes a venv, fetches ``schema`` from the package
index); it runs in CI, and is skipped with the reason when no index answers.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_IGNORE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                 ".pytest_cache", ".hypothesis", "plans.db", "plans-store",
                                 ".typecheck", ".mypy_cache", ".ruff_cache")

pytestmark = pytest.mark.slow


def _pip(python: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_REQUIRE_VIRTUALENV")}
    return subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=600)


def _site_packages(env_dir: Path) -> Path:
    purelib = sysconfig.get_path("purelib", vars={"base": str(env_dir), "platbase": str(env_dir)})
    return Path(purelib)


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A new venv holding PyPI's ``schema`` and our wheel (its dependencies
    are borrowed from the running interpreter's site-packages via a .pth
    file, so the test does not download pdfplumber and friends)."""
    tmp = tmp_path_factory.mktemp("wheel")
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / "bin" / "python"
    got = _pip(python, "install", "-q", "schema")
    if got.returncode != 0:
        pytest.skip(f"pip cannot install 'schema' from a package index: "
                    f"{(got.stderr.strip().splitlines() or ['no message'])[-1]}")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=_IGNORE)
    built = _pip(sys.executable, "wheel", "--no-deps", "-q", "-w", str(tmp / "dist"), str(src))
    assert built.returncode == 0, built.stderr
    wheel = next((tmp / "dist").glob("council_plans-*.whl"))
    installed = _pip(python, "install", "-q", "--no-deps", str(wheel))
    assert installed.returncode == 0, installed.stderr
    site = _site_packages(env_dir)
    deps = [p for p in sys.path if p.endswith(("site-packages", "dist-packages")) and Path(p).is_dir()]
    (site / "zz_council_plans_test_deps.pth").write_text("\n".join(deps) + "\n")
    return python, site


def _python_c(python: Path, code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in the fresh venv, from /, with nothing of ours on the path."""
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd="/",
                          env={"PATH": os.environ.get("PATH", "")}, timeout=120)


def test_pypi_schema_and_council_plans_import_side_by_side(fresh_venv):
    python, site = fresh_venv
    code = ("from schema import Schema; import schema, council_plans, council_plans.cli, "
            "council_plans.schema.items; print(schema.__file__); print(council_plans.__file__); "
            "print(Schema(int).validate(3))")
    got = _python_c(python, code)
    assert got.returncode == 0, got.stderr
    schema_file, ours, validated = got.stdout.split()
    assert Path(schema_file).relative_to(site).parts[0] in ("schema.py", "schema")
    assert Path(ours).parent == site / "council_plans"
    assert validated == "3"


def _record(site: Path, dist: str) -> list[str]:
    info = next(site.glob(f"{dist}-*.dist-info"))
    return [line.split(",")[0] for line in (info / "RECORD").read_text().splitlines() if line]


def test_wheel_puts_nothing_of_ours_at_the_top_of_site_packages(fresh_venv):
    _, site = fresh_venv
    ours = _record(site, "council_plans")
    tops = {Path(f).parts[0] for f in ours}
    assert {t for t in tops if not t.endswith(".dist-info") and t != ".."} == {"council_plans"}
    assert "council_plans/cli.py" in ours and "council_plans/schema/items.py" in ours
    assert not {p.name for p in site.iterdir()} & {"cli.py", "cli", "db", "ingest", "parsers"}
    # the top-level schema there is PyPI's, every file of it recorded by the schema distribution
    pypi_schema = set(_record(site, "schema"))
    top_schema = [f.relative_to(site).as_posix() for f in site.glob("schema*")
                  if f.is_file() or f.is_dir()]
    files = [p.relative_to(site).as_posix() for t in top_schema for p in
             ([site / t] if (site / t).is_file() else (site / t).rglob("*.py"))]
    assert files and set(files) <= pypi_schema, set(files) - pypi_schema
    assert not (site / "schema" / "items.py").exists()


def test_plans_console_script_runs_from_the_wheel(fresh_venv):
    python, _ = fresh_venv
    got = subprocess.run([str(python.parent / "plans"), "--help"], capture_output=True, text=True,
                         cwd="/", env={"PATH": os.environ.get("PATH", "")}, timeout=120)
    assert got.returncode == 0, got.stderr
    assert "ingest" in got.stdout


def test_the_wheel_holds_the_package_and_its_type_marker_but_no_repository_tooling(fresh_venv):
    _, site = fresh_venv
    ours = [f for f in _record(site, "council_plans") if f.startswith("council_plans/")]
    folders = {Path(f).parts[1] for f in ours if len(Path(f).parts) > 2} - {"__pycache__"}
    assert folders == {"commands", "compare", "db", "ingest", "parsers", "review", "schema"}
    assert "council_plans/py.typed" in ours and "council_plans/api.py" in ours
    assert any(f.startswith("council_plans/review/templates/") and f.endswith(".html") for f in ours)


def test_the_header_wordings_ship_in_the_wheel_and_compile_there(fresh_venv):
    python, site = fresh_venv
    assert "council_plans/parsers/columns/data/lexicon.toml" in _record(site, "council_plans")
    got = _python_c(python, "from council_plans.parsers.columns.lexicon import header_scores; "
                            "print(header_scores('Lead Officer(s)'))")
    assert got.returncode == 0, got.stderr
    assert got.stdout.strip() == "{'lead': 1.0}"


def test_the_public_api_imports_from_the_wheel(fresh_venv):
    python, _ = fresh_venv
    code = ("import council_plans as cp; "
            "print(cp.extract.__module__, cp.Database.__name__, "
            "issubclass(cp.PlanError, cp.CouncilPlansError))")
    got = _python_c(python, code)
    assert got.returncode == 0, got.stderr
    assert got.stdout.split() == ["council_plans.api", "Database", "True"]
