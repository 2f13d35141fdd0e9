"""Warm workers: one process parses many documents, yet a document past its
time limit still kills its worker, and a fresh one carries the batch on."""
from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from council_plans.ingest.pool import WarmPool
from council_plans.parsers.errors import ParseTimeout
from council_plans.parsers.settings import ExtractSettings
from council_plans.schema.items import Extraction

ROOT = Path(__file__).resolve().parent.parent
GOOD = [p for p in sorted((ROOT / "samples" / "pdfs").glob("*.pdf")) if p.stem != "no-plan"]
BAD = ROOT / "samples" / "bad"
LIMITS = json.loads((BAD / "expected.json").read_text())["limits"]


def wait_until_dead(pid: int) -> None:
    """Until the killed worker is a zombie (its parent, the pool, reaps it)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "Z":
            return
        time.sleep(0.01)
    raise AssertionError(f"worker {pid} did not die")


def test_one_warm_worker_parses_several_documents_without_restarting():
    with WarmPool(1, ExtractSettings()) as pool:
        first = pool.pids()
        results = dict(pool.imap((p.name, str(p)) for p in GOOD[:3]))
        assert pool.pids() == first
    assert sorted(results) == sorted(p.name for p in GOOD[:3])
    assert all(isinstance(r, Extraction) and r.items for r in results.values())


def test_a_document_past_its_time_limit_kills_its_worker_and_the_batch_goes_on():
    settings = ExtractSettings(**{**LIMITS, "timeout_seconds": 2.0})
    jobs = [("slow", str(BAD / "parse-timeout.pdf")), ("good", str(GOOD[0]))]
    with WarmPool(1, settings) as pool:
        first = pool.pids()[0]
        results = dict(pool.imap(jobs))
        assert pool.pids() != [first]
    assert isinstance(results["slow"], ParseTimeout)
    assert isinstance(results["good"], Extraction) and results["good"].items
    try:
        os.kill(first, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive


def test_a_worker_that_died_between_documents_is_replaced():
    with WarmPool(1, ExtractSettings()) as pool:
        first = pool.pids()[0]
        results = dict(pool.imap([("a", str(GOOD[0]))]))
        os.kill(first, signal.SIGKILL)
        wait_until_dead(first)
        results.update(pool.imap([("b", str(GOOD[1]))]))
        assert pool.pids() != [first]
    assert all(isinstance(r, Extraction) for r in results.values())


def test_a_decompression_bomb_in_a_batch_is_named_out_of_memory_and_the_next_file_parses(tmp_path):
    from samples import make_bad
    from council_plans.parsers.errors import OutOfMemory

    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(make_bad.inflating(96))
    with WarmPool(1, ExtractSettings(max_memory_mb=64)) as pool:
        results = dict(pool.imap([("bomb", str(bomb)), ("good", str(GOOD[0]))]))
    assert isinstance(results["bomb"], OutOfMemory)
    assert isinstance(results["good"], Extraction) and results["good"].items
