"""``plans watch``: nightly pickup of newly published papers from ModernGov.

A run checks every source (a council site, optionally limited to some
committees): committees -> meetings in a date window -> each meeting's
linked documents. Only attachments that are new, or whose URL, publication
date or HTTP validators say they changed, are downloaded; a download whose
sha256 is already a document is linked to it, not parsed again.

Crash safety: a file is streamed to ``<store>/tmp/source-<id>/`` and moved
to ``<store>/documents/`` only when complete; the ``watch_attachment`` row
that records it is written only after the ingest pipeline has stored it.
A killed run therefore leaves at most a temp file (removed by the next run)
and the next run simply fetches what has no row yet.

Overlapping runs: each source is worked on under an exclusive ``flock`` on
``<store>/locks/source-<id>.lock`` (released by the kernel if the process
dies); a run that finds it held skips that source and exits with 5.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlencode, urlsplit, urlunsplit

from sqlalchemy import Engine, select

from council_plans.db.engine import ensure_schema, session_scope
from council_plans.db.names import canonical_authority
from council_plans.ingest.moderngov.agenda import (Committee, LinkedDoc, Meeting, MeetingSummary, ModernGovXMLError,
                               parse_committees, parse_meeting, parse_meetings)
from council_plans.schema.models import utcnow
from council_plans.schema.watch import WatchMeeting, WatchSource

from council_plans.ingest.moderngov.http import FetchError, HostThrottle, HttpSettings, PoliteClient
from council_plans.ingest.moderngov.admin import check_committees, matching_source
from council_plans.ingest.moderngov.fetch import FetchContext, SourceReport, fetch_attachment
from council_plans.ingest.moderngov.retry import RetryPolicy
from council_plans.ingest.moderngov.stop import reported_if_interrupted
from council_plans.parsers.settings import ExtractSettings
from council_plans.schema.errors import CouncilPlansError

KIND = "moderngov"
EXIT_OK, EXIT_PARTIAL, EXIT_ALL_FAILED, EXIT_LOCKED = 0, 3, 4, 5


class WatchError(CouncilPlansError):
    """A bad request to the watcher (bad site URL, unknown source): one line."""


class LockHeld(CouncilPlansError):
    """Another run is working on this source right now."""


@contextmanager
def source_lock(store: Path, source_id: int) -> Iterator[Path]:
    """Hold the exclusive, non-blocking lock of one source or raise LockHeld."""
    path = Path(store) / "locks" / f"source-{source_id}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockHeld(f"source {source_id}: another run holds {path}") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield path  # closing the file releases the lock


def normalise_site(url: str) -> str:
    """``https://democracy.x.gov.uk/`` (or a link to its web service) -> base URL."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise WatchError(f"{url.strip()}: not an http(s) site address")
    path = parts.path.rstrip("/")
    if path.lower().endswith("/mgwebservice.asmx"):
        path = path[: -len("/mgWebService.asmx")]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path.rstrip("/"), "", ""))


def add_source(engine: Engine, site: str, authority: str, committees: tuple[str, ...] = (),
               contact: str | None = None,
               allow_hosts: tuple[str, ...] = (),
               available: list[tuple[int, str]] | None = None) -> tuple[WatchSource, bool]:
    """Store a source (or update the committees/contact/allowed hosts of the same
    site and council, however spelled: ``ingest.moderngov.admin``); returns
    (source, created). With ``available`` (the site's committees) every committee
    must be one of them."""
    ensure_schema(engine)
    site = normalise_site(site)
    if not authority.strip():
        raise WatchError(f"{site}: --authority must not be empty")
    if committees and available is not None:
        committees = check_committees(committees, available).titles
    wanted = json.dumps(sorted({" ".join(c.split()) for c in committees})) if committees else None
    with session_scope(engine) as s:
        found = matching_source(list(s.scalars(select(WatchSource).where(WatchSource.kind == KIND))),
                                site, authority)
        created = found is None
        row = found or WatchSource(kind=KIND, site=site, authority=canonical_authority(authority))
        if created:
            s.add(row)
        row.committees, row.contact = wanted, contact or (None if created else row.contact)
        row.allow_hosts = json.dumps(sorted({h.strip().lower() for h in allow_hosts})) \
            if allow_hosts else None
        s.flush()
    return row, created


def list_sources(engine: Engine) -> list[WatchSource]:
    ensure_schema(engine)
    with session_scope(engine) as s:
        return list(s.scalars(select(WatchSource).order_by(WatchSource.id)))


def committees_of(source: WatchSource) -> list[str]:
    return json.loads(source.committees) if source.committees else []


