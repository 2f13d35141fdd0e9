"""Series and track ids that keep their meaning when a series is re-linked.

A user who saw ``plans history 24`` or ``plans compare 2`` must get the same
action and the same plan after ``plans series rebuild``, ``merge`` or
``split``, which re-link whole series. Re-linking therefore keeps the rows it
can, instead of deleting and renumbering them:

* **tracks**: before a series' tracked actions are cleared, each track is
  remembered by its *anchor*, the action it starts with (its earliest
  version's action), as its document and position in the document, so a
  document read again (``--force``, new action ids) keeps its tracks too.
  When the series is linked again, a new track starting at that same
  action takes the old track's row (and id); a track whose anchor is gone
  (its first version split off into another series, or merged behind
  another track) is deleted, so an id either keeps its meaning or no longer
  exists. New tracks get new ids (rows are never deleted before this, so
  SQLite cannot hand out an old id again);
* **series**: a rebuild keeps every series row until the documents are placed
  again; a document that would start a new series goes back to its former
  series' row (id) when that row has no document yet.

The bookkeeping lives in ``session.info`` for the length of one transaction.
"""
from __future__ import annotations

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from council_plans.schema.models import Action, Plan
from council_plans.schema.series import ActionTrack, PlanSeries, SeriesDocument, SeriesVersion, TrackedAction

_ANCHORS = "track_anchors"
_SEEN = "tracks_remembered"
#: most remembered tracks listed in the clean-up's IN (...); more: every track is checked
_LISTED_MAX = 500
_FORMER = "series_before"


#: an action as a re-link can recognise it: (document id, position in the document);
#: both survive a forced re-read of the document, which gives its actions new ids
Anchor = tuple[int, int]


def remember_tracks(session: Session, series_id: int) -> None:
    """Note each track of ``series_id`` by the action it starts with."""
    rows = session.execute(
        select(TrackedAction.track_id, Plan.document_id, Action.position, SeriesVersion.ordinal)
        .join(SeriesVersion, SeriesVersion.id == TrackedAction.version_id)
        .join(Action, Action.id == TrackedAction.action_id)
        .join(Plan, Plan.id == Action.plan_id)
        .where(TrackedAction.series_id == series_id)).all()
    first: dict[int, tuple[int, Anchor]] = {}
    for track_id, document_id, position, ordinal in rows:
        if track_id not in first or ordinal < first[track_id][0]:
            first[track_id] = (ordinal, (document_id, position))
    anchors: dict[Anchor, int] = session.info.setdefault(_ANCHORS, {})
    for track_id, (_, anchor) in first.items():
        anchors[anchor] = track_id
    session.info.setdefault(_SEEN, set()).update(first)


def claim_tracks(session: Session, anchors: list[Anchor], series_id: int) -> dict[Anchor, int]:
    """The ids of the tracks that started with the actions at ``anchors``
    before re-linking (moved to ``series_id``), by anchor; anchors with no
    such track are left out. One query for the tracks that still exist (asked
    of the database: a row may have gone with its series) and one update per
    ``_LISTED_MAX`` of them, instead of two statements per action."""
    remembered: dict[Anchor, int] = session.info.get(_ANCHORS, {})
    wanted = {anchor: remembered.pop(anchor) for anchor in anchors if anchor in remembered}
    ids = sorted(set(wanted.values()))
    alive: set[int] = set()
    for start in range(0, len(ids), _LISTED_MAX):
        chunk = ids[start:start + _LISTED_MAX]
        found = list(session.scalars(select(ActionTrack.id).where(ActionTrack.id.in_(chunk))))
        alive.update(found)
        if found:
            session.execute(update(ActionTrack).where(ActionTrack.id.in_(found)).values(series_id=series_id))
    return {anchor: track_id for anchor, track_id in wanted.items() if track_id in alive}


def drop_unclaimed_tracks(session: Session) -> None:
    """Delete the remembered tracks no tracked action uses any more (end of a re-link).
    Only tracks this transaction remembered are looked at, so importing one more
    document never scans every track (a rebuild, which remembers them all, does)."""
    remembered = set(session.info.pop(_ANCHORS, {}).values()) | session.info.pop(_SEEN, set())
    if not remembered:
        return
    session.flush()
    unused = delete(ActionTrack).where(~exists().where(TrackedAction.track_id == ActionTrack.id))
    if len(remembered) <= _LISTED_MAX:
        unused = unused.where(ActionTrack.id.in_(sorted(remembered)))
    session.execute(unused.execution_options(synchronize_session=False))


def remember_series(session: Session) -> None:
    """Note every document's series before a rebuild places them again."""
    session.info[_FORMER] = dict(session.execute(
        select(SeriesDocument.document_id, SeriesDocument.series_id)).all())


def former_series(session: Session, document_id: int) -> PlanSeries | None:
    """The series row ``document_id`` was in before the rebuild, when it has no
    document yet (so taking it merges nothing)."""
    series_id = session.info.get(_FORMER, {}).get(document_id)
    if series_id is None:
        return None
    taken = session.scalar(select(SeriesDocument.document_id)
                           .where(SeriesDocument.series_id == series_id).limit(1))
    return None if taken is not None else session.get(PlanSeries, series_id)


def drop_empty_series(session: Session) -> None:
    """Delete series rows no document is in (end of a rebuild)."""
    session.flush()
    used = exists().where(SeriesDocument.series_id == PlanSeries.id)
    session.execute(delete(PlanSeries).where(~used)
                    .execution_options(synchronize_session=False))
    session.info.pop(_FORMER, None)
