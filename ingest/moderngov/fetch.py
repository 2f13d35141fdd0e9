"""One linked document of a watched meeting: decide, download, ingest, record.

Split from :mod:`ingest.watch` (which walks committees and meetings) so each
module stays readable. The dependency goes one way: ``ingest.watch`` imports
this module and hands it a :class:`FetchContext`; nothing here imports
``ingest.watch``. The order of steps is what makes runs resumable:

1. decide from the ``watch_attachment`` row whether to ask at all, and
   whether conditionally (stored ETag / Last-Modified);
2. stream into the source's temp directory (``PoliteClient.download``);
3. same sha256 as last time -> only refresh the validators;
4. move the finished file to ``<store>/documents/<sha[:2]>/<sha>.pdf``;
5. ``ingest_file`` (which links an already-stored sha256 instead of parsing);
6. only then write the row with sha256, validators and document id.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from sqlalchemy import Engine, select

from council_plans.db.engine import session_scope
from council_plans.ingest.moderngov.agenda import LinkedDoc, Meeting
from council_plans.schema.items import SourceMeta
from council_plans.schema.models import utcnow
from council_plans.schema.watch import (ATTACHMENT_ERROR, ATTACHMENT_FAILED, ATTACHMENT_GAVE_UP,
                                        ATTACHMENT_INGESTED, ATTACHMENT_LINKED,
                                        ATTACHMENT_NOT_PDF, WatchAttachment, WatchSource)

from council_plans.ingest.moderngov.http import Download, FetchError, PoliteClient, move_into_place
from council_plans.ingest.moderngov.retry import RESOLVED, RetryPolicy, after_failure, is_due, \
    is_transient, is_transient_ingest
from council_plans.ingest.pipeline import FAILED, IMPORTED, ingest_file
from council_plans.ingest.moderngov.admin import paper_file_name
from council_plans.parsers.settings import ExtractSettings

NOT_PDF_SUFFIXES = (".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".rtf", ".odt", ".ods",
                    ".txt", ".csv", ".htm", ".html", ".jpg", ".jpeg", ".png", ".gif", ".zip",
                    ".mp3", ".mp4")


@dataclass
class SourceReport:
    """What one source's run did (counted here and by ``ingest.watch``)."""

    source_id: int
    label: str
    status: str = "ok"  # ok / partial / failed / locked
    meetings: int = 0
    new_documents: int = 0
    linked: int = 0
    items: int = 0
    not_ingested: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add_error(self, exc: Exception) -> None:
        """Count a problem of this source (one line); the run carries on."""
        self.errors.append(" ".join(str(exc).split()))


@dataclass
class FetchContext:
    """What fetching a source's attachments needs from the run of that source."""

    engine: Engine
    store: Path
    tmp: Path  # the source's own temp directory (partial downloads)
    client: PoliteClient
    source: WatchSource
    revalidate: bool  # ask again (conditional GET) for known attachments
    report: SourceReport
    retry: RetryPolicy = RetryPolicy()
    extract: ExtractSettings = ExtractSettings()  # how papers are parsed


@dataclass(frozen=True)
class _Seen:
    """What the previous runs recorded about an attachment (detached from any session)."""

    status: str
    url: str
    publication_date: dt.date | None
    sha256: str | None
    etag: str | None
    last_modified: str | None
    retries: int = 0
    retry_after: dt.datetime | None = None
    error: str | None = None


def plan_fetch(prev: _Seen | None, url: str, doc: LinkedDoc, revalidate: bool,
               now: dt.datetime | None = None) -> str | None:
    """``"full"``, ``"conditional"``, ``"wait"`` (a transient failure not due
    for a retry yet, :mod:`retry`) or None (nothing to ask the server)."""
    unchanged = prev is not None and prev.url == url \
        and prev.publication_date == doc.publication_date
    if prev is not None and prev.status == ATTACHMENT_GAVE_UP:
        return None if unchanged else "full"
    if prev is not None and is_transient(prev.status, prev.sha256):
        return "full" if is_due(prev.retry_after, now or utcnow()) else "wait"
    if prev is None or prev.sha256 is None and prev.status != ATTACHMENT_NOT_PDF:
        return "full"  # never fetched, or every earlier attempt failed
    if prev.url != url:
        return "full"
    if prev.status == ATTACHMENT_NOT_PDF:
        return None
    has_validators = bool(prev.etag or prev.last_modified)
    if prev.publication_date != doc.publication_date:
        return "conditional" if has_validators else "full"
    return "conditional" if revalidate and has_validators else None


def store_path(store: Path, sha256: str) -> Path:
    """Content-addressed home of a downloaded PDF."""
    return store / "documents" / sha256[:2] / f"{sha256}.pdf"


