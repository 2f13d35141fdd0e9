"""A ModernGov-shaped web server on 127.0.0.1 for tests.

It serves ``mgWebService.asmx/GetCommittees|GetMeetings|GetMeeting`` as the
real service does (lower-case elements, counts with a leading space,
``True``/``False``, titles escaped twice) and PDFs under ``/documents/``.
Tests change :attr:`FakeModernGov.state` between runs (publish an agenda,
add or replace a document) and queue faults for a path (429 with
Retry-After, 500, a slow reply, a body that trickles out). Every request is
logged with its headers and a monotonic timestamp so tests can check what
the client asked for, never how fast it was.
"""
from __future__ import annotations

import hashlib
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import pytest

API = "/mgWebService.asmx/"


@pytest.fixture(autouse=True)
def direct_to_localhost(monkeypatch):
    """Never send 127.0.0.1 traffic through a proxy a CI machine may configure
    (import this fixture into a test module to make it apply there)."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


@pytest.fixture(name="council")
def council_fixture():
    """The example council's site (:func:`example_council`), served for one test
    (import ``council_fixture`` to use it as ``council``)."""
    with example_council() as fake:
        yield fake


@dataclass
class Doc:
    attachment_id: int
    title: str
    path: str  # e.g. /documents/s123/Plan.pdf
    published: date


@dataclass
class FakeMeeting:
    id: int
    committee_id: int
    date: date
    agenda_published: bool = True
    status: str = "confirmed"
    #: agenda item title -> documents linked to it
    items: dict[str, list[Doc]] = field(default_factory=dict)


@dataclass
class FileBody:
    body: bytes
    etag: bool = True  # send a strong ETag derived from the body
    last_modified: datetime | None = None
    content_type: str = "application/pdf"


@dataclass
class Fault:
    """One scripted reply that replaces the normal one for a request."""

    status: int = 200  # 200 = serve the normal body (after delay/drip)
    retry_after: str | None = None
    delay: float = 0.0  # seconds before sending anything
    drip: float = 0.0  # seconds between chunks of the body
    chunk: int = 1024  # bytes per chunk when dripping


@dataclass
class LoggedRequest:
    at: float
    path: str
    query: dict[str, str]
    status: int
    headers: dict[str, str]


class FakeModernGov:
    """Start with ``with FakeModernGov() as fake:``; ``fake.site`` is the URL."""

    def __init__(self, committees: dict[int, str] | None = None):
        self.committees: dict[int, str] = dict(committees or {})
        self.meetings: dict[int, FakeMeeting] = {}
        self.files: dict[str, FileBody] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.redirects: dict[str, str] = {}  # path -> Location
        self.log: list[LoggedRequest] = []
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- state helpers used by tests ---------------------------------------
    def add_doc(self, meeting_id: int, item: str, doc: Doc, body: bytes, **kw) -> Doc:
        with self.lock:
            self.meetings[meeting_id].items.setdefault(item, []).append(doc)
            self.files[doc.path] = FileBody(body, **kw)
        return doc

    def fault(self, path: str, *faults: Fault) -> None:
        with self.lock:
            self.faults.setdefault(path, []).extend(faults)

    def requests_for(self, path: str, status: int | None = None) -> list[LoggedRequest]:
        """Logged requests for ``path`` (every path under it if it ends with ``/``)."""
        def hit(p: str) -> bool:
            return p.startswith(path) if path.endswith("/") else p == path
        with self.lock:
            return [r for r in self.log if hit(r.path) and (status is None or r.status == status)]

    @property
    def site(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "FakeModernGov":
        fake = self

        class Handler(_Handler):
            state = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- XML ------------------------------------------------------------------
    def committees_xml(self) -> bytes:
        rows = "".join(
            f"<committee><committeeid>{cid}</committeeid>"
            f"<committeetitle>{_twice(title)}</committeetitle></committee>"
            for cid, title in self.committees.items())
        return _xml(f"<committees><committeescount> {len(self.committees)}</committeescount>"
                    f"{rows}</committees>")

    def meetings_xml(self, cid: int, since: date, until: date) -> bytes:
        found = [m for m in self.meetings.values()
                 if m.committee_id == cid and since <= m.date <= until]
        rows = "".join(
            f"<meeting><meetingid>{m.id}</meetingid><meetingdate>{_dmy(m.date)}</meetingdate>"
            f"<meetingstatus>{m.status}</meetingstatus></meeting>" for m in found)
        return _xml(f"<getmeetings><committee><committeeid>{cid}</committeeid>"
                    f"<committeetitle>{_twice(self.committees.get(cid, ''))}</committeetitle>"
                    f"<committeemeetings><meetingcount> {len(found)}</meetingcount>{rows}"
                    f"</committeemeetings></committee></getmeetings>")

    def meeting_xml(self, mid: int, site: str) -> bytes | None:
        m = self.meetings.get(mid)
        if m is None:
            return None
        items = ""
        for title, docs in (m.items.items() if m.agenda_published else []):
            links = "".join(
                f"<linkeddoc><attachmentid>{d.attachment_id}</attachmentid>"
                f"<title>{_twice(d.title)}</title><url>{escape(d.path if '://' in d.path else site + d.path)}</url>"
                f"<publicationdate>{_dmy(d.published)}</publicationdate></linkeddoc>"
                for d in docs)
            items += (f"<agendaitem><agendaitemtitle>{_twice(title)}</agendaitemtitle>"
                      f"<linkeddocuments><linkeddocumentcount> {len(docs)}</linkeddocumentcount>"
                      f"{links}</linkeddocuments></agendaitem>")
        return _xml(
            f"<meeting><meetingid>{m.id}</meetingid><committeeid>{m.committee_id}</committeeid>"
            f"<committeetitle>{_twice(self.committees.get(m.committee_id, ''))}</committeetitle>"
            f"<meetingdate>{_dmy(m.date)}</meetingdate><meetingstatus>{m.status}</meetingstatus>"
            f"<agendapublished>{'True' if m.agenda_published else 'False'}</agendapublished>"
            f"<agendaitems><agendaitemcount> {len(m.items)}</agendaitemcount>{items}"
            f"</agendaitems></meeting>")


def _twice(text: str) -> str:
    """Escape for XML twice, the way some ModernGov sites ship titles."""
    return escape(escape(text, {"'": "&#39;"}))


def _dmy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _xml(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>' + body).encode("utf-8")


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


class _Handler(BaseHTTPRequestHandler):
    state: FakeModernGov
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        fake = self.state
        with fake.lock:
            queue = fake.faults.get(parts.path)
            fault = queue.pop(0) if queue else Fault()
            status, body, headers = self._route(parts.path, query, fault)
            fake.log.append(LoggedRequest(time.monotonic(), parts.path, query, status,
                                          dict(self.headers.items())))
        try:
            self._reply(status, body, headers, fault)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client was killed mid-body, as some tests intend

    def _route(self, path: str, query: dict[str, str], fault: Fault) -> tuple[int, bytes, dict]:
        fake = self.state
        if fault.status != 200:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            return fault.status, b"<html><body>busy</body></html>", headers
        if path in fake.redirects:
            return 302, b"", {"Location": fake.redirects[path]}
        xml = {"Content-Type": "text/xml; charset=utf-8"}
        if path == API + "GetCommittees":
            return 200, fake.committees_xml(), xml
        if path == API + "GetMeetings":
            since, until = _parse_dmy(query["sFromDate"]), _parse_dmy(query["sToDate"])
            return 200, fake.meetings_xml(int(query["lCommitteeId"]), since, until), xml
        if path == API + "GetMeeting":
            body = fake.meeting_xml(int(query.get("lMeetingId", 0)), fake.site)
            return (200, body, xml) if body is not None else (404, b"no meeting", {})
        f = fake.files.get(path)
        if f is None:
            return 404, b"not found", {}
        headers = {"Content-Type": f.content_type}
        if f.etag:
            headers["ETag"] = etag_of(f.body)
            if self.headers.get("If-None-Match") == headers["ETag"]:
                return 304, b"", headers
        if f.last_modified:
            headers["Last-Modified"] = format_datetime(f.last_modified.astimezone(timezone.utc),
                                                       usegmt=True)
            if not f.etag and self.headers.get("If-Modified-Since") == headers["Last-Modified"]:
                return 304, b"", headers
        return 200, f.body, headers

    def _reply(self, status: int, body: bytes, headers: dict, fault: Fault) -> None:
        if fault.delay:
            time.sleep(fault.delay)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status == 304:
            return
        if not fault.drip:
            self.wfile.write(body)
            return
        for i in range(0, len(body), fault.chunk):
            self.wfile.write(body[i:i + fault.chunk])
            self.wfile.flush()
            time.sleep(fault.drip)


def _parse_dmy(text: str) -> date:
    d, m, y = (int(x) for x in text.split("/"))
    return date(y, m, d)


def wait_for_download(condition, proc, limit: float = 90.0) -> None:
    """Poll until ``condition()`` while the watch run ``proc`` is alive; a guard
    against hanging, not a timing assertion."""
    deadline = time.monotonic() + limit
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"watch run exited with {proc.returncode} before the slow download")
        if time.monotonic() > deadline:
            pytest.fail("the slow download never started")
        time.sleep(0.05)


# -- a small council used by the watcher tests ------------------------------------

CHILDREN = "Children's Services Improvement Board"
CABINET = "Cabinet & Resources"
WINDOW = (date(2017, 1, 1), date(2017, 12, 31))


@lru_cache(maxsize=None)
def plan_pdf(tag: str, rows: int = 3) -> bytes:
    """Bytes of a small ruled action-plan PDF, distinct per ``tag``."""
    from tests.plan_pdfs import make_plan_pdf

    with tempfile.TemporaryDirectory() as tmp:
        return make_plan_pdf(Path(tmp) / "plan.pdf", tag, rows).read_bytes()


def doc_path(attachment_id: int) -> str:
    return f"/documents/s{attachment_id}/Plan%20{attachment_id}.pdf"


def add_plan(fake: FakeModernGov, meeting_id: int, attachment_id: int, item: str,
             tag: str | None = None, **kw) -> Doc:
    """Link a plan PDF (content from ``tag``, default the attachment id) to a meeting."""
    doc = Doc(attachment_id, f"Improvement plan & update {attachment_id}",
              doc_path(attachment_id), fake.meetings[meeting_id].date)
    return fake.add_doc(meeting_id, item, doc, plan_pdf(tag or str(attachment_id)), **kw)


def example_council() -> FakeModernGov:
    """Two committees; in 2017 the children's board has one meeting with two
    papers and one whose agenda is not out yet; older and other-committee
    meetings have papers a watcher limited to that board must not fetch."""
    fake = FakeModernGov({12: CHILDREN, 40: CABINET})
    for mid, cid, day, published in ((800, 12, date(2016, 1, 5), True),
                                     (901, 12, date(2017, 3, 7), True),
                                     (902, 12, date(2017, 5, 2), False),
                                     (950, 40, date(2017, 3, 10), True)):
        fake.meetings[mid] = FakeMeeting(mid, cid, day, agenda_published=published)
    add_plan(fake, 800, 4401, "Old plan")
    add_plan(fake, 901, 5501, "Improvement plan")
    add_plan(fake, 901, 5502, "Progress report")
    add_plan(fake, 950, 6001, "Budget")
    return fake


def retries_fall_due(engine) -> None:
    """Time passes: every waiting retry of a watched paper is due now."""
    from sqlalchemy import update

    from council_plans.db.engine import session_scope
    from council_plans.schema.watch import WatchAttachment

    with session_scope(engine) as s:
        s.execute(update(WatchAttachment).where(WatchAttachment.retry_after.is_not(None))
                  .values(retry_after=datetime.now(timezone.utc) - timedelta(minutes=1)))
