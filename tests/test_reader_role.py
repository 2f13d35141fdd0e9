"""PostgreSQL: analysts' SQL runs as a role that can only read (``db.reader``).

Each statement below got past the text guard as a superuser (SQL inside a
string, functions the guard does not list). As a superuser ``plans query``
now refuses to run at all; through the reader role ``plans db create`` makes,
the server itself says no and nothing is written, created, reset or shown.
"""
from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))
from plan_pdfs import make_plan_pdf

from council_plans.cli import main
from council_plans.db.engine import get_engine
from council_plans.ingest.pipeline import ingest_paths

SLOT = "plans_canary_slot"
OPTIONAL_EXTENSIONS = ("dblink", "adminpack")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _superuser_sql(url: str, sql: str, **params: object) -> object:
    engine = get_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            result = conn.execute(text(sql), params)
            return result.fetchall() if result.returns_rows else []
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def plans_db(pg_server_url, tmp_path_factory):
    """(superuser URL, reader URL, extensions installed) of a database holding 3 items."""
    from council_plans.db.server import create_database, drop_database

    url = create_database(pg_server_url)
    pdf = make_plan_pdf(tmp_path_factory.mktemp("reader") / "one.pdf", "one", 3)
    assert ingest_paths([pdf], db_url=url).exit_code == 0
    created = run("db", "create", "--db", url)
    assert created.exit_code == 0 and "reader role plans_reader" in created.stdout
    installed = set()
    for ext in OPTIONAL_EXTENSIONS:  # contrib: what this server offers
        if _superuser_sql(url, "SELECT 1 FROM pg_available_extensions WHERE name = :n", n=ext):
            _superuser_sql(url, f"CREATE EXTENSION IF NOT EXISTS {ext}")
            installed.add(ext)
    reader = make_url(url).set(username="plans_reader").render_as_string(hide_password=False)
    yield url, reader, installed
    drop_database(pg_server_url, make_url(url).database)


def _canary() -> Path:
    """A path the server may write (its own account owns nothing else we can see)."""
    return Path("/tmp") / f"plans-canary-{uuid.uuid4().hex}"


def _attacks(url: str, path: Path, oid: int) -> dict[str, str]:
    url = make_url(url)
    conninfo = f"host={url.host} port={url.port} dbname={url.database} user=postgres"
    return {
        "ts_stat read": "SELECT word FROM ts_stat($$SELECT to_tsvector('simple', "
                        "pg_read_file('/etc/passwd'))$$)",
        "ts_stat write": f"SELECT * FROM ts_stat($$SELECT to_tsvector('simple', "
                         f"pg_file_write('{path}', 'x', false)::text)$$)",
        "dblink lo_export": f"SELECT * FROM dblink_connect_u('c', '{conninfo}') AS a(s), "
                            f"LATERAL dblink_open(left(s, 0) || 'c', 'k', "
                            f"'SELECT lo_export({oid}, ''{path}'')') AS b(o), "
                            f"LATERAL dblink_fetch(left(o, 0) || 'c', 'k', 1) AS t(x int)",
        "ts_rewrite error": "SELECT ts_rewrite('a'::tsquery, $$SELECT "
                            "pg_read_file('/etc/passwd')::tsquery, 'b'::tsquery$$)",
        "replication slot": f"SELECT pg_create_physical_replication_slot('{SLOT}', true)",
        "stat reset": "SELECT pg_stat_reset()",
        "wal message": "SELECT pg_logical_emit_message(true, 'x', repeat('y', 1000000))",
        "hba rules": "SELECT * FROM pg_hba_file_rules",
        "file settings": "SELECT * FROM pg_file_settings",
    }


ATTACKS = list(_attacks("postgresql://h:1/d", Path("/x"), 0))


def _state(url: str) -> dict[str, object]:
    """What the attacks would change, read as the superuser."""
    return {"slots": _superuser_sql(url, "SELECT slot_name FROM pg_replication_slots"),
            "reset": _superuser_sql(url, "SELECT stats_reset FROM pg_stat_database "
                                         "WHERE datname = current_database()")}


