"""Looking after what was imported: list, show, errors, remove, create.

Behind ``plans documents``, ``plans show``, ``plans errors``, ``plans remove``
and ``plans db create`` (which also makes the read-only role, :mod:`db.reader`).
Listings return ``(columns, rows)`` for :func:`ingest.export.render`, so they
print as a table, CSV or JSON like ``plans query``.

A document is named (``DOC``) by its id, a sha256 prefix of at least six hex
digits, its file name, or the path it was imported from.
:func:`remove_documents` deletes ``document`` rows in one transaction; the
foreign keys (``ON DELETE CASCADE``, migration ``0003_cascade``) take every
extracted row with them on SQLite and PostgreSQL alike, and people that only
the removed documents named go too.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable, Sequence

from sqlalchemy import Engine, delete, select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from council_plans.db.engine import checked_engine, ensure_schema, get_engine, parse_url, \
    session_scope
from council_plans.db.errors import shown
from council_plans.db.reader import grant_reader
from council_plans.db.store import drop_unnamed_people, people_named_by
from council_plans.schema.models import Authority, Document, IngestError, Plan
from council_plans.schema.errors import CouncilPlansError

Table = tuple[list[str], list[tuple]]

_SHA_PREFIX = re.compile(r"[0-9a-f]{6,64}")


class UnknownDocument(CouncilPlansError):
    """A ``DOC`` argument names no document, or several; ``str`` is one line."""


@dataclass(frozen=True)
class Removed:
    """A document :func:`remove_documents` deleted."""

    id: int
    file_name: str
    items: int


def find_documents(session: Session, refs: Sequence[str]) -> list[Document]:
    """The documents ``refs`` name, in order, each once; :class:`UnknownDocument`
    if any names none or several."""
    found: dict[int, Document] = {}
    for ref in refs:
        ref = ref.strip()
        if ref.isdigit():
            where = Document.id == int(ref)
        elif _SHA_PREFIX.fullmatch(ref.lower()):
            where = Document.sha256.startswith(ref.lower())
        else:
            where = (Document.file_name == ref) | (Document.source_path == os.path.abspath(ref))
        docs = list(session.scalars(select(Document).where(where).order_by(Document.id)))
        if not docs:
            raise UnknownDocument(f"{ref}: no such document (see plans documents)")
        if len(docs) > 1:
            ids = ", ".join(str(d.id) for d in docs)
            raise UnknownDocument(f"{ref}: names {len(docs)} documents (ids {ids}); give an id")
        found.setdefault(docs[0].id, docs[0])
    return list(found.values())


def list_documents(engine: Engine) -> Table:
    """One row per imported document, oldest first."""
    stmt = (select(Document.id, Document.file_name, Authority.name, Plan.title, Plan.as_at,
                   Document.item_count, Document.imported_at)
            .outerjoin(Authority, Authority.id == Document.authority_id)
            .outerjoin(Plan, Plan.document_id == Document.id)
            .order_by(Document.id))
    with engine.connect() as conn:
        rows = [(*r[:6], _minute(r[6])) for r in conn.execute(stmt)]
    return ["id", "file", "authority", "plan", "as_at", "items", "imported"], rows


def document_items(engine: Engine, ref: str) -> tuple[Document, Table]:
    """The document ``ref`` names and its items in document order."""
    with session_scope(engine) as session:
        doc = find_documents(session, [ref])[0]
        result = session.execute(text(
            "SELECT position, section, ref, action, milestone, due_date, lead, rag, "
            "page_first AS page FROM action_items WHERE document_id = :doc ORDER BY position"),
            {"doc": doc.id})
        cols, rows = list(result.keys()), [tuple(r) for r in result]
    return doc, (cols, rows)


def list_errors(engine: Engine) -> Table:
    """The ``ingest_error`` rows, newest first."""
    stmt = (select(IngestError.id, IngestError.file_name, IngestError.stage,
                   IngestError.error_class, IngestError.message, IngestError.attempts,
                   IngestError.last_seen_at)
            .order_by(IngestError.last_seen_at.desc(), IngestError.id.desc()))
    with engine.connect() as conn:
        rows = [(*r[:6], _minute(r[6])) for r in conn.execute(stmt)]
    return ["id", "file", "stage", "class", "message", "attempts", "last_seen"], rows


def remove_documents(engine: Engine, refs: Sequence[str],
                     before_delete: Callable[[Session, int], None]) -> list[Removed]:
    """Delete the documents ``refs`` name and everything extracted from them,
    all in one transaction: if any ``ref`` is unknown nothing is removed.
    ``before_delete(session, doc_id)`` runs first for each (the comparison layer
    takes the document out of its series there)."""
    with session_scope(engine) as session:
        docs = find_documents(session, refs)
        ids = [d.id for d in docs]
        removed = [Removed(d.id, d.file_name, d.item_count) for d in docs]
        for doc_id in ids:
            before_delete(session, doc_id)
        named = people_named_by(session, ids)
        session.expunge_all()
        session.execute(delete(Document).where(Document.id.in_(ids)))  # the rest cascades
        drop_unnamed_people(session, named)
    return removed


def create_database(url: str | None = None) -> tuple[bool, Engine]:
    """Create the database ``url`` names if it does not exist (a PostgreSQL
    database on its server; a SQLite file and its directory) and bring its
    schema up to date. Returns (created, engine)."""
    full = parse_url(url)
    created = False
    if full.get_backend_name() == "postgresql":
        created = _create_postgres_database(full)
    elif full.get_backend_name() == "sqlite" and full.database not in (None, "", ":memory:"):
        path = os.path.abspath(full.database)
        created = not os.path.exists(path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
    engine = get_engine(url)
    ensure_schema(engine)
    return created, engine


def _create_postgres_database(full: URL) -> bool:
    """CREATE DATABASE on the server, through its ``postgres`` database."""
    from council_plans.db.server import create_database as create_on_server

    name = full.database or full.username or "postgres"
    server = full.set(database="postgres")
    engine = checked_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
    finally:
        engine.dispose()
    if exists:
        return False
    create_on_server(server.render_as_string(hide_password=False), name)
    return True


def make_reader(engine: Engine, role: str) -> str:
    """Give the PostgreSQL login role ``role`` SELECT on our tables only
    (:func:`db.reader.grant_reader`); one line saying what was done, or why not."""
    from sqlalchemy.exc import DBAPIError

    url = engine.url.set(username=role, password=None).render_as_string(hide_password=True)
    try:
        with engine.begin() as conn:
            created = grant_reader(conn, role)
    except DBAPIError as exc:
        first = (str(exc.orig).strip().splitlines() or ["?"])[0]
        return f"reader role {role} not set up: {first}"
    state = "created" if created else "updated"
    return f"reader role {role} {state} (SELECT only): plans query --db {url}"


def describe_database(engine: Engine) -> str:
    """The database for messages: URL without password."""
    return shown(engine.url)


def _minute(value: object) -> object:
    """A timestamp to the minute, as text (what a listing needs)."""
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else value
