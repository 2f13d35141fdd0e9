"""ingest.watch: whole runs against a ModernGov-shaped server on 127.0.0.1
whose state changes between runs, into a real database."""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

from council_plans.db.engine import get_engine, session_scope
from council_plans.ingest.moderngov.http import HttpSettings
from council_plans.ingest.moderngov.watch import (EXIT_ALL_FAILED, EXIT_OK, EXIT_PARTIAL, WatchError, WatchOptions,
                          add_source, list_sources, meeting_window, normalise_site, run_watch)
from council_plans.ingest.moderngov.fetch import _Seen, plan_fetch, store_path
from council_plans.ingest.moderngov.agenda import LinkedDoc
from council_plans.schema.models import Document
from council_plans.schema.watch import WatchAttachment, WatchMeeting, WatchSource
from tests.fake_moderngov import (API, CHILDREN, WINDOW, Doc, Fault, FakeModernGov, add_plan,
                                  doc_path, example_council, plan_pdf, retries_fall_due)
from tests.fake_moderngov import direct_to_localhost  # noqa: F401 (autouse fixture)

FAST = HttpSettings(contact="watch-tests@example.org", min_interval=0.0, timeout=3.0,
                    backoff_base=0.01, backoff_max=0.05, max_retries=3)
IN_2017 = WatchOptions(since=WINDOW[0], until=WINDOW[1])


@pytest.fixture()
def council():
    with example_council() as fake:
        yield fake


@pytest.fixture()
def engine(tmp_path):
    return get_engine(f"sqlite:///{tmp_path / 'plans.db'}")


def _watch_children(engine, fake):
    source, _ = add_source(engine, fake.site + "/", "Example Council", (CHILDREN,))
    return source


def _run(engine, tmp_path, **options):
    opts = IN_2017 if not options else WatchOptions(**{"since": WINDOW[0], "until": WINDOW[1],
                                                       **options})
    return run_watch(engine, tmp_path / "store", opts, FAST)


def _pdf_fetches(fake, status=200):
    return sorted(r.path for r in fake.requests_for("/documents/", status))


def _attachments(engine):
    with session_scope(engine) as s:
        return {a.attachment_id: a for a in s.scalars(select(WatchAttachment))}


def test_first_run_ingests_every_published_paper_of_the_followed_committee(db_url, tmp_path,
                                                                            council):
    engine = get_engine(db_url)
    _watch_children(engine, council)
    summary = _run(engine, tmp_path)
    assert summary.exit_code == EXIT_OK, summary.errors
    assert summary.line() == "sources checked 1, meetings 2, new documents 2, items 6, errors 0"
    assert _pdf_fetches(council) == [doc_path(5501), doc_path(5502)]
    with session_scope(engine) as s:
        docs = s.scalars(select(Document)).all()
        assert len(docs) == 2
        (d,) = [d for d in docs if d.source_url.endswith(doc_path(5501))]
        assert (d.committee, d.meeting_id, d.meeting_date) == (CHILDREN, "901", dt.date(2017, 3, 7))
        assert d.source_url == council.site + doc_path(5501)
        meetings = {m.meeting_id: m for m in s.scalars(select(WatchMeeting))}
    assert sorted(meetings) == [901, 902] and meetings[902].agenda_published is False
    rows = _attachments(engine)
    assert sorted(rows) == [5501, 5502]
    for aid, row in rows.items():
        body = plan_pdf(str(aid))
        assert row.sha256 == hashlib.sha256(body).hexdigest() and row.etag and row.fetched_at
        assert row.status == "ingested" and row.document_id is not None
        assert store_path(tmp_path / "store", row.sha256).read_bytes() == body


def test_second_run_downloads_nothing_and_asks_only_conditionally(tmp_path, council, engine):
    _watch_children(engine, council)
    _run(engine, tmp_path)
    before = len(council.log)
    summary = _run(engine, tmp_path)
    assert summary.line() == "sources checked 1, meetings 2, new documents 0, items 0, errors 0"
    second = council.log[before:]
    pdf_requests = [r for r in second if r.path.startswith("/documents/")]
    assert [r.status for r in pdf_requests] == [304, 304]
    assert all(r.headers.get("If-None-Match") for r in pdf_requests)


