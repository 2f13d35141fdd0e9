"""``plans query`` (read-only SQL) and ``plans export`` (the action_items view)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from plan_pdfs import make_plan_pdf, plan_rows

from council_plans.cli import main
from council_plans.ingest.pipeline import ingest_paths


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request, tmp_path_factory):
    """A database holding two small plans (3 + 2 items), shared by this module's
    tests: they only read (which is what they check); on PostgreSQL the URL
    of the read-only role ``plans db create`` makes."""
    tmp = tmp_path_factory.mktemp("loaded")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'plans.db'}"
    else:
        from council_plans.db.server import create_database

        url = create_database(request.getfixturevalue("pg_server_url"))
    make_plan_pdf(tmp / "one.pdf", "one", 3)
    make_plan_pdf(tmp / "two.pdf", "two", 2)
    assert ingest_paths([tmp / "one.pdf", tmp / "two.pdf"], db_url=url).exit_code == 0
    if request.param == "sqlite":
        return url
    from sqlalchemy.engine import make_url

    assert run("db", "create", "--db", url).exit_code == 0  # makes plans_reader
    return make_url(url).set(username="plans_reader").render_as_string(hide_password=False)


@pytest.mark.parametrize("sql", [
    "DELETE FROM milestone",
    "UPDATE action SET text = 'x'",
    "DROP VIEW action_items",
    "CREATE TABLE sneaky (a integer)",
])
def test_query_refuses_writes_and_leaves_the_database_unchanged(loaded, sql):
    result = run("query", sql, "--db", loaded)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the database is opened read-only; refused:")
    after = run("query", "SELECT count(*) AS n FROM action_items", "--db", loaded,
                "--format", "json")
    assert json.loads(after.stdout) == [{"n": 5}]


def test_query_runs_one_statement_only(loaded):
    result = run("query", "SELECT 1; DELETE FROM milestone", "--db", loaded)
    assert result.exit_code == 1 and "one SQL statement" in result.stderr


def test_query_prints_csv_json_and_a_table(loaded):
    sql = "SELECT ref, milestone FROM action_items WHERE document = 'two.pdf' ORDER BY position"
    expected = [(r[0], r[2]) for r in plan_rows("two", 2)]
    as_csv = list(csv.reader(io.StringIO(run("query", sql, "--db", loaded, "--format", "csv")
                                         .stdout)))
    assert as_csv == [["ref", "milestone"], *map(list, expected)]
    as_json = json.loads(run("query", sql, "--db", loaded, "--format", "json").stdout)
    assert [(r["ref"], r["milestone"]) for r in as_json] == expected
    table = run("query", sql, "--db", loaded).stdout
    assert expected[1][1] in table and "(2 rows)" in table


def test_query_on_a_missing_sqlite_file_says_so(tmp_path):
    result = run("query", "SELECT 1", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert result.exit_code == 2 and "no such database file" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_export_writes_every_action_item_as_csv_and_json(loaded, tmp_path):
    rows = list(csv.DictReader(io.StringIO(run("export", "--db", loaded).stdout)))
    assert len(rows) == 5
    assert rows[0]["action"] == plan_rows("one", 3)[0][1] and rows[0]["due_date"] == "2017-03-31"
    out = tmp_path / "items.json"
    assert run("export", "--format", "json", "-o", str(out), "--db", loaded).exit_code == 0
    records = json.loads(out.read_text())
    assert [r["milestone"] for r in records] == [r[2] for r in plan_rows("one", 3)] + [
        r[2] for r in plan_rows("two", 2)]


def test_export_parquet_keeps_dates_typed(loaded, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "items.parquet"
    assert run("export", "--format", "parquet", "-o", str(out), "--db", loaded).exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == 5
    assert table.column("due_date").to_pylist()[0] == dt.date(2017, 3, 31)


# --- hardening: SQL from files and stdin, comments, nothing that makes files ---

@pytest.fixture
def open_dir(tmp_path) -> Path:
    """A directory anyone can write, so a refused statement is refused by us,
    not by the PostgreSQL server's file permissions."""
    d = tmp_path / "out"
    d.mkdir()
    d.chmod(0o777)
    return d


COUNT = "SELECT count(*) AS n FROM action_items"


def test_query_reads_sql_from_a_file_and_from_standard_input(loaded, tmp_path):
    sql_file = tmp_path / "q.sql"
    sql_file.write_text(f"-- how many items\n{COUNT};\n")
    from_file = run("query", "-f", str(sql_file), "--db", loaded, "--format", "json")
    assert json.loads(from_file.stdout) == [{"n": 5}]
    from_stdin = CliRunner().invoke(main, ["query", "-", "--db", loaded, "--format", "json"],
                                    input=f"/* totals */ {COUNT}")
    assert json.loads(from_stdin.stdout) == [{"n": 5}]
    dash_f = CliRunner().invoke(main, ["query", "-f", "-", "--db", loaded, "--format", "csv"],
                                input=COUNT)
    assert dash_f.stdout == "n\n5\n"


