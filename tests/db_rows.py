"""Every row of a database in a form two runs can be compared by.

Surrogate ids differ between a local run (documents stored in submission
order) and a cluster run (stored as tasks finish), so each foreign key is
replaced by the natural key of the row it points at: a document by its
sha256, an authority by its name, a person by (authority, name), an
extracted row by (its document's sha256, its rank among that document's rows
of the table) - a document's rows are written in one fixed order whatever
process writes them. Timestamps and ``ingest_error.attempts`` (how many
times a failure was seen: a task re-run after a worker loss sees it twice)
are left out.
"""
from __future__ import annotations

from sqlalchemy import DateTime, select

from council_plans.db.engine import get_engine
from council_plans.schema.models import (EXTRACTED_TABLES, Authority, AuthorityAlias, Document,
                                         IngestError, Person)

SKIP = {("ingest_error", "attempts")}


def canonical_rows(url: str) -> dict[str, list[tuple]]:
    """table name -> sorted rows with ids replaced by natural keys."""
    engine = get_engine(url)
    try:
        with engine.connect() as conn:
            keys = _natural_keys(conn)
            out = {}
            for model in (Authority, AuthorityAlias, Document, Person, IngestError,
                          *EXTRACTED_TABLES):
                table = model.__table__
                rows = [_row(table, r, keys) for r in conn.execute(select(table))]
                out[table.name] = sorted(rows, key=repr)
            return out
    finally:
        engine.dispose()


def _natural_keys(conn) -> dict[str, dict[int, object]]:
    keys: dict[str, dict[int, object]] = {
        "authority": dict(conn.execute(select(Authority.id, Authority.name)).all()),
        "document": dict(conn.execute(select(Document.id, Document.sha256)).all()),
    }
    keys["person"] = {pid: (keys["authority"].get(scope), name) for pid, scope, name in
                      conn.execute(select(Person.id, Person.scope, Person.name))}
    for model in EXTRACTED_TABLES:
        ranks: dict[int, int] = {}
        table_keys = {}
        for rid, doc in conn.execute(select(model.id, model.document_id).order_by(model.id)):
            ranks[doc] = ranks.get(doc, 0) + 1
            table_keys[rid] = (keys["document"][doc], ranks[doc])
        keys[model.__tablename__] = table_keys
    return keys


def _row(table, row, keys: dict[str, dict[int, object]]) -> tuple:
    values = []
    for col in table.columns:
        if col.primary_key or isinstance(col.type, DateTime) or (table.name, col.name) in SKIP:
            continue
        value = row._mapping[col.name]
        if table.name == "person" and col.name == "scope":
            value = keys["authority"].get(value)
        for fk in col.foreign_keys:
            if value is not None:
                value = keys[fk.column.table.name][value]
        values.append((col.name, value))
    return tuple(values)
