"""Tables that tie successive versions of one plan together (``db.series``).

* ``plan_series``: one plan of one authority (e.g. its 2024/25 improvement
  plan), however many times it was reprinted;
* ``series_document``: which series each document (with a plan) belongs to;
  ``pinned`` marks a user's choice (``plans series merge|split``) that
  ``plans series rebuild`` keeps;
* ``series_version``: one distinct version of the plan. Documents printing
  the same items (the same appendix in two agenda packs) share one version;
  the version's rows are read from its ``document_id`` (the earliest source);
* ``action_track``: one action followed through the versions (``track_id``);
* ``tracked_action``: each action of each version's document on its track,
  with the link that put it there (``prev_action_id``, ``link_method``,
  ``link_score``) so an analyst can audit every match.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from council_plans.schema.models import Base, utcnow


class PlanSeries(Base):
    """One plan of one authority across its versions."""

    __tablename__ = "plan_series"
    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"), index=True)
    title: Mapped[str | None]
    #: normalised title (lower case, no years/punctuation) used for grouping
    title_key: Mapped[str] = mapped_column(default="")
    period: Mapped[str | None]
    pinned: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SeriesVersion(Base):
    """One distinct version of a series (1-based ``ordinal`` in date order)."""

    __tablename__ = "series_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("plan_series.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int]
    version_date: Mapped[dt.date | None] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(64))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    document_count: Mapped[int] = mapped_column(default=1)


class SeriesDocument(Base):
    """A document's place in a series (documents without a plan have none)."""

    __tablename__ = "series_document"
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("plan_series.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("series_version.id", ondelete="SET NULL"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    version_date: Mapped[dt.date | None] = mapped_column(Date)
    pinned: Mapped[bool] = mapped_column(default=False)


class ActionTrack(Base):
    """One action followed through a series' versions."""

    __tablename__ = "action_track"
    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("plan_series.id", ondelete="CASCADE"), index=True)


class TrackedAction(Base):
    """An action of one version on its track, with the link that put it there."""

    __tablename__ = "tracked_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), unique=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("action_track.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("plan_series.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("series_version.id", ondelete="CASCADE"), index=True)
    #: the action's first printed row: its milestone, RAG and progress in the views
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestone.id", ondelete="SET NULL"))
    #: the action in the previous version this one continues (or was split from)
    prev_action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id", ondelete="SET NULL"), index=True)
    #: ref | text | split (linked), or NULL (first version, or new)
    link_method: Mapped[str | None] = mapped_column(String(8))
    link_score: Mapped[float | None] = mapped_column(Float)


#: delete order (children first)
SERIES_TABLES = (TrackedAction, ActionTrack, SeriesDocument, SeriesVersion, PlanSeries)
