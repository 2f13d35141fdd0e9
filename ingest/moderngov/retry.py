"""Which watched papers are asked for again, and when the watcher gives up.

A council server has bad moments: an attachment served once as an HTML
error page, a download cut off; a parse may crash or time out on a loaded
machine. Those outcomes are
*transient*: the paper is asked for again on later runs, after a wait that
grows with each failure, at most ``max_tries`` times; then it is marked
``gave-up`` with the last reason kept. Until then every run reports it as an
error (so the exit code says something is unresolved) and ``plans watch
status`` lists it. A URL that names a non-PDF file (``.docx``) is not
transient: it is never asked for.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from council_plans.db.engine import ensure_schema, session_scope
from council_plans.schema.watch import (ATTACHMENT_ERROR, ATTACHMENT_GAVE_UP, ATTACHMENT_NOT_PDF,
                                        WatchAttachment, WatchSource)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how soon a transient failure is tried again."""

    #: attempts in all (the first one included) before giving up
    max_tries: int = 5
    #: wait before the first retry, seconds; doubled (``factor``) each time
    first_wait: float = 3600.0
    factor: float = 4.0
    #: longest wait between two tries, seconds
    max_wait: float = 7 * 24 * 3600.0

    def wait(self, failures: int) -> dt.timedelta:
        """How long to wait after the ``failures``-th failure in a row."""
        seconds = self.first_wait * self.factor ** max(0, failures - 1)
        return dt.timedelta(seconds=min(self.max_wait, seconds))


#: ingest failures that say nothing about the file: the parse crashed, ran out of
#: time or memory (a loaded machine), or the database write failed
TRANSIENT_INGEST_ERRORS = frozenset({"ParseTimeout", "ParserCrashed", "OutOfMemory"})
TRANSIENT_INGEST_STAGES = frozenset({"store"})


def is_transient(status: str, sha256: str | None) -> bool:
    """A download or ingest that failed for a passing reason (``error``), or
    a PDF link that answered with something else (``not-pdf`` with a sha256:
    a body was fetched and looked at). ``failed`` (the parser rejected the
    file: encrypted, no text...) is the file's own fault and not retried."""
    return status == ATTACHMENT_ERROR or (status == ATTACHMENT_NOT_PDF and sha256 is not None)


def is_transient_ingest(error_class: str | None, stage: str | None) -> bool:
    return error_class in TRANSIENT_INGEST_ERRORS or stage in TRANSIENT_INGEST_STAGES


def is_due(retry_after: dt.datetime | None, now: dt.datetime) -> bool:
    if retry_after is None:
        return True
    if retry_after.tzinfo is None:  # SQLite gives naive UTC back
        retry_after = retry_after.replace(tzinfo=dt.timezone.utc)
    return retry_after <= now


def after_failure(policy: RetryPolicy, failures_before: int, status: str, reason: str,
                  now: dt.datetime) -> dict[str, Any]:
    """Columns to record for one more transient failure: the status and when
    to try again, or ``gave-up`` with the reason once ``max_tries`` is reached."""
    failures = failures_before + 1
    if failures >= policy.max_tries:
        return {"status": ATTACHMENT_GAVE_UP, "retries": failures, "retry_after": None,
                "error": f"gave up after {failures} tries ({status}): {reason}"[:1000]}
    return {"status": status, "retries": failures, "retry_after": now + policy.wait(failures),
            "error": reason[:1000]}


#: columns to record after a success (a later failure starts counting afresh)
RESOLVED: dict[str, Any] = {"retries": 0, "retry_after": None}

STATUS_COLUMNS = ["source", "attachment", "title", "status", "tries", "next_try", "reason"]


def unresolved(engine: Engine) -> tuple[list[str], list[tuple]]:
    """Watched papers waiting to be retried or given up on, for ``plans watch status``."""
    ensure_schema(engine)
    with session_scope(engine) as s:
        rows = s.execute(select(WatchSource.id, WatchAttachment.attachment_id,
                                WatchAttachment.title, WatchAttachment.status,
                                WatchAttachment.retries, WatchAttachment.retry_after,
                                WatchAttachment.error, WatchAttachment.sha256)
                         .join(WatchSource, WatchSource.id == WatchAttachment.source_id)
                         .order_by(WatchSource.id, WatchAttachment.attachment_id)).all()
    out = []
    for source, attachment, title, status, tries, after, error, sha in rows:
        if status == ATTACHMENT_GAVE_UP or is_transient(status, sha):
            when = after.strftime("%Y-%m-%d %H:%M") if after else None
            out.append((source, attachment, title, status, tries, when, error))
    return STATUS_COLUMNS, out
