"""Plan series and tracked actions: group documents carrying the same plan,
order their versions, and follow each action through them.

Runs inside the ingest transaction right after a document's rows are written
(:func:`update_for_document`), so a document and its place in its series are
stored together or not at all; :func:`rebuild` recomputes everything (``plans
series rebuild``) and gives the same result as importing one by one.

Grouping (:func:`choose_series`): same authority and same normalised plan
title (:func:`title_key`: lower case, no years, punctuation or words such as
"progress", "update", "version") and period; failing that, an existing series
of the same authority whose latest version shares at least
:data:`OVERLAP_MIN` of the smaller version's action texts. A user's choice
(``merge``/``split``) is pinned and kept by rebuilds.

Versions: documents of a series printing identical items (same section, ref,
action, milestone, timescale, lead, progress and RAG rows:
:func:`content_hash`) are one version with several source documents; the
version is dated by the plan's "as at" date, else the meeting date, else the
publication date, and read from its earliest source. Actions are linked
between consecutive versions by :func:`db.tracking.match_actions`. Appending a
newer version links only that version; anything else (a version dated between
others, a user override) re-links the whole series, renumbering its tracks.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from council_plans.compare.stable_ids import (claim_tracks, drop_empty_series, drop_unclaimed_tracks,
                                              former_series, remember_series, remember_tracks)
from council_plans.compare.tracking import ActionRow, match_actions, norm_text
from council_plans.schema.models import Action, Document, Milestone, Plan, ProgressUpdate, Section
from council_plans.schema.series import (ActionTrack, PlanSeries, SeriesDocument, SeriesVersion,
                                         TrackedAction)
from council_plans.schema.errors import CouncilPlansError

OVERLAP_MIN = 0.6
_YEARS = re.compile(r"\b(?:19|20)\d{2}(?:\s*[/-]\s*(?:19|20)?\d{2})?\b")
_DROP_WORDS = frozenset("""the a an of and for our progress report update updated version draft final
    appendix agenda item refreshed revised quarter q1 q2 q3 q4 to on at as position v""".split())


class SeriesError(CouncilPlansError):
    """A series operation cannot be done (unknown series or document)."""


def title_key(title: str | None) -> str:
    """Plan title without years, numbers and version words, for grouping."""
    words = norm_text(_YEARS.sub(" ", (title or "").replace("’", "'").replace("'", ""))).split()
    return " ".join(w for w in words if w not in _DROP_WORDS and not w.isdigit())


def content_hash(session: Session, plan_id: int) -> str:
    """sha256 of a plan's printed rows (two packs printing one version agree)."""
    rows = session.execute(
        select(Section.name, Action.ref, Action.text, Milestone.text, Milestone.timescale,
               Milestone.lead_raw, ProgressUpdate.progress, ProgressUpdate.rag)
        .join(Action, Action.id == Milestone.action_id)
        .outerjoin(Section, Section.id == Action.section_id)
        .outerjoin(ProgressUpdate, ProgressUpdate.milestone_id == Milestone.id)
        .where(Action.plan_id == plan_id).order_by(Milestone.position)).all()
    payload = json.dumps([[norm_text(v) if isinstance(v, str) else v for v in r] for r in rows])
    return hashlib.sha256(payload.encode()).hexdigest()


def _null_eq(column, value):
    return column.is_(None) if value is None else column == value


def _action_texts(session: Session, plan_id: int) -> set[str]:
    return {norm_text(t) for t in session.scalars(select(Action.text).where(Action.plan_id == plan_id))}


def _overlap_series(session: Session, authority_id: int, plan_id: int) -> PlanSeries | None:
    mine = _action_texts(session, plan_id)
    if not mine:
        return None
    best, best_share = None, OVERLAP_MIN
    for series in session.scalars(select(PlanSeries).where(PlanSeries.authority_id == authority_id)
                                  .order_by(PlanSeries.id)):
        latest = session.scalar(select(SeriesDocument.plan_id)
                                .join(Document, Document.id == SeriesDocument.document_id)
                                .where(SeriesDocument.series_id == series.id)
                                .order_by(SeriesDocument.version_date.desc().nulls_last(),
                                          Document.sha256.desc()).limit(1))
        theirs = _action_texts(session, latest) if latest else set()
        share = len(mine & theirs) / max(1, min(len(mine), len(theirs)))
        if theirs and share >= best_share:
            best, best_share = series, share
    return best


def choose_series(session: Session, doc: Document, plan: Plan) -> PlanSeries:
    """The series ``plan`` belongs to (created when none fits)."""
    key = title_key(plan.title)
    if key:
        found = session.scalar(select(PlanSeries).where(
            _null_eq(PlanSeries.authority_id, doc.authority_id), PlanSeries.title_key == key,
            _null_eq(PlanSeries.period, plan.period)).order_by(PlanSeries.id).limit(1))
        if found:
            return found
    if doc.authority_id is not None:
        found = _overlap_series(session, doc.authority_id, plan.id)
        if found:
            return found
    series = former_series(session, doc.id)
    if series is None:
        series = PlanSeries()
        session.add(series)
    series.authority_id, series.title, series.title_key = doc.authority_id, plan.title, key
    series.period = plan.period
    session.flush()
    return series


