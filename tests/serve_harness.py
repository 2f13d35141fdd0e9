"""Databases and a running ``plans serve`` for the serve tests and timings.

:func:`sample_db` ingests real sample PDFs. :func:`grow_db` copies the one
document such a database holds until it has ``items`` items: every row of
the document's tables is repeated with ids shifted by a whole table's
length, so foreign keys stay consistent and the copies are indistinguishable
from separate imports of the same file (only sha256 differs). Ingesting
10,000 items for real would take far longer than a test may.

:func:`running_server` starts the real ``plans serve`` command in a child
process on a free 127.0.0.1 port and stops it afterwards.
"""
from __future__ import annotations

import contextlib
import hashlib
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

from council_plans.db.engine import get_engine
from council_plans.ingest.pipeline import ingest_paths

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdfs"
#: tables holding one document's rows, parents first, and the tables their *_id columns point to
COPIED = ("document", "plan", "section", "action", "milestone", "progress_update", "lead",
          "extra_field", "cell_box")
REFS = {"document_id": "document", "plan_id": "plan", "section_id": "section",
        "action_id": "action", "milestone_id": "milestone"}


def sample_db(path: Path, names: list[str]) -> Path:
    """A SQLite database at ``path`` holding the named sample PDFs."""
    engine = get_engine(f"sqlite:///{path}")
    report = ingest_paths([SAMPLES / f"{n}.pdf" for n in names], engine=engine)
    engine.dispose()
    if report.count("imported") != len(names):
        raise RuntimeError(f"sample import failed: {[o for o in report.outcomes]}")
    return path


def grow_db(path: Path, items: int) -> int:
    """Copy the single document in ``path`` until there are ``items`` items;
    returns the number of items."""
    conn = sqlite3.connect(path)
    try:
        have = conn.execute("SELECT count(*) FROM milestone").fetchone()[0]
        if conn.execute("SELECT count(*) FROM document").fetchone()[0] != 1 or not have:
            raise ValueError(f"{path}: grow_db needs a database with one document with items")
        rows = {t: _rows(conn, t) for t in COPIED}
        sizes = {t: max((r["id"] for r in rows[t]), default=0) for t in COPIED}
        copies = -(-items // have) - 1
        for k in range(1, copies + 1):
            for table in COPIED:
                _copy(conn, table, rows[table], sizes, k)
        conn.commit()
        return conn.execute("SELECT count(*) FROM milestone").fetchone()[0]
    finally:
        conn.close()


def _rows(conn: sqlite3.Connection, table: str) -> list[dict]:
    cur = conn.execute(f"SELECT * FROM {table}")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _copy(conn: sqlite3.Connection, table: str, rows: list[dict], sizes: dict[str, int],
          k: int) -> None:
    if not rows:
        return
    cols = list(rows[0])
    out = []
    for r in rows:
        new = dict(r)
        new["id"] = r["id"] + k * sizes[table]
        for col, target in REFS.items():
            if col in new and new[col] is not None and not (table == target and col == "id"):
                new[col] = r[col] + k * sizes[target]
        if table == "document":
            new["sha256"] = hashlib.sha256(f"{r['sha256']}-{k}".encode()).hexdigest()
        out.append(tuple(new[c] for c in cols))
    marks = ", ".join("?" for _ in cols)
    conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", out)


def _fetch(url: str) -> tuple[bytes, float]:
    started = time.perf_counter()
    with urllib.request.urlopen(url) as resp:
        body = resp.read()
    return body, time.perf_counter() - started


def time_item_pages(base_url: str, item_ids: list[int]) -> tuple[list[float], list[float]]:
    """Seconds to fetch each item page (HTML), and HTML plus the page images
    it shows; fails on a page view without image or boxes."""
    import re

    html_times, total_times = [], []
    for item in item_ids:
        body, html_s = _fetch(f"{base_url}/-/item/{item}")
        html = body.decode()
        images = re.findall(r'<img src="([^"]+)"', html)
        if not images or "plans-box" not in html:
            raise AssertionError(f"item {item}: page view without page image or boxes")
        total = html_s
        for src in images:
            data, image_s = _fetch(base_url + src)
            if not data.startswith(b"\x89PNG\r\n\x1a\n"):
                raise AssertionError(f"item {item}: {src} is not a PNG")
            total += image_s
        html_times.append(html_s)
        total_times.append(total)
    return html_times, total_times


def time_cold_renders(base_url: str, document_id: int, pages: list[int]) -> list[float]:
    """Seconds to render pages never shown before (no cache of any kind)."""
    return [_fetch(f"{base_url}/-/page/{document_id}/{p}.png")[1] for p in pages]


def summary(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    return (f"median {statistics.median(ms):.0f} ms, p90 {ms[max(0, int(len(ms) * 0.9) - 1)]:.0f} ms, "
            f"max {ms[-1]:.0f} ms ({len(ms)} requests)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(db: Path, *extra: str, timeout: float = 90.0) -> Iterator[str]:
    """``plans serve --db DB --port P [extra...]`` in a child process; yields
    its base URL once it answers, and stops it (by its own pid) afterwards."""
    port = free_port()
    cmd = [sys.executable, "-m", "council_plans.cli", "serve", "--db", str(db), "--port", str(port),
           *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"plans serve exited: {proc.stdout.read().decode()}")
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError("plans serve did not answer in time") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
