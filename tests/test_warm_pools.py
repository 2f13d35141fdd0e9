"""Warm workers for long-lived processes (a Dask worker): tasks that arrive
one at a time are parsed by one warm process, and a task past its time limit
still kills that process and leaves a fresh one for the next task."""
from __future__ import annotations

from pathlib import Path

from council_plans.ingest.pool import WarmPools
from council_plans.parsers.errors import ParseTimeout
from council_plans.parsers.settings import ExtractSettings
from council_plans.schema.items import Extraction

ROOT = Path(__file__).resolve().parent.parent
GOOD = [p for p in sorted((ROOT / "samples" / "pdfs").glob("*.pdf")) if p.stem != "no-plan"]
SLOW = ROOT / "samples" / "bad" / "parse-timeout.pdf"
#: long enough for a sample, far too short for the slow file
LIMIT = ExtractSettings(timeout_seconds=15.0)


def _pids(pools: WarmPools) -> list[int]:
    return [pid for pool in pools.idle for pid in pool.pids()]


def test_tasks_one_after_another_are_parsed_by_the_same_warm_process():
    pools = WarmPools()
    try:
        first = pools.parse(str(GOOD[0]), LIMIT)
        warm = _pids(pools)
        second = pools.parse(str(GOOD[1]), LIMIT)
        assert _pids(pools) == warm and len(warm) == 1
    finally:
        pools.close()
    assert isinstance(first, Extraction) and first.items
    assert isinstance(second, Extraction) and second.items


def test_a_task_past_its_time_limit_kills_its_process_and_the_next_task_gets_a_fresh_one():
    pools = WarmPools()
    try:
        pools.parse(str(GOOD[0]), LIMIT)
        before = _pids(pools)
        slow = pools.parse(str(SLOW), LIMIT.with_(timeout_seconds=1.0))
        after = _pids(pools)
        good = pools.parse(str(GOOD[0]), LIMIT)
    finally:
        pools.close()
    assert isinstance(slow, ParseTimeout)
    assert after and after != before
    assert isinstance(good, Extraction) and good.items


def test_settings_travel_with_each_task_not_with_the_pool():
    pools = WarmPools()
    try:
        whole = pools.parse(str(GOOD[0]), LIMIT)
        first_page = pools.parse(str(GOOD[0]), LIMIT.with_(first_page=1, last_page=1))
    finally:
        pools.close()
    assert isinstance(whole, Extraction) and isinstance(first_page, Extraction)
    assert {it.page_first for it in first_page.items} <= {1}
    assert len(first_page.items) < len(whole.items) or whole.source.pages == 1


def test_threads_beyond_the_parse_limit_wait_for_a_warm_process_instead_of_starting_one():
    from concurrent.futures import ThreadPoolExecutor

    pools = WarmPools(max_idle=4, max_busy=1)
    try:
        with ThreadPoolExecutor(max_workers=3) as ex:
            results = list(ex.map(lambda p: pools.parse(str(p), LIMIT), GOOD[:3]))
        assert len(_pids(pools)) == 1
    finally:
        pools.close()
    assert all(isinstance(r, Extraction) and r.items for r in results)