def version_date(doc: Document, plan: Plan) -> dt.date | None:
    """as_at printed in the document, else the meeting date, else the publication date."""
    return plan.as_at or doc.meeting_date or doc.published_date


def _plan_of(session: Session, doc_id: int) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.document_id == doc_id).order_by(Plan.id).limit(1))


def update_for_document(session: Session, doc_id: int) -> int | None:
    """Place a just-stored document in its series and link its actions;
    returns the series id (None for a document without a plan). Idempotent."""
    doc = session.get(Document, doc_id)
    plan = _plan_of(session, doc_id)
    if doc is None or plan is None:
        return None
    member = session.get(SeriesDocument, doc_id) or _assign(session, doc, plan)
    refresh_series(session, member.series_id)
    drop_unclaimed_tracks(session)
    return member.series_id


def _assign(session: Session, doc: Document, plan: Plan) -> SeriesDocument:
    pinned_to = session.info.get("series_pins", {}).pop(doc.id, None)
    series_id = pinned_to or choose_series(session, doc, plan).id
    member = SeriesDocument(document_id=doc.id, series_id=series_id, plan_id=plan.id,
                            content_hash=content_hash(session, plan.id),
                            version_date=version_date(doc, plan), pinned=bool(pinned_to))
    session.add(member)
    session.flush()
    return member


def forget_document(session: Session, doc_id: int, replaced: bool = False) -> None:
    """Take a document out of its series before its rows are deleted (``--force``);
    a pinned placement is remembered for the re-import in the same session, and
    so (``replaced``) are the tracks it starts, for the re-read to claim."""
    member = session.get(SeriesDocument, doc_id)
    if member is None:
        return
    series_id = member.series_id
    if member.pinned:
        session.info.setdefault("series_pins", {})[doc_id] = series_id
    clear_tracking(session, series_id)
    session.delete(member)
    session.flush()
    refresh_series(session, series_id)
    if not replaced:
        drop_unclaimed_tracks(session)


@dataclass
class _Wanted:
    content_hash: str
    date: dt.date | None
    document_id: int
    plan_id: int
    members: list[SeriesDocument]


def _wanted_versions(session: Session, members: list[SeriesDocument]) -> list[_Wanted]:
    """The distinct versions of a series in date order. Ties (same date, or no
    date) are broken by the documents' sha256, never by the order they were
    imported in, so the links are a function of the set of documents."""
    shas = dict(session.execute(select(Document.id, Document.sha256).where(
        Document.id.in_([m.document_id for m in members]))).all())
    groups: dict[str, list[SeriesDocument]] = {}
    for m in sorted(members, key=lambda m: (m.version_date or dt.date.max, shas[m.document_id])):
        groups.setdefault(m.content_hash, []).append(m)
    wanted = [_Wanted(h, ms[0].version_date, ms[0].document_id, ms[0].plan_id, ms)
              for h, ms in groups.items()]
    return sorted(wanted, key=lambda w: (w.date or dt.date.max, shas[w.document_id]))


def clear_tracking(session: Session, series_id: int) -> None:
    """Unlink a series' versions; its track rows stay until the series is
    linked again, so re-linked tracks keep their ids (``compare.stable_ids``)."""
    remember_tracks(session, series_id)
    session.execute(delete(TrackedAction).where(TrackedAction.series_id == series_id))
    session.execute(update(SeriesDocument).where(SeriesDocument.series_id == series_id)
                    .values(version_id=None))
    session.execute(delete(SeriesVersion).where(SeriesVersion.series_id == series_id))


def refresh_series(session: Session, series_id: int, full: bool = False) -> None:
    """Bring a series' versions and tracks in line with its documents (the
    series row is locked on PostgreSQL so two writers cannot number one
    version twice)."""
    session.execute(select(PlanSeries.id).where(PlanSeries.id == series_id).with_for_update())
    members = list(session.scalars(select(SeriesDocument)
                                   .where(SeriesDocument.series_id == series_id)))
    if not members:  # a pinned series waits for its re-imported document (--force)
        clear_tracking(session, series_id)
        session.execute(delete(PlanSeries).where(PlanSeries.id == series_id,
                                                 PlanSeries.pinned.is_(False)))
        return
    wanted = _wanted_versions(session, members)
    have = list(session.scalars(select(SeriesVersion).where(SeriesVersion.series_id == series_id)
                                .order_by(SeriesVersion.ordinal)))
    same_start = len(have) <= len(wanted) and all(
        v.content_hash == w.content_hash and v.document_id == w.document_id
        for v, w in zip(have, wanted))
    if full or not same_start:
        clear_tracking(session, series_id)
        have = []
    prev = have[-1] if have else None
    rows_of: dict[int, tuple[list[ActionRow], dict[int, int]]] = {}
    for ordinal, w in enumerate(wanted, 1):
        if ordinal <= len(have):
            version = have[ordinal - 1]
            version.version_date, version.document_count = w.date, len(w.members)
        else:
            version = SeriesVersion(series_id=series_id, ordinal=ordinal, version_date=w.date,
                                    content_hash=w.content_hash, document_id=w.document_id,
                                    plan_id=w.plan_id, document_count=len(w.members))
            session.add(version)
            session.flush()
            _track_version(session, series_id, version, prev, rows_of)
            prev = version
        for m in w.members:
            m.version_id = version.id
    session.flush()


