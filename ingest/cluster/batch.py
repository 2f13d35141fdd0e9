"""Ingest on a Dask distributed cluster, with a shared database as the store.

``plans ingest PATH... --cluster tcp://SCHEDULER:8786`` (or ``local:N``)
submits one task per file. A task runs on a worker and does, for its one
file, what the local pipeline does: read it (a path the worker can see, or a
``file://`` / ``http(s)://`` URL the worker fetches itself), hash it, skip it
when its sha256 is already stored, parse it in the same killable child
process (:func:`ingest.worker.run_extraction`) and write it in one
transaction through the same store code (:func:`ingest.pipeline._store`).

Why the workers write, not the client: the client would otherwise be the
bottleneck of a cluster, and every worker reaches the shared PostgreSQL
anyway. Idempotency across workers rests on the database, not on the
scheduler: ``document.sha256`` is unique, so of two workers storing the same
bytes at once the second one's insert waits for the first one's commit, fails
on the constraint, rolls back and reports "skipped"; failures are recorded
under a per-path lock (:func:`db.store.record_error`).

A worker lost mid-task (machine gone, process killed) is Dask's business:
the scheduler re-runs its tasks on the other workers. An uncommitted
transaction dies with the worker's connection, so the re-run starts clean;
a task whose commit landed before the loss is found by its sha256 on re-run
and reported as skipped. A task that kills several workers in turn is given
up by Dask (``KilledWorker``) and recorded like a crashed parse.

Dask is an optional extra (``pip install 'council-plans[cluster]'``): it is
imported only when a cluster is asked for.
"""
from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from sqlalchemy import Engine

from council_plans.db.engine import ensure_schema, get_engine
from council_plans.ingest.discover import discover
from council_plans.ingest.moderngov.http import Download, FetchError, HttpSettings, PoliteClient, Response
from council_plans.ingest.pipeline import (BatchReport, FileOutcome, Reporter, _as_result, _describe, _fail,
                                           _finish, _prepare)
from council_plans.ingest.pool import WarmPools
from council_plans.db.corrections import review_settings
from council_plans.parsers.settings import ExtractSettings
from council_plans.schema.errors import CouncilPlansError
from council_plans.schema.items import SourceMeta

ENV_CLUSTER = "PLANS_CLUSTER"
URL_SCHEMES = ("http://", "https://", "file://")


class ClusterError(CouncilPlansError):
    """The cluster cannot be used: Dask missing, scheduler unreachable, bad address."""


def is_url(source: str) -> bool:
    return source.lower().startswith(URL_SCHEMES)


# -- the client side ---------------------------------------------------------

#: a local cluster's worker runs this many threads per parsing process: while
#: one parses, the other hashes or stores its document (as a local batch's
#: parent stores while its workers parse)
THREADS_PER_PARSER = 2


