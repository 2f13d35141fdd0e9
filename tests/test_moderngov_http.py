"""ingest.http: the polite client against a real server on 127.0.0.1."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone

import pytest

from council_plans.ingest.moderngov.http import (FetchError, HostThrottle, HttpSettings, PoliteClient,
                                                retry_after_seconds)
from tests.fake_moderngov import API, Doc, Fault, FakeMeeting, FakeModernGov
from tests.fake_moderngov import direct_to_localhost  # noqa: F401 (autouse fixture)

FAST = HttpSettings(contact="research@example.org", min_interval=0.0, timeout=2.0,
                    backoff_base=0.01, backoff_max=0.05, max_retries=3)


@pytest.fixture()
def fake():
    with FakeModernGov({1: "Cabinet"}) as server:
        server.meetings[10] = FakeMeeting(10, 1, date(2017, 3, 1))
        yield server


def _pdf_doc(fake, body: bytes = b"%PDF-1.4 fake body", **kw) -> str:
    doc = fake.add_doc(10, "Plan", Doc(100, "Plan", "/documents/s100/Plan.pdf",
                                       date(2017, 2, 20)), body, **kw)
    return fake.site + doc.path


def test_user_agent_names_the_tool_and_the_configured_contact(fake):
    PoliteClient(FAST).get(fake.site + API + "GetCommittees")
    (req,) = fake.log
    assert "council-plans-watch/" in req.headers["User-Agent"]
    assert "research@example.org" in req.headers["User-Agent"]


def test_429_with_retry_after_is_waited_out_then_retried(fake):
    fake.fault(API + "GetCommittees", Fault(status=429, retry_after="1"))
    waits: list[float] = []
    client = PoliteClient(FAST, sleep=waits.append)
    resp = client.get(fake.site + API + "GetCommittees")
    assert resp.status == 200 and b"<committees>" in resp.body
    assert [r.status for r in fake.log] == [429, 200]
    assert waits and max(waits) >= 1.0  # the client asked to sleep what the server said


def test_500_then_success_is_retried_but_404_is_not(fake):
    fake.fault(API + "GetCommittees", Fault(status=500), Fault(status=503))
    assert PoliteClient(FAST).get(fake.site + API + "GetCommittees").status == 200
    assert [r.status for r in fake.log] == [500, 503, 200]
    with pytest.raises(FetchError, match="HTTP 404"):
        PoliteClient(FAST).get(fake.site + "/documents/missing.pdf")
    assert len(fake.requests_for("/documents/missing.pdf")) == 1


def test_persistent_5xx_gives_up_after_the_configured_retries(fake):
    fake.fault(API + "GetCommittees", *[Fault(status=502)] * 10)
    with pytest.raises(FetchError, match="HTTP 502 after 4 attempt"):
        PoliteClient(FAST).get(fake.site + API + "GetCommittees")
    assert len(fake.log) == 4


def test_retry_after_longer_than_the_cap_gives_up_instead_of_stalling(fake):
    fake.fault(API + "GetCommittees", Fault(status=429, retry_after="86400"))
    with pytest.raises(FetchError, match="Retry-After"):
        PoliteClient(FAST).get(fake.site + API + "GetCommittees")
    assert len(fake.log) == 1


def test_a_reply_slower_than_the_timeout_is_retried(fake):
    fake.fault(API + "GetCommittees", Fault(delay=1.5))
    resp = PoliteClient(FAST.with_(timeout=0.3)).get(fake.site + API + "GetCommittees")
    assert resp.status == 200
    assert len(fake.requests_for(API + "GetCommittees")) == 2


def test_connection_refused_is_retried_then_reported(tmp_path):
    with FakeModernGov() as gone:
        url = gone.site + API + "GetCommittees"
    waits: list[float] = []
    with pytest.raises(FetchError, match="connection failed"):
        PoliteClient(FAST.with_(max_retries=2), sleep=waits.append).get(url)
    assert len(waits) == 2  # one backoff before each retry


def test_requests_to_one_host_are_spaced_by_the_configured_interval(fake):
    client = PoliteClient(FAST.with_(min_interval=0.1))
    for _ in range(4):
        client.get(fake.site + API + "GetCommittees")
    times = [r.at for r in fake.log]
    # the server stamps a request when its thread gets to it: allow 30 ms of scheduling jitter
    assert all(b - a >= 0.07 for a, b in zip(times, times[1:]))


def test_throttle_spaces_back_to_back_requests_exactly_one_interval_apart():
    now = [10.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    throttle = HostThrottle(0.5, clock=lambda: now[0], sleep=sleep)
    starts = []
    for _ in range(4):
        throttle.wait("a.example")
        starts.append(now[0])
        now[0] += 0.1  # the request itself took 0.1 s
    assert starts == [10.0, 10.5, 11.0, 11.5]
    throttle.wait("a.example", at_least=2.0)  # a Retry-After wait is added on top
    assert now[0] == pytest.approx(11.6 + 2.0)


def test_throttle_keeps_separate_clocks_per_host():
    now = [100.0]
    slept: list[float] = []
    throttle = HostThrottle(1.0, clock=lambda: now[0], sleep=slept.append)
    throttle.wait("a.example")
    throttle.wait("b.example")
    throttle.wait("a.example")
    assert slept == [1.0]


def test_download_hashes_the_body_and_uses_etag_for_a_conditional_get(fake, tmp_path):
    body = b"%PDF-1.4 " + b"x" * 200_000
    url = _pdf_doc(fake, body)
    client = PoliteClient(FAST)
    first = client.download(url, tmp_path)
    assert first.status == 200 and first.sha256 == hashlib.sha256(body).hexdigest()
    assert first.path.read_bytes() == body and first.etag
    again = client.download(url, tmp_path, etag=first.etag)
    assert again.not_modified and again.path is None
    assert fake.log[-1].headers["If-None-Match"] == first.etag
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.path.name]


def test_last_modified_alone_is_used_as_a_validator(fake, tmp_path):
    url = _pdf_doc(fake, etag=False, last_modified=datetime(2017, 2, 20, tzinfo=timezone.utc))
    client = PoliteClient(FAST)
    first = client.download(url, tmp_path)
    assert first.etag is None and first.last_modified
    assert client.download(url, tmp_path, last_modified=first.last_modified).not_modified


def test_a_stalled_body_leaves_no_partial_file(fake, tmp_path):
    url = _pdf_doc(fake, b"%PDF-1.4 " + b"y" * 50_000)
    fake.fault("/documents/s100/Plan.pdf", Fault(drip=0.05))
    slow = FAST.with_(max_download_seconds=0.2)
    with pytest.raises(FetchError, match="longer than"):
        PoliteClient(slow).download(url, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_oversized_body_is_refused_and_removed(fake, tmp_path):
    url = _pdf_doc(fake, b"%PDF-1.4 " + b"z" * 10_000)
    with pytest.raises(FetchError, match="larger than"):
        PoliteClient(FAST.with_(max_bytes=1000)).download(url, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_redirects_are_followed_but_not_to_other_schemes(fake, tmp_path):
    url = _pdf_doc(fake)
    fake.redirects["/old/Plan.pdf"] = "/documents/s100/Plan.pdf"
    got = PoliteClient(FAST).download(fake.site + "/old/Plan.pdf", tmp_path)
    assert got.status == 200 and got.url == url
    assert [r.status for r in fake.log] == [302, 200]
    fake.redirects["/evil.pdf"] = "file:///etc/passwd"
    with pytest.raises(FetchError, match="non-http"):
        PoliteClient(FAST).get(fake.site + "/evil.pdf")


def test_unknown_http_setting_is_rejected():
    with pytest.raises(ValueError, match="unknown http setting"):
        HttpSettings.from_dict({"min_intervall": 2})


def test_retry_after_accepts_seconds_and_http_dates():
    assert retry_after_seconds("120") == 120.0
    now = datetime(2017, 3, 1, 10, 0, 0, tzinfo=timezone.utc).timestamp()
    assert retry_after_seconds("Wed, 01 Mar 2017 10:00:10 GMT", now=now) == 10
    assert retry_after_seconds("later") is None
