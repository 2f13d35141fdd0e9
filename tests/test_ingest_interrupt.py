"""An interrupted ``plans ingest`` (Ctrl-C or SIGTERM) reports what it stored,
leaves no worker process running and exits 130 / 143.

These run the real command in a subprocess and send it real signals."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples" / "pdfs").glob("*.pdf"))


def distinct_copies(out: Path, n: int) -> list[Path]:
    """``n`` different files (different sha256) made from the sample plans:
    bytes after ``%%EOF`` change the hash, not the content."""
    out.mkdir()
    paths = []
    for i in range(n):
        src = SAMPLES[i % len(SAMPLES)]
        dest = out / f"{i:03d}-{src.name}"
        shutil.copyfile(src, dest)
        with open(dest, "ab") as fh:
            fh.write(f"\n% copy {i}\n".encode())
        paths.append(dest)
    return paths


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def running_worker(pid: int) -> bool:
    """True if ``pid`` is still a live (non-zombie) parsing worker."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return b"council_plans.ingest" in cmd and state != "Z"


def wait_for_progress(log: Path, proc: subprocess.Popen, lines: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if log.read_text().count("] imported ") >= lines:
            return
        time.sleep(0.05)
    raise AssertionError(f"batch made no progress: {log.read_text()[-500:]}")


@pytest.mark.parametrize("signum,workers", [(signal.SIGINT, 1), (signal.SIGINT, 2),
                                            (signal.SIGTERM, 2)])
def test_an_interrupted_batch_reports_what_it_stored_and_leaves_no_worker(tmp_path, signum, workers):
    files = distinct_copies(tmp_path / "pdfs", 60)
    db = tmp_path / "plans.db"
    log = tmp_path / "stderr.txt"
    with open(log, "w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "council_plans.cli", "ingest", str(tmp_path / "pdfs"),
             "--db", f"sqlite:///{db}", "--workers", str(workers)],
            stdout=subprocess.PIPE, stderr=err, text=True)
        try:
            wait_for_progress(log, proc, 2)
            workers_seen = children_of(proc.pid)
            proc.send_signal(signum)
            out, _ = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert len(workers_seen) == workers
    assert proc.returncode == 128 + signum
    stderr = log.read_text()
    assert f"interrupted by {signal.Signals(signum).name}" in stderr
    with create_engine(f"sqlite:///{db}").connect() as conn:
        stored = conn.scalar(text("SELECT count(*) FROM document"))
    assert 2 <= stored < len(files)
    assert f"documents: {stored} imported" in out
    time.sleep(0.2)
    assert [pid for pid in workers_seen if running_worker(pid)] == []
