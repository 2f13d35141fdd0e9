"""Read-only SQL for analysts (``plans query``, ``plans export``).

The database is opened read-only by the database itself, not by inspecting
the SQL: SQLite through a ``mode=ro`` URI plus ``PRAGMA query_only``;
PostgreSQL with ``default_transaction_read_only`` and ``SET TRANSACTION READ
ONLY``, one statement per call (a prepared statement cannot hold two) and the
transaction rolled back afterwards. A write is refused with
:class:`QueryRefused`. On PostgreSQL ``plans query`` and ``plans export``
also check that the connected role can do no more than read (:mod:`db.reader`):
a superuser or a role with write rights is refused before the SQL runs.

Read-only databases still let a statement create or change *other* files:
SQLite's ``ATTACH`` and ``VACUUM INTO`` create database files,
``load_extension`` loads code; PostgreSQL's ``COPY ... TO`` (a file or a
program) and ``lo_export`` write on the server even in a read-only
transaction. SQLite's authorizer (:func:`_sqlite_authorizer`) refuses those
while the statement is compiled; on PostgreSQL :mod:`db.sqlguard` lets only
reading statements through and refuses the server-side file functions.

Text comes back exactly as it was stored (see :mod:`schema.text`).
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL

from council_plans.schema.text import decode_value

from council_plans.db.engine import explain_failures, parse_url
from council_plans.db.errors import classify, sqlite_path_problem
from council_plans.db.reader import DEFAULT_READER, unsafe_role_reason
from council_plans.db.sqlguard import is_empty, postgres_refusal
from council_plans.schema.errors import CouncilPlansError

#: columns of ``action_items`` that hold dates (typed the same on both backends)
DATE_COLUMNS = {"period_start", "period_end", "due_date", "as_at", "meeting_date"}


class QueryError(CouncilPlansError):
    """The query could not run; ``str`` is one line for the user."""


class QueryRefused(QueryError):
    """The query tried to change the database or touch another file."""


class QueryUsageError(QueryError):
    """The SQL was not given properly (the CLI exits 2, as for a bad option)."""


class UnsafeRole(QueryRefused):
    """The PostgreSQL role could do more than read (see :mod:`db.reader`)."""


class EmptyQuery(QueryUsageError):
    """The SQL holds no statement (only whitespace or comments)."""


REFUSED = "the database is opened read-only; refused: "

#: PRAGMAs that only describe the schema; any other PRAGMA with an argument
#: (``query_only=OFF``, ``temp_store_directory='/x'``, ``journal_mode=...``) is refused
_READING_PRAGMAS = frozenset({
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
    "collation_list", "function_list", "module_list", "pragma_list", "database_list",
    "compile_options"})
#: SQL functions that load code or reach the file system
_FILE_FUNCTIONS = frozenset({"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"})


def _sqlite_authorizer(refusals: list[str]):  # -> sqlite3 authorizer callback
    """An authorizer that denies what could create or change a file other
    than through the read-only main database, noting why in ``refusals``.

    ``VACUUM INTO 'x.db'`` and ``VACUUM`` reach the authorizer as an ATTACH of
    their target, so refusing ATTACH stops them before any file is made.
    """
    def authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None,
                  _trigger: str | None) -> int:
        reason = None
        if action == sqlite3.SQLITE_ATTACH:
            reason = (f"ATTACH / VACUUM would open or create the file {arg1!r}" if arg1
                      else "VACUUM rewrites the database file")
        elif action == sqlite3.SQLITE_DETACH:
            reason = "DETACH changes the connection"
        elif action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in _FILE_FUNCTIONS:
            reason = f"{arg2}() loads code or touches files"
        elif action == sqlite3.SQLITE_PRAGMA and arg2 is not None \
                and (arg1 or "").lower() not in _READING_PRAGMAS:
            reason = f"PRAGMA {arg1} = {arg2} changes a setting"
        if reason is None:
            return sqlite3.SQLITE_OK
        refusals.append(reason)
        return sqlite3.SQLITE_DENY

    return authorize


def readonly_engine(url: str | None = None) -> Engine:
    """Engine that cannot write, for ``url`` (default as :func:`db.engine.get_engine`).

    A SQLite connection carries :func:`_sqlite_authorizer`; its refusals are
    listed on ``conn.refusals`` (see :func:`run_query`).
    """
    full = parse_url(url)
    if full.get_backend_name() == "sqlite":
        database = full.database
        problem = sqlite_path_problem(database)
        if problem is not None:
            raise problem
        assert database, "sqlite_path_problem refuses a missing or empty file name"
        uri = f"file:{quote(str(Path(database).resolve()))}?mode=ro"

        def connect() -> sqlite3.Connection:
            conn = _GuardedConnection(uri, uri=True, check_same_thread=False)
            conn.execute("PRAGMA query_only=ON")
            conn.set_authorizer(_sqlite_authorizer(conn.refusals))
            return conn

        return explain_failures(create_engine("sqlite://", creator=connect), full)
    from council_plans.db.engine import checked_engine

    return checked_engine(full, connect_args={"options": "-c default_transaction_read_only=on"})


class _GuardedConnection(sqlite3.Connection):
    """A sqlite3 connection that remembers why its authorizer said no."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refusals: list[str] = []