def test_a_new_paper_and_a_newly_published_agenda_are_the_only_downloads(tmp_path, council,
                                                                        engine):
    _watch_children(engine, council)
    _run(engine, tmp_path)
    already = len(council.requests_for("/documents/", 200))
    add_plan(council, 901, 5503, "Late supplement")
    council.meetings[902].agenda_published = True
    add_plan(council, 902, 5601, "Improvement plan")
    summary = _run(engine, tmp_path)
    assert summary.total("new_documents") == 2 and summary.exit_code == EXIT_OK
    new = sorted(r.path for r in council.requests_for("/documents/", 200)[already:])
    assert new == [doc_path(5503), doc_path(5601)]
    with session_scope(engine) as s:
        doc = s.scalar(select(Document).where(Document.meeting_id == "902"))
        assert doc.meeting_date == dt.date(2017, 5, 2)


def test_a_paper_replaced_at_the_same_url_becomes_a_new_document(tmp_path, council, engine):
    _watch_children(engine, council)
    _run(engine, tmp_path)
    old = _attachments(engine)[5501]
    council.files[doc_path(5501)].body = plan_pdf("5501 revised")
    summary = _run(engine, tmp_path)
    assert summary.total("new_documents") == 1
    new = _attachments(engine)[5501]
    assert new.sha256 == hashlib.sha256(plan_pdf("5501 revised")).hexdigest() != old.sha256
    assert new.document_id != old.document_id and new.etag != old.etag


def test_the_same_pdf_linked_twice_is_stored_once_and_linked(tmp_path, council, engine):
    _watch_children(engine, council)
    add_plan(council, 901, 5509, "Appendix: the plan again", tag="5501")
    summary = _run(engine, tmp_path)
    assert (summary.total("new_documents"), summary.total("linked")) == (2, 1)
    rows = _attachments(engine)
    assert rows[5509].status == "linked" and rows[5509].document_id == rows[5501].document_id
    with session_scope(engine) as s:
        assert len(s.scalars(select(Document)).all()) == 2


def test_429_500_and_a_slow_reply_are_retried_and_the_run_is_still_clean(tmp_path, council,
                                                                        engine):
    _watch_children(engine, council)
    council.fault(API + "GetMeeting", Fault(status=429, retry_after="1"), Fault(status=500))
    council.fault(doc_path(5502), Fault(status=503), Fault(delay=2.5))
    summary = run_watch(engine, tmp_path / "store", IN_2017, FAST.with_(timeout=1.0))
    assert summary.exit_code == EXIT_OK, summary.errors
    assert summary.total("new_documents") == 2
    statuses = [r.status for r in council.requests_for(API + "GetMeeting")]
    assert statuses[:3] == [429, 500, 200]
    assert len(council.requests_for(doc_path(5502))) == 3  # 503, timed out, 200


def test_a_paper_that_keeps_failing_is_reported_and_fetched_on_the_next_run(tmp_path, council,
                                                                           engine):
    _watch_children(engine, council)
    council.fault(doc_path(5502), *[Fault(status=500)] * 4)
    first = _run(engine, tmp_path)
    assert first.exit_code == EXIT_PARTIAL and len(first.errors) == 1
    assert doc_path(5502) in first.errors[0] and "HTTP 500" in first.errors[0]
    row = _attachments(engine)[5502]
    assert (row.status, row.sha256) == ("error", None)
    with session_scope(engine) as s:
        assert s.scalar(select(WatchSource)).last_error.startswith(council.site)
    waiting = _run(engine, tmp_path)  # the retry waits (backoff): reported, not asked
    assert waiting.exit_code == EXIT_PARTIAL and "waiting to retry" in waiting.errors[0]
    assert len(council.requests_for(doc_path(5502))) == 4
    retries_fall_due(engine)
    second = _run(engine, tmp_path)
    assert second.exit_code == EXIT_OK and second.total("new_documents") == 1
    assert _attachments(engine)[5502].status == "ingested"


