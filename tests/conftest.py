"""Shared fixtures. Keep this file small and generic; add fixtures with small insertions.

Database tests take the ``db_url`` fixture (schema migrated) or
``empty_db_url`` (no tables), which run them once on SQLite and once on
PostgreSQL. PostgreSQL is ``$PLANS_TEST_PG_URL`` when set (a
server where the tests may create databases), otherwise a throwaway server
started for the session (``tests/support/pgtemp.py``); without PostgreSQL binaries the
``postgresql`` variants are skipped with the reason.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: modules whose tests start processes (worker pools, a Dask cluster, the CLI in a
#: subprocess), servers (HTTP, Datasette, a browser), build a wheel or read whole
#: corpora: marked ``system``, so ``pytest -m "not system"`` is the fast tier
SYSTEM_MODULES = frozenset({
    "test_cluster", "test_column_roles_edges", "test_ingest_batch", "test_ingest_interrupt",
    "test_input_edge_cases", "test_inspect_page", "test_install_wheel", "test_load_frames",
    "test_manage_imports", "test_moderngov_cli", "test_moderngov_watch", "test_pool",
    "test_real_plans_bench", "test_report", "test_robustness_batch", "test_robustness_errors",
    "test_review_browser", "test_series_admin", "test_serve", "test_serve_browser", "test_triage",
    "test_schema_creation", "test_query_during_ingest", "test_watch_hosts", "test_watch_retry",
    "test_huge_pages", "test_reader_role",
    # imports in worker processes, the CLI in a subprocess, a ModernGov server
    "test_compare_words", "test_output_errors", "test_series_stable", "test_watch_user",
    # README command blocks run as a reader would; whole corpora; parse processes
    "test_readme", "test_real_round2", "test_review", "test_pdfium_model", "test_warm_pools",
})


def _uses_postgres(item: pytest.Item) -> bool:
    params = getattr(item, "callspec", None)
    return ("pg_server_url" in getattr(item, "fixturenames", ())
            or (params is not None and "postgresql" in params.params.values()))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the system tests (see ``SYSTEM_MODULES``; every PostgreSQL variant too)."""
    for item in items:
        module = item.module.__name__.rpartition(".")[2] if item.module else ""
        if module in SYSTEM_MODULES or _uses_postgres(item):
            item.add_marker(pytest.mark.system)


@pytest.fixture(scope="session")
def pg_server_url():
    """Superuser URL of a PostgreSQL server for this test session."""
    from support.pgtemp import PostgresUnavailable, TempPostgres

    external = os.environ.get("PLANS_TEST_PG_URL")
    if external:
        from council_plans.db.engine import resolve_url

        yield resolve_url(external)
        return
    server = TempPostgres()
    try:
        url = server.start()
    except PostgresUnavailable as exc:
        server.stop()
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request, tmp_path):
    """URL of a new, empty database (no tables) on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'plans.db'}"
        return
    from council_plans.db.server import create_database, drop_database
    from sqlalchemy.engine import make_url

    server = request.getfixturevalue("pg_server_url")
    url = create_database(server)
    yield url
    drop_database(server, make_url(url).database)


@pytest.fixture(scope="session")
def _migrated_templates():
    """Per backend, a database migrated once that tests copy (migrating each time is slow)."""
    return {}


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, _migrated_templates):
    """URL of a new database with the schema at the newest migration, on each backend."""
    import shutil

    from council_plans.db.engine import get_engine, upgrade

    backend = request.param
    if backend == "sqlite":
        if backend not in _migrated_templates:
            template = request.getfixturevalue("tmp_path_factory").mktemp("tpl") / "plans.db"
            engine = get_engine(f"sqlite:///{template}")
            upgrade(engine)
            engine.dispose()
            _migrated_templates[backend] = template
        shutil.copy(_migrated_templates[backend], tmp_path / "plans.db")
        yield f"sqlite:///{tmp_path / 'plans.db'}"
        return
    from council_plans.db.server import create_database, drop_database
    from sqlalchemy.engine import make_url

    server = request.getfixturevalue("pg_server_url")
    if backend not in _migrated_templates:
        template = create_database(server)
        engine = get_engine(template)
        upgrade(engine)
        engine.dispose()
        _migrated_templates[backend] = make_url(template).database
    url = create_database(server, template=_migrated_templates[backend])
    yield url
    drop_database(server, make_url(url).database)


@pytest.fixture
def engine(db_url):
    """A migrated engine on each backend (see ``db_url``)."""
    from council_plans.db.engine import ensure_schema, get_engine

    eng = get_engine(db_url)
    ensure_schema(eng)
    yield eng
    eng.dispose()
