"""Writing one parsed document into the normalised store.

:func:`store_extraction` runs inside the caller's transaction and writes every
row of a document (or, on any error, lets the caller roll all of them back);
:func:`delete_document_rows` removes exactly one document's extracted rows
for ``--force``; :func:`record_error` keeps a failure in ``ingest_error``
and :func:`clear_errors` forgets it once the file imports.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable

from sqlalchemy import Engine, Insert, delete, insert, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from council_plans.schema.items import ActionItem, Box, DocumentInfo, Extraction, SourceMeta
from council_plans.schema.models import (EXTRACTED_TABLES, Action, Authority, AuthorityAlias, CellBox, Document,
                           ExtraField, IngestError, Lead, Milestone, Person, Plan, ProgressUpdate,
                           Section, utcnow)

from council_plans.db.corrections import apply_corrections, item_keys, write_tables
from council_plans.db.engine import session_scope
from council_plans.db.names import canonical_authority, person_names
from council_plans.db.labels import label_authority
from council_plans.parsers.values.taxonomy import role_level, section_theme


def iso_date(value: str | dt.date | None) -> dt.date | None:
    """``date`` from an ISO string; anything unreadable is ``None`` (never fatal)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _upsert_ignore(session: Session, table: Any, rows: list[dict], keys: list[str]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike, so two
    writers creating the same authority or person never fail each other."""
    if not rows:
        return
    statement: Insert
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert
        statement = postgresql_insert(table).on_conflict_do_nothing(index_elements=keys)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        statement = sqlite_insert(table).on_conflict_do_nothing(index_elements=keys)
    session.execute(statement, rows)


def authority_id(session: Session, spellings: Iterable[str | None]) -> int | None:
    """Id of the authority the first spelling names (created if new); every
    spelling is recorded as an alias of it."""
    names = [s.strip() for s in spellings if s and s.strip()]
    if not names:
        return None
    canonical = canonical_authority(names[0])
    _upsert_ignore(session, Authority.__table__, [{"name": canonical, "created_at": utcnow()}],
                   ["name"])
    auth_id, code = session.execute(select(Authority.id, Authority.code)
                                    .where(Authority.name == canonical)).one()
    if code is None:
        label_authority(session, auth_id, canonical)
    aliases = [{"authority_id": auth_id, "alias": a} for a in dict.fromkeys([canonical, *names])]
    _upsert_ignore(session, AuthorityAlias.__table__, aliases, ["alias"])
    return auth_id


def person_ids(session: Session, auth_id: int | None, names: set[str]) -> dict[str, int]:
    """Ids of the people ``names`` within the authority's scope (created if new)."""
    if not names:
        return {}
    scope = auth_id or 0
    _upsert_ignore(session, Person.__table__,
                   [{"scope": scope, "authority_id": auth_id, "name": n} for n in sorted(names)],
                   ["scope", "name"])
    rows = session.execute(select(Person.name, Person.id)
                           .where(Person.scope == scope, Person.name.in_(sorted(names))))
    return {name: pid for name, pid in rows}


def _prov(doc_id: int, version: str, first: int | None, last: int | None,
          boxes: Iterable[Box] = ()) -> dict[str, Any]:
    """Provenance columns: pages, and the union of the boxes printed on the first page."""
    on_first = [b for b in boxes if b.page == first]
    out: dict[str, Any] = {"document_id": doc_id, "parser_version": version,
                           "page_first": first or None, "page_last": last or first or None,
                           "bbox_x0": None, "bbox_top": None, "bbox_x1": None, "bbox_bottom": None}
    if on_first:
        out.update(bbox_x0=round(min(b.x0 for b in on_first), 2),
                   bbox_top=round(min(b.top for b in on_first), 2),
                   bbox_x1=round(max(b.x1 for b in on_first), 2),
                   bbox_bottom=round(max(b.bottom for b in on_first), 2))
    return out


def _boxes(item: ActionItem, *fields: str) -> list[Box]:
    return [b for f in fields for b in item.boxes.get(f, [])]


def _span(items: list[ActionItem]) -> tuple[int | None, int | None]:
    firsts = [i.page_first for i in items if i.page_first]
    lasts = [i.page_last or i.page_first for i in items if i.page_first]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)


