"""Does the review queue point at the documents the extractor gets wrong?

    python bench/review_queue.py DIR                  # a throwaway SQLite database
    python bench/review_queue.py DIR --db URL         # an existing one (corrections applied)

Imports every PDF of DIR that has a truth file beside it (``NAME.truth.json``
or ``NAME.expected.json``), scores each document's items *as stored* (so
corrections and profiles count) with :mod:`council_plans.bench.scoring`,
runs :func:`council_plans.review.review` and prints the first ``--lines``
lines of the queue, then per document its cell accuracy and the first queue
line naming it. Exit status 1 when a document below ``--below`` is not named
in the first ``--lines`` lines.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from sqlalchemy import Engine, text

from council_plans.bench.real_plans import truth_for
from council_plans.bench.scoring import score
from council_plans.db.engine import get_engine
from council_plans.ingest.pipeline import ingest_paths
from council_plans.review import review

#: documents scoring below this cell accuracy must be in the first lines
BELOW = 0.9
LINES = 20


def stored_items(engine: Engine, name: str) -> list[dict]:
    """A document's items as ``action_items`` holds them, in document order."""
    sql = text("SELECT * FROM action_items WHERE document = :name ORDER BY position")
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sql, {"name": name})]


def measure(folder: Path, url: str, lines: int, below: float) -> int:
    pdfs = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf" and truth_for(p))
    engine = get_engine(url)
    ingest_paths(pdfs, engine=engine)
    queue = review(engine)
    print(f"first {lines} lines of plans review:")
    for k, entry in enumerate(queue[:lines], 1):
        print(f"{k:3} {entry.doubt:.2f} {entry.document} p{entry.page} t{entry.table}: {entry.reason[:90]}")
    print(f"\n{'document':45} {'cells':>6}  first line")
    missed = 0
    for pdf in pdfs:
        truth = json.loads(truth_for(pdf).read_text(encoding="utf-8"))["items"]
        cells = score(truth, stored_items(engine, pdf.name)).cell_accuracy
        first = next((k for k, e in enumerate(queue, 1) if e.document == pdf.name), None)
        flag = ""
        if cells < below:
            flag = "  listed" if first is not None and first <= lines else "  NOT LISTED"
            missed += flag == "  NOT LISTED"
        print(f"{pdf.name:45} {cells:6.3f}  {first or '-'}{flag}")
    engine.dispose()
    return 1 if missed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--db", help="database URL (default: a throwaway SQLite file)")
    parser.add_argument("--lines", type=int, default=LINES)
    parser.add_argument("--below", type=float, default=BELOW)
    args = parser.parse_args(argv)
    if args.db:
        return measure(args.folder, args.db, args.lines, args.below)
    with tempfile.TemporaryDirectory() as tmp:
        return measure(args.folder, f"sqlite:///{Path(tmp) / 'plans.db'}", args.lines, args.below)


if __name__ == "__main__":
    sys.exit(main())
