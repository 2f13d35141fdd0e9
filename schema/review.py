"""Models of what people decide about extractions: corrections and layout profiles.

Neither belongs to one import of a document, so neither is deleted with it:
a correction is keyed by the document's sha256 and the item's place on the
page (``milestone.item_key``), or by page and table for a column's role, and
is applied again every time the same bytes are parsed (``plans ingest
--force``, a new parser version, after ``plans remove`` and a re-import). A
layout profile is keyed by a table's header signature and applies to any
document. Migration ``0005_review``.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from council_plans.schema.models import Base, utcnow

#: ``correction.kind``: a field's value, an item that is not an action, a column's role
VALUE, DROP, ROLE = "value", "drop", "role"


class Correction(Base):
    """One correction: what (document, item or table, field), old and new
    value, who, when and why; ``extracted_value`` and ``applied`` say what the
    latest parse gave and whether the correction still found its item."""

    __tablename__ = "correction"
    __table_args__ = (Index("ix_correction_document", "document_sha256", "item_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))
    item_key: Mapped[str | None] = mapped_column(String(32))
    #: what the item looked like when corrected ("ref 1.2: Recruit an ..."), for people
    item_label: Mapped[str | None]
    page: Mapped[int | None]  #: role corrections: the table's page ...
    table_index: Mapped[int | None]  #: ... and its 1-based order on that page
    field: Mapped[str | None]  #: value: the field; role: the column (header text or number)
    old_value: Mapped[str | None]
    new_value: Mapped[str | None]
    author: Mapped[str]
    reason: Mapped[str | None]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    parser_version: Mapped[str | None]  #: the parser version of the reading corrected
    extracted_value: Mapped[str | None]  #: what the latest parse gave
    applied: Mapped[int] = mapped_column(default=0)  #: found its item in the latest parse


class LayoutProfile(Base):
    """Column roles for every table with ``signature`` (and, when set, only
    in ``authority``'s documents): a column-role correction saved for reuse."""

    __tablename__ = "layout_profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    signature: Mapped[str]
    authority: Mapped[str | None]
    headers: Mapped[str]  #: JSON list of the header texts it was saved from
    roles: Mapped[str]  #: JSON list of roles, one per column
    author: Mapped[str]
    note: Mapped[str | None]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