def _looks_not_pdf(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(NOT_PDF_SUFFIXES)


def _is_pdf(path: Path) -> bool:
    with open(path, "rb") as fh:
        return b"%PDF-" in fh.read(1024)


def fetch_attachment(run: FetchContext, meeting_row: int, meeting: Meeting, doc: LinkedDoc) -> None:
    """Bring one linked document up to date; errors are counted, never raised."""
    url = urljoin(run.source.site + "/", doc.url)
    prev = _previous(run, doc.attachment_id)
    how = plan_fetch(prev, url, doc, run.revalidate)
    if how is None:
        return
    if how == "wait" and prev is not None:
        run.report.errors.append(f"{url}: waiting to retry (try {prev.retries + 1} of "
                                 f"{run.retry.max_tries} after {prev.retry_after:%Y-%m-%d %H:%M}"
                                 f"): {prev.error}")
        return
    fields: dict[str, Any] = dict(meeting_row_id=meeting_row, url=url, title=doc.title,
                                  agenda_item=doc.agenda_item, publication_date=doc.publication_date)
    if _looks_not_pdf(url):
        _record(run, doc.attachment_id, asked=False, status=ATTACHMENT_NOT_PDF, error=None,
                **fields)
        return
    conditional = how == "conditional"
    try:
        seen = prev if conditional else None  # a conditional request needs what was seen before
        got = run.client.download(url, run.tmp, seen.etag if seen else None,
                                  seen.last_modified if seen else None)
    except FetchError as exc:
        run.report.add_error(exc)
        if prev is not None and prev.sha256 and not is_transient(prev.status, prev.sha256):
            # keep the URL/date of what we have, so the change is tried again next run
            _record(run, doc.attachment_id, error=str(exc)[:1000])
        else:
            _record(run, doc.attachment_id,
                    **{**fields, **_failure(run, prev, ATTACHMENT_ERROR, str(exc))})
        return
    if got.not_modified:
        _record(run, doc.attachment_id, error=None, **fields)
        return
    try:
        _store_download(run, doc, meeting, got, prev, fields)
    finally:
        if got.path is not None:
            got.path.unlink(missing_ok=True)  # no-op once moved into place


def _store_download(run: FetchContext, doc: LinkedDoc, meeting: Meeting, got: Download,
                    prev: _Seen | None, fields: dict) -> None:
    if got.path is None or got.sha256 is None:  # only a 304 has no body, and it never comes here
        raise FetchError(got.url, "answered without a body to store")
    validators: dict[str, Any] = dict(etag=got.etag, last_modified=got.last_modified, size_bytes=got.size,
                                      fetched_at=utcnow(), error=None)
    if prev is not None and prev.sha256 == got.sha256 \
            and not is_transient(prev.status, prev.sha256):
        _record(run, doc.attachment_id, **validators, **fields)  # same bytes, new validators
        return
    if not _is_pdf(got.path):
        reason = f"{got.url}: answered {got.content_type or 'without a content type'}, not a PDF"
        run.report.errors.append(reason)
        _record(run, doc.attachment_id, sha256=got.sha256, **{
            **validators, **fields, **_failure(run, prev, ATTACHMENT_NOT_PDF, reason)})
        return
    dest = move_into_place(got.path, store_path(run.store, got.sha256))
    outcome = ingest_file(dest, run.engine, settings=run.extract, meta=SourceMeta(
        source_url=got.url, authority=run.source.authority, committee=meeting.committee_title,
        meeting_id=str(meeting.id), meeting_date=_iso(meeting.date),
        published_date=_iso(doc.publication_date), file_name=paper_file_name(doc.title, got.url)))
    done: dict[str, Any] = dict(RESOLVED)
    if outcome.status == IMPORTED:
        done["status"] = ATTACHMENT_INGESTED
        run.report.new_documents += 1
        run.report.items += outcome.items
    elif outcome.status == FAILED and is_transient_ingest(outcome.error_class, outcome.stage):
        run.report.not_ingested += 1
        reason = outcome.error or f"{got.url}: could not be ingested"
        run.report.errors.append(reason)
        done = _failure(run, prev, ATTACHMENT_ERROR, reason)
    elif outcome.status == FAILED:  # the file's own fault: kept in ingest_error, not retried
        run.report.not_ingested += 1
        done.update(status=ATTACHMENT_FAILED, error=outcome.error)
    else:
        done["status"] = ATTACHMENT_LINKED
        run.report.linked += 1
    _record(run, doc.attachment_id, sha256=got.sha256, document_id=outcome.document_id,
            **{**validators, **fields, **done})


def _failure(run: FetchContext, prev: _Seen | None, status: str, reason: str) -> dict[str, Any]:
    """Columns for one more transient failure (a paper that changed after its
    watcher gave up starts counting afresh)."""
    before = prev.retries if prev is not None and prev.status != ATTACHMENT_GAVE_UP else 0
    return after_failure(run.retry, before, status, reason, utcnow())


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _previous(run: FetchContext, attachment_id: int) -> _Seen | None:
    with session_scope(run.engine) as s:
        row = s.scalar(select(WatchAttachment).where(
            WatchAttachment.source_id == run.source.id,
            WatchAttachment.attachment_id == attachment_id))
        if row is None:
            return None
        return _Seen(row.status, row.url, row.publication_date, row.sha256, row.etag,
                     row.last_modified, row.retries or 0, row.retry_after, row.error)


def _record(run: FetchContext, attachment_id: int, asked: bool = True, **values: object) -> None:
    """Insert or update the attachment's row in its own transaction
    (``asked``: a request was made, counted in ``attempts``)."""
    with session_scope(run.engine) as s:
        row = s.scalar(select(WatchAttachment).where(
            WatchAttachment.source_id == run.source.id,
            WatchAttachment.attachment_id == attachment_id))
        if row is None:
            row = WatchAttachment(source_id=run.source.id, attachment_id=attachment_id,
                                  status=values.get("status", ATTACHMENT_ERROR), attempts=0)
            s.add(row)
        for key, value in values.items():
            setattr(row, key, value)
        row.attempts = (row.attempts or 0) + int(asked)
