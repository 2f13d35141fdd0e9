"""Engines and schema upgrades.

``get_engine`` turns a URL (or ``PLANS_DATABASE_URL``, or a ``plans.db`` file
in the current directory) into an engine configured the same way everywhere;
``upgrade`` applies the Alembic migrations shipped inside this package, so it
works from an installed wheel as well as from a checkout.
"""
from __future__ import annotations

import importlib.util
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from council_plans.db.errors import bad_url, classify, driver_missing, sqlite_path_problem

ENV_URL = "PLANS_DATABASE_URL"
DEFAULT_FILE = "plans.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def resolve_url(url: str | None = None) -> str:
    """The URL to use: ``url``, else ``$PLANS_DATABASE_URL``, else ``./plans.db``.

    ``postgresql://`` and ``postgres://`` mean psycopg 3 (the driver we ship),
    not SQLAlchemy's default psycopg2.
    """
    url = url or os.environ.get(ENV_URL) or f"sqlite:///{Path.cwd() / DEFAULT_FILE}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


#: how long (ms) a SQLite connection waits for another process's lock before failing
SQLITE_BUSY_TIMEOUT_MS = 30000
#: PostgreSQL advisory lock key held while migrating, so concurrent first runs
#: take turns instead of creating the same tables twice ("plansdb" in ASCII)
SCHEMA_LOCK_KEY = 0x706C616E73_6462


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    """Foreign keys on, a busy timeout, and WAL journalling: readers (``plans
    query``, ``plans serve``) then never block the writer, nor it them."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")  # kept in the file; "memory" for :memory:
    cur.close()


def parse_url(url: str | None = None) -> URL:
    """:func:`resolve_url` parsed; a malformed one is :class:`db.errors.BadDatabaseURL`."""
    full = resolve_url(url)
    try:
        return make_url(full)
    except ArgumentError:
        raise bad_url(full) from None


def checked_engine(url: URL, **kwargs) -> Engine:
    """``create_engine`` whose failures to connect are :class:`db.errors.DatabaseUnavailable`.

    A missing driver is found here; the rest on first connect (see
    :func:`explain_failures`).
    """
    try:
        engine = create_engine(url, **kwargs)
    except (ModuleNotFoundError, NoSuchModuleError) as exc:
        raise driver_missing(url, exc) from None
    return explain_failures(engine, url)


def explain_failures(engine: Engine, url: URL) -> Engine:
    """Turn ``engine``'s connection failures on ``url`` (server down, database
    never created, SQLite file in a missing directory) into
    :class:`db.errors.DatabaseUnavailable`, through a ``handle_error`` hook,
    which also sees connections made by a ``creator`` function."""

    @event.listens_for(engine, "handle_error")
    def _unavailable(context) -> None:
        if context.is_pre_ping:
            return  # the pool recovers from a stale connection by itself
        problem = classify(url, context.original_exception, connecting=context.connection is None)
        if problem is not None:
            raise problem from None

    return engine


def get_engine(url: str | None = None, **kwargs) -> Engine:
    """Engine for ``url`` (see :func:`resolve_url`); SQLite gets foreign keys on
    and a busy timeout so a watcher and a batch can share one file."""
    full = parse_url(url)
    if full.get_backend_name() == "sqlite":
        engine = checked_engine(full, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return checked_engine(full, **kwargs)


def existing_engine(url: str | None = None) -> Engine:
    """Engine for a database that must exist already (``plans documents``,
    ``remove`` ...): a SQLite file is not created by looking at it. The schema
    is brought up to date, as ``plans ingest`` does."""
    full = parse_url(url)
    if full.get_backend_name() == "sqlite":
        problem = sqlite_path_problem(full.database)
        if problem is not None:
            raise problem
    engine = get_engine(url)
    ensure_schema(engine)
    return engine


def revision_module(file_name: str) -> ModuleType:
    """An earlier migration's module (``0001_initial.py``), for a later migration
    that rebuilds a view from that one's frozen SQL rather than copying it."""
    path = Path(__file__).with_name("migrations") / "versions" / file_name
    spec = importlib.util.spec_from_file_location(f"_plans_revision_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def alembic_config(engine: Engine | None = None):  # -> alembic.config.Config
    """Alembic configuration pointing at the migrations inside this package."""
    from alembic.config import Config

    cfg = Config(str(MIGRATIONS_DIR.parent / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False)
                            .replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` on ``engine`` (programmatic ``alembic upgrade``)."""
    _migrate(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Undo migrations down to ``revision`` (programmatic ``alembic downgrade``)."""
    _migrate(engine, "downgrade", revision)


def _migrate(engine: Engine, direction: str, revision: str) -> None:
    """Run the migrations in one transaction that only one process at a time
    holds, so a kill leaves the schema as it was and two first runs on a new
    database both succeed (the second finds the work done).

    SQLite's DDL is transactional, but Python's driver runs ``CREATE TABLE``
    outside any transaction unless one was begun explicitly: ``BEGIN
    EXCLUSIVE`` does that and takes the write lock (other writers wait their
    busy timeout). PostgreSQL takes an advisory lock for the transaction.
    """
    from alembic import command

    cfg = alembic_config(engine)
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # Rebuilding a table (batch mode) drops the old one; with foreign
            # keys on, that would delete (or cascade away) its children's rows.
            # Outside a transaction, so the PRAGMA takes effect.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            conn.exec_driver_sql("BEGIN EXCLUSIVE" if sqlite
                                 else f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK_KEY})")
            try:
                cfg.attributes["connection"] = conn
                getattr(command, direction)(cfg, revision)
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def current_revisions(engine: Engine) -> set[str]:
    """Revisions the database is at (empty for a new database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def head_revisions() -> set[str]:
    """Revisions the shipped migrations end at."""
    return set(_heads())


def ensure_schema(engine: Engine) -> None:
    """Upgrade ``engine``'s database to head unless it is there already.

    The check is one small query, so callers (a watcher ingesting one file
    at a time) can call it before every write.
    """
    if current_revisions(engine) != head_revisions():
        upgrade(engine)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any exception."""
    with sessionmaker(engine, expire_on_commit=False).begin() as session:
        yield session