def _insert_returning(session: Session, model: Any, rows: list[dict]) -> list[int]:
    """Insert ``rows`` in one batch and return their ids in the same order."""
    if not rows:
        return []
    stmt = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(session.scalars(stmt, rows))


def write_document_row(session: Session, extraction: Extraction, meta: SourceMeta,
                       existing: Document | None) -> Document:
    """Insert (or, for ``--force``, update in place) the ``document`` row."""
    info = extraction.document
    values = dict(
        sha256=extraction.source.sha256, file_name=meta.file_name, source_path=meta.source_path,
        source_url=meta.source_url, page_count=extraction.source.pages,
        size_bytes=extraction.source.size, title=info.title,
        authority_id=authority_id(session, [meta.authority or info.authority]),
        committee=meta.committee or info.committee, meeting_id=meta.meeting_id,
        meeting_date=iso_date(meta.meeting_date or info.meeting_date),
        published_date=iso_date(meta.published_date), imported_at=utcnow(),
        parser_version=extraction.parser_version, item_count=len(extraction.items),
        pages_without_text=json.dumps(extraction.pages_without_text),
        warnings=json.dumps(extraction.warnings, ensure_ascii=False))
    if existing is None:
        doc = Document(**values)
        session.add(doc)
        session.flush()
        return doc
    for key, value in values.items():
        setattr(existing, key, value)
    session.flush()
    return existing


def store_extraction(session: Session, extraction: Extraction, meta: SourceMeta,
                     existing: Document | None = None) -> Document:
    """Write a document and everything extracted from it, people's corrections
    applied (:mod:`db.corrections`); the caller commits."""
    apply_corrections(session, extraction)
    doc = write_document_row(session, extraction, meta, existing)
    write_tables(session, doc, extraction)
    if extraction.items:
        _write_plan(session, doc, extraction)
    return doc


def _write_plan(session: Session, doc: Document, ex: Extraction) -> None:
    info: DocumentInfo = ex.document
    ver, items = ex.parser_version, ex.items
    # due dates and period bounds are the parser's (parsers/values/dates.py), never recomputed here
    start, end = iso_date(info.period_start), iso_date(info.period_end)
    as_at = iso_date(info.as_at) or doc.meeting_date or doc.published_date
    plan = Plan(title=info.plan_title or info.title, period=info.period, start_date=start,
                end_date=end, version=info.version, as_at=iso_date(info.as_at),
                **_prov(doc.id, ver, *_span(items)))
    session.add(plan)
    session.flush()

    by_section: dict[str, list[ActionItem]] = {}
    by_action: dict[tuple, list[ActionItem]] = {}
    for item in items:
        if item.section:
            by_section.setdefault(item.section, []).append(item)
        by_action.setdefault((item.section, item.ref, item.action), []).append(item)

    section_ids = dict(zip(by_section, _insert_returning(session, Section, [
        {"plan_id": plan.id, "name": name, "theme": section_theme(name), "position": pos,
         **_prov(doc.id, ver, *_span(its), _boxes(its[0], "section"))}
        for pos, (name, its) in enumerate(by_section.items())])))
    action_ids = dict(zip(by_action, _insert_returning(session, Action, [
        {"plan_id": plan.id, "section_id": section_ids.get(key[0]), "ref": key[1],
         "text": key[2], "position": pos,
         **_prov(doc.id, ver, *_span(its), _boxes(its[0], "ref", "action"))}
        for pos, (key, its) in enumerate(by_action.items())])))
    item_actions = [action_ids[(i.section, i.ref, i.action)] for i in items]
    keys = item_keys(items)
    milestone_ids = _insert_returning(session, Milestone, [
        {"action_id": act, "text": i.milestone, "item_key": keys[pos], "timescale": i.timescale,
         "due_date": iso_date(i.due_date), "lead_raw": i.lead, "lead_role": role_level(i.lead),
         "success_measure": i.success_measure,
         "outcome": i.outcome, "position": pos, "table_index": i.table_index,
         **_prov(doc.id, ver, i.page_first, i.page_last, [b for v in i.boxes.values() for b in v])}
        for pos, (i, act) in enumerate(zip(items, item_actions))])
    rows = list(zip(items, item_actions, milestone_ids))
    _write_leaves(session, doc, ver, rows, as_at)