@contextmanager
def cluster_client(address: str, threads_per_slot: int = 1) -> Iterator[Any]:
    """A ``distributed.Client`` for ``address``: ``tcp://host:port`` (a running
    scheduler) or ``local:N`` (a LocalCluster on this machine, shut down on
    exit). How long to try to connect is Dask's own setting
    ``distributed.comm.timeouts.connect`` (30 s).

    ``local:N`` runs the scheduler and one worker of N threads in this
    process: a task's parse already runs in a warm, killable process of its
    own (:func:`_warm_parse`), so worker processes (and their nannies) would
    only add start-up, imports and a hop per task: with them a 200-file batch
    cost twice the wall time of ``--workers 2``; without, what it costs.
    ``threads_per_slot``: the local worker's threads per one of its N slots."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'council-plans[cluster]'") from None
    cluster = None
    try:
        if address.startswith("local:"):
            cluster = LocalCluster(n_workers=1, threads_per_worker=_local_workers(address) * threads_per_slot,
                                   processes=False, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(address)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"{address}: cannot reach the Dask scheduler ({exc})") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
            close_worker_pools()  # the local worker's warm processes are ours


def _local_workers(address: str) -> int:
    count = address.partition(":")[2]
    if not count.isdigit() or int(count) < 1:
        raise ClusterError(f"{address}: expected local:N with N a number of workers, e.g. local:2")
    return int(count)


@dataclass(frozen=True)
class TaskOptions:
    """What every task of a batch shares (pickled once per task; all small)."""

    db_url: str
    settings: ExtractSettings
    force: bool = False
    meta: SourceMeta | None = None
    http: HttpSettings | None = None
    #: documents one worker parses at once (a local cluster: N); None: one per worker thread
    parse_at_once: int | None = None


def sources_of(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[str], list[str]]:
    """(sources, not PDFs, missing): URLs as given, local arguments expanded
    like the local pipeline does and made absolute (workers see the same path)."""
    urls: list[str] = []
    local: list[str] = []
    for p in paths:
        (urls if is_url(os.fspath(p)) else local).append(os.fspath(p))
    found = discover(local)
    sources = [os.path.abspath(p) for p in found.pdfs] + list(dict.fromkeys(urls))
    return sources, [os.fspath(p) for p in found.not_pdf], found.missing


def ingest_on_cluster(paths: Iterable[str | os.PathLike], address: str, *,
                      db_url: str | None = None, force: bool = False,
                      authority: str | None = None, settings: ExtractSettings | None = None,
                      http: HttpSettings | None = None,
                      reporter: Reporter | None = None) -> BatchReport:
    """Import every PDF named by ``paths`` on the Dask cluster at ``address``
    (``local:N``: N documents parse at once, as many more threads hash and store)."""
    local = _local_workers(address) if address.startswith("local:") else None
    with cluster_client(address, THREADS_PER_PARSER) as client:
        return ingest_with_client(client, paths, db_url=db_url, force=force, authority=authority,
                                  settings=settings, http=http, reporter=reporter, parse_at_once=local)


def ingest_with_client(client: Any, paths: Iterable[str | os.PathLike], *,
                       db_url: str | None = None, force: bool = False,
                       authority: str | None = None, settings: ExtractSettings | None = None,
                       http: HttpSettings | None = None,
                       reporter: Reporter | None = None, parse_at_once: int | None = None) -> BatchReport:
    """:func:`ingest_on_cluster` on an open ``distributed.Client``."""
    from distributed import as_completed

    started = time.perf_counter()
    engine = get_engine(db_url)
    ensure_schema(engine)  # once, here, rather than racing in every worker
    options = TaskOptions(db_url=engine.url.render_as_string(hide_password=False),
                          settings=review_settings(engine, settings or ExtractSettings()), force=force,
                          meta=SourceMeta(authority=authority) if authority else None, http=http,
                          parse_at_once=parse_at_once)
    sources, not_pdf, missing = sources_of(paths)
    report = BatchReport(not_pdf=not_pdf)
    if reporter:
        reporter.start(len(sources) + len(missing))

    def done(outcome: FileOutcome) -> None:
        report.outcomes.append(outcome)
        if reporter:
            reporter.advance(outcome)

    for arg in missing:
        done(_fail(engine, arg, "discover", "FileNotFoundError",
                   f"{arg}: no such file, directory or matching glob"))
    futures = {client.submit(ingest_source, src, options, pure=False): src for src in sources}
    for future in as_completed(futures):
        done(_collect(engine, future, futures.pop(future)))  # popped: the cluster forgets it
    report.seconds = time.perf_counter() - started
    engine.dispose()
    return report


def _collect(engine: Engine, future: Any, source: str) -> FileOutcome:
    """A task's outcome; a task Dask gave up on (it killed worker after
    worker) is recorded as a crashed parse, like a dead local pool process."""
    if future.status == "finished":
        return future.result()
    if future.status != "error":  # cancelled / lost: the scheduler went away
        raise ClusterError(f"{source}: task {future.status} (scheduler lost?)")
    exc = future.exception()
    if type(exc).__name__ == "KilledWorker":
        return _fail(engine, source, "parse", "WorkerCrashed",
                     f"{source}: the Dask worker running it died ({one_reason(exc)})")
    return _fail(engine, source, "store", *_describe(exc, source))  # a bug of ours; carry on


def one_reason(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


# -- the worker side -----------------------------------------------------------

_ENGINES: dict[str, Engine] = {}
#: one writer at a time per SQLite file in this process (see :func:`_one_writer`)
_WRITERS: dict[str, threading.Lock] = {}
_CLIENTS: dict[HttpSettings, "ClusterPoliteClient"] = {}
_LOCK = threading.Lock()
_POOLS: WarmPools | None = None


def worker_engine(url: str) -> Engine:
    """One engine (connection pool) per database per worker process."""
    with _LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = get_engine(url)
        return _ENGINES[url]


@contextmanager
def _one_writer(engine: Engine) -> Iterator[None]:
    """The worker's threads store one at a time into a SQLite file: SQLite
    takes one writer anyway, and a thread waiting in its busy handler sleeps
    in steps of up to 100 ms where a lock hands over at once (a local batch
    stores from one thread for the same reason). PostgreSQL writers overlap."""
    if engine.dialect.name != "sqlite":
        yield
        return
    with _LOCK:
        lock = _WRITERS.setdefault(str(engine.url), threading.Lock())
    with lock:
        yield


def _http_client(settings: HttpSettings) -> PoliteClient:
    """One polite client per worker process, its per-host rules kept cluster-wide."""
    with _LOCK:
        if settings not in _CLIENTS:
            _CLIENTS[settings] = ClusterPoliteClient(settings)
        return _CLIENTS[settings]


def _warm_parse(path: str, settings: ExtractSettings, at_once: int | None) -> tuple[str, Any, Any]:
    """:func:`ingest.pipeline.parse_job` in this worker's warm pool: the
    interpreter start-up and imports are paid once per Dask worker, not per
    task; the limits and the kill on timeout are the local batch's."""
    global _POOLS
    with _LOCK:
        if _POOLS is None:  # a warm process kept for each parse that may run at once
            busy = at_once or _worker_threads()
            _POOLS = WarmPools(max_idle=busy, max_busy=busy)
            atexit.register(_POOLS.close)
        pools = _POOLS
    return _as_result(pools.parse(path, settings), path)


