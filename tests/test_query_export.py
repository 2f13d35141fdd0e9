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
from plan_pdfs import make_plan_pdf, plan_rows  # noqa: E402

from council_plans.cli import main  # noqa: E402
from council_plans.ingest.pipeline import ingest_paths  # noqa: E402


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request, tmp_path_factory):
    """A database holding two small plans (3 + 2 items), shared by this module's
    tests: they only read (which is what they check)."""
    tmp = tmp_path_factory.mktemp("loaded")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'plans.db'}"
    else:
        from council_plans.db.pgtemp import create_database

        url = create_database(request.getfixturevalue("pg_server_url"))
    make_plan_pdf(tmp / "one.pdf", "one", 3)
    make_plan_pdf(tmp / "two.pdf", "two", 2)
    assert ingest_paths([tmp / "one.pdf", tmp / "two.pdf"], db_url=url).exit_code == 0
    return url


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
    assert result.exit_code == 1 and "no such database file" in result.stderr
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
