"""A long ``plans query`` does not block an ingest into the same SQLite file.

The file is in WAL mode, so the reader's snapshot and the writer's commit do
not wait for each other. The reader here is the connection ``plans query``
opens (read-only, guarded), with a statement still producing rows for as
long as the ingest takes: a query of any length.
"""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from council_plans.db.query import readonly_engine

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdfs"
PLANS = str(Path(sys.executable).parent / "plans")
ENDLESS = ("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
           "SELECT x, (SELECT count(*) FROM document) FROM n")


def _ingest(db: str, pdf: Path) -> subprocess.CompletedProcess:
    return subprocess.run([PLANS, "ingest", str(pdf), "--db", db], capture_output=True,
                          text=True, timeout=600)


def test_an_ingest_commits_while_a_query_is_still_reading(tmp_path):
    db = f"sqlite:///{tmp_path / 'plans.db'}"
    assert _ingest(db, SAMPLES / "borderless.pdf").returncode == 0
    engine = readonly_engine(db)
    with engine.connect() as conn:
        cur = conn.connection.dbapi_connection.cursor()
        cur.execute(ENDLESS)
        assert cur.fetchone() == (1, 1)  # the statement is running, holding its snapshot
        result = _ingest(db, SAMPLES / "ruled-rag-fill.pdf")
        assert result.returncode == 0, result.stderr
        assert "locked" not in result.stderr
        assert cur.fetchmany(1000)[-1] == (1001, 1)  # still reading its own snapshot
        cur.close()
    engine.dispose()
    with sqlite3.connect(tmp_path / "plans.db") as conn:
        assert conn.execute("SELECT count(*) FROM document").fetchone() == (2,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
