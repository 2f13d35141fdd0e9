"""Ingest throughput: documents/s and items/s for a batch of generated plans.

    python bench/ingest_bench.py                       # 200 documents, workers 1 and 2,
                                                       # SQLite and PostgreSQL
    python bench/ingest_bench.py -n 20 --workers 2 --backend sqlite

Documents come from ``samples.make_samples.make_bulk`` (varied layouts, all
distinct). Each run imports them into a new, empty database; PostgreSQL is a
throwaway server (``tests/support/pgtemp.py``) unless ``--pg-url`` names one where databases
may be created. Times include hashing, parsing, writing and the schema
upgrade of the new database: what ``plans ingest`` costs a user.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # support/: test tooling

from support.pgtemp import TempPostgres
from council_plans.db.server import create_database, drop_database
from council_plans.ingest.pipeline import IMPORTED, ingest_paths


def generate(out_dir: Path, n: int, seed: int) -> list[Path]:
    from samples.make_samples import make_bulk

    return make_bulk(out_dir, n, seed)


def run_one(pdfs: list[Path], url: str, workers: int) -> dict[str, float]:
    report = ingest_paths([str(p) for p in pdfs], db_url=url, workers=workers)
    secs = max(report.seconds, 1e-9)
    docs = report.count(IMPORTED)
    return {"documents": docs, "items": report.items, "failed": len(report.outcomes) - docs,
            "seconds": secs, "docs_per_s": docs / secs, "items_per_s": report.items / secs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200, help="documents to generate (default 200)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--backend", nargs="+", choices=["sqlite", "postgresql"],
                    default=["sqlite", "postgresql"])
    ap.add_argument("--pg-url", help="PostgreSQL server URL (default: a throwaway server)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="plans-bench-") as tmp:
        tmp_path = Path(tmp)
        pdfs = generate(tmp_path / "pdfs", args.n, args.seed)
        print(f"generated {len(pdfs)} documents", flush=True)
        pg = None
        if "postgresql" in args.backend and not args.pg_url:
            pg = TempPostgres()
            args.pg_url = pg.start()
        try:
            print(f"{'backend':<11} {'workers':>7} {'docs':>5} {'items':>6} {'failed':>6} "
                  f"{'seconds':>8} {'docs/s':>7} {'items/s':>8}", flush=True)
            for backend in args.backend:
                for workers in args.workers:
                    if backend == "sqlite":
                        url, name = f"sqlite:///{tmp_path / f'bench-{workers}.db'}", None
                    else:
                        url = create_database(args.pg_url)
                        name = url.rsplit("/", 1)[1]
                    r = run_one(pdfs, url, workers)
                    if name:
                        drop_database(args.pg_url, name)
                    print(f"{backend:<11} {workers:>7} {r['documents']:>5} {r['items']:>6} "
                          f"{r['failed']:>6} {r['seconds']:>8.1f} {r['docs_per_s']:>7.2f} "
                          f"{r['items_per_s']:>8.1f}", flush=True)
        finally:
            if pg:
                pg.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
