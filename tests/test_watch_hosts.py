"""The watcher fetches only from its source's host, and no request outlives its deadline.

A hostile ModernGov server redirects to another port, links an attachment on
another host, or sends its headers one byte at a time: a canary server on a
second port must never be asked, and a dribbling server must not hold a run.
"""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
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
PLANS = str(Path(sys.executable).parent / "plans")


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


def _dribble(conn: socket.socket, stop: threading.Event) -> None:
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
    conn.close()


def _dribbling_server(stop: threading.Event) -> int:
    """A server that sends its status line and headers one byte per 0.2 s,
    to every connection, until ``stop``."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            threading.Thread(target=_dribble, args=(conn, stop), daemon=True).start()
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


def _plans(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([PLANS, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kw)


def _wait_until_locked(path: Path, patience: float = 60.0) -> None:
    import fcntl

    give_up = time.monotonic() + patience
    while time.monotonic() < give_up:
        if path.exists():
            with open(path, "a") as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(fh, fcntl.LOCK_UN)
                except BlockingIOError:
                    return
        time.sleep(0.05)
    raise AssertionError(f"{path} was never locked")


def test_a_watch_run_against_a_dribbling_site_ends_and_the_next_run_is_not_locked(tmp_path):
    stop = threading.Event()
    site = f"http://127.0.0.1:{_dribbling_server(stop)}"
    db, store = f"sqlite:///{tmp_path / 'plans.db'}", str(tmp_path / "store")
    try:
        assert _plans("watch", "add", "moderngov", "--site", site, "--authority", "Slow Council",
                      "--db", db).wait(timeout=120) == 0
        run = ["watch", "run", "--db", db, "--store", store, "--timeout", "1", "--retries", "0",
               "--interval", "0", "--contact", "t@example.org"]
        first = _plans(*run)
        _, err = first.communicate(timeout=DRIBBLE_FOR - 2)  # before the server would finish
        assert first.returncode == 4 and "no complete response headers within 1s" in err
        killed = _plans(*run)  # a run killed while it holds the source's lock
        _wait_until_locked(Path(store) / "locks" / "source-1.lock")
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        after = _plans(*run)
        after.communicate(timeout=DRIBBLE_FOR - 2)
        assert after.returncode == 4  # checked (and failed), not skipped as locked (5)
    finally:
        stop.set()
