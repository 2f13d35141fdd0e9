"""Read-only SQL for analysts (``plans query``, ``plans export``).

The database is opened read-only by the database itself, not by inspecting
the SQL: SQLite through a ``mode=ro`` URI plus ``PRAGMA query_only``;
PostgreSQL with ``default_transaction_read_only`` and ``SET TRANSACTION READ
ONLY``, one statement per call (a prepared statement cannot hold two) and the
transaction rolled back afterwards. A write is refused with
:class:`QueryRefused`. On a shared PostgreSQL server, give analysts a role
with SELECT rights only as well.

Text comes back exactly as it was stored (see :mod:`schema.text`).
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from council_plans.schema.text import decode_value

from council_plans.db.engine import resolve_url

#: columns of ``action_items`` that hold dates (typed the same on both backends)
DATE_COLUMNS = {"period_start", "period_end", "due_date", "as_at", "meeting_date"}


class QueryError(Exception):
    """The query could not run; ``str`` is one line for the user."""


class QueryRefused(QueryError):
    """The query tried to change the database."""


def readonly_engine(url: str | None = None) -> Engine:
    """Engine that cannot write, for ``url`` (default as :func:`db.engine.get_engine`)."""
    full = make_url(resolve_url(url))
    if full.get_backend_name() == "sqlite":
        path = full.database
        if not path or path == ":memory:" or not Path(path).is_file():
            raise QueryError(f"{path or ':memory:'}: no such database file")
        uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"

        def connect() -> sqlite3.Connection:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            conn.execute("PRAGMA query_only=ON")
            return conn

        return create_engine("sqlite://", creator=connect)
    return create_engine(full, connect_args={"options": "-c default_transaction_read_only=on"})


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


def run_query(sql: str, url: str | None = None) -> tuple[list[str], list[tuple]]:
    """Run one read-only statement; return column names and rows."""
    engine = readonly_engine(url)
    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            cur = raw.cursor()
            try:
                if engine.dialect.name == "postgresql":
                    cur.execute("SET TRANSACTION READ ONLY")
                    cur.execute(sql, prepare=True)  # one statement only
                else:
                    cur.execute(sql)
                cols = [d[0] for d in cur.description or []]
                rows = [tuple(_plain(v) for v in row) for row in cur.fetchall()] if cols else []
            except Exception as exc:  # noqa: BLE001 - every driver error becomes one line
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                if "multiple commands" in first or "one statement at a time" in first:
                    raise QueryError("query failed: give one SQL statement at a time") from None
                if _is_write_refusal(exc):
                    raise QueryRefused(f"the database is opened read-only; refused: {first}") from None
                raise QueryError(f"query failed: {first}") from None
            finally:
                cur.close()
                raw.rollback()
    finally:
        engine.dispose()
    return cols, rows


def _as_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


def action_items(url: str | None = None) -> tuple[list[str], list[tuple]]:
    """Every row of the ``action_items`` view in document order, dates as ``date``."""
    cols, rows = run_query("SELECT * FROM action_items ORDER BY document_id, position", url)
    dates = [i for i, c in enumerate(cols) if c in DATE_COLUMNS]
    fixed = []
    for row in rows:
        row = list(row)
        for i in dates:
            row[i] = _as_date(row[i])
        fixed.append(tuple(row))
    return cols, fixed
