"""SQLAlchemy 2 models of the normalised store.

One row per distinct PDF (``document``), the plan it holds, and the plan's
sections, actions, milestones, leads and progress updates, so that plans of
different councils and years can be compared with plain SQL. Every extracted
row carries provenance (:class:`Provenance`): the document, the pages, the
bounding box on the first page and the parser version. Failures are kept in
``ingest_error``. Tables and views are documented in the README (Database).

Every text column uses :class:`schema.text.SafeText` so NUL bytes and lone
surrogates survive on PostgreSQL as well as SQLite.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (BigInteger, Date, DateTime, Float, ForeignKey, Index, Integer, String,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from council_plans.schema.text import SafeText


class Base(DeclarativeBase):
    """Declarative base of every table (other modules, e.g. ``schema.watch``, add theirs)."""

    type_annotation_map = {str: SafeText()}


def _owned_by(target: str) -> ForeignKey:
    """A foreign key whose row goes when the row it points at goes (a removed
    document takes every row extracted from it; migration 0003_cascade)."""
    return ForeignKey(target, ondelete="CASCADE")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Authority(Base):
    """A council, under its canonical name (``parsers.metadata.authorities.canonical_authority``)."""

    __tablename__ = "authority"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: from the register of UK local authorities (``parsers.metadata.register``), when it knows the name
    code: Mapped[str | None] = mapped_column(String(8))  #: three-letter code, e.g. "WLV"
    gss_code: Mapped[str | None] = mapped_column(String(9))  #: ONS GSS code, e.g. "E08000031"
    nation: Mapped[str | None]
    region: Mapped[str | None]
    la_type: Mapped[str | None]
    aliases: Mapped[list[AuthorityAlias]] = relationship(back_populates="authority")


class AuthorityAlias(Base):
    """A spelling of an authority's name seen in a document or given by a user."""

    __tablename__ = "authority_alias"
    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    alias: Mapped[str] = mapped_column(unique=True)
    authority: Mapped[Authority] = relationship(back_populates="aliases")


class Document(Base):
    """One distinct PDF (by sha256), with what it says about itself."""

    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str]
    source_path: Mapped[str | None]
    source_url: Mapped[str | None]
    page_count: Mapped[int] = mapped_column(default=0)
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    title: Mapped[str | None]
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"), index=True)
    committee: Mapped[str | None]
    meeting_id: Mapped[str | None]
    meeting_date: Mapped[dt.date | None] = mapped_column(Date)
    published_date: Mapped[dt.date | None] = mapped_column(Date)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    parser_version: Mapped[str]
    item_count: Mapped[int] = mapped_column(default=0)
    #: JSON list of 1-based page numbers without a text layer
    pages_without_text: Mapped[str | None]
    #: JSON list of the parser's warnings
    warnings: Mapped[str | None]
    authority: Mapped[Authority | None] = relationship()


class Provenance:
    """Where an extracted row was read: document, pages, box on the first page, parser."""

    @declared_attr
    def document_id(cls) -> Mapped[int]:
        return mapped_column(_owned_by("document.id"), index=True)

    page_first: Mapped[int | None]
    page_last: Mapped[int | None]
    bbox_x0: Mapped[float | None] = mapped_column(Float)
    bbox_top: Mapped[float | None] = mapped_column(Float)
    bbox_x1: Mapped[float | None] = mapped_column(Float)
    bbox_bottom: Mapped[float | None] = mapped_column(Float)
    parser_version: Mapped[str]


class Plan(Provenance, Base):
    """An action plan found in a document."""

    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str | None]
    period: Mapped[str | None]
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[str | None]
    as_at: Mapped[dt.date | None] = mapped_column(Date)


class Section(Provenance, Base):
    """A theme of a plan (heading above a table or full-width row inside one)."""

    __tablename__ = "section"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(_owned_by("plan.id"), index=True)
    name: Mapped[str]
    #: taxonomy code of ``name`` (``parsers.values.taxonomy.section_theme``)
    theme: Mapped[str | None] = mapped_column(String(24))
    position: Mapped[int]


class Action(Provenance, Base):
    """An action of a plan; repeated milestone rows of one action share this row."""

    __tablename__ = "action"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(_owned_by("plan.id"), index=True)
    section_id: Mapped[int | None] = mapped_column(_owned_by("section.id"), index=True)
    ref: Mapped[str | None]
    text: Mapped[str]
    position: Mapped[int]


