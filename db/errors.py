"""Why a database cannot be opened, as named exceptions with one-line messages.

Every command opens its database through :func:`db.engine.get_engine` (or
:func:`db.query.readonly_engine`), which turn a malformed URL, a missing
driver, a server that is not running, a database that was never created or
a SQLite file in a missing directory into a :class:`DatabaseUnavailable`
subclass. The CLI prints ``str(exc)`` as one line and exits 2, in one place
(``cli.PlansGroup``), instead of a driver traceback. The message names the
problem and the fix; passwords in URLs are never printed.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL

from council_plans.schema.errors import CouncilPlansError

POSTGRES_EXTRA = "pip install 'council-plans[postgres]'"


class DatabaseUnavailable(CouncilPlansError):
    """The database cannot be used; ``str`` is one line naming the problem and the fix."""


class BadDatabaseURL(DatabaseUnavailable):
    """``--db`` / ``$PLANS_DATABASE_URL`` is not a database URL we can use."""


class DriverMissing(DatabaseUnavailable):
    """The URL names a database whose Python driver is not installed."""


class ServerUnreachable(DatabaseUnavailable):
    """No database server answers at the URL's host and port (or socket)."""


class DatabaseMissing(DatabaseUnavailable):
    """The server answers but the named database (or SQLite file) does not exist."""


class AccessDenied(DatabaseUnavailable):
    """The server refused the user (unknown role, wrong password, no permission)."""


class NotADatabase(DatabaseUnavailable):
    """The SQLite path exists but is not a database file (or cannot be opened)."""


def shown(url: URL) -> str:
    """The URL as it may be printed: password masked, and ``postgresql://``
    as the user typed it rather than the driver we chose for it."""
    if url.drivername == "postgresql+psycopg":
        url = url.set(drivername="postgresql")
    return url.render_as_string(hide_password=True)


def bad_url(text: str) -> BadDatabaseURL:
    return BadDatabaseURL(
        f"{text!r} is not a database URL: use e.g. sqlite:///plans.db or "
        "postgresql://user@host/plans (--db or $PLANS_DATABASE_URL)")


def driver_missing(url: URL, exc: BaseException) -> DriverMissing:
    """A missing driver module (``ModuleNotFoundError``) or unknown dialect."""
    backend = url.get_backend_name()
    if backend == "postgresql":
        return DriverMissing(f"{shown(url)}: the PostgreSQL driver (psycopg) is not installed: "
                             f"install the postgres extra: {POSTGRES_EXTRA}")
    name = getattr(exc, "name", None) or str(exc)
    return DriverMissing(f"{shown(url)}: no driver for {url.drivername!r} ({name}): "
                         "use sqlite:///FILE or postgresql://user@host/db")


def sqlite_path_problem(path: str | None) -> DatabaseUnavailable | None:
    """What is wrong with ``path`` as a SQLite file to open (``None``: nothing seen)."""
    if not path or path == ":memory:":
        return DatabaseMissing("no database file given (an in-memory database holds nothing): "
                               "give --db sqlite:///FILE")
    file = Path(path)
    parent = file.parent
    if not parent.is_dir():
        return DatabaseMissing(f"{file}: directory {parent} does not exist: create it "
                               f"(mkdir -p {parent}) or choose another --db")
    if file.is_dir():
        return NotADatabase(f"{file} is a directory, not a database file: choose another --db")
    if not file.exists():
        return DatabaseMissing(f"{file}: no such database file: import papers into it "
                               "first (plans ingest ... --db) or check --db")
    if not os.access(file, os.R_OK):
        return AccessDenied(f"{file}: permission denied: check the file's permissions")
    return None


def sqlite_problem(path: str | None, exc: BaseException) -> DatabaseUnavailable | None:
    """Why SQLite failed on ``path`` (``None`` when it is not about the file)."""
    message = str(exc)
    if "unable to open database file" in message:
        return sqlite_path_problem(path) or NotADatabase(
            f"{path}: cannot be opened ({message}): check the file's and its directory's "
            "permissions")
    if "file is not a database" in message:
        return NotADatabase(f"{path} is not a SQLite database file: choose another --db")
    return None


def postgres_problem(url: URL, exc: BaseException) -> DatabaseUnavailable | None:
    """Why PostgreSQL refused a connection (``None`` when it is something else)."""
    orig = getattr(exc, "orig", None) or exc
    sqlstate = getattr(orig, "sqlstate", None)
    message = " ".join(str(orig).split())
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    db = url.database or url.username or "postgres"
    if sqlstate == "3D000" or ("database" in message and "does not exist" in message):
        return DatabaseMissing(f'database "{db}" does not exist on {where}: createdb {db} '
                               f"(or: plans db create --db {shown(url)})")
    if sqlstate in ("28P01", "28000") or "authentication failed" in message \
            or ("role" in message and "does not exist" in message):
        return AccessDenied(f"{shown(url)}: the server refused user "
                            f"{url.username or '(default)'}: {_tail(message)}")
    if any(s in message for s in ("Connection refused", "could not connect", "No such file or "
                                  "directory", "timeout expired", "failed to resolve host",
                                  "could not translate host name", "Name or service not known",
                                  "connection failed")):
        return ServerUnreachable(
            f"cannot reach PostgreSQL at {where}: is the server running (pg_ctlcluster / "
            f"systemctl start postgresql) and is {shown(url)} the right URL?")
    return None


def _tail(message: str) -> str:
    """The server's own words after the libpq preamble."""
    for marker in ("FATAL:", "ERROR:"):
        if marker in message:
            return message.split(marker, 1)[1].strip()
    return message


def classify(url: URL, exc: BaseException,
             connecting: bool = True) -> DatabaseUnavailable | None:
    """The :class:`DatabaseUnavailable` behind ``exc`` on ``url``, or ``None``.

    A PostgreSQL error is only read as such while ``connecting``: once
    connected, 'relation "x" does not exist' is the query's problem.
    """
    if isinstance(exc, DatabaseUnavailable):
        return exc
    if isinstance(exc, ModuleNotFoundError):
        return driver_missing(url, exc)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return sqlite_problem(url.database, exc)
    if backend == "postgresql" and connecting:
        return postgres_problem(url, exc)
    return None