def _worker_threads() -> int:
    """How many tasks this Dask worker runs at once (1 outside a worker)."""
    from distributed import get_worker

    try:
        return max(1, int(get_worker().state.nthreads))
    except ValueError:  # not inside a Dask worker
        return 1


def close_worker_pools() -> None:
    """Stop this process's warm parsing processes (a local cluster's worker
    lives in this process, so its pools outlive the cluster otherwise)."""
    global _POOLS
    with _LOCK:
        pools, _POOLS = _POOLS, None
    if pools is not None:
        pools.close()


def ingest_source(source: str, options: TaskOptions) -> FileOutcome:
    """The task: one file (path or URL) read, parsed in a killable child and
    stored in one transaction. Every failure comes back as a FAILED outcome
    (and an ``ingest_error`` row), never as an exception."""
    engine = worker_engine(options.db_url)
    try:
        with local_copy(source, options.http or HttpSettings()) as (path, origin):
            meta = options.meta
            if origin:
                meta = _with_url(meta, origin)
            prepared = _prepare(engine, path, meta, options.force, {})
            if isinstance(prepared, FileOutcome):
                prepared.path = origin or prepared.path
                return prepared
            prepared.origin = origin
            result = _warm_parse(str(path), options.settings, options.parse_at_once)
            if origin and result[0] == "error":  # name the URL, not our temp file
                result = (result[0], result[1], str(result[2]).replace(str(path), origin))
            with _one_writer(engine):
                return _finish(engine, prepared, result, options.force)
    except FetchError as exc:  # its message names the URL already
        name = unquote(Path(urlsplit(source).path).name) or None
        return _fail(engine, source, "read", "FetchError", str(exc), file_name=name)


def _with_url(meta: SourceMeta | None, url: str) -> SourceMeta:
    from dataclasses import replace

    name = unquote(Path(urlsplit(url).path).name) or "download.pdf"
    return replace(meta or SourceMeta(), source_url=url, file_name=name)


@contextmanager
def local_copy(source: str, http: HttpSettings) -> Iterator[tuple[Path, str | None]]:
    """(a readable local path, the URL it came from or None). A ``file://``
    URL is its own path; an ``http(s)://`` one is downloaded into a temporary
    directory that is removed afterwards."""
    if not is_url(source):
        yield Path(source), None
        return
    parts = urlsplit(source)
    if parts.scheme.lower() == "file":  # recorded as the path it names, like a local run
        yield Path(url2pathname(parts.path)), None
        return
    tmp = Path(tempfile.mkdtemp(prefix="plans-fetch-"))
    try:
        got = _http_client(http).download(source, tmp)
        # path is None only on a 304, the answer to a conditional request, and none was made
        assert got.path is not None, f"{source}: 304 Not Modified to an unconditional GET"
        yield got.path, source
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class ClusterThrottle:
    """:class:`ingest.http.HostThrottle` for a whole cluster: the next free
    moment for each host is kept in a Dask ``Variable`` and reserved under a
    Dask ``Lock``, so workers on different machines keep one host's requests
    ``interval`` seconds apart between them."""

    def __init__(self, interval: float):
        self.interval = interval

    def wait(self, host: str, at_least: float = 0.0) -> None:
        from distributed import Lock, Variable

        with Lock(f"plans-host-{host}"):
            slot = Variable(f"plans-host-next-{host}")
            now = time.time()
            try:
                booked = float(slot.get(timeout=0.5))
            except (TimeoutError, asyncio.TimeoutError):  # never booked yet
                booked = now
            start = max(now + at_least, booked)
            slot.set(start + self.interval)
        if start > now:
            time.sleep(start - now)


class ClusterPoliteClient(PoliteClient):
    """:class:`PoliteClient` for cluster tasks: one host is never asked twice
    at the same time anywhere in the cluster (a Dask ``Lock`` per host is held
    for the whole request, body included) and requests start ``min_interval``
    apart (:class:`ClusterThrottle`)."""

    def __init__(self, settings: HttpSettings):
        # PoliteClient annotates throttle as HostThrottle but calls only wait(host, at_least),
        # which ClusterThrottle has; a throttle Protocol in ingest.moderngov.http would end this ignore
        super().__init__(settings, throttle=ClusterThrottle(settings.min_interval))  # type: ignore[arg-type]

    def get(self, url: str, etag: str | None = None,
            last_modified: str | None = None) -> Response:
        with _host_busy(url):
            return super().get(url, etag, last_modified)

    def download(self, url: str, tmp_dir: Path, etag: str | None = None,
                 last_modified: str | None = None) -> Download:
        with _host_busy(url):
            return super().download(url, tmp_dir, etag, last_modified)


@contextmanager
def _host_busy(url: str) -> Iterator[None]:
    from distributed import Lock

    with Lock(f"plans-host-busy-{urlsplit(url).netloc.lower()}"):
        yield
