"""``plans ingest --cluster`` on a real Dask cluster: a ``dask scheduler`` and
two single-threaded ``dask worker`` processes on 127.0.0.1, PostgreSQL as the
shared store. Every cluster run is compared row for row with a local run."""
from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

import psutil
import pytest

pytest.importorskip("distributed", reason="the [cluster] extra (distributed) is not installed")

from click.testing import CliRunner
from distributed import Client
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))
from db_rows import canonical_rows

from council_plans.cli import main
from council_plans.db.engine import get_engine, upgrade
from council_plans.db.server import create_database, drop_database
from council_plans.ingest.cluster.batch import ingest_with_client
from support.cluster_procs import SubprocessCluster
from council_plans.ingest.moderngov.http import HttpSettings
from council_plans.ingest.pipeline import FAILED, IMPORTED, SKIPPED, ingest_paths
from council_plans.parsers.settings import ExtractSettings
from council_plans.schema.models import Document, IngestError

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PLANS = ["borderless.pdf", "rag-text.pdf", "rotated-page.pdf", "missing-header-continuation.pdf"]
BAD = ["truncated.pdf", "encrypted-rc4.pdf", "not-a-pdf.pdf", "empty.pdf"]
SETTINGS = ExtractSettings(timeout_seconds=60)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> list[str]:
    """Four sample plans and four bad files, copied to one directory."""
    d = tmp_path_factory.mktemp("batch")
    for name in PLANS:
        shutil.copy(SAMPLES / "pdfs" / name, d / name)
    for name in BAD:
        shutil.copy(SAMPLES / "bad" / name, d / name)
    return sorted(str(p) for p in d.iterdir())


@pytest.fixture
def new_pg(pg_server_url):
    """A factory of new, migrated PostgreSQL databases, dropped afterwards."""
    made = []

    def make() -> str:
        url = create_database(pg_server_url)
        engine = get_engine(url)
        upgrade(engine)
        engine.dispose()
        made.append(url)
        return url

    yield make
    for url in made:
        drop_database(pg_server_url, make_url(url).database)


