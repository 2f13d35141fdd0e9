"""The watcher fetches only from its source's host, and no request outlives its deadline.

A hostile ModernGov server redirects to another port, links an attachment on
another host, or sends its headers one byte at a time: a canary server on a
second port must never be asked, and a dribbling server must not hold a run.
"""
from __future__ import annotations

import socket
import threading
import time
from datetime import date

import pytest

from council_plans.db.engine import get_engine
from council_plans.ingest.moderngov.http import FetchError, HttpSettings, PoliteClient
from council_plans.ingest.moderngov.watch import WatchOptions, add_source, run_watch
from tests.fake_moderngov import (CHILDREN, Doc, FakeModernGov, FileBody, doc_path,
                                  example_council, plan_pdf)
from tests.fake_moderngov import direct_to_localhost  # noqa: F401 (autouse fixture)

FAST = HttpSettings(contact="watch-tests@example.org", min_interval=0.0, timeout=2.0,
                    backoff_base=0.01, backoff_max=0.05, max_retries=0)
IN_2017 = WatchOptions(since=date(2017, 1, 1), until=date(2017, 12, 31))
CANARY_PATH = "/documents/c1/Canary.pdf"
#: how long the dribbling server keeps sending (it then completes the reply)
DRIBBLE_FOR = 20.0


@pytest.fixture()
def council():
    with example_council() as fake:
        yield fake


@pytest.fixture()
def canary():
    with FakeModernGov() as fake:
        fake.files[CANARY_PATH] = FileBody(plan_pdf("canary"))
        yield fake


def _watch(tmp_path, fake, allow_hosts=()):
    engine = get_engine(f"sqlite:///{tmp_path / 'plans.db'}")
    add_source(engine, fake.site, "Example Council", (CHILDREN,), allow_hosts=allow_hosts)
    return run_watch(engine, tmp_path / "store", IN_2017, FAST)


def test_a_redirect_to_another_port_is_refused_and_the_canary_never_asked(tmp_path, council,
                                                                         canary):
    council.redirects[doc_path(5501)] = canary.site + CANARY_PATH
    summary = _watch(tmp_path, council)
    assert canary.requests_for("/") == []
    assert summary.exit_code != 0
    assert any("is not the source's host" in e for e in summary.errors), summary.errors
    assert "new documents 1" in summary.line()


def test_an_agenda_link_to_another_host_is_refused(tmp_path, council, canary):
    council.add_doc(901, "Elsewhere", Doc(7001, "Plan elsewhere", canary.site + CANARY_PATH,
                                          date(2017, 3, 7)), b"")
    summary = _watch(tmp_path, council)
    assert canary.requests_for("/") == []
    assert any(canary.site.split("//")[1] in e for e in summary.errors), summary.errors


def test_a_host_the_user_allows_is_fetched(tmp_path, council, canary):
    council.redirects[doc_path(5501)] = canary.site + CANARY_PATH
    summary = _watch(tmp_path, council, allow_hosts=(canary.site.split("//")[1],))
    assert len(canary.requests_for(CANARY_PATH)) == 1
    assert summary.exit_code == 0, summary.errors


@pytest.mark.parametrize("address, kind", [("169.254.169.254", "forbidden"),
                                           ("10.1.2.3", "private")])
def test_link_local_and_private_addresses_are_refused_even_when_allowed_by_name(
        council, tmp_path, address, kind):
    council.redirects["/x"] = f"http://{address}/latest/meta-data/"
    client = PoliteClient(FAST.with_(source_site=council.site, allow_hosts=(address,)))
    with pytest.raises(FetchError, match=f"resolves to {kind} address {address}"):
        client.get(council.site + "/x")
    assert council.requests_for("/x")  # the source was asked; the address never


def _dribbling_server(stop: threading.Event) -> int:
    """A server that sends its status line and headers one byte per 0.2 s."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve() -> None:
        conn, _ = server.accept()
        conn.recv(65536)
        reply = b"HTTP/1.1 200 OK\r\n" + b"X-Pad: " + b"a" * 500 + b"\r\n\r\n"
        started = time.monotonic()
        for byte in reply:
            if stop.is_set() or time.monotonic() - started > DRIBBLE_FOR:
                break
            try:
                conn.send(bytes([byte]))
            except OSError:
                break
            time.sleep(0.2)
        else:
            conn.send(b"")
        conn.close()
        server.close()

    threading.Thread(target=serve, daemon=True).start()
    return server.getsockname()[1]


def test_a_server_dribbling_its_headers_is_given_up_at_the_total_deadline():
    stop = threading.Event()
    port = _dribbling_server(stop)
    site = f"http://127.0.0.1:{port}"
    try:
        with pytest.raises(FetchError, match="no complete response headers within 1s"):
            PoliteClient(FAST.with_(timeout=1.0, source_site=site)).get(site + "/x")
    finally:
        stop.set()
