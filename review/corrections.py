"""Corrections a person makes: set an item's field, drop an item that is not
an action, give a table's column a role. Each is a ``correction`` row (what,
old value, new value, who, when, why) keyed by the document's sha256, and
the document is read again at once from the file it was imported from so the
database shows the fix; when that file is gone the fix waits for the next
``plans ingest --force`` of the same bytes. ``plans fix`` is a thin wrapper.
"""
from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from council_plans.db.corrections import FIXABLE, review_settings
from council_plans.db.engine import session_scope
from council_plans.db.manage import find_documents
from council_plans.compare.lifecycle import store_document
from council_plans.parsers import extract
from council_plans.parsers.settings import ExtractSettings
from council_plans.parsers.columns.overrides import check_role, column_number
from council_plans.schema.models import Action, Authority, Document, Milestone, PlanTable, ProgressUpdate, Section
from council_plans.schema.errors import CouncilPlansError
from council_plans.schema.items import SourceMeta
from council_plans.schema.review import DROP, ROLE, VALUE, Correction


class CorrectionError(CouncilPlansError):
    """A fix that cannot be made (unknown item, field, table, column or role);
    ``str`` is one line for the user."""


@dataclass(frozen=True)
class FixResult:
    """What a fix recorded and whether the database already shows it."""

    corrections: list[int]  # ids of the correction rows written
    document_id: int
    reread: bool  # the document was read again and its rows replaced
    message: str
    #: an item fix: the item's id now (a re-read gives every row of the document a new id;
    #: ``item_key`` stays), None when the item was dropped or not re-read
    item_id: int | None = None


def who(author: str | None) -> str:
    """The person to record: given, else $PLANS_USER, else the login name."""
    return author or os.environ.get("PLANS_USER") or getpass.getuser()


def _current(session: Session, milestone: Milestone, field: str) -> str | None:
    """The value ``action_items`` shows for ``field`` of this item now."""
    action = session.get(Action, milestone.action_id)
    assert action is not None  # a milestone's action goes only with it (ON DELETE CASCADE)
    if field in ("ref", "action"):
        return getattr(action, "ref" if field == "ref" else "text")
    if field == "section":
        section = session.get(Section, action.section_id) if action.section_id else None
        return section.name if section else None
    if field in ("progress", "rag"):
        pu = session.scalar(select(ProgressUpdate).where(ProgressUpdate.milestone_id == milestone.id))
        return getattr(pu, field) if pu else None
    column = {"milestone": "text", "lead": "lead_raw"}.get(field, field)
    value = getattr(milestone, column)
    return value.isoformat() if hasattr(value, "isoformat") else value


def fix_item(engine: Engine, item_id: int, values: Mapping[str, str | None] | None = None, *,
             drop: bool = False, author: str | None = None, reason: str | None = None) -> FixResult:
    """Set fields of one item (``action_items.item_id``) or drop it as not an action."""
    values = dict(values or {})
    unknown = sorted(set(values) - set(FIXABLE))
    if unknown:
        raise CorrectionError(f"cannot set {', '.join(unknown)}; fields: {', '.join(FIXABLE)}")
    if not values and not drop:
        raise CorrectionError("nothing to fix: give --set FIELD=VALUE or --drop")
    with session_scope(engine) as session:
        milestone = session.get(Milestone, item_id)
        if milestone is None or not milestone.item_key:
            raise CorrectionError(f"item {item_id}: no such item (see plans review or action_items)")
        doc = session.get(Document, milestone.document_id)
        action = session.get(Action, milestone.action_id)
        assert doc is not None and action is not None  # a milestone goes with both (CASCADE)
        base = dict(document_sha256=doc.sha256, item_key=milestone.item_key, author=who(author),
                    reason=reason, parser_version=milestone.parser_version, applied=0,
                    item_label=(f"ref {action.ref}: " if action.ref else "") + action.text[:60])
        rows = [Correction(kind=VALUE, field=f, old_value=_current(session, milestone, f),
                           extracted_value=_current(session, milestone, f), new_value=v, **base)
                for f, v in values.items()]
        if drop:
            rows.append(Correction(kind=DROP, field="action", old_value=action.text, **base))
        session.add_all(rows)
        session.flush()
        ids, doc_id, key = [r.id for r in rows], doc.id, milestone.item_key
    return _finish(engine, doc_id, ids, key)