def test_sql_that_begins_with_a_comment_is_a_query_not_an_option(loaded):
    result = run("query", f"-- items per document\n{COUNT}", "--db", loaded, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": 5}]


@pytest.mark.parametrize("args, stdin", [
    (["query", ""], None),
    (["query", "-- nothing but a comment\n  ;"], None),
    (["query", "-"], "/* still nothing */\n"),
    (["query"], None),
], ids=["empty", "comment-only", "stdin-comment", "no-sql"])
def test_empty_sql_is_a_usage_error(loaded, args, stdin):
    result = CliRunner().invoke(main, [*args, "--db", loaded], input=stdin)
    assert result.exit_code == 2, result.output
    assert "Error:" in result.stderr and "SQL" in result.stderr


def test_an_unreadable_sql_file_is_a_usage_error(loaded, tmp_path):
    result = run("query", "-f", str(tmp_path / "missing.sql"), "--db", loaded)
    assert result.exit_code == 2 and "missing.sql" in result.stderr


def _refused(result) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: the database is opened read-only; refused:")


@pytest.mark.parametrize("loaded", ["sqlite"], indirect=True)
@pytest.mark.parametrize("template", [
    "ATTACH DATABASE '{path}' AS other",
    "VACUUM INTO '{path}'",
    "-- a comment first\nVACUUM INTO '{path}'",
])
def test_sqlite_statements_that_create_files_are_refused_and_no_file_appears(loaded, open_dir,
                                                                             template):
    target = open_dir / "made.db"
    _refused(run("query", template.format(path=target), "--db", loaded))
    assert not target.exists()
    assert list(open_dir.iterdir()) == []


@pytest.mark.parametrize("loaded", ["sqlite"], indirect=True)
@pytest.mark.parametrize("sql, why", [
    ("SELECT load_extension('/tmp/evil')", "load_extension() loads code"),
    ("VACUUM", "VACUUM rewrites the database file"),
    ("PRAGMA query_only = OFF", "PRAGMA query_only = OFF changes a setting"),
    ("DETACH DATABASE main", "DETACH"),
])
def test_sqlite_extension_loading_vacuum_and_setting_pragmas_are_refused(loaded, sql, why):
    result = run("query", sql, "--db", loaded)
    _refused(result)
    assert why in result.stderr


@pytest.mark.parametrize("loaded", ["sqlite"], indirect=True)
def test_sqlite_schema_pragmas_still_answer(loaded):
    result = run("query", "PRAGMA table_info(document)", "--db", loaded, "--format", "json")
    assert "sha256" in {r["name"] for r in json.loads(result.stdout)}


def _large_object(url: str) -> int:
    """A large object in the database, made by a writable connection (setup only)."""
    from sqlalchemy import text

    from council_plans.db.engine import get_engine

    engine = get_engine(url)
    with engine.begin() as conn:
        oid = conn.scalar(text("SELECT lo_from_bytea(0, 'secret')"))
    engine.dispose()
    return oid


@pytest.mark.parametrize("loaded", ["postgresql"], indirect=True)
@pytest.mark.parametrize("template", [
    "COPY (SELECT * FROM action_items) TO '{path}'",
    "copy document TO '{path}' WITH (FORMAT csv)",
    "/* looks harmless */ COPY (SELECT 1) TO PROGRAM 'touch {path}'",
    "SELECT lo_export({oid}, '{path}')",
    "SELECT pg_catalog.\"lo_export\"({oid}, '{path}')",
    "WITH x AS (SELECT lo_export({oid}, '{path}')) SELECT * FROM x",
    "SELECT query_to_xml('select lo_export({oid}, ''{path}'')', true, false, '')",
])
def test_postgresql_copy_to_a_file_and_lo_export_are_refused_and_no_file_appears(
        loaded, open_dir, template):
    target = open_dir / "made.txt"
    sql = template.format(path=target, oid=_large_object(loaded) if "{oid}" in template else 0)
    _refused(run("query", sql, "--db", loaded))
    assert not target.exists()
    assert list(open_dir.iterdir()) == []


@pytest.mark.parametrize("loaded", ["postgresql"], indirect=True)
def test_postgresql_reading_statements_with_lookalike_text_still_run(loaded):
    sql = ("/* COPY x TO 'y' */ WITH t AS (SELECT 'lo_export' AS word, $$COPY$$ AS other) "
           "SELECT word, other, \"word\" AS again FROM t")
    result = run("query", sql, "--db", loaded, "--format", "json")
    assert json.loads(result.stdout) == [{"word": "lo_export", "other": "COPY",
                                          "again": "lo_export"}]


def test_sql_words_skip_comments_and_literals_and_unquote_names():
    from council_plans.db.sqlguard import is_empty, words

    assert words("/* a /* nested */ COPY */ SELECT 'x''lo_export' , E'\\'' FROM \"Lo_Export\"") \
        == ["select", "'", ",", "'", "from", "Lo_Export"]
    assert words("SELECT $f$ lo_export $f$, $$ copy $$") == ["select", "'", ",", "'"]
    assert is_empty(" -- x\n ; /* y */ ") and not is_empty("VALUES (1)")