def test_a_site_that_is_down_fails_the_source_with_exit_4(tmp_path, engine):
    with FakeModernGov() as gone:
        site = gone.site
    add_source(engine, site, "Gone Council")
    summary = _run(engine, tmp_path)
    assert summary.exit_code == EXIT_ALL_FAILED
    assert summary.sources[0].status == "failed" and "connection failed" in summary.errors[0]


def test_an_html_error_page_instead_of_xml_is_a_named_error(tmp_path, engine, council):
    council.redirects[API + "GetCommittees"] = "/login.html"
    council.files["/login.html"] = council.files[doc_path(5501)].__class__(
        b"<!DOCTYPE html><html>Sign in</html>", content_type="text/html")
    _watch_children(engine, council)
    summary = _run(engine, tmp_path)
    assert summary.exit_code == EXIT_ALL_FAILED
    assert "not a ModernGov web-service reply (looks like HTML" in summary.errors[0]


def test_an_unknown_committee_is_an_error_but_the_others_are_still_checked(tmp_path, council,
                                                                          engine):
    add_source(engine, council.site, "Example Council", (CHILDREN, "Planning Committee"))
    summary = _run(engine, tmp_path)
    assert summary.exit_code == EXIT_PARTIAL
    assert summary.errors == [f"{council.site}: no committee called 'Planning Committee'"]
    assert summary.total("new_documents") == 2


def test_without_a_committee_filter_every_committee_is_followed(tmp_path, council, engine):
    add_source(engine, council.site, "Example Council")
    summary = _run(engine, tmp_path)
    assert summary.total("new_documents") == 3  # 5501, 5502 and the cabinet's 6001
    assert doc_path(4401) not in _pdf_fetches(council)  # 2016: outside the window


def test_links_to_non_pdf_files_are_recorded_but_never_ingested(tmp_path, council, engine):
    _watch_children(engine, council)
    council.add_doc(901, "Appendix", Doc(5510, "Data", "/documents/s5510/data.xlsx",
                                         dt.date(2017, 3, 1)), b"PK\x03\x04")
    council.add_doc(901, "Appendix", Doc(5511, "Odd", "/documents/s5511/odd.pdf",
                                         dt.date(2017, 3, 1)), b"<html>oops</html>")
    summary = _run(engine, tmp_path)
    rows = _attachments(engine)
    assert rows[5510].status == rows[5511].status == "not-pdf"
    assert rows[5510].attempts == 0 and not council.requests_for("/documents/s5510/")
    assert summary.total("new_documents") == 2 and summary.exit_code == EXIT_PARTIAL
    assert ["odd.pdf" in e and "not a PDF" in e for e in summary.errors] == [True]


def test_requests_to_the_council_are_spaced_by_the_configured_interval(tmp_path, council,
                                                                      engine):
    _watch_children(engine, council)
    run_watch(engine, tmp_path / "store", IN_2017, FAST.with_(min_interval=0.1))
    times = [r.at for r in council.log]
    assert len(times) >= 6
    # stamped when the server thread gets to a request: allow 30 ms of scheduling jitter
    assert all(b - a >= 0.07 for a, b in zip(times, times[1:]))


def test_adding_the_same_source_again_updates_its_committees(engine):
    first, created = add_source(engine, "https://Democracy.example.gov.uk/mgWebService.asmx?x=1",
                                "Example Council", ("Cabinet",))
    again, created_again = add_source(engine, "https://democracy.example.gov.uk/",
                                      "Example Council", ("Scrutiny", "Cabinet"))
    assert created and not created_again and first.id == again.id
    (only,) = list_sources(engine)
    assert only.site == "https://democracy.example.gov.uk"
    assert only.committees == '["Cabinet", "Scrutiny"]'


@pytest.mark.parametrize("bad", ["democracy.example.gov.uk", "ftp://x.example", "file:///etc"])
def test_a_site_that_is_not_an_http_address_is_refused(bad):
    with pytest.raises(WatchError, match="not an http"):
        normalise_site(bad)