@pytest.fixture(scope="module")
def local_rows(batch, pg_server_url) -> dict[str, list[tuple]]:
    """The rows a plain local run stores for the batch."""
    url = create_database(pg_server_url)
    try:
        report = ingest_paths(batch, db_url=url, settings=SETTINGS)
        assert report.count(IMPORTED) == len(PLANS) and report.count(FAILED) == len(BAD)
        return canonical_rows(url)
    finally:
        drop_database(pg_server_url, make_url(url).database)


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A scheduler and two single-threaded workers as separate processes."""
    with SubprocessCluster(workers=2, log_dir=tmp_path_factory.mktemp("dask-logs")) as cluster:
        yield cluster


def test_a_cluster_batch_stores_exactly_the_rows_of_a_local_run(batch, local_rows, dask_cluster,
                                                                new_pg):
    url = new_pg()
    result = CliRunner().invoke(main, ["ingest", *batch, "--db", url, "--timeout", "60",
                                       "--cluster", dask_cluster.address])
    assert result.exit_code == 3, result.output
    assert f"documents: {len(PLANS)} imported, 0 skipped" in result.stdout
    assert f"[{len(batch)}/{len(batch)}]" in result.stderr  # progress fed by task completions
    assert canonical_rows(url) == local_rows


def test_a_worker_killed_mid_batch_leaves_the_same_rows(batch, local_rows, tmp_path, new_pg):
    url = new_pg()
    killed: list[str] = []
    with SubprocessCluster(workers=2, log_dir=tmp_path) as cluster, \
            Client(cluster.address) as client:

        class KillOnFirst:
            """On the first finished file, SIGKILL a worker that is busy with another."""

            def start(self, total: int) -> None:
                pass

            def advance(self, outcome) -> None:
                if killed:
                    return
                busy = {a: ks for a, ks in client.processing().items() if ks}
                names = client.scheduler_info()["workers"]
                victim = next(iter(busy), None)
                if victim is not None:
                    killed.append(names[victim]["name"])
                    cluster.kill_worker(killed[0])

        report = ingest_with_client(client, batch, db_url=url, settings=SETTINGS,
                                    reporter=KillOnFirst())
        assert killed, "no worker was busy when the first file finished"
        assert cluster.workers[killed[0]].poll() is not None
    assert len(report.outcomes) == len(batch)
    assert report.count(IMPORTED) + report.count(SKIPPED) == len(PLANS)
    assert canonical_rows(url) == local_rows


def test_a_file_whose_worker_dies_past_dasks_patience_is_recorded_as_crashed(batch, tmp_path,
                                                                            new_pg):
    url = new_pg()
    no_retry = {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
    with SubprocessCluster(workers=2, log_dir=tmp_path, env=no_retry) as cluster, \
            Client(cluster.address) as client:
        lost: list[str] = []

        class KillFirstBusy:
            def start(self, total: int) -> None:
                pass

            def advance(self, outcome) -> None:
                busy = [(a, ks) for a, ks in client.processing().items() if ks]
                if not lost and busy:
                    lost.extend(busy[0][1])
                    name = client.scheduler_info()["workers"][busy[0][0]]["name"]
                    cluster.kill_worker(name)

        report = ingest_with_client(client, batch, db_url=url, settings=SETTINGS,
                                    reporter=KillFirstBusy())
    assert lost, "no worker was busy when the first file finished"
    crashed = [o for o in report.outcomes if o.error_class == "WorkerCrashed"]
    assert crashed and all(o.stage == "parse" and "Dask worker" in o.error for o in crashed)
    assert len(report.outcomes) == len(batch)
    engine = get_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(IngestError.path).where(
            IngestError.error_class == "WorkerCrashed")).scalars().all()
    engine.dispose()
    assert sorted(rows) == sorted(o.path for o in crashed)


def test_the_same_files_submitted_twice_at_once_are_stored_once(batch, local_rows, dask_cluster,
                                                                new_pg):
    url = new_pg()
    reports = []

    def submit() -> None:
        with Client(dask_cluster.address) as client:
            reports.append(ingest_with_client(client, batch, db_url=url, settings=SETTINGS))

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(reports) == 2
    assert sum(r.count(IMPORTED) for r in reports) == len(PLANS)
    assert canonical_rows(url) == local_rows


def test_two_workers_storing_the_same_bytes_at_once_make_one_document_and_no_error(
        dask_cluster, new_pg, tmp_path):
    url = new_pg()
    for name in ("copy-a.pdf", "copy-b.pdf"):  # same bytes, two names: one task per worker
        shutil.copy(SAMPLES / "pdfs" / "borderless.pdf", tmp_path / name)
    with Client(dask_cluster.address) as client:
        report = ingest_with_client(client, [tmp_path], db_url=url, settings=SETTINGS)
    assert sorted(o.status for o in report.outcomes) == [IMPORTED, SKIPPED]
    engine = get_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Document)) == 1
        assert conn.scalar(select(func.count()).select_from(IngestError)) == 0
    engine.dispose()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def pdf_server():
    """A real HTTP server on 127.0.0.1 serving samples/pdfs."""
    handler = functools.partial(_Quiet, directory=str(SAMPLES / "pdfs"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_workers_fetch_http_urls_themselves_and_record_where_they_came_from(
        dask_cluster, new_pg, pdf_server):
    url = new_pg()
    sources = [f"{pdf_server}/{PLANS[0]}", f"{pdf_server}/{PLANS[1]}", f"{pdf_server}/gone.pdf"]
    with Client(dask_cluster.address) as client:
        report = ingest_with_client(client, sources, db_url=url, settings=SETTINGS,
                                    http=HttpSettings(min_interval=0.1, max_retries=0))
    by_path = {o.path: o for o in report.outcomes}
    assert by_path[sources[0]].status == IMPORTED and by_path[sources[0]].items > 0
    gone = by_path[sources[2]]
    assert (gone.status, gone.stage, gone.error_class) == (FAILED, "read", "FetchError")
    assert gone.error.startswith(f"{sources[2]}: HTTP 404")
    engine = get_engine(url)
    with engine.connect() as conn:
        docs = conn.execute(select(Document.source_url, Document.file_name,
                                   Document.source_path)).all()
        errors = conn.execute(select(IngestError.path, IngestError.file_name)).all()
    engine.dispose()
    assert sorted(docs) == sorted((s, Path(s).name, None) for s in sources[:2])
    assert errors == [(sources[2], "gone.pdf")]


def test_an_unreachable_scheduler_from_plans_cluster_is_one_error_line_and_exit_2(tmp_path):
    import dask

    from support.cluster_procs import free_port

    address = f"tcp://127.0.0.1:{free_port()}"
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = CliRunner().invoke(main, ["ingest", str(SAMPLES / "pdfs" / PLANS[0]), "--db",
                                           f"sqlite:///{tmp_path / 'p.db'}"],
                                    env={"PLANS_CLUSTER": address})
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {address}: cannot reach the Dask scheduler")


# -- plans watch run --cluster ---------------------------------------------------

@pytest.fixture
def two_councils(monkeypatch):
    """Two ModernGov-shaped servers on 127.0.0.1; ``busiest`` records, per server,
    the most requests it was ever answering at once (each answer takes 50 ms)."""
    import time

    from tests import fake_moderngov as fm

    busiest: dict[int, int] = {}
    in_flight: dict[int, int] = {}
    lock = threading.Lock()
    plain = fm._Handler.do_GET

    def counting(handler) -> None:
        key = id(handler.state)
        with lock:
            in_flight[key] = in_flight.get(key, 0) + 1
            busiest[key] = max(busiest.get(key, 0), in_flight[key])
        try:
            time.sleep(0.05)
            plain(handler)
        finally:
            with lock:
                in_flight[key] -= 1

    monkeypatch.setattr(fm._Handler, "do_GET", counting)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with fm.example_council() as a, fm.example_council() as b:
        for path, file in b.files.items():  # b's papers differ from a's
            file.body = fm.plan_pdf(f"b{path}")
        yield a, b, busiest


def _watch_rows(url: str) -> tuple[list[tuple], list[tuple]]:
    from council_plans.schema.watch import WatchAttachment

    engine = get_engine(url)
    with engine.connect() as conn:
        docs = conn.execute(select(Document.sha256, Document.source_url, Document.committee,
                                   Document.meeting_id, Document.item_count)).all()
        atts = conn.execute(select(WatchAttachment.source_id, WatchAttachment.attachment_id,
                                   WatchAttachment.status, WatchAttachment.sha256)).all()
    engine.dispose()
    return sorted(docs), sorted(atts)


def test_watch_on_a_cluster_checks_sources_in_parallel_one_request_per_host_at_a_time(
        dask_cluster, new_pg, two_councils, tmp_path):
    from tests.fake_moderngov import CABINET, CHILDREN, WINDOW

    from council_plans.ingest.moderngov.watch import WatchOptions, add_source, run_watch
    from council_plans.ingest.cluster.watch import run_watch_with_client

    a, b, busiest = two_councils
    options = WatchOptions(since=WINDOW[0], until=WINDOW[1])
    http = HttpSettings(contact="tests@example.org", min_interval=0.0, timeout=5.0,
                        max_retries=1, backoff_base=0.01)
    summaries, urls = [], []
    for on_cluster in (False, True):
        url = new_pg()
        engine = get_engine(url)
        for site, who, committee in ((a.site, "Council A", CHILDREN),  # the first two tasks:
                                     (a.site, "Council A cabinet", CABINET),  # one host
                                     (b.site, "Council B", CHILDREN)):
            add_source(engine, site, who, (committee,))
        store = tmp_path / f"store-{on_cluster}"
        if on_cluster:
            with Client(dask_cluster.address) as client:
                summaries.append(run_watch_with_client(client, engine, store, options, http))
        else:
            summaries.append(run_watch(engine, store, options, http))
        engine.dispose()
        urls.append(url)
    local, cluster = summaries
    assert cluster.exit_code == local.exit_code == 0, cluster.errors
    assert cluster.line() == local.line()
    assert local.total("new_documents") == 5  # a's board 2, a's cabinet 1, b's board 2
    assert _watch_rows(urls[1]) == _watch_rows(urls[0])
    assert busiest[id(a)] == 1 and busiest[id(b)] == 1


def test_cluster_local_n_runs_a_local_cluster_that_stores_what_a_local_run_stores(tmp_path):
    files = [str(SAMPLES / "pdfs" / name) for name in PLANS[:2]]
    urls = [f"sqlite:///{tmp_path / name}" for name in ("local.db", "cluster.db")]
    assert ingest_paths(files, db_url=urls[0], settings=SETTINGS).exit_code == 0
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    result = CliRunner().invoke(main, ["ingest", *files, "--db", urls[1], "--cluster", "local:2"])
    assert result.exit_code == 0, result.output
    assert "documents: 2 imported" in result.stdout
    assert canonical_rows(urls[1]) == canonical_rows(urls[0])
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
    assert not [p for p in left if p.is_running() and p.status() != psutil.STATUS_ZOMBIE], \
        "the local cluster's warm parsing processes outlived it"
