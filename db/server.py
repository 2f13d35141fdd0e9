"""Databases on a PostgreSQL server: ``CREATE DATABASE`` / ``DROP DATABASE``
through a server connection (``plans db create``; the tests' throwaway
server in ``tests/support/pgtemp.py`` uses the same two calls)."""
from __future__ import annotations

import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def create_database(server_url: str, name: str | None = None, template: str | None = None) -> str:
    """Create a database (empty, or a copy of ``template``) on the server at
    ``server_url``; return its URL."""
    name = name or f"plans_{uuid.uuid4().hex[:12]}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    copy = f' TEMPLATE "{template}"' if template else ""
    try:
        with engine.connect() as conn:
            version = conn.dialect.server_version_info
            assert version is not None, "a PostgreSQL dialect reads the server version on connecting"
            if version >= (15,):
                copy += " STRATEGY FILE_COPY"  # far faster than WAL_LOG for small databases
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    finally:
        engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    """Drop a database made by :func:`create_database` (connections are terminated)."""
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()
