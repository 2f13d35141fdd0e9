"""``plans watch run --cluster``: sources checked in parallel on a Dask cluster.

One task per source: the task runs :func:`ingest.watch.check_source` on a
worker exactly as a local run does (same lock on the source, same store
layout, same database rows), so a source's downloads and parses happen on
the worker that checks it and the sources are spread over the workers.

Politeness across the cluster: every request goes through
:class:`ingest.cluster.ClusterPoliteClient`, which holds a cluster-wide
lock per host for the whole request, so two sources on one council server
never send it two requests at once, and keeps the starts ``min_interval``
apart. The store directory (downloaded PDFs, per-source lock files) must be
one path every worker sees, like the files of ``plans ingest --cluster``.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from council_plans.db.engine import session_scope
from council_plans.ingest.cluster.batch import ClusterPoliteClient, worker_engine, cluster_client
from council_plans.ingest.moderngov.http import HttpSettings
from council_plans.ingest.moderngov.watch import (RunSummary, SourceReport, WatchError, WatchOptions, check_source,
                                        select_sources)
from council_plans.schema.watch import WatchSource


def run_watch_on_cluster(engine: Engine, store: Path, address: str,
                         options: WatchOptions | None = None,
                         http: HttpSettings | None = None) -> RunSummary:
    """:func:`ingest.watch.run_watch` with one Dask task per source."""
    with cluster_client(address) as client:
        return run_watch_with_client(client, engine, store, options, http)


def run_watch_with_client(client: Any, engine: Engine, store: Path,
                          options: WatchOptions | None = None,
                          http: HttpSettings | None = None) -> RunSummary:
    """:func:`run_watch_on_cluster` on an open ``distributed.Client``; the
    summary lists the sources in id order, as a local run does."""
    options, http = options or WatchOptions(), http or HttpSettings()
    sources = select_sources(engine, options)
    url = engine.url.render_as_string(hide_password=False)
    futures = [client.submit(check_source_task, url, os.path.abspath(store), s.id, options, http,
                             pure=False) for s in sources]
    return RunSummary(sources=[_report(f, s) for f, s in zip(futures, sources)])


def _report(future: Any, source: WatchSource) -> SourceReport:
    """The task's report; a task Dask gave up on is a failed source, not a crash."""
    try:
        return future.result()
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        return SourceReport(source.id, f"{source.authority} ({source.site})", status="failed",
                            errors=[f"{source.site}: {type(exc).__name__}: {first}"])


def check_source_task(db_url: str, store: str, source_id: int, options: WatchOptions,
                      http: HttpSettings) -> SourceReport:
    """The task: one source checked on this worker with cluster-wide politeness."""
    engine = worker_engine(db_url)
    with session_scope(engine) as s:
        source = s.get(WatchSource, source_id)
    if source is None:  # removed since the run listed it: reported as a failed source
        raise WatchError(f"watch source {source_id} no longer exists")
    return check_source(engine, Path(store), source, options, http, ClusterPoliteClient)