@dataclass(frozen=True)
class WatchOptions:
    """What a run looks at. Without ``since`` the window starts
    ``lookback_days`` before the source's last clean run (or today), so
    papers added late to past meetings (minutes, supplements) are found."""

    since: dt.date | None = None
    until: dt.date | None = None
    lookback_days: int = 60
    lookahead_days: int = 60
    max_lookback_days: int = 366
    source_ids: tuple[int, ...] = ()
    #: ask again (conditional GET) for known attachments that had validators
    revalidate: bool = True
    #: when papers that failed for a passing reason are asked for again
    retry: RetryPolicy = RetryPolicy()
    #: limits the papers are parsed under
    extract: ExtractSettings = ExtractSettings()


@dataclass
class RunSummary:
    sources: list[SourceReport] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.sources)

    @property
    def errors(self) -> list[str]:
        return [e for r in self.sources for e in r.errors]

    @property
    def exit_code(self) -> int:
        """0 clean; 3 some errors; 4 no source could be checked; 5 a source was locked."""
        checked = [r for r in self.sources if r.status != "locked"]
        if checked and all(r.status == "failed" for r in checked):
            return EXIT_ALL_FAILED
        if self.errors:
            return EXIT_PARTIAL
        if len(checked) < len(self.sources):
            return EXIT_LOCKED
        return EXIT_OK

    def line(self) -> str:
        def count(status: str) -> int:
            return sum(1 for r in self.sources if r.status == status)

        checked = len(self.sources) - count("locked") - count("interrupted")
        text = (f"sources checked {checked}, meetings {self.total('meetings')}, "
                f"new documents {self.total('new_documents')}, items {self.total('items')}, "
                f"errors {len(self.errors)}")
        extra = [f"{name} {n}" for name, n in (
            ("linked", self.total("linked")), ("not ingested", self.total("not_ingested")),
            ("locked", count("locked")), ("interrupted", count("interrupted"))) if n]
        return text + (f" ({', '.join(extra)})" if extra else "")


def meeting_window(options: WatchOptions, last_success: dt.datetime | None,
                   today: dt.date) -> tuple[dt.date, dt.date]:
    """Meeting dates a run looks at (see :class:`WatchOptions`)."""
    until = options.until or today + dt.timedelta(days=options.lookahead_days)
    if options.since:
        return options.since, until
    base = min(last_success.date(), today) if last_success else today
    since = max(base - dt.timedelta(days=options.lookback_days),
                today - dt.timedelta(days=options.max_lookback_days))
    return since, until


def run_watch(engine: Engine, store: Path, options: WatchOptions | None = None,
              http: HttpSettings | None = None,
              sleep: Callable[[float], None] = time.sleep) -> RunSummary:
    """Check every source (or ``options.source_ids``) once; never raises for
    a source's network or format problems, which are counted in the summary."""
    options, http = options or WatchOptions(), http or HttpSettings()
    sources = select_sources(engine, options)
    throttle = HostThrottle(http.min_interval, sleep=sleep)  # shared: per host, not per source
    summary = RunSummary()
    for source in sources:
        with reported_if_interrupted(summary, source, len(sources)):
            summary.sources.append(check_source(
                engine, Path(store), source, options, http,
                lambda settings: PoliteClient(settings, sleep=sleep, throttle=throttle)))
    return summary


def select_sources(engine: Engine, options: WatchOptions) -> list[WatchSource]:
    """The sources a run checks (all, or ``options.source_ids``); bad options raise WatchError."""
    if options.since and options.until and options.since > options.until:
        raise WatchError(f"--since {options.since} is after --until {options.until}")
    ensure_schema(engine)
    sources = list_sources(engine)
    if options.source_ids:
        known = {s.id for s in sources}
        missing = sorted(set(options.source_ids) - known)
        if missing:
            raise WatchError(f"no watch source with id {', '.join(map(str, missing))}")
        sources = [s for s in sources if s.id in options.source_ids]
    if not sources:  # most likely a wrong --db in a cron line: say so instead of "0 checked"
        raise WatchError(f"no watch sources in {engine.url.render_as_string(hide_password=True)}: "
                         "add one with plans watch add moderngov (is --db right?)")
    return sources


def check_source(engine: Engine, store: Path, source: WatchSource, options: WatchOptions,
                 http: HttpSettings,
                 make_client: Callable[[HttpSettings], PoliteClient]) -> SourceReport:
    """One source checked with a client from ``make_client`` (which decides how
    politeness is shared: one process, or a whole cluster)."""
    use_own = source.contact and not http.contact  # a run-wide contact wins
    settings = http.with_(contact=source.contact) if use_own else http
    settings = settings.with_(source_site=source.site,
                              allow_hosts=tuple(json.loads(source.allow_hosts or "[]")))
    run = SourceRun(engine, store, make_client(settings), source, options)
    try:
        report = run.run()
    except KeyboardInterrupt as exc:  # what this source did so far goes into the summary
        run.report.status = "interrupted"
        exc.report = run.report  # type: ignore[attr-defined]
        raise
    if not settings.contact:
        report.warnings.append("no contact in the User-Agent (set --contact or "
                               "$PLANS_CONTACT): the council cannot reach you")
    return report


