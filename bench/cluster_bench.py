"""Cluster ingest throughput: the same batch locally and on a Dask cluster.

    python bench/cluster_bench.py              # 200 plans: local 1 and 2 processes,
                                               # cluster of 1 and 2 single-threaded workers
    python bench/cluster_bench.py -n 20        # a quick check that it all works

Every run imports the same generated plans (``samples.make_samples.make_bulk``)
into a new PostgreSQL database (a throwaway server from ``tests/support/pgtemp.py`` unless
``--pg-url`` names one where databases may be created), migrated before the
clock starts. The cluster is a real ``dask scheduler`` plus single-threaded
``dask worker`` processes on 127.0.0.1 (``ingest.cluster_procs``), started
before the clock too: a cluster is long-lived, its start-up is not part of a
batch. Prints documents/s, items/s and pages/s per run and the 2-worker / 1-worker
cluster ratio. Scaling needs idle cores: on a busy machine the ratio says
more about the neighbours than about the cluster.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # support/: test tooling

from ingest_bench import generate

from council_plans.db.engine import get_engine, upgrade
from support.pgtemp import TempPostgres
from council_plans.db.server import create_database, drop_database
from council_plans.ingest.pipeline import FAILED, IMPORTED, BatchReport, ingest_paths


def new_database(server_url: str) -> str:
    url = create_database(server_url)
    engine = get_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def run_local(pdfs: list[str], url: str, processes: int) -> BatchReport:
    return ingest_paths(pdfs, db_url=url, workers=processes)


def run_cluster(pdfs: list[str], url: str, workers: int, log_dir: Path) -> BatchReport:
    from distributed import Client

    from council_plans.ingest.cluster.batch import ingest_with_client
    from support.cluster_procs import SubprocessCluster

    with SubprocessCluster(workers=workers, log_dir=log_dir) as cluster, \
            Client(cluster.address) as client:
        return ingest_with_client(client, pdfs, db_url=url)


def line(mode: str, n: int, report: BatchReport) -> str:
    secs = max(report.seconds, 1e-9)
    docs = report.count(IMPORTED)
    return (f"{mode:<8} {n:>7} {docs:>5} {report.items:>6} {report.count(FAILED):>6} "
            f"{secs:>8.1f} {docs / secs:>7.2f} {report.items / secs:>8.1f} "
            f"{report.pages / secs:>8.1f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200, help="plans to generate (default 200)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--local", type=int, nargs="*", default=[1, 2],
                    help="local process counts to run (default 1 2)")
    ap.add_argument("--cluster", type=int, nargs="*", default=[1, 2],
                    help="cluster worker counts to run (default 1 2)")
    ap.add_argument("--pg-url", help="PostgreSQL server URL (default: a throwaway server)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="plans-cluster-bench-") as tmp:
        tmp_path = Path(tmp)
        pdfs = [str(p) for p in generate(tmp_path / "pdfs", args.n, args.seed)]
        print(f"generated {len(pdfs)} plans; {os.cpu_count()} CPU(s) on this machine", flush=True)
        pg = None if args.pg_url else TempPostgres()
        server = args.pg_url or pg.start()
        rate: dict[int, float] = {}
        try:
            print(f"{'mode':<8} {'workers':>7} {'docs':>5} {'items':>6} {'failed':>6} "
                  f"{'seconds':>8} {'docs/s':>7} {'items/s':>8} {'pages/s':>8}", flush=True)
            runs = [("local", n) for n in args.local] + [("cluster", n) for n in args.cluster]
            for mode, n in runs:
                url = new_database(server)
                if mode == "local":
                    report = run_local(pdfs, url, n)
                else:
                    report = run_cluster(pdfs, url, n, tmp_path)
                    rate[n] = report.count(IMPORTED) / max(report.seconds, 1e-9)
                drop_database(server, url.rsplit("/", 1)[1])
                print(line(mode, n, report), flush=True)
        finally:
            if pg:
                pg.stop()
        if 1 in rate and 2 in rate:
            print(f"cluster speed-up, 2 workers / 1 worker: {rate[2] / rate[1]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
