"""A database that cannot be opened is one error line naming the problem and
the fix, exit 2, on every command: never a driver traceback."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from council_plans.cli import main

#: every command that opens the database, with the arguments it needs besides --db
COMMANDS = [
    ["ingest", "missing.pdf"],
    ["query", "SELECT 1"],
    ["export"],
    ["documents"],
    ["show", "1"],
    ["errors"],
    ["remove", "1"],
    ["db", "upgrade"],
    ["db", "create"],
    ["watch", "list"],
    ["watch", "add", "moderngov", "--site", "https://democracy.example.gov.uk",
     "--authority", "Example Council"],
    ["watch", "run"],
]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def assert_one_line(result, *needles: str) -> None:
    """Exit 2, stderr one ``error:`` line containing every needle, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_malformed_db_url_is_one_line_and_exit_2_on_every_command(command, tmp_path,
                                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*command, "--db", "not a url")
    assert_one_line(result, "'not a url' is not a database URL", "sqlite:///")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_postgresql_server_that_is_not_running_is_one_line_and_exit_2(command, tmp_path,
                                                                       monkeypatch):
    monkeypatch.chdir(tmp_path)
    port = free_port()
    result = run(*command, "--db", f"postgresql://plans@127.0.0.1:{port}/plans")
    assert_one_line(result, f"cannot reach PostgreSQL at 127.0.0.1:{port}", "server running")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_sqlite_file_in_a_missing_directory_is_one_line_naming_the_directory(command,
                                                                             tmp_path,
                                                                             monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "no" / "such" / "dir"
    result = run(*command, "--db", f"sqlite:///{missing / 'plans.db'}")
    if command[:2] == ["db", "create"]:  # creating it is that command's job
        assert result.exit_code == 0 and (missing / "plans.db").is_file(), result.output
        return
    assert_one_line(result, f"directory {missing} does not exist", "mkdir -p")
    assert not (tmp_path / "no").exists()


def test_a_database_never_created_names_createdb_and_plans_db_create_makes_it(pg_server_url):
    url = make_url(pg_server_url).set(database="plans_never_made").render_as_string(
        hide_password=False)
    for command in (["documents"], ["query", "SELECT 1"], ["ingest", "x.pdf"], ["db", "upgrade"]):
        assert_one_line(run(*command, "--db", url), 'database "plans_never_made" does not exist',
                        "createdb plans_never_made", "plans db create")
    created = run("db", "create", "--db", url)
    try:
        assert created.exit_code == 0, created.output
        assert "created; at revision" in created.stdout
        listed = run("documents", "--db", url, "--format", "csv")
        assert listed.exit_code == 0 and listed.stdout.startswith("id,file,authority")
        again = run("db", "create", "--db", url)
        assert again.exit_code == 0 and "already exists" in again.stdout
    finally:
        from council_plans.db.server import drop_database

        drop_database(pg_server_url, "plans_never_made")


def test_postgresql_without_its_driver_says_to_install_the_postgres_extra(tmp_path):
    """psycopg hidden from a real ``plans`` process, as on an install without the extra."""
    code = ("import sys; sys.modules['psycopg'] = None; sys.modules['psycopg2'] = None; "
            "from council_plans.cli import main; main()")
    proc = subprocess.run([sys.executable, "-c", code, "documents", "--db",
                           "postgresql://plans@127.0.0.1/plans"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "error: postgresql://plans@127.0.0.1/plans: the PostgreSQL driver (psycopg) is "
        "not installed: install the postgres extra: pip install 'council-plans[postgres]'"]


def test_a_file_that_is_not_a_sqlite_database_is_one_line(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are minutes, not a database\n" * 100)
    for command in (["documents"], ["query", "SELECT * FROM action_items"]):
        assert_one_line(run(*command, "--db", f"sqlite:///{bogus}"),
                        f"{bogus} is not a SQLite database file")
    assert bogus.read_text().startswith("these are minutes")


def test_a_missing_sqlite_file_is_not_created_by_listing_it(tmp_path):
    missing = tmp_path / "plans.db"
    for command in (["documents"], ["errors"], ["show", "1"], ["remove", "1"]):
        assert_one_line(run(*command, "--db", f"sqlite:///{missing}"), "no such database file")
    assert not Path(missing).exists()
