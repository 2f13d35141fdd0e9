"""Run ``plans ingest`` over a directory of real-world PDFs and account for
every file: imported with N items, or failed with a named class.

    python bench/real_corpus.py DIR [--workers 2] [--timeout 120]

The ingest runs as a separate ``plans ingest`` process into a throwaway
SQLite database, exactly as a user would run it; afterwards every PDF under
the directory is looked up in the database (by sha256 in ``document``, by
path in ``ingest_error``).  Prints one line per file, totals by outcome and
error class, wall time and the peak RSS of the largest process the batch
started (``RUSAGE_CHILDREN``: the biggest single worker, not the sum).

Exit status 0 when every file is accounted for with a named class and none
is an ``InternalError``/``ParserCrashed`` (a bug of ours), otherwise 1.
"""
from __future__ import annotations

import argparse
import hashlib
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text

from council_plans.words import counted

ROOT = Path(__file__).resolve().parents[1]
BUGS = {"InternalError", "ParserCrashed"}


def pdfs_under(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")


def run_ingest(directory: Path, url: str, workers: int, timeout: float, n_files: int) -> int:
    """``plans ingest`` as a child process; returns its exit status."""
    cmd = [sys.executable, "-m", "council_plans.cli", "ingest", str(directory), "--db", url,
           "--workers", str(workers), "--timeout", str(timeout)]
    guard = n_files * timeout + 120  # the batch itself must never hang
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=guard)
    if proc.returncode not in (0, 3, 4):
        sys.stderr.write(proc.stdout + proc.stderr)
    return proc.returncode


def outcomes(url: str, files: list[Path]) -> list[tuple[Path, str, str]]:
    """(file, outcome, detail) for each file, from the database."""
    engine = create_engine(url)
    with engine.connect() as conn:
        docs = {sha: (items, pages) for sha, items, pages in conn.execute(
            text("SELECT sha256, item_count, page_count FROM document"))}
        errors = {path: (cls, msg) for path, cls, msg in conn.execute(
            text("SELECT path, error_class, message FROM ingest_error"))}
    engine.dispose()
    out = []
    for f in files:
        sha = hashlib.sha256(f.read_bytes()).hexdigest()
        if sha in docs:
            items, pages = docs[sha]
            out.append((f, "imported", f"{counted(items, 'item')}, {counted(pages, 'page')}"))
        elif str(f) in errors:
            cls, msg = errors[str(f)]
            out.append((f, cls, msg))
        else:
            out.append((f, "UNACCOUNTED", "no document and no ingest_error row"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per document")
    args = ap.parse_args(argv)
    files = pdfs_under(args.directory)
    with tempfile.TemporaryDirectory(prefix="plans-real-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'plans.db'}"
        started = time.perf_counter()
        status = run_ingest(args.directory.resolve(), url, args.workers, args.timeout, len(files))
        seconds = time.perf_counter() - started
        rows = outcomes(url, [f.resolve() for f in files])
    base = args.directory.resolve()
    for f, outcome, detail in rows:
        rel = f.relative_to(base)
        print(f"{'ok  ' if outcome == 'imported' else 'FAIL'} {rel}: "
              f"{'imported with ' + detail if outcome == 'imported' else outcome + ': ' + detail}")
    counts = Counter(outcome for _, outcome, _ in rows)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nfiles: {len(rows)}  " + "  ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    print(f"plans ingest exit status: {status}  wall time: {seconds:.1f}s "
          f"({len(rows) / seconds:.2f} files/s, workers {args.workers})  "
          f"peak RSS of one process: {peak_mib:.0f} MiB")
    bad = counts["UNACCOUNTED"] + sum(counts[b] for b in BUGS)
    if bad:
        print(f"{counted(bad, 'file')} unaccounted for or failing with a bug of ours")
    return 1 if bad or status not in (0, 3, 4) else 0


if __name__ == "__main__":
    sys.exit(main())