def _action_rows(session: Session, plan_id: int) -> tuple[list[ActionRow], dict[int, int]]:
    """Actions of a plan for matching, and each action's first printed row."""
    rows = [ActionRow(i, t, r, s, p) for i, t, r, s, p in session.execute(
        select(Action.id, Action.text, Action.ref, Section.name, Action.position)
        .outerjoin(Section, Section.id == Action.section_id)
        .where(Action.plan_id == plan_id).order_by(Action.position))]
    first: dict[int, int] = {}
    for mid, aid in session.execute(select(Milestone.id, Milestone.action_id)
                                    .join(Action, Action.id == Milestone.action_id)
                                    .where(Action.plan_id == plan_id)
                                    .order_by(Milestone.position.desc())):
        first[aid] = mid
    return rows, first


def _track_version(session: Session, series_id: int, version: SeriesVersion,
                   prev: SeriesVersion | None, rows_of: dict[int, tuple[list[ActionRow], dict[int, int]]]) -> None:
    """Link a version's actions to the previous version's tracks; ``rows_of``
    keeps each plan's action rows for the length of one refresh (a version
    is read as the new one, then as the previous one of the next)."""
    for plan_id in (version.plan_id, prev.plan_id if prev is not None else None):
        if plan_id is not None and plan_id not in rows_of:
            rows_of[plan_id] = _action_rows(session, plan_id)
    new, first_row = rows_of[version.plan_id]
    links, prev_tracks = {}, {}
    if prev is not None:
        old, _ = rows_of[prev.plan_id]
        links = match_actions(old, new)
        prev_tracks = dict(session.execute(select(TrackedAction.action_id, TrackedAction.track_id)
                                           .where(TrackedAction.version_id == prev.id)).all())
    tracks = {}
    for action in new:
        link = links.get(action.id)
        if link and link.method != "split" and link.prev_id in prev_tracks:
            tracks[action.id] = prev_tracks[link.prev_id]
    unlinked = [a for a in new if a.id not in tracks]
    kept = claim_tracks(session, [(version.document_id, a.position) for a in unlinked], series_id)
    for action in unlinked:
        track_id = kept.get((version.document_id, action.position))
        if track_id is not None:
            tracks[action.id] = track_id
    fresh = [a.id for a in new if a.id not in tracks]
    if fresh:
        stmt = insert(ActionTrack).returning(ActionTrack.id, sort_by_parameter_order=True)
        tracks.update(zip(fresh, session.scalars(stmt, [{"series_id": series_id}] * len(fresh))))
    rows = []
    for action in new:
        link = links.get(action.id)
        rows.append({"action_id": action.id, "track_id": tracks[action.id], "series_id": series_id,
                     "version_id": version.id, "milestone_id": first_row.get(action.id),
                     "prev_action_id": link.prev_id if link else None,
                     "link_method": link.method if link else None,
                     "link_score": link.score if link else None})
    if rows:
        session.execute(insert(TrackedAction), rows)


def _documents_in_version_order(session: Session) -> list[tuple[Document, Plan]]:
    """Every document with a plan, oldest version date first, ties by sha256:
    the order a rebuild places them in, whatever order they were imported in."""
    keyed = []
    for doc in session.scalars(select(Document).join(Plan, Plan.document_id == Document.id)
                               ).unique().all():
        plan = _plan_of(session, doc.id)
        if plan is not None:
            keyed.append((version_date(doc, plan) or dt.date.max, doc.sha256, doc, plan))
    return [(doc, plan) for *_, doc, plan in sorted(keyed, key=lambda k: k[:2])]


def rebuild(session: Session) -> int:
    """Recompute every series from the stored documents (pinned placements kept);
    returns the number of series. Series and track ids keep their meaning
    (``compare.stable_ids``)."""
    for series_id in session.scalars(select(PlanSeries.id)):
        remember_tracks(session, series_id)
    remember_series(session)
    session.execute(delete(TrackedAction))
    session.execute(update(SeriesDocument).values(version_id=None))
    session.execute(delete(SeriesVersion))
    session.execute(delete(SeriesDocument).where(SeriesDocument.pinned.is_(False)))
    for pinned in session.scalars(select(SeriesDocument)):
        pinned.content_hash = content_hash(session, pinned.plan_id)
    for doc, plan in _documents_in_version_order(session):
        if session.get(SeriesDocument, doc.id) is None:
            _assign(session, doc, plan)
    drop_empty_series(session)
    series_ids = list(session.scalars(select(PlanSeries.id).order_by(PlanSeries.id)))
    for series_id in series_ids:
        refresh_series(session, series_id, full=True)
    drop_unclaimed_tracks(session)
    return len(series_ids)
