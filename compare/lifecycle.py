"""A document's life in the database as the comparison layer sees it: storing
places it in its plan series, replacing or removing takes it out first.

The storage layer (:mod:`council_plans.db.store`, :mod:`council_plans.db.manage`)
writes and deletes rows and knows nothing of series; these two calls are the one
place where both happen together, inside one transaction per document.
"""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from council_plans.compare.series import forget_document, update_for_document
from council_plans.compare.stable_ids import drop_unclaimed_tracks
from council_plans.db.manage import Removed, remove_documents as _remove_rows
from council_plans.db.store import delete_document_rows, store_extraction
from council_plans.schema.items import SourceMeta
from council_plans.schema.items import Extraction
from council_plans.schema.models import Document

__all__ = ["remove_documents", "store_document"]


def store_document(session: Session, extraction: Extraction, meta: SourceMeta,
                   existing: Document | None = None) -> Document:
    """Write ``extraction`` (replacing ``existing``'s rows when given) and place the
    document in its series; the caller's transaction commits or rolls back all of it."""
    if existing is not None:  # tracks are re-linked without it; those it starts wait for it
        forget_document(session, existing.id, replaced=True)
        delete_document_rows(session, existing.id)
    doc = store_extraction(session, extraction, meta, existing)
    if extraction.items:
        update_for_document(session, doc.id)
    if existing is not None:
        drop_unclaimed_tracks(session)  # a re-read that no longer starts a track leaves none behind
    return doc


def remove_documents(engine: Engine, refs: Sequence[str]) -> list[Removed]:
    """Delete the documents ``refs`` name, in one transaction, each taken out of its
    series first; an unknown ``ref`` removes nothing."""
    return _remove_rows(engine, refs, before_delete=forget_document)
