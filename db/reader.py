"""The PostgreSQL role analysts' SQL runs as: one that can only read our tables.

Reading SQL text cannot make it safe: a superuser's ``SELECT`` can read and
write server files through SQL hidden in a string (``ts_stat($$ ... $$)``),
open unrestricted connections (``dblink_connect_u``), create replication
slots or reset statistics, none of which a read-only transaction stops. The
safety is privilege: :func:`grant_reader` (run by ``plans db create``) makes
a login role with ``SELECT`` on the tables of our schema and nothing else, and
:func:`unsafe_role_reason` names what makes the connected role able to do
more, so ``plans query`` / ``plans export`` can refuse it (unless the user
says ``--allow-unsafe-role``). :mod:`db.sqlguard` stays as a second layer.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

#: the role ``plans db create`` makes when none is named
DEFAULT_READER = "plans_reader"

#: predefined roles whose members can touch server files, other sessions or any table's rows
RISKY_MEMBERSHIPS = ("pg_read_server_files", "pg_write_server_files",
                     "pg_execute_server_program", "pg_signal_backend", "pg_checkpoint",
                     "pg_write_all_data")

#: role attributes that reach beyond reading (each is enough to refuse)
RISKY_ATTRIBUTES = {"rolsuper": "is a superuser", "rolreplication": "may create replication slots",
                    "rolcreaterole": "may create roles and grant itself more",
                    "rolcreatedb": "may create databases"}

_ROLE_SQL = """
SELECT r.rolname, r.rolsuper, r.rolreplication, r.rolcreaterole, r.rolcreatedb,
  (SELECT string_agg(p.rolname, ', ' ORDER BY p.rolname) FROM pg_roles p
    WHERE p.rolname = ANY(%(risky)s) AND pg_has_role(current_user, p.oid, 'MEMBER')),
  (SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm')
      AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER')),
  has_schema_privilege(current_schema(), 'CREATE'),
  has_database_privilege(current_database(), 'CREATE')
FROM pg_roles r WHERE r.rolname = current_user
"""

#: functions every role may run by default that still leave a lasting trace
#: (WAL written even in a read-only transaction); :func:`grant_reader` revokes
#: them from PUBLIC in our database (a no-op warning unless run as a superuser)
PUBLIC_SIDE_EFFECTS = ("pg_logical_emit_message(boolean, text, text)",
                       "pg_logical_emit_message(boolean, text, bytea)")

#: how many table names a refusal lists before "..."
_TABLES_SHOWN = 3


def unsafe_role_reason(cursor: Any) -> str | None:
    """Why the role ``cursor`` is connected as can do more than read, or None.

    ``cursor`` is a psycopg cursor inside the transaction the query will run in.
    """
    cursor.execute(_ROLE_SQL, {"risky": list(RISKY_MEMBERSHIPS)})
    row = cursor.fetchone()
    if row is None:
        return None
    name, *attrs, members, writable, schema_create, db_create = row
    for flag, (_, why) in zip(attrs, RISKY_ATTRIBUTES.items()):
        if flag:
            return f"role {name} {why}"
    if members:
        return f"role {name} is a member of {members}"
    if writable:
        tables = writable.split(", ")
        more = ", ..." if len(tables) > _TABLES_SHOWN else ""
        return f"role {name} may write to tables ({', '.join(tables[:_TABLES_SHOWN])}{more})"
    if schema_create or db_create:
        return f"role {name} may create objects in this database"
    return None


def _ident(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def grant_reader(conn: Connection, role: str = DEFAULT_READER) -> bool:
    """Make ``role`` (a login role, no password: set one with ``ALTER ROLE``
    where the server asks for one) able to read every table and view of the
    current schema, now and those later migrations add, and nothing more
    (see ``PUBLIC_SIDE_EFFECTS``); return True if the role was created. Runs in ``conn``'s transaction on PostgreSQL."""
    quoted = _ident(conn, role)
    exists = conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    if not exists:
        conn.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB "
                             "NOCREATEROLE NOREPLICATION")
    database = _ident(conn, conn.scalar(text("SELECT current_database()")))
    schema = _ident(conn, conn.scalar(text("SELECT current_schema()")))
    for statement in (f"GRANT CONNECT ON DATABASE {database} TO {quoted}",
                      f"GRANT USAGE ON SCHEMA {schema} TO {quoted}",
                      f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {quoted}",
                      f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES "
                      f"TO {quoted}",
                      *(f"REVOKE EXECUTE ON FUNCTION pg_catalog.{f} FROM PUBLIC"
                        for f in PUBLIC_SIDE_EFFECTS)):
        conn.exec_driver_sql(statement)
    return not exists