def test_default_window_starts_before_the_last_clean_run_and_is_capped():
    today, opts = dt.date(2017, 6, 30), WatchOptions()
    assert meeting_window(opts, None, today) == (dt.date(2017, 5, 1), dt.date(2017, 8, 29))
    last = dt.datetime(2017, 6, 1, 2, 0, tzinfo=dt.timezone.utc)
    assert meeting_window(opts, last, today)[0] == dt.date(2017, 4, 2)
    ancient = dt.datetime(2010, 1, 1, tzinfo=dt.timezone.utc)
    assert meeting_window(opts, ancient, today)[0] == dt.date(2016, 6, 29)
    assert meeting_window(IN_2017, last, today) == WINDOW


def _seen(**kw):
    base = dict(status="ingested", url="https://x.example/a.pdf",
                publication_date=dt.date(2017, 3, 1), sha256="ab" * 32, etag='"e1"',
                last_modified=None)
    return _Seen(**{**base, **kw})


@pytest.mark.parametrize("prev, url, published, revalidate, want", [
    (None, "https://x.example/a.pdf", dt.date(2017, 3, 1), True, "full"),
    (_seen(status="error", sha256=None), "https://x.example/a.pdf", dt.date(2017, 3, 1), True,
     "full"),
    (_seen(), "https://x.example/b.pdf", dt.date(2017, 3, 1), True, "full"),
    (_seen(), "https://x.example/a.pdf", dt.date(2017, 3, 1), True, "conditional"),
    (_seen(), "https://x.example/a.pdf", dt.date(2017, 3, 1), False, None),
    (_seen(etag=None), "https://x.example/a.pdf", dt.date(2017, 3, 1), True, None),
    (_seen(etag=None), "https://x.example/a.pdf", dt.date(2017, 4, 1), True, "full"),
    (_seen(), "https://x.example/a.pdf", dt.date(2017, 4, 1), False, "conditional"),
    (_seen(status="not-pdf", sha256=None), "https://x.example/a.pdf", dt.date(2017, 3, 1), True,
     None),
])
def test_what_is_asked_again_depends_on_url_publication_date_and_validators(
        prev, url, published, revalidate, want):
    doc = LinkedDoc(1, "Plan", url, published)
    assert plan_fetch(prev, url, doc, revalidate) == want


def test_an_unexpected_failure_in_one_source_does_not_stop_the_next(tmp_path, council, engine):
    _watch_children(engine, council)
    add_source(engine, council.site, "Second Council", (CHILDREN,))
    store = tmp_path / "store"
    (store / "documents").mkdir(parents=True)
    (store / "tmp").write_text("a file where the temp directory should be")
    summary = run_watch(engine, store, IN_2017, FAST)
    assert [r.status for r in summary.sources] == ["failed", "failed"]
    assert summary.exit_code == EXIT_ALL_FAILED
    assert len(summary.errors) == 2 and all("tmp" in e for e in summary.errors)


def test_a_moved_paper_that_fails_to_download_is_tried_again_at_its_new_url(tmp_path, council,
                                                                           engine):
    _watch_children(engine, council)
    _run(engine, tmp_path)
    before = _attachments(engine)[5501]
    (doc,) = council.meetings[901].items["Improvement plan"]
    council.files["/documents/moved/5501.pdf"] = council.files[doc.path]
    council.meetings[901].items["Improvement plan"] = [
        Doc(doc.attachment_id, doc.title, "/documents/moved/5501.pdf", doc.published)]
    council.fault("/documents/moved/5501.pdf", *[Fault(status=500)] * 4)
    assert _run(engine, tmp_path).exit_code == EXIT_PARTIAL
    assert _attachments(engine)[5501].url == council.site + doc_path(5501)  # unchanged
    assert _run(engine, tmp_path).exit_code == EXIT_OK
    row = _attachments(engine)[5501]
    assert row.url == council.site + "/documents/moved/5501.pdf"
    assert (row.status, row.document_id) == ("ingested", before.document_id)  # same bytes
    assert len(council.requests_for("/documents/moved/5501.pdf", 200)) == 1