def fix_table(engine: Engine, doc_ref: str, page: int, table: int, roles: Mapping[str, str], *,
              author: str | None = None, reason: str | None = None) -> FixResult:
    """Give columns of one table (``table``-th on ``page``) the roles named."""
    if not roles:
        raise CorrectionError("nothing to fix: give --role COLUMN=ROLE")
    with session_scope(engine) as session:
        doc, reading = table_reading(session, doc_ref, page, table)
        headers, current = json.loads(reading.headers), json.loads(reading.roles)
        rows = []
        for column, role in roles.items():
            try:
                k, role = column_number(column, headers), check_role(role)
            except ValueError as exc:
                raise CorrectionError(str(exc)) from None
            rows.append(Correction(
                document_sha256=doc.sha256, kind=ROLE, page=page, table_index=table,
                field=headers[k] or str(k + 1), old_value=current[k], new_value=role,
                extracted_value=current[k], author=who(author), reason=reason, applied=0,
                parser_version=reading.parser_version, item_label=f"column {k + 1}"))
        session.add_all(rows)
        session.flush()
        ids, doc_id = [r.id for r in rows], doc.id
    return _finish(engine, doc_id, ids)


def undo(engine: Engine, correction_id: int) -> FixResult:
    """Withdraw a correction (the row goes) and read its document again."""
    with session_scope(engine) as session:
        row = session.get(Correction, correction_id)
        if row is None:
            raise CorrectionError(f"correction {correction_id}: no such correction "
                                  "(see the correction_history view)")
        doc_id = session.scalar(select(Document.id).where(Document.sha256 == row.document_sha256))
        session.delete(row)
    if doc_id is None:
        return FixResult([correction_id], 0, False, "withdrawn (its document is not imported)")
    done = _finish(engine, doc_id, [correction_id])
    return replace(done, message=done.message.replace("saved", "withdrawn", 1))


def table_reading(session: Session, doc_ref: str, page: int, table: int) -> tuple[Document, PlanTable]:
    """The document ``doc_ref`` names and its table ``table`` on ``page``."""
    from council_plans.db.manage import UnknownDocument

    try:
        doc = find_documents(session, [doc_ref])[0]
    except UnknownDocument as exc:
        raise CorrectionError(str(exc)) from None
    reading = session.scalar(select(PlanTable).where(
        PlanTable.document_id == doc.id, PlanTable.page_first == page, PlanTable.page_index == table))
    if reading is None:
        known = session.execute(select(PlanTable.page_first, PlanTable.page_index)
                                .where(PlanTable.document_id == doc.id)
                                .order_by(PlanTable.position)).all()
        shown = ", ".join(f"page {p} table {k}" for p, k in known[:12]) or "none"
        raise CorrectionError(f"{doc.file_name}: no plan table {table} on page {page} "
                              f"(tables read: {shown})")
    return doc, reading


def _finish(engine: Engine, doc_id: int, ids: list[int], item_key: str | None = None) -> FixResult:
    """Read the document again so the database shows the fix."""
    try:
        reread(engine, doc_id)
    except (OSError, ValueError) as exc:
        return FixResult(ids, doc_id, False, f"saved; applies at the next plans ingest --force "
                                             f"of this document ({exc})")
    if item_key is None:
        return FixResult(ids, doc_id, True, "saved and applied")
    with engine.connect() as conn:
        now = conn.scalar(select(Milestone.id).where(Milestone.document_id == doc_id,
                                                     Milestone.item_key == item_key))
    where = f"item {now} now" if now is not None else "item left out"
    return FixResult(ids, doc_id, True, f"saved and applied ({where})", now)


def reread(engine: Engine, doc_id: int) -> int:
    """Parse the document again from the file it was imported from, with every
    correction and profile, and replace its rows in one transaction; returns
    the number of items. Raises OSError when the file is gone or changed."""
    with Session(engine) as session:
        doc = session.get(Document, doc_id)
        if doc is None:
            raise FileNotFoundError(f"document {doc_id}: no such document")
        path = Path(doc.source_path or "")
        if not doc.source_path or not path.is_file():
            raise FileNotFoundError(f"{doc.file_name}: source PDF not found at {doc.source_path}")
        authority = session.scalar(select(Authority.name).where(Authority.id == doc.authority_id))
        meta = SourceMeta(file_name=doc.file_name, source_path=doc.source_path,
                          source_url=doc.source_url, authority=authority, committee=doc.committee,
                          meeting_id=doc.meeting_id, meeting_date=_iso(doc.meeting_date),
                          published_date=_iso(doc.published_date))
        sha = doc.sha256
    extraction = extract(path, review_settings(engine, ExtractSettings()))
    if extraction.source.sha256 != sha:
        raise ValueError(f"{path}: the file has changed since it was imported")
    with session_scope(engine) as session:
        existing = session.scalar(select(Document).where(Document.sha256 == sha))
        store_document(session, extraction, meta, existing)  # series re-linked as for --force
    return len(extraction.items)


def _iso(value: object) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else None


__all__ = ["CorrectionError", "FixResult", "fix_item", "fix_table", "reread", "table_reading", "undo",
           "who"]