def _is_write_refusal(exc: BaseException) -> bool:
    sqlstate = getattr(exc, "sqlstate", None)
    return sqlstate == "25006" or "readonly database" in str(exc) or "read-only" in str(exc)


def _plain(value: Any) -> Any:
    value = decode_value(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def run_query(sql: str, url: str | None = None, *,
              role_check: bool = False) -> tuple[list[str], list[tuple]]:
    """Run one read-only statement; return column names and rows.

    Raises :class:`EmptyQuery` for SQL with no statement (only comments),
    :class:`QueryRefused` for writes and file access, :class:`UnsafeRole` with
    ``role_check`` on PostgreSQL when the role could do more than read (what
    ``plans query`` and ``plans export`` ask for: SQL text from a user cannot
    be made safe for such a role), :class:`QueryError` otherwise, and
    :class:`db.errors.DatabaseUnavailable` when the database cannot be opened.
    """
    if is_empty(sql):
        raise EmptyQuery("no SQL statement given (only whitespace or comments)")
    engine = readonly_engine(url)
    try:
        if engine.dialect.name == "postgresql":
            refusal = postgres_refusal(sql)
            if refusal:
                raise QueryRefused(REFUSED + refusal)
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None, "a connection in use holds its DB-API connection"
            cur = raw.cursor()
            try:
                if engine.dialect.name == "postgresql" and role_check:
                    _refuse_unsafe_role(cur)
                return _execute(parse_url(url), raw, cur, sql)
            finally:
                cur.close()
                raw.rollback()
    finally:
        engine.dispose()


def _refuse_unsafe_role(cur: Any) -> None:
    reason = unsafe_role_reason(cur)
    if reason:
        raise UnsafeRole(f"{reason}, so SQL run as it could change the server whatever the "
                         f"text says; connect as a read-only role (plans db create makes "
                         f"{DEFAULT_READER}) or pass --allow-unsafe-role")


def _execute(target: URL, raw: Any, cur: Any, sql: str) -> tuple[list[str], list[tuple]]:
    """Execute on the DB-API cursor; every driver error becomes one line."""
    try:
        if target.get_backend_name() == "postgresql":
            cur.execute("SET TRANSACTION READ ONLY")
            cur.execute(sql, prepare=True)  # one statement only
        else:
            cur.execute(sql)
        cols = [d[0] for d in cur.description or []]
        rows = [tuple(_plain(v) for v in row) for row in cur.fetchall()] if cols else []
        return cols, rows
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        unavailable = classify(target, exc, connecting=False)
        if unavailable is not None:  # e.g. the file is no SQLite database
            raise unavailable from None
        refusals = getattr(raw, "refusals", None)
        if refusals:
            reason = refusals[-1]
            refusals.clear()
            raise QueryRefused(REFUSED + reason) from None
        if "multiple commands" in first or "one statement at a time" in first:
            raise QueryError("query failed: give one SQL statement at a time") from None
        if _is_write_refusal(exc):
            raise QueryRefused(REFUSED + first) from None
        raise QueryError(f"query failed: {first}") from None


def _as_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


def action_items(url: str | None = None, *,
                 role_check: bool = False) -> tuple[list[str], list[tuple]]:
    """Every row of the ``action_items`` view in document order, dates as ``date``."""
    cols, rows = run_query("SELECT * FROM action_items ORDER BY document_id, position", url,
                           role_check=role_check)
    dates = [i for i, c in enumerate(cols) if c in DATE_COLUMNS]
    fixed = []
    for row in rows:
        cells = list(row)
        for i in dates:
            cells[i] = _as_date(cells[i])
        fixed.append(tuple(cells))
    return cols, fixed


def read_sql(sql: str | None, path: str | None, stdin: TextIO) -> str:
    """The SQL of ``plans query``: the argument, ``-`` for standard input, or
    the file at ``path`` (``-f``; ``-`` is standard input too)."""
    if sql is not None and path is not None:
        raise QueryUsageError("give the SQL as an argument or with -f FILE, not both")
    if path is None and sql is None:
        raise QueryUsageError("no SQL given: plans query 'SELECT ...', plans query -f FILE "
                         "or plans query - (standard input)")
    if path is None and sql is not None and sql != "-":
        return sql
    if not path or path == "-":
        return stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryUsageError(f"{path}: cannot read SQL: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise QueryUsageError(f"{path}: cannot read SQL: not UTF-8 text") from None