class Milestone(Provenance, Base):
    """One row of a plan's table: a milestone of an action, or (when the plan
    has no milestone column) the action's own row with ``text`` NULL."""

    __tablename__ = "milestone"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(_owned_by("action.id"), index=True)
    text: Mapped[str | None]
    timescale: Mapped[str | None]
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    lead_raw: Mapped[str | None]
    #: role level of ``lead_raw`` (``parsers.values.taxonomy.role_level``)
    lead_role: Mapped[str | None] = mapped_column(String(24))
    success_measure: Mapped[str | None]
    outcome: Mapped[str | None]
    #: 0-based order of the item in its document (what ``plans extract`` prints)
    position: Mapped[int]
    table_index: Mapped[int] = mapped_column(default=0)
    #: where the row is printed ("PAGE:TOP"): what corrections are keyed by, with the
    #: document's sha256, so they outlive re-imports and parser versions (0005_review)
    item_key: Mapped[str | None] = mapped_column(String(32))


class PlanTable(Provenance, Base):
    """How one table was read as a plan (:class:`schema.items.TableReading`):
    its headers, the role given to each column, how sure the reading is and
    the layout profile applied; ``milestone.table_index`` = ``position``."""

    __tablename__ = "plan_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]  #: 0-based order in the document
    page_index: Mapped[int]  #: 1-based order of the table on ``page_first``
    headers: Mapped[str]  #: JSON list of header texts
    roles: Mapped[str]  #: JSON list of roles, one per column
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    reasons: Mapped[str | None]  #: JSON list of why confidence is below 1
    signature: Mapped[str]  #: header signature layout profiles are keyed by
    profile: Mapped[str | None]  #: name of the layout profile applied
    #: 1 when a person's column roles (a correction or a profile) were applied
    corrected: Mapped[int] = mapped_column(default=0)


class Person(Base):
    """A lead officer (a name or initials), scoped to an authority."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("scope", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    #: authority id, or 0 when the document's authority is unknown (NULL is never equal)
    scope: Mapped[int] = mapped_column(Integer)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"), index=True)
    name: Mapped[str]


class Lead(Provenance, Base):
    """A person named as lead on a milestone row (raw text in ``milestone.lead_raw``)."""

    __tablename__ = "lead"
    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(_owned_by("milestone.id"), index=True)
    action_id: Mapped[int] = mapped_column(_owned_by("action.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    position: Mapped[int]


class ProgressUpdate(Provenance, Base):
    """Progress reported on a milestone (or on an action) in a document."""

    __tablename__ = "progress_update"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(_owned_by("action.id"), index=True)
    milestone_id: Mapped[int | None] = mapped_column(_owned_by("milestone.id"), index=True)
    progress: Mapped[str | None]
    rag: Mapped[str | None] = mapped_column(String(8))
    as_at: Mapped[dt.date | None] = mapped_column(Date)


class ExtraField(Provenance, Base):
    """A column the contract does not name (header -> cell text) on a milestone row."""

    __tablename__ = "extra_field"
    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(_owned_by("milestone.id"), index=True)
    name: Mapped[str]
    value: Mapped[str | None]
    position: Mapped[int]


class CellBox(Base):
    """Every box a field of a milestone row was read from (fine-grained provenance)."""

    __tablename__ = "cell_box"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(_owned_by("document.id"), index=True)
    milestone_id: Mapped[int] = mapped_column(_owned_by("milestone.id"), index=True)
    field: Mapped[str]
    page: Mapped[int]
    x0: Mapped[float] = mapped_column(Float)
    top: Mapped[float] = mapped_column(Float)
    x1: Mapped[float] = mapped_column(Float)
    bottom: Mapped[float] = mapped_column(Float)


class IngestError(Base):
    """A file that could not be imported; repeated failures update one row."""

    __tablename__ = "ingest_error"
    __table_args__ = (Index("ix_ingest_error_key", "path", "stage", "error_class"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str]
    path: Mapped[str]
    sha256: Mapped[str | None] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(16))
    error_class: Mapped[str]
    message: Mapped[str]
    first_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(default=1)


#: tables holding a document's extracted rows, children first (delete order)
EXTRACTED_TABLES = (CellBox, ExtraField, Lead, ProgressUpdate, Milestone, Action, Section, Plan,
                    PlanTable)
