"""User control over plan series: list, merge, split, rebuild (``plans series``).

Merging and splitting pin the documents involved, so ``rebuild`` (and later
imports) keep the user's grouping; both re-link the series they touch.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select, update

from council_plans.db.engine import ensure_schema, session_scope
from council_plans.db.labels import backfill
from council_plans.compare.series import SeriesError, clear_tracking, rebuild, refresh_series
from council_plans.compare.stable_ids import drop_unclaimed_tracks
from council_plans.schema.models import Authority, Document
from council_plans.schema.series import ActionTrack, PlanSeries, SeriesDocument, SeriesVersion


def list_series(engine: Engine) -> list[dict[str, Any]]:
    """One dict per series: id, authority, title, period, versions, documents, latest, pinned."""
    ensure_schema(engine)
    with session_scope(engine) as s:
        versions = dict(s.execute(select(SeriesVersion.series_id, func.count())
                                  .group_by(SeriesVersion.series_id)).all())
        latest = dict(s.execute(select(SeriesVersion.series_id, func.max(SeriesVersion.version_date))
                                .group_by(SeriesVersion.series_id)).all())
        docs = dict(s.execute(select(SeriesDocument.series_id, func.count())
                              .group_by(SeriesDocument.series_id)).all())
        rows = s.execute(select(PlanSeries, Authority.name)
                         .outerjoin(Authority, Authority.id == PlanSeries.authority_id)
                         .order_by(PlanSeries.id)).all()
        return [{"series_id": p.id, "authority": name, "plan_title": p.title, "period": p.period,
                 "versions": versions.get(p.id, 0), "documents": docs.get(p.id, 0),
                 "latest_as_at": latest.get(p.id), "pinned": bool(p.pinned)} for p, name in rows]


def _series(session, series_id: int) -> PlanSeries:
    found = session.get(PlanSeries, series_id)
    if found is None:
        raise SeriesError(f"no series {series_id}")
    return found


def merge_series(engine: Engine, target_id: int, other_ids: list[int]) -> int:
    """Move every document of ``other_ids`` into ``target_id``; returns documents moved."""
    if target_id in other_ids:
        raise SeriesError(f"series {target_id} cannot be merged into itself")
    ensure_schema(engine)
    with session_scope(engine) as s:
        target = _series(s, target_id)
        others = [_series(s, i) for i in dict.fromkeys(other_ids)]
        moved = 0
        for other in others:
            clear_tracking(s, other.id)
            s.execute(update(ActionTrack).where(ActionTrack.series_id == other.id)
                      .values(series_id=target.id))  # re-linking may keep them (stable ids)
            for member in s.scalars(select(SeriesDocument)
                                    .where(SeriesDocument.series_id == other.id)):
                member.series_id, member.pinned = target.id, True
                moved += 1
            s.flush()
            s.delete(other)
        for member in s.scalars(select(SeriesDocument).where(SeriesDocument.series_id == target.id)):
            member.pinned = True
        target.pinned = True
        s.flush()
        refresh_series(s, target.id, full=True)
        drop_unclaimed_tracks(s)
        return moved


def split_series(engine: Engine, series_id: int, document_ids: list[int]) -> int:
    """Move ``document_ids`` out of ``series_id`` into a new series; returns its id."""
    ensure_schema(engine)
    with session_scope(engine) as s:
        old = _series(s, series_id)
        members = {m.document_id: m for m in s.scalars(
            select(SeriesDocument).where(SeriesDocument.series_id == series_id))}
        missing = sorted(set(document_ids) - set(members))
        if missing:
            raise SeriesError(f"document(s) {', '.join(map(str, missing))} not in series {series_id}")
        if set(members) <= set(document_ids):
            raise SeriesError(f"splitting every document out of series {series_id} changes nothing")
        new = PlanSeries(authority_id=old.authority_id, title=old.title, title_key=old.title_key,
                         period=old.period, pinned=True)
        s.add(new)
        s.flush()
        clear_tracking(s, series_id)
        for doc_id, member in members.items():
            member.pinned = True
            if doc_id in document_ids:
                member.series_id = new.id
        old.pinned = True
        s.flush()
        refresh_series(s, series_id, full=True)
        refresh_series(s, new.id, full=True)
        drop_unclaimed_tracks(s)
        return new.id


def rebuild_series(engine: Engine) -> int:
    """Recompute every series and track (pinned groupings kept) and fill missing
    codes, themes and role levels; returns the series count."""
    ensure_schema(engine)
    with session_scope(engine) as s:
        backfill(s)
        return rebuild(s)


def document_ids(engine: Engine, names: list[str]) -> list[int]:
    """Document ids from ids or file names (a name must name exactly one document)."""
    out = []
    with session_scope(engine) as s:
        for name in names:
            if name.isdigit():
                out.append(int(name))
                continue
            found = list(s.scalars(select(Document.id).where(Document.file_name == name)))
            if len(found) != 1:
                raise SeriesError(f"{name}: {'no' if not found else len(found)} documents "
                                  "with that file name")
            out.append(found[0])
    return out