def _write_leaves(session: Session, doc: Document, ver: str,
                  rows: list[tuple[ActionItem, int, int]], as_at: dt.date | None) -> None:
    """Leads, progress updates, extra columns and cell boxes of each milestone row."""
    leads = {mid: person_names(i.lead) for i, _, mid in rows}
    people = person_ids(session, doc.authority_id, {n for ns in leads.values() for n in ns})
    lead_rows: list[dict[str, Any]] = []
    progress_rows: list[dict[str, Any]] = []
    extra_rows: list[dict[str, Any]] = []
    box_rows: list[dict[str, Any]] = []
    for item, act, mid in rows:
        pages = (item.page_first, item.page_last)
        for pos, name in enumerate(leads[mid]):
            lead_rows.append({"milestone_id": mid, "action_id": act, "person_id": people[name],
                              "position": pos, **_prov(doc.id, ver, *pages, _boxes(item, "lead"))})
        if item.progress is not None or item.rag is not None:
            progress_rows.append({"milestone_id": mid, "action_id": act, "progress": item.progress,
                                  "rag": item.rag, "as_at": as_at,
                                  **_prov(doc.id, ver, *pages, _boxes(item, "progress", "rag"))})
        for pos, (name, value) in enumerate(item.extra.items()):
            extra_rows.append({"milestone_id": mid, "name": name, "value": value, "position": pos,
                               **_prov(doc.id, ver, *pages, _boxes(item, name))})
        for field, boxes in item.boxes.items():
            box_rows.extend({"document_id": doc.id, "milestone_id": mid, "field": field,
                             **b.to_dict()} for b in boxes)
    for model, batch in ((Lead, lead_rows), (ProgressUpdate, progress_rows),
                         (ExtraField, extra_rows), (CellBox, box_rows)):
        if batch:
            session.execute(insert(model), batch)


def delete_document_rows(session: Session, doc_id: int) -> None:
    """Delete every extracted row of one document (not the document row itself),
    and the people only it named."""
    named = people_named_by(session, [doc_id])
    for model in EXTRACTED_TABLES:
        session.execute(delete(model).where(model.document_id == doc_id))
    drop_unnamed_people(session, named)


def people_named_by(session: Session, doc_ids: Iterable[int]) -> set[int]:
    """Ids of the people the lead cells of these documents name."""
    return set(session.scalars(select(Lead.person_id).where(Lead.document_id.in_(list(doc_ids)))))


def drop_unnamed_people(session: Session, person_ids: set[int]) -> None:
    """Delete those of ``person_ids`` that no lead names any more (after their
    documents' rows are gone)."""
    if person_ids:
        still = select(Lead.person_id).where(Lead.person_id.in_(person_ids))
        session.execute(delete(Person).where(Person.id.in_(person_ids), Person.id.not_in(still)))


def clear_errors(session: Session, path: str | None, sha256: str) -> None:
    """Forget earlier failures of a file that has now been imported (same path
    or same bytes), in the import's own transaction; a download has no local
    path (``None``, which no failure's path equals), so only its bytes match."""
    session.execute(delete(IngestError).where(
        (IngestError.path == path) | (IngestError.sha256 == sha256)))


def one_line(text: str) -> str:
    """Collapse a message to one line (error messages go to logs and tables)."""
    return " ".join(str(text).split()) or "(no message)"


def record_error(engine: Engine, *, path: str, file_name: str, sha256: str | None, stage: str,
                 error_class: str, message: str) -> None:
    """Keep a failure in ``ingest_error``; the same failure seen again updates
    its row (``attempts``, ``last_seen_at``) so re-running a batch adds nothing.
    On PostgreSQL a lock on the path serialises writers (cluster workers
    recording the same failure at once), so the check-then-insert cannot race."""
    message = one_line(message)
    with session_scope(engine) as s:
        if s.get_bind().dialect.name == "postgresql":  # cluster workers: one writer per path at a time
            s.execute(sql_text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": path})
        found = s.scalar(select(IngestError).where(
            IngestError.path == path, IngestError.stage == stage,
            IngestError.error_class == error_class,
            IngestError.sha256.is_(None) if sha256 is None else IngestError.sha256 == sha256))
        if found is None:
            s.add(IngestError(path=path, file_name=file_name, sha256=sha256, stage=stage,
                              error_class=error_class, message=message))
        else:
            s.execute(update(IngestError).where(IngestError.id == found.id).values(
                attempts=IngestError.attempts + 1, last_seen_at=utcnow(), message=message))
