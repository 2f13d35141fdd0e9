"""Tables of the scheduled ModernGov watcher (``plans watch``).

The watcher's memory lives in the database beside the documents it feeds,
so a run on another machine (or after the store directory is rebuilt) knows
what was already fetched:

* ``watch_source``: a council site and the committees followed on it;
* ``watch_meeting``: every meeting seen, with whether its agenda was out;
* ``watch_attachment``: every linked paper seen, with what we fetched
  (url, sha256, HTTP validators, when) and the ``document`` it became.

A row in ``watch_attachment`` with a ``sha256`` is written only after the
file was completely downloaded and handed to the ingest pipeline, so a run
killed half way leaves no row claiming a file it does not have.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from council_plans.schema.models import Base, utcnow

#: ``watch_attachment.status`` values
ATTACHMENT_INGESTED = "ingested"  # downloaded and imported as a new document
ATTACHMENT_LINKED = "linked"  # downloaded; the same bytes were already a document
ATTACHMENT_FAILED = "failed"  # downloaded; the ingest pipeline rejected it (retried later)
ATTACHMENT_NOT_PDF = "not-pdf"  # not a PDF: by URL never asked; by content retried later
ATTACHMENT_ERROR = "error"  # could not be downloaded this time; retried later
ATTACHMENT_GAVE_UP = "gave-up"  # failed ``max_tries`` times (ingest/moderngov/retry.py)


class WatchSource(Base):
    """A ModernGov site followed for one authority (all committees or some)."""

    __tablename__ = "watch_source"
    __table_args__ = (UniqueConstraint("kind", "site", "authority"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    site: Mapped[str]
    authority: Mapped[str]
    #: JSON list of committee titles (or ids) to follow; NULL follows every committee
    committees: Mapped[str | None]
    #: contact sent in the User-Agent when no run-wide contact is configured
    contact: Mapped[str | None]
    #: JSON list of other hosts (``host`` or ``host:port``) the site may link or
    #: redirect to; every other host is refused (``ingest/netguard.py``)
    allow_hosts: Mapped[str | None]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_run_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: end of the last run that finished without errors (next default window starts here)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None]


class WatchMeeting(Base):
    """A meeting seen on a source (``meeting_id`` is ModernGov's id)."""

    __tablename__ = "watch_meeting"
    __table_args__ = (UniqueConstraint("source_id", "meeting_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("watch_source.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(BigInteger)
    committee_id: Mapped[int | None] = mapped_column(BigInteger)
    committee: Mapped[str | None]
    meeting_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None]
    agenda_published: Mapped[bool] = mapped_column(default=False)
    documents: Mapped[int] = mapped_column(default=0)
    first_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WatchAttachment(Base):
    """A paper linked to a meeting, and what became of it."""

    __tablename__ = "watch_attachment"
    __table_args__ = (UniqueConstraint("source_id", "attachment_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("watch_source.id"), index=True)
    meeting_row_id: Mapped[int] = mapped_column(ForeignKey("watch_meeting.id"), index=True)
    attachment_id: Mapped[int] = mapped_column(BigInteger)
    url: Mapped[str]
    title: Mapped[str | None]
    agenda_item: Mapped[str | None]
    publication_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    etag: Mapped[str | None]
    last_modified: Mapped[str | None]
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    fetched_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"),
                                                    index=True)
    error: Mapped[str | None]
    #: requests made for this attachment over all runs (304s included)
    attempts: Mapped[int] = mapped_column(default=0)
    #: transient failures in a row (reset by a success), and when to try again
    retries: Mapped[int] = mapped_column(default=0, server_default="0")
    retry_after: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
