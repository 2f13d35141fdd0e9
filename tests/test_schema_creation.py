"""Schema creation and upgrades survive kills and concurrent first runs.

A process killed (SIGKILL) or interrupted (SIGINT) while it creates the
schema of a new SQLite file, or upgrades an older one, leaves the file as it
was before (or finished): never a half-made schema that every later run
trips over (``table authority already exists``, ``_alembic_tmp_plan already
exists``). Four processes starting on one new database all succeed.
"""
from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from council_plans.db.engine import current_revisions, ensure_schema, get_engine, \
    head_revisions, upgrade

OLD_REVISION = "0002_watch"
#: longest a migration takes here (seconds): kills land at random moments within it
KILL_WINDOW = 0.8
#: in the long run, every this many kills the schema is also finished by ensure_schema
FINISH_EVERY = 5
PLANS = [str(Path(sys.executable).parent / "plans")]


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _revision(path: Path) -> set[str]:
    engine = get_engine(f"sqlite:///{path}")
    try:
        return current_revisions(engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> dict[str, object]:
    """A file at OLD_REVISION and the table sets of the old and the newest schema."""
    folder = tmp_path_factory.mktemp("schemas")
    old, new = folder / "old.db", folder / "new.db"
    for path, revision in ((old, OLD_REVISION), (new, "head")):
        engine = get_engine(f"sqlite:///{path}")
        upgrade(engine, revision)
        engine.dispose()
    return {"old_file": old, "old": _tables(old), "head": _tables(new)}


def _migrate(url: str) -> None:
    """Child: what ``plans ingest`` does first on a database."""
    ensure_schema(get_engine(url))


def _kill_once(rng: random.Random, path: Path, schemas: dict, scenario: str) -> None:
    """Start a migration in a real child process, kill it at a random moment,
    and check the file holds a whole schema, old or new."""
    if scenario == "upgrade":
        shutil.copy(schemas["old_file"], path)
    before = _tables(path) if path.exists() else set()
    child = multiprocessing.get_context("fork").Process(target=_migrate,
                                                        args=(f"sqlite:///{path}",))
    child.start()
    time.sleep(rng.uniform(0, KILL_WINDOW))
    if child.pid is not None and child.is_alive():
        os.kill(child.pid, rng.choice([signal.SIGKILL, signal.SIGINT]))
    child.join()
    after = _tables(path) if path.exists() else set()
    assert after - {"alembic_version"} in ({*before} - {"alembic_version"}, schemas["head"]
                                           - {"alembic_version"}), sorted(after ^ before)
    assert not any(t.startswith("_alembic_tmp") for t in after)


def _finish_and_check(path: Path, schemas: dict) -> None:
    engine = get_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    engine.dispose()
    assert _revision(path) == head_revisions() and _tables(path) == schemas["head"]


def _kill_campaign(tmp_path: Path, schemas: dict, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    for i in range(kills):
        scenario = ("create", "upgrade")[i % 2]
        path = tmp_path / f"{i}.db"
        _kill_once(rng, path, schemas, scenario)
        if i % FINISH_EVERY == 0 or i == kills - 1:
            _finish_and_check(path, schemas)


def test_a_few_kills_during_schema_creation_and_upgrade_leave_a_whole_schema(tmp_path, schemas):
    _kill_campaign(tmp_path, schemas, kills=6, seed=18)


@pytest.mark.slow
def test_fifty_kills_at_random_moments_never_leave_a_half_made_schema(tmp_path, schemas):
    _kill_campaign(tmp_path, schemas, kills=50, seed=1850)


def test_ingest_into_a_file_whose_first_ingest_was_killed_works(tmp_path, schemas):
    sample = Path(__file__).resolve().parent.parent / "samples" / "pdfs" / "ruled-rag-fill.pdf"
    path = tmp_path / "plans.db"
    _kill_once(random.Random(7), path, schemas, "create")
    result = subprocess.run([*PLANS, "ingest", str(sample), "--db", f"sqlite:///{path}"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "already exists" not in result.stderr


def _start_together(url: str, n: int) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen([*PLANS, "db", "upgrade", "--db", url], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(n)]
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return done


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_four_processes_starting_on_a_new_database_all_succeed(backend, tmp_path, request):
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'plans.db'}"
    else:
        from council_plans.db.server import create_database

        url = create_database(request.getfixturevalue("pg_server_url"))
    results = _start_together(url, 4)
    assert [r.returncode for r in results] == [0] * 4, [r.stderr[-400:] for r in results]
    assert all("Traceback" not in r.stderr for r in results)
    engine = get_engine(url)
    assert current_revisions(engine) == head_revisions()
    engine.dispose()