def _wal_bytes(url: str) -> int:
    return int(_superuser_sql(url, "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")[0][0])


def _large_object(url: str) -> int:
    return int(_superuser_sql(url, "SELECT lo_from_bytea(0, 'secret')")[0][0])


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_superuser_url_is_refused_before_any_statement_runs(plans_db, attack):
    url, _, _ = plans_db
    path = _canary()
    before = _state(url)
    result = run("query", _attacks(url, path, _large_object(url))[attack], "--db", url)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert ("error: role postgres is a superuser" in result.stderr  # the role, or the text guard
            or result.stderr.startswith("error: the database is opened read-only; refused:"))
    assert "root:" not in result.output
    assert not path.exists() and _state(url) == before


@pytest.mark.parametrize("attack", ATTACKS)
def test_through_the_reader_role_the_server_refuses_and_nothing_changes(plans_db, attack):
    url, reader, installed = plans_db
    path = _canary()
    sql = _attacks(url, path, _large_object(url))[attack]
    before, wal = _state(url), _wal_bytes(url)
    result = run("query", sql, "--db", reader, "--format", "json")
    assert result.exit_code == 1, result.output
    needed = {"ts_stat write": "adminpack", "dblink lo_export": "dblink"}.get(attack)
    if needed is None or needed in installed:
        assert "permission denied" in result.stderr or "must be superuser" in result.stderr, \
            result.stderr
    assert "root:" not in result.output
    assert not path.exists()
    assert _state(url) == before
    assert _wal_bytes(url) - wal < 1_000_000


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_reader_role_is_refused_by_privilege_not_by_reading_the_sql(plans_db, attack):
    """The same statements sent straight to the server as the reader role,
    without the text guard: the server's privileges alone refuse them."""
    import psycopg

    url, reader, installed = plans_db
    path = _canary()
    sql = _attacks(url, path, _large_object(url))[attack]
    plain = make_url(reader).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain) as conn:
        with pytest.raises(psycopg.Error) as err:
            conn.execute(sql).fetchall()
    needed = {"ts_stat write": "adminpack", "dblink lo_export": "dblink"}.get(attack)
    if needed is None or needed in installed:
        assert isinstance(err.value, psycopg.errors.InsufficientPrivilege), err.value
    assert "root:" not in str(err.value) and not path.exists()


def test_the_superuser_attack_is_real_when_the_refusal_is_overridden(plans_db):
    url, _, _ = plans_db
    sql = _attacks(url, _canary(), 0)["ts_stat read"]
    result = run("query", sql, "--db", url, "--allow-unsafe-role", "--format", "json")
    assert result.exit_code == 0 and "root" in {r["word"] for r in json.loads(result.stdout)}


def test_the_reader_role_reads_the_tables_and_exports(plans_db, tmp_path):
    _, reader, _ = plans_db
    result = run("query", "SELECT count(*) AS n FROM action_items", "--db", reader,
                 "--format", "json")
    assert json.loads(result.stdout) == [{"n": 3}]
    out = tmp_path / "items.csv"
    assert run("export", "-o", str(out), "--db", reader).exit_code == 0
    assert len(out.read_text().splitlines()) == 4


def test_export_as_a_superuser_is_refused_with_one_line_saying_why(plans_db):
    url, _, _ = plans_db
    result = run("export", "--db", url)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "is a superuser" in result.stderr
    assert "--allow-unsafe-role" in result.stderr


def test_a_role_that_may_write_one_table_is_refused(plans_db):
    url, _, _ = plans_db
    _superuser_sql(url, "DROP ROLE IF EXISTS plans_writer_test")
    _superuser_sql(url, "CREATE ROLE plans_writer_test LOGIN")
    _superuser_sql(url, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO plans_writer_test")
    _superuser_sql(url, "GRANT INSERT ON document TO plans_writer_test")
    writer = make_url(url).set(username="plans_writer_test").render_as_string(hide_password=False)
    result = run("query", "SELECT 1 AS one", "--db", writer)
    assert result.exit_code == 1
    assert "role plans_writer_test may write to tables (document)" in result.stderr