class SourceRun:
    """One source, under its lock: committees -> meetings -> attachments."""

    def __init__(self, engine: Engine, store: Path, client: PoliteClient, source: WatchSource,
                 options: WatchOptions):
        self.engine, self.store, self.client, self.source = engine, store, client, source
        self.options = options
        self.report = SourceReport(source.id, f"{source.authority} ({source.site})")
        self.tmp = store / "tmp" / f"source-{source.id}"
        self.fetch = FetchContext(engine, store, self.tmp, client, source, options.revalidate,
                                  self.report, options.retry, options.extract)

    def run(self) -> SourceReport:
        started = utcnow()
        try:
            with source_lock(self.store, self.source.id):
                self._clear_tmp()
                self._check(*meeting_window(self.options, self.source.last_success_at,
                                           dt.date.today()))
                self._finish(started)
        except LockHeld as exc:
            self.report.status = "locked"
            self.report.label += f": {exc}"
        except Exception as exc:
            self.error(RuntimeError(f"{self.source.site}: {type(exc).__name__}: {exc}"))
            self.report.status = "failed"
            try:
                self._finish(started)
            except Exception:
                pass
        return self.report

    def _clear_tmp(self) -> None:
        """Remove partial downloads a killed run left behind (we hold the lock)."""
        if self.tmp.is_dir():
            for part in self.tmp.glob("*.part"):
                part.unlink(missing_ok=True)

    def _finish(self, started: dt.datetime) -> None:
        errors = self.report.errors
        if errors and self.report.status == "ok":
            self.report.status = "partial"
        with session_scope(self.engine) as s:
            row = s.get(WatchSource, self.source.id)
            if row is None:  # removed (plans watch remove) while this run checked it
                return
            row.last_run_at = utcnow()
            row.last_error = errors[0][:1000] if errors else None
            if not errors:
                row.last_success_at = started

    def error(self, exc: Exception) -> None:
        """Count a problem of this source; the run carries on."""
        self.report.add_error(exc)

    def _api(self, method: str, **params: object) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.source.site}/mgWebService.asmx/{method}{query}"

    def _check(self, since: dt.date, until: dt.date) -> None:
        try:
            resp = self.client.get(self._api("GetCommittees"))
            committees = parse_committees(resp.body, resp.url)
        except (FetchError, ModernGovXMLError) as exc:
            self.error(exc)
            self.report.status = "failed"
            return
        for committee in self._select(committees):
            try:
                resp = self.client.get(self._api(
                    "GetMeetings", lCommitteeId=committee.id,
                    sFromDate=since.strftime("%d/%m/%Y"), sToDate=until.strftime("%d/%m/%Y")))
                meetings = parse_meetings(resp.body, resp.url)
            except (FetchError, ModernGovXMLError) as exc:
                self.error(exc)
                continue
            for summary in meetings:
                if summary.date is None or since <= summary.date <= until:
                    self._meeting(summary, committee)

    def _select(self, committees: list[Committee]) -> list[Committee]:
        wanted = committees_of(self.source)
        if not wanted:
            return committees
        by_key = {c.title.casefold(): c for c in committees} | {str(c.id): c for c in committees}
        chosen = []
        for name in wanted:
            found = by_key.get(name.casefold())
            if found is None:
                self.error(WatchError(f"{self.source.site}: no committee called {name!r}"))
            elif found not in chosen:
                chosen.append(found)
        return chosen

    def _meeting(self, summary: MeetingSummary, committee: Committee) -> None:
        try:
            resp = self.client.get(self._api("GetMeeting", lMeetingId=summary.id))
            meeting = parse_meeting(resp.body, resp.url)
        except (FetchError, ModernGovXMLError) as exc:
            self.error(exc)
            return
        self.report.meetings += 1
        meeting.date = meeting.date or summary.date
        meeting.committee_title = meeting.committee_title or committee.title
        row_id = self._save_meeting(meeting, committee)
        if not meeting.agenda_published:
            return  # asked again next run, until the agenda is out
        seen: set[int] = set()
        for doc in meeting.documents:
            if doc.attachment_id not in seen:
                seen.add(doc.attachment_id)
                self._attachment(row_id, meeting, doc)

    def _save_meeting(self, m: Meeting, committee: Committee) -> int:
        with session_scope(self.engine) as s:
            row = s.scalar(select(WatchMeeting).where(WatchMeeting.source_id == self.source.id,
                                                      WatchMeeting.meeting_id == m.id))
            if row is None:
                row = WatchMeeting(source_id=self.source.id, meeting_id=m.id)
                s.add(row)
            row.committee_id = m.committee_id or committee.id
            row.committee, row.meeting_date, row.status = m.committee_title, m.date, m.status
            row.agenda_published = m.agenda_published
            row.documents = len({d.attachment_id for d in m.documents})
            row.checked_at = utcnow()
            s.flush()
            return row.id

    def _attachment(self, meeting_row: int, meeting: Meeting, doc: LinkedDoc) -> None:
        fetch_attachment(self.fetch, meeting_row, meeting, doc)
